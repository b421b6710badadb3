"""Template tags for Om Sverige's public pages: their language, translations and footer links.

A page's language is its locale's, not the language Django has active: the two differ for a
moment when Wagtail serves a page under another language's prefix, and the page must then still
say truthfully which language its text is in.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import template
from django.conf import settings
from django.http import HttpRequest
from django.utils import translation
from wagtail.models import Page

from lika.newcomer_info.content import om_sverige_start_page
from lika.newcomer_info.review import ReviewNote, page_review_note
from lika.newcomer_info.selectors import accessibility_statement_for, live_translations, translation_for_reader

register = template.Library()


@dataclass(frozen=True)
class PageLink:
    """A link to a page in one language, with what a template needs to mark its language."""

    url: str
    title: str
    language: str
    name_local: str
    bidi: bool
    current: bool = False


def _request(context: template.Context) -> HttpRequest | None:
    request: HttpRequest | None = context.get("request")
    return request


def _link(page: Page, request: HttpRequest | None, *, current: bool = False) -> PageLink | None:
    url: str | None = page.get_url(request)
    if not url:
        return None
    code: str = page.locale.language_code
    info = translation.get_language_info(code)
    return PageLink(
        url=url,
        title=page.title,
        language=code,
        name_local=info["name_local"],
        bidi=info["bidi"],
        current=current,
    )


@register.simple_tag
def page_language(page: Page | None = None) -> str:
    """The language of ``page``'s text: its locale's, or the active language where there is no page."""
    # A template without a page passes the empty string Django makes of a missing variable.
    if page:
        code: str = page.locale.language_code
        return code
    return translation.get_language() or settings.LANGUAGE_CODE


@register.simple_tag
def text_direction(language: str) -> str:
    """``rtl`` for a language written right to left (ar, fa, prs), else ``ltr``."""
    return "rtl" if translation.get_language_info(language)["bidi"] else "ltr"


@register.simple_tag(takes_context=True)
def page_translations(context: template.Context, page: Page | None, current: str) -> list[PageLink]:
    """``page`` in each language it has a live translation in (aliases excluded), in Lika's order.

    The one in ``current`` is marked current. Without a page, the start page's translations stand
    in, so that a reader who met a missing page can still go to Om Sverige in their language.
    """
    if not page:
        page = om_sverige_start_page()
        if page is None:
            return []
    request = _request(context)
    by_language = live_translations(page)
    links = []
    for code, _name in settings.LANGUAGES:
        if code in by_language:
            link = _link(by_language[code], request, current=code == current)
            if link is not None:
                links.append(link)
    return links


@register.simple_tag(takes_context=True)
def start_page_link(context: template.Context, language: str) -> PageLink | None:
    """Om Sverige's start page for a reader of ``language`` (English, then Swedish, without one)."""
    start = om_sverige_start_page()
    target = translation_for_reader(start, language) if start is not None else None
    return _link(target, _request(context)) if target is not None else None


@register.simple_tag(takes_context=True)
def statement_link(context: template.Context, language: str) -> PageLink | None:
    """The accessibility statement for a reader of ``language`` (English, then Swedish, without one)."""
    statement = accessibility_statement_for(language)
    return _link(statement, _request(context)) if statement is not None else None


@register.simple_tag(takes_context=True)
def absolute_url(context: template.Context, url: str) -> str:
    """``url`` with the scheme and host the reader used, for the address a printed page shows."""
    request = _request(context)
    return request.build_absolute_uri(url) if request is not None else url


@register.simple_tag(takes_context=True)
def alternate_links(context: template.Context, page: Page) -> list[dict[str, Any]]:
    """``<link rel="alternate" hreflang>`` targets: every live translation's absolute address."""
    links = page_translations(context, page, current="")
    return [{"hreflang": link.language, "href": absolute_url(context, link.url)} for link in links]


@register.simple_tag
def translation_review_note(page: object, language: str) -> ReviewNote | None:
    """The "this translation is being checked" note ``page`` shows in ``language``, or None (lika/newcomer_info/review.py).

    Pages that are not Wagtail pages (the "not found" pages) have no ``page``, or another thing by that name.
    """
    return page_review_note(page, language) if isinstance(page, Page) else None
