"""Every string a newcomer meets is translated in the languages whose catalogues are complete.

Which strings a newcomer meets is decided by where they come from: Min Sida, the public pages of
Om Sverige, the base layout and error pages, the messages sent to newcomers, the permit letter and
the decision letters. makemessages is run with locations into a scratch folder (as in
``test_languages``) to find them, so a new string in one of those files fails here until it is
translated. Staff pages may stay in English and are not checked.
"""

from __future__ import annotations

import re
from pathlib import Path

import polib
import pytest

from lika.testing.language import catalogue_extracted

ROOT = Path(__file__).resolve().parents[3]
LOCALE = ROOT / "locale"

COMPLETE = ["ar", "fa", "prs"]

NEWCOMER_FILES = re.compile(
    r"^(config/settings/base\.py"
    r"|lika/applicant_portal/(?!staff_views\.py|staff_urls\.py|staff_forms\.py|models/mailings\.py"
    r"|services/mailings\.py|templates/applicant_portal/staff/).*"
    r"|lika/allowance/(documents|explanations)\.py"
    r"|lika/core/templates/(403|404|500|base)\.html"
    r"|lika/core/templates/core/(form_errors|language_switcher|pagination)\.html"
    r"|lika/newcomer_info/printing\.py"
    r"|lika/newcomer_info/templates/newcomer_info/(?!staff/|print/).*"
    r")$"
)
# Choice labels defined in staff-side files that Min Sida and Om Sverige show: the ground and outcome
# of a permit decision, and the accessibility statement's compliance levels and reasons.
SHOWN_CHOICES = {
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
    "fully compliant",
    "partially compliant",
    "not compliant",
    "Not yet fixed (lack of compliance)",
    "Disproportionate burden",
    "Outside the scope of the law",
}
# Names that stay as they are in every language.
PROPER_NAMES = {"Min Sida"}
PLACEHOLDER = re.compile(r"%\(\w+\)[sdif]|%[sdif]|\{\w*\}|<[^>]+>")


def _key(entry: polib.POEntry) -> tuple[str, str]:
    return (entry.msgctxt or "", entry.msgid)


def _has_words(msgid: str) -> bool:
    return re.search(r"[^\W\d_]", PLACEHOLDER.sub("", msgid)) is not None


@pytest.fixture(scope="module")
def newcomer_entries(tmp_path_factory: pytest.TempPathFactory) -> list[polib.POEntry]:
    """The entries, with locations, whose source is a newcomer-facing file."""
    fresh = catalogue_extracted(tmp_path_factory.mktemp("newcomer"))
    entries = [
        entry
        for entry in fresh
        if entry.msgid in SHOWN_CHOICES or any(NEWCOMER_FILES.match(path) for path, _line in entry.occurrences)
    ]
    assert len(entries) > 300, "too few newcomer strings found: the file patterns no longer match the code"
    return entries


@pytest.mark.parametrize("code", COMPLETE)
def test_every_newcomer_string_is_translated(newcomer_entries: list[polib.POEntry], code: str) -> None:
    catalogue = polib.pofile(str(LOCALE / code / "LC_MESSAGES/django.po"))
    forms = int(re.search(r"nplurals=(\d+)", catalogue.metadata["Plural-Forms"]).group(1))  # type: ignore[union-attr]
    committed = {_key(entry): entry for entry in catalogue}
    missing, fuzzy, english = [], [], []
    for source in newcomer_entries:
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
