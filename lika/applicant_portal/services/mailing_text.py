"""What a mailing's message says to its reader, in the reader's language (see services/mailings.py)."""

from __future__ import annotations

from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from lika.applicant_portal.models import Mailing
from lika.applicant_portal.services.messages import public_base_url
from lika.newcomer_info.selectors import translation_for_reader


def follow_url(mailing: Mailing) -> str:
    """The address in the message: Min Sida's own, which notes that the reader followed it, then moves on."""
    return f"{public_base_url()}{reverse('applicant_portal:mailing_follow', args=[mailing.pk])}"


def mailing_text(mailing: Mailing, language: str) -> tuple[str, str]:
    """The subject and body a reader of ``language`` gets: the topic in their language where it is published,
    else in English, else in Swedish."""
    page = translation_for_reader(mailing.topic, language)
    topic = page.specific if page is not None else mailing.topic
    with translation.override(language):
        subject = _("Information for you: %(title)s") % {"title": topic.title}
        paragraphs = [
            _("The Swedish Migration Agency thinks that this page of Om Sverige can be useful to you."),
            str(getattr(topic, "summary", "")),
            _("Read it in your language:"),
            follow_url(mailing),
            _("You get this message because of your residence permit. It is sent to you only."),
        ]
    return subject, "\n\n".join(paragraph for paragraph in paragraphs if paragraph)
