"""The client's address behind the agency's reverse proxies, for login lockouts and throttles.

Behind a proxy every request comes from the proxy's address; a lockout counted by that address would
lock a member of staff out for everyone, and a throttle would block every applicant. Each proxy the
deployment trusts (``LIKA_TRUSTED_PROXY_COUNT``) appends the address it was reached from to
``X-Forwarded-For``, so the client is the entry that many places from the right. Entries further left
came from the client itself and are not believed: a client that sends its own header changes nothing.
Without trusted proxies (or without the header) the connection's own address counts.

django-ipware, which django-axes would otherwise use, was measured for this and rejected: with a header
the client had started itself, it fell back to the proxy's own address, which is the shared address
this module exists to avoid (see the tests).
"""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme


def client_ip(request: HttpRequest) -> str | None:
    """The address of the client that sent ``request`` (``AXES_CLIENT_IP_CALLABLE``)."""
    remote = request.META.get("REMOTE_ADDR") or None
    trusted = settings.LIKA_TRUSTED_PROXY_COUNT
    if trusted <= 0:
        return remote
    hops = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if len(hops) < trusted:
        return remote  # not through every trusted proxy: the connection's own address is all we know
    candidate = hops[-trusted]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote


def safe_next(request: HttpRequest, candidate: str | None) -> str | None:
    """``candidate`` when it is a page on this site (over HTTPS where the request came so); else None.

    Every login keeps the page asked for and goes there afterwards; an address elsewhere is never followed.
    """
    if candidate and url_has_allowed_host_and_scheme(
        candidate, {request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return None
