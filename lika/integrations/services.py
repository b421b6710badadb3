"""Issuing and revoking integrating systems' API tokens; every change is audited."""

from __future__ import annotations

import datetime
import hashlib
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from lika.audit.acting import Acting
from lika.audit.actions import Action
from lika.core import clock
from lika.integrations.models import PREFIX_LENGTH, ApiToken

TOKEN_START = "lika_"  # noqa: S105 (how every token starts, not a secret)
MAX_REQUESTS_PER_MINUTE = 100_000


def token_sha256(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def api_token_values_check(*, system: str, requests_per_minute: int, expires_on: datetime.date | None) -> None:
    """Refuses, naming the field, a system name, limit or last day a token cannot have."""
    if not system.strip():
        raise ValidationError({"system": _("Name the system that will use the token.")})
    if len(system.strip()) > 100:
        raise ValidationError({"system": _("Name the system in at most 100 characters.")})
    if not 1 <= requests_per_minute <= MAX_REQUESTS_PER_MINUTE:
        raise ValidationError(
            {
                "requests_per_minute": _("Give a number of requests a minute from 1 to %(most)s.")
                % {"most": MAX_REQUESTS_PER_MINUTE}
            }
        )
    if expires_on is not None and expires_on < clock.today():
        raise ValidationError({"expires_on": _("The last day of the token cannot be in the past.")})


def api_token_issue(
    *,
    acting: Acting,
    system: str,
    requests_per_minute: int | None = None,
    expires_on: datetime.date | None = None,
) -> tuple[ApiToken, str]:
    """Issues a token to ``system``; returns it with the token text, which is shown this once and never kept."""
    acting.require("integrations.add_apitoken")
    per_minute = settings.LIKA_API_TOKEN_PER_MINUTE if requests_per_minute is None else requests_per_minute
    api_token_values_check(system=system, requests_per_minute=per_minute, expires_on=expires_on)
    system = system.strip()
    prefix = secrets.token_hex(PREFIX_LENGTH // 2)
    token = f"{TOKEN_START}{prefix}_{secrets.token_urlsafe(32)}"
    with transaction.atomic():
        issued = ApiToken.objects.create(
            system=system,
            prefix=prefix,
            key_sha256=token_sha256(token),
            requests_per_minute=per_minute,
            expires_on=expires_on,
            created_at=clock.now(),
            created_by=acting.actor,
        )
        acting.audit(
            Action.API_TOKEN_ISSUE,
            issued,
            {
                "system": system,
                "prefix": prefix,
                "requests_per_minute": per_minute,
                "expires_on": expires_on.isoformat() if expires_on else None,
            },
        )
    return issued, token


def api_token_revoke(*, acting: Acting, token: ApiToken) -> None:
    """Revokes ``token`` at once: every later request with it is refused. Revoking twice changes nothing."""
    acting.require("integrations.change_apitoken")
    with transaction.atomic():
        locked = ApiToken.objects.select_for_update().get(pk=token.pk)
        if locked.revoked_at is not None:
            raise ValidationError({"reason": _("The token was already revoked.")})
        locked.revoked_at = clock.now()
        locked.save(update_fields=["revoked_at"])
        acting.audit(Action.API_TOKEN_REVOKE, locked, {"system": locked.system, "prefix": locked.prefix})
    token.revoked_at = locked.revoked_at
