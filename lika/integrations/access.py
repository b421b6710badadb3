"""Who calls an API, and how much they may: a token issued to an integrating system, or anyone.

:func:`api_endpoint` wraps an API view. A request without ``Authorization`` is anonymous: it is counted
by the client's address (``LIKA_API_ANONYMOUS_PER_MINUTE``) and its body may hold at most
``LIKA_API_ANONYMOUS_MAX_BYTES``. A request with ``Authorization: Bearer <token>`` is counted by the token
(its own requests a minute) and may send as much as the endpoint itself takes. A token that is wrong,
revoked or expired is refused with 401 — never served as anonymous, so a system learns at once that its
token stopped working — and counts against the address like an anonymous request. Over the limit the answer is 429 with ``Retry-After``; every answer carries the
``RateLimit-*`` headers.
"""

from __future__ import annotations

import datetime
import functools
import hmac
import logging
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse

from lika.core import clock
from lika.core.network import client_ip
from lika.core.ratelimit import RateDecision, rate_take
from lika.integrations.models import PREFIX_LENGTH, ApiToken
from lika.integrations.services import TOKEN_START, token_sha256

logger = logging.getLogger(__name__)
AUTHORIZATION = "(authorization)"
# How often a token's "last used" time is written: often enough for an administrator, rarely enough to cost nothing.
LAST_USED_EVERY = datetime.timedelta(minutes=5)
_ATTRIBUTE = "lika_api_caller"


@dataclass(frozen=True)
class ApiCaller:
    token: ApiToken | None
    rate_key: str
    requests_per_minute: int
    max_body_bytes: int | None  # None: as much as the endpoint itself takes

    @property
    def anonymous(self) -> bool:
        return self.token is None


class ApiCallerRefusedError(Exception):
    """A request whose ``Authorization`` header Lika does not accept; the message says why."""


def _anonymous_key(request: HttpRequest) -> str:
    return f"api:anonymous:{client_ip(request) or 'unknown'}"


def api_caller(request: HttpRequest) -> ApiCaller:
    """The caller of ``request``; raises :class:`ApiCallerRefusedError` for a header or token Lika does not accept."""
    header = request.headers.get("Authorization", "")
    if not header:
        return ApiCaller(
            token=None,
            rate_key=_anonymous_key(request),
            requests_per_minute=settings.LIKA_API_ANONYMOUS_PER_MINUTE,
            max_body_bytes=settings.LIKA_API_ANONYMOUS_MAX_BYTES,
        )
    scheme, _space, value = header.partition(" ")
    value = value.strip()
    if scheme.lower() != "bearer" or not value:
        raise ApiCallerRefusedError("Send the token as 'Authorization: Bearer <token>', or no Authorization header.")
    prefix = value[len(TOKEN_START) : len(TOKEN_START) + PREFIX_LENGTH]
    token = ApiToken.objects.filter(prefix=prefix).first() if value.startswith(TOKEN_START) else None
    if token is None or not hmac.compare_digest(token.key_sha256, token_sha256(value)):
        raise ApiCallerRefusedError("The token is not one Lika issued. Check that it was copied whole.")
    if token.revoked_at is not None:
        raise ApiCallerRefusedError("The token was revoked. Ask the agency's Lika administrator for a new one.")
    today = clock.today()
    if not token.usable_on(today):
        raise ApiCallerRefusedError(
            f"The token expired after {token.expires_on}. Ask the agency's Lika administrator for a new one."
        )
    now = clock.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_EVERY:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return ApiCaller(
        token=token,
        rate_key=f"api:token:{token.pk}",
        requests_per_minute=token.requests_per_minute,
        max_body_bytes=None,
    )


def request_caller(request: HttpRequest) -> ApiCaller:
    """The caller :func:`api_endpoint` found for ``request``."""
    caller = getattr(request, _ATTRIBUTE, None)
    if not isinstance(caller, ApiCaller):
        raise LookupError("request_caller: the view is not wrapped in api_endpoint.")
    return caller


def _too_many(decision: RateDecision, *, anonymous: bool) -> JsonResponse:
    who = "this address" if anonymous else "this token"
    message = (
        f"Too many requests: {who} may make {decision.limit} a minute. Try again in {decision.reset_seconds} seconds."
    )
    if anonymous:
        message += " An integrating system can ask the agency for a token with a limit of its own."
    return JsonResponse({"errors": [{"field": AUTHORIZATION, "message": message}]}, status=429)


def api_endpoint(view: Callable[[HttpRequest], HttpResponse]) -> Callable[[HttpRequest], HttpResponse]:
    """Finds the caller, counts the request against its limit, and refuses it (401, 429) before ``view`` runs."""

    @functools.wraps(view)
    def wrapped(request: HttpRequest) -> HttpResponse:
        response: HttpResponse
        caller: ApiCaller | None = None
        refusal = ""
        try:
            caller = api_caller(request)
        except ApiCallerRefusedError as error:
            refusal = str(error)
            logger.warning("api token refused", extra={"path": request.path, "refusal": refusal})
        # A refused token counts against the address, as an anonymous request does: guessing costs a request each.
        if caller is None:
            decision = rate_take(_anonymous_key(request), limit=settings.LIKA_API_ANONYMOUS_PER_MINUTE)
        else:
            decision = rate_take(caller.rate_key, limit=caller.requests_per_minute)
        if not decision.allowed:
            response = _too_many(decision, anonymous=caller is None or caller.anonymous)
        elif caller is None:
            response = JsonResponse({"errors": [{"field": AUTHORIZATION, "message": refusal}]}, status=401)
            response["WWW-Authenticate"] = 'Bearer realm="lika"'
        else:
            setattr(request, _ATTRIBUTE, caller)
            response = view(request)
        for name, value in decision.headers().items():
            response[name] = value
        return response

    return wrapped
