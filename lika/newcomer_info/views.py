"""The short paths ``/k/<code>``: count a person's visit, then send them on to the landing page.

Nothing about the visitor is stored: no cookie is set, and the address, user agent and referrer are
read, if at all, only to decide whether to count. See docs/channels.md.
"""

from __future__ import annotations

import datetime
import logging

from django.conf import settings
from django.db import DatabaseError
from django.http import HttpRequest, HttpResponse, HttpResponseNotFound, HttpResponseRedirect
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.views.decorators.http import require_safe

from lika.accounts.access import public_view
from lika.newcomer_info.models import Channel
from lika.newcomer_info.selectors import landing_url
from lika.newcomer_info.services import channel_visit_count
from lika.newcomer_info.visitors import visit_is_counted

logger = logging.getLogger(__name__)


def _today() -> datetime.date:
    """Today in the agency's time zone, the day a visit is counted on (tests fix it)."""
    return timezone.localdate()


def visit_language(request: HttpRequest) -> str:
    """The language asked for with ``?lang=`` if Lika serves it, else the one the browser negotiated."""
    codes = [code for code, _name in settings.LANGUAGES]
    asked = request.GET.get("lang", "").strip().lower()
    if asked in codes:
        return asked
    negotiated = translation.get_language() or settings.LANGUAGE_CODE
    if negotiated in codes:
        return negotiated
    return next((code for code in codes if negotiated.startswith(f"{code}-")), settings.LANGUAGE_CODE)


def _leave_no_trace(response: HttpResponse) -> HttpResponse:
    # Every visit must reach the counter (no caching), the landing page must not learn where the
    # visitor came from beyond its own ?lang=, and search engines have no reason to list /k/.
    response["Cache-Control"] = "no-store"
    response["Referrer-Policy"] = "no-referrer"
    response["X-Robots-Tag"] = "noindex"
    return response


@public_view
@require_safe
def channel_visit(request: HttpRequest, code: str) -> HttpResponse:
    """Counts a visit through the channel ``code`` and redirects to its landing page in the visitor's language.

    The landing page is the translation of the channel's page in that language (English, then
    Swedish, where there is none yet).

    HEAD requests, prefetches and robots are redirected but not counted. An unknown or inactive
    code answers 404 and counts nothing.
    """
    language = visit_language(request)
    channel = Channel.objects.filter(code=code.lower(), active=True).only("pk", "code", "landing_path").first()
    if channel is None:
        with translation.override(language):
            page = render_to_string("newcomer_info/channel_unknown.html")
        return _leave_no_trace(HttpResponseNotFound(page))
    if visit_is_counted(method=request.method or "", headers=request.headers):
        try:
            channel_visit_count(channel=channel, landing_page=channel.landing_path, language=language, day=_today())
        except DatabaseError:
            # The visitor still reaches the page; the operator sees that a count was lost.
            logger.exception("A visit through channel %s could not be counted.", channel.code)
    return _leave_no_trace(HttpResponseRedirect(landing_url(channel.landing_path, language)))
