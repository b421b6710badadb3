from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApplicantPortalConfig(AppConfig):
    name = "lika.applicant_portal"
    verbose_name = _("Min Sida")

    def ready(self) -> None:
        from lika.people.signals import permit_granted

        permit_granted.connect(_permit_message_send, dispatch_uid="lika.applicant_portal.permit_message")


def _permit_message_send(sender: type, decision: Any, **kwargs: Any) -> None:
    """Sends the permit message for a decision just recorded (see lika.people.signals)."""
    from lika.applicant_portal.services.permit_messages import permit_message_acting, permit_messages_send

    permit_messages_send(acting=permit_message_acting(), decision_ids=[decision.pk])
