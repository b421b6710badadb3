"""The audit trail: who did what, when and why."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    """How an act reached Lika: through a page, a command typed in a shell, or a job nobody typed."""

    WEB = "web", _("web")
    COMMAND = "command", _("command line")
    TASK = "task", _("scheduled job")
    # Events written before the channel was kept.
    UNRECORDED = "", _("not recorded")


class AuditEvent(models.Model):
    """One recorded write or sensitive read.

    Events are only ever added; nothing in Lika updates or deletes them.
    """

    occurred_at = models.DateTimeField(_("occurred at"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # For writes by the system (a command, a scheduled job) there is no user: the label says which job.
    actor_label = models.CharField(_("actor label"), max_length=150)
    channel = models.CharField(_("channel"), max_length=16, choices=Channel.choices, blank=True, default="")
    # On the command line, the operating-system account that typed it (LIKA_COMMAND_STAFF maps it to ``actor``).
    os_user = models.CharField(_("operating-system user"), max_length=150, blank=True, default="")
    action = models.CharField(_("action"), max_length=80, db_index=True)
    object_type = models.CharField(_("object type"), max_length=80)
    object_id = models.CharField(_("object id"), max_length=64)
    reason = models.TextField(_("reason"))
    details = models.JSONField(_("details"), default=dict, blank=True)

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ("-occurred_at", "-id")
        indexes = (models.Index(fields=("object_type", "object_id"), name="audit_object_idx"),)

    def __str__(self) -> str:
        return f"{self.occurred_at:%Y-%m-%d %H:%M} {self.actor_label} {self.action} {self.object_type}:{self.object_id}"
