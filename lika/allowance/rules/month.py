"""From a household's dated facts to the kernel's segments for one month.

A month is cut wherever something that matters changes: a membership, a partnership, a
guardianship, accommodation, eligibility or a reduction starts or ends; a member's birthday moves
them into a new age band or out of childhood; a new parameter version comes into force. Each piece
is evaluated on its first day and counted for all its days, which is exact because nothing changes
inside a piece. Pure Python: facts in, :class:`~lika.allowance.rules.kernel.Segments` out.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np

from lika.allowance.rules.kernel import Segments
from lika.allowance.rules.parameters import ParameterHistory
from lika.people.ages import age_on

Period = tuple[datetime.date, datetime.date | None]
_DAY = datetime.timedelta(days=1)


@dataclass(frozen=True)
class Month:
    """A calendar month; ``number`` (year * 12 + month - 1) orders months and rotates remainders."""

    year: int
    month: int

    @classmethod
    def parse(cls, text: str) -> Month:
        """Reads "YYYY-MM".

        >>> Month.parse("2025-02").last
        datetime.date(2025, 2, 28)
        """
        refusal = f"{text!r} is not a month written as YYYY-MM."
        if not isinstance(text, str) or len(text) != 7 or text[4] != "-":
            raise ValueError(refusal)
        try:
            year, month = int(text[:4]), int(text[5:])
            datetime.date(year, month, 1)
        except ValueError as error:
            raise ValueError(refusal) from error
        if not 1900 <= year <= 2999:
            raise ValueError(f"{text!r} is outside the years Lika counts (1900–2999).")
        return cls(year, month)

    @property
    def first(self) -> datetime.date:
        return datetime.date(self.year, self.month, 1)

    @property
    def last(self) -> datetime.date:
        return self.next().first - _DAY

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1

    @property
    def number(self) -> int:
        return self.year * 12 + self.month - 1

    def next(self) -> Month:
        return Month(self.year + self.month // 12, self.month % 12 + 1)

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"


@dataclass(frozen=True)
class PersonFacts:
    """What the allowance needs to know about one person, as dated periods."""

    key: int
    birth_date: datetime.date
    eligible: tuple[Period, ...] = ()
    food_included: tuple[tuple[Period, bool], ...] = ()
    reductions: tuple[tuple[Period, int], ...] = ()
    own_card: tuple[Period, ...] = ()


@dataclass(frozen=True)
class HouseholdFacts:
    """A household's members and relations, as dated periods; ``parents`` holds (child, parent) pairs."""

    key: int
    members: tuple[tuple[int, Period], ...]
    partnerships: tuple[tuple[int, int, Period], ...] = ()
    guardianships: tuple[tuple[int, int, Period], ...] = ()
    parents: frozenset[tuple[int, int]] = frozenset()


@dataclass
class RowInfo:
    """For each kernel row: whose it is and which days it covers (for explanations and storage)."""

    household: list[int] = field(default_factory=list)
    person_key: list[int] = field(default_factory=list)
    first_day: list[datetime.date] = field(default_factory=list)
    last_day: list[datetime.date] = field(default_factory=list)


@dataclass(frozen=True)
class Built:
    segments: Segments
    rows: RowInfo
    person_keys: list[int]


def days_alone(
    first: datetime.date, last: datetime.date, memberships: Iterable[Period], eligible: Iterable[Period]
) -> list[tuple[datetime.date, datetime.date]]:
    """The stretches of ``first``..``last`` on which a person is covered by LMA but in no household.

    Such days are counted as a household of one, so that moving out in mid-month never loses days.

    >>> d = datetime.date
    >>> days_alone(d(2026, 12, 1), d(2026, 12, 31), [(d(2025, 1, 1), d(2026, 12, 10))], [(d(2025, 1, 1), None)])
    [(datetime.date(2026, 12, 11), datetime.date(2026, 12, 31))]
    """
    day, stretches = first, []
    covered = sorted(
        (max(start, first), min(end or last, last))
        for start, end in memberships
        if start <= last and (end or last) >= first
    )
    gaps = []
    for start, end in covered:
        if start > day:
            gaps.append((day, start - _DAY))
        day = max(day, end + _DAY)
    if day <= last:
        gaps.append((day, last))
    for gap_start, gap_end in gaps:
        for eligible_start, eligible_end in eligible:
            low, high = max(gap_start, eligible_start), min(gap_end, eligible_end or gap_end)
            if low <= high:
                stretches.append((low, high))
    return sorted(stretches)


def _covers(period: Period, day: datetime.date) -> bool:
    return period[0] <= day and (period[1] is None or day <= period[1])


def _bounds(periods: Iterable[Period], first: datetime.date, last: datetime.date) -> set[datetime.date]:
    """Days inside (first, last] on which one of ``periods`` starts or the day after one ends."""
    days = set()
    for start, end in periods:
        if first < start <= last:
            days.add(start)
        if end is not None and first <= end < last:
            days.add(end + _DAY)
    return days


def _birthdays(
    birth_date: datetime.date, first: datetime.date, last: datetime.date, thresholds: frozenset[int]
) -> set[datetime.date]:
    """Birthdays inside (first, last] on which the person reaches an age in ``thresholds``.

    Other birthdays change nothing the rules look at (children are ranked by birth date, not age),
    so cutting there would only split an explanation in two.
    """
    days = set()
    for year in {first.year, last.year}:
        if year - birth_date.year not in thresholds:
            continue
        try:
            day = birth_date.replace(year=year)
        except ValueError:  # 29 February: the birthday counts from 1 March
            day = datetime.date(year, 3, 1)
        if first < day <= last:
            days.add(day)
    return days


def _age_thresholds(history: ParameterHistory, month: Month) -> frozenset[int]:
    """Every age at which some rule in force during the month changes a person's rate."""
    first, last = history.index_at(month.first), history.index_at(month.last)
    ages: set[int] = set()
    for version in history.versions[first : last + 1]:
        ages |= {band.from_age for band in version.child_bands} | {version.adult_age}
        if version.young_adult_max_age is not None:
            ages.add(version.young_adult_max_age + 1)
    return frozenset(ages)


class _Builder:
    def __init__(self, history: ParameterHistory, month: Month, *, every_day: bool) -> None:
        self.history, self.month, self.every_day = history, month, every_day
        # One tuple per row in the order of _COLUMNS, turned into columns once at the end: one append per row.
        self.records: list[tuple[int, ...]] = []
        self.first, self.last = month.first, month.last
        self.payee_child: list[int] = []
        self.payee_row: list[int] = []
        self.rows = RowInfo()
        self.person_index: dict[int, int] = {}
        self.groups = 0
        self.thresholds = _age_thresholds(history, month)
        self.change_days = set(history.change_days(month.first, month.last))

    def household(self, household: HouseholdFacts, persons: dict[int, PersonFacts]) -> None:
        first, last = self.first, self.last
        cuts = {first} | self.change_days
        if self.every_day:
            cuts |= {first + datetime.timedelta(days=n) for n in range(self.month.days)}
        cuts |= _bounds((p for _, p in household.members), first, last)
        if household.partnerships:
            cuts |= _bounds((p for _, _, p in household.partnerships), first, last)
        if household.guardianships:
            cuts |= _bounds((p for _, _, p in household.guardianships), first, last)
        for key, _ in household.members:
            facts = persons[key]
            cuts |= _bounds(facts.eligible, first, last)
            cuts |= _bounds((p for p, _ in facts.food_included), first, last)
            if facts.reductions:
                cuts |= _bounds((p for p, _ in facts.reductions), first, last)
            if facts.own_card:
                cuts |= _bounds(facts.own_card, first, last)
            cuts |= _birthdays(facts.birth_date, first, last, self.thresholds)
        starts = sorted(cuts)
        for position, start in enumerate(starts):
            end = starts[position + 1] - _DAY if position + 1 < len(starts) else last
            self.stretch(household, persons, start, end)

    def stretch(
        self, household: HouseholdFacts, persons: dict[int, PersonFacts], start: datetime.date, end: datetime.date
    ) -> None:
        # Called for every household and stretch of a payment run or bulk quote, so written for speed: each fact
        # is looked at once per stretch, and the columns are appended to through local names.
        present = sorted({key for key, period in household.members if _covers(period, start)})
        if not present:
            return
        present_set = set(present)
        version = self.history.index_at(start)
        adult_age = self.history.versions[version].adult_age
        group, self.groups = self.groups, self.groups + 1
        row_of: dict[int, int] = {}
        partners = {
            key
            for a, b, period in household.partnerships
            if _covers(period, start) and a in present_set and b in present_set
            for key in (a, b)
        }
        with_parent = {child for child, parent in household.parents if parent in present_set}
        records, rows = self.records, self.rows
        days = (end - start).days + 1
        person_index = self.person_index
        ages: dict[int, int] = {}
        for key in present:
            facts = persons[key]
            row_of[key] = len(records)
            ages[key] = age = age_on(facts.birth_date, start)
            records.append(
                (
                    person_index.setdefault(key, len(person_index)),
                    group,
                    days,
                    version,
                    age,
                    facts.birth_date.toordinal(),
                    key,
                    key in partners,
                    key in with_parent,
                    next((food for p, food in facts.food_included if _covers(p, start)), False),
                    any(_covers(p, start) for p in facts.eligible),
                    sum(amount for p, amount in facts.reductions if _covers(p, start)),
                )
            )
            rows.household.append(household.key)
            rows.person_key.append(key)
            rows.first_day.append(start)
            rows.last_day.append(end)
        for key in present:
            if ages[key] >= adult_age:
                continue
            facts = persons[key]
            if facts.own_card and any(_covers(p, start) for p in facts.own_card):
                payees = [key]
            else:
                payees = sorted(
                    {g for child, g, period in household.guardianships if child == key and _covers(period, start)}
                    & present_set
                )
                # A guardian outside LMA has no allowance card; the household's eligible adults take over.
                payees = [g for g in payees if any(_covers(p, start) for p in persons[g].eligible)]
            for payee in payees:
                self.payee_child.append(row_of[key])
                self.payee_row.append(row_of[payee])

    def build(self) -> Built:
        columns = list(zip(*self.records, strict=True)) if self.records else [() for _ in _COLUMNS]
        arrays = {
            name: np.array(values, dtype=bool if name in _BOOLEAN else np.int64)
            for name, values in zip(_COLUMNS, columns, strict=True)
        }
        segments = Segments(
            **arrays,
            persons=len(self.person_index),
            groups=self.groups,
            payee_child=np.array(self.payee_child, dtype=np.int64),
            payee_row=np.array(self.payee_row, dtype=np.int64),
        )
        return Built(segments=segments, rows=self.rows, person_keys=list(self.person_index))


_COLUMNS = (
    "person",
    "group",
    "days",
    "version",
    "age",
    "birth_ordinal",
    "tiebreak",
    "has_partner",
    "with_parent",
    "food_included",
    "eligible",
    "reduction_ore",
)
_BOOLEAN = {"has_partner", "with_parent", "food_included", "eligible"}


def segments_build(
    households: Sequence[HouseholdFacts],
    persons: dict[int, PersonFacts],
    month: Month,
    history: ParameterHistory,
    *,
    every_day: bool = False,
) -> Built:
    """The kernel's segments for ``households`` in ``month``; persons are indexed in order of appearance.

    ``every_day`` cuts the month into single days: slower, and the reference the tests compare with.
    """
    builder = _Builder(history, month, every_day=every_day)
    for household in households:
        builder.household(household, persons)
    return builder.build()
