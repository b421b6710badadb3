"""Writing audit events. Callers are services that already hold a transaction."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _

from lika.audit.actions import Action
from lika.audit.models import AuditEvent, Channel

if TYPE_CHECKING:
    from lika.accounts.models import User


def audit_event_record(
    *,
    actor: User | None,
    action: Action,
    target: models.Model | tuple[str, str],
    reason: str,
    details: dict[str, Any] | None = None,
    actor_label: str = "",
    channel: Channel = Channel.WEB,
    os_user: str = "",
) -> AuditEvent:
    """Records that ``actor`` did ``action`` to ``target`` for ``reason``.

    ``target`` is a saved model instance or an explicit ``(object_type, object_id)`` pair. ``channel`` says
    how the act came in; a command also names the operating-system account that typed it (``os_user``).
    A write without a reason is refused: every change in Lika must say why.
    """
    if not reason or not reason.strip():
        raise ValidationError({"reason": _("Say why you make this change.")})
    if isinstance(target, models.Model):
        object_type = target._meta.label_lower
        object_id = str(target.pk)
    else:
        object_type, object_id = target
    if actor is not None:
        label = actor.get_username()
    elif actor_label:
        label = actor_label
    else:
        raise ValueError("A write by the system must name the job in actor_label.")
    return AuditEvent.objects.create(
        actor=actor,
        actor_label=label,
        action=action,
        object_type=object_type,
        object_id=object_id,
        reason=reason.strip(),
        details=details or {},
        channel=channel,
        os_user=os_user,
    )
