"""The follow-up's fixtures: its own facts directory, an officer, and couples (:mod:`lika.testing.personas`)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path

import pytest
from django.test import override_settings

from lika.accounts.models import User
from lika.accounts.roles import Role
from lika.audit.acting import Acting
from lika.people.models import Person
from lika.testing.personas import MakeCouple, couple_create


@pytest.fixture(autouse=True)
def _english(english: None) -> None:
    """Labels and messages are checked in English, whatever ran before."""


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


@pytest.fixture
def make_couple(make_person: Callable[..., Person], by_officer: Acting) -> MakeCouple:
    """A woman and a man in LMA from ``start`` to ``end``, each with a card ordered on ``start`` by the officer.

    ``joint_card=True`` pays the woman on the man's card from ``start`` (an officer's exception); see
    :func:`lika.testing.personas.couple_create`.
    """
    return partial(couple_create, make_person, by_officer)
