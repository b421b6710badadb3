"""The analysts' page for the gender impact of rule changes: who may see and assess, errors, and in a browser."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from lika.accounts.models import User
from lika.accounts.roles import Role
from lika.allowance.models import ImpactAssessment
from lika.audit.models import AuditEvent
from lika.testing.browser import axe_violations, choose_language, log_in, look
from lika.testing.personas import Family

pytestmark = pytest.mark.django_db

LIST = reverse("allowance:impact_list")
CREATE = reverse("allowance:impact_create")


@pytest.fixture
def open_rules(settings: Any) -> None:
    """One family is the whole caseload here: its figures are published so the page has a chart and tables."""
    settings.LIKA_DISCLOSURE_MIN_COUNT = 1
    settings.LIKA_DISCLOSURE_MIN_DENOMINATOR = 1


@pytest.fixture
def analyst(client: Client, make_staff: Callable[..., User]) -> User:
    user = make_staff(Role.ANALYST, username="analyst")
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return user


def test_an_analyst_assesses_an_example_and_reads_the_report(client: Client, analyst: User, family: Family) -> None:
    page = client.get(LIST)
    assert page.status_code == 200
    assert LIST.encode() in page.content, "the menu leads here"
    response = client.post(
        CREATE, {"month": "2026-10", "example": "children-paid-to-one-adult.yaml", "reason": "Before the reform"}
    )
    assessment = ImpactAssessment.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("allowance:impact_detail", args=[assessment.pk])
    assert assessment.created_by == analyst
    assert AuditEvent.objects.filter(action="allowance.impact_assess").count() == 1
    detail = client.get(response["Location"]).content.decode()
    assert "Children&#x27;s allowance paid to one adult" in detail
    assert "Money on own cards, by sex" in detail
    pdf = client.get(reverse("allowance:impact_pdf", args=[assessment.pk, "sv"]))
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")


def test_a_broken_upload_is_refused_with_its_line_and_nothing_is_kept(client: Client, analyst: User) -> None:
    broken = SimpleUploadedFile(
        "higher.yaml",
        b"title: Higher\nsources:\n  proposal: Memo\nparameters:\n  adult_single:\n    values:\n"
        b"      - valid_from: 2027-01-01\n        value: {food_not_included: 7200, food_included: 2400}\n"
        b"        source: proposal\n",
    )
    response = client.post(CREATE, {"month": "2026-10", "proposal_file": broken, "reason": "Try"})
    assert response.status_code == 400
    text = response.content.decode()
    assert "higher.yaml, line 7" in text
    assert "every value needs a reference" in text
    assert not ImpactAssessment.objects.exists()
    both = client.post(CREATE, {"month": "2026-10", "reason": "Try"})
    assert "Give a proposal file or choose an example" in both.content.decode()


def test_a_manager_reads_assessments_but_cannot_make_one_and_a_case_officer_sees_none(
    client: Client, make_staff: Callable[..., User]
) -> None:
    manager = make_staff(Role.MANAGER, username="manager")
    client.force_login(manager)
    assert client.get(LIST).status_code == 200
    assert (
        client.post(
            CREATE, {"month": "2026-10", "example": "children-paid-to-one-adult.yaml", "reason": "x"}
        ).status_code
        == 403
    )
    client.force_login(make_staff(Role.CASE_OFFICER, username="officer2"))
    assert client.get(LIST).status_code == 403


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("language", ["sv", "en"])
@pytest.mark.usefixtures("family", "open_rules")
def test_the_impact_pages_have_no_wcag_21_aa_violations(
    page: Any, live_server: Any, make_staff: Callable[..., User], language: str
) -> None:
    make_staff(Role.ANALYST, username="analyst")
    base = live_server.url
    log_in(page, base, "analyst")
    choose_language(page, language)
    page.goto(f"{base}{LIST}")
    found = {"list": axe_violations(page)}
    page.locator("input[name=month]").fill("2026-10")
    page.locator("select[name=example]").select_option("children-paid-to-one-adult.yaml")
    page.locator("textarea[name=reason]").fill("Before the reform")
    page.locator("form.form button[type=submit]").click()
    page.wait_for_load_state()
    assert "/konsekvenser/" in page.url
    assert page.locator("figure.chart svg").count() == 1
    found["detail"] = axe_violations(page)
    look(page, f"impact-detail-{language}")
    assert {name: v for name, v in found.items() if v} == {}
