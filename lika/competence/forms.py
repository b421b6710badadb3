"""The competence part's forms. Filters are GET forms that change nothing; the others call a service."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.models import Permission
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy

from lika.accounts.models import User
from lika.competence.exercises import EXERCISES
from lika.competence.models import (
    LINK_MAX_LENGTH,
    REFLECTION_MAX_LENGTH,
    TITLE_MAX_LENGTH,
    UNIT_CODE_MAX_LENGTH,
    Activity,
    Area,
    Audience,
    Format,
    MaterialLanguage,
    MeetingKind,
    Process,
    Subject,
    Unit,
)
from lika.people.models import Sex
from lika.treatment_survey.protocol.definition import BEHAVIOURS

_ALL = [("", gettext_lazy("All"))]
LEVEL_CHOICES = [(1, "1"), (2, "2"), (3, "3")]


class GuideFilterForm(forms.Form):
    subject = forms.ChoiceField(label=gettext_lazy("Subject area"), choices=_ALL + Subject.choices, required=False)
    process = forms.ChoiceField(
        label=gettext_lazy("Case-handling process"), choices=_ALL + Process.choices, required=False
    )
    format = forms.ChoiceField(label=gettext_lazy("Format"), choices=_ALL + Format.choices, required=False)


class ExerciseFilterForm(forms.Form):
    meeting = forms.ChoiceField(
        label=gettext_lazy("Kind of meeting"), choices=_ALL + MeetingKind.choices, required=False
    )
    behaviour = forms.ChoiceField(label=gettext_lazy("Behaviour the survey observes"), required=False)

    def __init__(self, *args: Any, language: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["behaviour"].choices = _ALL + [  # type: ignore[attr-defined]
            (b.name, b.short.get(language)) for b in BEHAVIOURS
        ]


class ActivityForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("Title"), max_length=TITLE_MAX_LENGTH)
    description = forms.CharField(
        label=gettext_lazy("Description"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy("A few plain sentences: what one learns and how."),
    )
    format = forms.ChoiceField(label=gettext_lazy("Format"), choices=Format.choices)
    length_minutes = forms.IntegerField(label=gettext_lazy("Length in minutes"), min_value=1)
    language = forms.ChoiceField(label=gettext_lazy("Language of the material"), choices=MaterialLanguage.choices)
    subjects = forms.MultipleChoiceField(
        label=gettext_lazy("Subject areas"), choices=Subject.choices, widget=forms.CheckboxSelectMultiple
    )
    processes = forms.MultipleChoiceField(
        label=gettext_lazy("Case-handling processes"),
        choices=Process.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=gettext_lazy("Choose none if the activity is for every process."),
    )
    audiences = forms.MultipleChoiceField(
        label=gettext_lazy("For whom"), choices=Audience.choices, widget=forms.CheckboxSelectMultiple
    )
    mandatory = forms.BooleanField(label=gettext_lazy("Mandatory for those it is for"), required=False)
    link = forms.CharField(
        label=gettext_lazy("Link"),
        max_length=LINK_MAX_LENGTH,
        help_text=gettext_lazy("A web address beginning with https://, or a path on this site beginning with /."),
    )
    active = forms.BooleanField(label=gettext_lazy("Shown in the guide"), required=False, initial=True)
    reason = forms.CharField(label=gettext_lazy("Reason"), max_length=200)

    @staticmethod
    def initial_of(activity: Activity) -> dict[str, Any]:
        return {name: getattr(activity, name) for name in ActivityForm.base_fields if name != "reason"}


class AreaForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Name"), max_length=TITLE_MAX_LENGTH)
    description = forms.CharField(label=gettext_lazy("Description"), widget=forms.Textarea(attrs={"rows": 2}))
    level_1 = forms.CharField(label=gettext_lazy("Level 1: knows about it"), widget=forms.Textarea(attrs={"rows": 2}))
    level_2 = forms.CharField(
        label=gettext_lazy("Level 2: does it in their own work"), widget=forms.Textarea(attrs={"rows": 2})
    )
    level_3 = forms.CharField(
        label=gettext_lazy("Level 3: helps others do it"), widget=forms.Textarea(attrs={"rows": 2})
    )
    order = forms.IntegerField(label=gettext_lazy("Place in the list"), min_value=0, max_value=1000, initial=0)
    reason = forms.CharField(label=gettext_lazy("Reason"), max_length=200)


class _StaffChoice(forms.ModelMultipleChoiceField[User]):
    def label_from_instance(self, obj: Any) -> str:
        name = obj.get_full_name()
        return f"{name} ({obj.get_username()})" if name else str(obj.get_username())


class _OneStaff(forms.ModelChoiceField[User]):
    def label_from_instance(self, obj: Any) -> str:
        name = obj.get_full_name()
        return f"{name} ({obj.get_username()})" if name else str(obj.get_username())


def managers() -> QuerySet[User]:
    """Active staff who may agree dialogues: those a unit or a placement can name as manager."""
    may_agree = Q(codename="change_dialogue", content_type__app_label="competence")
    return (
        User.objects.filter(is_active=True)
        .filter(
            Q(is_superuser=True)
            | Q(groups__permissions__in=Permission.objects.filter(may_agree))
            | Q(user_permissions__in=Permission.objects.filter(may_agree))
        )
        .distinct()
        .order_by("username")
    )


class UnitForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Code"),
        max_length=UNIT_CODE_MAX_LENGTH,
        help_text=gettext_lazy("Capital letters, digits and hyphens. A unit that surveys observe has its site's code."),
    )
    name = forms.CharField(label=gettext_lazy("Name"), max_length=TITLE_MAX_LENGTH)
    parent = forms.ModelChoiceField(
        label=gettext_lazy("Part of"),
        queryset=Unit.objects.all(),
        required=False,
        empty_label=gettext_lazy("No unit: a unit at the top"),
        help_text=gettext_lazy("The manager of that unit, and of every unit above it, sees this unit's figures."),
    )
    manager = _OneStaff(
        label=gettext_lazy("Manager"),
        queryset=User.objects.none(),
        required=False,
        empty_label=gettext_lazy("No manager yet"),
    )
    reason = forms.CharField(label=gettext_lazy("Reason"), max_length=200)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["manager"].queryset = managers()  # type: ignore[attr-defined]


class PlacementForm(forms.Form):
    user = _OneStaff(
        label=gettext_lazy("Member of staff"), queryset=User.objects.filter(is_active=True).order_by("username")
    )
    sex = forms.ChoiceField(
        label=gettext_lazy("Sex"),
        choices=Sex.choices,
        initial=Sex.UNKNOWN,
        help_text=gettext_lazy("Only for the managers' figures by sex, which never show a person."),
    )
    manager = _OneStaff(
        label=gettext_lazy("Manager"),
        queryset=User.objects.none(),
        required=False,
        empty_label=gettext_lazy("The unit's manager"),
    )
    reason = forms.CharField(label=gettext_lazy("Reason"), max_length=200)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["manager"].queryset = managers()  # type: ignore[attr-defined]


class GroupSessionForm(forms.Form):
    exercise = forms.ChoiceField(label=gettext_lazy("Exercise"))
    held_on = forms.DateField(label=gettext_lazy("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    unit = forms.ModelChoiceField(label=gettext_lazy("Unit"), queryset=Unit.objects.all())
    meeting_kind = forms.ChoiceField(label=gettext_lazy("Kind of meeting"), choices=MeetingKind.choices)
    participants = _StaffChoice(
        label=gettext_lazy("Who took part"),
        queryset=User.objects.filter(is_active=True).order_by("username"),
        widget=forms.CheckboxSelectMultiple,
    )
    reflection = forms.CharField(
        label=gettext_lazy("Reflection"),
        max_length=REFLECTION_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy(
            "What the group talked about and what it will do differently. Do not assess anyone who took part."
        ),
    )
    reason = forms.CharField(label=gettext_lazy("Reason"), max_length=200, initial=gettext_lazy("Group session held"))

    def __init__(self, *args: Any, language: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["exercise"].choices = [  # type: ignore[attr-defined]
            (e.slug, e.title.get(language)) for e in EXERCISES
        ]


class LevelsForm(forms.Form):
    """One level (1 to 3) per area of the framework; the field of area 7 is ``area_7``."""

    def __init__(self, *args: Any, areas: list[Area], label: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.areas = areas
        for area in areas:
            self.fields[f"area_{area.pk}"] = forms.TypedChoiceField(
                label=f"{area.name}: {label}",
                choices=LEVEL_CHOICES,
                coerce=int,
                widget=forms.RadioSelect,
            )

    def levels(self) -> dict[int, int]:
        return {area.pk: self.cleaned_data[f"area_{area.pk}"] for area in self.areas}


class AgreeForm(LevelsForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["activities"] = forms.ModelMultipleChoiceField(
            label=gettext_lazy("Learning plan: activities from the guide"),
            queryset=Activity.objects.filter(active=True),
            widget=forms.CheckboxSelectMultiple,
        )


class DoneForm(forms.Form):
    done_on = forms.DateField(label=gettext_lazy("Done on"), widget=forms.DateInput(attrs={"type": "date"}))
