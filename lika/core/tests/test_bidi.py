"""Codes and figures in right-to-left text: isolated so that they keep their order (issue 20)."""

from __future__ import annotations

import datetime

import pytest
from django.utils import translation

from lika.core.bidi import LRI, PDI, ltr, ltr_html, without_isolates
from lika.core.periods import month_text, period_text
from lika.core.templatetags.lika import ltr as ltr_filter

NUMBER = "LMA-2026-12-00000001-1"


@pytest.mark.parametrize("code", ["ar", "fa", "prs"])
def test_a_code_is_isolated_left_to_right_in_a_right_to_left_language(code: str) -> None:
    with translation.override(code):
        assert ltr(NUMBER) == f"{LRI}{NUMBER}{PDI}"
        # Isolating twice gives one isolate, not two nested ones Typst would not recognise.
        assert ltr(ltr(NUMBER)) == ltr(NUMBER)
        assert ltr("") == ""


@pytest.mark.parametrize("code", ["sv", "en", "so", "ti"])
def test_a_left_to_right_language_gets_the_text_unchanged(code: str) -> None:
    with translation.override(code):
        assert ltr(NUMBER) == NUMBER


def test_in_html_a_code_is_a_bdi_without_isolate_characters_and_escaped() -> None:
    with translation.override("ar"):
        assert ltr_html(ltr(NUMBER)) == f'<bdi dir="ltr">{NUMBER}</bdi>'
        assert ltr_filter("<b>1</b>") == '<bdi dir="ltr">&lt;b&gt;1&lt;/b&gt;</bdi>'
    assert without_isolates(f"x {LRI}1-2{PDI}") == "x 1-2"


def test_a_period_in_arabic_keeps_its_dates_left_to_right() -> None:
    """After an Arabic word, "2025-01-10" counts as Arabic digits and would show as "10-01-2025"."""
    with translation.override("ar"):
        text = period_text(datetime.date(2025, 1, 10), datetime.date(2025, 3, 31))
    assert f"{LRI}2025-01-10{PDI}" in text
    assert f"{LRI}2025-03-31{PDI}" in text
    with translation.override("en"):
        assert period_text(datetime.date(2025, 1, 10), None) == "from 2025-01-10"


@pytest.mark.parametrize(
    ("code", "written"),
    [("en", "December 2026"), ("sv", "december 2026"), ("ar", "ديسمبر 2026"), ("so", "Disembar 2026")],
)
def test_a_month_is_written_in_words(code: str, written: str) -> None:
    with translation.override(code):
        assert month_text("2026-12") == written
