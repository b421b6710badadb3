"""A quote: the month's allowance for households described in JSON, without touching the registry.

Input, one household or a list of them::

    {"id": "optional label", "month": "2026-12", "food_included": false,
     "persons": [{"id": "a", "birth_date": "1990-05-01", "partner": "b"},
                 {"id": "b", "birth_date": "1991-02-11", "partner": "a"},
                 {"id": "c", "birth_date": "2019-08-30", "parents": ["a", "b"]}]}

A person under 18 is a child; an 18–20-year-old with ``parents`` lives with them. Optional per
person: ``eligible`` (default true) and ``reduction_ore_per_day`` for an adult's reduction.
Everyone is a member for the whole month. Every error names the household, the person and the
field; nothing is computed unless the whole input is valid. Work grows linearly with the number of
households: each month's households go through the kernel together.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from lika.allowance.rules.explain import explanations
from lika.allowance.rules.kernel import kernel_run
from lika.allowance.rules.month import HouseholdFacts, Month, PersonFacts, segments_build
from lika.allowance.rules.parameters import ParameterError, ParameterHistory

MAX_HOUSEHOLDS = 100_000
MAX_PERSONS_PER_HOUSEHOLD = 50
_PERSON_KEYS = {"id", "birth_date", "partner", "parents", "eligible", "reduction_ore_per_day"}
_HOUSEHOLD_KEYS = {"id", "month", "food_included", "persons"}


@dataclass(frozen=True)
class QuoteProblem:
    household: int
    household_id: str | None
    person: str | None
    field: str
    message: str

    def __str__(self) -> str:
        where = f"household {self.household + 1}"
        if self.household_id is not None:
            where += f" (id {self.household_id!r})"
        if self.person is not None:
            where += f", person {self.person!r}"
        return f"{where}, field {self.field!r}: {self.message}"


class QuoteError(ValueError):
    """Invalid quote input; ``problems`` lists every problem found, each with its place."""

    def __init__(self, problems: Sequence[QuoteProblem]) -> None:
        self.problems = list(problems)
        super().__init__("; ".join(str(p) for p in self.problems[:20]))


@dataclass
class _Household:
    label: str | None
    month: Month
    facts: HouseholdFacts
    ids: dict[int, str]


class _Reader:
    def __init__(self) -> None:
        self.problems: list[QuoteProblem] = []
        self.next_key = 0

    def problem(self, index: int, label: str | None, person: str | None, field: str, message: str) -> None:
        self.problems.append(QuoteProblem(index, label, person, field, message))

    def household(self, index: int, raw: Any, persons: dict[int, PersonFacts]) -> _Household | None:
        if not isinstance(raw, Mapping):
            self.problem(index, None, None, "(household)", "must be an object")
            return None
        label = str(raw["id"]) if "id" in raw else None
        for key in sorted(set(raw) - _HOUSEHOLD_KEYS):
            self.problem(index, label, None, key, "is not a known field")
        try:
            month = Month.parse(raw.get("month", ""))
        except ValueError as error:
            self.problem(index, label, None, "month", str(error))
            return None
        food = raw.get("food_included")
        if not isinstance(food, bool):
            self.problem(index, label, None, "food_included", "must be true or false")
        members = raw.get("persons")
        if not isinstance(members, list) or not members:
            self.problem(index, label, None, "persons", "must be a non-empty list")
            return None
        if len(members) > MAX_PERSONS_PER_HOUSEHOLD:
            self.problem(index, label, None, "persons", f"more than {MAX_PERSONS_PER_HOUSEHOLD} persons")
            return None
        keys: dict[str, int] = {}
        births: dict[str, datetime.date] = {}
        for raw_person in members:
            self.person_identity(index, label, raw_person, keys, births)
        if len(keys) != len(members):
            return None
        whole = (month.first, month.last)
        relations = self.relations(members, index=index, label=label, keys=keys, births=births, month=month)
        for raw_person in members:
            pid = str(raw_person["id"])
            persons[keys[pid]] = self.person_facts(
                raw_person, index=index, label=label, key=keys[pid], born=births[pid], whole=whole, food=bool(food)
            )
        partnerships, guardianships, parents = relations
        facts = HouseholdFacts(
            key=index,
            members=tuple((key, whole) for key in keys.values()),
            partnerships=tuple((a, b, whole) for a, b in sorted(partnerships)),
            guardianships=tuple((child, parent, whole) for child, parent in sorted(guardianships)),
            parents=frozenset(parents),
        )
        return _Household(label=label, month=month, facts=facts, ids={key: pid for pid, key in keys.items()})

    def relations(
        self,
        members: list[Any],
        *,
        index: int,
        label: str | None,
        keys: dict[str, int],
        births: dict[str, datetime.date],
        month: Month,
    ) -> tuple[set[tuple[int, int]], set[tuple[int, int]], set[tuple[int, int]]]:
        """Partnerships, guardianships of children and parentage, as pairs of keys."""
        partnerships, guardianships, parents = set(), set(), set()
        adults = {pid for pid, born in births.items() if _age(born, month.first) >= 18}
        named = {str(raw["id"]): raw.get("partner") for raw in members}
        for raw_person in members:
            pid = str(raw_person["id"])
            partner = raw_person.get("partner")
            if partner is not None:
                if str(partner) not in keys or str(partner) == pid:
                    self.problem(index, label, pid, "partner", "must be the id of another person in the household")
                elif pid not in adults or str(partner) not in adults:
                    self.problem(index, label, pid, "partner", "partners must both be 18 or older")
                elif named[str(partner)] not in (None, pid):
                    self.problem(index, label, pid, "partner", "partners must name each other")
                else:
                    a, b = sorted((keys[pid], keys[str(partner)]))
                    partnerships.add((a, b))
            raw_parents = raw_person.get("parents", [])
            if not isinstance(raw_parents, list) or any(str(p) not in keys or str(p) == pid for p in raw_parents):
                self.problem(index, label, pid, "parents", "must be a list of ids of other persons in the household")
                continue
            for parent in map(str, raw_parents):
                if parent not in adults:
                    self.problem(index, label, pid, "parents", f"parent {parent!r} is under 18")
                    continue
                parents.add((keys[pid], keys[parent]))
                if pid not in adults:
                    guardianships.add((keys[pid], keys[parent]))
        return partnerships, guardianships, parents

    def person_identity(
        self, index: int, label: str | None, raw: Any, keys: dict[str, int], births: dict[str, datetime.date]
    ) -> None:
        if not isinstance(raw, Mapping) or "id" not in raw:
            self.problem(index, label, None, "persons", "every person must be an object with an id")
            return
        pid = str(raw["id"])
        for key in sorted(set(raw) - _PERSON_KEYS):
            self.problem(index, label, pid, key, "is not a known field")
        if pid in keys:
            self.problem(index, label, pid, "id", "appears twice in the household")
            return
        try:
            births[pid] = datetime.date.fromisoformat(str(raw.get("birth_date")))
        except ValueError:
            self.problem(index, label, pid, "birth_date", "must be a date written as YYYY-MM-DD")
            return
        keys[pid] = self.next_key
        self.next_key += 1

    def person_facts(
        self,
        raw: Mapping[str, Any],
        *,
        index: int,
        label: str | None,
        key: int,
        born: datetime.date,
        whole: tuple[datetime.date, datetime.date],
        food: bool,
    ) -> PersonFacts:
        pid = str(raw["id"])
        if born > whole[1]:
            self.problem(index, label, pid, "birth_date", "is after the month")
        eligible = raw.get("eligible", True)
        if not isinstance(eligible, bool):
            self.problem(index, label, pid, "eligible", "must be true or false")
        reduction = raw.get("reduction_ore_per_day", 0)
        if isinstance(reduction, bool) or not isinstance(reduction, int) or reduction < 0:
            self.problem(index, label, pid, "reduction_ore_per_day", "must be a whole, non-negative number of öre")
            reduction = 0
        elif reduction and _age(born, whole[0]) < 18:
            self.problem(index, label, pid, "reduction_ore_per_day", "only an adult's allowance can be reduced")
        return PersonFacts(
            key=key,
            birth_date=born,
            eligible=(whole,) if eligible is not False else (),
            food_included=((whole, food),),
            reductions=((whole, reduction),) if reduction else (),
        )


def _age(born: datetime.date, day: datetime.date) -> int:
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def quote(payload: Any, history: ParameterHistory) -> list[dict[str, Any]]:
    """Quotes every household in ``payload`` (one object or a list); raises :class:`QuoteError`."""
    households_raw = payload if isinstance(payload, list) else [payload]
    if len(households_raw) > MAX_HOUSEHOLDS:
        raise QuoteError([QuoteProblem(0, None, None, "(input)", f"at most {MAX_HOUSEHOLDS} households at a time")])
    reader = _Reader()
    persons: dict[int, PersonFacts] = {}
    households = [reader.household(i, raw, persons) for i, raw in enumerate(households_raw)]
    for index, household in enumerate(households):
        if household is not None:
            try:
                history.index_at(household.month.first)
            except ParameterError as error:
                reader.problem(index, household.label, None, "month", str(error))
    if reader.problems:
        raise QuoteError(reader.problems)
    by_month: dict[Month, list[_Household]] = defaultdict(list)
    for household in households:
        assert household is not None  # noqa: S101 - every None added a problem above
        by_month[household.month].append(household)
    answers: dict[int, dict[str, Any]] = {}
    for month, group in by_month.items():
        built = segments_build([h.facts for h in group], persons, month, history)
        result = kernel_run(built.segments, history, rotation=month.number)
        steps = explanations(built, result, history)
        index_of = {key: position for position, key in enumerate(built.person_keys)}
        for household in group:
            rows = []
            for key, pid in household.ids.items():
                position = index_of[key]
                rows.append(
                    {
                        "id": pid,
                        "allowance_ore": int(result.allowance_ore[position]),
                        "payout_ore": int(result.payout_ore[position]),
                        "explanation": [
                            {**step, "child": household.ids[step["child"]]} if "child" in step else step
                            for step in steps.get(key, [])
                        ],
                    }
                )
            answer: dict[str, Any] = {"month": str(month)}
            if household.label is not None:
                answer["id"] = household.label
            answer["total_ore"] = sum(r["allowance_ore"] for r in rows)
            answer["persons"] = rows
            answers[household.facts.key] = answer
    return [answers[i] for i in range(len(households))]
