"""``lika permit-messages``: sends the permit message for every granted permit that has none yet."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from lika.applicant_portal.services.permit_messages import permit_messages_send
from lika.audit.shell import command_job


class Command(BaseCommand):
    help = "Send the Min Sida message about a granted residence permit to every person who has not had it yet."

    def handle(self, *args: Any, **options: Any) -> None:
        acting = command_job(label="lika permit-messages", reason="A residence permit was granted")
        sent = permit_messages_send(acting=acting)
        self.stdout.write(f"Permit messages sent: {len(sent)}.")
