"""The competence pages: the guide and its editing, the case exercises, group sessions, dialogues.

Every member of staff reads the guide and the exercises and prepares their own dialogue. Views are
thin: they parse a form, call a service and redirect with a message; a refusal is shown on the field
at fault and the page is sent again with status 400.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from lika.accounts.access import StaffRequest, staff_view
from lika.audit.acting import Acting
from lika.competence import selectors, services
from lika.competence.exercises import exercise, exercise_of, exercises_all, exercises_for
from lika.competence.forms import (
    ActivityForm,
    AgreeForm,
    AreaForm,
    DoneForm,
    ExerciseFilterForm,
    ExerciseForm,
    GroupSessionForm,
    GuideFilterForm,
    LevelsForm,
    PlacementForm,
    UnitForm,
)
from lika.competence.models import (
    Activity,
    Area,
    CaseExercise,
    Dialogue,
    DialogueStatus,
    GroupSession,
    MeetingKind,
    PlanItem,
    Unit,
)
from lika.core import clock
from lika.core.forms import refusal_show
from lika.treatment_survey.protocol.definition import behaviour as survey_behaviour
from lika.treatment_survey.protocol.structure import Bilingual


def _language() -> str:
    return (get_language() or "sv").split("-")[0]


# --- the guide -----------------------------------------------------------------------------------


@staff_view()
def guide(request: StaffRequest) -> HttpResponse:
    """Every activity in the guide, filtered by subject area, process and format."""
    form = GuideFilterForm(request.GET or None)
    editor = request.user.has_perm("competence.change_activity")
    everything = list(Activity.objects.all() if editor else Activity.objects.filter(active=True))
    valid = not form.is_bound or form.is_valid()
    chosen = form.cleaned_data if form.is_bound and valid else {}
    found = selectors.activities_find(
        everything,
        subject=chosen.get("subject", ""),
        process=chosen.get("process", ""),
        format=chosen.get("format", ""),
    )
    context = {"form": form, "activities": found, "editor": editor, "total": len(everything)}
    return render(request, "competence/guide.html", context, status=200 if valid else 400)


def _activity_form_page(
    request: StaffRequest, form: ActivityForm, activity: Activity | None, status: int
) -> HttpResponse:
    heading = _("Edit %(title)s") % {"title": activity.title} if activity else _("Add an activity")
    return _edit_page(request, form, heading, back=(reverse("competence:guide"), _("Back to the guide")), status=status)


def _edit_page(
    request: StaffRequest, form: forms.Form, heading: str, *, back: tuple[str, str], status: int
) -> HttpResponse:
    """A competence administrator's form for an activity of the guide or an area of the framework."""
    context = {"form": form, "heading": heading, "back_url": back[0], "back_label": back[1]}
    return render(request, "core/edit_form.html", context, status=status)


@staff_view("competence.add_activity")
@require_http_methods(["GET", "HEAD", "POST"])
def activity_new(request: StaffRequest) -> HttpResponse:
    form = ActivityForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        reason = data.pop("reason")
        try:
            activity = services.activity_create(acting=Acting(actor=request.user, reason=reason), **data)
        except ValidationError as error:
            refusal_show(form, error)
        else:
            messages.success(request, _("%(title)s is in the guide.") % {"title": activity.title})
            return redirect("competence:guide")
    return _activity_form_page(request, form, None, 400 if form.errors else 200)


@staff_view("competence.change_activity")
@require_http_methods(["GET", "HEAD", "POST"])
def activity_edit(request: StaffRequest, activity_id: int) -> HttpResponse:
    activity = get_object_or_404(Activity, pk=activity_id)
    form = ActivityForm(request.POST or None, initial=ActivityForm.initial_of(activity))
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        reason = data.pop("reason")
        try:
            services.activity_change(acting=Acting(actor=request.user, reason=reason), activity=activity, **data)
        except ValidationError as error:
            refusal_show(form, error)
        else:
            messages.success(request, _("%(title)s is saved.") % {"title": data["title"]})
            return redirect("competence:guide")
    return _activity_form_page(request, form, activity, 400 if form.errors else 200)


@staff_view()
def framework(request: StaffRequest) -> HttpResponse:
    """The competence framework for equal treatment: its areas and their levels, in plain words."""
    return render(request, "competence/framework.html", {"areas": list(Area.objects.all())})


@staff_view("competence.add_area")
@require_http_methods(["GET", "HEAD", "POST"])
def area_new(request: StaffRequest) -> HttpResponse:
    return _area_form(request, None)


@staff_view("competence.change_area")
@require_http_methods(["GET", "HEAD", "POST"])
def area_edit(request: StaffRequest, area_id: int) -> HttpResponse:
    return _area_form(request, get_object_or_404(Area, pk=area_id))


def _area_form(request: StaffRequest, area: Area | None) -> HttpResponse:
    initial = {name: getattr(area, name) for name in services.AREA_FIELDS} if area else {}
    form = AreaForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        reason = data.pop("reason")
        try:
            saved = services.area_save(acting=Acting(actor=request.user, reason=reason), area=area, **data)
        except ValidationError as error:
            refusal_show(form, error)
        else:
            messages.success(request, _("%(title)s is saved.") % {"title": saved.name})
            return redirect("competence:framework")
    status = 400 if form.errors else 200
    heading = _("Edit %(title)s") % {"title": area.name} if area else _("Add an area")
    return _edit_page(
        request, form, heading, back=(reverse("competence:framework"), _("Back to the framework")), status=status
    )


# --- units and placements ----------------------------------------------------------------------


@staff_view("competence.change_unit")
def unit_list(request: StaffRequest) -> HttpResponse:
    """The units as a tree, with their managers and how many staff are placed in each."""
    return render(request, "competence/unit_list.html", {"rows": selectors.units_in_tree()})


@staff_view("competence.add_unit")
@require_http_methods(["GET", "HEAD", "POST"])
def unit_new(request: StaffRequest) -> HttpResponse:
    return _unit_form(request, None)


@staff_view("competence.change_unit")
@require_http_methods(["GET", "HEAD", "POST"])
def unit_edit(request: StaffRequest, unit_id: int) -> HttpResponse:
    return _unit_form(request, get_object_or_404(Unit, pk=unit_id))


def _unit_form(request: StaffRequest, unit: Unit | None) -> HttpResponse:
    initial = {"code": unit.code, "name": unit.name, "parent": unit.parent, "manager": unit.manager} if unit else {}
    form = UnitForm(request.POST or None, initial=initial)
    if unit is not None:
        form.fields["parent"].queryset = Unit.objects.exclude(pk=unit.pk)  # type: ignore[attr-defined]
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            saved = services.unit_save(
                acting=Acting(actor=request.user, reason=data["reason"]),
                unit=unit,
                code=data["code"],
                name=data["name"],
                parent=data["parent"],
                manager=data["manager"],
            )
        except ValidationError as error:
            refusal_show(form, error)
        else:
            messages.success(request, _("%(title)s is saved.") % {"title": saved.name})
            return redirect("competence:unit_list")
    heading = _("Edit %(title)s") % {"title": unit.name} if unit else _("Add a unit")
    return _edit_page(
        request,
        form,
        heading,
        back=(reverse("competence:unit_list"), _("Back to the units")),
        status=400 if form.errors else 200,
    )


@staff_view("competence.change_placement")
@require_http_methods(["GET", "HEAD", "POST"])
def unit_staff(request: StaffRequest, unit_id: int) -> HttpResponse:
    """The staff placed in a unit, and placing a member of staff there (moving them from any other unit)."""
    unit = get_object_or_404(Unit.objects.select_related("manager"), pk=unit_id)
    form = PlacementForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            placement = services.placement_change(
                acting=Acting(actor=request.user, reason=data["reason"]),
                user=data["user"],
                unit=unit,
                manager=data["manager"],
                sex=data["sex"],
            )
        except ValidationError as error:
            refusal_show(form, error)
        else:
            who = placement.user.get_full_name() or placement.user.get_username()
            messages.success(request, _("%(user)s is placed in %(unit)s.") % {"user": who, "unit": unit.name})
            return redirect("competence:unit_staff", unit_id=unit.pk)
    placements = list(unit.placements.select_related("user", "manager").order_by("user__username"))
    context = {"unit": unit, "placements": placements, "form": form}
    return render(request, "competence/unit_staff.html", context, status=400 if form.errors else 200)


# --- case exercises ------------------------------------------------------------------------------


@staff_view()
def exercise_list(request: StaffRequest) -> HttpResponse:
    language = _language()
    form = ExerciseFilterForm(request.GET or None, language=language)
    valid = not form.is_bound or form.is_valid()
    chosen = form.cleaned_data if form.is_bound and valid else {}
    editor = request.user.has_perm("competence.change_caseexercise")
    found = exercises_for(meeting=chosen.get("meeting", ""), behaviour=chosen.get("behaviour", ""), inactive=editor)
    items = [
        {
            "slug": e.slug,
            "title": e.title.get(language),
            "summary": e.summary.get(language),
            "meeting": MeetingKind(e.meeting).label if e.meeting else _("Every kind of meeting"),
            "minutes": e.minutes,
            "active": e.active,
        }
        for e in found
    ]
    return render(
        request, "competence/exercise_list.html", {"form": form, "items": items}, status=200 if valid else 400
    )


@staff_view()
def exercise_detail(request: StaffRequest, slug: str) -> HttpResponse:
    """An exercise with its steps, the facilitator's notes and the survey findings it addresses."""
    try:
        found = exercise(slug)
    except KeyError as error:
        raise Http404 from error
    editor = request.user.has_perm("competence.change_caseexercise")
    if not found.active and not editor:
        raise Http404
    language = _language()
    findings = []
    for name in found.behaviours:
        observed = survey_behaviour(name)
        findings.append({"short": observed.short.get(language), "why": observed.practice.why.get(language)})
    context = {
        "title": found.title.get(language),
        "meeting": MeetingKind(found.meeting).label if found.meeting else _("Every kind of meeting"),
        "minutes": found.minutes,
        "situation": found.situation.get(language),
        "steps": [
            {
                "situation": step.situation.get(language),
                "question": step.question.get(language),
                "choices": [choice.get(language) for choice in step.choices],
            }
            for step in found.steps
        ],
        "notes": [note.get(language) for note in found.facilitator_notes],
        "findings": findings,
        "mandatory_for": found.mandatory_for.get(language) if found.mandatory_for else "",
        "text_language": "sv" if language == "sv" else "en",
        "slug": found.slug,
        "editor": editor,
        "active": found.active,
    }
    return render(request, "competence/exercise_detail.html", context)


@staff_view("competence.add_caseexercise")
@require_http_methods(["GET", "HEAD", "POST"])
def exercise_new(request: StaffRequest) -> HttpResponse:
    return _exercise_form(request, None)


@staff_view("competence.change_caseexercise")
@require_http_methods(["GET", "HEAD", "POST"])
def exercise_edit(request: StaffRequest, slug: str) -> HttpResponse:
    return _exercise_form(request, get_object_or_404(CaseExercise, slug=slug))


def _exercise_form(request: StaffRequest, row: CaseExercise | None) -> HttpResponse:
    found = exercise_of(row) if row else None
    initial = ExerciseForm.initial_of(found) if found else {}
    form = ExerciseForm(request.POST or None, initial=initial, language=_language(), editing=row is not None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data

        def both(name: str) -> Bilingual:
            return Bilingual(sv=data[f"{name}_sv"].strip(), en=data[f"{name}_en"].strip())

        mandatory = both("mandatory_for")
        try:
            saved = services.exercise_save(
                acting=Acting(actor=request.user, reason=data["reason"]),
                exercise=row,
                slug=data.get("slug", ""),
                meeting_kind=data["meeting_kind"],
                minutes=data["minutes"],
                behaviours=data["behaviours"],
                title=both("title"),
                summary=both("summary"),
                situation=both("situation"),
                steps=data["steps"],
                notes=data["notes"],
                mandatory_for=mandatory if mandatory.sv else None,
                active=data["active"],
            )
        except ValidationError as error:
            refusal_show(form, error)
        else:
            title = saved.title.get(_language(), saved.title["en"])
            messages.success(request, _("%(title)s is saved.") % {"title": title})
            return redirect("competence:exercise_detail", slug=saved.slug)
    heading = _("Edit %(title)s") % {"title": found.title.get(_language())} if found else _("Add a case exercise")
    back = reverse("competence:exercise_detail", args=[row.slug]) if row else reverse("competence:exercise_list")
    return _edit_page(
        request,
        form,
        heading,
        back=(back, _("Back to the exercise") if row else _("Back to the exercises")),
        status=400 if form.errors else 200,
    )


# --- group sessions ------------------------------------------------------------------------------


@staff_view("competence.view_groupsession")
def session_list(request: StaffRequest) -> HttpResponse:
    language = _language()
    sessions = list(GroupSession.objects.select_related("unit", "facilitator").prefetch_related("participants")[:200])
    titles = {e.slug: e.title.get(language) for e in exercises_all(inactive=True)}
    rows = [
        {"session": s, "title": titles.get(s.exercise, s.exercise), "count": len(s.participants.all())}
        for s in sessions
    ]
    return render(request, "competence/session_list.html", {"rows": rows})


@staff_view("competence.add_groupsession")
@require_http_methods(["GET", "HEAD", "POST"])
def session_new(request: StaffRequest) -> HttpResponse:
    language = _language()
    initial: dict[str, Any] = {"held_on": clock.today()}
    if request.GET.get("exercise"):
        initial["exercise"] = request.GET["exercise"]
    form = GroupSessionForm(request.POST or None, initial=initial, language=language)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.group_session_record(
                acting=Acting(actor=request.user, reason=data["reason"]),
                exercise=data["exercise"],
                held_on=data["held_on"],
                unit=data["unit"],
                meeting_kind=data["meeting_kind"],
                participants=data["participants"],
                reflection=data["reflection"],
            )
        except ValidationError as error:
            refusal_show(form, error)
        else:
            messages.success(request, _("The group session is recorded."))
            return redirect("competence:session_list")
    return render(request, "competence/session_form.html", {"form": form}, status=400 if form.errors else 200)


# --- competence dialogues ------------------------------------------------------------------------


@staff_view()
@require_http_methods(["GET", "HEAD", "POST"])
def my_dialogue(request: StaffRequest) -> HttpResponse:
    """The member of staff's own dialogues, and the self-assessment for this year."""
    year = clock.today().year
    areas = list(Area.objects.all())
    own = list(Dialogue.objects.filter(staff=request.user).select_related("manager"))
    current = next((d for d in own if d.year == year), None)
    initial = {f"area_{r.area_id}": r.self_level for r in current.ratings.all()} if current else {}
    form = LevelsForm(request.POST or None, areas=areas, label=_("where I am now"), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            dialogue = services.dialogue_prepare(
                acting=Acting(actor=request.user, reason="Self-assessment"), year=year, self_levels=form.levels()
            )
        except ValidationError as error:
            refusal_show(form, error, {"self_levels": "__all__"})
        else:
            messages.success(request, _("Your self-assessment is ready to discuss with your manager."))
            return redirect("competence:dialogue", dialogue_id=dialogue.pk)
    team = list(
        Dialogue.objects.filter(manager=request.user)
        .select_related("staff", "unit")
        .order_by("-year", "staff__username")
    )
    context = {
        "form": form,
        "areas": areas,
        "own": own,
        "team": team,
        "year": year,
        "can_prepare": current is None or current.status == DialogueStatus.PREPARED,
    }
    return render(request, "competence/my_dialogue.html", context, status=400 if form.errors else 200)


def _dialogue_open(request: StaffRequest, dialogue_id: int) -> Dialogue:
    """The dialogue if the user is its member of staff or their manager; 404 for everyone else."""
    return get_object_or_404(
        selectors.dialogues_visible(request.user).select_related("staff", "manager", "unit"), pk=dialogue_id
    )


def _dialogue_page(
    request: StaffRequest, dialogue: Dialogue, form: AgreeForm | None, status: int = 200
) -> HttpResponse:
    ratings = list(dialogue.ratings.select_related("area"))
    plan = list(dialogue.plan.select_related("activity"))
    context = {
        "dialogue": dialogue,
        "ratings": ratings,
        "plan": plan,
        "form": form,
        "done_form": DoneForm(initial={"done_on": clock.today()}),
        "agreed": dialogue.status == DialogueStatus.AGREED,
    }
    return render(request, "competence/dialogue.html", context, status=status)


def _agree_form(request: StaffRequest, dialogue: Dialogue) -> AgreeForm | None:
    manager = request.user.pk == dialogue.manager_id and request.user.has_perm("competence.change_dialogue")
    if not manager or dialogue.status == DialogueStatus.AGREED:
        return None
    areas = [r.area for r in dialogue.ratings.select_related("area")]
    initial = {f"area_{r.area_id}": r.self_level for r in dialogue.ratings.all()}
    return AgreeForm(request.POST or None, areas=areas, label=_("goal"), initial=initial)


@staff_view()
def dialogue(request: StaffRequest, dialogue_id: int) -> HttpResponse:
    found = _dialogue_open(request, dialogue_id)
    return _dialogue_page(request, found, _agree_form(request, found))


@staff_view()
@require_POST
def dialogue_agree(request: StaffRequest, dialogue_id: int) -> HttpResponse:
    found = _dialogue_open(request, dialogue_id)
    form = _agree_form(request, found)
    if form is None:
        messages.error(request, _("Only the manager agrees the dialogue, and only once."))
        return redirect("competence:dialogue", dialogue_id=found.pk)
    if form.is_valid():
        try:
            services.dialogue_agree(
                acting=Acting(actor=request.user, reason="Competence dialogue agreed"),
                dialogue=found,
                goal_levels=form.levels(),
                activities=list(form.cleaned_data["activities"]),
            )
        except ValidationError as error:
            refusal_show(form, error, {"goal_levels": "__all__"})
        else:
            messages.success(request, _("The goals and the learning plan are agreed."))
            return redirect("competence:dialogue", dialogue_id=found.pk)
    return _dialogue_page(request, found, form, status=400)


@staff_view()
@require_POST
def plan_item_done(request: StaffRequest, dialogue_id: int, item_id: int) -> HttpResponse:
    found = _dialogue_open(request, dialogue_id)
    item = get_object_or_404(PlanItem, pk=item_id, dialogue=found)
    form = DoneForm(request.POST)
    if form.is_valid():
        try:
            services.plan_item_done(
                acting=Acting(actor=request.user, reason="Learning plan activity done"),
                item=item,
                done_on=form.cleaned_data["done_on"],
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("%(title)s is recorded as done.") % {"title": item.activity.title})
    else:
        messages.error(request, _("Give the day the activity was done, as a date."))
    return redirect("competence:dialogue", dialogue_id=found.pk)


@staff_view("competence.view_dialogue")
def overview(request: StaffRequest) -> HttpResponse:
    """Coverage of agreed dialogues per unit and gaps per area, split by sex and protected."""
    year = clock.today().year
    try:
        year = int(request.GET.get("year", year))
    except ValueError:
        year = clock.today().year
    units = selectors.units_overseen(request.user)
    context = {
        "aggregates": selectors.aggregates(year=year, units=units),
        "scope": "all" if units is None else ("managed" if units else "none"),
        "effect_shown": request.user.has_perm("followup.view_indicators"),
    }
    return render(request, "competence/overview.html", context)
