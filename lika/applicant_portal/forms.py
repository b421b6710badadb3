"""Forms for Min Sida's messages and the staff reply page. Files are read from ``request.FILES`` by the views."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from lika.applicant_portal.services.messages import BODY_MAX_LENGTH, SUBJECT_MAX_LENGTH
from lika.newcomer_info.models import TopicPage
from lika.people.models import PermitGround


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """A file input that accepts several files; their content is checked by the messages service."""

    def clean(self, data: object, initial: object = None) -> object:
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(item, initial) for item in data]
        return super().clean(data, initial)


def _attachments_field() -> forms.FileField:
    # The views read every file from request.FILES.getlist("attachments"); this field renders the input.
    return MultipleFileField(
        label=_("Attachments (PDF, PNG or JPEG)"),
        required=False,
        widget=MultipleFileInput(attrs={"accept": "application/pdf,image/png,image/jpeg"}),
    )


class ThreadStartForm(forms.Form):
    subject = forms.CharField(label=_("Subject"), max_length=SUBJECT_MAX_LENGTH)
    body = forms.CharField(label=_("Message"), max_length=BODY_MAX_LENGTH, widget=forms.Textarea(attrs={"rows": 8}))
    attachments = _attachments_field()


class ReplyForm(forms.Form):
    body = forms.CharField(label=_("Your answer"), max_length=BODY_MAX_LENGTH, widget=forms.Textarea(attrs={"rows": 6}))
    attachments = _attachments_field()


class StaffMessageForm(forms.Form):
    subject = forms.CharField(
        label=_("Subject"),
        max_length=SUBJECT_MAX_LENGTH,
        required=False,
        help_text=_("Only for a new conversation."),
    )
    body = forms.CharField(label=_("Message"), max_length=BODY_MAX_LENGTH, widget=forms.Textarea(attrs={"rows": 6}))
    answer_by = forms.DateField(
        label=_("Ask for an answer by"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    attachments = _attachments_field()
    reason = forms.CharField(label=_("Reason"), max_length=200)


class ContactAddForm(forms.Form):
    value = forms.CharField(
        label=_("Mobile phone number or e-mail address"),
        max_length=254,
        help_text=_(
            "The person's own. A Swedish mobile number may start with 07; other numbers with + and the country code."
        ),
    )
    reason = forms.CharField(label=_("Reason"), max_length=200, initial=_("For logging in to Min Sida"))


class ContactCheckForm(forms.Form):
    code = forms.CharField(
        label=_("The code the person reads to you"),
        max_length=12,
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "numeric"}),
    )


class MailingForm(forms.Form):
    """A mailing's topic and group: everyone granted a permit on one ground within a period."""

    title = forms.CharField(
        label=_("Name of the mailing"), max_length=100, help_text=_("For staff only; recipients never see it.")
    )
    topic = forms.ModelChoiceField(label=_("Om Sverige topic"), queryset=TopicPage.objects.none(), empty_label=None)
    ground = forms.ChoiceField(label=_("Granted a permit on"), choices=PermitGround.choices, widget=forms.RadioSelect)
    granted_from = forms.DateField(
        label=_("Granted from"), help_text=_("For example 2026-07-01."), widget=forms.DateInput(attrs={"type": "date"})
    )
    granted_to = forms.DateField(
        label=_("Granted to"), help_text=_("For example 2026-09-30."), widget=forms.DateInput(attrs={"type": "date"})
    )
    reason = forms.CharField(label=_("Reason"), max_length=200)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The topics in the source language; each reader gets their own language's version.
        field = cast("forms.ModelChoiceField[TopicPage]", self.fields["topic"])
        field.queryset = TopicPage.objects.live().filter(locale__language_code=settings.LANGUAGE_CODE).order_by("path")


class MailingSendForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=200)
