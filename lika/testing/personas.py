"""Personas built through the real services, and the fixtures that make them.

A persona is a person or household a test can name: the Haddad family with two children, a couple in
LMA with or without a joint card. Min Sida's households, with a protected adult, are in
:mod:`lika.testing.portal`. Each is registered through the same services an officer's form calls, so a
test sees the audit events and side effects the real flow makes. Cards get demo IBANs from
:mod:`lika.demo.bank_accounts`, entered as an officer would enter a real account.
"""

from __future__ import annotations

import datetime
import itertools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.core.cache import caches

from lika.accounts.models import User
from lika.accounts.roles import Role
from lika.accounts.services import staff_user_create
from lika.allowance import services as allowance
from lika.allowance.models import Card, ExceptionKind, ExceptionReason
from lika.audit.acting import Acting
from lika.demo.bank_accounts import iban_se_demo
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

_dossier_numbers = itertools.count(10_000_001)


@pytest.fixture(autouse=True)
def _empty_caches() -> None:
    """Each test starts with empty caches: its database is fresh, and Om Sverige's cached pages must be too."""
    for cache in caches.all():
        cache.clear()


@pytest.fixture
def acting() -> Acting:
    return Acting(actor=None, actor_label="test suite", reason="Test")


@pytest.fixture
def make_person(acting: Acting) -> Callable[..., Person]:
    """Registers a person through :func:`services.person_create`; keyword arguments override defaults."""

    def make(**overrides: Any) -> Person:
        values: dict[str, Any] = {
            "dossier_number": str(next(_dossier_numbers)),
            "given_name": "Test",
            "family_name": "Person",
            "birth_date": datetime.date(1990, 1, 1),
            "sex": Sex.FEMALE,
            "country_of_birth": "SY",
            "preferred_language": "ar",
        }
        values.update(overrides)
        return services.person_create(acting=acting, **values)

    return make


@pytest.fixture
def make_staff(db: None) -> Callable[..., User]:
    """Creates a member of staff with the given roles (password "correct horse battery")."""

    def make(*roles: Role, username: str | None = None) -> User:
        return staff_user_create(
            actor=None,
            actor_label="test suite",
            reason="Test",
            username=username or "-".join(r.value for r in roles),
            password="correct horse battery",  # noqa: S106
            roles=roles,
            check_password=False,
        )

    return make


# The day the personas' households start, their adults' LMA and their own accommodation.
START = datetime.date(2025, 1, 1)


@dataclass
class Family:
    """Amina and Omar Haddad, married, with Lina (born 2015) and Sami (2019); each adult has a card."""

    household: Household
    woman: Person
    man: Person
    elder: Person
    younger: Person
    cards: dict[int, Card]


def family_create(make_person: Callable[..., Person], acting: Acting) -> Family:
    """Registers the Haddad family through the registry's and the allowance's services, in LMA from :data:`START`.

    Both parents are guardians of both children; everyone lives in their own accommodation without food.
    """
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
    cards = {
        adult.pk: allowance.card_order(acting=acting, person=adult, on=START, account_iban=iban_se_demo(adult.pk))
        for adult in (woman, man)
    }
    return Family(household=household, woman=woman, man=man, elder=elder, younger=younger, cards=cards)


@dataclass(frozen=True)
class Couple:
    """A woman and a man in one household, and the cards ordered for them by person id."""

    household: Household
    woman: Person
    man: Person
    cards: dict[int, Card]


MakeCouple = Callable[..., Couple]


def couple_create(
    make_person: Callable[..., Person],
    acting: Acting,
    start: datetime.date,
    end: datetime.date | None = None,
    *,
    joint_card: bool = False,
    woman_card: bool = True,
    country: str = "SY",
) -> Couple:
    """A woman and a man in LMA from ``start`` to ``end``, each with a card ordered on ``start``.

    ``joint_card=True`` pays the woman on the man's card from ``start`` (an officer's exception);
    ``woman_card=False`` orders a card for the man only.
    """
    woman = make_person(sex=Sex.FEMALE, birth_date=datetime.date(1990, 5, 1), country_of_birth=country)
    man = make_person(sex=Sex.MALE, birth_date=datetime.date(1987, 8, 1), country_of_birth=country)
    household = services.household_create(
        acting=acting,
        start_date=start,
        members=[services.Member(woman, MemberRole.ADULT), services.Member(man, MemberRole.ADULT)],
    )
    for person in (woman, man):
        services.lma_eligibility_create(
            acting=acting,
            person=person,
            basis=EligibilityBasis.ASYLUM_SEEKER,
            start_date=start,
            end_date=end,
        )
    cards = {man.pk: allowance.card_order(acting=acting, person=man, on=start, account_iban=iban_se_demo(man.pk))}
    if woman_card:
        cards[woman.pk] = allowance.card_order(
            acting=acting, person=woman, on=start, account_iban=iban_se_demo(woman.pk)
        )
    if joint_card:
        allowance.card_exception_create(
            acting=acting,
            person=woman,
            kind=ExceptionKind.JOINT_CARD,
            card=cards[man.pk],
            reason=ExceptionReason.values[0],
            start_date=start,
            end_date=end,
        )
    return Couple(household, woman, man, cards)
