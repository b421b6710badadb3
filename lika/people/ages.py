"""Age in whole years: one definition for the registry, the allowance rules and the follow-up (pure, no Django)."""

from __future__ import annotations

import datetime


def age_on(birth_date: datetime.date, day: datetime.date) -> int:
    """Whole years of age on ``day``; someone born on 29 February has a birthday on 1 March.

    >>> age_on(datetime.date(2008, 2, 29), datetime.date(2026, 2, 28))
    17
    >>> age_on(datetime.date(2008, 2, 29), datetime.date(2026, 3, 1))
    18
    """
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))
