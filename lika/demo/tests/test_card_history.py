"""The demo's payment cards and officers' exceptions since LMA began."""

from __future__ import annotations

import datetime
from collections.abc import Callable

import pytest

from lika.accounts.models import User
from lika.accounts.roles import Role
from lika.allowance.models import Card, CardException
from lika.audit.acting import Acting
from lika.demo.card_history import EXCEPTION_DAYS, demo_card_history
from lika.people import services
from lika.people.models import EligibilityBasis, MemberRole, Person, Sex

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 6, 30)


def _couples(make_person: Callable[..., Person], acting: Acting, start: datetime.date, count: int) -> None:
    for _ in range(count):
        woman = make_person(sex=Sex.FEMALE, birth_date=datetime.date(1992, 3, 1))
        man = make_person(sex=Sex.MALE, birth_date=datetime.date(1990, 7, 1))
        services.household_create(
            acting=acting,
            start_date=start,
            members=[services.Member(woman, MemberRole.ADULT), services.Member(man, MemberRole.ADULT)],
        )
        for person in (woman, man):
            services.lma_eligibility_create(
                acting=acting, person=person, basis=EligibilityBasis.ASYLUM_SEEKER, start_date=start
            )


def test_an_exception_runs_two_years_even_past_the_day_the_demo_is_set_up(
    make_person: Callable[..., Person], make_staff: Callable[..., User], acting: Acting
) -> None:
    """An exception chosen a year ago is reviewed after two years, not ended on the day the demo is made.

    Ended on that day, every recent exception would be gone from the next day on, and the current
    year's own-card figure would jump towards 100 % with the first nightly rebuild.
    """
    make_staff(Role.CASE_OFFICER, username="case-officer")
    _couples(make_person, acting, datetime.date(2025, 5, 1), 40)
    cards, made = demo_card_history(today=TODAY, seed=3)
    assert cards == Card.objects.count() == 80
    assert made == CardException.objects.count() > 0
    for exception in CardException.objects.all():
        assert exception.end_date == exception.start_date + datetime.timedelta(days=EXCEPTION_DAYS)
        assert exception.covers(TODAY + datetime.timedelta(days=1))
