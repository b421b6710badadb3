"""The ``clock`` fixture: a test sets today's date (or the whole clock) for every part at once."""

from __future__ import annotations

import datetime
from collections.abc import Iterator

import pytest

from lika.core import clock as core_clock


class Clock:
    """Sets what :mod:`lika.core.clock` answers for the rest of the test."""

    def set_today(self, day: datetime.date) -> None:
        """Fixes the calendar; the time of day keeps running."""
        core_clock.fix(today=day)

    def set_now(self, moment: datetime.datetime) -> None:
        """Stops the clock at ``moment`` (aware); today follows from it."""
        core_clock.fix(now=moment)


@pytest.fixture
def clock() -> Clock:
    """Sets the day or the time every service, view and job reads."""
    return Clock()


@pytest.fixture(autouse=True)
def _clock_runs_again() -> Iterator[None]:
    """Whatever a test fixed, the next test starts with the real clock."""
    yield
    core_clock.fix()
