"""The permit message: one per granted permit, in the person's language, linking through /k/minsida."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.utils import translation

from lika.applicant_portal.models import Message, PermitMessage
from lika.applicant_portal.services.permit_messages import permit_message_text, permit_messages_send
from lika.audit.acting import Acting
from lika.newcomer_info.models import ChannelKind
from lika.newcomer_info.services import channel_create
from lika.people import services
from lika.people.models import DecisionOutcome, PermitDecision
from lika.testing.portal import World, permit_grant

JOB = Acting(actor=None, actor_label="test job", reason="A residence permit was granted")


@pytest.fixture
def min_sida_channel(acting: Acting, make_staff: object) -> None:
    from lika.accounts.roles import Role

    communicator = make_staff(Role.COMMUNICATOR, username="communicator")  # type: ignore[operator]
    channel_create(
        acting=Acting(actor=communicator, reason="Test"),
        code="minsida",
        kind=ChannelKind.MIN_SIDA,
        name="Link on Min Sida",
        landing_path="/om-sverige/",
    )


@pytest.mark.django_db
def test_a_granted_permit_gets_one_message_and_a_second_run_sends_nothing(
    world: World, acting: Acting, min_sida_channel: None
) -> None:
    granted = permit_grant(acting, world.applications[world.amina.pk])
    services.permit_decision_record(
        acting=acting,
        application=world.applications[world.omar.pk],
        decided_on=granted.decided_on,
        outcome=DecisionOutcome.REFUSED,
    )
    sent = permit_messages_send(acting=JOB)
    assert [m.thread.person_id for m in sent] == [world.amina.pk]
    message = sent[0]
    assert message.thread.subject == "You have been granted a residence permit"
    assert "/k/minsida?lang=en" in message.body  # Amina reads English
    assert permit_messages_send(acting=JOB) == []
    assert PermitMessage.objects.get().message == message


@pytest.mark.django_db
def test_the_message_is_in_the_persons_language(world: World, acting: Acting, min_sida_channel: None) -> None:
    permit_grant(acting, world.applications[world.yonas.pk])  # Yonas reads Swedish
    (message,) = permit_messages_send(acting=JOB)
    with translation.override("sv"):
        subject, _body = permit_message_text(message_permit(message), "/k/minsida?lang=sv")
    assert message.thread.subject == subject
    assert "/k/minsida?lang=sv" in message.body


def message_permit(message: Message) -> PermitDecision:
    return PermitMessage.objects.select_related("permit_decision").get(message=message).permit_decision


@pytest.mark.django_db
def test_the_database_refuses_a_second_message_for_one_decision(
    world: World, acting: Acting, min_sida_channel: None
) -> None:
    permit_grant(acting, world.applications[world.amina.pk])
    (message,) = permit_messages_send(acting=JOB)
    record = PermitMessage.objects.get()
    with pytest.raises(IntegrityError), transaction.atomic():
        PermitMessage.objects.create(
            permit_decision=record.permit_decision,
            message=Message.objects.create(thread=message.thread, sender="agency", body="again"),
        )


@pytest.mark.django_db
def test_the_command_sends_the_waiting_messages(
    world: World, acting: Acting, min_sida_channel: None, capsys: pytest.CaptureFixture[str]
) -> None:
    permit_grant(acting, world.applications[world.leyla.pk])
    call_command("permit_messages")
    call_command("permit_messages")
    assert capsys.readouterr().out.splitlines() == ["Permit messages sent: 1.", "Permit messages sent: 0."]


@pytest.mark.django_db
def test_a_permit_granted_on_a_page_sends_the_message_at_once(
    world: World, acting: Acting, min_sida_channel: None, django_capture_on_commit_callbacks: Any
) -> None:
    """Issue 15: the message waited for the timer; now recording a granted decision sends it when it commits."""
    with django_capture_on_commit_callbacks(execute=True):
        decision = permit_grant(acting, world.applications[world.amina.pk])
    assert PermitMessage.objects.get().permit_decision == decision
    with django_capture_on_commit_callbacks(execute=True):
        services.permit_decision_record(
            acting=acting,
            application=world.applications[world.omar.pk],
            decided_on=decision.decided_on,
            outcome=DecisionOutcome.REFUSED,
        )
    assert PermitMessage.objects.count() == 1, "a refusal sends nothing"
    assert permit_messages_send(acting=JOB) == [], "the timer finds nothing left to send"


@pytest.mark.django_db
def test_a_persian_reader_gets_the_message_in_persian(world: World, acting: Acting, min_sida_channel: None) -> None:
    permit_grant(acting, world.applications[world.leyla.pk])  # Leyla reads Persian
    (message,) = permit_messages_send(acting=JOB)
    assert message.thread.subject == "به شما اجازه اقامت داده شده است"
    assert "اداره مهاجرت سوئد درباره درخواست شما تصمیم گرفته است. پاسخ مثبت است." in message.body
    assert "residence permit" not in message.body
