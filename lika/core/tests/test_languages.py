"""Swedish and English are complete; the machinery for ar, fa, prs, ti and so is in place."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import translation

ROOT = Path(__file__).resolve().parents[3]
LOCALE = ROOT / "locale"
RIGHT_TO_LEFT = {"ar", "fa", "prs"}


def test_swedish_catalogue_is_complete() -> None:
    catalogue = polib.pofile(str(LOCALE / "sv/LC_MESSAGES/django.po"))
    missing = [entry.msgid for entry in catalogue.untranslated_entries()]
    fuzzy = [entry.msgid for entry in catalogue.fuzzy_entries()]
    assert missing == [], "untranslated Swedish strings"
    assert fuzzy == [], "fuzzy Swedish strings are not shown; check and unmark them"


@pytest.mark.parametrize("code", [code for code, _name in settings.LANGUAGES])
def test_every_language_has_a_catalogue_of_lika_strings(code: str) -> None:
    assert (LOCALE / code / "LC_MESSAGES/django.po").exists()
    assert (LOCALE / code / "LC_MESSAGES/django.mo").exists(), "run `lika compile-translations`"
    assert translation.check_for_language(code)


@pytest.mark.skipif(
    shutil.which("xgettext") is None, reason="GNU gettext (xgettext) is not installed; .ci/run installs it"
)
def test_catalogues_hold_every_string_in_the_code(tmp_path: Path) -> None:
    """Runs makemessages into a copy of locale/ and expects no Swedish entry that is not committed.

    makemessages writes to every ``locale`` folder above the files it reads, the repository's
    included, so it runs in a scratch folder whose ``lika`` and ``config`` are links to the code
    and whose ``locale`` is the copy: the repository is never written to.
    """
    work = tmp_path / "work"
    work.mkdir()
    for name in ("lika", "config", "manage.py"):
        (work / name).symlink_to(ROOT / name)
    shutil.copytree(LOCALE, work / "locale")
    command = ["manage.py", "makemessages", "--symlinks", "--no-obsolete", "--no-location", "-l", "sv"]
    result = subprocess.run(
        [sys.executable, *command, "-i", "*/tests/*"],
        cwd=work,
        env={
            "PATH": "/usr/bin:/bin",
            "PYTHONPATH": str(ROOT),
            "DJANGO_SETTINGS_MODULE": "config.settings.test",
            "LIKA_LOCALE_DIR": str(work / "locale"),
        },
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    fresh = polib.pofile(str(work / "locale/sv/LC_MESSAGES/django.po"))
    assert len(fresh) > 100, "makemessages found no strings: the scratch folder is not set up as expected"
    committed = {entry.msgid for entry in polib.pofile(str(LOCALE / "sv/LC_MESSAGES/django.po"))}
    new = sorted(entry.msgid for entry in fresh if entry.msgid not in committed)
    assert new == [], "run `make messages` and translate the new strings"


@pytest.mark.django_db
@pytest.mark.parametrize("code", [code for code, _name in settings.LANGUAGES])
def test_html_lang_and_dir_follow_the_chosen_language(client: Client, code: str) -> None:
    response = client.post(reverse("set_language"), {"language": code, "next": reverse("accounts:login")}, follow=True)
    html = response.content.decode()
    direction = "rtl" if code in RIGHT_TO_LEFT else "ltr"
    assert f'<html lang="{code}" dir="{direction}">' in html


@pytest.mark.django_db
def test_swedish_is_the_default_and_english_is_served(client: Client) -> None:
    page = client.get(reverse("accounts:login")).content.decode()
    assert '<html lang="sv" dir="ltr">' in page
    assert "Logga in" in page
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert "Log in to Lika" in client.get(reverse("accounts:login")).content.decode()


def test_language_switcher_names_each_language_in_itself() -> None:
    names = {code: translation.get_language_info(code)["name_local"] for code, _name in settings.LANGUAGES}
    assert names["prs"] == "دری"
    assert names["ti"] == "ትግርኛ"
    assert names["so"] == "Soomaali"
    assert translation.get_language_info("prs")["bidi"] is True


@pytest.mark.parametrize("code", ["ar", "fa", "prs", "ti", "so"])
def test_untranslated_strings_fall_back_to_english_not_swedish(code: str) -> None:
    plural = ("%(counter)s person found.", "%(counter)s persons found.")
    with translation.override(code):
        assert translation.gettext("Log in to Lika") == "Log in to Lika"
        assert [translation.ngettext(*plural, n) for n in (0, 1, 2, 7)] == [plural[1], plural[0], plural[1], plural[1]]


@pytest.mark.parametrize("code", ["prs", "ti", "so"])
def test_djangos_own_strings_fall_back_to_english_where_django_has_no_catalogue(code: str) -> None:
    with translation.override(code):
        assert translation.gettext("This field is required.") == "This field is required."


def test_djangos_own_strings_are_translated_where_django_has_a_catalogue() -> None:
    with translation.override("ar"):
        assert translation.gettext("This field is required.") != "This field is required."
    with translation.override("sv"):
        # Wagtail's Swedish catalogue, installed before Django's own, words it its own way.
        assert translation.gettext("This field is required.") in {
            "Detta fält måste fyllas i.",
            "Det här fältet är obligatoriskt",
        }
