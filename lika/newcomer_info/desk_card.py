"""The desk card of a staff-referral channel: service-office staff point newcomers to Om Sverige with it.

An A6 card with the channel's QR code and short address, and the languages the pages are published in,
each named in its own script; every visit through it counts as a referral by staff at that office. Staff
print it in Swedish or English.
"""

from __future__ import annotations

from django.utils import translation
from django.utils.translation import gettext as _

from lika.documents.layouts import DeskCard, LanguageName
from lika.documents.rendering import pdf_render
from lika.newcomer_info import printing
from lika.newcomer_info.models import Channel, ChannelKind

DESK_CARD_LANGUAGES = ("sv", "en")


def desk_card_layout(*, channel: Channel, language: str) -> DeskCard:
    """The desk card of the ``staff_referral`` channel ``channel`` in ``language`` (sv or en).

    Staff at a service office point a newcomer to Om Sverige; the card on the desk carries the channel's
    code, so that every visit it brings is counted as a referral by staff at that office.
    """
    printing.check_channel(channel, ChannelKind.STAFF_REFERRAL)
    if language not in DESK_CARD_LANGUAGES:
        raise printing.PrintError(
            _("The card is written in Swedish and English only; %(language)s is not one of them.")
            % {"language": language}
        )
    url = printing.public_url(channel.short_path)
    languages: list[LanguageName] = [
        {
            "code": code,
            "name": str(translation.get_language_info(code)["name_local"]),
            "direction": printing._direction(code),
        }
        for code in printing.published_languages()
    ]
    with translation.override(language):
        return {
            "language": language,
            "direction": printing._direction(language),
            "title": _("Read about life in Sweden, in your language"),
            "text": _(
                "Work, Swedish courses, preschool, your rights and where to get help: Om Sverige explains it in "
                "plain words. Free, and you do not need to log in."
            ),
            "site": printing.SITE_NAME,
            "languages_heading": _("The pages are in:"),
            "languages": languages,
            "scan": _("Scan the code with your phone's camera."),
            "short_address": printing.address_as_printed(url),
            "qr": printing.qr_code(url, alt=_("QR code that leads to %(address)s") % {"address": url}),
            "sender": " · ".join(part for part in (_("Swedish Migration Agency"), channel.office) if part),
        }


def desk_card_pdf(*, channel: Channel, language: str) -> bytes:
    """The desk card as a PDF/UA-1 file (A6 landscape)."""
    layout = desk_card_layout(channel=channel, language=language)
    return pdf_render(template="desk_card.typ", data=layout, language=language, title=layout["title"])
