"""Demo: the permit conversations officers recorded with adults granted a permit.

Made up, with a gap of the kind the plan follows up: in these conversations women are told less often
than men why telling Arbetsförmedlingen about a disability can give more support, and more often about
childcare; the follow-up's indicator "What the permit conversation covered" shows it by sex.
"""

from __future__ import annotations

import datetime
import random

from django.db import transaction

from lika.accounts.models import User
from lika.audit.actions import Action
from lika.audit.shell import command_job
from lika.people.ages import age_on
from lika.people.models import (
    ConversationChannel,
    ConversationTopic,
    DecisionOutcome,
    PermitConversation,
    PermitDecision,
    Sex,
)
from lika.people.parameters import AGE_OF_MAJORITY

ACTOR_LABEL = "lika demo-data"
FIRST_DAY = datetime.date(2023, 1, 1)  # the demo's officers recorded conversations from 2023
HELD_SHARE = 0.85  # most adults granted a permit had the conversation
# The chance that a topic was given, for women and for men (made up).
TOPIC_CHANCES: dict[str, tuple[float, float]] = {
    ConversationTopic.OM_SVERIGE: (0.92, 0.93),
    ConversationTopic.SFI_CIVIC: (0.88, 0.90),
    ConversationTopic.EMPLOYMENT_SERVICE: (0.78, 0.86),
    ConversationTopic.DISABILITY: (0.41, 0.58),
    ConversationTopic.CHILDCARE: (0.74, 0.47),
    ConversationTopic.OWN_MONEY: (0.63, 0.52),
    ConversationTopic.VIOLENCE: (0.57, 0.34),
}
CHANNELS = (ConversationChannel.IN_PERSON, ConversationChannel.PHONE, ConversationChannel.VIDEO)
CHANNEL_WEIGHTS = (60, 30, 10)


def demo_permit_conversations(*, today: datetime.date, seed: int) -> int:
    """Records made-up conversations for adults granted a permit since :data:`FIRST_DAY`; returns how many."""
    if PermitConversation.objects.exists():
        return 0
    officer = User.objects.filter(username="case-officer").first()
    if officer is None:
        return 0
    rng = random.Random(seed)  # noqa: S311 - made-up demo data, not security
    decisions = (
        PermitDecision.objects.filter(outcome=DecisionOutcome.GRANTED, decided_on__gte=FIRST_DAY)
        .select_related("application__person")
        .order_by("pk")
    )
    rows = []
    for decision in decisions:
        person = decision.application.person
        held_on = decision.decided_on + datetime.timedelta(days=rng.randint(3, 30))
        if held_on > today or age_on(person.birth_date, held_on) < AGE_OF_MAJORITY or rng.random() > HELD_SHARE:
            continue
        woman = person.sex == Sex.FEMALE
        topics = [topic for topic, (w, m) in TOPIC_CHANCES.items() if rng.random() < (w if woman else m)]
        rows.append(
            PermitConversation(
                decision=decision,
                held_on=held_on,
                channel=rng.choices(CHANNELS, CHANNEL_WEIGHTS)[0],
                language=person.preferred_language,
                interpreter=person.preferred_language not in {"sv", "en"} and rng.random() < 0.9,
                topics=topics,
                recorded_by=officer,
            )
        )
    if not rows:
        return 0
    with transaction.atomic():
        PermitConversation.objects.bulk_create(rows, batch_size=2000)
        command_job(label=ACTOR_LABEL, reason="Demo: permit conversations").audit(
            Action.DEMO_CONVERSATIONS_LOAD, ("people.permitconversation", "demo"), {"conversations": len(rows)}
        )
    return len(rows)
