"""A quote: the month's allowance for households described in JSON, without touching the registry.

Input, one household or a list of them::

    {"id": "optional label", "month": "2026-12", "food_included": false,
     "persons": [{"id": "a", "birth_date": "1990-05-01", "partner": "b"},
                 {"id": "b", "birth_date": "1991-02-11", "partner": "a"},
                 {"id": "c", "birth_date": "2019-08-30", "parents": ["a", "b"]}]}

A person under 18 (the ``adult_age`` parameter) is a child; an 18–20-year-old with ``parents``
lives with them. Optional per
person: ``eligible`` (default true) and ``reduction_ore_per_day`` for an adult's reduction.
Everyone is a member for the whole month. Every error names the household, the person and the
field; nothing is computed unless the whole input is valid. Work grows linearly with the number of
households: each month's households go through the kernel together.
"""

from __future__ import annotations

import datetime
import json
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from lika.allowance.rules.explain import Step, explanations
from lika.allowance.rules.kernel import kernel_run
from lika.allowance.rules.month import HouseholdFacts, Month, PersonFacts, segments_build
from lika.allowance.rules.parameters import ParameterError, ParameterHistory
from lika.people.ages import age_on

MAX_HOUSEHOLDS = 100_000
MAX_PERSONS_PER_HOUSEHOLD = 50
MAX_ID_LENGTH = 64
MAX_PROBLEMS = 100
MAX_AGE = 130
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

    def __init__(self, problems: Sequence[QuoteProblem], *, more: int = 0) -> None:
        self.problems, self.more = list(problems), more
        text = "; ".join(str(p) for p in self.problems[:20])
        if len(self.problems) > 20 or more:
            text += f"; and {len(self.problems) - min(len(self.problems), 20) + more} more"
        super().__init__(text)


# Sanity bounds on what a request may hold, not legal amounts: no count or amount in a quote needs more
# digits, and numbers past them only overflow the kernel's 64-bit arithmetic.
MAX_NUMBER_DIGITS = 30
MAX_REDUCTION_ORE_PER_DAY = 10**9


class QuoteInputError(ValueError):
    """Input that is not JSON the quote can read; the message says where and why (file or body given apart)."""


def _bounded_int(text: str) -> int:
    digits = len(text.lstrip("-"))
    if digits > MAX_NUMBER_DIGITS:
        raise ValueError(f"a number of {digits} digits is too long (at most {MAX_NUMBER_DIGITS})")
    return int(text)


def quote_json(text: str) -> Any:
    """Reads a quote request's JSON text (decoded by the caller's file guard). Raises QuoteInputError saying what is wrong."""
    try:
        return json.loads(text, parse_int=_bounded_int)
    except json.JSONDecodeError as error:
        raise QuoteInputError(f"line {error.lineno}, column {error.colno}: not valid JSON: {error.msg}") from error
    except RecursionError as error:
        raise QuoteInputError("not valid input: the JSON is nested too deeply") from error
    except ValueError as error:  # from _bounded_int
        raise QuoteInputError(f"not valid input: {error}") from error


@dataclass
class _Household:
    label: str | None
    month: Month
    facts: HouseholdFacts
    ids: dict[int, str]


class _Reader:
    def __init__(self, history: ParameterHistory) -> None:
        self.history = history
        self.problems: list[QuoteProblem] = []
        self.more = 0
        self.next_key = 0
        # A bulk quote's households nearly all share one month: it is read and looked up once.
        self.months: dict[str, tuple[Month, int]] = {}

    def problem(self, index: int, label: str | None, person: str | None, field: str, message: str) -> None:
        # Only so many problems are listed: an answer must never be larger than the question.
        if len(self.problems) >= MAX_PROBLEMS:
            self.more += 1
            return
        self.problems.append(QuoteProblem(index, label, person, field, message))

    def identifier(self, index: int, label: str | None, person: str | None, value: Any) -> str:
        text = str(value)
        if len(text) > MAX_ID_LENGTH:
            self.problem(index, label, person, "id", f"is longer than {MAX_ID_LENGTH} characters")
        return text[:MAX_ID_LENGTH]

    def household(self, index: int, raw: Any, persons: dict[int, PersonFacts]) -> _Household | None:
        if not isinstance(raw, Mapping):
            self.problem(index, None, None, "(household)", "must be an object")
            return None
        label = self.identifier(index, None, None, raw["id"]) if "id" in raw else None
        if not _HOUSEHOLD_KEYS.issuperset(raw):
            for key in sorted(set(raw) - _HOUSEHOLD_KEYS)[:10]:
                self.problem(index, label, None, key[:MAX_ID_LENGTH], "is not a known field")
        month_text = raw.get("month", "")
        known = self.months.get(month_text) if isinstance(month_text, str) else None
        if known is None:
            try:
                month = Month.parse(month_text)
                self.history.index_at(month.first)
            except (ValueError, ParameterError) as error:
                self.problem(index, label, None, "month", str(error))
                return None
            known = self.months[month_text] = (month, self.history.at(month.first).adult_age)
        month, adult_age = known
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
        relations = self.relations(
            members, index=index, label=label, keys=keys, births=births, month=month, adult_age=adult_age
        )
        for raw_person in members:
            pid = str(raw_person["id"])
            persons[keys[pid]] = self.person_facts(
                raw_person,
                index=index,
                label=label,
                key=keys[pid],
                born=births[pid],
                whole=whole,
                food=bool(food),
                adult_age=adult_age,
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
        adult_age: int,
    ) -> tuple[set[tuple[int, int]], set[tuple[int, int]], set[tuple[int, int]]]:
        """Partnerships, guardianships of children and parentage, as pairs of keys."""
        partnerships, guardianships, parents = set(), set(), set()
        adults = {pid for pid, born in births.items() if age_on(born, month.first) >= adult_age}
        named = {str(raw["id"]): raw.get("partner") for raw in members}
        for raw_person in members:
            pid = str(raw_person["id"])
            partner = raw_person.get("partner")
            if partner is not None:
                if str(partner) not in keys or str(partner) == pid:
                    self.problem(index, label, pid, "partner", "must be the id of another person in the household")
                elif pid not in adults or str(partner) not in adults:
                    self.problem(index, label, pid, "partner", f"partners must both be {adult_age} or older")
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
                    self.problem(index, label, pid, "parents", f"parent {parent!r} is under {adult_age}")
                    continue
                if births[parent] >= births[pid]:
                    self.problem(index, label, pid, "parents", f"parent {parent!r} is not older than {pid!r}")
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
        if len(pid) > MAX_ID_LENGTH:
            self.problem(index, label, pid[:MAX_ID_LENGTH], "id", f"is longer than {MAX_ID_LENGTH} characters")
            return
        if not _PERSON_KEYS.issuperset(raw):
            for key in sorted(set(raw) - _PERSON_KEYS)[:10]:
                self.problem(index, label, pid, key[:MAX_ID_LENGTH], "is not a known field")
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
        adult_age: int,
    ) -> PersonFacts:
        pid = str(raw["id"])
        # Everyone counts for the whole month, so a person born during it, or turning older than the rules
        # reach during it, has no allowance the quote can compute (found by the API's fuzz test).
        if born > whole[1]:
            self.problem(index, label, pid, "birth_date", "is after the month")
        elif born > whole[0]:
            self.problem(
                index, label, pid, "birth_date", "is during the month; a quote counts everyone from its first day"
            )
        elif age_on(born, whole[1]) > MAX_AGE:
            self.problem(index, label, pid, "birth_date", f"is more than {MAX_AGE} years before the month")
        eligible = raw.get("eligible", True)
        if not isinstance(eligible, bool):
            self.problem(index, label, pid, "eligible", "must be true or false")
        reduction = raw.get("reduction_ore_per_day", 0)
        if (
            isinstance(reduction, bool)
            or not isinstance(reduction, int)
            or not 0 <= reduction <= MAX_REDUCTION_ORE_PER_DAY
        ):
            self.problem(
                index,
                label,
                pid,
                "reduction_ore_per_day",
                f"must be a whole number of öre from 0 to {MAX_REDUCTION_ORE_PER_DAY:,}".replace(",", " "),
            )
            reduction = 0
        elif reduction and age_on(born, whole[0]) < adult_age:
            self.problem(index, label, pid, "reduction_ore_per_day", "only an adult's allowance can be reduced")
        return PersonFacts(
            key=key,
            birth_date=born,
            eligible=(whole,) if eligible is not False else (),
            food_included=((whole, food),),
            reductions=((whole, reduction),) if reduction else (),
        )


def _with_child_id(step: Step, ids: dict[int, str]) -> Step | dict[str, Any]:
    """Gives the step as the quote answers it, naming a child by the id the question gave it, not by its key."""
    if step["kind"] == "child_share":
        return {**step, "child": ids[step["child"]]}
    return step


def quote(payload: Any, history: ParameterHistory) -> list[dict[str, Any]]:
    """Quotes every household in ``payload`` (one object or a list); raises :class:`QuoteError`."""
    households_raw = payload if isinstance(payload, list) else [payload]
    if len(households_raw) > MAX_HOUSEHOLDS:
        raise QuoteError([QuoteProblem(0, None, None, "(input)", f"at most {MAX_HOUSEHOLDS} households at a time")])
    reader = _Reader(history)
    persons: dict[int, PersonFacts] = {}
    households = [reader.household(i, raw, persons) for i, raw in enumerate(households_raw)]
    if reader.problems:
        raise QuoteError(reader.problems, more=reader.more)
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
        allowance, payout = result.allowance_ore.tolist(), result.payout_ore.tolist()
        for household in group:
            rows = []
            for key, pid in household.ids.items():
                position = index_of[key]
                rows.append(
                    {
                        "id": pid,
                        "allowance_ore": allowance[position],
                        "payout_ore": payout[position],
                        "explanation": [
                            _with_child_id(step, household.ids) if step["kind"] == "child_share" else step
                            for step in steps.get(key, ())
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
