"""The forms of the Min Sida login.

Each field says in Min Sida's own words what is missing: Django's generic messages have no
catalogue in some of Min Sida's languages (Dari, Tigrinya, Somali) and would show in English.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class CodeRequestForm(forms.Form):
    contact = forms.CharField(
        label=_("Mobile number or e-mail address"),
        max_length=254,
        help_text=_("The one the agency has checked with you. We send a code to it."),
        error_messages={"required": _("Write your mobile number or e-mail address.")},
        widget=forms.TextInput(attrs={"autocomplete": "username"}),
    )


class CodeVerifyForm(forms.Form):
    code = forms.CharField(
        label=_("Code"),
        max_length=12,
        help_text=_("Six digits, from the message from Lika."),
        error_messages={"required": _("Write the code from the message.")},
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )
