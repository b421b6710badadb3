"""The ``language`` switch: a test reads Lika in one language, and the next test starts from the default."""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import polib
import pytest
from django.utils import translation

PROJECT_ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def use_language() -> Iterator[Callable[[str], None]]:
    """Activates a language (``use_language("ar")``) for the rest of the test; the one before comes back after it.

    For a few lines in another language inside a test, ``translation.override`` reads better.
    """
    with translation.override(translation.get_language()):  # brings back on leaving what was active on entering
        yield translation.activate


@pytest.fixture
def english(use_language: Callable[[str], None]) -> None:
    """Reads services' messages in English, the source language, whatever ran before (use with ``usefixtures``)."""
    use_language("en")


def catalogue_extracted(work: Path, *, language: str = "en") -> polib.POFile:
    """The catalogue ``makemessages`` extracts from the code now, with every string's locations.

    ``work`` is an empty folder; the code is linked into it, so the project's own catalogues stay as they are.
    Tests leave out test files. Skips where GNU gettext is missing (``.ci/run`` installs it).
    """
    if shutil.which("xgettext") is None:
        pytest.skip("GNU gettext (xgettext) is not installed; .ci/run installs it")
    for name in ("lika", "config", "manage.py"):
        (work / name).symlink_to(PROJECT_ROOT / name)
    (work / "locale").mkdir()
    result = subprocess.run(  # noqa: S603 - this interpreter and the project's own manage.py
        [sys.executable, "manage.py", "makemessages", "--symlinks", "-l", language, "-i", "*/tests/*"],
        cwd=work,
        env={
            "PATH": "/usr/bin:/bin",
            "PYTHONPATH": str(PROJECT_ROOT),
            "DJANGO_SETTINGS_MODULE": "config.settings.test",
            "LIKA_LOCALE_DIR": str(work / "locale"),
        },
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    if result.returncode != 0:
        pytest.fail(f"makemessages failed: {result.stderr}")
    return polib.pofile(str(work / f"locale/{language}/LC_MESSAGES/django.po"))


# Where the strings a newcomer reads come from: Min Sida, Om Sverige's public pages and templates, the
# base layout and error pages, the messages Lika sends newcomers, the permit letter and the decision
# letters. One list for every test of the newcomer languages' catalogues.
NEWCOMER_FILES = (
    "config/settings/base.py",
    "lika/applicant_portal/",
    "lika/newcomer_info/",
    "lika/core/templates/",
    "lika/core/periods.py",
    "lika/allowance/documents.py",
    "lika/allowance/explanations.py",
    "lika/people/identifiers.py",
)
# Staff pages inside those folders (they may stay English), and Wagtail's editor labels.
STAFF_FILES = (
    "lika/applicant_portal/staff_views.py",
    "lika/applicant_portal/staff_urls.py",
    "lika/applicant_portal/staff_forms.py",
    "lika/applicant_portal/models/",  # field names, for the admin and staff pages
    "lika/applicant_portal/services/mailings.py",
    "lika/applicant_portal/templates/applicant_portal/staff/",
    "lika/newcomer_info/desk_card.py",
    "lika/newcomer_info/review.py",
    "lika/newcomer_info/review_views.py",
    "lika/newcomer_info/translation_flow.py",
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
    "lika/core/templates/core/edit_form.html",
    "lika/core/templates/core/job.html",
    "lika/core/templates/core/job_list.html",
    "lika/core/templates/core/start.html",
    "lika/core/templates/core/sex_split_head.html",
    "lika/core/templates/core/sex_split_row.html",
)
# Choice labels defined in staff-side files that Min Sida and Om Sverige show: the ground and outcome
# of a permit decision, and the accessibility statement's compliance levels and reasons.
SHOWN_CHOICES = frozenset(
    {
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
)
# Names that stay as they are in every language.
PROPER_NAMES = frozenset({"Min Sida", "Om Sverige"})


def newcomer_facing(entry: polib.POEntry) -> bool:
    """Whether a newcomer reads ``entry``: it comes from a newcomer-facing file, or is a choice they are shown."""
    return entry.msgid in SHOWN_CHOICES or any(
        path.startswith(NEWCOMER_FILES) and not path.startswith(STAFF_FILES) for path, _line in entry.occurrences
    )


def newcomer_entries(work: Path) -> list[polib.POEntry]:
    """The entries a newcomer reads, as ``makemessages`` extracts them now (see :func:`catalogue_extracted`)."""
    entries = [entry for entry in catalogue_extracted(work) if newcomer_facing(entry)]
    # Min Sida, the decision and the permit letter alone have a few hundred strings.
    if len(entries) <= 300:
        pytest.fail("too few newcomer strings found: NEWCOMER_FILES no longer matches the code")
    return entries
