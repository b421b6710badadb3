"""The survey's pages in a real browser, checked with axe-core for WCAG 2.1 AA, in Swedish and English.

Skipped, with the reason, where Chromium is not installed; CI installs it.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from lika.treatment_survey import services
from lika.treatment_survey.imports.example_files import odk_files
from lika.treatment_survey.tests.conftest import Planned

CHROMIUM = os.environ.get("LIKA_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
SCREENSHOTS = os.environ.get("LIKA_SCREENSHOTS")
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
PASSWORD = "correct horse battery"  # noqa: S105 - the test suite's staff password

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not Path(CHROMIUM).exists(),
        reason=f"Chromium not found at {CHROMIUM}: install Debian's package (apt-get install chromium); .ci/run does",
    ),
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM,
                args=[
                    "--headless",
                    "--no-sandbox",
                    "--disable-gpu",
                    "--no-first-run",
                    "--disable-background-networking",
                ],
            )
            yield browser
            browser.close()


def _violations(page: Any) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_21_AA}})
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
    ]


def _look(page: Any, name: str) -> None:
    if SCREENSHOTS:
        Path(SCREENSHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SCREENSHOTS) / f"{name}.png"), full_page=True)


def _log_in(page: Any, base: str, username: str, language: str) -> None:
    page.goto(f"{base}/konto/logga-in/")
    page.locator(f'.language-switcher button[value="{language}"]').click()
    page.wait_for_load_state()
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("form.form button[type=submit]").click()
    page.wait_for_url(f"{base}/")


def test_survey_pages_have_no_wcag_21_aa_violations(browser: Any, live_server: Any, planned: Planned) -> None:
    """Every page in Swedish; the report and the tablet form in English too."""
    services.observations_import(acting=planned.acting, survey=planned.survey, files=odk_files(planned.records(360)))
    session = services.session_open(
        acting=planned.acting,
        survey=planned.survey,
        observer=planned.observers["OBS-1"],
        site=planned.sites["MALMO"],
        channel="office",
        day=planned.survey.first_day,
    )
    base = live_server.url
    survey = planned.survey.pk
    pages = [
        ("list", "/bemotande/"),
        ("detail", f"/bemotande/{survey}/"),
        ("report", f"/bemotande/{survey}/rapport/"),
        ("plan", f"/bemotande/{survey}/urval/"),
        ("import", f"/bemotande/{survey}/import/"),
        (
            "sample-size",
            "/bemotande/stickprov/?share_women=45&share_men=62&power=0.8&contacts_per_officer=10&icc=0.05&applicable=100",
        ),
        ("practice", "/bemotande/ovningar/offered_choice/"),
    ]
    found: dict[str, list[str]] = {}
    for language in ("sv", "en"):
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        page = context.new_page()
        try:
            _log_in(page, base, "lead", language)
            for name, path in pages if language == "sv" else pages[2:3]:
                page.goto(f"{base}{path}")
                found[f"{name}-{language}"] = _violations(page)
                _look(page, f"treatment-{name}-{language}")
            assert page.locator("html").get_attribute("lang") == language
        finally:
            context.close()

        tablet = browser.new_context(viewport={"width": 820, "height": 1180}, has_touch=True)
        page = tablet.new_page()
        try:
            _log_in(page, base, "watcher", language)
            page.goto(f"{base}/bemotande/{survey}/pass/{session.pk}/")
            found[f"form-{language}"] = _violations(page)
            # Answering "no" to "did the person joke" hides the question that depends on it, without script.
            dependent = page.locator('[data-when~="client_humour"]')
            assert dependent.is_visible()
            page.locator('input[name="client_humour"][value="no"]').check()
            assert not dependent.is_visible()
            _look(page, f"treatment-form-{language}")
        finally:
            tablet.close()
    assert {name: v for name, v in found.items() if v} == {}
