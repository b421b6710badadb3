"""Somali and Tigrinya: every string a newcomer meets is translated.

A newcomer meets Min Sida, Om Sverige's templates, the public pages and the base layout, the error
pages, the messages Lika sends them, the permit letter and the allowance decision. Where each
string comes from is known only from makemessages' locations, so the test extracts the strings
afresh (as test_languages does, in a scratch folder) and looks each newcomer-facing one up in the
committed catalogue: a string added to Min Sida without its Somali or Tigrinya text fails here.
"""

from __future__ import annotations

import datetime
import re
from pathlib import Path

import polib
import pytest
from django.utils import formats, translation

from lika.testing.language import catalogue_extracted

ROOT = Path(__file__).resolve().parents[3]
LOCALE = ROOT / "locale"
LANGUAGES = ["so", "ti"]

# Files whose strings a newcomer reads. Staff-only views, Wagtail's editor labels and model field
# names stay English.
NEWCOMER_FILES = (
    "lika/applicant_portal/",
    "lika/newcomer_info/",
    "lika/core/templates/",
    "lika/core/periods.py",
    "config/settings/base.py",
    "lika/allowance/documents.py",
    "lika/allowance/explanations.py",
    "lika/people/identifiers.py",
)
STAFF_FILES = (
    "lika/applicant_portal/staff_views.py",
    "lika/applicant_portal/staff_forms.py",
    "lika/applicant_portal/services/mailings.py",
    "lika/newcomer_info/desk_card.py",
    "lika/newcomer_info/review.py",
    "lika/newcomer_info/review_views.py",
    "lika/newcomer_info/translation_flow.py",
    "lika/core/templates/core/job.html",
    "lika/core/templates/core/job_list.html",
    "lika/applicant_portal/templates/applicant_portal/staff/",
    "lika/applicant_portal/models/",
    "lika/newcomer_info/staff_views.py",
    "lika/newcomer_info/channel_views.py",
    "lika/newcomer_info/dashboard.py",
    "lika/newcomer_info/print_views.py",
    "lika/newcomer_info/templates/newcomer_info/staff/",
    "lika/newcomer_info/templates/newcomer_info/print/",
    "lika/newcomer_info/wagtail_hooks.py",
    "lika/newcomer_info/services.py",
    "lika/newcomer_info/models/",
    "lika/newcomer_info/blocks.py",
    "lika/core/templates/core/start.html",
    "lika/core/templates/core/sex_split_head.html",
    "lika/core/templates/core/sex_split_row.html",
)
# Choices of the people part that Min Sida shows (a permit decision's outcome and ground).
NEWCOMER_CHOICES = {
    "Asylum",
    "Family ties",
    "Work",
    "Study",
    "Temporary protection",
    "Granted",
    "Refused",
    "Dismissed or written off",
    "Temporary permit",
    "Permanent permit",
}
# Names that are the same in every language.
PROPER_NAMES = {"Min Sida", "Om Sverige"}
_PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|\{\w*\}|<[^>]+>")


def newcomer_facing(entry: polib.POEntry) -> bool:
    paths = [path for path, _line in entry.occurrences]
    return entry.msgid in NEWCOMER_CHOICES or any(
        path.startswith(NEWCOMER_FILES) and not path.startswith(STAFF_FILES) for path in paths
    )


def _words(text: str) -> bool:
    """Whether ``text`` has a letter outside its placeholders ("%(a)s × %(b)s" has none)."""
    return any(character.isalpha() for character in _PLACEHOLDER.sub("", text))


def gaps(catalogue: polib.POFile, wanted: list[polib.POEntry]) -> list[str]:
    """The wanted strings that ``catalogue`` lacks, leaves empty or fuzzy, or leaves in English."""
    found = {(entry.msgctxt, entry.msgid): entry for entry in catalogue}
    problems = []
    for want in wanted:
        entry = found.get((want.msgctxt, want.msgid))
        if entry is None:
            problems.append(f"missing: {want.msgid!r}")
            continue
        texts = list(entry.msgstr_plural.values()) if entry.msgid_plural else [entry.msgstr]
        if entry.fuzzy:
            problems.append(f"fuzzy: {entry.msgid!r}")
        elif not texts or not all(text.strip() for text in texts):
            problems.append(f"untranslated: {entry.msgid!r}")
        elif entry.msgid not in PROPER_NAMES and _words(entry.msgid) and entry.msgid in texts:
            problems.append(f"left in English: {entry.msgid!r}")
    return problems


@pytest.fixture(scope="module")
def newcomer_strings(tmp_path_factory: pytest.TempPathFactory) -> list[polib.POEntry]:
    """The newcomer-facing entries as makemessages extracts them now, with their locations."""
    fresh = catalogue_extracted(tmp_path_factory.mktemp("extract"), language="so")
    wanted = [entry for entry in fresh if newcomer_facing(entry)]
    # Min Sida, the decision and the permit letter alone have a few hundred strings.
    assert len(wanted) > 300, "the newcomer-facing files were not found: is the scratch folder set up as expected?"
    return wanted


@pytest.mark.parametrize("code", LANGUAGES)
def test_every_newcomer_facing_string_is_translated(code: str, newcomer_strings: list[polib.POEntry]) -> None:
    catalogue = polib.pofile(str(LOCALE / code / "LC_MESSAGES/django.po"))
    assert gaps(catalogue, newcomer_strings) == []


@pytest.mark.parametrize("code", LANGUAGES)
def test_the_catalogue_has_no_fuzzy_entry(code: str) -> None:
    catalogue = polib.pofile(str(LOCALE / code / "LC_MESSAGES/django.po"))
    assert [entry.msgid for entry in catalogue.fuzzy_entries()] == []


@pytest.mark.parametrize("code", LANGUAGES)
def test_translations_keep_the_placeholders(code: str) -> None:
    catalogue = polib.pofile(str(LOCALE / code / "LC_MESSAGES/django.po"))
    changed = []
    for entry in catalogue.translated_entries():
        if entry.msgid_plural:
            # The singular may leave out the number, as the English singular often does.
            pairs = [(entry.msgid_plural, text) for index, text in entry.msgstr_plural.items() if index]
        else:
            pairs = [(entry.msgid, entry.msgstr)]
        changed += [
            entry.msgid
            for source, text in pairs
            if sorted(_PLACEHOLDER.findall(source)) != sorted(_PLACEHOLDER.findall(text))
        ]
    assert changed == []


def test_a_missing_fuzzy_or_english_string_is_reported() -> None:
    wanted = [polib.POEntry(msgid=text) for text in ("Log out", "Messages", "Documents", "Min Sida", "Overview")]
    catalogue = polib.POFile()
    catalogue.append(polib.POEntry(msgid="Log out", msgstr="Ka bax"))
    catalogue.append(polib.POEntry(msgid="Messages", msgstr="Fariimaha", flags=["fuzzy"]))
    catalogue.append(polib.POEntry(msgid="Documents", msgstr="Documents"))
    catalogue.append(polib.POEntry(msgid="Min Sida", msgstr="Min Sida"))
    assert gaps(catalogue, wanted) == [
        "fuzzy: 'Messages'",
        "left in English: 'Documents'",
        "missing: 'Overview'",
    ]


def test_a_plural_with_an_empty_form_is_reported() -> None:
    wanted = [polib.POEntry(msgid="%(count)d day", msgid_plural="%(count)d days")]
    catalogue = polib.POFile()
    catalogue.append(
        polib.POEntry(
            msgid="%(count)d day", msgid_plural="%(count)d days", msgstr_plural={0: "%(count)d maalin", 1: ""}
        )
    )
    assert gaps(catalogue, wanted) == ["untranslated: '%(count)d day'"]


@pytest.mark.parametrize(
    ("code", "written"),
    [("so", "5 Disembar 2026, 3 Luuliyo 2023, 1 Maajo 2026"), ("ti", "5 ታሕሳስ 2026, 3 ሓምለ 2023, 1 ግንቦት 2026")],
)
def test_dates_are_written_in_the_language_not_in_american_english(code: str, written: str) -> None:
    """Django has no formats for so and ti: without lika/core/date_formats a date read "Dec. 5, 2026"."""
    days = [datetime.date(2026, 12, 5), datetime.date(2023, 7, 3), datetime.date(2026, 5, 1)]
    with translation.override(code):
        assert ", ".join(formats.date_format(day) for day in days) == written
        assert formats.time_format(datetime.time(22, 37)) == "22:37"
