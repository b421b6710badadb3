"""The plain day-by-day reference (lika/allowance/rules/reference.py) as an oracle for the fast kernel.

Sources cited in the table (see lika/allowance/parameters/daily_allowance.yaml): MV-page =
Migrationsverket, "Ekonomiskt stöd för asylsökande"; MV-2024 = Migrationsverket news of
2024-04-04; MIGRFS = MIGRFS 2018:3 1 §; LMA = lag (1994:137) 10 § (reduction); docs/allowance.md
for Lika's own rules (who is paid a child's allowance, the remainder rule).
"""

from __future__ import annotations

import copy
import datetime
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from lika.allowance.rules.kernel import kernel_run
from lika.allowance.rules.month import HouseholdFacts, Month, Period, PersonFacts, segments_build
from lika.allowance.rules.parameters import DEFAULT_FILE, ParameterHistory, parameters_load, parameters_parse
from lika.allowance.rules.reference import PersonMonth, reference_month

HISTORY = parameters_load()
d = datetime.date
LONG_AGO = d(2020, 1, 1)
ALWAYS: Period = (LONG_AGO, None)


def _history_changed(change: dict[str, list[dict[str, Any]]]) -> ParameterHistory:
    """The shipped parameters with values appended (or, for an empty list, its later values dropped)."""
    document = yaml.safe_load(DEFAULT_FILE.read_text(encoding="utf-8"))
    changed = copy.deepcopy(document)
    for name, values in change.items():
        changed["parameters"][name]["values"] = changed["parameters"][name]["values"][:1] + values
    return parameters_parse(changed)


def _test_value(valid_from: datetime.date, value: Any) -> dict[str, Any]:
    return {"valid_from": valid_from, "value": value, "reference": "A test value", "source": "FMA"}


# New amounts and one full-rate child fewer from 16 December 2026: a parameter change inside a month.
MID_DECEMBER = _history_changed(
    {
        "adult_single": [_test_value(d(2026, 12, 16), {"food_not_included": 8000, "food_included": 3000})],
        "children_at_full_rate": [_test_value(d(2026, 12, 16), 1)],
    }
)
# The April 2024 living-together rule (MV-2024) moved to 10 April, so that it changes inside the month.
MID_APRIL = _history_changed(
    {
        "living_together": [_test_value(d(2024, 4, 10), "partners_only")],
        "young_adult_max_age": [_test_value(d(2024, 4, 10), 20)],
    }
)


def _kernel_month(
    household: HouseholdFacts, persons: dict[int, PersonFacts], month: Month, history: ParameterHistory
) -> dict[int, PersonMonth]:
    built = segments_build([household], persons, month, history)
    result = kernel_run(built.segments, history, rotation=month.number)
    return {
        key: PersonMonth(allowance_ore=int(result.allowance_ore[i]), payout_ore=int(result.payout_ore[i]))
        for i, key in enumerate(built.person_keys)
    }


# --- legal cases, as a table -----------------------------------------------------------------


def _person(key: int, born: datetime.date, **facts: Any) -> PersonFacts:
    """Someone covered by LMA the whole time."""
    return PersonFacts(key, born, eligible=(ALWAYS,), **facts)


def _home(*keys: int, **relations: Any) -> HouseholdFacts:
    return HouseholdFacts(1, members=tuple((key, ALWAYS) for key in keys), **relations)


def _raised_by(*pairs: tuple[int, int]) -> dict[str, Any]:
    """Guardianships (and parentage) of (child, parent) pairs, for the whole time."""
    return {"guardianships": tuple((c, p, ALWAYS) for c, p in pairs), "parents": frozenset(pairs)}


PARENTS = {1: _person(1, d(1990, 3, 1)), 2: _person(2, d(1988, 7, 9))}
COUPLE = {"partnerships": ((1, 2, ALWAYS),)}

# (case, month, persons, household, {key: (own allowance öre, payout öre)}, source)
CASES: list[tuple[str, str, dict[int, PersonFacts], HouseholdFacts, dict[int, tuple[int, int]], str]] = [
    (
        "single adult, 31 days",
        "2026-12",
        {1: PARENTS[1]},
        _home(1),
        {1: (7100 * 31,) * 2},
        "MV-page: 71 kr a day",
    ),
    (
        "single adult, food included, 29 days of a leap February",
        "2024-02",
        {1: _person(1, d(1990, 3, 1), food_included=((ALWAYS, True),))},
        _home(1),
        {1: (2400 * 29,) * 2},
        "MV-page: 24 kr a day",
    ),
    (
        "married couple with three children: two eldest full rate, youngest halved, split equally",
        "2026-12",
        {**PARENTS, 3: _person(3, d(2014, 1, 1)), 4: _person(4, d(2018, 5, 5)), 5: _person(5, d(2024, 2, 2))},
        _home(1, 2, 3, 4, 5, **COUPLE, **_raised_by((3, 1), (3, 2), (4, 1), (4, 2), (5, 1), (5, 2))),
        {
            1: (6100 * 31, 6100 * 31 + (5000 + 4300 + 1850) * 31 // 2),
            2: (6100 * 31, 6100 * 31 + (5000 + 4300 + 1850) * 31 // 2),
            3: (5000 * 31, 0),
            4: (4300 * 31, 0),
            5: (1850 * 31, 0),
        },
        "MV-page: 61 kr each, 50/43/37 kr by age, halved from the third child",
    ),
    (
        "two adults sharing a home, not partners, before April 2024",
        "2024-02",
        PARENTS,
        _home(1, 2),
        {1: (6100 * 29,) * 2, 2: (6100 * 29,) * 2},
        "MIGRFS 1 §: sammanboende = shares a household with another adult",
    ),
    (
        "two adults sharing a home, not partners, from April 2024",
        "2024-04",
        PARENTS,
        _home(1, 2),
        {1: (7100 * 30,) * 2, 2: (7100 * 30,) * 2},
        "MV-2024: only spouses and partners live together",
    ),
    (
        "19-year-old living with a parent",
        "2026-11",
        {1: PARENTS[1], 3: _person(3, d(2007, 6, 1))},
        _home(1, 3, parents=frozenset({(3, 1)})),
        {1: (7100 * 30,) * 2, 3: (6100 * 30,) * 2},
        "MV-2024: 61 kr for 18–20 living with their parents",
    ),
    (
        "reduction stops at the food part",
        "2026-12",
        {1: _person(1, d(1990, 1, 1), reductions=((ALWAYS, 4000),))},
        _home(1),
        {1: ((7100 - 2400) * 31,) * 2},
        "LMA 10 §: a reduction never takes the food part (71 − 24 kr)",
    ),
    (
        "a child turning 4 on 15 December: 14 days at 37 kr, then 17 days at 43 kr",
        "2026-12",
        {1: PARENTS[1], 3: _person(3, d(2022, 12, 15))},
        _home(1, 3, **_raised_by((3, 1))),
        {1: (7100 * 31, 7100 * 31 + 3700 * 14 + 4300 * 17), 3: (3700 * 14 + 4300 * 17, 0)},
        "MV-page: child rates by age band",
    ),
    (
        "three parents: 37 kr × 31 days = 114 700 öre, the öre left over goes to the first (2027-01 is 0 mod 3)",
        "2027-01",
        {1: PARENTS[1], 2: PARENTS[2], 4: _person(4, d(1982, 1, 1)), 3: _person(3, d(2024, 6, 1))},
        _home(1, 2, 4, 3, **_raised_by((3, 1), (3, 2), (3, 4))),
        {1: (7100 * 31, 7100 * 31 + 38_234), 2: (7100 * 31, 7100 * 31 + 38_233), 4: (7100 * 31, 7100 * 31 + 38_233)}
        | {3: (3700 * 31, 0)},
        "docs/allowance.md: equal shares, the remainder rule; MV-2024: three adults, no partners, single rate",
    ),
    (
        "a child on an own card is paid its own allowance",
        "2026-12",
        {1: PARENTS[1], 3: _person(3, d(2010, 1, 1), own_card=(ALWAYS,))},
        _home(1, 3, **_raised_by((3, 1))),
        {1: (7100 * 31,) * 2, 3: (5000 * 31,) * 2},
        "docs/allowance.md: a child of 16 or more with an own card is paid on it",
    ),
]


@pytest.mark.parametrize(
    ("month", "persons", "household", "expected"),
    [pytest.param(m, p, h, e, id=f"{case} [{source}]") for case, m, p, h, e, source in CASES],
)
def test_legal_cases_reference_and_kernel(
    month: str, persons: dict[int, PersonFacts], household: HouseholdFacts, expected: dict[int, tuple[int, int]]
) -> None:
    wanted = {key: PersonMonth(allowance, payout) for key, (allowance, payout) in expected.items()}
    assert reference_month(household, persons, Month.parse(month), HISTORY) == wanted
    assert _kernel_month(household, persons, Month.parse(month), HISTORY) == wanted


def test_parameter_change_in_mid_month_counts_each_day_under_its_own_version() -> None:
    """From 16 December (test parameters) 80 kr a day for a single adult, and only one child at full rate."""
    persons = {1: PARENTS[1], 3: _person(3, d(2014, 1, 1)), 4: _person(4, d(2018, 5, 5))}
    household = _home(1, 3, 4, **_raised_by((3, 1), (4, 1)))
    children = 5000 * 31 + 4300 * 15 + 2150 * 16
    wanted = {1: PersonMonth(7100 * 15 + 8000 * 16, 7100 * 15 + 8000 * 16 + children)}
    wanted |= {3: PersonMonth(5000 * 31, 0), 4: PersonMonth(4300 * 15 + 2150 * 16, 0)}
    assert reference_month(household, persons, Month(2026, 12), MID_DECEMBER) == wanted
    assert _kernel_month(household, persons, Month(2026, 12), MID_DECEMBER) == wanted


# --- the oracle: random households, the kernel against the reference --------------------------

MONTHS: list[tuple[str, ParameterHistory]] = [
    *((month, HISTORY) for month in ("2024-02", "2024-03", "2024-04", "2025-02", "2026-11", "2026-12")),
    ("2026-12", MID_DECEMBER),
    ("2024-04", MID_APRIL),
]
CHILD_AGES = st.integers(0, 18)  # age reached during the month: 18 means turning 18 in it
ADULT_AGES = st.sampled_from([18, 19, 20, 21, 22, 35, 70])


@st.composite
def _birth_date(draw: st.DrawFn, month: Month, ages: st.SearchStrategy[int]) -> datetime.date:
    """A birth date for someone of the drawn age; about half of them have their birthday in the month."""
    age = draw(ages)
    if draw(st.booleans()):
        year = month.year - age
        last = (d(year + month.month // 12, month.month % 12 + 1, 1) - datetime.timedelta(days=1)).day
        return d(year, month.month, draw(st.integers(1, last)))
    return month.first - datetime.timedelta(days=draw(st.integers(365 * age, 365 * age + 364)))


@st.composite
def _period(draw: st.DrawFn, month: Month, not_before: datetime.date) -> Period:
    """A period that starts before the month or on one of its days, and runs on or ends in the month."""
    day = st.integers(1, month.days).map(lambda n: d(month.year, month.month, n))
    start = max(draw(st.sampled_from([LONG_AGO, draw(day)])), not_before)
    end = draw(st.none() | day)
    return (start, None if end is None or end < start else end)


@st.composite
def _periods(draw: st.DrawFn, month: Month, not_before: datetime.date) -> tuple[Period, ...]:
    """None, one, or two periods back to back (a change of facts that changes no amount)."""
    kind = draw(st.sampled_from(["none", "one", "one", "one", "two"]))
    if kind == "none":
        return ()
    first = draw(_period(month, not_before))
    if kind == "one" or first[1] is None:
        return (first,)
    return (first, (first[1] + datetime.timedelta(days=1), None))


@st.composite
def households(draw: st.DrawFn) -> tuple[HouseholdFacts, dict[int, PersonFacts], Month, ParameterHistory]:
    """0–3 adults and 0–6 children whose memberships, partners, guardians, food, eligibility,
    reductions and own cards start or end on random days of the month."""
    text, history = draw(st.sampled_from(MONTHS))
    month = Month.parse(text)
    # Three adults often: a child's allowance shared three ways is what leaves öre over.
    adult_count, child_count = draw(st.sampled_from([0, 1, 2, 3, 3, 3])), draw(st.integers(0, 6))
    keys = draw(st.permutations(range(1, adult_count + child_count + 1)))
    adults, children = keys[:adult_count], keys[adult_count:]
    persons: dict[int, PersonFacts] = {}
    members = []
    for key in keys:
        born = draw(_birth_date(month, ADULT_AGES if key in adults else CHILD_AGES))
        start = max(born, LONG_AGO)
        food = [(period, draw(st.booleans())) for period in draw(_periods(month, start))]
        reductions = [
            (period, draw(st.sampled_from([500, 2500, 4000, 9000]))) for period in draw(_periods(month, start))
        ]
        persons[key] = PersonFacts(
            key,
            born,
            eligible=draw(_periods(month, start)),
            food_included=tuple(food),
            reductions=tuple(reductions) if key in adults else (),
            own_card=draw(_periods(month, start)) if key in children and draw(st.booleans()) else (),
        )
        members += [(key, period) for period in draw(_periods(month, start)) or ((start, None),)]
    partnerships: tuple[tuple[int, int, Period], ...] = ()
    if len(adults) >= 2 and draw(st.booleans()):
        partnerships = ((adults[0], adults[1], draw(_period(month, LONG_AGO))),)
    guardianships, parents = [], set()
    for child in children:
        for adult in draw(st.lists(st.sampled_from(adults), unique=True)) if adults else []:
            guardianships += [(child, adult, period) for period in draw(_periods(month, LONG_AGO))]
            parents.add((child, adult))
    if len(adults) >= 2 and draw(st.booleans()):
        parents.add((adults[-1], adults[0]))  # a young adult may live with a parent
    household = HouseholdFacts(
        7,
        members=tuple(members),
        partnerships=partnerships,
        guardianships=tuple(guardianships),
        parents=frozenset(parents),
    )
    return household, persons, month, history


@pytest.mark.slow  # about 7 s on 2 cores: 400 Hypothesis households, each through the kernel and the reference
@settings(max_examples=400, deadline=None)
@given(households())
def test_kernel_equals_the_day_by_day_reference(
    case: tuple[HouseholdFacts, dict[int, PersonFacts], Month, ParameterHistory],
) -> None:
    household, persons, month, history = case
    reference = reference_month(household, persons, month, history)
    kernel = _kernel_month(household, persons, month, history)
    assert kernel == reference
    for counted in (kernel, reference):
        assert sum(p.payout_ore for p in counted.values()) == sum(p.allowance_ore for p in counted.values())
        assert all(p.allowance_ore >= 0 and p.payout_ore >= 0 for p in counted.values())
