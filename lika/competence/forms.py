"""The competence part's forms. Filters are GET forms that change nothing; the others call a service."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.models import Permission
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy

from lika.accounts.models import User
from lika.competence.exercises import Exercise, exercises_all, notes_parse, notes_text, steps_parse, steps_text
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
            (e.slug, e.title.get(language)) for e in exercises_all()
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


_STEPS_HELP = gettext_lazy(
    "One step after another, parted by a line with only ---. In a step: first the situation, then one line "
    "beginning with ? for the question, then a line beginning with - for each choice, if any."
)


def _text_field(label: Any, *, rows: int = 2, required: bool = True, help_text: Any = "") -> forms.CharField:
    return forms.CharField(
        label=label, widget=forms.Textarea(attrs={"rows": rows}), required=required, help_text=help_text
    )


class ExerciseForm(forms.Form):
    """A case exercise in Swedish and English; the steps and notes as plain text (see lika.competence.exercises)."""

    slug = forms.SlugField(
        label=gettext_lazy("Address"),
        max_length=60,
        help_text=gettext_lazy("Small letters, digits and hyphens, such as telefon-aterkomst. It cannot be changed."),
    )
    meeting_kind = forms.ChoiceField(
        label=gettext_lazy("Kind of meeting"),
        choices=[("", gettext_lazy("Every kind: discussion material")), *MeetingKind.choices],
        required=False,
    )
    minutes = forms.IntegerField(label=gettext_lazy("Time needed in minutes"), min_value=1, max_value=480)
    behaviours = forms.MultipleChoiceField(
        label=gettext_lazy("Survey findings the exercise addresses"), widget=forms.CheckboxSelectMultiple
    )
    title_sv = forms.CharField(label=gettext_lazy("Title in Swedish"), max_length=TITLE_MAX_LENGTH)
    title_en = forms.CharField(label=gettext_lazy("Title in English"), max_length=TITLE_MAX_LENGTH)
    summary_sv = _text_field(gettext_lazy("Summary in Swedish"))
    summary_en = _text_field(gettext_lazy("Summary in English"))
    situation_sv = _text_field(gettext_lazy("The situation in Swedish"), rows=4)
    situation_en = _text_field(gettext_lazy("The situation in English"), rows=4)
    steps_sv = _text_field(gettext_lazy("Steps in Swedish"), rows=10, help_text=_STEPS_HELP)
    steps_en = _text_field(gettext_lazy("Steps in English"), rows=10, help_text=_STEPS_HELP)
    notes_sv = _text_field(
        gettext_lazy("Facilitator notes in Swedish"),
        rows=6,
        help_text=gettext_lazy("What to listen for and how to steer the talk. One note per paragraph."),
    )
    notes_en = _text_field(gettext_lazy("Facilitator notes in English"), rows=6)
    mandatory_for_sv = forms.CharField(
        label=gettext_lazy("Mandatory in (Swedish)"),
        required=False,
        help_text=gettext_lazy("The training in which the exercise is mandatory, if any, in both languages."),
    )
    mandatory_for_en = forms.CharField(label=gettext_lazy("Mandatory in (English)"), required=False)
    active = forms.BooleanField(label=gettext_lazy("Shown to staff"), required=False, initial=True)
    reason = forms.CharField(label=gettext_lazy("Reason"), max_length=200)

    def __init__(self, *args: Any, language: str, editing: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["behaviours"].choices = [  # type: ignore[attr-defined]
            (b.name, b.short.get(language)) for b in BEHAVIOURS
        ]
        if editing:
            del self.fields["slug"]
        for name, field in self.fields.items():
            # Each text field holds one language's text; screen readers read it in that language.
            if name.endswith(("_sv", "_en")):
                field.widget.attrs["lang"] = name[-2:]

    @staticmethod
    def initial_of(found: Exercise) -> dict[str, Any]:
        initial: dict[str, Any] = {
            "meeting_kind": found.meeting or "",
            "minutes": found.minutes,
            "behaviours": list(found.behaviours),
            "active": found.active,
        }
        for language in ("sv", "en"):
            initial[f"title_{language}"] = found.title.get(language)
            initial[f"summary_{language}"] = found.summary.get(language)
            initial[f"situation_{language}"] = found.situation.get(language)
            initial[f"steps_{language}"] = steps_text(found.steps, language)
            initial[f"notes_{language}"] = notes_text(found.facilitator_notes, language)
            initial[f"mandatory_for_{language}"] = found.mandatory_for.get(language) if found.mandatory_for else ""
        return initial

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if "steps_sv" in data and "steps_en" in data:
            try:
                data["steps"] = steps_parse(data["steps_sv"], data["steps_en"])
            except ValueError as error:
                self._steps_refuse(str(error))
        if "notes_sv" in data and "notes_en" in data:
            try:
                data["notes"] = notes_parse(data["notes_sv"], data["notes_en"])
            except ValueError:
                self.add_error(
                    "notes_en", gettext_lazy("Write as many notes in English as in Swedish, one per paragraph.")
                )
        if bool(data.get("mandatory_for_sv", "").strip()) != bool(data.get("mandatory_for_en", "").strip()):
            self.add_error("mandatory_for_en", gettext_lazy("Name the training in both languages, or in neither."))
        return data

    def _steps_refuse(self, problem: str) -> None:
        kind, _colon, number = problem.partition(":")
        if kind in ("sv", "en"):
            self.add_error(
                f"steps_{kind}",
                gettext_lazy("Step %(number)s needs a situation and exactly one line beginning with ?.")
                % {"number": number},
            )
        elif kind == "choices":
            self.add_error(
                "steps_en",
                gettext_lazy("Step %(number)s has a different number of choices in English than in Swedish.")
                % {"number": number},
            )
        else:
            self.add_error("steps_en", gettext_lazy("Write as many steps in English as in Swedish."))
