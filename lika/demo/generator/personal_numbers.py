"""Synthetic Swedish personal numbers (personnummer): right date, right sex digit, right check digit.

A number is ``YYYYMMDD`` + a three-digit serial + a Luhn check digit over the last ten digits
but one. The serial's last digit is odd for men and even for women. The allocator hands out each
birth date's serials in order and never twice, also across several loads, as long as it is told
the numbers already taken. A synthetic number can coincide with a real person's; it is only ever
stored next to a dossier number from the demo range (docs/demo-data.md).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

import numpy as np
import numpy.typing as npt

_EPOCH = datetime.date(1970, 1, 1)
_FIRST_YEAR = 1900
_LAST_YEAR = 2100
# Per birth date and sex there are 500 serials: 000..998 even for women, 001..999 odd for men.
SERIALS_PER_DATE_AND_SEX = 500


def luhn_check_digits(nine_digits: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
    """The Luhn check digit of each nine-digit number ``YYMMDDNNN``.

    >>> luhn_check_digits(np.array([811228987], dtype=np.int64)).tolist()
    [4]
    """
    total = np.zeros(len(nine_digits), dtype=np.int64)
    rest = nine_digits.copy()
    # The rightmost of the nine digits is doubled, then every second digit leftwards.
    for position in range(9):
        digit = rest % 10
        rest //= 10
        if position % 2 == 0:
            digit = digit * 2
            digit = digit // 10 + digit % 10
        total += digit
    return (10 - total % 10) % 10


class PersonalNumberAllocator:
    """Hands out unique personal numbers by birth date and sex, in order of the serial."""

    def __init__(self) -> None:
        self._first_day = (datetime.date(_FIRST_YEAR, 1, 1) - _EPOCH).days
        days = (datetime.date(_LAST_YEAR, 12, 31) - _EPOCH).days - self._first_day + 1
        # Next free serial slot for each (birth date, sex) pair: index = day * 2 + (1 if male).
        self._next_slot = np.zeros(days * 2, dtype=np.int32)

    def reserve(self, taken: Iterable[str]) -> None:
        """Marks existing 12-digit numbers as used, so that no number is handed out twice.

        Coordination numbers (day plus 60) and malformed values cannot clash and are skipped.
        """
        numbers = np.array([n for n in taken if len(n) == 12 and n.isdigit()], dtype="U12")
        if not len(numbers):
            return
        values = numbers.astype(np.int64)
        year, month, day = values // 10**8, values // 10**6 % 100, values // 10**4 % 100
        serial = values // 10 % 1000
        usable = (year >= _FIRST_YEAR) & (year <= _LAST_YEAR) & (month >= 1) & (month <= 12) & (day >= 1) & (day <= 31)
        year, month, day = year[usable], month[usable], day[usable]
        birth = ((year - 1970).astype("datetime64[Y]").astype("datetime64[M]") + (month - 1)).astype(
            "datetime64[D]"
        ) + (day - 1)
        birth = birth.astype(np.int64)
        keys = (birth - self._first_day) * 2 + serial[usable] % 2
        np.maximum.at(self._next_slot, keys, (serial[usable] // 2 + 1).astype(np.int32))

    def allocate(self, birth_days: npt.NDArray[np.int64], male: npt.NDArray[np.bool_]) -> npt.NDArray[np.int64]:
        """Numbers for people born on ``birth_days`` (days since 1970-01-01); 0 where a date is full.

        Within one call the numbers follow the order of the rows.
        """
        if not len(birth_days):
            return np.zeros(0, dtype=np.int64)
        keys = (birth_days - self._first_day) * 2 + male.astype(np.int64)
        order = np.argsort(keys, kind="stable")
        sorted_keys = keys[order]
        unique_keys, first_position, counts = np.unique(sorted_keys, return_index=True, return_counts=True)
        rank_sorted = np.arange(len(sorted_keys)) - np.repeat(first_position, counts)
        slot = np.empty(len(keys), dtype=np.int64)
        slot[order] = self._next_slot[sorted_keys].astype(np.int64) + rank_sorted
        self._next_slot[unique_keys] += counts.astype(np.int32)
        serial = slot * 2 + male.astype(np.int64)
        dates = birth_days.astype("datetime64[D]")
        years = dates.astype("datetime64[Y]").astype(np.int64) + 1970
        months = dates.astype("datetime64[M]").astype(np.int64) % 12 + 1
        days = (dates - dates.astype("datetime64[M]")).astype(np.int64) + 1
        date_part = years * 10_000 + months * 100 + days
        nine = (date_part % 1_000_000) * 1000 + serial
        numbers = date_part * 10_000 + serial * 10 + luhn_check_digits(nine)
        return np.where(slot < SERIALS_PER_DATE_AND_SEX, numbers, 0)
