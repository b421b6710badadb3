"""Closed periods of whole days (start and end included; no end means open), months: arithmetic and wording.

No ORM and no clock: the registry services use these to check that a child is never left without an
adult, and pages and messages use :func:`period_text` so that a period reads the same everywhere.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.utils import formats
from django.utils.translation import gettext as _

from lika.core.bidi import ltr

Period = tuple[datetime.date, datetime.date | None]
_ONE_DAY = datetime.timedelta(days=1)


def first_uncovered_day(needed: Period, cover: Iterable[Period]) -> datetime.date | None:
    """The first day of ``needed`` that no period in ``cover`` includes, or None if all are covered.

    >>> d = datetime.date
    >>> first_uncovered_day((d(2025, 1, 1), d(2025, 1, 31)), [(d(2025, 1, 1), d(2025, 1, 10)), (d(2025, 1, 11), None)])
    >>> first_uncovered_day((d(2025, 1, 1), None), [(d(2025, 1, 1), d(2025, 1, 10)), (d(2025, 1, 12), None)])
    datetime.date(2025, 1, 11)
    >>> first_uncovered_day((d(2025, 1, 1), None), [])
    datetime.date(2025, 1, 1)
    """
    start, end = needed
    day = start
    for cover_start, cover_end in sorted(cover, key=lambda period: period[0]):
        if end is not None and day > end:
            return None
        if cover_start > day:
            return day
        if cover_end is None:
            return None
        if cover_end >= day:
            day = cover_end + _ONE_DAY
    if end is not None and day > end:
        return None
    return day


def birthday(birth_date: datetime.date, age: int) -> datetime.date:
    """The day someone born on ``birth_date`` turns ``age``; 29 February births count from 1 March.

    >>> birthday(datetime.date(2008, 2, 29), 18)
    datetime.date(2026, 3, 1)
    """
    try:
        return birth_date.replace(year=birth_date.year + age)
    except ValueError:
        return datetime.date(birth_date.year + age, 3, 1)


def last_day_before(day: datetime.date) -> datetime.date:
    return day - _ONE_DAY


def period_text(start: datetime.date, end: datetime.date | None) -> str:
    """A period as people read it: "2025-01-10 to 2025-03-31", or "from 2025-01-10" while open.

    Each date is isolated left to right (:func:`lika.core.bidi.ltr`): after an Arabic word the
    bidirectional algorithm takes "2025-01-10" for Arabic digits and shows it as "10-01-2025".
    """
    if end is None:
        return _("from %(start)s") % {"start": ltr(start.isoformat())}
    return _("%(start)s to %(end)s") % {"start": ltr(start.isoformat()), "end": ltr(end.isoformat())}


def month_text(month: str) -> str:
    """A month written "2026-12" as people read it in the active language: "December 2026", "december 2026".

    Words rather than digits, which a right-to-left page would reorder ("12-2026").
    """
    year, number = (int(part) for part in month.split("-"))
    return formats.date_format(datetime.date(year, number, 1), "YEAR_MONTH_FORMAT")
