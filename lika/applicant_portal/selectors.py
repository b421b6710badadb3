"""Reads for Min Sida. Every query starts from the logged-in person, so nothing of anyone else's is found.

A lookup by id for an object that is not the person's raises :class:`django.http.Http404`, exactly as
for an id that does not exist: nobody learns that someone else's object is there.
"""

from __future__ import annotations

import datetime
import functools
from collections import defaultdict

from django.db import connection
from django.db.models import Count, Exists, OuterRef, QuerySet
from django.http import Http404
from django.utils import timezone

from lika.allowance.models import Card, CardStatus, Decision, DecisionDocument
from lika.applicant_portal.models import Attachment, Message, Sender, Thread
from lika.applicant_portal.services.messages import portal_acting
from lika.applicant_portal.timeline import Event, EventKind
from lika.audit.actions import Action
from lika.audit.models import AuditEvent
from lika.core.rows import column_value, model_columns, model_from_row, statement_cursor
from lika.people.models import PermitApplication, PermitDecision, Person

# How the audit trail names the two kinds of decision (app label and model name).
PERMIT_DECISION_TYPE = "people.permitdecision"
ALLOWANCE_DECISION_TYPE = "allowance.decision"


def own_allowance_decisions(person: Person) -> QuerySet[Decision]:
    return Decision.objects.filter(person=person).order_by("-month", "-sequence")


def own_allowance_decision(person: Person, decision_id: int) -> Decision:
    # No ordering is asked of a lookup by key.
    found = own_allowance_decisions(person).filter(pk=decision_id).order_by().first()
    if found is None:
        raise Http404
    return found


def own_allowance_decision_page(person: Person, decision_id: int) -> tuple[Decision, list[str]]:
    """The person's decision, with the number of the decision it replaces as ``supersedes_number``, and the
    languages of its documents, in one query.

    The decision's row comes once for each of its documents (a decision has a few), with the document's
    language beside it; a decision without documents comes once, without a language. The statement is
    written once (lika/core/rows.py): the page is the one opened most after the timeline, and building
    the ORM's query with its joins cost more than running it.
    """
    low, high = connection.ops.integer_field_range("BigAutoField")
    if not low <= decision_id <= high:
        # Not a key at all (the ORM answers such a lookup with nothing; SQLite would refuse the number).
        raise Http404
    with statement_cursor() as cursor:
        cursor.execute(_decision_page_sql(), [decision_id, person.pk])
        rows = cursor.fetchall()
    if not rows:
        raise Http404
    decision = model_from_row(Decision, rows[0])
    decision.supersedes_number = rows[0][-2]  # type: ignore[attr-defined]
    return decision, [row[-1] for row in rows if row[-1]]


@functools.cache
def _decision_page_sql() -> str:
    """The decision's columns, the number of the decision it replaces, and one document language per row."""
    quote = connection.ops.quote_name
    decision, document = quote(Decision._meta.db_table), quote(DecisionDocument._meta.db_table)
    return (
        f"SELECT {model_columns(Decision, 'd')}, s.number, doc.language FROM {decision} d"  # noqa: S608 - names only
        f" LEFT JOIN {decision} s ON s.id = d.supersedes_id"
        f" LEFT JOIN {document} doc ON doc.decision_id = d.id"
        " WHERE d.id = %s AND d.person_id = %s ORDER BY doc.language"
    )


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


# Any date and timestamp column converts alike: these two stand for the timeline's columns of each type.
_A_DATE = PermitApplication._meta.get_field("submitted_on")
_A_MOMENT = Decision._meta.get_field("issued_at")


def _start_of(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _date(value: datetime.date | str | None) -> datetime.date | None:
    """A date column of a raw query, as a queryset gives it (SQLite hands back text)."""
    return column_value(_A_DATE, value)  # type: ignore[no-any-return]


def _start(value: datetime.date | str) -> datetime.datetime:
    """The start of a date column's day."""
    day = _date(value)
    if day is None:
        raise ValueError("A day the timeline needs is missing.")
    return _start_of(day)


def _moment(value: datetime.datetime | str) -> datetime.datetime:
    """A timestamp column of a raw query, as a queryset gives it: aware (SQLite hands back UTC text)."""
    return column_value(_A_MOMENT, value)  # type: ignore[no-any-return]


@functools.cache
def _timeline_sql() -> str:
    """One statement with a branch per kind of event, each a row of the same nine columns.

    Columns: kind, ref, day_1, day_2, day_3, moment, text, number, flag. An empty column is a typed
    NULL, so that PostgreSQL can match the branches' types (SQLite ignores the type names). The
    statement is made of table names and constants only; every value is a parameter.
    """
    quote = connection.ops.quote_name
    application = quote(PermitApplication._meta.db_table)
    permit = quote(PermitDecision._meta.db_table)
    decision = quote(Decision._meta.db_table)
    audit = quote(AuditEvent._meta.db_table)
    card = quote(Card._meta.db_table)
    message = quote(Message._meta.db_table)
    thread = quote(Thread._meta.db_table)
    day, moment = "CAST(NULL AS date)", "CAST(NULL AS timestamp with time zone)"
    text, number = "CAST(NULL AS varchar(32))", "CAST(NULL AS integer)"

    def opened(alias: str) -> str:
        # 1 once the person has opened the decision (the object type is the first parameter).
        return (
            f"CASE WHEN EXISTS (SELECT 1 FROM {audit} e WHERE e.object_type = %s"  # noqa: S608 - names only
            f" AND e.object_id = CAST({alias}.id AS varchar(64)) AND e.action = %s AND e.actor_label = %s)"
            " THEN 1 ELSE 0 END"
        )

    branches = (
        # An application, flagged while no decision on it exists.
        f"SELECT 'application', a.id, a.submitted_on, {day}, {day}, {moment}, {text}, {number},"  # noqa: S608 - table names only
        f" CASE WHEN EXISTS (SELECT 1 FROM {permit} p WHERE p.application_id = a.id) THEN 0 ELSE 1 END"
        f" FROM {application} a WHERE a.person_id = %s",
        # A permit decision, flagged once opened.
        f"SELECT 'permit', p.id, p.decided_on, {day}, {day}, {moment}, {text}, {number}, {opened('p')}"  # noqa: S608 - table names only
        f" FROM {permit} p INNER JOIN {application} a ON a.id = p.application_id WHERE a.person_id = %s",
        # An allowance decision with its month and version, flagged once opened.
        f"SELECT 'decision', d.id, {day}, {day}, {day}, d.issued_at, d.month, d.sequence, {opened('d')}"  # noqa: S608 - table names only
        f" FROM {decision} d WHERE d.person_id = %s",
        # A card: the days it was ordered, activated and closed, and its status.
        f"SELECT 'card', c.id, c.ordered_on, c.activated_on, c.closed_on, {moment}, c.status, {number}, 0"  # noqa: S608 - table names only
        f" FROM {card} c WHERE c.holder_id = %s",
        # A message, by its thread: the day it asks an answer by, who sent it, flagged while unread.
        f"SELECT 'message', m.thread_id, m.answer_by, {day}, {day}, m.sent_at, m.sender, {number},"  # noqa: S608 - table names only
        f" CASE WHEN m.read_at IS NULL THEN 1 ELSE 0 END"
        f" FROM {message} m INNER JOIN {thread} t ON t.id = m.thread_id WHERE t.person_id = %s",
    )
    return " UNION ALL ".join(branches)


def timeline_events(person: Person) -> list[Event]:
    """Every event of the person's own case, in no particular order, in one query.

    Min Sida's timeline is the page every logged-in person opens, and building six ORM queries cost
    more than running them (``benchmarks/min_sida_profile.py``): one plain statement reads the
    applications, permit decisions, allowance decisions (with whether the person has opened each),
    cards and messages, each branch only the person's own rows. Whether a decision was opened is
    looked up through the audit trail's index on the object, so its cost does not grow with
    everyone else's openings.
    """
    label = portal_acting(person, "-").actor_label
    action = str(Action.PORTAL_DECISION_OPEN)
    params: list[int | str] = [
        person.pk,
        PERMIT_DECISION_TYPE,
        action,
        label,
        person.pk,
        ALLOWANCE_DECISION_TYPE,
        action,
        label,
        person.pk,
        person.pk,
        person.pk,
    ]
    with statement_cursor() as cursor:
        cursor.execute(_timeline_sql(), params)
        rows = cursor.fetchall()
    events: list[Event] = []
    # Only the newest version of each month's decision asks to be read; older ones are history.
    latest: dict[str, tuple[int, int]] = {}  # month -> (sequence, decision id)
    person_wrote: dict[int, list[datetime.datetime]] = defaultdict(list)
    for kind, ref, _day_1, _day_2, _day_3, moment, text, number, _flag in rows:
        if kind == "decision" and (text not in latest or number > latest[text][0]):
            latest[text] = (number, ref)
        elif kind == "message" and text == Sender.PERSON:
            person_wrote[ref].append(_moment(moment))
    for kind, ref, day_1, day_2, day_3, moment, text, _number, flag in rows:
        if kind == "application":
            events.append(Event(EventKind.APPLICATION_SUBMITTED, _start(day_1), ref, pending=bool(flag)))
        elif kind == "permit":
            events.append(Event(EventKind.PERMIT_DECIDED, _start(day_1), ref, unread=not flag))
        elif kind == "decision":
            unread = latest[text][1] == ref and not flag
            events.append(Event(EventKind.ALLOWANCE_DECIDED, _moment(moment), ref, unread=unread, detail=text))
        elif kind == "card":
            events.append(Event(EventKind.CARD_ORDERED, _start(day_1), ref))
            if activated_on := _date(day_2):
                events.append(Event(EventKind.CARD_ACTIVATED, _start_of(activated_on), ref))
            if (closed_on := _date(day_3)) and text == CardStatus.BLOCKED:
                events.append(Event(EventKind.CARD_BLOCKED, _start_of(closed_on), ref))
        elif text == Sender.PERSON:
            events.append(Event(EventKind.MESSAGE_SENT, _moment(moment), ref))
        else:
            sent_at = _moment(moment)
            events.append(
                Event(
                    EventKind.MESSAGE_RECEIVED,
                    sent_at,
                    ref,
                    unread=bool(flag),
                    answer_by=_date(day_1),
                    answered=any(at > sent_at for at in person_wrote[ref]),
                )
            )
    return events
