"""The ``browser`` marker skips a test, with the reason, where Chromium is missing, and only there."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
BROWSER_TESTS = """
import pytest

@pytest.mark.browser
def test_marked():
    pass

def test_through_the_fixture(browser):
    pass

def test_without_the_browser():
    pass
"""


def _run(pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch, chromium: Path, *args: str) -> pytest.RunResult:
    monkeypatch.setenv("LIKA_CHROMIUM", str(chromium))
    monkeypatch.setenv("PYTHONPATH", str(ROOT))
    pytester.makeini("[pytest]\nmarkers =\n    browser: drives Chromium\n")
    pytester.makepyfile(test_pages=BROWSER_TESTS)
    return pytester.runpytest_subprocess(
        "-p", "lika.testing.browser", "-p", "no:django", "-p", "no:cacheprovider", "-rs", *args
    )


def test_a_browser_test_is_skipped_with_the_reason_where_chromium_is_missing(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    result = _run(pytester, monkeypatch, pytester.path / "no-chromium")
    result.assert_outcomes(passed=1, skipped=2)  # marked, or asking for the browser without the mark
    result.stdout.fnmatch_lines(["SKIPPED*Chromium not found at *no-chromium: install Debian's package*"] * 2)


def test_a_browser_test_runs_where_chromium_is_found(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    chromium = pytester.path / "chromium"
    chromium.touch()
    _run(pytester, monkeypatch, chromium, "-k", "not fixture").assert_outcomes(passed=2)
