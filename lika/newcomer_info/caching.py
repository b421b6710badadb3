"""Caches that keep Om Sverige cheap to serve: its public pages, and where each short path leads.

Both live in Django's ``default`` cache (``CACHES`` in the settings; see docs/operations.md,
"Caching") under a *content generation*: a token that any change to Om Sverige's content replaces,
so that every entry made before the change is out of use at once. Content means pages (a publish,
an unpublish, a move, a deletion, a translation's publish, a draft saved), view restrictions,
sites and locales, and channels (:mod:`lika.newcomer_info.services` calls :func:`content_changed`).
One token for all of it is coarse on purpose: a published topic changes the start page's list
and every language's fallbacks, and editors publish a few times a day, not a second.

Pages are kept whole by :class:`OmSverigePageCache`, a middleware, rather than by a Wagtail
``before_serve_page`` hook: by the time Wagtail calls that hook it has already found the site and
walked the page tree, several queries that a cached page should not cost. The wagtail-cache
package does the same as this middleware but requires Wagtail below 8.
"""

from __future__ import annotations

import hashlib
import re
import secrets
import time
from collections.abc import Callable
from typing import Any, TypeVar

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.base import BaseCache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.utils.cache import cc_delim_re, patch_cache_control
from wagtail.models import Locale, Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

T = TypeVar("T")

# How long readers' browsers and any proxy may keep a page (and how long Lika keeps it): short,
# because a correction an editor publishes must reach readers soon.
PAGE_MAX_AGE_SECONDS = 300
# How long Lika keeps where a short path leads. Invalidation is what keeps it right; the limit only
# bounds how long another process with its own per-process cache may lag behind (docs/operations.md).
LANDING_TIMEOUT_SECONDS = 300
# Query parameters that never change a page (campaign tags that other sites add to links).
HARMLESS_QUERY_PARAMETERS = frozenset(
    {"utm_source", "utm_medium", "utm_campaign", "utm_term", "utm_content", "utm_id", "fbclid", "gclid", "mc_cid"}
)
_GENERATION_KEY = "lika:om-sverige:generation"


def _cache() -> BaseCache:
    return caches["default"]


def content_generation() -> str:
    """The token that entries made now are kept under; a new one is drawn when none is stored."""
    cache = _cache()
    generation: str | None = cache.get(_GENERATION_KEY)
    if generation is None:
        # add() keeps the first of two processes that draw at once, so both use the same token.
        cache.add(_GENERATION_KEY, secrets.token_hex(8), timeout=None)
        generation = cache.get(_GENERATION_KEY) or ""
    return generation


def _new_generation() -> None:
    # A random token rather than a counter: if the cache loses the key, no new token can equal an
    # old one whose entries are still stored.
    _cache().set(_GENERATION_KEY, secrets.token_hex(8), timeout=None)


def content_changed() -> None:
    """Puts every cached page and short-path landing out of use, now and again when the transaction commits.

    Now, so that the change is served at once to whoever reads inside the same transaction; again
    after the commit, because a reader who looked before the commit may have cached the old
    content under the new token in between.
    """
    _new_generation()
    transaction.on_commit(_new_generation)


def _key(generation: str, kind: str, name: str) -> str:
    # Hashed, so that any address or code a visitor types makes a short key every backend accepts.
    digest = hashlib.sha256(name.encode("utf-8", "surrogateescape")).hexdigest()[:32]
    return f"lika:om-sverige:{generation}:{kind}:{digest}"


def remember(name: str, compute: Callable[[], T | None], *, timeout: int = LANDING_TIMEOUT_SECONDS) -> T | None:
    """``compute()``'s value for ``name``, kept until the content changes; None is returned but never kept.

    The token is read before computing, so a value computed from content that changes meanwhile
    is kept under the token that the change has already replaced, and never served.
    """
    cache = _cache()
    key = _key(content_generation(), "value", name)
    value: T | None = cache.get(key)
    if value is None:
        value = compute()
        if value is not None:
            cache.set(key, value, timeout)
    return value


# --- invalidation ------------------------------------------------------------------------------


def _on_content_saved_or_deleted(sender: type[Any], instance: object, **_kwargs: object) -> None:
    if isinstance(instance, Page | PageViewRestriction | Site | Locale):
        content_changed()


def _on_page_event(**_kwargs: object) -> None:
    content_changed()


def invalidate_on_content_changes() -> None:
    """Connects :func:`content_changed` to every way Wagtail changes what Om Sverige's pages show.

    Wagtail's own signals rather than calls in Lika's services, because pages change through
    Wagtail's admin, wagtail-localize and Wagtail's scheduled publishing, which Lika does not call.
    """
    uid = "lika.newcomer_info.caching"
    post_save.connect(_on_content_saved_or_deleted, dispatch_uid=f"{uid}.saved")
    post_delete.connect(_on_content_saved_or_deleted, dispatch_uid=f"{uid}.deleted")
    page_published.connect(_on_page_event, dispatch_uid=f"{uid}.published")
    page_unpublished.connect(_on_page_event, dispatch_uid=f"{uid}.unpublished")
    post_page_move.connect(_on_page_event, dispatch_uid=f"{uid}.moved")


# --- whole pages --------------------------------------------------------------------------------


def _may_keep(response: HttpResponseBase) -> bool:
    """Whether a response to an anonymous GET is the same for every anonymous reader of that address."""
    if response.status_code != 200 or response.streaming or response.cookies or response.has_header("Set-Cookie"):
        # A page that sets a cookie (a CSRF token in a form, say) carries one reader's token.
        return False
    directives = {d.strip().split("=")[0].lower() for d in cc_delim_re.split(response.get("Cache-Control", ""))}
    if directives & {"private", "no-cache", "no-store"}:
        return False
    # The key is the address alone; a page that varies on anything else (bar the cookie, which
    # only readers without a session reach) cannot be kept under it.
    varies = {v.strip().lower() for v in cc_delim_re.split(response.get("Vary", "")) if v.strip()}
    return varies <= {"cookie"}


class OmSverigePageCache:
    """Serves Om Sverige's public pages (``/<language>/om-sverige/...``) to anonymous readers from the cache.

    Only GET and HEAD requests without a session cookie or credentials, and without a query string
    other than campaign tags, are served from the cache or fill it; only a 200 response that sets
    no cookie and does not vary is kept. Those responses say ``Cache-Control: public,
    max-age=300``. A request with a session (staff reading or previewing) is never served from the
    cache and its response is marked private. Wagtail's previews are under ``/cms/`` and never
    reach this cache.

    Sits after WhiteNoise and before the session middleware, so that a cached page costs no
    session, locale or database work at all.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response
        languages = "|".join(re.escape(code) for code, _name in settings.LANGUAGES)
        self.pages = re.compile(rf"/(?:{languages})/om-sverige/")

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if request.method not in {"GET", "HEAD"} or not self.pages.match(request.path_info):
            return self.get_response(request)
        if settings.SESSION_COOKIE_NAME in request.COOKIES or "authorization" in request.headers:
            response = self.get_response(request)
            # What a member of staff sees may include drafts or their name: never a shared copy.
            patch_cache_control(response, private=True)
            return response
        if not set(request.GET) <= HARMLESS_QUERY_PARAMETERS:
            return self.get_response(request)
        cache = _cache()
        key = _key(content_generation(), "page", f"{request.get_host()}{request.path}")
        stored: tuple[float, int, list[tuple[str, str]], bytes] | None = cache.get(key)
        if stored is not None:
            return self._from_cache(request, stored)
        response = self.get_response(request)
        if _may_keep(response):
            patch_cache_control(response, public=True, max_age=PAGE_MAX_AGE_SECONDS)
            if request.method == "GET" and isinstance(response, HttpResponse):
                headers = [(name, value) for name, value in response.items() if name.lower() != "age"]
                cache.set(key, (time.time(), response.status_code, headers, response.content), PAGE_MAX_AGE_SECONDS)
        return response

    @staticmethod
    def _from_cache(request: HttpRequest, stored: tuple[float, int, list[tuple[str, str]], bytes]) -> HttpResponse:
        stored_at, status, headers, content = stored
        response = HttpResponse(b"" if request.method == "HEAD" else content, status=status)
        for name, value in headers:
            response[name] = value
        # Counted from when Lika stored the page, so that a browser or proxy keeps it no longer
        # than max-age from the moment it was rendered.
        response["Age"] = str(max(0, int(time.time() - stored_at)))
        return response
