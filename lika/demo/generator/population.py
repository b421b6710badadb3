"""A synthetic population, chunk by chunk: households, people, relations, permits and reception."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from lika.demo.generator import figures as f
from lika.demo.generator.households import (
    COUNTRY_VALUES,
    FEMALE,
    MALE,
    SEX_VALUES,
    UNKNOWN,
    BoolArray,
    Households,
    IntArray,
    People,
    day_number,
    households_draw,
    households_fit,
    mean_household_sizes,
    people_draw,
)
from lika.demo.generator.permits import (
    GROUND_VALUES,
    NO_DAY,
    OUTCOME_VALUES,
    PERMIT_KIND_VALUES,
    Permits,
    permits_draw,
)
from lika.demo.generator.personal_numbers import PersonalNumberAllocator
from lika.demo.generator.tables import PopulationChunk, Table, concatenate
from lika.people.parameters import AGE_OF_MAJORITY

# Chunks hold this many persons (the last one fewer). It is part of what a seed means: the same
# seed and size give the same population because the chunks are cut the same way.
CHUNK_PERSONS = 50_000
# The population needs some months of history after the first arrivals to have decisions.
EARLIEST_TODAY = f.FIRST_ARRIVAL + datetime.timedelta(days=181)
ADULT_YEARS_IN_MONTHS = AGE_OF_MAJORITY * 12


def _dates(days: IntArray) -> npt.NDArray[np.datetime64]:
    return days.astype("datetime64[D]")


def population_chunks(
    *,
    persons: int,
    seed: int,
    today: datetime.date,
    first_dossier_number: int,
    taken_personal_numbers: Iterable[str] = (),
) -> Iterator[PopulationChunk]:
    """Generates ``persons`` people in chunks of whole households; the same inputs give the same rows.

    Dossier numbers run from ``first_dossier_number``; personal numbers avoid
    ``taken_personal_numbers``. Nothing is read from the clock: ``today`` is the reference day,
    and no arrival, decision or period starts after it.
    """
    if persons < 1:
        raise ValueError("A population needs at least one person.")
    if today < EARLIEST_TODAY:
        raise ValueError(f"The reference day must be {EARLIEST_TODAY.isoformat()} or later.")
    allocator = PersonalNumberAllocator()
    allocator.reserve(taken_personal_numbers)
    person_row = household_row = application_row = 0
    for index, chunk_start in enumerate(range(0, persons, CHUNK_PERSONS)):
        rng = np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(index,)))
        chunk = _chunk(
            rng,
            persons=min(CHUNK_PERSONS, persons - chunk_start),
            today=today,
            rows=(person_row, household_row, application_row),
            first_dossier_number=first_dossier_number,
            allocator=allocator,
        )
        person_row += chunk.persons.rows
        household_row += chunk.households.rows
        application_row += chunk.applications.rows
        yield chunk


def population_generate(
    *, persons: int, seed: int, today: datetime.date, first_dossier_number: int
) -> dict[str, Table]:
    """The whole population at once, table by table; for tests and small populations."""
    return concatenate(
        list(population_chunks(persons=persons, seed=seed, today=today, first_dossier_number=first_dossier_number))
    )


def _households(rng: np.random.Generator, persons: int, today: datetime.date) -> Households:
    mean_size = float(np.mean(mean_household_sizes()))
    count = int(persons / mean_size * 1.3) + 16
    while True:
        drawn = households_draw(rng, count, today)
        if int(drawn.size.sum()) >= persons:
            return households_fit(drawn, persons)
        count *= 2


@dataclass(slots=True)
class _Separations:
    """Couples who split up: the partner who leaves starts a household of their own."""

    leaver: IntArray
    day: IntArray
    household: IntArray


def _separations(
    rng: np.random.Generator, households: Households, people: People, household_start: IntArray, today: int
) -> _Separations:
    couples = np.flatnonzero(households.adults == 2)
    together_from = households.arrival[couples]
    can_split = together_from <= today - 120
    splits = couples[can_split & (rng.random(len(couples)) < f.SEPARATION_SHARE)]
    since = households.arrival[splits]
    day = since + 90 + (rng.random(len(splits)) * (today - since - 90)).astype(np.int64)
    first = household_start[splits]
    second = first + 1
    # Where the couple is a woman and a man, the woman leaves somewhat more often.
    woman_leaves = rng.random(len(splits)) < 0.6
    second_leaves = np.where(
        people.sex[second] == FEMALE, woman_leaves, np.where(people.sex[first] == FEMALE, ~woman_leaves, True)
    )
    leaver = np.where(second_leaves, second, first)
    return _Separations(leaver=leaver, day=day, household=splits)


def _chunk(
    rng: np.random.Generator,
    *,
    persons: int,
    today: datetime.date,
    rows: tuple[int, int, int],
    first_dossier_number: int,
    allocator: PersonalNumberAllocator,
) -> PopulationChunk:
    person_row, household_row, application_row = rows
    today_day = day_number(today)
    households = _households(rng, persons, today)
    people = people_draw(rng, households)
    permits = permits_draw(rng, households, people, today)
    household_count = len(households.pathway)
    household_start = np.concatenate(([0], np.cumsum(households.size)[:-1])).astype(np.int64)
    separations = _separations(rng, households, people, household_start, today_day)

    protected = people.adult & (rng.random(persons) < f.PROTECTED_IDENTITY_SHARE)
    leaver_is_woman = people.sex[separations.leaver] == FEMALE
    protected[separations.leaver] |= leaver_is_woman & (
        rng.random(len(separations.leaver)) < f.PROTECTED_AFTER_SEPARATION_SHARE
    )

    return PopulationChunk(
        first_person_row=person_row,
        first_household_row=household_row,
        first_application_row=application_row,
        households=Table(rows=household_count + len(separations.leaver)),
        persons=_persons(
            rng,
            people,
            permits,
            protected=protected,
            person_row=person_row,
            first_dossier_number=first_dossier_number,
            allocator=allocator,
        ),
        memberships=_memberships(people, separations, household_count, person_row, household_row),
        guardianships=_guardianships(people, households, household_start, person_row, today_day),
        partnerships=_partnerships(
            rng,
            people,
            households,
            household_start=household_start,
            separations=separations,
            person_row=person_row,
            household_row=household_row,
        ),
        applications=Table(
            rows=len(permits.application_person),
            columns={
                "person_id": permits.application_person + person_row,
                "ground": GROUND_VALUES[permits.application_ground],
                "submitted_on": _dates(permits.submitted),
            },
        ),
        decisions=Table(
            rows=len(permits.decisions.application),
            columns={
                "application_id": permits.decisions.application + application_row,
                "decided_on": _dates(permits.decisions.decided),
                "outcome": OUTCOME_VALUES[permits.decisions.outcome],
                "permit_kind": PERMIT_KIND_VALUES[permits.decisions.permit_kind],
                "valid_from": _dates(permits.decisions.valid_from),
                "valid_until": _dates(permits.decisions.valid_until),
            },
        ),
        lma_periods=Table(
            rows=len(permits.lma_person),
            columns={
                "person_id": permits.lma_person + person_row,
                "basis": permits.lma_basis,
                "start_date": _dates(permits.lma_start),
                "end_date": _dates(permits.lma_end),
            },
        ),
        accommodation_periods=Table(
            rows=len(permits.accommodation_person),
            columns={
                "person_id": permits.accommodation_person + person_row,
                "kind": permits.accommodation_kind,
                "food_included": permits.food_included,
                "start_date": _dates(permits.accommodation_start),
                "end_date": _dates(permits.accommodation_end),
            },
        ),
    )


def _persons(
    rng: np.random.Generator,
    people: People,
    permits: Permits,
    *,
    protected: BoolArray,
    person_row: int,
    first_dossier_number: int,
    allocator: PersonalNumberAllocator,
) -> Table:
    count = len(people.household)
    registered = np.flatnonzero(permits.registered)
    # A number's sex digit for someone recorded with unknown sex is whichever the tax agency gave.
    male = np.where(people.sex == UNKNOWN, rng.random(count) < 0.5, people.sex == MALE)
    numbers = allocator.allocate(people.birth[registered], male[registered])
    personal_number = np.full(count, None, dtype=object)
    assigned = numbers > 0
    personal_number[registered[assigned]] = numbers[assigned].astype(str).astype(object)
    dossier = np.arange(first_dossier_number + person_row, first_dossier_number + person_row + count)
    return Table(
        rows=count,
        columns={
            "dossier_number": dossier.astype(str).astype(object),
            "personal_number": personal_number,
            "given_name": people.given_name,
            "family_name": people.family_name,
            "birth_date": _dates(people.birth),
            "sex": SEX_VALUES[people.sex],
            "country_of_birth": COUNTRY_VALUES[people.country_of_birth],
            "citizenship": people.citizenship,
            "preferred_language": people.language,
            "protected_identity": protected,
        },
    )


def _memberships(
    people: People, separations: _Separations, household_count: int, person_row: int, household_row: int
) -> Table:
    count = len(people.household)
    end = np.full(count, NO_DAY, dtype=np.int64)
    end[separations.leaver] = separations.day - 1
    moved = len(separations.leaver)
    role = np.where(people.adult, "adult", "child").astype(object)
    return Table(
        rows=count + moved,
        columns={
            "household_id": np.concatenate((people.household, household_count + np.arange(moved))) + household_row,
            "person_id": np.concatenate((np.arange(count), separations.leaver)) + person_row,
            "role": np.concatenate((role, np.full(moved, "adult", dtype=object))),
            "start_date": _dates(np.concatenate((people.arrival, separations.day))),
            "end_date": _dates(np.concatenate((end, np.full(moved, NO_DAY, dtype=np.int64)))),
        },
    )


def _guardianships(
    people: People, households: Households, household_start: IntArray, person_row: int, today: int
) -> Table:
    children = np.flatnonzero(~people.adult)
    parents = households.adults[people.household[children]]
    child = np.repeat(children, parents)
    # The n-th parent of a child is the n-th adult of its household; every adult there is a parent.
    nth = np.arange(len(child)) - np.repeat(np.cumsum(parents) - parents, parents)
    guardian = household_start[people.household[child]] + nth
    birth = _dates(people.birth[child])
    month = birth.astype("datetime64[M]")
    # Someone born on 29 February turns 18 on 1 March, as Person.age_on counts it.
    eighteenth = (month + ADULT_YEARS_IN_MONTHS).astype("datetime64[D]") + (birth - month.astype("datetime64[D]"))
    end = eighteenth.astype(np.int64) - 1
    return Table(
        rows=len(child),
        columns={
            "child_id": child + person_row,
            "guardian_id": guardian + person_row,
            "kind": np.full(len(child), "parent", dtype=object),
            "start_date": _dates(people.arrival[child]),
            "end_date": _dates(np.where(end <= today, end, NO_DAY)),
        },
    )


def _partnerships(
    rng: np.random.Generator,
    people: People,
    households: Households,
    *,
    household_start: IntArray,
    separations: _Separations,
    person_row: int,
    household_row: int,
) -> Table:
    couples = np.flatnonzero(households.adults == 2)
    first = household_start[couples]
    second = first + 1
    end = np.full(len(households.pathway), NO_DAY, dtype=np.int64)
    end[separations.household] = separations.day - 1
    married = rng.random(len(couples)) < np.take(f.MARRIED_SHARE, households.pathway[couples])
    return Table(
        rows=len(couples),
        columns={
            "household_id": couples.astype(np.int64) + household_row,
            # The first adult of a household always has the lower row number, so the lower id.
            "person_a_id": first + person_row,
            "person_b_id": second + person_row,
            "kind": np.where(married, "married", "cohabiting").astype(object),
            "start_date": _dates(np.maximum(people.arrival[first], people.arrival[second])),
            "end_date": _dates(end[couples]),
        },
    )
