"""The allowance's fixtures: officers, and the Haddad family (two married adults and two children).

The family is a persona of :mod:`lika.testing.personas`, built through the registry's own services.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from lika.accounts.models import User
from lika.accounts.roles import Role
from lika.allowance.tests.factories import TODAY
from lika.audit.acting import Acting
from lika.people.models import Person
from lika.testing.clock import Clock
from lika.testing.personas import Family, family_create


@pytest.fixture(autouse=True)
def _english(english: None) -> None:
    """Services' messages are checked in English (the source language), whatever ran before."""


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
    return family_create(make_person, acting)
