"""Pages in a real browser: Debian's Chromium driven by Playwright, checked with axe-core for WCAG 2.1 AA.

The browser, the axe check and the screenshots are the project's own, from :mod:`lika.testing.browser`;
skipped, with the reason, where Chromium is not installed (``.ci/run`` installs it so CI runs them).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command

from lika.accounts.models import User
from lika.accounts.roles import Role
from lika.audit.acting import Acting
from lika.people import services
from lika.people.models import MemberRole, Person, Sex
from lika.testing.browser import axe_violations, choose_language, log_in, look

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def household(make_person: Callable[..., Person], acting: Acting) -> dict[str, Person]:
    start = datetime.date(2025, 1, 10)
    people = {
        "woman": make_person(given_name="Hawa", family_name="Ali", sex=Sex.FEMALE, country_of_birth="SO"),
        "man": make_person(given_name="Omar", family_name="Ali", sex=Sex.MALE, country_of_birth="SO"),
        "child": make_person(given_name="Nura", family_name="Ali", birth_date=datetime.date(2019, 5, 5)),
    }
    services.household_create(
        acting=acting,
        start_date=start,
        members=[
            services.Member(people["woman"], MemberRole.ADULT),
            services.Member(people["man"], MemberRole.ADULT),
            services.Member(people["child"], MemberRole.CHILD),
        ],
    )
    return people


@pytest.mark.parametrize("language", ["sv", "en", "ar"])
def test_pages_have_no_wcag_21_aa_violations(
    page: Any, live_server: Any, make_staff: Callable[..., User], household: dict[str, Person], language: str
) -> None:
    make_staff(Role.CASE_OFFICER, username="officer")
    base = live_server.url
    page.goto(f"{base}/konto/logga-in/")
    choose_language(page, language)
    direction = "rtl" if language == "ar" else "ltr"
    assert page.locator("html").get_attribute("lang") == language
    assert page.locator("html").get_attribute("dir") == direction
    found: dict[str, list[str]] = {"login": axe_violations(page)}
    look(page, f"login-{language}")

    call_command("registry_snapshot", stdout=StringIO())  # so that the start page has its tables
    log_in(page, base, "officer")
    assert page.locator("table.figures").count() == 2
    woman = household["woman"]
    household_id = woman.memberships.get().household_id
    for name, path in [
        ("start", "/"),
        ("person-list", "/register/personer/"),
        ("person-detail", f"/register/personer/{woman.pk}/"),
        ("household", f"/register/hushall/{household_id}/"),
        ("person-create", "/register/personer/ny/"),
        ("person-update", f"/register/personer/{woman.pk}/andra/"),
        ("lma-period-add", f"/register/personer/{woman.pk}/lma/"),
        ("partnership-add", f"/register/hushall/{household_id}/partner/"),
        ("guardianship-add", f"/register/hushall/{household_id}/vardnadshavare/"),
    ]:
        page.goto(f"{base}{path}")
        assert page.locator("html").get_attribute("dir") == direction
        found[name] = axe_violations(page)
        look(page, f"{name}-{language}")

    # A form sent back with errors is a page of its own, with an error summary.
    page.goto(f"{base}/register/personer/ny/")
    page.locator("#id_personal_number").fill("19811228-9875")
    page.locator("form.form button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator(".error-summary").is_visible()
    found["person-create-errors"] = axe_violations(page)
    look(page, f"person-create-errors-{language}")

    # The registry's forms share one page; sent back, a refusal stands beside its field.
    page.goto(f"{base}/register/hushall/{household_id}/medlem/")
    page.locator("#id_dossier_number").fill("12345678")
    page.locator("form.form button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator("#id_dossier_number_error").is_visible()
    found["member-add-errors"] = axe_violations(page)
    look(page, f"member-add-errors-{language}")

    assert {name: v for name, v in found.items() if v} == {}


def test_pages_work_without_javascript(browser: Any, live_server: Any, make_staff: Callable[..., User]) -> None:
    make_staff(Role.ANALYST, username="analyst")
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        base = live_server.url
        log_in(page, base, "analyst")
        assert page.locator("h1").inner_text()
        choose_language(page, "ar")
        assert page.locator("html").get_attribute("dir") == "rtl"
        choose_language(page, "en")
        assert page.locator("h1").inner_text() == "Welcome to Lika"
        page.locator(".logout button").click()
        page.wait_for_url(f"{base}/konto/logga-in/")
    finally:
        context.close()


def test_keyboard_reaches_the_skip_link_first(page: Any, live_server: Any) -> None:
    page.goto(f"{live_server.url}/konto/logga-in/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.className")
    assert focused == "skip-link"
    assert page.locator(".skip-link").is_visible()
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main"


def test_the_accessibility_check_finds_a_planted_violation(page: Any) -> None:
    """Guards the checks above: were axe not running, they would pass on any page."""
    page.set_content('<html lang="en"><head><title>t</title></head><body><main><img src="x.png"></main></body></html>')
    assert any(v.startswith("image-alt") for v in axe_violations(page))
