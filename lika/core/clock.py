"""The one clock Lika reads: today's date and the current time in the agency's time zone.

Services, views and jobs ask this module, never ``timezone.now()`` or ``date.today()`` themselves,
so that a test can fix the calendar in one place (the ``clock`` fixture of :mod:`lika.testing`) and
every part sees the same day. Rules never read a clock: they take the date as an argument.
"""

from __future__ import annotations

import datetime

from django.utils import timezone

_fixed_now: datetime.datetime | None = None
_fixed_today: datetime.date | None = None


def now() -> datetime.datetime:
    """The current time, aware."""
    return _fixed_now if _fixed_now is not None else timezone.now()


def today() -> datetime.date:
    """Today's date in the agency's time zone."""
    if _fixed_today is not None:
        return _fixed_today
    return timezone.localdate(now())


def fix(*, today: datetime.date | None = None, now: datetime.datetime | None = None) -> None:
    """Fixes the calendar (``today``) or the whole clock (``now``, which also sets the day); None lets it run.

    Only the test plugin calls this, and undoes it after each test.
    """
    global _fixed_now, _fixed_today  # noqa: PLW0603 - the one place the clock is fixed
    if now is not None and timezone.is_naive(now):
        raise ValueError("Fix the clock with an aware time.")
    _fixed_now = now
    _fixed_today = today if today is not None else (timezone.localdate(now) if now is not None else None)
