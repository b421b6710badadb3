"""The census facts: persons and households on 31 December of each year (or the rebuild day for this year).

Both tables are rebuilt in full every night, because a late registration can change any past year,
and together, in one pass and one transaction: a person's ``couple_woman_man`` comes from their
household's adults, so the two tables always describe the same census.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction

from lika.core import clock
from lika.core.bulk import model_rows_write
from lika.followup.facts.population import Census, People, adults_sexes, census_days
from lika.followup.facts.record import RebuildResult, rebuild_record
from lika.followup.models import FactHouseholdYear, FactPersonYear


def census_rebuild(*, as_of: datetime.date, people: People) -> list[RebuildResult]:
    """Persons and households on each year's census day, in full."""
    started = clock.now()
    person_rows: list[tuple[Any, ...]] = []
    household_rows: list[tuple[Any, ...]] = []
    for year, day in census_days(as_of):
        census = Census(people, day)
        couples: set[int] = set()
        for household, _pids in census.members.items():
            lma_adults = census.lma_adults(household)
            if not lma_adults:
                continue
            sexes = [people.info[p].sex for p in lma_adults]
            kind = adults_sexes(sexes)
            if kind == "woman_and_man":
                couples.update(lma_adults)
            eldest = min(lma_adults, key=lambda p: (people.info[p].birth_date, p))
            household_rows.append(
                (
                    year,
                    day,
                    household,
                    census.household_type(lma_adults[0]),
                    kind,
                    len(lma_adults),
                    all(census.own_card(p) for p in lma_adults),
                    people.info[eldest].country_of_birth,
                )
            )
        for pid in sorted(set(census.household_of) | census.lma):
            if pid not in people.info or people.info[pid].birth_date > day:
                continue
            sex, group, country = people.demographics(pid, day)
            adult = people.adult_on(pid, day)
            in_lma = pid in census.lma
            person_rows.append(
                (
                    year,
                    day,
                    pid,
                    sex,
                    group,
                    country,
                    adult,
                    people.ground_on(pid, day),
                    census.household_type(pid),
                    in_lma,
                    pid in couples,
                    adult and in_lma and census.own_card(pid),
                )
            )
    with transaction.atomic():
        FactPersonYear.objects.all().delete()
        FactHouseholdYear.objects.all().delete()
        model_rows_write(
            FactPersonYear,
            [
                "year",
                "census_date",
                "person_id",
                "sex",
                "age_group",
                "country_of_birth",
                "adult",
                "permit_ground",
                "household_type",
                "lma",
                "couple_woman_man",
                "own_card",
            ],
            person_rows,
        )
        model_rows_write(
            FactHouseholdYear,
            [
                "year",
                "census_date",
                "household_id",
                "household_type",
                "adults_sexes",
                "lma_adults",
                "both_own_card",
                "country_of_birth",
            ],
            household_rows,
        )
        return [
            rebuild_record(
                FactPersonYear, full=True, as_of=as_of, watermark=0, written=len(person_rows), started=started
            ),
            rebuild_record(
                FactHouseholdYear, full=True, as_of=as_of, watermark=0, written=len(household_rows), started=started
            ),
        ]
