from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from lika.people.models import Sex


def _countries() -> list[tuple[str, str]]:
    return [(code, str(name)) for code, name in countries]


def _citizenships() -> list[tuple[str, str]]:
    return [("", str(_("Not known"))), *_countries()]


class PersonSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search"), required=False, max_length=100, help_text=_("Dossier number, personal number or name.")
    )


class PersonCreateForm(forms.Form):
    dossier_number = forms.CharField(label=_("Dossier number"), max_length=10)
    given_name = forms.CharField(label=_("Given name"), max_length=100)
    family_name = forms.CharField(label=_("Family name"), max_length=100)
    birth_date = forms.DateField(
        label=_("Date of birth"), help_text=_("For example 1990-05-31."), widget=forms.DateInput(attrs={"type": "date"})
    )
    sex = forms.ChoiceField(label=_("Sex as recorded"), choices=Sex.choices, widget=forms.RadioSelect)
    country_of_birth = forms.ChoiceField(label=_("Country of birth"), choices=_countries)
    citizenship = forms.ChoiceField(label=_("Citizenship"), choices=_citizenships, required=False)
    preferred_language = forms.CharField(
        label=_("Preferred language"), max_length=12, help_text=_("A language code such as sv, ar, ti or prs.")
    )
    personal_number = forms.CharField(
        label=_("Personal or coordination number"),
        max_length=13,
        required=False,
        help_text=_("Leave empty if the person has none."),
    )
    protected_identity = forms.BooleanField(label=_("Protected identity"), required=False)
    reason = forms.CharField(
        label=_("Why you register this person"), widget=forms.Textarea(attrs={"rows": 2}), max_length=500
    )
