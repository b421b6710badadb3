"""The survey's fixtures; what they build is in :mod:`lika.treatment_survey.tests.factories`."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from lika.accounts.models import User
from lika.treatment_survey.tests.factories import Planned, planned_create


@pytest.fixture
def planned(make_staff: Callable[..., User]) -> Planned:
    return planned_create(make_staff)
