"""Case exercises are data that administrators keep through pages: the four first ones come from a data
migration, every text in Swedish and English, steps and notes as plain text; a refusal names the field and
changes nothing; an exercise taken off is gone for staff but stays named by its group sessions."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from lika.accounts.models import User
from lika.accounts.roles import Role
from lika.audit.models import AuditEvent
from lika.competence.exercises import exercise, exercises_all
from lika.competence.forms import ExerciseForm
from lika.competence.models import CaseExercise
from lika.competence.tests.factories import Organisation

pytestmark = pytest.mark.django_db

NEW: dict[str, Any] = {
    "slug": "digitalt-tolk",
    "meeting_kind": "digital",
    "minutes": "30",
    "behaviours": ["offered_choice"],
    "title_sv": "Tolken i videomötet",
    "title_en": "The interpreter in the video meeting",
    "summary_sv": "Ett videomöte med tolk.",
    "summary_en": "A video meeting with an interpreter.",
    "situation_sv": "Sara har ett videomöte med tolk.",
    "situation_en": "Sara has a video meeting with an interpreter.",
    "steps_sv": "Tolken hör dåligt.\n? Vad gör du?\n- Fortsätter\n- Frågar\n---\nMötet slutar.\n? Vad säger du?",
    "steps_en": "The interpreter hears badly.\n? What do you do?\n- Go on\n- Ask\n---\nThe meeting ends.\n? What do you say?",
    "notes_sv": "Lyssna efter antaganden.\n\nStyr mot normer.",
    "notes_en": "Listen for assumptions.\n\nSteer towards norms.",
    "mandatory_for_sv": "",
    "mandatory_for_en": "",
    "active": "on",
    "reason": "A new exercise",
}


@pytest.fixture
def administrator(make_staff: Callable[..., User]) -> User:
    return make_staff(Role.ADMINISTRATOR, username="admin")


def test_the_first_four_exercises_come_from_the_data_migration() -> None:
    slugs = [e.slug for e in exercises_all()]
    assert slugs == ["telefon-aterkomst", "besok-servicekontor", "digitalt-mote", "diskussion-undersokningen"]
    call = exercise("telefon-aterkomst")
    assert call.title.en == "The call that has to be paused"
    assert len(call.steps[0].choices) == 2


def test_an_administrator_adds_an_exercise_that_staff_then_read(
    client: Client, org: Organisation, administrator: User
) -> None:
    client.force_login(administrator)
    assert client.get(reverse("competence:exercise_new")).status_code == 200
    response = client.post(reverse("competence:exercise_new"), NEW)
    assert response.status_code == 302
    added = exercise("digitalt-tolk")
    assert [step.question.en for step in added.steps] == ["What do you do?", "What do you say?"]
    assert [choice.sv for choice in added.steps[0].choices] == ["Fortsätter", "Frågar"]
    assert [note.en for note in added.facilitator_notes] == ["Listen for assumptions.", "Steer towards norms."]
    assert AuditEvent.objects.filter(action="competence.exercise_save").count() == 1
    client.force_login(org.staff)
    page = client.get(reverse("competence:exercise_detail", args=["digitalt-tolk"]), HTTP_ACCEPT_LANGUAGE="en")
    assert "The interpreter in the video meeting" in page.content.decode()
    assert "Edit The interpreter" not in page.content.decode()


def test_an_unchanged_exercise_saves_nothing_and_a_change_is_audited(client: Client, administrator: User) -> None:
    """The edit form shows the texts so that saving them unchanged gives back the same exercise."""
    client.force_login(administrator)
    url = reverse("competence:exercise_edit", args=["besok-servicekontor"])
    form = client.get(url).context["form"]
    data = {name: value for name, value in form.initial.items() if value not in (None, False)}
    data["reason"] = "Nothing"
    data["active"] = "on"
    data["minutes"] = str(data["minutes"])
    before = CaseExercise.objects.get(slug="besok-servicekontor")
    assert client.post(url, data).status_code == 302
    after = CaseExercise.objects.get(slug="besok-servicekontor")
    assert (after.steps, after.facilitator_notes, after.title) == (before.steps, before.facilitator_notes, before.title)
    assert not AuditEvent.objects.filter(action="competence.exercise_save").exists()
    data["title_en"] = "A visit to the service office"
    assert client.post(url, data).status_code == 302
    assert exercise("besok-servicekontor").title.en == "A visit to the service office"
    assert AuditEvent.objects.filter(action="competence.exercise_save").count() == 1


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"slug": "telefon-aterkomst"}, "slug", "Another exercise already has the address telefon-aterkomst"),
        ({"slug": "ny"}, "slug", "not 'ny'"),
        ({"steps_en": "The interpreter hears badly.\n? What do you do?\n- Go on\n- Ask"}, "steps_en", "as many steps"),
        ({"steps_sv": "Tolken hör dåligt.\n- Fortsätter\n---\nMötet slutar.\n? Vad?"}, "steps_sv", "Step 1 needs"),
        ({"steps_en": NEW["steps_en"].replace("- Ask\n", "")}, "steps_en", "Step 1 has a different number of choices"),
        ({"notes_en": "Listen for assumptions."}, "notes_en", "as many notes in English"),
        ({"mandatory_for_sv": "Grundutbildningen"}, "mandatory_for_en", "in both languages, or in neither"),
        ({"behaviours": []}, "behaviours", "This field is required"),
        ({"title_en": " "}, "title_en", "This field is required"),
    ],
)
def test_an_exercise_that_cannot_be_saved_is_refused_and_nothing_changes(
    client: Client, administrator: User, *, english: None, change: dict[str, Any], field: str, message: str
) -> None:
    client.force_login(administrator)
    response = client.post(reverse("competence:exercise_new"), {**NEW, **change}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert message in " ".join(response.context["form"].errors[field])
    assert CaseExercise.objects.count() == 4
    assert not AuditEvent.objects.filter(action="competence.exercise_save").exists()


def test_an_exercise_taken_off_is_gone_for_staff_but_not_for_its_sessions(
    client: Client, org: Organisation, administrator: User
) -> None:
    client.force_login(administrator)
    url = reverse("competence:exercise_edit", args=["telefon-aterkomst"])
    data = {k: v for k, v in ExerciseForm.initial_of(exercise("telefon-aterkomst")).items() if k != "active"}
    assert client.post(url, {**data, "reason": "Replaced"}).status_code == 302
    assert "telefon-aterkomst" in {
        item["slug"] for item in client.get(reverse("competence:exercise_list")).context["items"]
    }
    client.force_login(org.staff)
    assert client.get(reverse("competence:exercise_detail", args=["telefon-aterkomst"])).status_code == 404
    assert "telefon-aterkomst" not in {
        item["slug"] for item in client.get(reverse("competence:exercise_list")).context["items"]
    }


def test_only_those_who_keep_exercises_edit_them(client: Client, org: Organisation) -> None:
    for user in (org.staff, org.manager, org.facilitator):
        client.force_login(user)
        assert client.get(reverse("competence:exercise_new")).status_code == 403
        assert client.get(reverse("competence:exercise_edit", args=["telefon-aterkomst"])).status_code == 403
        assert client.post(reverse("competence:exercise_new"), NEW).status_code == 403
    assert CaseExercise.objects.count() == 4
