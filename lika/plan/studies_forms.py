"""The forms of the register of studies. The filter is a GET form that changes nothing; the others call a service."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy

from lika.people.models import Sex
from lika.plan.models.plan import Measure
from lika.plan.models.studies import (
    LANGUAGE_UNKNOWN,
    OWNER_MAX_LENGTH,
    TITLE_MAX_LENGTH,
    ConsentBasis,
    Method,
    Study,
    StudyStatus,
    age_band_choices,
)
from lika.plan.studies import STUDY_FIELDS, language_label

_ALL = [("", gettext_lazy("All"))]
_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
_DATE_HELP = gettext_lazy("For example 2026-03-01.")
# The languages studies most often meet; any other is written as its code in the last choice's place.
STUDY_LANGUAGES = ("sv", "en", "ar", "fa", "prs", "ps", "ti", "so", "ku", "am", "uk", "ru", "tr", "fr", "es")


class StudyFilterForm(forms.Form):
    method = forms.ChoiceField(label=gettext_lazy("Method"), choices=_ALL + Method.choices, required=False)
    status = forms.ChoiceField(label=gettext_lazy("Status"), choices=_ALL + StudyStatus.choices, required=False)


class StudyForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("Title"), max_length=TITLE_MAX_LENGTH)
    purpose = forms.CharField(
        label=gettext_lazy("Purpose"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy("What the study wants to learn, and what it may change."),
    )
    method = forms.ChoiceField(label=gettext_lazy("Method"), choices=Method.choices)
    start_date = forms.DateField(label=gettext_lazy("Start date"), widget=_DATE, help_text=_DATE_HELP)
    end_date = forms.DateField(
        label=gettext_lazy("End date"),
        widget=_DATE,
        required=False,
        help_text=gettext_lazy("Empty while the study goes on. For example 2026-06-30."),
    )
    owner = forms.CharField(
        label=gettext_lazy("Unit or owner"),
        max_length=OWNER_MAX_LENGTH,
        help_text=gettext_lazy("The unit or role responsible, not a participant."),
    )
    consent_basis = forms.ChoiceField(label=gettext_lazy("Consent basis"), choices=ConsentBasis.choices)
    consent_text = forms.CharField(
        label=gettext_lazy("How consent is asked and recorded"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy(
            "Who asks, in which language, whether an interpreter takes part, and where the consent is kept and for "
            "how long. Never names or dossier numbers."
        ),
    )
    findings = forms.CharField(
        label=gettext_lazy("Findings"),
        widget=forms.Textarea(attrs={"rows": 6}),
        required=False,
        help_text=gettext_lazy("What was learned, for women and men, and what it should change. Required when done."),
    )
    status = forms.ChoiceField(label=gettext_lazy("Status"), choices=StudyStatus.choices)
    measures = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Measures of the plan the findings informed"),
        queryset=Measure.objects.order_by("area__number", "code"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    reason = forms.CharField(label=gettext_lazy("Reason"), max_length=200)

    @staticmethod
    def initial_of(study: Study) -> dict[str, Any]:
        return {name: getattr(study, name) for name in STUDY_FIELDS} | {"measures": list(study.measures.all())}


def _language_choices() -> list[tuple[str, str]]:
    return [(code, f"{language_label(code)} ({code})") for code in STUDY_LANGUAGES] + [
        (LANGUAGE_UNKNOWN, language_label(LANGUAGE_UNKNOWN))
    ]


class ParticipantsForm(forms.Form):
    """One group of participants: how many of one sex, age band and language. A row left empty is skipped."""

    sex = forms.ChoiceField(label=gettext_lazy("Sex"), choices=[("", "—"), *Sex.choices], required=False)
    age_band = forms.ChoiceField(label=gettext_lazy("Age band"), required=False)
    language = forms.ChoiceField(label=gettext_lazy("Language"), required=False)
    count = forms.IntegerField(label=gettext_lazy("Number of participants"), min_value=1, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["age_band"].choices = [("", "—"), *age_band_choices()]  # type: ignore[attr-defined]
        self.fields["language"].choices = [("", "—"), *_language_choices()]  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        given = [name for name in ("sex", "age_band", "language", "count") if cleaned.get(name) not in (None, "")]
        if given and len(given) < len(self.fields):
            for name in ("sex", "age_band", "language", "count"):
                if cleaned.get(name) in (None, "") and name not in self.errors:
                    self.add_error(name, gettext_lazy("Fill in this too, or leave the whole group empty."))
        return cleaned

    def is_empty(self) -> bool:
        return all(self.cleaned_data.get(name) in (None, "") for name in ("sex", "age_band", "language", "count"))


EXTRA_GROUPS = 4

ParticipantsFormSet = forms.formset_factory(ParticipantsForm, extra=EXTRA_GROUPS, max_num=200, validate_max=True)


class ReasonForm(forms.Form):
    reason = forms.CharField(label=gettext_lazy("Reason"), max_length=200)
