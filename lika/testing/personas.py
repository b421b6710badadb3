"""Personas built through the real services, and the fixtures that make them."""

from __future__ import annotations

import datetime
import itertools
from collections.abc import Callable
from typing import Any

import pytest
from django.core.cache import caches

from lika.accounts.models import User
from lika.accounts.roles import Role
from lika.accounts.services import staff_user_create
from lika.audit.acting import Acting
from lika.people import services
from lika.people.models import Person, Sex

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
