"""The strategist's and the manager's forms. Each carries a reason, which the audit trail keeps."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from lika.plan.models import Agency, Area, Direction, LinkKind, Measure, MeasureStatus, PlanIndicator, Scope

REASON_HELP = _("Why you make this change; it is kept with the measure's history.")


class MeasureForm(forms.Form):
    area = forms.ModelChoiceField(label=_("Development area"), queryset=Area.objects.all())
    code = forms.CharField(label=_("Number"), max_length=20, help_text=_("Such as 1.3"))
    scope = forms.ChoiceField(label=_("Plan"), choices=Scope.choices)
    agency = forms.ModelChoiceField(label=_("Responsible agency"), queryset=Agency.objects.all())
    text = forms.CharField(label=_("Measure"), widget=forms.Textarea(attrs={"rows": 3}))
    text_en = forms.CharField(label=_("Measure in English"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    owner = forms.CharField(label=_("Owner (unit)"), max_length=200, required=False)
    start = forms.DateField(label=_("Start"), required=False, help_text=_("YYYY-MM-DD"))
    end = forms.DateField(label=_("End"), required=False, help_text=_("YYYY-MM-DD"))
    status = forms.ChoiceField(label=_("Status"), choices=MeasureStatus.choices)
    reason_text = forms.CharField(
        label=_("Why it is not pursued"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text=_("Needed when the status is 'not pursued'; the report's appendix shows it."),
    )
    reason_text_en = forms.CharField(
        label=_("Why it is not pursued, in English"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    reason = forms.CharField(label=_("Reason for the change"), max_length=500, help_text=REASON_HELP)

    # The service names the measure's reason "reason"; the form's "reason" is why the change is made.
    RENAME = {"reason": "reason_text", "reason_en": "reason_text_en"}

    @staticmethod
    def initial_of(measure: Measure) -> dict[str, Any]:
        return {
            "area": measure.area_id,
            "code": measure.code,
            "scope": measure.scope,
            "agency": measure.agency_id,
            "text": measure.text,
            "text_en": measure.text_en,
            "owner": measure.owner,
            "start": measure.start,
            "end": measure.end,
            "status": measure.status,
            "reason_text": measure.reason,
            "reason_text_en": measure.reason_en,
        }

    def values(self) -> dict[str, Any]:
        """The measure's fields as the service names them."""
        data = dict(self.cleaned_data)
        data.pop("reason")
        data["reason"] = data.pop("reason_text")
        data["reason_en"] = data.pop("reason_text_en")
        return data


class MeasureYearForm(forms.Form):
    text = forms.CharField(label=_("What was done this year"), widget=forms.Textarea(attrs={"rows": 4}))
    text_en = forms.CharField(
        label=_("What was done this year, in English"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    reason = forms.CharField(label=_("Reason for the change"), max_length=500, help_text=REASON_HELP)


class NarrativeForm(forms.Form):
    text = forms.CharField(
        label=_("Text"),
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text=_("Plain words. An empty line starts a new paragraph. Every save is kept as a version."),
    )
    reason = forms.CharField(label=_("What you changed"), max_length=500, initial="")


class ApproveForm(forms.Form):
    reason = forms.CharField(
        label=_("Decision note"),
        max_length=500,
        help_text=_("Such as the meeting or the decision where the report was approved."),
    )
    confirm = forms.BooleanField(
        label=_("I have read the report in Swedish and English, and approve it. It is then frozen.")
    )


class MeasureLinkForm(forms.Form):
    kind = forms.ChoiceField(label=_("What it is"), choices=LinkKind.choices)
    target = forms.CharField(
        label=_("Which one"),
        max_length=200,
        help_text=_(
            "An indicator's code, a survey's, activity's or channel's number, or an address in Lika beginning with /."
        ),
    )
    label = forms.CharField(label=_("Label"), max_length=200)
    label_en = forms.CharField(label=_("Label in English"), max_length=200, required=False)
    reason = forms.CharField(label=_("Reason for the change"), max_length=500, help_text=REASON_HELP)


class PlanIndicatorForm(forms.Form):
    area = forms.ModelChoiceField(label=_("Development area"), queryset=Area.objects.all())
    code = forms.ChoiceField(label=_("Indicator in the follow-up"), choices=())
    measure = forms.ModelChoiceField(
        label=_("Measure it follows (if one)"), queryset=Measure.objects.all(), required=False
    )
    baseline = forms.DecimalField(label=_("Baseline"), max_digits=12, decimal_places=1, required=False)
    baseline_year = forms.IntegerField(label=_("Baseline year"), min_value=2000, max_value=2100, required=False)
    target = forms.DecimalField(label=_("Target"), max_digits=12, decimal_places=1, required=False)
    target_year = forms.IntegerField(label=_("Target year"), min_value=2000, max_value=2100, required=False)
    direction = forms.ChoiceField(label=_("Progress is"), choices=Direction.choices)
    note = forms.CharField(
        label=_("Where the baseline comes from"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    note_en = forms.CharField(
        label=_("Where the baseline comes from, in English"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    reason = forms.CharField(label=_("Reason for the change"), max_length=500)

    def __init__(self, *args: Any, choices: list[tuple[str, str]], fixed: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast("forms.ChoiceField", self.fields["code"]).choices = choices
        if fixed:
            # An indicator stays on its area; attach it anew to follow another.
            self.fields["area"].disabled = True
            self.fields["code"].disabled = True

    @staticmethod
    def initial_of(indicator: PlanIndicator) -> dict[str, Any]:
        names = ("baseline", "baseline_year", "target", "target_year", "direction", "note", "note_en")
        return {name: getattr(indicator, name) for name in names} | {
            "area": indicator.area_id,
            "code": indicator.code,
            "measure": indicator.measure_id,
        }
