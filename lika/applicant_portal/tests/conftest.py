"""Min Sida's fixtures: its world of households (:mod:`lika.testing.portal`), an officer, and a standing calendar."""

from __future__ import annotations

import datetime
from collections.abc import Callable

import pytest

from lika.accounts.models import User
from lika.accounts.roles import Role
from lika.audit.acting import Acting
from lika.people.models import Person
from lika.testing.clock import Clock
from lika.testing.portal import World, world_create

TODAY = datetime.date(2026, 11, 22)


@pytest.fixture(autouse=True)
def _english(english: None) -> None:
    """Messages are checked in English, whatever ran before."""


@pytest.fixture(autouse=True)
def _today(clock: Clock) -> None:
    clock.set_today(TODAY)


@pytest.fixture
def officer(make_staff: Callable[..., User]) -> User:
    return make_staff(Role.CASE_OFFICER, username="officer")


@pytest.fixture
def by_officer(officer: User) -> Acting:
    return Acting(actor=officer, reason="Test")


@pytest.fixture
def world(make_person: Callable[..., Person], acting: Acting, by_officer: Acting) -> World:
    return world_create(make_person, acting, by_officer)
