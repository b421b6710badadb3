"""The presenter's slides for a session of the civic introduction, made from Om Sverige's topics.

The civic introduction for asylum seekers (samhällsintroduktion) gives modules such as gender
equality, childcare and parental leave and pension (report 2.4). Each module is covered by one or
more Om Sverige topics; the deck is a title slide naming the session's modules, then the office
screens' slide (:func:`lika.newcomer_info.printing.topic_slide`) of each topic, in the session's
language. Each slide's QR code leads to its topic through the civic introduction's channel, so the
visits the sessions bring are counted there.
"""

from __future__ import annotations

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from lika.documents.layouts import CivicSlides
from lika.documents.rendering import pdf_render
from lika.newcomer_info import printing
from lika.newcomer_info.content import om_sverige_start_page
from lika.newcomer_info.models import Channel, ChannelKind, TopicPage
from lika.partners.models import CivicModule, CivicSession

# The Om Sverige topics (by Swedish slug, lika/newcomer_info/texts/topics/) that cover each module.
MODULE_TOPICS: dict[str, tuple[str, ...]] = {
    CivicModule.GENDER_EQUALITY: ("dina-rattigheter", "diskriminering"),
    CivicModule.CHILDCARE: ("forskola",),
    CivicModule.WORK: ("arbete", "svenska"),
    CivicModule.PARENTAL_LEAVE_PENSION: ("foraldraledighet-och-pension",),
    # The topic about support and help has a neutral name on purpose; it covers violence, economic too.
    CivicModule.ECONOMIC_VIOLENCE: ("stod",),
    CivicModule.DISABILITY_SUPPORT: ("arbete",),
}


def civic_topics(modules: list[str]) -> list[TopicPage]:
    """The live Swedish topics that cover ``modules``, in the modules' order, each once."""
    start = om_sverige_start_page()
    if start is None:
        return []
    slugs = list(dict.fromkeys(slug for module in modules for slug in MODULE_TOPICS.get(module, ())))
    found = {page.slug: page for page in TopicPage.objects.child_of(start).live().filter(slug__in=slugs)}
    return [found[slug] for slug in slugs if slug in found]


def civic_channel() -> Channel:
    """The active channel the civic introduction's slides lead through (the first by code, should there be several)."""
    channel = Channel.objects.filter(kind=ChannelKind.CIVIC_INTRODUCTION, active=True).order_by("code").first()
    if channel is None:
        raise printing.PrintError(
            _(
                "There is no active channel of the kind “%(kind)s” for the slides' codes to lead through; "
                "a communicator makes one among Om Sverige's channels."
            )
            % {"kind": ChannelKind.CIVIC_INTRODUCTION.label}
        )
    return channel


def civic_slides_languages(session: CivicSession) -> list[str]:
    """The languages a presenter may want the slides in: the session's, the interpreter's, and Swedish."""
    codes = {code for code, _name in settings.LANGUAGES}
    wanted = (session.language, session.interpreter_language, settings.LANGUAGE_CODE)
    return [code for code in dict.fromkeys(wanted) if code in codes]


def civic_slides_layout(*, session: CivicSession, language: str) -> CivicSlides:
    """The deck for ``session`` in ``language``.

    Raises :class:`~lika.newcomer_info.printing.PrintError` when no topic covers the session's modules,
    when a topic has no published translation in ``language``, or when there is no channel to lead through.
    """
    if language not in {code for code, _name in settings.LANGUAGES}:
        raise printing.PrintError(_("Lika has no pages in the language %(language)s.") % {"language": language})
    topics = civic_topics(session.modules)
    if not topics:
        raise printing.PrintError(_("No published Om Sverige topic covers the modules of this session."))
    channel = civic_channel()
    slides = [
        printing.topic_slide(page=page, channel=channel, language=language, where=session.place) for page in topics
    ]
    with translation.override(language):
        return {
            "language": language,
            "direction": printing._direction(language),
            "site": printing.SITE_NAME,
            "title": _("Civic introduction"),
            "subtitle": f"{session.place}, {session.held_on.isoformat()}",
            "modules_heading": _("Today we talk about"),
            "modules": [str(CivicModule(module).label) for module in session.modules if module in CivicModule.values],
            "slides": slides,
        }


def civic_slides_pdf(*, session: CivicSession, language: str) -> bytes:
    """The deck as a PDF/UA-1 file of 16:9 pages, for the presenter's screen."""
    layout = civic_slides_layout(session=session, language=language)
    return pdf_render(template="civic_slides.typ", data=layout, language=language, title=layout["title"])
