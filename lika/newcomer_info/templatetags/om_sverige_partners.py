"""Om Sverige's sections of the partners part's pages: a partner's channel, posters and leaflets, and the
civic introduction's slides.

The partners part knows nothing of channels or topics (its import contract forbids it); its pages load
these tags, which ask Om Sverige and render the sections with their links.
"""

from __future__ import annotations

from typing import Any

from django import template

from lika.newcomer_info import civic_slides, printing
from lika.newcomer_info.models import Channel, ChannelKind

register = template.Library()


@register.inclusion_tag("newcomer_info/staff/partner_material.html", takes_context=True)
def partner_material(context: template.Context, organisation: Any) -> dict[str, Any]:
    """The organisation's active partner channel with its poster and leaflet in each published language."""
    channel = (
        Channel.objects.filter(organisation=organisation, kind=ChannelKind.PARTNER, active=True)
        .order_by("code")
        .first()
    )
    return {
        "organisation": organisation,
        "channel": channel,
        "address": printing.address_as_printed(printing.public_url(channel.short_path)) if channel else "",
        "languages": printing.published_languages() if channel else [],
        "perms": context.get("perms"),
    }


@register.inclusion_tag("newcomer_info/staff/civic_slides_links.html")
def civic_slides_links(session: Any) -> dict[str, Any]:
    """Links to the presenter's slides for a civic-introduction session, in each language a presenter may want."""
    return {"session": session, "languages": civic_slides.civic_slides_languages(session)}
