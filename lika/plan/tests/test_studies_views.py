"""The method guide and the register of studies as pages: who may read and keep them, refusals on the field at
fault that change nothing, participant counts shown only protected, and the pages in a real browser with axe-core
in Swedish and English."""

from __future__ import annotations

import csv
import datetime
import io
import re
from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lika.accounts.models import User
from lika.accounts.roles import Role
from lika.audit.acting import Acting
from lika.audit.models import AuditEvent
from lika.plan import studies
from lika.plan.models.studies import ConsentBasis, Method, Study, StudyParticipants, StudyStatus
from lika.plan.studies import ParticipantCount
from lika.testing.browser import axe_violations, choose_language, log_in, look

KEEP = ("add_study", "change_study", "view_study")


def _with(user: User, *codenames: str) -> User:
    user.user_permissions.add(*Permission.objects.filter(content_type__app_label="plan", codename__in=codenames))
    return User.objects.get(pk=user.pk)


@pytest.fixture
def keeper(make_staff: Callable[..., User]) -> User:
    return _with(make_staff(Role.ANALYST, username="strateg"), *KEEP)


@pytest.fixture
def reader(make_staff: Callable[..., User]) -> User:
    return _with(make_staff(Role.MANAGER, username="chef"), "view_study")


def _client(client: Client, user: User, language: str = "en") -> Client:
    client.force_login(user)
    client.cookies["lika_language"] = language
    return client


def _study(keeper: User, title: str = "Usability test of Min Sida in Arabic and Dari") -> Study:
    acting = Acting(actor=keeper, reason="Register")
    study = studies.study_create(
        acting=acting,
        title=title,
        purpose="Can applicants find their decision in Min Sida?",
        method=Method.USABILITY_TEST,
        start_date=datetime.date(2025, 9, 1),
        end_date=datetime.date(2025, 10, 15),
        owner="Digital services",
        consent_basis=ConsentBasis.INFORMED_CONSENT,
        consent_text="Asked in Arabic or Dari; test accounts only.",
        findings="Women more often missed the decision link.",
        status=StudyStatus.DONE,
    )
    studies.study_participants_set(
        acting=acting,
        study=study,
        counts=[
            ParticipantCount("female", "18-29", "ar", 7),
            ParticipantCount("female", "30-44", "prs", 2),
            ParticipantCount("male", "18-29", "ar", 6),
            ParticipantCount("male", "30-44", "prs", 5),
        ],
    )
    return study


# --- the guide ---------------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "heading", "lang"),
    [
        ("sv", "Ta reda på vad sökande behöver", "sv"),
        ("en", "Learning what applicants need", "en"),
        ("ar", "Learning what applicants need", "en"),
    ],
)
def test_every_member_of_staff_reads_the_guide_in_swedish_or_english(
    client: Client, make_staff: Callable[..., User], language: str, heading: str, lang: str
) -> None:
    response = _client(client, make_staff(Role.CASE_OFFICER), language).get(reverse("plan:method_guide"))
    text = response.content.decode()
    assert response.status_code == 200
    assert f"<h1>{heading}</h1>" in text
    assert f'lang="{lang}"' in text
    assert "Lika" in text
    assert "Likas egen text" in text or "Lika's own text" in text
    for method in ("method-interviews", "method-observation", "method-surveys", "method-usability", "method-codesign"):
        assert f'id="{method}"' in text


@pytest.mark.django_db
def test_the_guide_asks_for_a_login(client: Client) -> None:
    response = client.get(reverse("plan:method_guide"))
    assert response.status_code == 302
    assert "/konto/logga-in/" in response["Location"]


# --- the register ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_staff_without_permission_cannot_read_the_register(client: Client, make_staff: Callable[..., User]) -> None:
    officer = _client(client, make_staff(Role.CASE_OFFICER))
    assert officer.get(reverse("plan:study_list")).status_code == 403
    assert officer.get(reverse("plan:study_export")).status_code == 403


@pytest.mark.django_db
def test_a_reader_reads_but_cannot_add_or_change(client: Client, keeper: User, reader: User) -> None:
    study = _study(keeper)
    browser = _client(client, reader)
    listing = browser.get(reverse("plan:study_list")).content.decode()
    assert study.title in listing
    assert reverse("plan:study_new") not in listing
    detail = browser.get(reverse("plan:study_detail", args=[study.pk])).content.decode()
    assert reverse("plan:study_edit", args=[study.pk]) not in detail
    assert browser.get(reverse("plan:study_new")).status_code == 403
    assert browser.post(reverse("plan:study_edit", args=[study.pk]), {"title": "x"}).status_code == 403
    assert browser.post(reverse("plan:study_participants", args=[study.pk]), {}).status_code == 403
    assert Study.objects.get().title == study.title


def _numbers(html: str) -> list[int]:
    cells = re.findall(r'<td class="number">\s*<bdi dir="ltr">([^<]*)</bdi>', html)
    return [int(cell) for cell in cells if cell.isdigit()]


@pytest.mark.django_db
def test_the_detail_shows_participants_only_protected(client: Client, keeper: User, reader: User) -> None:
    study = _study(keeper)
    html = _client(client, reader).get(reverse("plan:study_detail", args=[study.pk])).content.decode()
    assert "Participants by age and sex" in html
    assert "Participants by language and sex" in html
    shown = _numbers(html)
    assert shown, "some figures are published"
    assert all(value >= 5 for value in shown if value), shown
    assert ".." in html
    assert "Not shown, to protect the people behind the figure." in html


@pytest.mark.django_db
def test_the_export_holds_only_protected_counts(client: Client, keeper: User, reader: User) -> None:
    study = _study(keeper)
    _study(keeper, "Planned, nobody yet")
    Study.objects.filter(title="Planned, nobody yet").update(status=StudyStatus.PLANNED)
    StudyParticipants.objects.filter(study__title="Planned, nobody yet").delete()
    response = _client(client, reader).get(reverse("plan:study_export"), {"method": "usability_test"})
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="studies.csv"'
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][-4:] == ["Women", "Men", "Sex unknown", "Total"]
    counted = [row for row in rows[1:] if row[0] == study.title]
    assert len(counted) == 6  # two age bands, two languages, a total row for each breakdown
    cells = [cell for row in counted for cell in row[-4:]]
    assert ".." in cells
    assert all(cell in {"..", "–"} or int(cell) >= 5 for cell in cells), cells
    assert [row[-5:] for row in rows[1:] if row[0] == "Planned, nobody yet"] == [["", "", "", "", ""]]


@pytest.mark.django_db
def test_the_list_does_not_query_per_study(client: Client, keeper: User) -> None:
    browser = _client(client, keeper)
    _study(keeper, "One")
    with CaptureQueriesContext(connection) as one:
        browser.get(reverse("plan:study_list"))
    for title in ("Two", "Three", "Four"):
        _study(keeper, title)
    with CaptureQueriesContext(connection) as four:
        assert browser.get(reverse("plan:study_list")).status_code == 200
    assert len(four) == len(one)


def _form(**overrides: str) -> dict[str, str]:
    data = {
        "title": "Observation at a service office",
        "purpose": "How are women and men met at the counter?",
        "method": "observation",
        "start_date": "2026-02-02",
        "end_date": "",
        "owner": "Service office Malmö",
        "consent_basis": "observation_notice",
        "consent_text": "Signs at the door; anyone may say no.",
        "findings": "",
        "status": "planned",
        "reason": "Planned with the office",
    }
    data.update(overrides)
    return data


@pytest.mark.django_db
def test_a_keeper_adds_and_edits_a_study_with_audit(client: Client, keeper: User) -> None:
    browser = _client(client, keeper)
    response = browser.post(reverse("plan:study_new"), _form())
    study = Study.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("plan:study_detail", args=[study.pk])
    response = browser.post(
        reverse("plan:study_edit", args=[study.pk]), _form(status="ongoing", reason="Fieldwork started")
    )
    assert response.status_code == 302
    study.refresh_from_db()
    assert study.status == StudyStatus.ONGOING
    assert list(
        AuditEvent.objects.filter(object_type="plan.study").order_by("id").values_list("reason", flat=True)
    ) == [
        "Planned with the office",
        "Fieldwork started",
    ]


@pytest.mark.django_db
def test_a_refusal_is_shown_on_its_field_and_nothing_changes(client: Client, keeper: User) -> None:
    browser = _client(client, keeper)
    response = browser.post(reverse("plan:study_new"), _form(end_date="2026-01-01"))
    assert response.status_code == 400
    field = response.context["form"]["end_date"]
    assert field.errors == ["The end date cannot come before the start date, 2026-02-02."]
    response = browser.post(reverse("plan:study_new"), _form(status="done", end_date="2026-03-01"))
    assert response.status_code == 400
    assert response.context["form"]["findings"].errors == ["A study that is done has findings: write what was learned."]
    assert not Study.objects.exists()


def _groups(rows: list[tuple[str, str, str, str]], reason: str = "Counted") -> dict[str, str]:
    data = {
        "groups-TOTAL_FORMS": str(len(rows)),
        "groups-INITIAL_FORMS": "0",
        "groups-MIN_NUM_FORMS": "0",
        "groups-MAX_NUM_FORMS": "1000",
        "reason": reason,
    }
    for number, (sex, age, language, count) in enumerate(rows):
        data |= {
            f"groups-{number}-sex": sex,
            f"groups-{number}-age_band": age,
            f"groups-{number}-language": language,
            f"groups-{number}-count": count,
        }
    return data


@pytest.mark.django_db
def test_participant_counts_are_recorded_and_refused_on_their_field(client: Client, keeper: User) -> None:
    study = studies.study_create(acting=Acting(actor=keeper, reason="New"), **_form_values())
    browser = _client(client, keeper)
    url = reverse("plan:study_participants", args=[study.pk])
    page = browser.get(url)
    assert page.status_code == 200
    # A half-filled group is refused on the fields left empty.
    response = browser.post(url, _groups([("female", "18-29", "", "3"), ("", "", "", "")]))
    assert response.status_code == 400
    assert response.context["formset"].forms[0]["language"].errors == [
        "Fill in this too, or leave the whole group empty."
    ]
    # A group given twice is refused by the service, naming both, above the form.
    response = browser.post(url, _groups([("female", "18-29", "ar", "3"), ("female", "18-29", "ar", "4")]))
    assert response.status_code == 400
    assert "Group 2 repeats group 1" in response.content.decode()
    assert not StudyParticipants.objects.exists()
    # Empty groups are skipped.
    response = browser.post(
        url, _groups([("female", "18-29", "ar", "3"), ("", "", "", ""), ("male", "65+", "und", "6")])
    )
    assert response.status_code == 302
    assert sorted(StudyParticipants.objects.values_list("sex", "age_band", "language", "count")) == [
        ("female", "18-29", "ar", 3),
        ("male", "65+", "und", 6),
    ]


def _form_values() -> dict[str, Any]:
    return {
        "title": "Interviews",
        "purpose": "Why",
        "method": Method.INTERVIEW,
        "start_date": datetime.date(2026, 1, 1),
        "owner": "Unit",
        "consent_basis": ConsentBasis.INFORMED_CONSENT,
        "consent_text": "Asked.",
    }


# --- in a real browser -------------------------------------------------------------------------------


@pytest.mark.browser
@pytest.mark.slow  # about 20 s on 2 cores: two logins and six pages in two languages
@pytest.mark.django_db(transaction=True)
def test_the_guide_and_register_pass_axe_in_swedish_and_english(
    browser: Any, live_server: Any, make_staff: Callable[..., User]
) -> None:
    """Script is on only because axe-core needs it; the pages have none."""
    keeper = _with(make_staff(Role.ANALYST, username="strateg"), *KEEP)
    study = _study(keeper)
    base = live_server.url
    found: dict[str, list[str]] = {}
    for language in ("sv", "en"):
        context = browser.new_context(java_script_enabled=True, viewport={"width": 1280, "height": 900})
        page = context.new_page()
        try:
            page.goto(f"{base}/konto/logga-in/")
            choose_language(page, language)
            log_in(page, base, "strateg")
            for name, path in (
                ("guide", reverse("plan:method_guide")),
                ("list", reverse("plan:study_list")),
                ("detail", reverse("plan:study_detail", args=[study.pk])),
                ("participants", reverse("plan:study_participants", args=[study.pk])),
            ):
                page.goto(base + path)
                found[f"{name}-{language}"] = axe_violations(page)
                look(page, f"plan-studies-{name}-{language}")
            # A refusal, as a keeper meets it: the error summary and the field at fault.
            page.goto(base + reverse("plan:study_new"))
            page.locator("#id_title").fill("Workshop")
            page.get_by_role("button", name="Spara" if language == "sv" else "Save").click()
            assert page.locator(".error-summary").is_visible()
            found[f"new-refused-{language}"] = axe_violations(page)
        finally:
            context.close()
    assert {name: issues for name, issues in found.items() if issues} == {}
