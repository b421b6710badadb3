"""The permit message: when a permit is granted, the person gets a message in their own language.

The message says in plain words what the decision means and links to Om Sverige through the Min Sida
channel's short path (``/k/minsida``), so that following the link is counted in that channel.
``lika/people`` records permit decisions and may not import this app, so the message is sent by this
idempotent service, run by ``lika permit-messages`` and right after staff record a decision.
"""

from __future__ import annotations

import logging

from django.db import IntegrityError, transaction
from django.utils import formats, translation
from django.utils.translation import gettext as _

from lika.applicant_portal.models import Message, PermitMessage, Sender
from lika.applicant_portal.services.messages import _portal_language, public_base_url, thread_start
from lika.audit.acting import Acting
from lika.newcomer_info.models import Channel, ChannelKind
from lika.people.models import DecisionOutcome, PermitDecision, PermitKind

logger = logging.getLogger(__name__)

# The demo's and the documentation's code for the link on Min Sida (docs/channels.md).
MIN_SIDA_CHANNEL_CODE = "minsida"


def min_sida_channel() -> Channel | None:
    """The active Min Sida channel: the one coded ``minsida`` if active, else the oldest active one."""
    channels = Channel.objects.filter(kind=ChannelKind.MIN_SIDA, active=True)
    return channels.filter(code=MIN_SIDA_CHANNEL_CODE).first() or channels.order_by("created_at", "id").first()


def permit_message_link(channel: Channel | None, language: str) -> str:
    """The link to Om Sverige in the message: the channel's short path, asking for the person's language.

    The address is absolute, so that it works wherever the message is read and becomes a link on the page.
    """
    if channel is None:
        # Without a Min Sida channel the visit cannot be counted, but the person still gets the pages.
        return f"{public_base_url()}/{language}/om-sverige/"
    return f"{public_base_url()}{channel.short_path}?lang={language}"


def permit_message_text(decision: PermitDecision, link: str) -> tuple[str, str]:
    """The subject and body of the message for a granted permit, in the active language."""
    subject = _("You have been granted a residence permit")
    valid_from = formats.date_format(decision.valid_from, "DATE_FORMAT") if decision.valid_from else ""
    if decision.permit_kind == PermitKind.PERMANENT:
        meaning = _("You have a permanent residence permit from %(from)s. You may live and work in Sweden.") % {
            "from": valid_from
        }
    else:
        valid_until = formats.date_format(decision.valid_until, "DATE_FORMAT") if decision.valid_until else ""
        meaning = _(
            "You have a residence permit from %(from)s to %(until)s. You may live and work in Sweden during that time."
        ) % {"from": valid_from, "until": valid_until}
    paragraphs = [
        _("The Swedish Migration Agency has decided on your application. The answer is yes."),
        meaning,
        _("You can read the whole decision under Documents in Min Sida."),
        _("You will get a residence permit card. We send you a letter when it is ready."),
        _("Om Sverige tells you about work, language courses, health care and your rights in Sweden:"),
        link,
    ]
    return subject, "\n\n".join(paragraphs)


def permit_message_acting() -> Acting:
    """Who sends the permit message: Min Sida itself, for the reason every such message has."""
    return Acting(actor=None, actor_label="lika permit-messages", reason="A residence permit was granted")


def permit_messages_send(*, acting: Acting, decision_ids: list[int] | None = None) -> list[Message]:
    """Sends the permit message for every granted permit decision that has none yet (or only ``decision_ids``).

    Running it again sends nothing twice: each decision gets at most one message, which a unique
    constraint guarantees even when two runs overlap.
    """
    acting.require_reason()
    pending = (
        PermitDecision.objects.filter(outcome=DecisionOutcome.GRANTED)
        .exclude(pk__in=PermitMessage.objects.values("permit_decision_id"))
        .select_related("application__person")
        .order_by("id")
    )
    if decision_ids is not None:
        pending = pending.filter(pk__in=decision_ids)
    channel = min_sida_channel()
    if channel is None:
        logger.warning("No active Min Sida channel: permit messages link to Om Sverige without counting visits.")
    sent = []
    for decision in pending:
        person = decision.application.person
        language = _portal_language(person)
        with translation.override(language):
            subject, body = permit_message_text(decision, permit_message_link(channel, language))
        try:
            with transaction.atomic():
                message = thread_start(acting=acting, person=person, sender=Sender.AGENCY, subject=subject, body=body)
                PermitMessage.objects.create(permit_decision=decision, message=message)
        except IntegrityError:
            # Another run sent this decision's message a moment ago; that one stands.
            continue
        sent.append(message)
    return sent
