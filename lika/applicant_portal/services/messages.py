"""Secure messages: threads between one person and the agency, attachments and notifications.

A person writes through Min Sida, a member of staff through the registry's reply page, and jobs
(the permit message) with ``actor=None``. Every write validates everything first, runs in one
transaction, and records an audit event. A notification is queued after commit and says only that
a message is waiting, never what it is about.
"""

from __future__ import annotations

import datetime
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import PurePosixPath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.mail import send_mail
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from lika.applicant_portal.models import (
    Attachment,
    ContactKind,
    Message,
    Notification,
    PortalContact,
    Sender,
    Thread,
)
from lika.applicant_portal.notify import Notifier
from lika.audit.acting import Acting
from lika.audit.actions import Action
from lika.core import clock
from lika.people.models import Person

SUBJECT_MAX_LENGTH = 150
BODY_MAX_LENGTH = 5000
ATTACHMENTS_MAX_COUNT = 5
# Used when settings.LIKA_PORTAL_ATTACHMENT_MAX_BYTES is not set.
ATTACHMENT_MAX_BYTES_DEFAULT = 10 * 1024 * 1024

# The first bytes of each accepted type. The extension and the browser's content type are
# ignored: only what the file is counts.
_SIGNATURES = (
    (b"%PDF-", "application/pdf", ".pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png", ".png"),
    (b"\xff\xd8\xff", "image/jpeg", ".jpg"),
)


@dataclass(frozen=True)
class Upload:
    """A file as it arrived: the name its sender gave it and its bytes."""

    name: str
    content: bytes


def portal_acting(person: Person, reason: str) -> Acting:
    """The person logged in to Min Sida, acting for themself; the audit trail names them by id only."""
    return Acting(actor=None, actor_label=f"min-sida:person:{person.pk}", reason=reason)


def attachment_max_bytes() -> int:
    return int(getattr(settings, "LIKA_PORTAL_ATTACHMENT_MAX_BYTES", ATTACHMENT_MAX_BYTES_DEFAULT))


def sniff_content_type(content: bytes) -> tuple[str, str] | None:
    """The content type and extension that the bytes show, or None for anything but PDF, PNG and JPEG.

    >>> sniff_content_type(b"%PDF-1.7 ...")
    ('application/pdf', '.pdf')
    >>> sniff_content_type(b"MZ\\x90\\x00") is None
    True
    """
    for signature, content_type, extension in _SIGNATURES:
        if content.startswith(signature):
            return content_type, extension
    return None


def filename_sanitise(name: str, extension: str) -> str:
    """A safe name to offer when the file is downloaded: no folders, no control or quoting characters,
    at most 100 characters, and the extension of what the file really is.

    >>> filename_sanitise("../../etc/pass wd.exe", ".pdf")
    'pass_wd.pdf'
    >>> filename_sanitise('"; rm -rf', ".png")
    'rm_-rf.png'
    >>> filename_sanitise("", ".jpg")
    'attachment.jpg'
    """
    base = PurePosixPath(name.replace("\\", "/")).name
    stem = unicodedata.normalize("NFC", base.rsplit(".", 1)[0] if "." in base else base)
    kept = "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in stem)
    kept = "_".join(part for part in kept.split("_") if part)[: 100 - len(extension)]
    return f"{kept or 'attachment'}{extension}"


def _check_uploads(uploads: Sequence[Upload]) -> list[tuple[Upload, str, str]]:
    if len(uploads) > ATTACHMENTS_MAX_COUNT:
        raise ValidationError(
            {"attachments": _("You can attach at most %(count)d files.") % {"count": ATTACHMENTS_MAX_COUNT}}
        )
    limit = attachment_max_bytes()
    checked = []
    for upload in uploads:
        if len(upload.content) > limit:
            raise ValidationError(
                {
                    "attachments": _("The file %(name)s is larger than %(limit)d MB.")
                    % {"name": upload.name, "limit": limit // (1024 * 1024)}
                }
            )
        sniffed = sniff_content_type(upload.content)
        if sniffed is None:
            raise ValidationError(
                {
                    "attachments": _(
                        "The file %(name)s is not a PDF, PNG or JPEG file. Only those kinds of file can be sent."
                    )
                    % {"name": upload.name}
                }
            )
        checked.append((upload, *sniffed))
    return checked


def _check_text(subject: str | None, body: str) -> None:
    errors = {}
    if subject is not None:
        if not subject.strip():
            errors["subject"] = _("Write a subject.")
        elif len(subject) > SUBJECT_MAX_LENGTH:
            errors["subject"] = _("The subject may be at most %(count)d characters long.") % {
                "count": SUBJECT_MAX_LENGTH
            }
    if not body.strip():
        errors["body"] = _("Write a message.")
    elif len(body) > BODY_MAX_LENGTH:
        errors["body"] = _("The message may be at most %(count)d characters long.") % {"count": BODY_MAX_LENGTH}
    if errors:
        raise ValidationError(errors)


def _portal_language(person: Person) -> str:
    codes = {code for code, _name in settings.LANGUAGES}
    return person.preferred_language if person.preferred_language in codes else settings.LANGUAGE_CODE


def public_base_url() -> str:
    """Lika's public address without a trailing slash (``LIKA_PUBLIC_BASE_URL``), for links that leave Lika."""
    return str(settings.LIKA_PUBLIC_BASE_URL).rstrip("/")


def portal_address() -> str:
    """Min Sida's public address, as printed in notifications."""
    return f"{public_base_url()}/min-sida/"


def notification_text(language: str) -> str:
    """The whole text of a notification in ``language``: that a message waits, and where. Nothing else."""
    with translation.override(language):
        return _("You have a new message in Min Sida") + f"\n{portal_address()}"


def _notify(person: Person) -> None:
    """Queues a notification to each of the person's verified contacts and sends them after commit."""
    text = notification_text(_portal_language(person))
    contacts = PortalContact.objects.filter(person=person, verified_at__isnull=False).order_by("kind", "id")
    created = [
        Notification.objects.create(person=person, channel=contact.kind, address=contact.value, text=text)
        for contact in contacts
    ]
    if not created:
        return

    def send() -> None:
        # The login's notifier knows the SMS gateway; a notification reuses it, with its own text.
        sms = Notifier().sms
        for notification in created:
            if notification.channel == ContactKind.EMAIL:
                send_mail(text.splitlines()[0], text, None, [notification.address])
            else:
                sms.send(phone=notification.address, text=text)
            Notification.objects.filter(pk=notification.pk).update(sent_at=clock.now())

    transaction.on_commit(send)


def _message_add(
    *,
    thread: Thread,
    sender: Sender,
    acting: Acting,
    body: str,
    checked: list[tuple[Upload, str, str]],
    answer_by: datetime.date | None,
) -> Message:
    now = clock.now()
    message = Message.objects.create(
        thread=thread,
        sender=sender,
        author=acting.actor if sender == Sender.AGENCY else None,
        body=body.strip(),
        sent_at=now,
        answer_by=answer_by,
    )
    for upload, content_type, extension in checked:
        attachment = Attachment(
            message=message,
            filename=filename_sanitise(upload.name, extension),
            content_type=content_type,
            size=len(upload.content),
        )
        attachment.file.save("upload", ContentFile(upload.content), save=False)
        attachment.save()
    Thread.objects.filter(pk=thread.pk).update(last_message_at=now)
    thread.last_message_at = now
    acting.audit(
        Action.PORTAL_MESSAGE_SEND,
        message,
        {"thread": thread.pk, "sender": sender, "attachments": len(checked)},
    )
    if sender == Sender.AGENCY:
        _notify(thread.person)
    return message


def _check_answer_by(sender: Sender, answer_by: datetime.date | None) -> None:
    if answer_by is None:
        return
    if sender != Sender.AGENCY:
        raise ValidationError({"answer_by": _("Only the agency can ask for an answer by a date.")})
    if answer_by < clock.today():
        raise ValidationError({"answer_by": _("The day to answer by has already passed.")})


REPLY_PERMISSION = "applicant_portal.reply_message"


def _require_sender(acting: Acting, sender: Sender) -> None:
    """The agency writes through a member of staff who may answer messages; the person writes as themself."""
    if sender == Sender.AGENCY:
        acting.require(REPLY_PERMISSION)
    else:
        acting.require_reason()


def thread_start(
    *,
    acting: Acting,
    person: Person,
    sender: Sender,
    subject: str,
    body: str,
    uploads: Sequence[Upload] = (),
    answer_by: datetime.date | None = None,
) -> Message:
    """Starts a thread with the person, with its first message, from the person or from the agency."""
    _require_sender(acting, sender)
    _check_text(subject, body)
    checked = _check_uploads(uploads)
    _check_answer_by(sender, answer_by)
    with transaction.atomic():
        thread = Thread.objects.create(person=person, subject=subject.strip())
        return _message_add(
            thread=thread, sender=sender, acting=acting, body=body, checked=checked, answer_by=answer_by
        )


def message_send(
    *,
    acting: Acting,
    thread: Thread,
    sender: Sender,
    body: str,
    uploads: Sequence[Upload] = (),
    answer_by: datetime.date | None = None,
) -> Message:
    """Adds a message to a thread; a message from the agency notifies the person."""
    _require_sender(acting, sender)
    _check_text(None, body)
    checked = _check_uploads(uploads)
    _check_answer_by(sender, answer_by)
    with transaction.atomic():
        return _message_add(
            thread=thread, sender=sender, acting=acting, body=body, checked=checked, answer_by=answer_by
        )


def thread_read_mark(*, thread: Thread) -> int:
    """Marks the agency's messages in the thread as read by the person; returns how many were new."""
    return Message.objects.filter(thread=thread, sender=Sender.AGENCY, read_at__isnull=True).update(read_at=clock.now())
