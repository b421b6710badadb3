"""Reads of the competence part: the guide's filter, who may see a dialogue, and the units' aggregates."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from lika.accounts.models import User
from lika.competence.models import Activity, Dialogue, DialogueStatus, Placement, Rating, Unit
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


def units_below(roots: Iterable[int]) -> set[int]:
    """The ids of the units ``roots`` and of every unit below them (units are few: read once, walked in memory)."""
    children: dict[int | None, list[int]] = {}
    for pk, parent_id in Unit.objects.values_list("pk", "parent_id"):
        children.setdefault(parent_id, []).append(pk)
    found = set(roots)
    todo = list(found)
    while todo:
        for child in children.get(todo.pop(), []):
            if child not in found:
                found.add(child)
                todo.append(child)
    return found


def units_in_tree() -> list[tuple[Unit, int]]:
    """Every unit with its depth, each followed by the units below it (two queries: units, and staff counts)."""
    units = list(Unit.objects.select_related("manager", "parent").annotate(staff=Count("placements")).order_by("name"))
    children: dict[int | None, list[Unit]] = {}
    for unit in units:
        children.setdefault(unit.parent_id, []).append(unit)
    ordered: list[tuple[Unit, int]] = []
    seen: set[int] = set()

    def walk(parent: int | None, depth: int) -> None:
        for unit in children.get(parent, []):
            if unit.pk not in seen:
                seen.add(unit.pk)
                ordered.append((unit, depth))
                walk(unit.pk, depth + 1)

    walk(None, 0)
    return ordered


def units_overseen(user: User) -> set[int] | None:
    """The units whose aggregates ``user`` sees: the units they manage and every unit below them.

    ``None`` means every unit: for those who keep the units (competence administrators, administrators).
    """
    if user.has_perm("competence.change_unit"):
        return None
    return units_below(Unit.objects.filter(manager=user).values_list("pk", flat=True))


def aggregates(*, year: int, units: set[int] | None = None, rules: DisclosureRules | None = None) -> Aggregates:
    """For each unit (``units``, or every unit): its placed staff with an agreed dialogue for ``year``; for every
    area: the staff of those units below their goal.

    Both are split by the staff's sex and protected against small cells, so a manager higher up sees
    coverage and gaps, never a person.
    """
    rules = rules or disclosure_rules()
    placed = Placement.objects.select_related("unit")
    placements = list(placed if units is None else placed.filter(unit_id__in=units))
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
    names = sorted({p.unit.name for p in placements})
    coverage = share_table(covered, staff, names, rules) if names else {}
    below: dict[tuple[str, str], int] = {}
    rated: dict[tuple[str, str], int] = {}
    ratings = Rating.objects.filter(
        dialogue__year=year, dialogue__status=DialogueStatus.AGREED, dialogue__staff_id__in=sex_of
    ).select_related("area", "dialogue")
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
        coverage=[UnitRow(name, coverage[name]) for name in names] + ([UnitRow("", coverage[TOTAL])] if names else []),
        gaps=[(area, gaps[area]) for area in areas],
    )
