"""The clock and the language a test sets last for that test only (the tests run in file order)."""

from __future__ import annotations

import datetime
from collections.abc import Callable

from django.conf import settings
from django.utils import timezone, translation

from lika.core import clock as core_clock
from lika.testing.clock import Clock

FIXED = datetime.date(2001, 2, 3)


def test_the_clock_fixture_sets_today_for_every_part(clock: Clock) -> None:
    clock.set_today(FIXED)
    assert core_clock.today() == FIXED


def test_the_next_test_starts_with_the_real_clock() -> None:
    assert core_clock.today() == timezone.localdate()


def test_use_language_activates_a_language_for_the_test(use_language: Callable[[str], None]) -> None:
    use_language("ar")
    assert translation.get_language() == "ar"
    assert translation.get_language_bidi()


def test_the_next_test_starts_in_the_default_language() -> None:
    assert translation.get_language() == settings.LANGUAGE_CODE


def test_english_reads_the_source_language(english: None) -> None:
    assert translation.get_language() == "en"
