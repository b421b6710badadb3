"""The forms of Min Sida's staff pages (the mailings); staff read them in Swedish or English."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from lika.newcomer_info.models import TopicPage
from lika.people.models import PermitGround


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
