"""The plan in a real browser: the strategist changes a measure's status and writes the report's text, a
manager approves the report, and every page passes axe-core's WCAG 2.1 AA checks in Swedish and English.

Script is on only because axe-core needs it; the pages have none, and every step is a link, a field or
a submit button.
"""

from __future__ import annotations

from typing import Any

import pytest

from lika.plan.models import Measure, MeasureChange, Report
from lika.testing.browser import axe_violations, look, staff_session

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _check(page: Any, name: str, found: dict[str, list[str]]) -> None:
    found[name] = axe_violations(page)
    look(page, f"plan-{name}")


@pytest.mark.slow  # about 40 s on 2 cores: two logins, eight pages, one approval that renders four documents
def test_strategist_writes_and_manager_approves(
    browser: Any, live_server: Any, plan: dict[str, object], facts: None, manager: Any
) -> None:
    base = live_server.url
    found: dict[str, list[str]] = {}
    measure = plan["measure"]
    assert isinstance(measure, Measure)
    context, page = staff_session(browser, base, "strategist", "en")
    try:
        page.locator("nav[aria-label='Main menu'] a", has_text="The plan").click()
        _check(page, "overview-en", found)
        page.get_by_role("link", name="2.1", exact=True).click()
        page.get_by_role("link", name="Change the measure or its status").click()
        _check(page, "measure-edit-en", found)
        page.select_option("#id_status", "done")
        page.fill("#id_reason", "Every adult had a card by December")
        page.get_by_role("button", name="Save").click()
        assert page.locator("dd strong").inner_text() == "Done"
        _check(page, "measure-en", found)
        assert MeasureChange.objects.filter(measure=measure, reason="Every adult had a card by December").exists()
        page.goto(f"{base}/plan/rapport/2025/en/")
        page.locator("a[href='/plan/rapport/2025/text/area-2/sv/']").click()
        _check(page, "narrative-en", found)
        page.fill("#id_text", "Alla vuxna i par fick eget kort.\n\nSkillnaden mellan kvinnor och män är borta.")
        page.fill("#id_reason", "First draft")
        page.get_by_role("button", name="Save as a new version").click()
        assert "Alla vuxna i par fick eget kort." in page.locator("main").inner_text()
        _check(page, "report-draft-sv", found)
    finally:
        context.close()
    context, page = staff_session(browser, base, "boss", "sv")
    try:
        page.goto(f"{base}/plan/rapport/2025/sv/")
        assert "Utkast: inte godkänd" in page.locator("main").inner_text()
        page.get_by_role("link", name="Godkänn rapporten").click()
        _check(page, "approve-sv", found)
        page.fill("#id_reason", "Ledningsgruppen 2026-02-10")
        page.check("#id_confirm")
        page.get_by_role("button", name="Spara").click()
        main = page.locator("main").inner_text()
        assert "Godkänd" in main
        assert "Utkast: inte godkänd" not in main
        _check(page, "report-approved-sv", found)
        page.get_by_role("link", name="In English").click()
        _check(page, "report-approved-en", found)
        download = page.request.get(f"{base}/plan/rapport/2025/en.pdf")
        assert download.headers["content-type"] == "application/pdf"
        assert download.body() == Report.objects.get(year=2025).pdf("en")
    finally:
        context.close()
    assert {name: issues for name, issues in found.items() if issues} == {}
