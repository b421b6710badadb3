from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from django_stubs_ext import StrPromise

from lika.core.official_codes import official_codes
from lika.people.models import (
    AccommodationKind,
    ConversationChannel,
    ConversationTopic,
    DecisionOutcome,
    EligibilityBasis,
    GuardianKind,
    MemberRole,
    PartnershipKind,
    PermitGround,
    PermitKind,
    Person,
    Sex,
)


def _countries() -> list[tuple[str, str]]:
    return [(code, str(name)) for code, name in countries]


def _citizenships() -> list[tuple[str, str]]:
    return [("", str(_("Not known"))), *_countries()]


class PersonSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search"), required=False, max_length=100, help_text=_("Dossier number, personal number or name.")
    )
    # Filters for the registry's own list; other pages that search show only ``q``.
    sex = forms.ChoiceField(label=_("Sex as recorded"), choices=[("", _("Any")), *Sex.choices], required=False)
    in_lma = forms.BooleanField(label=_("Covered by LMA today"), required=False)


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


def _date(label: StrPromise, *, required: bool = True, help_text: StrPromise | str = "") -> forms.DateField:
    return forms.DateField(
        label=label, required=required, help_text=help_text, widget=forms.DateInput(attrs={"type": "date"})
    )


def _reason() -> forms.CharField:
    return forms.CharField(
        label=_("Why you make this change"), widget=forms.Textarea(attrs={"rows": 2}), max_length=500
    )


_OPEN_END = _("Leave empty while it goes on.")


class PersonUpdateForm(PersonCreateForm):
    """The fields of a person that :func:`lika.people.services.person_update` accepts; the dossier number stays."""

    reason = _reason()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["dossier_number"]


class LmaPeriodForm(forms.Form):
    basis = forms.ChoiceField(label=_("Basis"), choices=EligibilityBasis.choices, widget=forms.RadioSelect)
    start_date = _date(_("First day covered"))
    end_date = _date(_("Last day covered"), required=False, help_text=_OPEN_END)
    reason = _reason()


class AccommodationPeriodForm(forms.Form):
    kind = forms.ChoiceField(label=_("Accommodation"), choices=AccommodationKind.choices, widget=forms.RadioSelect)
    food_included = forms.BooleanField(label=_("Food included"), required=False)
    start_date = _date(_("From"))
    end_date = _date(_("Until"), required=False, help_text=_OPEN_END)
    reason = _reason()


def _municipality_choices() -> list[tuple[str, str]]:
    municipalities = official_codes().municipalities.values()
    return [("", "—")] + [(m.code, f"{m.name} ({m.code})") for m in sorted(municipalities, key=lambda m: m.name)]


class MunicipalityOfResidenceForm(forms.Form):
    """The municipality a person lives in from a day: the open period before it ends the day before."""

    municipality_code = forms.ChoiceField(
        label=_("Municipality"),
        choices=_municipality_choices,
        help_text=_("With Statistics Sweden's code, e.g. Malmö (1280)."),
    )
    start_date = _date(_("Lives there from"))
    reason = _reason()


class PeriodEndForm(forms.Form):
    end_date = _date(_("Last day"))
    reason = _reason()


class PermitApplicationForm(forms.Form):
    ground = forms.ChoiceField(label=_("Ground"), choices=PermitGround.choices, widget=forms.RadioSelect)
    submitted_on = _date(_("Submitted on"))
    reason = _reason()


class PermitDecisionForm(forms.Form):
    decided_on = _date(_("Decided on"))
    outcome = forms.ChoiceField(label=_("Outcome"), choices=DecisionOutcome.choices, widget=forms.RadioSelect)
    permit_kind = forms.ChoiceField(
        label=_("Permit granted"),
        choices=[("", _("None: not granted")), *PermitKind.choices],
        required=False,
        help_text=_("Only for a granted permit."),
    )
    valid_from = _date(_("Valid from"), required=False, help_text=_("Only for a granted permit."))
    valid_until = _date(_("Valid until"), required=False, help_text=_("Only for a temporary permit."))
    reason = _reason()


class HouseholdStartForm(forms.Form):
    start_date = _date(_("Member from"))
    reason = _reason()


class MemberAddForm(forms.Form):
    dossier_number = forms.CharField(
        label=_("Dossier number"), max_length=10, help_text=_("The dossier number of the person who joins.")
    )
    role = forms.ChoiceField(label=_("Role"), choices=MemberRole.choices, widget=forms.RadioSelect)
    start_date = _date(_("Member from"))
    reason = _reason()

    def clean_dossier_number(self) -> Person:
        number = self.cleaned_data["dossier_number"].strip()
        person = Person.objects.filter(dossier_number=number).first()
        if person is None:
            raise ValidationError(_("Nobody in the registry has this dossier number."))
        return person


class _MembersForm(forms.Form):
    """A form that chooses among the members of one household, adults or children by their role."""

    def __init__(self, *args: Any, household_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if isinstance(field, forms.ModelChoiceField):
                role = MemberRole.CHILD if name == "child" else MemberRole.ADULT
                field.queryset = Person.objects.filter(
                    memberships__household_id=household_id, memberships__role=role
                ).distinct()


def _member(label: StrPromise) -> forms.ModelChoiceField[Person]:
    return forms.ModelChoiceField(label=label, queryset=Person.objects.none(), empty_label=_("Choose"))


class PartnershipForm(_MembersForm):
    first = _member(_("Partner"))
    second = _member(_("Other partner"))
    kind = forms.ChoiceField(label=_("Kind"), choices=PartnershipKind.choices, widget=forms.RadioSelect)
    start_date = _date(_("From"))
    reason = _reason()


class GuardianshipForm(_MembersForm):
    child = _member(_("Child"))
    guardian = _member(_("Parent or guardian"))
    kind = forms.ChoiceField(label=_("Kind"), choices=GuardianKind.choices, widget=forms.RadioSelect)
    start_date = _date(_("From"), help_text=_("For a parent, usually the child's date of birth."))
    reason = _reason()


class PermitConversationForm(forms.Form):
    held_on = _date(_("Held on"))
    channel = forms.ChoiceField(label=_("How"), choices=ConversationChannel.choices, widget=forms.RadioSelect)
    language = forms.CharField(
        label=_("Language of the conversation"),
        max_length=12,
        help_text=_("A language code such as sv, ar, ti or prs."),
    )
    interpreter = forms.BooleanField(label=_("With an interpreter"), required=False)
    topics = forms.MultipleChoiceField(
        label=_("What the conversation covered"),
        choices=ConversationTopic.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Tick what was said. What is not ticked is recorded as not given."),
    )
    reason = _reason()
