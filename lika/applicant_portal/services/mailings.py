"""Targeted information through Min Sida (see lika/applicant_portal/models/mailings.py).

A communicator drafts a mailing (a topic and a group), reads the message as each language's recipients
will, and sends it once. Each person gets a thread of their own; the link in it goes through Min Sida,
which notes that this person followed it, and on through the mailing's own channel, which counts the
visit. Results leave the page only as counts by sex with small cells protected.
"""

from __future__ import annotations

import datetime
import secrets
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from lika.applicant_portal.models import Mailing, MailingRecipient, Sender
from lika.applicant_portal.services.mailing_text import mailing_text
from lika.applicant_portal.services.messages import _portal_language, thread_start
from lika.audit.acting import Acting
from lika.audit.actions import Action
from lika.core.disclosure import disclosure_rules
from lika.newcomer_info.models import ChannelKind, TopicPage
from lika.newcomer_info.services import channel_create
from lika.people.models import DecisionOutcome, PermitGround, Person
from lika.statistics.disclosure import suppress
from lika.statistics.disclosure.tables import TOTAL, table_complete

SEND_PERMISSION = "applicant_portal.send_mailing"
CHANNEL_PREFIX = "utskick-"
SEXES = ("female", "male", "unknown")
# The longest period a group may span: a mailing is for a recent group, not for everyone ever granted.
LONGEST_PERIOD = datetime.timedelta(days=366)


def mailing_group(*, ground: str, granted_from: datetime.date, granted_to: datetime.date) -> QuerySet[Person]:
    """Everyone granted a permit on ``ground`` with a decision dated from ``granted_from`` to ``granted_to``."""
    return Person.objects.filter(
        permit_applications__ground=ground,
        permit_applications__decisions__outcome=DecisionOutcome.GRANTED,
        permit_applications__decisions__decided_on__gte=granted_from,
        permit_applications__decisions__decided_on__lte=granted_to,
    ).distinct()


def _recipients(mailing: Mailing) -> QuerySet[Person]:
    return mailing_group(ground=mailing.ground, granted_from=mailing.granted_from, granted_to=mailing.granted_to)


def mailing_create(
    *,
    acting: Acting,
    title: str,
    topic: TopicPage,
    ground: str,
    granted_from: datetime.date,
    granted_to: datetime.date,
) -> Mailing:
    """Drafts a mailing of ``topic`` to a group, with a channel of its own that counts the visits it brings."""
    acting.require(SEND_PERMISSION, "newcomer_info.add_channel")
    if acting.actor is None:
        raise ValidationError({"reason": _("A mailing is drafted by a member of staff.")})
    errors: dict[str, str] = {}
    title = title.strip()
    if not title:
        errors["title"] = _("Give the mailing a name, for staff.")
    if ground not in PermitGround.values:
        errors["ground"] = _("Choose a permit ground.")
    if granted_to < granted_from:
        errors["granted_to"] = _("The period ends before it starts.")
    elif granted_to - granted_from > LONGEST_PERIOD:
        errors["granted_to"] = _("Choose a period of at most a year.")
    if not topic.live:
        errors["topic"] = _("This page is not published.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        channel = channel_create(
            acting=acting,
            code=f"{CHANNEL_PREFIX}{secrets.token_hex(3)}",
            kind=ChannelKind.MIN_SIDA,
            name=f"Min Sida: {title}"[:100],
            landing_path="/om-sverige/",
        )
        mailing = Mailing.objects.create(
            title=title,
            topic=topic,
            ground=ground,
            granted_from=granted_from,
            granted_to=granted_to,
            channel=channel,
            created_by=acting.actor,
        )
        acting.audit(Action.PORTAL_MAILING_CREATE, mailing, {"topic": topic.slug, "ground": ground})
    return mailing


@dataclass(frozen=True)
class Preview:
    language: str
    subject: str
    body: str


def mailing_preview(mailing: Mailing) -> tuple[int, list[Preview]]:
    """How many the group holds now, and the message in each language its members read."""
    people = list(_recipients(mailing).only("preferred_language"))
    languages = sorted({_portal_language(person) for person in people})
    return len(people), [Preview(language, *mailing_text(mailing, language)) for language in languages]


def mailing_send(*, acting: Acting, mailing: Mailing) -> int:
    """Sends the mailing to everyone in its group, each in their own thread and language; once only.

    Returns how many got it. The messages are Min Sida's own (as the permit message is); the communicator's
    act is audited once, with the number sent, never with who.
    """
    acting.require(SEND_PERMISSION)
    with transaction.atomic():
        locked = Mailing.objects.select_for_update().get(pk=mailing.pk)
        if locked.sent_at is not None:
            raise ValidationError({"reason": _("This mailing has already been sent.")})
        people = list(_recipients(locked).exclude(pk__in=locked.recipients.values("person_id")))
        if not people:
            raise ValidationError({"reason": _("Nobody is in this group. Choose another ground or period.")})
        sender = Acting(
            actor=None,
            actor_label=f"Min Sida mailing {locked.pk}",
            reason=acting.reason,
            channel=acting.channel,
        )
        texts: dict[str, tuple[str, str]] = {}
        for person in people:
            language = _portal_language(person)
            if language not in texts:
                texts[language] = mailing_text(locked, language)
            subject, body = texts[language]
            message = thread_start(acting=sender, person=person, sender=Sender.AGENCY, subject=subject, body=body)
            MailingRecipient.objects.create(mailing=locked, person=person, message=message, language=language)
        locked.sent_at, locked.sent_by = timezone.now(), acting.actor
        locked.save(update_fields=["sent_at", "sent_by"])
        acting.audit(Action.PORTAL_MAILING_SEND, locked, {"recipients": len(people)})
    mailing.refresh_from_db()
    return len(people)


def mailing_follow(*, person: Person, mailing_id: int) -> str | None:
    """Notes that ``person`` followed the link of their message, and returns where it leads (None: not theirs)."""
    recipient = (
        MailingRecipient.objects.select_related("mailing__channel", "mailing__topic")
        .filter(mailing_id=mailing_id, person=person)
        .first()
    )
    if recipient is None:
        return None
    if recipient.followed_at is None:
        MailingRecipient.objects.filter(pk=recipient.pk, followed_at__isnull=True).update(followed_at=timezone.now())
    mailing = recipient.mailing
    return f"{mailing.channel.short_path_to(mailing.topic.slug)}?lang={recipient.language}"


@dataclass(frozen=True)
class ResultRow:
    label: str
    values: list[int | None]  # women, men, sex unknown, total; None where the figure is hidden


def mailing_results(mailing: Mailing) -> list[ResultRow]:
    """Received, opened and followed, by sex, with small cells and what would reveal them hidden."""
    finest: dict[str, dict[tuple[str, ...], int]] = {name: {} for name in ("received", "opened", "followed")}
    rows = MailingRecipient.objects.filter(mailing=mailing).values_list(
        "person__sex", "message__read_at", "followed_at"
    )
    for sex, read_at, followed_at in rows:
        key = (sex if sex in SEXES else "unknown",)
        finest["received"][key] = finest["received"].get(key, 0) + 1
        finest["opened"][key] = finest["opened"].get(key, 0) + (read_at is not None or followed_at is not None)
        finest["followed"][key] = finest["followed"].get(key, 0) + (followed_at is not None)
    categories = {"sex": SEXES}
    tables = {name: table_complete(("sex",), cells, categories=categories) for name, cells in finest.items()}
    masked = suppress(
        tables, dims=("sex",), rules=disclosure_rules(), shares=[("opened", "received"), ("followed", "received")]
    ).cells
    labels = {"received": _("Received the message"), "opened": _("Opened it"), "followed": _("Followed its link")}
    result = []
    for name, label in labels.items():
        hidden = masked.get(name, {})
        values = [None if (sex,) in hidden else tables[name].get((sex,), 0) for sex in (*SEXES, TOTAL)]
        result.append(ResultRow(label=label, values=values))
    return result
