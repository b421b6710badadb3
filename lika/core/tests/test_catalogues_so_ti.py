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

from lika.testing.language import PROPER_NAMES, newcomer_entries

ROOT = Path(__file__).resolve().parents[3]
LOCALE = ROOT / "locale"
LANGUAGES = ["so", "ti"]

_PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|\{\w*\}|<[^>]+>")


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
    return newcomer_entries(tmp_path_factory.mktemp("extract"))


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
