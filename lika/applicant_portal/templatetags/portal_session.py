"""The end of the Min Sida session, for the notice on every portal page."""

from __future__ import annotations

import functools
import math
from typing import Any

from django import template
from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import timezone

from lika.applicant_portal.session import portal_session_ends_at
from lika.core import clock

register = template.Library()


@functools.lru_cache(maxsize=16)
def _portal_urls(script_prefix: str, urlconf: str | None, root_urlconf: str) -> dict[str, str]:
    """The portal's addresses that every page's header, notice and dialog link to, reversed once per process."""
    return {
        name: reverse(f"applicant_portal:{name}", urlconf=urlconf) for name in ("login", "logout", "session_extend")
    }


@register.simple_tag(takes_context=True)
def portal_session(context: template.Context) -> dict[str, Any] | None:
    """When the session ends (local time), the seconds left, the warning lead and the addresses to log out,
    stay logged in and log in again; None when nobody is logged in."""
    request = context.get("request")
    ends_at = portal_session_ends_at(request) if request is not None else None
    if ends_at is None:
        return None
    return {
        # A value the same for everyone logged in, for what the layout renders once for all of them.
        "logged_in": True,
        "ends_at": timezone.localtime(ends_at),
        "seconds_left": max(0, math.floor((ends_at - clock.now()).total_seconds())),
        "warning_seconds": settings.LIKA_PORTAL_WARNING_MINUTES * 60,
        "urls": _portal_urls(get_script_prefix(), get_urlconf(), settings.ROOT_URLCONF),
    }
