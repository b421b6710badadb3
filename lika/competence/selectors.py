"""Reads of the competence part: the guide's filter, who may see a dialogue, and the units' aggregates."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from lika.accounts.models import User
from lika.competence.models import Activity, Dialogue, DialogueStatus, Placement, Rating
from lika.core.disclosure import disclosure_rules
from lika.people.models import Sex
from lika.statistics.disclosure import TOTAL, DisclosureRules
from lika.statistics.disclosure.shares import Cell, share_table


def activities_find(
    activities: Iterable[Activity], *, subject: str = "", process: str = "", format: str = ""
) -> list[Activity]:
    """The activities with ``subject`` and ``format``, written for ``process`` or for every process (none named)."""
    return [
        a
        for a in activities
        if (not subject or subject in a.subjects)
        and (not process or not a.processes or process in a.processes)
        and (not format or a.format == format)
    ]


def dialogues_visible(user: User) -> QuerySet[Dialogue]:
    """The dialogues ``user`` may open: their own, and those of the staff they manage. No one else's."""
    return Dialogue.objects.filter(Q(staff=user) | Q(manager=user))


@dataclass(frozen=True)
class UnitRow:
    unit: str  # "" for all units together
    cells: tuple[Cell, ...]  # per sex and total: agreed dialogues of staff, as "n / N (p %)"


@dataclass(frozen=True)
class Aggregates:
    year: int
    coverage: list[UnitRow]
    gaps: list[tuple[str, tuple[Cell, ...]]]  # per area: staff below their goal, per sex and total


def aggregates(*, year: int, rules: DisclosureRules | None = None) -> Aggregates:
    """For every unit: its placed staff with an agreed dialogue for ``year``; for every area: staff below their goal.

    Both are split by the staff's sex and protected against small cells, so a manager higher up sees
    coverage and gaps, never a person.
    """
    rules = rules or disclosure_rules()
    placements = list(Placement.objects.select_related("unit"))
    agreed = set(Dialogue.objects.filter(year=year, status=DialogueStatus.AGREED).values_list("staff_id", flat=True))
    staff: dict[tuple[str, str], int] = {}
    covered: dict[tuple[str, str], int] = {}
    sex_of = {}
    for placement in placements:
        key = (placement.unit.name, placement.sex)
        sex_of[placement.user_id] = placement.sex
        staff[key] = staff.get(key, 0) + 1
        if placement.user_id in agreed:
            covered[key] = covered.get(key, 0) + 1
    units = sorted({p.unit.name for p in placements})
    coverage = share_table(covered, staff, units, rules) if units else {}
    below: dict[tuple[str, str], int] = {}
    rated: dict[tuple[str, str], int] = {}
    ratings = Rating.objects.filter(dialogue__year=year, dialogue__status=DialogueStatus.AGREED).select_related(
        "area", "dialogue"
    )
    for rating in ratings:
        key = (rating.area.name, sex_of.get(rating.dialogue.staff_id, Sex.UNKNOWN.value))
        rated[key] = rated.get(key, 0) + 1
        if rating.goal_level is not None and rating.goal_level > rating.self_level:
            below[key] = below.get(key, 0) + 1
    areas = sorted({area for area, _sex in rated})
    gaps = share_table(below, rated, areas, rules) if areas else {}
    return Aggregates(
        year=year,
        # The last row, named "", is every unit together.
        coverage=[UnitRow(unit, coverage[unit]) for unit in units] + ([UnitRow("", coverage[TOTAL])] if units else []),
        gaps=[(area, gaps[area]) for area in areas],
    )
