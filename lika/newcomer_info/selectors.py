"""Reads of Om Sverige's pages that other parts of Lika need (the short paths, letters, Min Sida)."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from wagtail.models import Page

from lika.newcomer_info import caching
from lika.newcomer_info.content import om_sverige_start_page
from lika.newcomer_info.models import AccessibilityStatementPage, Channel

# A reader whose language has no translation of a page gets English, then Swedish (decision 0003).
FALLBACK_LANGUAGES = ("en", "sv")
# The accessibility statement's Swedish address, linked from the footer of every public page.
STATEMENT_SLUG = "tillganglighet"


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


def _ancestor_paths(page: Page) -> list[str]:
    """The tree paths of ``page``'s ancestors below Wagtail's root (the language's start page and on)."""
    step = Page.steplen
    return [page.path[: step * depth] for depth in range(2, page.depth)]


def live_translations(page: Page) -> dict[str, Page]:
    """``page`` and its live translations by language code, in two queries.

    Only a page with its own text counts: an alias (an untranslated copy that wagtail-localize may
    put into a language's tree) does not. Nor does a page under a page that is not live (a topic
    published while its language's start page is still a draft): no address leads to it.
    """
    translations = list(
        page.get_translations(inclusive=True).live().filter(alias_of__isnull=True).select_related("locale")
    )
    paths = {path for translation in translations for path in _ancestor_paths(translation)}
    offline = set(Page.objects.filter(path__in=paths, live=False).values_list("path", flat=True)) if paths else set()
    return {
        translation.locale.language_code: translation
        for translation in translations
        if not offline.intersection(_ancestor_paths(translation))
    }


def translation_for_reader(page: Page, language: str) -> Page | None:
    """The live translation of ``page`` a reader of ``language`` gets: theirs, else English, else Swedish.

    Aliases do not count (:func:`live_translations`). Returns None when no language in that chain has one.
    """
    translations = live_translations(page)
    for code in (language, *FALLBACK_LANGUAGES):
        if code in translations:
            found: Page = translations[code]
            return found
    return None


def landing_url(landing_path: str, language: str) -> str:
    """Where a visit to ``landing_path`` in ``language`` goes: the page's translation in that language.

    Falls back to English, then Swedish, where the page has no live translation yet. A landing path
    with no page behind it keeps its path under the language's prefix (the reader sees a 404 page in
    their language, and the communicator sees the channel lead nowhere).
    """
    page = page_for_landing_path(landing_path)
    translation = translation_for_reader(page, language) if page is not None else None
    if translation is not None:
        url: str | None = translation.get_url()
        if url:
            return url
    language = language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
    return f"/{language}{landing_path}"


def accessibility_statement_for(language: str) -> Page | None:
    """The accessibility statement a reader of ``language`` gets (English, then Swedish, without one).

    The statement is the page with the slug ``tillganglighet`` directly under the Swedish start page.
    """
    start = om_sverige_start_page()
    if start is None:
        return None
    statement = AccessibilityStatementPage.objects.child_of(start).filter(slug=STATEMENT_SLUG).live().first()
    return translation_for_reader(statement, language) if statement is not None else None


# --- where a short path leads, cached (lika/newcomer_info/caching.py) -------------------------------


@dataclass(frozen=True)
class ChannelLanding:
    """What a visit through an active channel needs: the channel, its landing path and the address it leads to."""

    channel_id: int
    code: str
    landing_path: str
    url: str


def channel_landing(code: str, language: str, page_slug: str = "") -> ChannelLanding | None:
    """Where a visit through the active channel ``code`` leads a reader of ``language``, or None if no such channel.

    With ``page_slug`` (the Swedish slug of a topic directly under the start page) the visit leads
    to that topic and is counted there; a slug that names no live page leads to the channel's own
    landing page, as if none were given.

    Kept in the cache until a page, a site, a locale or a channel changes, so that with a warm cache
    a visit reads nothing from the database. An unknown or inactive code, or a slug that names no
    page, is looked up every time and never kept: anyone can type them, and each would take room
    in the cache.
    """
    if page_slug:
        landing_path = f"/om-sverige/{page_slug}/"

        def look_up_page() -> ChannelLanding | None:
            if page_for_landing_path(landing_path) is None:
                return None
            channel = Channel.objects.filter(code=code, active=True).only("pk", "code").first()
            if channel is None:
                return None
            return ChannelLanding(channel.pk, channel.code, landing_path, landing_url(landing_path, language))

        found = caching.remember(f"channel-landing\n{code}\n{language}\n{page_slug}", look_up_page)
        if found is not None:
            return found

    def look_up() -> ChannelLanding | None:
        channel = Channel.objects.filter(code=code, active=True).only("pk", "code", "landing_path").first()
        if channel is None:
            return None
        url = landing_url(channel.landing_path, language)
        return ChannelLanding(channel.pk, channel.code, channel.landing_path, url)

    return caching.remember(f"channel-landing\n{code}\n{language}", look_up)
