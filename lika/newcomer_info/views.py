"""The short paths ``/k/<code>``: count a person's visit, then send them on to the landing page.

Nothing about the visitor is stored: no cookie is set, and the address, user agent and referrer are
read, if at all, only to decide whether to count. See docs/channels.md.
"""

from __future__ import annotations

import logging
import re

from django.conf import settings
from django.db import DatabaseError
from django.http import HttpRequest, HttpResponse, HttpResponseNotFound, HttpResponseRedirect
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import translation
from django.views import defaults
from django.views.decorators.http import require_safe

from lika.accounts.access import public_view
from lika.core import clock
from lika.newcomer_info.models import Channel
from lika.newcomer_info.selectors import channel_landing, page_for_landing_path, translation_for_reader
from lika.newcomer_info.services import channel_visit_count
from lika.newcomer_info.visitors import visit_is_counted

logger = logging.getLogger(__name__)


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
def channel_visit(request: HttpRequest, code: str, page: str = "") -> HttpResponse:
    """Counts a visit through the channel ``code`` and redirects to its landing page in the visitor's language.

    With ``page`` (``/k/skarm-malmo/arbete``) the visit leads to that topic instead and is counted
    there, so that each slide on an office screen leads to the page it shows.

    The landing page is the translation of the channel's page in that language (English, then
    Swedish, where there is none yet).

    HEAD requests, prefetches and robots are redirected but not counted. An unknown or inactive
    code answers 404 and counts nothing.
    """
    language = visit_language(request)
    # Cached (caching.py): with a warm cache the count below is the visit's only query.
    landing = channel_landing(code.lower(), language, page)
    if landing is None:
        with translation.override(language):
            page = render_to_string("newcomer_info/channel_unknown.html")
        return _leave_no_trace(HttpResponseNotFound(page))
    if visit_is_counted(method=request.method or "", headers=request.headers):
        channel = Channel(pk=landing.channel_id, code=landing.code, landing_path=landing.landing_path)
        try:
            channel_visit_count(
                channel=channel, landing_page=landing.landing_path, language=language, day=clock.today()
            )
        except DatabaseError:
            # The visitor still reaches the page; the operator sees that a count was lost.
            logger.exception("A visit through channel %s could not be counted.", landing.code)
    return _leave_no_trace(HttpResponseRedirect(landing.url))


_OM_SVERIGE_ADDRESS = re.compile(r"^/(?P<language>[a-z]{2,3})(?P<landing_path>/om-sverige/.*)$")


@public_view
def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """Lika's 404 page; under ``/<language>/om-sverige/`` it is Om Sverige's, without cookies.

    A page that exists in Swedish but has no translation in the language's tree (where the start
    page is translated and the topic is not) is found, and the reader is sent to its translation
    in their language, else English, else Swedish, as Wagtail would were nothing translated.
    """
    match = _OM_SVERIGE_ADDRESS.match(request.path)
    if match is None or match["language"] not in dict(settings.LANGUAGES):
        return defaults.page_not_found(request, exception)
    page = page_for_landing_path(match["landing_path"])
    target = translation_for_reader(page, match["language"]) if page is not None else None
    url = target.get_url(request) if target is not None else None
    if url and url != request.path:
        return HttpResponseRedirect(url)
    return render(request, "newcomer_info/page_not_found.html", status=404)
