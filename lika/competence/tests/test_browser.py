"""The competence pages in a real browser, used as staff use them, and checked with axe-core for WCAG
2.1 AA in Swedish and English. Skipped, with the reason, where Chromium is not installed.

Script is on only because axe-core needs it; the pages themselves have none, and every step here is
a link, a form field or a submit button.
"""

from __future__ import annotations

from typing import Any

import pytest

from lika.competence.models import Dialogue, DialogueStatus, GroupSession
from lika.competence.tests.factories import Organisation
from lika.testing.browser import axe_violations, choose_language, log_in, look

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _as(browser: Any, base: str, username: str, language: str) -> tuple[Any, Any]:
    context = browser.new_context(java_script_enabled=True, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(f"{base}/konto/logga-in/")
    choose_language(page, language)
    log_in(page, base, username)
    return context, page


def _check(page: Any, name: str, found: dict[str, list[str]]) -> None:
    found[name] = axe_violations(page)
    look(page, f"competence-{name}")


@pytest.mark.slow  # about 40 s on 2 cores: four logins, a dozen pages in two languages
def test_staff_facilitator_and_managers_use_the_competence_pages(
    browser: Any, live_server: Any, org: Organisation
) -> None:
    base = live_server.url
    found: dict[str, list[str]] = {}
    dialogue = _staff_finds_and_prepares(browser, base, org, found)
    _facilitator_records(browser, base, org, found)
    _managers(browser, base, org, dialogue, found)
    _staff_completes_and_admin_edits(browser, base, org, dialogue, found)
    assert {name: issues for name, issues in found.items() if issues} == {}


def _staff_finds_and_prepares(browser: Any, base: str, org: Organisation, found: dict[str, list[str]]) -> Dialogue:
    # A member of staff finds an activity by subject and process, without JavaScript.
    context, page = _as(browser, base, "medarbetare", "en")
    try:
        page.locator("nav[aria-label='Main menu'] a", has_text="Competence").click()
        page.select_option("#id_subject", "lgbtqi")
        page.select_option("#id_process", "asylum")
        page.get_by_role("button", name="Show").click()
        assert page.locator("article h3").all_inner_texts() == ["LGBTQI asylum grounds"]
        _check(page, "guide-en", found)
        page.goto(f"{base}/kompetens/ovningar/")
        _check(page, "exercises-en", found)
        page.goto(f"{base}/kompetens/ovningar/besok-servicekontor/")
        _check(page, "exercise-en", found)
        # ... and prepares a self-assessment.
        page.goto(f"{base}/kompetens/dialog/")
        for area in org.areas:
            page.check(f"#id_area_{area.pk}_0")
        _check(page, "dialogue-prepare-en", found)
        page.get_by_role("button", name="Save my self-assessment").click()
        dialogue = Dialogue.objects.get(staff=org.staff)
        assert page.url.endswith(f"/kompetens/dialog/{dialogue.pk}/")
    finally:
        context.close()
    return dialogue


def _facilitator_records(browser: Any, base: str, org: Organisation, found: dict[str, list[str]]) -> None:
    # A facilitator records a group session.
    context, page = _as(browser, base, "ledare", "sv")
    try:
        page.goto(f"{base}/kompetens/ovningar/telefon-aterkomst/")
        _check(page, "exercise-sv", found)
        page.goto(f"{base}/kompetens/gruppsamtal/nytt/?exercise=telefon-aterkomst")
        page.select_option("#id_unit", str(org.unit.pk))
        page.select_option("#id_meeting_kind", "telephone")
        page.check(f"input[name=participants][value='{org.staff.pk}']")
        page.fill("#id_reflection", "Vi enades om att alltid säga varför vi lägger samtalet i vänteläge.")
        _check(page, "session-form-sv", found)
        page.locator("form.form button[type=submit]").click()
        assert GroupSession.objects.filter(participants=org.staff).exists()
        _check(page, "sessions-sv", found)
        page.goto(f"{base}/kompetens/")
        _check(page, "guide-sv", found)
    finally:
        context.close()


def _managers(browser: Any, base: str, org: Organisation, dialogue: Dialogue, found: dict[str, list[str]]) -> None:
    # The manager agrees goals and a learning plan.
    context, page = _as(browser, base, "chef-a", "sv")
    try:
        page.goto(f"{base}/kompetens/dialog/{dialogue.pk}/")
        for area in org.areas:
            page.check(f"#id_area_{area.pk}_1")
        page.check(f"input[name=activities][value='{org.racism_elearning.pk}']")
        _check(page, "dialogue-agree-sv", found)
        page.locator("form.form button[type=submit]").click()
        dialogue.refresh_from_db()
        assert dialogue.status == DialogueStatus.AGREED
        _check(page, "dialogue-agreed-sv", found)
        page.goto(f"{base}/kompetens/dialog/oversikt/")
        _check(page, "overview-sv", found)
        # The effect of training is the follow-up's indicator: with one survey or none, "not estimable".
        page.goto(f"{base}/uppfoljning/traning-och-bemotande/")
        assert "Går inte att skatta" in page.content() or "Not estimable" in page.content()
        _check(page, "training-effect-sv", found)
    finally:
        context.close()

    # Another manager does not find it.
    context, page = _as(browser, base, "chef-b", "en")
    try:
        response = page.goto(f"{base}/kompetens/dialog/{dialogue.pk}/")
        assert response.status == 404
        page.goto(f"{base}/kompetens/dialog/oversikt/")
        _check(page, "overview-en", found)
        page.get_by_role("link", name="Does training make treatment more equal?", exact=False).click()
        assert "Not estimable" in page.content()
        assert "association, not proof" in page.content()
        _check(page, "training-effect-en", found)
    finally:
        context.close()


def _staff_completes_and_admin_edits(
    browser: Any, base: str, org: Organisation, dialogue: Dialogue, found: dict[str, list[str]]
) -> None:
    # The staff member records the plan's activity as done, in English.
    context, page = _as(browser, base, "medarbetare", "en")
    try:
        page.goto(f"{base}/kompetens/dialog/{dialogue.pk}/")
        _check(page, "dialogue-plan-en", found)
        page.get_by_role("button", name="Record as done").click()
        assert dialogue.plan.get().done_on is not None
    finally:
        context.close()

    # The guide's editing, in both languages.
    for language in ("sv", "en"):
        context, page = _as(browser, base, "kompetens", language)
        try:
            page.goto(f"{base}/kompetens/aktivitet/{org.telephone.pk}/")
            _check(page, f"activity-edit-{language}", found)
            page.goto(f"{base}/kompetens/aktivitet/ny/")
            page.locator("form.form button[type=submit]").click()
            _check(page, f"activity-refused-{language}", found)
            page.goto(f"{base}/kompetens/ramverk/")
            _check(page, f"framework-{language}", found)
            page.goto(f"{base}/kompetens/ramverk/{org.areas[0].pk}/")
            _check(page, f"area-edit-{language}", found)
        finally:
            context.close()
