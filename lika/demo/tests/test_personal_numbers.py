"""Synthetic personal numbers: valid check digit and date, the right sex digit, never handed out twice."""

from __future__ import annotations

import datetime

import numpy as np

from lika.demo.generator.households import day_number
from lika.demo.generator.personal_numbers import SERIALS_PER_DATE_AND_SEX, PersonalNumberAllocator
from lika.people.identifiers import personal_number_normalize


def _days(*dates: datetime.date) -> np.ndarray:
    return np.array([day_number(d) for d in dates], dtype=np.int64)


def test_numbers_are_valid_and_carry_the_birth_date_and_sex() -> None:
    allocator = PersonalNumberAllocator()
    births = _days(datetime.date(1981, 12, 28), datetime.date(2008, 2, 29), datetime.date(1950, 1, 1))
    numbers = allocator.allocate(births, np.array([True, False, True]))
    texts = [str(n) for n in numbers]
    assert [t[:8] for t in texts] == ["19811228", "20080229", "19500101"]
    assert [int(t[10]) % 2 for t in texts] == [1, 0, 1]
    for text in texts:
        assert personal_number_normalize(text) == text


def test_a_number_is_never_handed_out_twice_also_after_a_reserve() -> None:
    allocator = PersonalNumberAllocator()
    births = _days(*([datetime.date(1990, 5, 17)] * 40))
    male = np.arange(40) % 2 == 0
    first = allocator.allocate(births, male)
    assert len(set(first.tolist())) == 40
    fresh = PersonalNumberAllocator()
    fresh.reserve([str(n) for n in first] + ["199005179876", "not a number", "199005779870"])
    second = fresh.allocate(births, male)
    assert not set(first.tolist()) & set(second.tolist())
    assert 199005179876 not in second.tolist()


def test_a_full_birth_date_gives_no_number_rather_than_a_duplicate() -> None:
    allocator = PersonalNumberAllocator()
    births = _days(*([datetime.date(1980, 1, 1)] * (SERIALS_PER_DATE_AND_SEX + 5)))
    numbers = allocator.allocate(births, np.zeros(len(births), dtype=bool))
    given = numbers[numbers > 0]
    assert len(given) == SERIALS_PER_DATE_AND_SEX
    assert len(set(given.tolist())) == SERIALS_PER_DATE_AND_SEX
