"""Communicators download the permit-card letter and office-screen slides (``/om-sverige-tryck/``).

The page lists what can be made; two plain GET forms ask for the rest and return the file. A choice
that cannot be made (a page without a translation, an inactive channel, a channel of the wrong kind)
shows the page again with the reason beside the field at fault.
"""

from __future__ import annotations

import logging
from typing import Any, cast

from django import forms
from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from lika.accounts.access import staff_view
from lika.documents.rendering import DocumentRenderError
from lika.newcomer_info import civic_slides, printing
from lika.newcomer_info.content import om_sverige_start_page
from lika.newcomer_info.models import Channel, ChannelKind, TopicPage
from lika.partners.models import CivicSession

logger = logging.getLogger(__name__)

PERMISSION = "newcomer_info.view_channel"
FORMATS = (("png", _("Picture (PNG, 1920 × 1080)")), ("pdf", _("PDF")))


def _channel_choices(kind: ChannelKind) -> list[tuple[str, str]]:
    channels = Channel.objects.filter(kind=kind, active=True).order_by("code")
    return [(c.code, f"{c.short_path} – {c.office or c.name}") for c in channels]


def _clean_channel(code: str, kind: ChannelKind) -> Channel:
    channel = Channel.objects.filter(code=code).first()
    if channel is None:
        raise forms.ValidationError(gettext("There is no channel with the code %(code)s.") % {"code": code})
    try:
        printing.check_channel(channel, kind)
    except printing.PrintError as refusal:
        raise forms.ValidationError(str(refusal)) from refusal
    return channel


class LetterForm(forms.Form):
    """The letter channel and the language of the letter."""

    channel = forms.CharField(label=_("Letter channel"), widget=forms.Select)
    language = forms.ChoiceField(label=_("Language of the letter"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["channel"].widget.choices = _channel_choices(ChannelKind.PERMIT_LETTER)
        names = dict(settings.LANGUAGES)
        cast(forms.ChoiceField, self.fields["language"]).choices = [
            (code, names[code]) for code in printing.LETTER_LANGUAGES
        ]

    def clean_channel(self) -> Channel:
        return _clean_channel(self.cleaned_data["channel"], ChannelKind.PERMIT_LETTER)


class SlideForm(forms.Form):
    """The topic page, the office's screen channel, the language and the file type of a slide."""

    page = forms.TypedChoiceField(label=_("Page"), coerce=int)
    channel = forms.CharField(label=_("Office screen"), widget=forms.Select)
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES)
    format = forms.ChoiceField(label=_("File type"), choices=FORMATS, initial="png")

    def __init__(self, *args: Any, topics: list[TopicPage], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["page"]).choices = [(topic.pk, topic.title) for topic in topics]
        self.fields["channel"].widget.choices = _channel_choices(ChannelKind.OFFICE_SCREEN)
        self.topics = {topic.pk: topic for topic in topics}

    def clean_page(self) -> TopicPage:
        return self.topics[self.cleaned_data["page"]]

    def clean_channel(self) -> Channel:
        return _clean_channel(self.cleaned_data["channel"], ChannelKind.OFFICE_SCREEN)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        page, language = data.get("page"), data.get("language")
        if page is not None and language:
            try:
                printing.topic_translation(page, language)
            except printing.PrintError as refusal:
                self.add_error("language", str(refusal))
        return data


def _source_topics() -> list[TopicPage]:
    """The live topic pages in the source language (Swedish), in the start page's order."""
    start = om_sverige_start_page()
    if start is None:
        return []
    return list(TopicPage.objects.child_of(start).live().order_by("path"))


def _translated_languages(topics: list[TopicPage]) -> dict[int, list[str]]:
    """For each topic, the languages it has a live translation in, in the order of ``settings.LANGUAGES``."""
    keys = {topic.translation_key: topic.pk for topic in topics}
    found: dict[int, set[str]] = {topic.pk: set() for topic in topics}
    rows = (
        TopicPage.objects.live()
        .filter(translation_key__in=keys, alias_of__isnull=True)
        .values_list("translation_key", "locale__language_code")
    )
    for key, code in rows:
        found[keys[key]].add(code)
    names = dict(settings.LANGUAGES)
    return {pk: [str(names[code]) for code in names if code in codes] for pk, codes in found.items()}


def _index_page(
    request: HttpRequest, *, letter_form: LetterForm, slide_form: SlideForm, topics: list[TopicPage], status: int = 200
) -> HttpResponse:
    languages = _translated_languages(topics)
    context = {
        "letter_form": letter_form,
        "slide_form": slide_form,
        "letter_channels": Channel.objects.filter(kind=ChannelKind.PERMIT_LETTER).order_by("code"),
        "screen_channels": Channel.objects.filter(kind=ChannelKind.OFFICE_SCREEN).order_by("code"),
        "topics": [(topic, languages[topic.pk]) for topic in topics],
        "letter_languages": printing.LETTER_LANGUAGES,
        "base_url": printing.public_url(""),
    }
    return render(request, "newcomer_info/print/index.html", context, status=status)


@staff_view(PERMISSION)
@require_safe
def index(request: HttpRequest) -> HttpResponse:
    """Lists the letter channels, the office screens and the topics, with the forms that make the files."""
    topics = _source_topics()
    return _index_page(request, letter_form=LetterForm(), slide_form=SlideForm(topics=topics), topics=topics)


def _download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _render_failed(form: forms.Form, error: DocumentRenderError | printing.PrintError) -> None:
    # The layout or the data is at fault, not the choice made; the operator needs Typst's message too.
    logger.error("A printed way to Om Sverige could not be made: %s", error)
    form.add_error(None, gettext("The file could not be made: %(reason)s") % {"reason": error})


@staff_view(PERMISSION)
@require_safe
def letter(request: HttpRequest) -> HttpResponse:
    """Returns the permit-card letter as a PDF/UA-1 file, or the page with the reason it cannot be made."""
    topics = _source_topics()
    form = LetterForm(request.GET)
    if form.is_valid():
        channel: Channel = form.cleaned_data["channel"]
        language: str = form.cleaned_data["language"]
        try:
            pdf = printing.letter_pdf(channel=channel, language=language)
        except (printing.PrintError, DocumentRenderError) as error:
            _render_failed(form, error)
        else:
            return _download(pdf, "application/pdf", f"om-sverige-brev-{channel.code}-{language}.pdf")
    return _index_page(request, letter_form=form, slide_form=SlideForm(topics=topics), topics=topics, status=400)


@staff_view(PERMISSION)
@require_safe
def slide(request: HttpRequest) -> HttpResponse:
    """Returns a topic page as a 16:9 slide (PNG or PDF), or the page with the reason it cannot be made."""
    topics = _source_topics()
    form = SlideForm(request.GET, topics=topics)
    if form.is_valid():
        page: TopicPage = form.cleaned_data["page"]
        channel: Channel = form.cleaned_data["channel"]
        language: str = form.cleaned_data["language"]
        name = f"om-sverige-{channel.code}-{page.slug}-{language}"
        try:
            if form.cleaned_data["format"] == "pdf":
                return _download(
                    printing.slide_pdf(page=page, channel=channel, language=language), "application/pdf", f"{name}.pdf"
                )
            return _download(
                printing.slide_png(page=page, channel=channel, language=language), "image/png", f"{name}.png"
            )
        except (printing.PrintError, DocumentRenderError) as error:
            _render_failed(form, error)
    return _index_page(request, letter_form=LetterForm(), slide_form=form, topics=topics, status=400)


@staff_view("partners.view_civicsession")
@require_safe
def civic_slides_download(request: HttpRequest, session_id: int, language: str) -> HttpResponse:
    """The presenter's slides for a civic-introduction session, or its page with the reason they cannot be made."""
    session = get_object_or_404(CivicSession, pk=session_id)
    try:
        pdf = civic_slides.civic_slides_pdf(session=session, language=language)
    except printing.PrintError as refusal:
        messages.error(request, str(refusal))
        return redirect("partners:civic_detail", session_id=session.pk)
    except DocumentRenderError as error:
        logger.error("The civic introduction's slides could not be made: %s", error)
        messages.error(request, gettext("The file could not be made: %(reason)s") % {"reason": error})
        return redirect("partners:civic_detail", session_id=session.pk)
    return _download(pdf, "application/pdf", f"samhallsintroduktion-{session.held_on.isoformat()}-{language}.pdf")
