"""The survey's pages in a real browser, checked with axe-core for WCAG 2.1 AA, in Swedish and English.

The project's browser and checks (:mod:`lika.testing.browser`); skipped, with the reason, where Chromium
is not installed; CI installs it.
"""

from __future__ import annotations

from typing import Any

import pytest

from lika.testing.browser import axe_violations, choose_language, log_in, look
from lika.treatment_survey import services
from lika.treatment_survey.imports.example_files import odk_files
from lika.treatment_survey.tests.factories import Planned

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _log_in(page: Any, base: str, username: str, language: str) -> None:
    page.goto(f"{base}/konto/logga-in/")
    choose_language(page, language)
    log_in(page, base, username)


@pytest.mark.slow  # about 16 s on 2 cores: 360 imported contacts, seven pages in Swedish, the report in English, the tablet form in both
def test_survey_pages_have_no_wcag_21_aa_violations(
    browser: Any, live_server: Any, planned: Planned, case_exercises: None
) -> None:
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
        ("practice", "/kompetens/ovningar/telefon-aterkomst/"),
    ]
    found: dict[str, list[str]] = {}
    for language in ("sv", "en"):
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        page = context.new_page()
        try:
            _log_in(page, base, "lead", language)
            for name, path in pages if language == "sv" else pages[2:3]:
                page.goto(f"{base}{path}")
                found[f"{name}-{language}"] = axe_violations(page)
                look(page, f"treatment-{name}-{language}")
            assert page.locator("html").get_attribute("lang") == language
        finally:
            context.close()

        tablet = browser.new_context(viewport={"width": 820, "height": 1180}, has_touch=True)
        page = tablet.new_page()
        try:
            _log_in(page, base, "watcher", language)
            page.goto(f"{base}/bemotande/{survey}/pass/{session.pk}/")
            found[f"form-{language}"] = axe_violations(page)
            # Answering "no" to "did the person joke" hides the question that depends on it, without script.
            dependent = page.locator('[data-when~="client_humour"]')
            assert dependent.is_visible()
            page.locator('input[name="client_humour"][value="no"]').check()
            assert not dependent.is_visible()
            look(page, f"treatment-form-{language}")
        finally:
            tablet.close()
    assert {name: v for name, v in found.items() if v} == {}
