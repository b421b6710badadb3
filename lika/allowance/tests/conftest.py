"""A family built through the registry's own services: two married adults and two children."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pytest
from django.utils import translation

from lika.accounts.models import User
from lika.accounts.roles import Role
from lika.allowance import services as allowance
from lika.allowance.models import Card
from lika.audit.acting import Acting
from lika.people import services
from lika.people.models import (
    AccommodationKind,
    EligibilityBasis,
    GuardianKind,
    Household,
    MemberRole,
    PartnershipKind,
    Person,
    Sex,
)
from lika.testing.clock import Clock

START = datetime.date(2025, 1, 1)
TODAY = datetime.date(2026, 11, 22)
DECEMBER_PAYDAY = datetime.date(2026, 11, 25)


@dataclass
class Family:
    household: Household
    woman: Person
    man: Person
    elder: Person
    younger: Person
    cards: dict[int, Card]


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    """Services' messages are checked in English (the source language), whatever ran before."""
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def _today(clock: Clock) -> None:
    """The calendar stands still on 22 November 2026, so that payment dates stay ahead."""
    clock.set_today(TODAY)


@pytest.fixture
def officer(make_staff: Callable[..., User]) -> User:
    return make_staff(Role.CASE_OFFICER, username="officer")


@pytest.fixture
def approver(make_staff: Callable[..., User]) -> User:
    return make_staff(Role.APPROVER, username="approver")


@pytest.fixture
def by_officer(officer: User) -> Acting:
    return Acting(actor=officer, reason="Monthly allowance")


@pytest.fixture
def by_approver(approver: User) -> Acting:
    return Acting(actor=approver, reason="Approved after review")


@pytest.fixture
def family(make_person: Callable[..., Person], acting: Acting) -> Family:
    woman = make_person(given_name="Amina", family_name="Haddad", sex=Sex.FEMALE, birth_date=datetime.date(1990, 4, 2))
    man = make_person(given_name="Omar", family_name="Haddad", sex=Sex.MALE, birth_date=datetime.date(1988, 9, 14))
    elder = make_person(given_name="Lina", family_name="Haddad", sex=Sex.FEMALE, birth_date=datetime.date(2015, 3, 3))
    younger = make_person(given_name="Sami", family_name="Haddad", sex=Sex.MALE, birth_date=datetime.date(2019, 6, 1))
    household = services.household_create(
        acting=acting,
        start_date=START,
        members=[
            services.Member(woman, MemberRole.ADULT),
            services.Member(man, MemberRole.ADULT),
            services.Member(elder, MemberRole.CHILD),
            services.Member(younger, MemberRole.CHILD),
        ],
    )
    services.partnership_create(
        acting=acting, household=household, first=woman, second=man, kind=PartnershipKind.MARRIED, start_date=START
    )
    for child in (elder, younger):
        for parent in (woman, man):
            services.guardianship_create(
                acting=acting, child=child, guardian=parent, kind=GuardianKind.PARENT, start_date=child.birth_date
            )
    for person in (woman, man, elder, younger):
        services.lma_eligibility_create(
            acting=acting, person=person, basis=EligibilityBasis.ASYLUM_SEEKER, start_date=START
        )
        services.accommodation_period_create(
            acting=acting, person=person, kind=AccommodationKind.OWN, food_included=False, start_date=START
        )
    cards = {adult.pk: allowance.card_order(acting=acting, person=adult, on=START) for adult in (woman, man)}
    return Family(household=household, woman=woman, man=man, elder=elder, younger=younger, cards=cards)
