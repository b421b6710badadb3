"""Who acts, and why: the value every service takes, its one permission check and its audit write.

Policy (docs/decisions/0010-services-check-permissions.md): a service checks the permission of the
member of staff who acts, whatever called it — a page, the admin, a command. A view checks the same
permission too, for the page (``staff_view``); the service's check is the one that cannot be
forgotten. A job acting without a person (``actor`` None) names itself in ``actor_label``; the
services that must have a person (four-eyes steps) refuse it before they call :meth:`Acting.require`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from lika.audit.actions import Action
from lika.audit.models import Channel
from lika.audit.services import audit_event_record

if TYPE_CHECKING:
    from lika.accounts.models import User


@dataclass(frozen=True)
class Acting:
    """Who acts and why; passed to every service."""

    actor: User | None
    reason: str
    actor_label: str = ""
    # How the act came in, kept in the audit trail: a command says so (lika.audit.shell), a page need not.
    channel: Channel = Channel.WEB
    os_user: str = ""

    def require_reason(self) -> None:
        """Refuses a write that does not say why, before anything is written."""
        if not self.reason or not self.reason.strip():
            raise ValidationError({"reason": _("Say why you make this change.")})

    def require(self, *permissions: str, reason: bool = True, any_of: bool = False) -> None:
        """Refuses, before anything is written, an actor who lacks any of ``permissions``.

        With ``any_of`` one of them is enough. With ``reason`` (the default) the act must also say why;
        reads that are audited but need no reason pass ``reason=False``. A job without a person
        (``actor`` None) holds every permission. The refusal is keyed by ``reason``, the one field
        every form that acts has.
        """
        if reason:
            self.require_reason()
        if self.actor is None:
            return
        held = [self.actor.has_perm(permission) for permission in permissions]
        if not (any(held) if any_of else all(held)):
            raise ValidationError({"reason": _("%(user)s may not do this.") % {"user": self.actor.get_username()}})

    def audit(self, action: Action, target: Any, details: dict[str, Any] | None = None) -> None:
        """Records this actor's ``action`` on ``target`` with the reason, in the caller's transaction."""
        audit_event_record(
            actor=self.actor,
            actor_label=self.actor_label,
            action=action,
            target=target,
            reason=self.reason,
            details=details,
            channel=self.channel,
            os_user=self.os_user,
        )
