"""Reads of the competence part: the guide's filter, who may see a dialogue, and the units' aggregates."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from lika.accounts.models import User
from lika.competence.effect import Contact, Effect, triple_difference
from lika.competence.models import Activity, Dialogue, DialogueStatus, GroupSession, Placement, Rating
from lika.core.disclosure import disclosure_rules
from lika.people.models import Sex
from lika.statistics.disclosure import TOTAL, DisclosureRules, Symbol, cell_symbol, suppress, table_complete
from lika.treatment_survey.models import Survey
from lika.treatment_survey.protocol.structure import YES
from lika.treatment_survey.selectors import survey_records


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


SEXES = (Sex.FEMALE.value, Sex.MALE.value, Sex.UNKNOWN.value)


@dataclass(frozen=True)
class Cell:
    """A published count or share: the text to print and whether it was hidden."""

    text: str
    masked: bool


@dataclass(frozen=True)
class UnitRow:
    unit: str  # "" for all units together
    cells: tuple[Cell, ...]  # per sex and total: agreed dialogues of staff, as "n / N (p %)"


@dataclass(frozen=True)
class Aggregates:
    year: int
    coverage: list[UnitRow]
    gaps: list[tuple[str, tuple[Cell, ...]]]  # per area: staff below their goal, per sex and total


def _cell(count: int, population: int, *, masked: bool) -> Cell:
    symbol = cell_symbol(count, masked=masked)
    if symbol is Symbol.MASKED:
        return Cell(Symbol.MASKED.value, True)
    if population == 0:
        return Cell(Symbol.NOT_APPLICABLE.value, False)
    return Cell(f"{count} / {population} ({round(100 * count / population)} %)", False)


def _protected(
    counts: dict[tuple[str, str], int], populations: dict[tuple[str, str], int], rows: list[str], rules: DisclosureRules
) -> dict[str, tuple[Cell, ...]]:
    """Share cells per row and sex (women, men, unknown, total), masked by the follow-up's disclosure rules."""
    finest_n: dict[tuple[str, ...], int] = {(row, sex): counts.get((row, sex), 0) for row in rows for sex in SEXES}
    finest_population: dict[tuple[str, ...], int] = {
        (row, sex): populations.get((row, sex), 0) for row in rows for sex in SEXES
    }
    n = table_complete(("row", "sex"), finest_n)
    population = table_complete(("row", "sex"), finest_population)
    result = suppress({"n": n, "N": population}, dims=("row", "sex"), rules=rules, shares=[("n", "N")])
    masked_n, masked_population = result.masked("n"), result.masked("N")
    return {
        row: tuple(
            _cell(
                n[(row, sex)],
                population[(row, sex)],
                masked=(row, sex) in masked_n or (row, sex) in masked_population,
            )
            for sex in (*SEXES, TOTAL)
        )
        for row in (*rows, TOTAL)
    }


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
    coverage = _protected(covered, staff, units, rules) if units else {}
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
    gaps = _protected(below, rated, areas, rules) if areas else {}
    return Aggregates(
        year=year,
        # The last row, named "", is every unit together.
        coverage=[UnitRow(unit, coverage[unit]) for unit in units] + ([UnitRow("", coverage[TOTAL])] if units else []),
        gaps=[(area, gaps[area]) for area in areas],
    )


# --- does training make treatment more equal? -----------------------------------------------------

TRAINED_SHARE = 0.5  # a unit counts as trained when at least half its placed staff took part in a session


@dataclass(frozen=True)
class EffectIndicator:
    """The triple difference for one behaviour between the last two surveys, and what it rests on."""

    behaviour: str
    before: Survey | None
    after: Survey | None
    trained_units: list[str]
    untrained_units: list[str]
    effect: Effect | None  # None when there are not two surveys


def trained_units(*, start: datetime.date, end: datetime.date) -> dict[str, float]:
    """Each unit's share of its placed staff who took part in a group session from ``start`` to ``end``."""
    placed: dict[int, str] = dict(Placement.objects.values_list("user_id", "unit__code"))
    staff_per_unit: dict[str, int] = {}
    for code in placed.values():
        staff_per_unit[code] = staff_per_unit.get(code, 0) + 1
    took_part = set(
        GroupSession.participants.through.objects.filter(
            groupsession__held_on__gt=start, groupsession__held_on__lte=end
        ).values_list("user_id", flat=True)
    )
    trained: dict[str, int] = {}
    for user_id, code in placed.items():
        if user_id in took_part:
            trained[code] = trained.get(code, 0) + 1
    return {code: trained.get(code, 0) / count for code, count in staff_per_unit.items()}


def effect_indicator(*, behaviour: str = "offered_choice") -> EffectIndicator:
    """The last two surveys with observations, units matched to survey sites by code, trained between them."""
    surveys = list(Survey.objects.filter(observations__isnull=False).distinct().order_by("first_day", "id"))
    if len(surveys) < 2:
        return EffectIndicator(behaviour, None, surveys[-1] if surveys else None, [], [], None)
    before, after = surveys[-2], surveys[-1]
    shares = trained_units(start=before.last_day, end=after.first_day)
    trained = sorted(code for code, share in shares.items() if share >= TRAINED_SHARE)
    untrained = sorted(code for code, share in shares.items() if share < TRAINED_SHARE)
    contacts = []
    for wave, survey in enumerate((before, after)):
        for record in survey_records(survey):
            answer = record.answer(behaviour)
            if record.second_observer or answer is None or record.site not in shares:
                continue
            if record.client_sex not in (Sex.FEMALE, Sex.MALE):
                continue
            contacts.append(
                Contact(
                    trained=record.site in trained,
                    wave=wave,
                    woman=record.client_sex == Sex.FEMALE,
                    outcome=answer == YES,
                    officer=f"{survey.pk}:{record.officer}",
                )
            )
    return EffectIndicator(behaviour, before, after, trained, untrained, triple_difference(contacts))
