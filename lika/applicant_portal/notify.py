"""Sending a one-time code to a person's verified phone or e-mail.

The message carries only the code and the name "Lika": whoever sees the phone's lock screen or the
inbox learns nothing about the person or their case.
"""

from __future__ import annotations

import logging
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from django.conf import settings
from django.core.mail import EmailMessage, send_mail
from django.core.mail.backends.base import BaseEmailBackend
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from lika.applicant_portal.models import ContactKind

logger = logging.getLogger(__name__)


class SmsBackend(Protocol):
    """Sends one text message to a phone number in E.164 form."""

    def send(self, *, phone: str, text: str) -> None: ...


class ConsoleSmsBackend:
    """Writes the text message to the log instead of sending it (demo and tests)."""

    def send(self, *, phone: str, text: str) -> None:
        # The demo has no SMS gateway: a developer reads the code from the server's log.
        logger.warning("SMS to %s: %s", phone, text)


@dataclass(frozen=True)
class OutboxMessage:
    sent_at: datetime
    address: str
    text: str


# What the demo "sent", newest last: the demo has no phones or inboxes, so its inbox page shows these.
DEMO_OUTBOX: deque[OutboxMessage] = deque(maxlen=50)


class DemoOutboxSmsBackend(ConsoleSmsBackend):
    """Keeps each text message for the demo's inbox page (``/min-sida/demo-inkorg/``) and logs it."""

    def send(self, *, phone: str, text: str) -> None:
        DEMO_OUTBOX.append(OutboxMessage(sent_at=timezone.now(), address=phone, text=text))
        super().send(phone=phone, text=text)


class DemoOutboxEmailBackend(BaseEmailBackend):
    """Keeps each e-mail for the demo's inbox page instead of sending it (demo settings only)."""

    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        for message in email_messages:
            for address in message.recipients():
                DEMO_OUTBOX.append(OutboxMessage(sent_at=timezone.now(), address=address, text=str(message.body)))
        return len(email_messages)


def code_message(code: str) -> str:
    """The text of the message: the code and "Lika", nothing else."""
    return _("Your code for Lika: %(code)s") % {"code": code}


class Notifier:
    """Delivers a code by e-mail (Django's mail) or by SMS (the backend named in settings)."""

    def __init__(self, sms: SmsBackend | None = None) -> None:
        self.sms = sms or import_string(settings.LIKA_PORTAL_SMS_BACKEND)()

    def send_code(self, *, kind: str, address: str, code: str) -> None:
        text = code_message(code)
        if kind == ContactKind.EMAIL:
            send_mail(subject="Lika", message=text, from_email=None, recipient_list=[address])
        else:
            self.sms.send(phone=address, text=text)
