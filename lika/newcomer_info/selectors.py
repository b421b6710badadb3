"""Reads of Om Sverige's pages that other parts of Lika need (the short paths, letters, Min Sida)."""

from __future__ import annotations

from django.conf import settings
from wagtail.models import Locale, Page

from lika.newcomer_info.content import om_sverige_start_page

# A reader whose language has no translation of a page gets English, then Swedish (decision 0003).
FALLBACK_LANGUAGES = ("en", "sv")


def page_for_landing_path(landing_path: str) -> Page | None:
    """The live Swedish page a channel's landing path names (``/om-sverige/arbete/``), or None.

    A landing path is the page's address in the source language without the language prefix.
    """
    start = om_sverige_start_page()
    if start is None:
        return None
    prefix = "/om-sverige/"
    if not (landing_path + ("" if landing_path.endswith("/") else "/")).startswith(prefix):
        return None
    rest = landing_path[len(prefix) :].strip("/")
    url_path = start.url_path + (f"{rest}/" if rest else "")
    return Page.objects.live().public().filter(url_path=url_path, locale_id=start.locale_id).first()


def landing_url(landing_path: str, language: str) -> str:
    """Where a visit to ``landing_path`` in ``language`` goes: the page's translation in that language.

    Falls back to English, then Swedish, where the page has no live translation yet. A landing path
    with no page behind it keeps its path under the language's prefix (the reader sees a 404 page in
    their language, and the communicator sees the channel lead nowhere).
    """
    page = page_for_landing_path(landing_path)
    if page is not None:
        for code in (language, *FALLBACK_LANGUAGES):
            locale = Locale.objects.filter(language_code=code).first()
            if locale is None:
                continue
            translation = page if page.locale_id == locale.pk else page.get_translation_or_none(locale)
            if translation is not None and translation.live:
                url: str | None = translation.get_url()
                if url:
                    return url
    language = language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
    return f"/{language}{landing_path}"
