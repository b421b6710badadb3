"""The protocol: its items and relevance, and the XLSForm made from it, compiled by pyxform."""

from __future__ import annotations

import datetime
import io
import re
import shutil

import openpyxl
import pytest

from lika.treatment_survey.protocol.definition import (
    BEHAVIOURS,
    CONTACT_ITEMS,
    SESSION_ITEMS,
    Condition,
    Relevance,
    behaviour,
    item,
)
from lika.treatment_survey.protocol.xlsform import FormSite, FormSpec, xform_compile, xlsform_sheets, xlsform_workbook

SPEC = FormSpec(
    form_id="bemotande_2026",
    title=behaviour("offered_choice").short,
    channels=("phone", "office", "digital", "embassy"),
    sites=(
        FormSite("KC-NORR", "Kontaktcenter Norrköping", ("phone", "digital")),
        FormSite("MALMO", "Servicekontor Malmö", ("office",)),
        FormSite("NAIROBI", "Ambassaden i Nairobi", ("embassy",)),
    ),
    first_day=datetime.date(2026, 9, 1),
    last_day=datetime.date(2026, 11, 30),
)


@pytest.fixture(scope="module")
def xlsx() -> bytes:
    return xlsform_workbook(SPEC)


@pytest.fixture(scope="module")
def xform(xlsx: bytes) -> str:
    compiled, warnings = xform_compile(xlsx)
    assert warnings == []
    return compiled


def test_the_report_s_six_behaviours_are_the_confirmatory_family() -> None:
    """The behaviours the agency's report found to differ (2.3.1) are pre-registered; the rest are exploratory."""
    confirmatory = [b.name for b in BEHAVIOURS if b.confirmatory]
    assert confirmatory == [
        "offered_choice",
        "unrequested_information",
        "told_why_leaving",
        "humour_returned",
        "smiled",
        "eye_contact",
    ]


@pytest.mark.parametrize("language", ["sv", "en"])
def test_every_item_has_a_label_and_an_operational_definition_in_both_languages(language: str) -> None:
    for candidate in (*SESSION_ITEMS, *CONTACT_ITEMS):
        assert candidate.label.get(language).strip(), candidate.name
        assert len(candidate.definition.get(language)) > 15, candidate.name
    for b in BEHAVIOURS:
        assert b.short.get(language)
        assert b.practice.title.get(language)
        assert b.practice.exercise


def test_swedish_and_english_texts_differ() -> None:
    """Guards against a language column filled with the other language's text."""
    for candidate in CONTACT_ITEMS:
        assert candidate.label.sv != candidate.label.en, candidate.name


@pytest.mark.parametrize(
    ("name", "values", "applies"),
    [
        ("eye_contact", {"channel": "phone"}, False),
        ("eye_contact", {"channel": "office"}, True),
        ("smiled", {"channel": "phone"}, False),
        ("smiled", {"channel": "digital"}, True),
        ("officer_left", {"channel": "embassy"}, False),
        ("told_why_leaving", {"channel": "phone", "officer_left": "no"}, False),
        ("told_why_leaving", {"channel": "phone", "officer_left": "yes"}, True),
        ("told_why_leaving", {"channel": "office", "officer_left": "yes"}, False),
        ("humour_returned", {"channel": "office", "client_humour": "no"}, False),
        ("client_sex_basis", {"client_sex": "unknown"}, False),
        ("client_sex_basis", {"client_sex": "female"}, True),
        ("spoke_to_client", {"interpreter": "no", "companion": "yes"}, True),
        ("spoke_to_client", {"interpreter": "no", "companion": "no"}, False),
        ("offered_choice", {"channel": "phone"}, True),
    ],
)
def test_items_apply_only_where_they_can_occur(name: str, values: dict[str, str], applies: bool) -> None:
    assert item(name).applies(values) is applies


def test_relevance_becomes_an_xpath_expression() -> None:
    relevance = Relevance(((Condition("channel", "phone"), Condition("channel", "digital")), (Condition("a", "yes"),)))
    assert relevance.xpath() == "(${channel} = 'phone' or ${channel} = 'digital') and ${a} = 'yes'"
    assert Relevance().holds({})
    assert Relevance().xpath() == ""


def test_the_form_has_swedish_and_english_columns_on_every_sheet(xlsx: bytes) -> None:
    workbook = openpyxl.load_workbook(io.BytesIO(xlsx))
    assert workbook.sheetnames == ["survey", "choices", "settings"]
    survey_header = [cell.value for cell in workbook["survey"][1]]
    for column in ("label::Svenska (sv)", "label::English (en)", "hint::Svenska (sv)", "hint::English (en)"):
        assert column in survey_header
    choices_header = [cell.value for cell in workbook["choices"][1]]
    assert "label::Svenska (sv)" in choices_header
    assert "label::English (en)" in choices_header


def test_every_question_of_the_protocol_is_in_the_form_once_and_required() -> None:
    rows = xlsform_sheets(SPEC)["survey"]
    questions = [row for row in rows if not row["type"].startswith(("begin", "end"))]
    assert [row["name"] for row in questions] == [i.name for i in (*SESSION_ITEMS, *CONTACT_ITEMS)]
    assert all(row["required"] == "yes" for row in questions)


def test_the_form_offers_only_the_survey_s_channels_and_sites() -> None:
    spec = FormSpec(**{**SPEC.__dict__, "channels": ("office",), "sites": (SPEC.sites[1],)})
    choices = xlsform_sheets(spec)["choices"]
    assert [c["name"] for c in choices if c["list_name"] == "channel"] == ["office"]
    assert [(c["name"], c["channels"]) for c in choices if c["list_name"] == "site"] == [("MALMO", "office")]


def test_pyxform_compiles_the_form_with_both_languages(xform: str) -> None:
    assert 'lang="Svenska (sv)"' in xform
    assert 'lang="English (en)"' in xform
    assert "Erbjöd medarbetaren personen att välja" in xform
    assert "Did the officer offer the person a choice" in xform
    assert "<repeat" in xform
    assert 'nodeset="/data/contact"' in xform


def test_items_that_do_not_apply_are_skipped_by_the_form(xform: str) -> None:
    """Relevance reaches the XForm as bind/@relevant, so the form skips the item instead of asking it."""
    binds = dict(re.findall(r'<bind nodeset="/data/contact/behaviours/(\w+)"[^>]*?relevant="([^"]*)"', xform))
    assert "'office'" in binds["eye_contact"]
    assert "'phone'" not in binds["eye_contact"]
    assert "'phone'" in binds["told_why_leaving"]
    assert "officer_left" in binds["told_why_leaving"]
    assert "offered_choice" not in binds


def test_codes_and_dates_are_constrained_in_the_form(xform: str) -> None:
    assert "regex(., '^[A-Z0-9][A-Z0-9-]{1,15}$')" in xform.replace("&apos;", "'")
    assert "2026-09-01" in xform
    assert "2026-11-30" in xform


@pytest.mark.skipif(shutil.which("java") is None, reason="ODK Validate needs Java, which is not installed here")
def test_odk_validate_accepts_the_form(xlsx: bytes) -> None:
    from pyxform.xls2xform import convert  # type: ignore[import-untyped]

    result = convert(xlsform=io.BytesIO(xlsx), file_type=".xlsx", validate=True)
    assert result.xform


def test_a_site_name_that_looks_like_a_formula_stays_text_in_the_xlsform() -> None:
    """A site called "=HYPERLINK(...)" became a live formula in the downloaded XLSForm (issue 16, defect 7):
    every text cell is now written as text, so Excel shows it as written and pyxform reads it as the label."""
    hostile = '=HYPERLINK("https://example.org/x","Click")'
    spec = FormSpec(**{**SPEC.__dict__, "sites": (FormSite("EVIL", hostile, ("office",)),)})
    workbook = openpyxl.load_workbook(io.BytesIO(xlsform_workbook(spec)))
    cells = [
        cell for sheet in workbook.worksheets for row in sheet.iter_rows() for cell in row if cell.value == hostile
    ]
    assert cells, "the site's name is in the form"
    assert all(cell.data_type == "s" for cell in cells)
