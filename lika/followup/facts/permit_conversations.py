"""The permit-conversation facts: each topic of each conversation, given or not, by the person's sex."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from lika.followup.dimensions import quarter
from lika.followup.facts.population import People
from lika.followup.facts.record import RebuildResult, by_id_rebuild, not_in_facts
from lika.followup.models import FactPermitConversationTopic
from lika.people.models import ConversationTopic, PermitConversation


def permit_conversations_rebuild(*, as_of: datetime.date, people: People, full: bool = False) -> RebuildResult:
    """One row per conversation and topic of the protocol; only new conversations unless ``full``."""

    def source(new_only: bool) -> Iterable[tuple[Any, ...]]:
        conversations = PermitConversation.objects.all()
        if new_only:
            conversations = not_in_facts(conversations, FactPermitConversationTopic, "conversation_id")
        for conversation_id, held, channel, interpreter, topics, pid in conversations.order_by("id").values_list(
            "id", "held_on", "channel", "interpreter", "topics", "decision__application__person_id"
        ):
            sex, group, country = people.demographics(pid, held)
            given = set(topics)
            for topic in ConversationTopic.values:
                yield (
                    conversation_id,
                    topic,
                    topic in given,
                    held,
                    held.year,
                    quarter(held),
                    channel,
                    interpreter,
                    sex,
                    group,
                    country,
                )

    return by_id_rebuild(
        FactPermitConversationTopic,
        as_of=as_of,
        full=full,
        source=source,
        columns=[
            "conversation_id",
            "topic",
            "given",
            "held_on",
            "year",
            "quarter",
            "conversation_channel",
            "interpreter",
            "sex",
            "age_group",
            "country_of_birth",
        ],
    )
