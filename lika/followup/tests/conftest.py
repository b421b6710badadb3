"""Households built through the registry's and the allowance's own services, for the fact tables."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.test import override_settings
from django.utils import translation

from lika.accounts.models import User
from lika.accounts.roles import Role
from lika.allowance import services as allowance
from lika.allowance.models import Card, ExceptionKind, ExceptionReason
from lika.audit.acting import Acting
from lika.people import services
from lika.people.models import EligibilityBasis, Household, MemberRole, Person, Sex


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def facts_dir(tmp_path: Path) -> Iterator[Path]:
    """Every test writes its Parquet files to a directory of its own."""
    directory = tmp_path / "facts"
    with override_settings(LIKA_FACTS_DIR=directory):
        yield directory


@pytest.fixture
def officer(make_staff: Callable[..., User]) -> User:
    return make_staff(Role.CASE_OFFICER, username="officer")


@pytest.fixture
def by_officer(officer: User) -> Acting:
    return Acting(actor=officer, reason="Follow-up test")


@dataclass(frozen=True)
class Couple:
    household: Household
    woman: Person
    man: Person
    cards: dict[int, Card]


MakeCouple = Callable[..., Couple]


@pytest.fixture
def make_couple(make_person: Callable[..., Person], by_officer: Acting) -> MakeCouple:
    """A woman and a man in LMA from ``start`` to ``end``, each with a card ordered on ``start``.

    ``joint_card=True`` pays the woman on the man's card from ``start`` (an officer's exception).
    """

    def make(
        start: datetime.date,
        end: datetime.date | None = None,
        *,
        joint_card: bool = False,
        woman_card: bool = True,
        country: str = "SY",
    ) -> Couple:
        woman = make_person(sex=Sex.FEMALE, birth_date=datetime.date(1990, 5, 1), country_of_birth=country)
        man = make_person(sex=Sex.MALE, birth_date=datetime.date(1987, 8, 1), country_of_birth=country)
        household = services.household_create(
            acting=by_officer,
            start_date=start,
            members=[services.Member(woman, MemberRole.ADULT), services.Member(man, MemberRole.ADULT)],
        )
        for person in (woman, man):
            services.lma_eligibility_create(
                acting=by_officer,
                person=person,
                basis=EligibilityBasis.ASYLUM_SEEKER,
                start_date=start,
                end_date=end,
            )
        cards = {man.pk: allowance.card_order(acting=by_officer, person=man, on=start)}
        if woman_card:
            cards[woman.pk] = allowance.card_order(acting=by_officer, person=woman, on=start)
        if joint_card:
            allowance.card_exception_create(
                acting=by_officer,
                person=woman,
                kind=ExceptionKind.JOINT_CARD,
                card=cards[man.pk],
                reason=ExceptionReason.values[0],
                start_date=start,
                end_date=end,
            )
        return Couple(household, woman, man, cards)

    return make
