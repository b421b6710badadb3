"""Forms of the partners screens. They parse input; the services decide."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from lika.partners.models import (
    ActivityKind,
    CivicModule,
    CooperationBasis,
    Enrolment,
    Organisation,
    OrganisationKind,
)
from lika.people.models import Person

_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
_TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
_DATE_HELP = _("For example 2026-09-14.")
_LANGUAGE_HELP = _("Language codes separated by commas, such as ar, ti, prs.")


def words_split(value: str) -> list[str]:
    """The words (language codes, dossier numbers) in ``value``, with commas, semicolons or spaces between them.

    >>> words_split("ar, ti  prs")
    ['ar', 'ti', 'prs']
    """
    return [code for code in re.split(r"[\s,;]+", value.strip()) if code]


class OrganisationFilterForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=[("", _("All kinds")), *OrganisationKind.choices], required=False)
    q = forms.CharField(label=_("Name or code"), required=False, max_length=100)


class OrganisationForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=OrganisationKind.choices)
    name = forms.CharField(label=_("Name"), max_length=200)
    official_code = forms.CharField(
        label=_("Official code"),
        max_length=4,
        required=False,
        help_text=_("Municipalities and county boards only: Statistics Sweden's code, such as 1280 or 12."),
    )
    county_code = forms.CharField(
        label=_("County code"),
        max_length=2,
        required=False,
        help_text=_("The county the organisation works in, such as 12 for Skåne. Optional."),
    )
    cooperation_basis = forms.ChoiceField(label=_("Basis of cooperation"), choices=CooperationBasis.choices)
    cooperation_note = forms.CharField(
        label=_("About the cooperation"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class CooperationForm(forms.Form):
    cooperation_basis = forms.ChoiceField(label=_("Basis of cooperation"), choices=CooperationBasis.choices)
    cooperation_note = forms.CharField(
        label=_("About the cooperation"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    reason = forms.CharField(
        label=_("Why you make this change"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Kept in the audit trail."),
    )


class ContactForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    role = forms.CharField(label=_("Role"), max_length=200, required=False)
    email = forms.EmailField(label=_("E-mail address"), required=False)
    phone = forms.CharField(label=_("Telephone"), max_length=40, required=False)


class DialogueForm(forms.Form):
    held_on = forms.DateField(label=_("Held on"), widget=_DATE, help_text=_DATE_HELP)
    topics = forms.CharField(label=_("Topics"), widget=forms.Textarea(attrs={"rows": 3}))
    agreed = forms.CharField(label=_("What was agreed"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    follow_up_on = forms.DateField(label=_("Follow up on"), required=False, widget=_DATE, help_text=_DATE_HELP)


class ActivityForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=ActivityKind.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    provider = forms.ModelChoiceField(
        label=_("Provider"),
        queryset=Organisation.objects.exclude(kind=OrganisationKind.MUNICIPALITY).order_by("name"),
        help_text=_("The county board, organisation or reception centre that runs it."),
    )
    place = forms.CharField(label=_("Place"), max_length=200)
    languages = forms.CharField(label=_("Languages"), max_length=100, help_text=_LANGUAGE_HELP)
    childcare = forms.BooleanField(label=_("Childcare is offered during the sessions"), required=False)
    times = forms.CharField(label=_("Times"), max_length=200, help_text=_("For example: Tuesdays and Thursdays 10–12."))
    capacity = forms.IntegerField(label=_("Places"), min_value=1)
    open_for_sign_up = forms.BooleanField(label=_("People can sign up themselves in Min Sida"), required=False)

    def clean_languages(self) -> list[str]:
        return words_split(self.cleaned_data["languages"])


class SessionForm(forms.Form):
    day = forms.DateField(label=_("Day"), widget=_DATE, help_text=_DATE_HELP)
    starts_at = forms.TimeField(label=_("Starts at"), widget=_TIME)
    ends_at = forms.TimeField(label=_("Ends at"), widget=_TIME)


class PersonField(forms.CharField):
    """A person named by their dossier number."""

    def clean(self, value: Any) -> Person | None:
        text = str(super().clean(value) or "").strip()
        if not text:
            return None
        person = Person.objects.filter(dossier_number=text).first()
        if person is None:
            raise forms.ValidationError(_("No person has the dossier number %(number)s.") % {"number": text})
        return person


class EnrolmentForm(forms.Form):
    person = PersonField(label=_("Dossier number"), max_length=10)
    enrol = forms.TypedChoiceField(
        label=_("What you do"),
        choices=[("yes", _("Enrol: the person takes a place")), ("no", _("Refer: offer the activity"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        initial="yes",
    )


class AttendanceForm(forms.Form):
    """One checkbox per enrolled person: ticked when they came."""

    def __init__(self, *args: Any, enrolments: list[Enrolment], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["present"] = forms.TypedMultipleChoiceField(
            label=_("Present"),
            choices=[(str(e.pk), str(e.person)) for e in enrolments],
            coerce=int,
            required=False,
            widget=forms.CheckboxSelectMultiple,
        )


class CivicSessionForm(forms.Form):
    held_on = forms.DateField(label=_("Held on"), widget=_DATE, help_text=_DATE_HELP)
    place = forms.CharField(label=_("Place"), max_length=200)
    organiser = forms.ModelChoiceField(
        label=_("Reception centre or organiser"),
        queryset=Organisation.objects.exclude(kind=OrganisationKind.MUNICIPALITY).order_by("name"),
        required=False,
    )
    language = forms.CharField(label=_("Language"), max_length=12, help_text=_("A code such as sv, ar or ti."))
    interpreter_language = forms.CharField(
        label=_("Interpreted into"), max_length=12, required=False, help_text=_("Empty when there is no interpreter.")
    )
    modules = forms.MultipleChoiceField(
        label=_("Modules given"), choices=CivicModule.choices, widget=forms.CheckboxSelectMultiple
    )


class InviteForm(forms.Form):
    dossier_numbers = forms.CharField(
        label=_("Dossier numbers"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One or more, separated by commas or new lines."),
    )

    def clean_dossier_numbers(self) -> list[Person]:
        numbers = list(dict.fromkeys(words_split(self.cleaned_data["dossier_numbers"])))
        found = {p.dossier_number: p for p in Person.objects.filter(dossier_number__in=numbers)}
        missing = [n for n in numbers if n not in found]
        if missing:
            raise forms.ValidationError(
                _("No person has the dossier number %(numbers)s.") % {"numbers": ", ".join(missing)}
            )
        return [found[n] for n in numbers]


class CivicAttendanceForm(forms.Form):
    def __init__(self, *args: Any, invitations: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["attended"] = forms.TypedMultipleChoiceField(
            label=_("Took part"),
            choices=[(str(i.pk), str(i.person)) for i in invitations],
            coerce=int,
            required=False,
            widget=forms.CheckboxSelectMultiple,
        )


class SharedToolForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    description = forms.CharField(label=_("What it is for"), widget=forms.Textarea(attrs={"rows": 3}))
    address = forms.URLField(label=_("Address"), max_length=500, assume_scheme="https")
    languages = forms.CharField(label=_("Languages"), max_length=200, required=False)
    active = forms.BooleanField(label=_("Shared now"), required=False, initial=True)
    reason = forms.CharField(label=_("Reason"), max_length=200)
