"""The printed ways to Om Sverige: the letter that comes with the permit card, and office-screen slides.

Each carries a QR code and the short address of its channel (``/k/brev``, ``/k/skarm-malmo``), so
that every visit through it is counted (see docs/channels.md). Both are the same for everyone who
sees them: they hold no name and no per-person code.

The functions here build the data a Typst layout reads (:mod:`lika.documents.layouts`) in the
language asked for, and render it with :mod:`lika.documents.rendering`. They read the page tree and
the channel but write nothing. What a member of staff can get wrong (a page without a translation,
an inactive channel, a channel of the wrong kind) raises :class:`PrintError` with a message that
says what and where.
"""

from __future__ import annotations

import io
from urllib.parse import urlencode

import segno
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy
from wagtail.models import Locale, Page

from lika.documents.layouts import OfficeSlide, PermitLetter, PermitLetterSection, QrCode
from lika.documents.rendering import pdf_render, png_render
from lika.newcomer_info.content import om_sverige_start_page, source_locale
from lika.newcomer_info.models import Channel, ChannelKind, TopicPage

# The letter is written in the languages whose catalogues hold every string a newcomer meets
# (Swedish and English; Arabic, Persian, Dari, Somali and Tigrinya, checked by
# lika/core/tests/test_newcomer_catalogues.py); the pages it leads to come in every language Lika serves.
LETTER_LANGUAGES = ("sv", "en", "ar", "fa", "prs", "so", "ti")
# A full-HD screen: the slide is 20 × 11.25 inches, so 96 pixels per inch give 1920 × 1080 pixels.
SLIDE_PPI = 96
SITE_NAME = "Om Sverige"


# Language names inside a sentence ("The pages are in Swedish, English ..."): Swedish writes them in
# lower case there ("svenska"), unlike the language menu's "Svenska", so they are separate messages.
LANGUAGE_NAMES_IN_TEXT = {
    "sv": pgettext_lazy("language name in a sentence", "Swedish"),
    "en": pgettext_lazy("language name in a sentence", "English"),
    "ar": pgettext_lazy("language name in a sentence", "Arabic"),
    "fa": pgettext_lazy("language name in a sentence", "Persian"),
    "prs": pgettext_lazy("language name in a sentence", "Dari"),
    "ti": pgettext_lazy("language name in a sentence", "Tigrinya"),
    "so": pgettext_lazy("language name in a sentence", "Somali"),
}


class PrintError(Exception):
    """A letter or slide cannot be made as asked; the message, already translated, says why."""


def public_url(path: str) -> str:
    """The absolute address of ``path`` on the public site, e.g. ``http://127.0.0.1:8000/k/brev``.

    The base is ``settings.LIKA_PUBLIC_BASE_URL``: printed paper outlives any request, so the
    address cannot be taken from the request of whoever prints it.
    """
    base: str = settings.LIKA_PUBLIC_BASE_URL
    return base.rstrip("/") + path


def address_as_printed(url: str) -> str:
    """The address as a reader types it: without the scheme, which every browser adds by itself.

    >>> address_as_printed("https://lika.example/k/brev")
    'lika.example/k/brev'
    """
    return url.removeprefix("https://").removeprefix("http://")


def qr_code(url: str, *, alt: str) -> QrCode:
    """A QR code for ``url`` as SVG, with its quiet zone (the white border scanners need) included.

    Error correction level M still reads when a seventh of the code is creased or dirty; segno
    raises it further when that does not make the code bigger.
    """
    code = segno.make(url, error="m", micro=False)
    out = io.BytesIO()
    code.save(out, kind="svg", xmldecl=False, nl=False, border=4)
    return {"svg": out.getvalue().decode("ascii"), "alt": alt}


def _direction(language: str) -> str:
    return "rtl" if translation.get_language_info(language)["bidi"] else "ltr"


def _language_name(language: str) -> str:
    """The language's name for use inside a sentence, in the active language."""
    names: dict[str, str] = {code: str(name) for code, name in settings.LANGUAGES}
    return str(LANGUAGE_NAMES_IN_TEXT.get(language, names[language]))


def check_channel(channel: Channel, kind: ChannelKind) -> None:
    """Raises :class:`PrintError` unless ``channel`` is an active channel of the ``kind`` printed on."""
    if channel.kind != kind:
        raise PrintError(
            _("The channel %(code)s is a channel of the kind “%(kind)s”, not “%(wanted)s”.")
            % {"code": channel.code, "kind": channel.get_kind_display(), "wanted": kind.label}
        )
    if not channel.active:
        raise PrintError(
            _("The channel %(code)s is inactive, so its address leads nowhere. Make it active first.")
            % {"code": channel.code}
        )


def _topic_titles(language: str) -> list[str]:
    """The titles of the live topics in ``language``, in the order of the start page's menu."""
    start = om_sverige_start_page()
    locale = Locale.objects.filter(language_code=language).first()
    if start is None or locale is None:
        return []
    home = start if start.locale_id == locale.pk else start.get_translation_or_none(locale)
    if home is None:
        return []
    topics = TopicPage.objects.child_of(home).live().public().in_menu().order_by("path")
    return list(topics.values_list("title", flat=True))


def published_languages() -> list[str]:
    """The languages Om Sverige's start page is live in, in the order of ``settings.LANGUAGES``.

    The letter names these and no others: a reader told the pages exist in Tigrinya must find them there.
    """
    start = om_sverige_start_page()
    if start is None:
        return []
    # An alias (a copy wagtail-localize keeps of the Swedish page) has Swedish text: not a language.
    translations = start.get_translations(inclusive=True).live().filter(alias_of__isnull=True)
    live = set(translations.values_list("locale__language_code", flat=True))
    return [code for code, _name in settings.LANGUAGES if code in live]


def _spoken_list(names: list[str]) -> str:
    """``names`` as a sentence says them: "Swedish", "Swedish and English", "Swedish, English and Arabic"."""
    if len(names) < 2:
        return "".join(names)
    return _("%(list)s and %(last)s") % {"list": ", ".join(names[:-1]), "last": names[-1]}


def letter_layout(*, channel: Channel, language: str) -> PermitLetter:
    """The permit-card letter for the ``permit_letter`` channel ``channel`` in ``language``, one of ``LETTER_LANGUAGES``."""
    check_channel(channel, ChannelKind.PERMIT_LETTER)
    if language not in LETTER_LANGUAGES:
        raise PrintError(
            _("The letter is not written in %(language)s; it is written in %(languages)s.")
            % {"language": language, "languages": ", ".join(LETTER_LANGUAGES)}
        )
    url = public_url(channel.short_path)
    with translation.override(language):
        languages = _spoken_list([_language_name(code) for code in published_languages()])
        sections: list[PermitLetterSection] = []
        topics = _topic_titles(language)
        if topics:
            sections.append({"heading": _("What you can read about"), "paragraphs": [], "items": topics})
        sections += [
            {
                "heading": _("In your language"),
                "paragraphs": [
                    *([_("The pages are in %(languages)s.") % {"languages": languages}] if languages else []),
                    _(
                        "You come to the pages in the language your phone uses. "
                        "If a page is not in your language yet, you see it in English."
                    ),
                ],
            },
            {
                "heading": _("Nobody sees who you are"),
                "paragraphs": [
                    _(
                        "The code and the address are the same for everyone who gets this letter. "
                        "We count how many people visit the pages, but we do not know who they are."
                    )
                ],
            },
        ]
        return {
            "language": language,
            "direction": _direction(language),
            "title": _("Om Sverige: information for you who have a new residence permit"),
            "agency": _("Swedish Migration Agency"),
            "intro": [
                _("Welcome to Sweden. This letter comes with your residence permit card."),
                _(
                    "Om Sverige is a website from the Swedish Migration Agency for people who have just got a "
                    "residence permit. It explains in plain words how things work in Sweden and where to turn next."
                ),
                _("The pages are free. You do not need to log in."),
            ],
            "way_heading": _("How to get there"),
            "scan": _("Scan the code with the camera on your phone."),
            "type_address": _("Or write this address in your web browser:"),
            "short_address": address_as_printed(url),
            "qr": qr_code(url, alt=_("QR code that leads to %(address)s") % {"address": url}),
            "sections": sections,
        }


def topic_translation(page: TopicPage, language: str) -> TopicPage:
    """The live translation of the topic ``page`` in ``language`` (the page itself in its own language)."""
    locale = Locale.objects.filter(language_code=language).first()
    found: Page | None = None
    if locale is not None:
        found = page if page.locale_id == locale.pk else page.get_translation_or_none(locale)
    if found is None or not found.live or found.alias_of_id is not None:
        raise PrintError(
            _("The page “%(title)s” has no published translation in %(language)s yet.")
            % {"title": page.title, "language": _language_name(language) if language in _codes() else language}
        )
    topic: TopicPage = found.specific
    return topic


def _codes() -> set[str]:
    return {code for code, _name in settings.LANGUAGES}


def slide_path(channel: Channel, page: TopicPage) -> str:
    """The short path of the screen's channel to the topic on the slide, e.g. ``/k/skarm-malmo/arbete``.

    The topic is named by its Swedish slug, the same whatever language the slide is in.
    """
    source = page if page.locale.language_code == settings.LANGUAGE_CODE else None
    if source is None:
        source = page.get_translation_or_none(source_locale())
    return channel.short_path_to((source or page).slug)


def slide_url(channel: Channel, page: TopicPage, language: str) -> str:
    """Where the slide's QR code leads: the topic through the screen's channel, in the slide's language.

    Whoever reads an Arabic slide wants the Arabic page, whatever language their phone is set to.
    """
    return public_url(slide_path(channel, page)) + "?" + urlencode({"lang": language})


def slide_layout(*, page: TopicPage, channel: Channel, language: str) -> OfficeSlide:
    """The topic ``page`` in ``language`` as a slide for the screen of the ``office_screen`` channel ``channel``."""
    check_channel(channel, ChannelKind.OFFICE_SCREEN)
    return topic_slide(page=page, channel=channel, language=language, where=channel.office)


def topic_slide(*, page: TopicPage, channel: Channel, language: str, where: str) -> OfficeSlide:
    """The topic ``page`` in ``language`` as a slide whose code leads through ``channel``; ``where`` ends the sender line.

    The caller has checked that the channel is of the kind the slide is shown through.
    """
    if language not in _codes():
        raise PrintError(_("Lika has no pages in the language %(language)s.") % {"language": language})
    shown = topic_translation(page, language)
    url = slide_url(channel, page, language)
    with translation.override(language):
        return {
            "language": language,
            "direction": _direction(language),
            "title": shown.title,
            "summary": shown.summary,
            "site": SITE_NAME,
            "scan": _("Scan the code to read more"),
            "short_address": address_as_printed(public_url(slide_path(channel, page))),
            "qr": qr_code(url, alt=_("QR code that leads to %(address)s") % {"address": url}),
            "sender": " · ".join(part for part in (_("Swedish Migration Agency"), where) if part),
        }


def letter_pdf(*, channel: Channel, language: str) -> bytes:
    """The permit-card letter as a PDF/UA-1 file."""
    layout = letter_layout(channel=channel, language=language)
    return pdf_render(template="permit_letter.typ", data=layout, language=language, title=layout["title"])


def slide_pdf(*, page: TopicPage, channel: Channel, language: str) -> bytes:
    """The slide as a one-page PDF/UA-1 file, for screens that show PDF."""
    layout = slide_layout(page=page, channel=channel, language=language)
    return pdf_render(template="office_slide.typ", data=layout, language=language, title=layout["title"])


def slide_png(*, page: TopicPage, channel: Channel, language: str) -> bytes:
    """The slide as a 1920 × 1080 PNG image."""
    layout = slide_layout(page=page, channel=channel, language=language)
    pages = png_render(
        template="office_slide.typ", data=layout, language=language, title=layout["title"], ppi=SLIDE_PPI
    )
    return pages[0]
