"""Dates the allowance's tests share: the standing calendar and the December payday."""

from __future__ import annotations

import datetime

TODAY = datetime.date(2026, 11, 22)  # the calendar stands still here, so that payment dates stay ahead
DECEMBER_PAYDAY = datetime.date(2026, 11, 25)
