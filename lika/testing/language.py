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
