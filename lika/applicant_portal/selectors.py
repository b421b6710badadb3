"""Reads for Min Sida. Every query starts from the logged-in person, so nothing of anyone else's is found.

A lookup by id for an object that is not the person's raises :class:`django.http.Http404`, exactly as
for an id that does not exist: nobody learns that someone else's object is there.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from lika.allowance.models import Card, CardStatus, Decision
from lika.applicant_portal.models import Attachment, Message, Sender, Thread
from lika.applicant_portal.services.messages import portal_acting
from lika.applicant_portal.timeline import Event, EventKind
from lika.audit.actions import Action
from lika.audit.models import AuditEvent
from lika.people.models import PermitApplication, PermitDecision, Person

# How the audit trail names the two kinds of decision (app label and model name).
PERMIT_DECISION_TYPE = "people.permitdecision"
ALLOWANCE_DECISION_TYPE = "allowance.decision"


def own_allowance_decisions(person: Person) -> QuerySet[Decision]:
    return Decision.objects.filter(person=person).order_by("-month", "-sequence")


def own_allowance_decision(person: Person, decision_id: int) -> Decision:
    found = own_allowance_decisions(person).select_related("supersedes").filter(pk=decision_id).first()
    if found is None:
        raise Http404
    return found


def own_permit_decisions(person: Person) -> QuerySet[PermitDecision]:
    return (
        PermitDecision.objects.filter(application__person=person)
        .select_related("application")
        .order_by("-decided_on", "-id")
    )


def own_permit_decision(person: Person, decision_id: int) -> PermitDecision:
    found = own_permit_decisions(person).filter(pk=decision_id).first()
    if found is None:
        raise Http404
    return found


def own_threads(person: Person) -> QuerySet[Thread]:
    unread = Message.objects.filter(thread=OuterRef("pk"), sender=Sender.AGENCY, read_at__isnull=True)
    return (
        Thread.objects.filter(person=person)
        .annotate(message_count=Count("messages"), has_unread=Exists(unread))
        .order_by("-last_message_at", "-id")
    )


def own_thread(person: Person, thread_id: int) -> Thread:
    found = Thread.objects.filter(person=person, pk=thread_id).first()
    if found is None:
        raise Http404
    return found


def thread_messages(thread: Thread) -> QuerySet[Message]:
    return thread.messages.prefetch_related("attachments").order_by("sent_at", "id")


def own_attachment(person: Person, attachment_id: int) -> Attachment:
    found = Attachment.objects.filter(pk=attachment_id, message__thread__person=person).first()
    if found is None:
        raise Http404
    return found


def opened_decisions(
    person: Person, *, permit_ids: Iterable[int] | None = None, allowance_ids: Iterable[int] | None = None
) -> set[tuple[str, str]]:
    """The (object type, id) of every decision the person has opened in Min Sida.

    Given the ids of the person's permit and allowance decisions, the query looks only at those
    decisions' events (through the audit trail's index on the object), so its cost does not grow with
    everyone else's openings.
    """
    label = portal_acting(person, "-").actor_label
    events = AuditEvent.objects.filter(action=Action.PORTAL_DECISION_OPEN, actor_label=label)
    if permit_ids is not None and allowance_ids is not None:
        events = events.filter(
            Q(object_type=PERMIT_DECISION_TYPE, object_id__in=[str(pk) for pk in permit_ids])
            | Q(object_type=ALLOWANCE_DECISION_TYPE, object_id__in=[str(pk) for pk in allowance_ids])
        )
    # No ordering: the audit trail's default (newest first) means nothing to a set.
    return set(events.order_by().values_list("object_type", "object_id"))


def _start_of(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def timeline_events(person: Person) -> list[Event]:
    """Every event of the person's own case, in no particular order, in a fixed number of queries.

    Each query reads only the columns the events need and sorts by the table's own columns: the
    models' default orderings go through related tables (a card by its holder's name, a message by
    its thread), which costs a join per query and says nothing about the timeline's order.
    """
    events: list[Event] = []
    permits = list(
        PermitDecision.objects.filter(application__person=person)
        .order_by("decided_on", "id")
        .values_list("pk", "application_id", "decided_on")
    )
    decided = {application_id for _pk, application_id, _on in permits}
    decisions = list(
        Decision.objects.filter(person=person)
        .order_by("-month", "-sequence")
        .values_list("pk", "issued_at", "month", "sequence")
    )
    opened = opened_decisions(
        person, permit_ids=[pk for pk, _id, _on in permits], allowance_ids=[pk for pk, *_rest in decisions]
    )
    applications = (
        PermitApplication.objects.filter(person=person).order_by("submitted_on", "id").values_list("pk", "submitted_on")
    )
    for application_id, submitted_on in applications:
        events.append(
            Event(
                EventKind.APPLICATION_SUBMITTED,
                _start_of(submitted_on),
                application_id,
                pending=application_id not in decided,
            )
        )
    for permit_id, _application_id, decided_on in permits:
        unread = (PERMIT_DECISION_TYPE, str(permit_id)) not in opened
        events.append(Event(EventKind.PERMIT_DECIDED, _start_of(decided_on), permit_id, unread=unread))
    # Only the newest version of each month's decision asks to be read; older ones are history.
    latest: dict[str, tuple[int, int]] = {}  # month -> (sequence, decision id)
    for decision_id, _issued_at, month, sequence in decisions:
        if month not in latest or sequence > latest[month][0]:
            latest[month] = (sequence, decision_id)
    for decision_id, issued_at, month, _sequence in decisions:
        unread = latest[month][1] == decision_id and (ALLOWANCE_DECISION_TYPE, str(decision_id)) not in opened
        events.append(Event(EventKind.ALLOWANCE_DECIDED, issued_at, decision_id, unread=unread, detail=month))
    cards = (
        Card.objects.filter(holder=person)
        .order_by("ordered_on", "id")
        .values_list("pk", "ordered_on", "activated_on", "closed_on", "status")
    )
    for card_id, ordered_on, activated_on, closed_on, status in cards:
        events.append(Event(EventKind.CARD_ORDERED, _start_of(ordered_on), card_id))
        if activated_on:
            events.append(Event(EventKind.CARD_ACTIVATED, _start_of(activated_on), card_id))
        if closed_on and status == CardStatus.BLOCKED:
            events.append(Event(EventKind.CARD_BLOCKED, _start_of(closed_on), card_id))
    person_wrote: dict[int, list[datetime.datetime]] = defaultdict(list)
    messages = list(
        Message.objects.filter(thread__person=person)
        .order_by("sent_at", "id")
        .values_list("thread_id", "sender", "sent_at", "answer_by", "read_at")
    )
    for thread_id, sender, sent_at, _answer_by, _read_at in messages:
        if sender == Sender.PERSON:
            person_wrote[thread_id].append(sent_at)
    for thread_id, sender, sent_at, answer_by, read_at in messages:
        if sender == Sender.PERSON:
            events.append(Event(EventKind.MESSAGE_SENT, sent_at, thread_id))
            continue
        answered = any(at > sent_at for at in person_wrote[thread_id])
        events.append(
            Event(
                EventKind.MESSAGE_RECEIVED,
                sent_at,
                thread_id,
                unread=read_at is None,
                answer_by=answer_by,
                answered=answered,
            )
        )
    return events
