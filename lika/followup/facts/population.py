"""Who the facts are about, read once per rebuild: each person's fixed facts and permit grounds, and a census day.

Every fact row takes the person's breakdowns as they were on the fact's reference day: age group on
that day, the ground of the latest permit application up to it, the household type on it.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from lika.allowance.models import Card, CardException
from lika.followup.dimensions import age_group
from lika.followup.models import NONE
from lika.people.ages import age_on
from lika.people.models import HouseholdMembership, LmaEligibilityPeriod, PermitApplication, Person, Sex
from lika.people.parameters import AGE_OF_MAJORITY

FIRST_YEAR = 2021  # the plan's follow-up starts with the agency's 2021 survey of payment cards


@dataclass(frozen=True)
class PersonInfo:
    sex: str
    birth_date: datetime.date
    country_of_birth: str


class People:
    """The persons' fixed facts and permit grounds, read once per rebuild."""

    def __init__(self) -> None:
        self.info = {
            pid: PersonInfo(sex, born, str(country))
            for pid, sex, born, country in Person.objects.values_list("id", "sex", "birth_date", "country_of_birth")
        }
        self.grounds: dict[int, list[tuple[datetime.date, int, str]]] = defaultdict(list)
        for pid, submitted, app_id, ground in PermitApplication.objects.values_list(
            "person_id", "submitted_on", "id", "ground"
        ):
            self.grounds[pid].append((submitted, app_id, ground))
        for applications in self.grounds.values():
            applications.sort()

    def ground_on(self, pid: int, day: datetime.date) -> str:
        """The ground of the latest application submitted on or before ``day``."""
        ground = NONE
        for submitted, _app_id, value in self.grounds.get(pid, ()):
            if submitted > day:
                break
            ground = value
        return ground

    def demographics(self, pid: int, day: datetime.date) -> tuple[str, str, str]:
        """Sex, age group on ``day`` and country of birth."""
        person = self.info[pid]
        return person.sex, age_group(max(age_on(person.birth_date, day), 0)), person.country_of_birth

    def adult_on(self, pid: int, day: datetime.date) -> bool:
        return age_on(self.info[pid].birth_date, day) >= AGE_OF_MAJORITY


def household_type_of(adults: int, children: int) -> str:
    """one_adult, one_adult_children, two_adults, two_adults_children or other (three adults or more)."""
    if adults == 1:
        return "one_adult_children" if children else "one_adult"
    if adults == 2:
        return "two_adults_children" if children else "two_adults"
    return "other"


class Census:
    """Who lived with whom, who had LMA, cards and exceptions on one day."""

    def __init__(self, people: People, day: datetime.date) -> None:
        self.day = day
        self.household_of: dict[int, int] = {}
        members: dict[int, list[int]] = defaultdict(list)
        for household_id, pid in HouseholdMembership.objects.covering(day).values_list("household_id", "person_id"):
            self.household_of[pid] = household_id
            members[household_id].append(pid)
        self.members = members
        self.lma = set(LmaEligibilityPeriod.objects.covering(day).values_list("person_id", flat=True))
        self.carded = set(
            Card.objects.filter(ordered_on__lte=day).exclude(closed_on__lte=day).values_list("holder_id", flat=True)
        )
        self.excepted = set(CardException.objects.covering(day).values_list("person_id", flat=True))
        self.people = people

    def household_type(self, pid: int) -> str:
        household = self.household_of.get(pid)
        if household is None:
            return NONE
        adults = sum(1 for m in self.members[household] if self.people.adult_on(m, self.day))
        return household_type_of(adults, len(self.members[household]) - adults)

    def own_card(self, pid: int) -> bool:
        return pid in self.carded and pid not in self.excepted

    def lma_adults(self, household: int) -> list[int]:
        return sorted(m for m in self.members[household] if m in self.lma and self.people.adult_on(m, self.day))


def adults_sexes(sexes: Sequence[str]) -> str:
    if sorted(sexes) == [Sex.FEMALE, Sex.MALE]:
        return "woman_and_man"
    if sexes and all(s == Sex.FEMALE for s in sexes):
        return "women"
    if sexes and all(s == Sex.MALE for s in sexes):
        return "men"
    return "other"


def census_days(as_of: datetime.date) -> list[tuple[int, datetime.date]]:
    return [(year, min(datetime.date(year, 12, 31), as_of)) for year in range(FIRST_YEAR, as_of.year + 1)]
