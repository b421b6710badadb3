"""Secure messages between one person and the agency in Min Sida, and what they set off.

A thread belongs to exactly one person; nobody else in the household ever sees it (architecture
principle 8). Messages are written only by :mod:`lika.applicant_portal.services.messages`.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lika.people.models import PermitDecision, Person


class Thread(models.Model):
    """A conversation between one person and the agency about one subject."""

    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="portal_threads"
    )
    subject = models.CharField(_("subject"), max_length=150)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    # The time of the latest message: lists show the liveliest thread first without a join.
    last_message_at = models.DateTimeField(_("latest message at"), default=timezone.now)

    class Meta:
        verbose_name = _("message thread")
        verbose_name_plural = _("message threads")
        ordering = ("-last_message_at", "-id")
        indexes = (models.Index(fields=("person", "-last_message_at"), name="thread_person_latest_idx"),)
        permissions = (("reply_message", _("Can read and answer applicants' messages in Min Sida")),)

    def __str__(self) -> str:
        return f"{self.subject} ({self.pk})"


class Sender(models.TextChoices):
    PERSON = "person", _("The applicant")
    AGENCY = "agency", _("The agency")


class Message(models.Model):
    """One message in a thread, from the person or from the agency (a member of staff or a job)."""

    thread = models.ForeignKey(Thread, verbose_name=_("thread"), on_delete=models.PROTECT, related_name="messages")
    sender = models.CharField(_("sender"), max_length=6, choices=Sender.choices)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("written by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The member of staff who wrote it; empty for the applicant and for automatic messages."),
    )
    body = models.TextField(_("message"))
    sent_at = models.DateTimeField(_("sent at"), default=timezone.now)
    answer_by = models.DateField(
        _("answer by"), null=True, blank=True, help_text=_("The day by which the applicant is asked to answer.")
    )
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ("thread", "sent_at", "id")
        indexes = (models.Index(fields=("thread", "sent_at"), name="message_thread_sent_idx"),)

    def __str__(self) -> str:
        return f"{self.thread_id} · {self.get_sender_display()} · {self.sent_at:%Y-%m-%d %H:%M}"


def attachment_storage_name(instance: Attachment, filename: str) -> str:
    """A random name under ``portal/``: the name a person gave a file never reaches the storage."""
    return f"portal/{secrets.token_hex(16)}"


class Attachment(models.Model):
    """A PDF, PNG or JPEG file sent with a message, checked by its content."""

    message = models.ForeignKey(
        Message, verbose_name=_("message"), on_delete=models.PROTECT, related_name="attachments"
    )
    file = models.FileField(_("file"), upload_to=attachment_storage_name, max_length=100)
    filename = models.CharField(_("file name"), max_length=100)
    content_type = models.CharField(_("content type"), max_length=40)
    size = models.PositiveIntegerField(_("size (bytes)"))

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ("message", "id")

    def __str__(self) -> str:
        return self.filename


class PermitMessage(models.Model):
    """The one automatic message sent when a permit is granted: at most one per permit decision."""

    permit_decision = models.OneToOneField(
        PermitDecision, verbose_name=_("permit decision"), on_delete=models.PROTECT, related_name="+"
    )
    message = models.OneToOneField(Message, verbose_name=_("message"), on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("permit message")
        verbose_name_plural = _("permit messages")

    def __str__(self) -> str:
        return f"{self.permit_decision_id} → {self.message_id}"


class Notification(models.Model):
    """A notice that a new message waits in Min Sida, sent to a verified e-mail address or phone.

    Its text never says who the person is or what the message is about.
    """

    person = models.ForeignKey(Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="+")
    channel = models.CharField(_("channel"), max_length=5, help_text=_("email or phone"))
    address = models.CharField(_("address"), max_length=254)
    text = models.TextField(_("text"))
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ("-created_at", "-id")

    def __str__(self) -> str:
        return f"{self.person_id} · {self.channel} · {self.created_at:%Y-%m-%d %H:%M}"
