"""The daily allowance counted the plain way: one household, one month, day by day.

This is the law written so that it can be checked line by line, and the oracle the tests compare
the fast kernel (:mod:`lika.allowance.rules.kernel`) with. It takes what the kernel's callers take
(:class:`~lika.allowance.rules.month.HouseholdFacts`, the members'
:class:`~lika.allowance.rules.month.PersonFacts`, a :class:`~lika.allowance.rules.month.Month`
and the :class:`~lika.allowance.rules.parameters.ParameterHistory`), reads every amount and age
from the dated parameters, and uses neither NumPy nor the kernel. It is slow; never use it for a
real run.

For every day of the month, and everyone in the household that day:

1. The age in whole years on the day; under ``adult_age`` is a child (MIGRFS 2018:3 1 §).
2. The rate (förordning 1994:361 6 §): nothing for someone not covered by LMA; a child's rate by
   age band; for an adult, the partner rate if living with a spouse or partner; before April 2024
   also if sharing the household with another adult; from April 2024 the young-adult rate for an
   18–20-year-old living with a parent; otherwise the single rate. With or without food included
   in the housing.
3. The third and younger eligible children, eldest first (same birthday: lower key first), get
   ``younger_child_share`` of their rate, rounded down to whole öre.
4. A reduction (nedsättning, LMA 10 §) of an eligible adult's allowance, never into the part meant
   for food (the rate without food less the rate with food) when the housing does not include food.
5. A child's allowance is paid in equal shares to its payees (no head of household): the parents
   or guardians in the household who are covered by LMA, or the child on an own card; if none,
   the household's adults covered by LMA; if none, the child.

Each person's month is the sum of their days, in whole öre. The one place where days are not
counted one by one is the öre left over when a child's allowance does not divide evenly between
its payees: like the kernel, the reference adds up the child's allowance over a *stretch* — days
over which none of the household's dated facts begins or ends, no new parameter version comes into
force and nobody reaches an age at which a rate changes — and splits that sum. The payee at place
``p`` (payees ordered by key) gets an extra öre when ``(p + month.number) % payees`` is less than
the öre left over.
"""

from __future__ import annotations

import datetime
import math
from collections import defaultdict
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from lika.allowance.rules.month import HouseholdFacts, Month, Period, PersonFacts
from lika.allowance.rules.parameters import ParameterHistory, ParameterSet, Rate
from lika.people.ages import age_on


@dataclass(frozen=True)
class PersonMonth:
    """A person's month in öre: their own allowance, and what is paid to them.

    What is paid is an adult's own allowance plus the shares of children's allowances paid to
    them; a child's own allowance is paid to its payees, not to the child (unless it is its own).
    """

    allowance_ore: int
    payout_ore: int


@dataclass(frozen=True)
class PersonDay:
    """One person on one day: what the rules see in them, and the allowance for the day in öre."""

    key: int
    child: bool
    eligible: bool
    daily_ore: int


def covers(period: Period, day: datetime.date) -> bool:
    """Tells whether ``day`` lies in ``period``; a period without an end runs on.

    >>> covers((datetime.date(2026, 12, 1), None), datetime.date(2030, 1, 1))
    True
    """
    start, end = period
    return start <= day and (end is None or day <= end)


def share_of(amount_ore: int, payees: int, place: int, rotation: int) -> int:
    """Gives the payee at ``place`` (0, 1, ...) their equal share of ``amount_ore``, in whole öre.

    The öre left over go one each to the payees whose ``(place + rotation) % payees`` is less than
    the number left over, so the shares add up to the amount.

    >>> [share_of(100, 3, place, rotation=0) for place in range(3)]
    [34, 33, 33]
    """
    equal, left_over = divmod(amount_ore, payees)
    return equal + (1 if (place + rotation) % payees < left_over else 0)


def _days(month: Month) -> Iterator[datetime.date]:
    day = month.first
    while day <= month.last:
        yield day
        day += datetime.timedelta(days=1)


def _present(household: HouseholdFacts, day: datetime.date) -> list[int]:
    return sorted({key for key, period in household.members if covers(period, day)})


def _eligible(person: PersonFacts, day: datetime.date) -> bool:
    return any(covers(period, day) for period in person.eligible)


def _food_included(person: PersonFacts, day: datetime.date) -> bool:
    return next((food for period, food in person.food_included if covers(period, day)), False)


def _adult_rate(
    law: ParameterSet, household: HouseholdFacts, person: PersonFacts, *, age: int, day: datetime.date, adults: int
) -> Rate:
    """The rate of an adult who shares the day's household with ``adults`` adults (themselves included)."""
    present = _present(household, day)
    if any(
        person.key in (a, b) and a in present and b in present and covers(period, day)
        for a, b, period in household.partnerships
    ):
        return law.adult_partner
    if law.living_together == "shared_household":
        return law.adult_partner if adults >= 2 else law.adult_single
    # partners_only (from April 2024): without a partner an adult is single, unless young and with a parent.
    with_parent = any((person.key, other) in household.parents for other in present)
    if law.young_adult_max_age is not None and age <= law.young_adult_max_age and with_parent:
        return law.young_adult_with_parents
    return law.adult_single


def day_count(
    household: HouseholdFacts, persons: Mapping[int, PersonFacts], law: ParameterSet, day: datetime.date
) -> dict[int, PersonDay]:
    """Counts one day: everyone in the household that day, and their allowance for the day."""
    present = _present(household, day)
    age = {key: age_on(persons[key].birth_date, day) for key in present}
    adults = [key for key in present if age[key] >= law.adult_age]
    # Eligible children, eldest first; children born the same day are ordered by key.
    children = sorted(
        (key for key in present if key not in adults and _eligible(persons[key], day)),
        key=lambda key: (persons[key].birth_date, key),
    )
    counted = {}
    for key in present:
        person, food = persons[key], _food_included(persons[key], day)
        if not _eligible(person, day):
            daily = 0
        elif key in children:
            daily = law.child_rate(age[key]).for_food(food)
            if children.index(key) >= law.children_at_full_rate:
                daily = math.floor(daily * law.younger_child_share)
        else:
            rate = _adult_rate(law, household, person, age=age[key], day=day, adults=len(adults))
            daily = rate.for_food(food)
            food_part = rate.food_not_included_ore - rate.food_included_ore
            untouchable = food_part if law.reduction_protects_food and not food else 0
            decided = sum(amount for period, amount in person.reductions if covers(period, day))
            daily -= min(decided, max(daily - untouchable, 0))
        counted[key] = PersonDay(key=key, child=key not in adults, eligible=_eligible(person, day), daily_ore=daily)
    return counted


def payees_of(
    household: HouseholdFacts, persons: Mapping[int, PersonFacts], law: ParameterSet, child: int, day: datetime.date
) -> list[int]:
    """Who is paid the child's allowance on the day, ordered by key.

    The child itself on an own card; else its parents or guardians in the household who are
    covered by LMA; else the household's adults covered by LMA; else the child itself.
    """
    if any(covers(period, day) for period in persons[child].own_card):
        return [child]
    present = _present(household, day)
    guardians = {
        guardian
        for ward, guardian, period in household.guardianships
        if ward == child and covers(period, day) and guardian in present and _eligible(persons[guardian], day)
    }
    if guardians:
        return sorted(guardians)
    adults = [
        key for key in present if age_on(persons[key].birth_date, day) >= law.adult_age and _eligible(persons[key], day)
    ]
    return adults or [child]


def _stretch_mark(
    household: HouseholdFacts,
    persons: Mapping[int, PersonFacts],
    history: ParameterHistory,
    rate_ages: frozenset[int],
    day: datetime.date,
) -> tuple[object, ...]:
    """What stays the same on every day of a stretch: the parameter version, which dated facts
    cover the day, and for each member how many ages at which a rate changes they have reached."""
    periods = [period for _, period in household.members]
    periods += [period for _, _, period in household.partnerships]
    periods += [period for _, _, period in household.guardianships]
    for key, _ in household.members:
        person = persons[key]
        periods += [*person.eligible, *person.own_card]
        periods += [period for period, _ in person.food_included]
        periods += [period for period, _ in person.reductions]
    reached = [sum(age_on(persons[key].birth_date, day) >= age for age in rate_ages) for key, _ in household.members]
    return (history.index_at(day), [covers(period, day) for period in periods], reached)


def _rate_ages(history: ParameterHistory, month: Month) -> frozenset[int]:
    """The ages at which a rule in force during the month changes a rate."""
    ages: set[int] = set()
    for version in history.versions[history.index_at(month.first) : history.index_at(month.last) + 1]:
        ages |= {band.from_age for band in version.child_bands} | {version.adult_age}
        if version.young_adult_max_age is not None:
            ages.add(version.young_adult_max_age + 1)
    return frozenset(ages)


def reference_month(
    household: HouseholdFacts, persons: Mapping[int, PersonFacts], month: Month, history: ParameterHistory
) -> dict[int, PersonMonth]:
    """Counts the month day by day for everyone who is in the household on some day of it."""
    allowance: dict[int, int] = defaultdict(int)
    payout: dict[int, int] = defaultdict(int)
    # A child's allowance to be split, summed per stretch: (stretch, child, payees) -> öre.
    to_split: dict[tuple[int, int, tuple[int, ...]], int] = defaultdict(int)
    rate_ages = _rate_ages(history, month)
    stretch, marks = 0, [_stretch_mark(household, persons, history, rate_ages, day) for day in _days(month)]
    for day in _days(month):
        if day > month.first and marks[day.day - 1] != marks[day.day - 2]:
            stretch += 1
        law = history.at(day)
        for key, person in day_count(household, persons, law, day).items():
            allowance[key] += person.daily_ore
            if not person.child:
                payout[key] += person.daily_ore
            elif person.eligible:
                payees = tuple(payees_of(household, persons, law, key, day))
                to_split[(stretch, key, payees)] += person.daily_ore
    for (_, _, payees), amount_ore in to_split.items():
        for place, payee in enumerate(payees):
            payout[payee] += share_of(amount_ore, len(payees), place, month.number)
    return {key: PersonMonth(allowance_ore=total, payout_ore=payout[key]) for key, total in allowance.items()}
