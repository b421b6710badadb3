"""The guide: every member of staff finds activities by subject, process and format; only competence
administrators add and change them, and a refused change changes nothing."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from lika.accounts.models import User
from lika.accounts.roles import Role
from lika.audit.acting import Acting
from lika.audit.models import AuditEvent
from lika.competence import services
from lika.competence.models import Activity, Area
from lika.competence.selectors import activities_find
from lika.competence.tests.factories import Organisation

pytestmark = pytest.mark.django_db


def _titles(response: object) -> list[str]:
    return [a.title for a in response.context["activities"]]  # type: ignore[attr-defined]


def test_every_member_of_staff_finds_activities_by_subject_and_process(client: Client, org: Organisation) -> None:
    client.force_login(org.staff)
    response = client.get(reverse("competence:guide"), {"subject": "lgbtqi", "process": "asylum"})
    assert response.status_code == 200
    assert _titles(response) == ["LGBTQI asylum grounds"]
    # An activity that names no process is for every process.
    response = client.get(reverse("competence:guide"), {"process": "citizenship"})
    assert _titles(response) == ["Racism e-learning"]
    response = client.get(reverse("competence:guide"), {"format": "e_learning"})
    assert _titles(response) == ["Racism e-learning"]


def test_a_filter_that_is_not_a_choice_is_refused_with_status_400(client: Client, org: Organisation) -> None:
    client.force_login(org.staff)
    assert client.get(reverse("competence:guide"), {"subject": "astrology"}).status_code == 400


def test_the_guide_is_for_logged_in_staff(client: Client, org: Organisation) -> None:
    assert client.get(reverse("competence:guide")).status_code == 302


def test_the_guide_lists_without_a_query_per_activity(
    client: Client, org: Organisation, django_assert_max_num_queries: Any
) -> None:
    client.force_login(org.staff)
    client.get(reverse("competence:guide"))
    with django_assert_max_num_queries(8):
        client.get(reverse("competence:guide"))


@pytest.mark.parametrize("role", [Role.CASE_OFFICER, Role.MANAGER, Role.FACILITATOR])
def test_only_competence_administrators_add_activities(
    client: Client, make_staff: Callable[..., User], role: Role
) -> None:
    client.force_login(make_staff(role))
    assert client.get(reverse("competence:activity_new")).status_code == 403


def test_a_competence_administrator_adds_an_activity(client: Client, org: Organisation) -> None:
    client.force_login(org.admin)
    response = client.post(
        reverse("competence:activity_new"),
        {
            "title": "Children's rights",
            "description": "The child's best interest.",
            "format": "course",
            "length_minutes": "90",
            "language": "sv",
            "subjects": ["children"],
            "processes": ["asylum", "family_ties"],
            "audiences": ["case_officers"],
            "mandatory": "on",
            "link": "/kompetens/ovningar/",
            "active": "on",
            "reason": "New course",
        },
    )
    assert response.status_code == 302
    added = Activity.objects.get(title="Children's rights")
    assert added.processes == ["asylum", "family_ties"]
    assert added.mandatory
    assert AuditEvent.objects.filter(action="competence.activity_create", object_id=str(added.pk)).exists()


@pytest.mark.usefixtures("english")
def test_a_link_that_is_neither_a_web_address_nor_a_path_is_refused_and_nothing_changes(
    client: Client, org: Organisation
) -> None:
    client.force_login(org.admin)
    response = client.post(
        reverse("competence:activity_edit", args=[org.telephone.pk]),
        {
            "title": "Changed",
            "description": "x",
            "format": "course",
            "length_minutes": "60",
            "language": "sv",
            "subjects": ["meetings"],
            "audiences": ["all_staff"],
            "link": "javascript:alert(1)",
            "active": "on",
            "reason": "Fix",
        },
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    assert "beginning with https://" in response.content.decode()
    org.telephone.refresh_from_db()
    assert org.telephone.title == "Treatment on the phone"


@pytest.mark.usefixtures("english")
def test_the_service_refuses_staff_without_the_permission(org: Organisation) -> None:
    with pytest.raises(ValidationError, match="may not do this"):
        services.activity_change(
            acting=Acting(actor=org.manager, reason="Try"), activity=org.telephone, title="Mine now"
        )
    org.telephone.refresh_from_db()
    assert org.telephone.title == "Treatment on the phone"


def test_a_hidden_activity_is_shown_to_administrators_only(client: Client, org: Organisation) -> None:
    services.activity_change(acting=Acting(actor=org.admin, reason="Old"), activity=org.telephone, active=False)
    client.force_login(org.staff)
    assert "Treatment on the phone" not in _titles(client.get(reverse("competence:guide")))
    client.force_login(org.admin)
    assert "Treatment on the phone" in _titles(client.get(reverse("competence:guide")))


def test_activities_find_combines_filters(org: Organisation) -> None:
    everything = list(Activity.objects.all())
    assert activities_find(everything, subject="meetings", process="asylum") == []
    assert [a.title for a in activities_find(everything, subject="meetings", process="contact_centre")] == [
        "Treatment on the phone"
    ]


def test_a_competence_administrator_adds_an_area_and_staff_read_the_framework(
    client: Client, org: Organisation
) -> None:
    client.force_login(org.staff)
    assert client.get(reverse("competence:area_new")).status_code == 403
    assert "Area 1" in client.get(reverse("competence:framework")).content.decode()
    client.force_login(org.admin)
    fields = {
        "name": "Interpreters",
        "description": "Speaking to the person, not the interpreter.",
        "level_1": "Knows when to offer one.",
        "level_2": "Always offers one.",
        "level_3": "Helps others do it.",
        "order": "3",
        "reason": "New area",
    }
    assert client.post(reverse("competence:area_new"), fields).status_code == 302
    assert client.post(reverse("competence:area_new"), {**fields, "level_2": " "}).status_code == 400
    assert [a.name for a in Area.objects.all()] == ["Area 1", "Area 2", "Interpreters"]
