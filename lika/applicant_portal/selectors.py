"""Reads for Min Sida. Every query starts from the logged-in person, so nothing of anyone else's is found.

A lookup by id for an object that is not the person's raises :class:`django.http.Http404`, exactly as
for an id that does not exist: nobody learns that someone else's object is there.
"""

from __future__ import annotations

import datetime
from collections import defaultdict

from django.db.models import Count, Exists, OuterRef, QuerySet
from django.http import Http404
from django.utils import timezone

from lika.allowance.models import Card, CardStatus, Decision
from lika.applicant_portal.models import Attachment, Message, Sender, Thread
from lika.applicant_portal.services.documents import DECISION_OPEN_ACTION
from lika.applicant_portal.services.messages import portal_acting
from lika.applicant_portal.timeline import Event, EventKind
from lika.audit.models import AuditEvent
from lika.people.models import PermitApplication, PermitDecision, Person


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


def opened_decisions(person: Person) -> set[tuple[str, str]]:
    """The (object type, id) of every decision the person has opened in Min Sida."""
    label = portal_acting(person, "-").actor_label
    return set(
        AuditEvent.objects.filter(action=DECISION_OPEN_ACTION, actor_label=label).values_list(
            "object_type", "object_id"
        )
    )


def _start_of(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def timeline_events(person: Person) -> list[Event]:
    """Every event of the person's own case, in no particular order, in a fixed number of queries."""
    opened = opened_decisions(person)
    events: list[Event] = []
    permits = list(PermitDecision.objects.filter(application__person=person).only("pk", "application_id", "decided_on"))
    decided = {permit.application_id for permit in permits}
    for application in PermitApplication.objects.filter(person=person).only("pk", "submitted_on"):
        events.append(
            Event(
                EventKind.APPLICATION_SUBMITTED,
                _start_of(application.submitted_on),
                application.pk,
                pending=application.pk not in decided,
            )
        )
    for permit in permits:
        unread = ("people.permitdecision", str(permit.pk)) not in opened
        events.append(Event(EventKind.PERMIT_DECIDED, _start_of(permit.decided_on), permit.pk, unread=unread))
    decisions = list(own_allowance_decisions(person).only("pk", "issued_at", "month", "sequence"))
    # Only the newest version of each month's decision asks to be read; older ones are history.
    latest: dict[str, Decision] = {}
    for decision in decisions:
        if decision.month not in latest or decision.sequence > latest[decision.month].sequence:
            latest[decision.month] = decision
    for decision in decisions:
        unread = latest[decision.month] == decision and ("allowance.decision", str(decision.pk)) not in opened
        events.append(
            Event(EventKind.ALLOWANCE_DECIDED, decision.issued_at, decision.pk, unread=unread, detail=decision.month)
        )
    for card in Card.objects.filter(holder=person):
        events.append(Event(EventKind.CARD_ORDERED, _start_of(card.ordered_on), card.pk))
        if card.activated_on:
            events.append(Event(EventKind.CARD_ACTIVATED, _start_of(card.activated_on), card.pk))
        if card.closed_on and card.status == CardStatus.BLOCKED:
            events.append(Event(EventKind.CARD_BLOCKED, _start_of(card.closed_on), card.pk))
    person_wrote: dict[int, list[datetime.datetime]] = defaultdict(list)
    messages = list(
        Message.objects.filter(thread__person=person).only(
            "pk", "thread_id", "sender", "sent_at", "answer_by", "read_at"
        )
    )
    for message in messages:
        if message.sender == Sender.PERSON:
            person_wrote[message.thread_id].append(message.sent_at)
    for message in messages:
        if message.sender == Sender.PERSON:
            events.append(Event(EventKind.MESSAGE_SENT, message.sent_at, message.thread_id))
            continue
        answered = any(at > message.sent_at for at in person_wrote[message.thread_id])
        events.append(
            Event(
                EventKind.MESSAGE_RECEIVED,
                message.sent_at,
                message.thread_id,
                unread=message.read_at is None,
                answer_by=message.answer_by,
                answered=answered,
            )
        )
    return events
