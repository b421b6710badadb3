"""The breakdowns shared by fact tables, registers and indicators, worked out once so that every engine groups alike.

Pure: no Django, no clock.
"""

from __future__ import annotations

import datetime

# Age groups as the agency's follow-up reports them (children, young adults, then ten-year bands).
AGE_GROUPS: tuple[tuple[str, int, int | None], ...] = (
    ("0-17", 0, 17),
    ("18-24", 18, 24),
    ("25-34", 25, 34),
    ("35-44", 35, 44),
    ("45-54", 45, 54),
    ("55-64", 55, 64),
    ("65+", 65, None),
)


def age_group(age: int) -> str:
    """The age group of someone ``age`` whole years old.

    >>> age_group(17), age_group(18), age_group(64), age_group(90)
    ('0-17', '18-24', '55-64', '65+')
    """
    if age < 0:
        raise ValueError(f"An age cannot be negative: {age}.")
    for name, low, high in AGE_GROUPS:
        if age >= low and (high is None or age <= high):
            return name
    raise AssertionError("unreachable: the last age group is open-ended")


def quarter(day: datetime.date) -> int:
    """The calendar quarter, 1–4.

    >>> quarter(datetime.date(2026, 11, 22))
    4
    """
    return (day.month - 1) // 3 + 1
