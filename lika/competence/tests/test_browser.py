"""The competence pages in a real browser, used as staff use them, and checked with axe-core for WCAG
2.1 AA in Swedish and English. Skipped, with the reason, where Chromium is not installed.

Script is on only because axe-core needs it; the pages themselves have none, and every step here is
a link, a form field or a submit button.
"""

from __future__ import annotations

from typing import Any

import pytest

from lika.accounts.roles import Role
from lika.competence.models import Dialogue, DialogueStatus, GroupSession, Placement, Unit
from lika.competence.tests.factories import TODAY, Organisation, trained_and_not_create
from lika.followup.facts.training import training_rebuild
from lika.testing.browser import axe_violations, look, staff_session

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


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
    context, page = staff_session(browser, base, "medarbetare", "en")
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
    context, page = staff_session(browser, base, "ledare", "sv")
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
    context, page = staff_session(browser, base, "chef-a", "sv")
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
        assert "Kan inte skattas" in page.content() or "Not estimable" in page.content()
        _check(page, "training-effect-sv", found)
    finally:
        context.close()

    # Another manager does not find it.
    context, page = staff_session(browser, base, "chef-b", "en")
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
    context, page = staff_session(browser, base, "medarbetare", "en")
    try:
        page.goto(f"{base}/kompetens/dialog/{dialogue.pk}/")
        _check(page, "dialogue-plan-en", found)
        page.get_by_role("button", name="Record as done").click()
        assert dialogue.plan.get().done_on is not None
    finally:
        context.close()

    # The guide's editing, in both languages.
    for language in ("sv", "en"):
        context, page = staff_session(browser, base, "kompetens", language)
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


@pytest.mark.slow  # about 60 s on 2 cores: four logins, the units', placements', exercises' and indicator's pages
def test_an_administrator_keeps_units_placements_and_exercises(
    browser: Any, live_server: Any, org: Organisation, make_staff: Any
) -> None:
    make_staff(Role.ADMINISTRATOR, username="admin")
    base = live_server.url
    found: dict[str, list[str]] = {}
    for language, code in (("sv", "OMR-SV"), ("en", "OMR-EN")):
        _administrator_keeps(browser, base, org, (language, code), found)
    # The manager above now sees the test unit's figures on the overview.
    context, page = staff_session(browser, base, "chef-b", "en")
    try:
        page.goto(f"{base}/kompetens/dialog/oversikt/")
        assert "Kontaktcenter Test" in page.content()
        _check(page, "overview-above-en", found)
    finally:
        context.close()
    # With two surveys around the training, the follow-up's indicator shows its estimate and interval.
    trained_and_not_create(org)
    training_rebuild(as_of=TODAY)
    for language in ("sv", "en"):
        context, page = staff_session(browser, base, "chef-b", language)
        try:
            page.goto(f"{base}/uppfoljning/traning-och-bemotande/")
            assert "-10" in page.locator("main strong").first.inner_text()
            _check(page, f"training-effect-estimated-{language}", found)
        finally:
            context.close()
    assert {name: issues for name, issues in found.items() if issues} == {}


def _administrator_keeps(
    browser: Any, base: str, org: Organisation, language_and_code: tuple[str, str], found: dict[str, list[str]]
) -> None:
    language, code = language_and_code
    context, page = staff_session(browser, base, "admin", language)
    try:
        page.goto(f"{base}/kompetens/enheter/")
        _check(page, f"units-{language}", found)
        # A unit without code or name is refused on its fields; then one is added above the test unit.
        page.goto(f"{base}/kompetens/enheter/ny/")
        page.locator("form.form button[type=submit]").click()
        _check(page, f"unit-refused-{language}", found)
        page.fill("#id_code", code)
        page.fill("#id_name", f"Område {language}")
        page.select_option("#id_manager", str(org.other_manager.pk))
        page.fill("#id_reason", "Reorganisation")
        page.locator("form.form button[type=submit]").click()
        area = Unit.objects.get(code=code)
        page.goto(f"{base}/kompetens/enheter/{org.unit.pk}/")
        page.select_option("#id_parent", str(area.pk))
        page.fill("#id_reason", "Reorganisation")
        _check(page, f"unit-edit-{language}", found)
        page.locator("form.form button[type=submit]").click()
        org.unit.refresh_from_db()
        assert org.unit.parent == area
        # Placing the facilitator in the new area under its manager.
        page.goto(f"{base}/kompetens/enheter/{area.pk}/personal/")
        page.select_option("#id_user", str(org.facilitator.pk))
        page.select_option("#id_sex", "male")
        page.fill("#id_reason", "Moved")
        page.locator("form.form button[type=submit]").click()
        assert Placement.objects.get(user=org.facilitator).manager == org.other_manager
        _check(page, f"unit-staff-{language}", found)
        # Exercises: a new one refused when empty, and the edit form of the telephone exercise.
        page.goto(f"{base}/kompetens/ovningar/ny/")
        page.locator("form.form button[type=submit]").click()
        _check(page, f"exercise-refused-{language}", found)
        page.goto(f"{base}/kompetens/ovningar/telefon-aterkomst/andra/")
        _check(page, f"exercise-edit-{language}", found)
    finally:
        context.close()
