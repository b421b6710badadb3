"""The Om Sverige part of a partner organisation's page: its channel, posters and leaflets.

The partners part knows nothing of channels (its import contract forbids it); its organisation page
loads this tag, which asks Om Sverige for the organisation's channel and the languages the pages are
published in, and renders the section with its links.
"""

from __future__ import annotations

from typing import Any

from django import template

from lika.newcomer_info import printing
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
