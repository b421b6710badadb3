"""first_uncovered_day agrees with counting day by day."""

from __future__ import annotations

import datetime

from hypothesis import given
from hypothesis import strategies as st

from lika.core.periods import Period, birthday, first_uncovered_day

ORIGIN = datetime.date(2025, 1, 1)
HORIZON = 80  # days: later than any closed period ends (40 + 25), so an open need is judged in full


def _period(start: int, length: int | None) -> Period:
    begin = ORIGIN + datetime.timedelta(days=start)
    return begin, None if length is None else begin + datetime.timedelta(days=length)


periods = st.builds(_period, st.integers(0, 40), st.one_of(st.none(), st.integers(0, 25)))


def _covers(period: Period, day: datetime.date) -> bool:
    return period[0] <= day and (period[1] is None or day <= period[1])


@given(needed=periods, cover=st.lists(periods, max_size=5))
def test_first_uncovered_day_matches_counting_day_by_day(needed: Period, cover: list[Period]) -> None:
    last = needed[1] or ORIGIN + datetime.timedelta(days=HORIZON)
    expected = None
    day = needed[0]
    while day <= last:
        if not any(_covers(c, day) for c in cover):
            expected = day
            break
        day += datetime.timedelta(days=1)
    assert first_uncovered_day(needed, cover) == expected


def test_birthday_of_an_ordinary_date() -> None:
    assert birthday(datetime.date(2010, 6, 15), 18) == datetime.date(2028, 6, 15)
