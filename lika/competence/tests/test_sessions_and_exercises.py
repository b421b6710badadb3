"""Case exercises for every kind of meeting and every observed behaviour; group sessions recorded by a
facilitator, refused with a message when something is wrong."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from lika.audit.models import AuditEvent
from lika.competence.exercises import exercises_all, exercises_for
from lika.competence.models import GroupSession, MeetingKind
from lika.competence.tests.factories import Organisation
from lika.core import clock
from lika.treatment_survey.protocol.definition import BEHAVIOURS

pytestmark = pytest.mark.django_db


def test_every_kind_of_meeting_has_an_exercise_and_every_observed_behaviour_is_practised() -> None:
    """The four exercises the data migration loads."""
    exercises = exercises_all()
    assert {e.meeting for e in exercises if e.meeting} == set(MeetingKind)
    practised = {name for e in exercises for name in e.behaviours}
    assert practised == {b.name for b in BEHAVIOURS}
    assert all(e.facilitator_notes and e.steps for e in exercises)


def test_exercises_for_a_meeting_include_the_discussion_material_for_every_kind() -> None:
    telephone = exercises_for(meeting=MeetingKind.TELEPHONE)
    assert {e.meeting for e in telephone} == {MeetingKind.TELEPHONE, None}
    assert all("smiled" in e.behaviours for e in exercises_for(behaviour="smiled"))


@pytest.mark.parametrize(
    ("language", "text"), [("sv", "Samtalet som måste pausas"), ("en", "The call that has to be paused")]
)
def test_an_exercise_reads_in_swedish_and_english_with_its_findings(
    client: Client, org: Organisation, language: str, text: str
) -> None:
    client.force_login(org.staff)
    client.cookies["lika_language"] = language
    response = client.get(reverse("competence:exercise_detail", args=["telefon-aterkomst"]))
    assert response.status_code == 200
    assert text in response.content.decode()
    assert len(response.context["findings"]) == 4
    assert client.get(reverse("competence:exercise_detail", args=["nothing"])).status_code == 404


def test_the_exercise_list_filters_by_behaviour(client: Client, org: Organisation) -> None:
    client.force_login(org.staff)
    response = client.get(reverse("competence:exercise_list"), {"behaviour": "told_why_leaving"})
    slugs = {item["slug"] for item in response.context["items"]}
    assert slugs == {"telefon-aterkomst", "diskussion-undersokningen"}


def _session(org: Organisation, **overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "exercise": "telefon-aterkomst",
        "held_on": clock.today().isoformat(),
        "unit": org.unit.pk,
        "meeting_kind": "telephone",
        "participants": [org.staff.pk, org.facilitator.pk],
        "reflection": "We agreed to always say why we put a call on hold.",
        "reason": "Session held",
    }
    data.update(overrides)
    return data


def test_a_facilitator_records_a_group_session_with_its_participants(client: Client, org: Organisation) -> None:
    client.force_login(org.facilitator)
    response = client.post(reverse("competence:session_new"), _session(org))
    assert response.status_code == 302
    session = GroupSession.objects.get()
    assert session.facilitator == org.facilitator
    assert set(session.participants.all()) == {org.staff, org.facilitator}
    assert AuditEvent.objects.filter(action="competence.group_session_record").count() == 1
    assert client.get(reverse("competence:session_list")).status_code == 200


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"meeting_kind": "in_person"}, "meeting_kind", "This exercise is for telephone meetings"),
        ({"held_on": (clock.today() + datetime.timedelta(days=1)).isoformat()}, "held_on", "later than today"),
        ({"reflection": "   "}, "reflection", ""),
    ],
)
def test_a_wrong_session_is_refused_on_its_field_and_nothing_is_recorded(
    client: Client, org: Organisation, overrides: dict[str, object], field: str, message: str
) -> None:
    client.force_login(org.facilitator)
    response = client.post(reverse("competence:session_new"), _session(org, **overrides), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert response.context["form"].errors[field]
    assert message in " ".join(response.context["form"].errors[field])
    assert not GroupSession.objects.exists()


def test_staff_who_are_not_facilitators_cannot_record_sessions(client: Client, org: Organisation) -> None:
    client.force_login(org.staff)
    assert client.get(reverse("competence:session_new")).status_code == 403
    assert client.post(reverse("competence:session_new"), _session(org)).status_code == 403
    assert client.get(reverse("competence:session_list")).status_code == 403
    assert not GroupSession.objects.exists()


def test_the_old_treatment_survey_exercise_page_leads_to_the_same_behaviour(client: Client, org: Organisation) -> None:
    client.force_login(org.staff)
    response = client.get("/bemotande/ovningar/eye_contact/", follow=True)
    assert response.status_code == 200
    assert {item["slug"] for item in response.context["items"]} == {"besok-servicekontor", "diskussion-undersokningen"}
