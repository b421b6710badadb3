"""A partner organisation's poster and leaflet: Om Sverige through the partner's own channel.

Municipalities, county boards and civil-society organisations pass Om Sverige on (report 2.4). Each
partner's posters and leaflets carry its own channel's QR code and short address, so that the visits
they bring are counted as the partner's. They are made in every language Om Sverige is published in,
and name those languages, each in its own script. Like the letter, they hold no name and no
per-person code.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from lika.documents.layouts import LanguageName, PartnerMaterial
from lika.documents.rendering import pdf_render
from lika.newcomer_info import printing
from lika.newcomer_info.models import Channel, ChannelKind

# Each kind of material and its Typst layout: a poster for a notice board, a leaflet to hand out.
TEMPLATES = {"poster": "partner_poster.typ", "leaflet": "partner_leaflet.typ"}


def material_url(channel: Channel, language: str) -> str:
    """Where the code leads: the partner's channel, in the material's language unless that is Swedish.

    A poster in Arabic is read by someone who wants the pages in Arabic; a Swedish one hangs for
    everyone, so the reader's phone chooses the language.
    """
    url = printing.public_url(channel.short_path)
    if language == settings.LANGUAGE_CODE:
        return url
    return url + "?" + urlencode({"lang": language})


def partner_material_layout(*, channel: Channel, language: str) -> PartnerMaterial:
    """The poster's and the leaflet's text in ``language`` for the partner's channel ``channel``.

    Raises :class:`~lika.newcomer_info.printing.PrintError` for a channel that is not an active
    partner's channel, or a language Om Sverige is not published in.
    """
    printing.check_channel(channel, ChannelKind.PARTNER)
    published = printing.published_languages()
    if language not in published:
        names = dict(settings.LANGUAGES)
        raise printing.PrintError(
            _(
                "Om Sverige is not published in %(language)s, so there is no material in it; choose one of: %(languages)s."
            )
            % {
                "language": names.get(language, language),
                "languages": ", ".join(str(names[code]) for code in published) or "—",
            }
        )
    url = material_url(channel, language)
    languages: list[LanguageName] = [
        {
            "code": code,
            "name": str(translation.get_language_info(code)["name_local"]),
            "direction": printing._direction(code),
        }
        for code in published
    ]
    partner = channel.organisation.name if channel.organisation is not None else channel.name
    with translation.override(language):
        return {
            "language": language,
            "direction": printing._direction(language),
            "title": _("New in Sweden? Read about life here, in your language"),
            "text": _(
                "Work, Swedish courses, preschool, your rights and where to get help: Om Sverige explains it in "
                "plain words. Free, and you do not need to log in."
            ),
            "site": printing.SITE_NAME,
            "languages_heading": _("The pages are in:"),
            "languages": languages,
            "scan": _("Scan the code with your phone's camera."),
            "type_address": _("Or write this address in your web browser:"),
            "short_address": printing.address_as_printed(printing.public_url(channel.short_path)),
            "qr": printing.qr_code(url, alt=_("QR code that leads to %(address)s") % {"address": url}),
            "topics_heading": _("What you can read about"),
            "topics": printing._topic_titles(language),
            "privacy_heading": _("Nobody sees who you are"),
            "privacy": _(
                "The code is the same for everyone. We count how many people visit the pages, but we do not know "
                "who they are."
            ),
            "sender": _("Swedish Migration Agency together with %(partner)s") % {"partner": partner},
        }


def partner_material_pdf(*, channel: Channel, language: str, kind: str) -> bytes:
    """The poster (A4) or the leaflet (A5, two pages) as a PDF/UA-1 file; ``kind`` is "poster" or "leaflet"."""
    if kind not in TEMPLATES:
        raise printing.PrintError(_("There is no material of the kind %(kind)s.") % {"kind": kind})
    layout = partner_material_layout(channel=channel, language=language)
    return pdf_render(template=TEMPLATES[kind], data=layout, language=language, title=layout["title"])
