"""The person's case as a list of events, and the one next step that follows from them.

Pure: no Django, no database, no clock. :mod:`lika.applicant_portal.services.timeline` gathers the
events; templates put the step into words. A step names who must act (the person or the agency),
what, and by when.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum


class EventKind(StrEnum):
    APPLICATION_SUBMITTED = "application_submitted"
    PERMIT_DECIDED = "permit_decided"
    ALLOWANCE_DECIDED = "allowance_decided"
    CARD_ORDERED = "card_ordered"
    CARD_ACTIVATED = "card_activated"
    CARD_BLOCKED = "card_blocked"
    MESSAGE_RECEIVED = "message_received"
    MESSAGE_SENT = "message_sent"


class StepKind(StrEnum):
    ANSWER_MESSAGE = "answer_message"
    READ_PERMIT_DECISION = "read_permit_decision"
    READ_ALLOWANCE_DECISION = "read_allowance_decision"
    READ_MESSAGE = "read_message"
    AGENCY_DECIDING = "agency_deciding"
    NOTHING = "nothing"


class Actor(StrEnum):
    PERSON = "person"
    AGENCY = "agency"
    NOBODY = "nobody"


@dataclass(frozen=True)
class Event:
    """Something that happened in the person's case.

    ``ref`` identifies the object (a decision, an application, a thread) so the page can link to it.
    ``unread`` is true for a decision or message from the agency that the person has not opened.
    ``answer_by`` is the day the agency asked for an answer; ``answered`` says whether the person
    has written in that thread since.
    """

    kind: EventKind
    at: datetime.datetime
    ref: int
    unread: bool = False
    answer_by: datetime.date | None = None
    answered: bool = False
    pending: bool = False  # an application still waiting for a decision
    detail: str = ""  # e.g. the month an allowance decision is for


@dataclass(frozen=True)
class NextStep:
    kind: StepKind
    actor: Actor
    ref: int | None = None
    due: datetime.date | None = None


# Of two events at the same moment about objects with the same id (an application and a card, say), the one
# whose kind is listed first above comes first: the order never depends on the order the rows were read in.
_KIND_RANK = {kind: rank for rank, kind in enumerate(EventKind)}


def timeline_order(events: Iterable[Event]) -> list[Event]:
    """The events newest first; of two at the same moment, the later-made object first."""
    return sorted(events, key=lambda event: (event.at, event.ref, -_KIND_RANK[event.kind]), reverse=True)


def next_step(events: Iterable[Event]) -> NextStep:
    """The one thing that should happen next, in this order of urgency:

    1. a message the person is asked to answer by a date and has not answered (the earliest date);
    2. a permit decision the person has not opened, then an allowance decision (the newest);
    3. an unread message from the agency (the newest);
    4. an application the agency is still deciding (the agency acts);
    5. nothing: no action is needed from anyone.

    >>> import datetime as dt
    >>> at = dt.datetime(2026, 11, 1, 9, tzinfo=dt.UTC)
    >>> next_step([Event(EventKind.APPLICATION_SUBMITTED, at, 7, pending=True)])
    NextStep(kind=<StepKind.AGENCY_DECIDING: 'agency_deciding'>, actor=<Actor.AGENCY: 'agency'>, ref=7, due=None)
    """
    newest_first = timeline_order(events)
    to_answer = [
        e for e in newest_first if e.kind == EventKind.MESSAGE_RECEIVED and e.answer_by is not None and not e.answered
    ]
    if to_answer:
        first_due = min(to_answer, key=lambda e: (e.answer_by, e.at))
        return NextStep(StepKind.ANSWER_MESSAGE, Actor.PERSON, first_due.ref, first_due.answer_by)
    for kind, step in (
        (EventKind.PERMIT_DECIDED, StepKind.READ_PERMIT_DECISION),
        (EventKind.ALLOWANCE_DECIDED, StepKind.READ_ALLOWANCE_DECISION),
        (EventKind.MESSAGE_RECEIVED, StepKind.READ_MESSAGE),
    ):
        unread = next((e for e in newest_first if e.kind == kind and e.unread), None)
        if unread is not None:
            return NextStep(step, Actor.PERSON, unread.ref)
    pending = next((e for e in newest_first if e.kind == EventKind.APPLICATION_SUBMITTED and e.pending), None)
    if pending is not None:
        return NextStep(StepKind.AGENCY_DECIDING, Actor.AGENCY, pending.ref)
    return NextStep(StepKind.NOTHING, Actor.NOBODY)
