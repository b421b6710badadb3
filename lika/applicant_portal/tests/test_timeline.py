"""The next step, decided from the events (a table), and the events gathered from a person's case."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from lika.allowance import services as allowance
from lika.applicant_portal import selectors
from lika.applicant_portal.models import Sender
from lika.applicant_portal.services.documents import decision_open_record
from lika.applicant_portal.services.messages import message_send, portal_acting, thread_start
from lika.applicant_portal.timeline import Actor, Event, EventKind, NextStep, StepKind, next_step, timeline_order
from lika.audit.acting import Acting
from lika.demo.bank_accounts import iban_se_demo
from lika.testing.portal import World, permit_grant

UTC = datetime.UTC


def at(day: int, hour: int = 9) -> datetime.datetime:
    return datetime.datetime(2026, 11, day, hour, tzinfo=UTC)


DEC_5 = datetime.date(2026, 12, 5)
DEC_1 = datetime.date(2026, 12, 1)

submitted = Event(EventKind.APPLICATION_SUBMITTED, at(1), 1, pending=True)
submitted_decided = Event(EventKind.APPLICATION_SUBMITTED, at(1), 1, pending=False)
permit_unread = Event(EventKind.PERMIT_DECIDED, at(10), 2, unread=True)
permit_read = Event(EventKind.PERMIT_DECIDED, at(10), 2, unread=False)
allowance_unread = Event(EventKind.ALLOWANCE_DECIDED, at(12), 3, unread=True)
allowance_unread_older = Event(EventKind.ALLOWANCE_DECIDED, at(11), 4, unread=True)
asked_dec_5 = Event(EventKind.MESSAGE_RECEIVED, at(13), 5, unread=True, answer_by=DEC_5)
asked_dec_1 = Event(EventKind.MESSAGE_RECEIVED, at(14), 6, unread=False, answer_by=DEC_1)
asked_answered = Event(EventKind.MESSAGE_RECEIVED, at(13), 5, answer_by=DEC_5, answered=True)
message_unread = Event(EventKind.MESSAGE_RECEIVED, at(15), 7, unread=True)
card = Event(EventKind.CARD_ORDERED, at(2), 8)

NEXT_STEP_TABLE = [
    # (events, expected next step, why)
    ([], NextStep(StepKind.NOTHING, Actor.NOBODY), "an empty case asks nothing of anyone"),
    ([submitted], NextStep(StepKind.AGENCY_DECIDING, Actor.AGENCY, 1), "the agency decides a pending application"),
    ([submitted_decided, permit_read, card], NextStep(StepKind.NOTHING, Actor.NOBODY), "all read, nothing pending"),
    (
        [submitted_decided, permit_unread],
        NextStep(StepKind.READ_PERMIT_DECISION, Actor.PERSON, 2),
        "a new permit decision is to be read",
    ),
    (
        [permit_unread, allowance_unread],
        NextStep(StepKind.READ_PERMIT_DECISION, Actor.PERSON, 2),
        "the permit decision comes before an allowance decision",
    ),
    (
        [allowance_unread_older, allowance_unread, submitted],
        NextStep(StepKind.READ_ALLOWANCE_DECISION, Actor.PERSON, 3),
        "the newest unread allowance decision, before the pending application",
    ),
    (
        [permit_unread, asked_dec_5],
        NextStep(StepKind.ANSWER_MESSAGE, Actor.PERSON, 5, DEC_5),
        "a question with a date comes before everything",
    ),
    (
        [asked_dec_5, asked_dec_1],
        NextStep(StepKind.ANSWER_MESSAGE, Actor.PERSON, 6, DEC_1),
        "of two questions, the one due first",
    ),
    (
        [asked_answered, submitted],
        NextStep(StepKind.AGENCY_DECIDING, Actor.AGENCY, 1),
        "an answered question asks nothing more",
    ),
    (
        [message_unread, submitted],
        NextStep(StepKind.READ_MESSAGE, Actor.PERSON, 7),
        "an unread message before the agency's work",
    ),
]


@pytest.mark.parametrize(("events", "expected", "why"), NEXT_STEP_TABLE, ids=[row[2] for row in NEXT_STEP_TABLE])
def test_next_step_table(events: list[Event], expected: NextStep, why: str) -> None:
    assert next_step(events) == expected, why


def test_timeline_is_newest_first() -> None:
    events = [submitted, message_unread, card, permit_read]
    assert [e.at for e in timeline_order(events)] == sorted((e.at for e in events), reverse=True)


@pytest.mark.django_db
def test_events_of_a_case_lead_from_pending_to_read(world: World, acting: Acting) -> None:
    """A submitted application waits for the agency; a decision asks to be read until it is opened."""
    amina = world.amina
    allowance_decision = world.decisions[amina.pk]
    # The allowance decision is new: it asks to be read first.
    assert next_step(selectors.timeline_events(amina)) == NextStep(
        StepKind.READ_ALLOWANCE_DECISION, Actor.PERSON, allowance_decision.pk
    )
    decision_open_record(person=amina, decision=allowance_decision, form="html", language="en")
    application = world.applications[amina.pk]
    assert next_step(selectors.timeline_events(amina)) == NextStep(
        StepKind.AGENCY_DECIDING, Actor.AGENCY, application.pk
    )
    permit = permit_grant(acting, application)
    assert next_step(selectors.timeline_events(amina)).kind == StepKind.READ_PERMIT_DECISION
    decision_open_record(person=amina, decision=permit, form="pdf", language="en")
    kinds = {e.kind for e in selectors.timeline_events(amina)}
    assert {EventKind.APPLICATION_SUBMITTED, EventKind.PERMIT_DECIDED, EventKind.ALLOWANCE_DECIDED} <= kinds
    assert EventKind.CARD_ORDERED not in kinds  # Amina has no card in this world
    assert next_step(selectors.timeline_events(amina)) == NextStep(StepKind.NOTHING, Actor.NOBODY)


@pytest.mark.django_db
def test_a_question_with_a_date_is_the_next_step_until_answered(world: World, by_officer: Acting) -> None:
    omar = world.omar
    message = thread_start(
        acting=by_officer,
        person=omar,
        sender=Sender.AGENCY,
        subject="Your address",
        body="Please tell us your new address.",
        answer_by=DEC_5,
    )
    assert next_step(selectors.timeline_events(omar)) == NextStep(
        StepKind.ANSWER_MESSAGE, Actor.PERSON, message.thread_id, DEC_5
    )
    message_send(acting=portal_acting(omar, "Answer"), thread=message.thread, sender=Sender.PERSON, body="Storgatan 1")
    assert next_step(selectors.timeline_events(omar)).kind != StepKind.ANSWER_MESSAGE


@pytest.mark.django_db
def test_a_partners_events_never_enter_the_timeline(world: World, acting: Acting) -> None:
    permit_grant(acting, world.sara.permit_applications.get())
    refs = {(e.kind, e.ref) for e in selectors.timeline_events(world.yonas)}
    assert (EventKind.ALLOWANCE_DECIDED, world.decisions[world.sara.pk].pk) not in refs
    assert not any(kind == EventKind.PERMIT_DECIDED for kind, _ref in refs)


@pytest.mark.django_db
def test_the_timeline_reads_a_fixed_number_of_queries(
    world: World, acting: Acting, by_officer: Acting, django_assert_max_num_queries: Any
) -> None:
    """More decisions, cards and messages do not mean more queries: no query per row."""
    amina = world.amina
    permit_grant(acting, world.applications[amina.pk])
    for number in range(5):
        thread_start(acting=by_officer, person=amina, sender=Sender.AGENCY, subject=f"S{number}", body="B")
    with django_assert_max_num_queries(1):
        events = selectors.timeline_events(amina)
    assert len(events) == 1 + 1 + 1 + 5


@pytest.mark.django_db
def test_another_persons_case_never_enters_the_timeline(world: World, acting: Acting, by_officer: Acting) -> None:
    """Everything of Sara's (application, decisions, card, message, openings) stays out of Yonas's timeline."""
    sara, yonas = world.sara, world.yonas
    application = world.applications[sara.pk]
    permit = permit_grant(acting, application)
    card = allowance.card_order(
        acting=by_officer, person=sara, on=datetime.date(2026, 12, 1), account_iban=iban_se_demo(sara.pk)
    )
    message = thread_start(acting=by_officer, person=sara, sender=Sender.AGENCY, subject="Card", body="Your card.")
    decision_open_record(person=sara, decision=world.decisions[sara.pk], form="html", language="en")
    decision_open_record(person=sara, decision=permit, form="pdf", language="en")
    hers = {
        (EventKind.APPLICATION_SUBMITTED, application.pk),
        (EventKind.PERMIT_DECIDED, permit.pk),
        (EventKind.ALLOWANCE_DECIDED, world.decisions[sara.pk].pk),
        (EventKind.CARD_ORDERED, card.pk),
        (EventKind.MESSAGE_RECEIVED, message.thread_id),
    }
    assert hers <= {(e.kind, e.ref) for e in selectors.timeline_events(sara)}
    his = selectors.timeline_events(yonas)
    assert not hers & {(e.kind, e.ref) for e in his}
    # Her openings are hers: his own decision still asks to be read.
    assert [e.unread for e in his if e.kind == EventKind.ALLOWANCE_DECIDED] == [True]


def test_events_at_the_same_moment_about_the_same_id_keep_one_order() -> None:
    application = Event(EventKind.APPLICATION_SUBMITTED, at(1), 5)
    card_ordered = Event(EventKind.CARD_ORDERED, at(1), 5)
    assert timeline_order([card_ordered, application]) == timeline_order([application, card_ordered])
