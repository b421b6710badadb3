"""The demo's integrating systems: a municipality's finance system with a token, and a pilot whose token was revoked."""

from __future__ import annotations

from lika.audit.acting import Acting
from lika.integrations.models import ApiToken
from lika.integrations.services import api_token_issue, api_token_revoke

DEMO_SYSTEMS = (
    ("Malmö stad, ekonomiskt bistånd (demo)", 600, False),
    ("Pilot: Region Skåne etableringsstöd (demo)", 60, True),
)


def demo_api_tokens() -> list[tuple[str, str]]:
    """Issues the demo systems' tokens if none exist; returns (system, token) for those still in use, once."""
    if ApiToken.objects.exists():
        return []
    acting = Acting(actor=None, actor_label="lika demo-setup", reason="Demo integrating system")
    issued: list[tuple[str, str]] = []
    for system, per_minute, revoke in DEMO_SYSTEMS:
        token, text = api_token_issue(acting=acting, system=system, requests_per_minute=per_minute)
        if revoke:
            api_token_revoke(
                acting=Acting(actor=None, actor_label="lika demo-setup", reason="Pilot ended"), token=token
            )
        else:
            issued.append((system, text))
    return issued
