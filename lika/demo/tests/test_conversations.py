"""Demo: the permit conversations, with the made-up gap between women and men the follow-up shows."""

from __future__ import annotations

import datetime
from collections.abc import Callable

import pytest

from lika.accounts.models import User
from lika.accounts.roles import Role
from lika.audit.acting import Acting
from lika.demo.conversations import demo_permit_conversations
from lika.people import services
from lika.people.models import ConversationTopic, DecisionOutcome, PermitConversation, PermitGround, PermitKind, Person

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 22)


def test_granted_adults_get_conversations_from_the_checklist_once(
    make_person: Callable[..., Person], make_staff: Callable[..., User], acting: Acting
) -> None:
    officer = make_staff(Role.CASE_OFFICER, username="case-officer")
    for number in range(40):
        person = make_person(sex="female" if number % 2 else "male")
        application = services.permit_application_submit(
            acting=acting, person=person, ground=PermitGround.FAMILY_TIES, submitted_on=datetime.date(2024, 1, 1)
        )
        services.permit_decision_record(
            acting=acting,
            application=application,
            decided_on=datetime.date(2025, 5, 1),
            outcome=DecisionOutcome.GRANTED,
            permit_kind=PermitKind.PERMANENT,
            valid_from=datetime.date(2025, 5, 1),
        )
    child = make_person(birth_date=datetime.date(2015, 1, 1))
    application = services.permit_application_submit(
        acting=acting, person=child, ground=PermitGround.FAMILY_TIES, submitted_on=datetime.date(2024, 1, 1)
    )
    services.permit_decision_record(
        acting=acting,
        application=application,
        decided_on=datetime.date(2025, 5, 1),
        outcome=DecisionOutcome.GRANTED,
        permit_kind=PermitKind.PERMANENT,
        valid_from=datetime.date(2025, 5, 1),
    )
    made = demo_permit_conversations(today=TODAY, seed=3)
    assert 25 <= made <= 40  # about 85 % of the 40 adults
    conversations = PermitConversation.objects.all()
    assert not conversations.filter(decision__application__person=child).exists()
    assert all(set(c.topics) <= set(ConversationTopic.values) for c in conversations)
    assert {c.recorded_by for c in conversations} == {officer}
    assert demo_permit_conversations(today=TODAY, seed=3) == 0
