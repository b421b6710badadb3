"""The building blocks editors put Om Sverige's pages together from.

Few on purpose: headings, paragraphs and lists, a highlighted fact, and links to the authority that
serves a topic. Every block renders to plain, accessible HTML; headings below the page title start
at level 2 so that the outline stays correct whatever an editor chooses.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from wagtail import blocks

# Rich text offers what plain language needs and nothing that would break the page outline or the
# print view: no headings inside paragraphs (use the heading block), no images, no embeds.
RICH_TEXT_FEATURES = ["bold", "italic", "link", "ol", "ul"]


class HeadingBlock(blocks.CharBlock):
    class Meta:
        icon = "title"
        label = _("Heading")
        template = "newcomer_info/blocks/heading.html"


class AuthorityLinkBlock(blocks.StructBlock):
    """A link to the authority or organisation that serves the topic, with what the reader finds there."""

    name = blocks.CharBlock(label=_("Who"), help_text=_("The authority or organisation, e.g. Arbetsförmedlingen."))
    url = blocks.URLBlock(label=_("Address"))
    description = blocks.CharBlock(
        label=_("What you find there"), required=False, help_text=_("One short sentence in plain words.")
    )

    class Meta:
        icon = "link-external"
        label = _("Link to an authority")
        template = "newcomer_info/blocks/authority_link.html"


class FactBlock(blocks.StructBlock):
    """A short fact that stands out, such as a phone number that is open day and night."""

    title = blocks.CharBlock(label=_("Title"))
    text = blocks.RichTextBlock(label=_("Text"), features=RICH_TEXT_FEATURES)

    class Meta:
        icon = "info-circle"
        label = _("Highlighted fact")
        template = "newcomer_info/blocks/fact.html"


class BodyBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(label=_("Text"), features=RICH_TEXT_FEATURES)
    fact = FactBlock()


class AuthorityLinksBlock(blocks.StreamBlock):
    authority = AuthorityLinkBlock()


class InaccessibleContentBlock(blocks.StructBlock):
    """One part of the site that does not meet the requirements, and why (Digg's model statement)."""

    description = blocks.TextBlock(label=_("What does not work, and for whom"))
    reason = blocks.ChoiceBlock(
        label=_("Why"),
        choices=[
            ("non_compliance", _("Not yet fixed (lack of compliance)")),
            ("disproportionate_burden", _("Disproportionate burden")),
            ("outside_scope", _("Outside the scope of the law")),
        ],
    )
    planned_fix = blocks.CharBlock(label=_("When it will be fixed"), required=False)

    class Meta:
        icon = "warning"
        label = _("Content that is not accessible")
