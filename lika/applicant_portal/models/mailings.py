"""Targeted information through Min Sida: one Om Sverige topic sent to a group, each person in their language.

The plan's measure "use Min Sida to direct information to different groups". A communicator chooses a
group (people granted a permit on one ground in a period) and a topic; each person gets a message of
their own in their own thread, so nobody sees who else got it. The mailing has its own channel, so the
visits it brings are counted beside the others; whether each message was opened and its link followed is
kept per recipient, and shown only as protected counts by sex.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lika.applicant_portal.models.messages import Message
from lika.newcomer_info.models import Channel, TopicPage
from lika.people.models import PermitGround, Person


class Mailing(models.Model):
    """One topic to one group, drafted, previewed and then sent once."""

    title = models.CharField(_("name"), max_length=100, help_text=_("For staff only; recipients never see it."))
    topic = models.ForeignKey(TopicPage, verbose_name=_("Om Sverige topic"), on_delete=models.PROTECT, related_name="+")
    ground = models.CharField(_("permit ground"), max_length=30, choices=PermitGround.choices)
    granted_from = models.DateField(_("permit granted from"))
    granted_to = models.DateField(_("permit granted to"))
    channel = models.OneToOneField(Channel, verbose_name=_("channel"), on_delete=models.PROTECT, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("Min Sida mailing")
        verbose_name_plural = _("Min Sida mailings")
        ordering = ("-created_at", "-id")
        permissions = (("send_mailing", _("Can send targeted information through Min Sida")),)

    def __str__(self) -> str:
        return self.title


class MailingRecipient(models.Model):
    """One person's message of a mailing: whether it was opened and its link followed."""

    mailing = models.ForeignKey(Mailing, on_delete=models.PROTECT, related_name="recipients")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    message = models.OneToOneField(Message, on_delete=models.PROTECT, related_name="mailing_recipient")
    language = models.CharField(_("language"), max_length=8)
    followed_at = models.DateTimeField(_("link followed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("mailing recipient")
        verbose_name_plural = _("mailing recipients")
        constraints = (models.UniqueConstraint(fields=("mailing", "person"), name="mailing_recipient_once"),)

    def __str__(self) -> str:
        return f"{self.mailing_id} → {self.person_id}"
