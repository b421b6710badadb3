"""The permit conversation (issue 15, report 2.1.4): recorded topic by topic, refused when it cannot be true."""

from __future__ import annotations

import datetime
from collections.abc import Callable

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from lika.accounts.models import User
from lika.accounts.roles import Role
from lika.audit.acting import Acting
from lika.audit.models import AuditEvent
from lika.people import services
from lika.people.models import (
    ConversationChannel,
    ConversationTopic,
    DecisionOutcome,
    PermitConversation,
    PermitDecision,
    PermitGround,
    PermitKind,
    Person,
)
from lika.testing.clock import Clock

pytestmark = pytest.mark.django_db

DECIDED = datetime.date(2026, 10, 1)
HELD = datetime.date(2026, 10, 15)


@pytest.fixture(autouse=True)
def _english(english: None) -> None:
    """Refusals are matched in English, whatever language an earlier test left active."""


@pytest.fixture(autouse=True)
def _today(clock: Clock) -> None:
    clock.set_today(datetime.date(2026, 11, 22))


@pytest.fixture
def officer(make_staff: Callable[..., User]) -> User:
    return make_staff(Role.CASE_OFFICER, username="officer")


def _decision(acting: Acting, person: Person, outcome: str = DecisionOutcome.GRANTED) -> PermitDecision:
    application = services.permit_application_submit(
        acting=acting, person=person, ground=PermitGround.FAMILY_TIES, submitted_on=datetime.date(2026, 1, 5)
    )
    granted = outcome == DecisionOutcome.GRANTED
    return services.permit_decision_record(
        acting=acting,
        application=application,
        decided_on=DECIDED,
        outcome=outcome,
        permit_kind=PermitKind.PERMANENT if granted else "",
        valid_from=DECIDED if granted else None,
    )


def _talk(**changes: object) -> services.Conversation:
    values: dict[str, object] = {
        "held_on": HELD,
        "channel": ConversationChannel.IN_PERSON,
        "language": "ar",
        "interpreter": True,
        "topics": [ConversationTopic.DISABILITY, ConversationTopic.OM_SVERIGE],
    }
    values.update(changes)
    return services.Conversation(**values)  # type: ignore[arg-type]


def test_a_conversation_keeps_its_topics_in_the_protocols_order(
    make_person: Callable[..., Person], acting: Acting, officer: User
) -> None:
    decision = _decision(acting, make_person())
    recorded = services.permit_conversation_record(
        acting=Acting(actor=officer, reason="Held today"), decision=decision, conversation=_talk()
    )
    assert recorded.topics == ["om_sverige", "disability"]
    assert (recorded.recorded_by, recorded.interpreter, recorded.language) == (officer, True, "ar")
    event = AuditEvent.objects.get(action="permit_conversation.record")
    assert event.details["topics"] == ["om_sverige", "disability"]


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"held_on": DECIDED - datetime.timedelta(days=1)}, "held_on"),
        ({"held_on": datetime.date(2026, 12, 24)}, "held_on"),
        ({"channel": "letter"}, "channel"),
        ({"language": "klingon"}, "language"),
        ({"topics": ["om_sverige", "horoscopes"]}, "topics"),
    ],
)
def test_an_impossible_conversation_is_refused_and_nothing_is_written(
    make_person: Callable[..., Person], acting: Acting, officer: User, changes: dict[str, object], field: str
) -> None:
    decision = _decision(acting, make_person())
    with pytest.raises(ValidationError) as refused:
        services.permit_conversation_record(
            acting=Acting(actor=officer, reason="x"), decision=decision, conversation=_talk(**changes)
        )
    assert field in refused.value.message_dict
    assert not PermitConversation.objects.exists()


def test_only_a_granted_permit_and_an_adult_have_the_conversation(
    make_person: Callable[..., Person], acting: Acting, officer: User
) -> None:
    refused_decision = _decision(acting, make_person(), outcome=DecisionOutcome.REFUSED)
    child = _decision(acting, make_person(birth_date=datetime.date(2012, 1, 1)))
    by_officer = Acting(actor=officer, reason="x")
    with pytest.raises(ValidationError, match="did not grant one"):
        services.permit_conversation_record(acting=by_officer, decision=refused_decision, conversation=_talk())
    with pytest.raises(ValidationError, match="was under 18"):
        services.permit_conversation_record(acting=by_officer, decision=child, conversation=_talk())


def test_the_officer_records_it_from_the_person_page(
    make_person: Callable[..., Person], acting: Acting, officer: User, make_staff: Callable[..., User]
) -> None:
    person = make_person()
    decision = _decision(acting, person)
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(officer)
    url = reverse("people:permit_conversation", args=[person.pk, decision.pk])
    assert url in client.get(reverse("people:person_detail", args=[person.pk])).content.decode()
    page = client.get(url).content.decode()
    assert "Why telling Arbetsförmedlingen about a disability can give more support" in page
    bad = client.post(url, {"held_on": "2026-09-01", "channel": "phone", "language": "ar", "reason": "x"})
    assert bad.status_code == 400
    assert "The conversation comes after the decision" in bad.content.decode()
    done = client.post(
        url,
        {"held_on": "2026-10-20", "channel": "phone", "language": "fa", "topics": ["childcare", "violence"],
         "reason": "Held by telephone"},
    )  # fmt: skip
    assert done.status_code == 302
    assert PermitConversation.objects.get().topics == ["childcare", "violence"]
    assert "permit conversation on 2026-10-20, 2 topics" in client.get(done["Location"]).content.decode()
    approver = Client()
    approver.force_login(make_staff(Role.APPROVER))
    assert approver.get(url).status_code == 403
