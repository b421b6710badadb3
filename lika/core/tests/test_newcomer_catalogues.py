"""Every string a newcomer meets is translated in the languages whose catalogues are complete.

Which strings a newcomer meets is decided by where they come from: Min Sida, the public pages of
Om Sverige, the base layout and error pages, the messages sent to newcomers, the permit letter and
the decision letters. makemessages is run with locations into a scratch folder (as in
``test_languages``) to find them, so a new string in one of those files fails here until it is
translated. Staff pages may stay in English and are not checked.
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

COMPLETE = ["ar", "fa", "prs"]

PLACEHOLDER = re.compile(r"%\(\w+\)[sdif]|%[sdif]|\{\w*\}|<[^>]+>")


def _key(entry: polib.POEntry) -> tuple[str, str]:
    return (entry.msgctxt or "", entry.msgid)


def _has_words(msgid: str) -> bool:
    return re.search(r"[^\W\d_]", PLACEHOLDER.sub("", msgid)) is not None


@pytest.fixture(scope="module")
def newcomer_strings(tmp_path_factory: pytest.TempPathFactory) -> list[polib.POEntry]:
    """The entries, with locations, whose source is a newcomer-facing file (lika.testing.language.NEWCOMER_FILES)."""
    return newcomer_entries(tmp_path_factory.mktemp("newcomer"))


@pytest.mark.parametrize("code", COMPLETE)
def test_every_newcomer_string_is_translated(newcomer_strings: list[polib.POEntry], code: str) -> None:
    catalogue = polib.pofile(str(LOCALE / code / "LC_MESSAGES/django.po"))
    forms = int(re.search(r"nplurals=(\d+)", catalogue.metadata["Plural-Forms"]).group(1))  # type: ignore[union-attr]
    committed = {_key(entry): entry for entry in catalogue}
    missing, fuzzy, english = [], [], []
    for source in newcomer_strings:
        entry = committed.get(_key(source))
        if entry is None or entry.obsolete:
            missing.append(source.msgid)
            continue
        if entry.fuzzy:
            fuzzy.append(entry.msgid)
        texts = [entry.msgstr_plural.get(n, "") for n in range(forms)] if entry.msgid_plural else [entry.msgstr]
        if not all(texts):
            missing.append(entry.msgid)
        elif entry.msgid not in PROPER_NAMES and _has_words(entry.msgid) and entry.msgid in texts:
            english.append(entry.msgid)
    assert missing == [], f"untranslated newcomer strings in {code}"
    assert fuzzy == [], f"fuzzy newcomer strings in {code} are not shown; check and unmark them"
    assert english == [], f"newcomer strings in {code} left in English"


def test_a_formula_without_words_may_stay_as_it_is() -> None:
    assert not _has_words("%(daily)s × %(days)s = %(amount)s.")
    assert _has_words("%(count)d day")


@pytest.mark.parametrize(
    ("msgid", "persian", "dari"),
    [
        ("Swedish Migration Agency", "سوئد", "سویدن"),
        ("December", "دسامبر", "دسمبر"),
        ("Dossier number %(number)s", "شماره پرونده", "نمبر دوسیه"),
        ("Code", "کد", "کود"),
    ],
)
def test_dari_uses_afghan_words_where_they_differ_from_persian(msgid: str, persian: str, dari: str) -> None:
    """The glossaries (docs/translation/fa.md, prs.md) keep the two catalogues apart."""
    fa = polib.pofile(str(LOCALE / "fa/LC_MESSAGES/django.po")).find(msgid)
    prs = polib.pofile(str(LOCALE / "prs/LC_MESSAGES/django.po")).find(msgid)
    assert fa is not None
    assert prs is not None
    assert persian in fa.msgstr
    assert persian not in prs.msgstr
    assert dari in prs.msgstr


def test_dari_dates_have_afghan_month_names_and_the_day_first() -> None:
    """Django has no Dari formats: without lika/core/date_formats/prs a date read "دسمبر 5, 2026"."""
    days = [datetime.date(2026, 12, 5), datetime.date(2026, 1, 3), datetime.date(2026, 7, 1)]
    with translation.override("prs"):
        assert [formats.date_format(day) for day in days] == ["5 دسمبر 2026", "3 جنوری 2026", "1 جولای 2026"]
        assert formats.date_format(datetime.date(2026, 12, 5), "YEAR_MONTH_FORMAT") == "دسمبر 2026"
        assert formats.time_format(datetime.time(9, 7)) == "9:07"
    with translation.override("fa"):
        assert formats.date_format(days[0]) == "5 دسامبر 2026"
