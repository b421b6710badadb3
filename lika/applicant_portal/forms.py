"""Forms for Min Sida's messages and the staff reply page. Files are read from ``request.FILES`` by the views."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from lika.applicant_portal.services.messages import BODY_MAX_LENGTH, SUBJECT_MAX_LENGTH


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


# Min Sida's own words for an empty field: Django's generic message has no Dari, Tigrinya or Somali.
_WRITE_A_SUBJECT = {"required": _("Write a subject.")}
_WRITE_A_MESSAGE = {"required": _("Write a message.")}


class ThreadStartForm(forms.Form):
    subject = forms.CharField(label=_("Subject"), max_length=SUBJECT_MAX_LENGTH, error_messages=_WRITE_A_SUBJECT)
    body = forms.CharField(
        label=_("Message"),
        max_length=BODY_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages=_WRITE_A_MESSAGE,
    )
    attachments = _attachments_field()


class ReplyForm(forms.Form):
    body = forms.CharField(
        label=_("Your answer"),
        max_length=BODY_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages=_WRITE_A_MESSAGE,
    )
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
