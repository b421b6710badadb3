"""Every write to the competence part: the guide, units and placements, group sessions and dialogues.

Each service checks the acting member of staff's permission (or, for a dialogue, that they are its
member of staff or its manager), refuses with a message on the field at fault before anything is
written, and records an audit event in the same transaction.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lika.accounts.models import User
from lika.audit.acting import Acting
from lika.audit.actions import Action
from lika.competence.exercises import Step, bilingual_json, steps_json
from lika.competence.models import (
    LINK_MAX_LENGTH,
    REFLECTION_MAX_LENGTH,
    TITLE_MAX_LENGTH,
    UNIT_CODE_MAX_LENGTH,
    Activity,
    Area,
    Audience,
    CaseExercise,
    Dialogue,
    DialogueStatus,
    Format,
    GroupSession,
    MaterialLanguage,
    MeetingKind,
    Placement,
    PlanItem,
    Process,
    Rating,
    Subject,
    Unit,
)
from lika.competence.selectors import units_below
from lika.core import clock
from lika.people.models import Sex
from lika.treatment_survey.protocol.definition import BEHAVIOURS
from lika.treatment_survey.protocol.structure import Bilingual

MAX_LENGTH_MINUTES = 100 * 60
SLUG_MAX_LENGTH = 60
LEVELS = (1, 2, 3)

ACTIVITY_FIELDS = (
    "title",
    "description",
    "format",
    "length_minutes",
    "language",
    "subjects",
    "processes",
    "audiences",
    "mandatory",
    "link",
    "active",
)


def _activity_problems(values: Mapping[str, Any]) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not values["title"]:
        errors["title"] = _("Give the activity a title.")
    elif len(values["title"]) > TITLE_MAX_LENGTH:
        errors["title"] = _("The title is longer than %(max)s characters.") % {"max": TITLE_MAX_LENGTH}
    if not values["description"]:
        errors["description"] = _("Describe the activity in a few plain sentences.")
    if values["format"] not in Format.values:
        errors["format"] = _("Choose one of the formats.")
    length = values["length_minutes"]
    if not isinstance(length, int) or not 1 <= length <= MAX_LENGTH_MINUTES:
        errors["length_minutes"] = _("Give the length in whole minutes, from 1 to %(max)s.") % {
            "max": MAX_LENGTH_MINUTES
        }
    if values["language"] not in MaterialLanguage.values:
        errors["language"] = _("Choose the language the material is in.")
    if not values["subjects"] or set(values["subjects"]) - set(Subject.values):
        errors["subjects"] = _("Choose at least one subject area.")
    if set(values["processes"]) - set(Process.values):
        errors["processes"] = _("Choose case-handling processes from the list.")
    if not values["audiences"] or set(values["audiences"]) - set(Audience.values):
        errors["audiences"] = _("Choose at least one group the activity is for.")
    link = values["link"]
    if not (link.startswith(("https://", "http://")) or (link.startswith("/") and not link.startswith("//"))):
        errors["link"] = _("Give a full web address beginning with https://, or a path on this site beginning with /.")
    elif len(link) > LINK_MAX_LENGTH or any(c.isspace() for c in link):
        errors["link"] = _("The link has spaces in it or is longer than %(max)s characters.") % {"max": LINK_MAX_LENGTH}
    return errors


def _activity_values(**values: Any) -> dict[str, Any]:
    cleaned = dict(values)
    for name in ("title", "description", "link"):
        cleaned[name] = str(cleaned[name]).strip()
    for name in ("subjects", "processes", "audiences"):
        cleaned[name] = sorted(set(cleaned[name]))
    return cleaned


def activity_create(
    *,
    acting: Acting,
    title: str,
    description: str,
    format: str,
    length_minutes: int,
    language: str,
    subjects: Sequence[str],
    processes: Sequence[str],
    audiences: Sequence[str],
    link: str,
    mandatory: bool = False,
    active: bool = True,
) -> Activity:
    """Adds an activity to the guide."""
    acting.require("competence.add_activity")
    values = _activity_values(
        title=title,
        description=description,
        format=format,
        length_minutes=length_minutes,
        language=language,
        subjects=subjects,
        processes=processes,
        audiences=audiences,
        link=link,
        mandatory=mandatory,
        active=active,
    )
    if errors := _activity_problems(values):
        raise ValidationError(errors)
    with transaction.atomic():
        activity = Activity.objects.create(**values)
        acting.audit(Action.COMPETENCE_ACTIVITY_CREATE, activity, {"title": activity.title})
    return activity


def activity_change(*, acting: Acting, activity: Activity, **changes: Any) -> Activity:
    """Changes what is given of an activity's fields (:data:`ACTIVITY_FIELDS`); the rest stay."""
    acting.require("competence.change_activity")
    unknown = set(changes) - set(ACTIVITY_FIELDS)
    if unknown:
        raise TypeError(f"activity_change() cannot change {sorted(unknown)}")
    with transaction.atomic():
        locked = Activity.objects.select_for_update().get(pk=activity.pk)
        current = {name: getattr(locked, name) for name in ACTIVITY_FIELDS}
        values = _activity_values(**(current | changes))
        if errors := _activity_problems(values):
            raise ValidationError(errors)
        changed = {name: value for name, value in values.items() if current[name] != value}
        if not changed:
            return locked
        for name, value in changed.items():
            setattr(locked, name, value)
        locked.save()
        acting.audit(
            Action.COMPETENCE_ACTIVITY_CHANGE,
            locked,
            {"fields": sorted(changed), "before": {name: current[name] for name in changed}},
        )
    return locked


AREA_FIELDS = ("name", "description", "level_1", "level_2", "level_3", "order")


def area_save(*, acting: Acting, area: Area | None, **values: Any) -> Area:
    """Adds an area to the competence framework (``area`` None) or changes one.

    Dialogues keep their ratings: an area's words may be sharpened, but the area stays the same one.
    """
    acting.require("competence.change_area" if area else "competence.add_area")
    cleaned = {name: values[name].strip() if isinstance(values[name], str) else values[name] for name in AREA_FIELDS}
    errors = {name: _("Write this in a sentence or two.") for name in AREA_FIELDS[:5] if not cleaned[name]}
    if len(cleaned["name"]) > TITLE_MAX_LENGTH:
        errors["name"] = _("The name is longer than %(max)s characters.") % {"max": TITLE_MAX_LENGTH}
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        if area is None:
            saved = Area.objects.create(**cleaned)
            before: dict[str, Any] = {}
        else:
            saved = Area.objects.select_for_update().get(pk=area.pk)
            before = {name: getattr(saved, name) for name in AREA_FIELDS if getattr(saved, name) != cleaned[name]}
            if not before:
                return saved
            for name, value in cleaned.items():
                setattr(saved, name, value)
            saved.save()
        acting.audit(Action.COMPETENCE_AREA_SAVE, saved, {"before": before})
    return saved


# --- units and placements ------------------------------------------------------------------------

UNIT_CODE = re.compile(r"[A-Z0-9][A-Z0-9-]*")
MANAGER_PERMISSION = "competence.change_dialogue"


def _not_a_manager(user: User | None) -> bool:
    return user is not None and not (user.is_active and user.has_perm(MANAGER_PERMISSION))


def unit_save(
    *, acting: Acting, unit: Unit | None, code: str, name: str, parent: Unit | None, manager: User | None
) -> Unit:
    """Adds a unit (``unit`` None) or changes one: its code, name, the unit it is part of, and its manager.

    Refuses a code another unit has, a parent that is the unit itself or below it (the units stay a
    tree), and a manager who is not a manager in Lika.
    """
    acting.require("competence.change_unit" if unit else "competence.add_unit")
    code, name = code.strip().upper(), name.strip()
    errors: dict[str, str] = {}
    if not UNIT_CODE.fullmatch(code) or len(code) > UNIT_CODE_MAX_LENGTH:
        errors["code"] = _(
            "Give a code of capital letters, digits and hyphens, at most %(max)s characters, such as KC-NORRKOPING."
        ) % {"max": UNIT_CODE_MAX_LENGTH}
    else:
        others = Unit.objects.filter(code=code)
        taken = (others.exclude(pk=unit.pk) if unit else others).first()
        if taken is not None:
            errors["code"] = _("The unit %(name)s already has the code %(code)s. Choose another.") % {
                "name": taken.name,
                "code": code,
            }
    if not name:
        errors["name"] = _("Give the unit a name.")
    elif len(name) > TITLE_MAX_LENGTH:
        errors["name"] = _("The name is longer than %(max)s characters.") % {"max": TITLE_MAX_LENGTH}
    if unit is not None and parent is not None and parent.pk in units_below([unit.pk]):
        errors["parent"] = _("%(parent)s is %(unit)s itself or a unit below it; a unit cannot be part of itself.") % {
            "parent": parent.name,
            "unit": unit.name,
        }
    if _not_a_manager(manager):
        errors["manager"] = _("%(user)s is not a manager in Lika. Give them the manager role first.") % {
            "user": manager.get_full_name() or manager.username  # type: ignore[union-attr]
        }
    if errors:
        raise ValidationError(errors)
    values = {"code": code, "name": name, "parent": parent, "manager": manager}
    with transaction.atomic():
        if unit is None:
            saved = Unit.objects.create(**values)
            before: dict[str, Any] = {}
        else:
            saved = Unit.objects.select_for_update().get(pk=unit.pk)
            before = {
                field: getattr(saved, f"{field}_id" if field in ("parent", "manager") else field)
                for field, value in values.items()
                if getattr(saved, field) != value
            }
            if not before:
                return saved
            for field, value in values.items():
                setattr(saved, field, value)
            saved.save()
        acting.audit(Action.COMPETENCE_UNIT_SAVE, saved, {"before": before})
    return saved


def placement_change(*, acting: Acting, user: User, unit: Unit, manager: User | None, sex: str) -> Placement:
    """Places a member of staff in ``unit`` under ``manager`` (the unit's manager when none is given).

    The staff's sex is kept only for the managers' protected aggregates. Refuses a manager who is the
    member of staff themself or not a manager in Lika, and a unit with no manager when none is given.
    """
    acting.require("competence.change_placement")
    manager = manager or unit.manager
    errors: dict[str, str] = {}
    if sex not in Sex.values:
        errors["sex"] = _("Choose woman, man or unknown.")
    if manager is None:
        errors["manager"] = _("%(unit)s has no manager yet. Choose the manager, or give the unit one first.") % {
            "unit": unit.name
        }
    elif manager.pk == user.pk:
        errors["manager"] = _("A member of staff cannot be their own manager.")
    elif _not_a_manager(manager):
        errors["manager"] = _("%(user)s is not a manager in Lika. Give them the manager role first.") % {
            "user": manager.get_full_name() or manager.username
        }
    if errors:
        raise ValidationError(errors)
    earlier = Placement.objects.filter(user=user).values("unit_id", "manager_id", "sex").first()
    before = dict(earlier) if earlier else {}
    with transaction.atomic():
        placement = placement_set(user=user, unit=unit, manager=manager, sex=sex)
        acting.audit(Action.COMPETENCE_PLACEMENT_CHANGE, placement, {"before": before, "user": user.pk})
    return placement


def unit_ensure(*, code: str, name: str, manager: User | None = None, parent: Unit | None = None) -> Unit:
    """The unit with ``code``, created with ``name``, ``manager`` and ``parent`` if there is none (for loading units)."""
    unit, _created = Unit.objects.get_or_create(
        code=code, defaults={"name": name, "manager": manager, "parent": parent}
    )
    return unit


def placement_set(*, user: User, unit: Unit, manager: User | None, sex: str = Sex.UNKNOWN) -> Placement:
    """Places ``user`` in ``unit`` under ``manager`` (for loading the organisation)."""
    if manager is not None and manager.pk == user.pk:
        raise ValidationError({"manager": _("A member of staff cannot be their own manager.")})
    placement, _created = Placement.objects.update_or_create(
        user=user, defaults={"unit": unit, "manager": manager, "sex": sex}
    )
    return placement


# --- case exercises ------------------------------------------------------------------------------

EXERCISE_SLUG = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")
RESERVED_SLUGS = frozenset({"ny"})  # the address of the page that adds an exercise
MAX_EXERCISE_MINUTES = 8 * 60


def _exercise_problems(
    exercise: CaseExercise | None, *, slug: str, texts: Mapping[str, Bilingual | None], values: Mapping[str, Any]
) -> dict[str, str]:
    errors: dict[str, str] = {}
    if exercise is None:
        if not EXERCISE_SLUG.fullmatch(slug) or len(slug) > SLUG_MAX_LENGTH or slug in RESERVED_SLUGS:
            errors["slug"] = _(
                "Give an address of small letters, digits and single hyphens, such as telefon-aterkomst "
                "(not 'ny'), at most %(max)s characters."
            ) % {"max": SLUG_MAX_LENGTH}
        elif CaseExercise.objects.filter(slug=slug).exists():
            errors["slug"] = _("Another exercise already has the address %(slug)s. Choose another.") % {"slug": slug}
    for name in ("title", "summary", "situation"):
        text = texts[name]
        if text is None or not text.sv.strip() or not text.en.strip():
            errors[f"{name}_sv"] = _("Write this in both Swedish and English.")
    if len(texts["title"].sv if texts["title"] else "") > TITLE_MAX_LENGTH:
        errors["title_sv"] = _("The title is longer than %(max)s characters.") % {"max": TITLE_MAX_LENGTH}
    if values["meeting_kind"] and values["meeting_kind"] not in MeetingKind.values:
        errors["meeting_kind"] = _("Choose a kind of meeting, or every kind for discussion material.")
    minutes = values["minutes"]
    if not isinstance(minutes, int) or not 1 <= minutes <= MAX_EXERCISE_MINUTES:
        errors["minutes"] = _("Give the time needed in whole minutes, from 1 to %(max)s.") % {
            "max": MAX_EXERCISE_MINUTES
        }
    known = {behaviour.name for behaviour in BEHAVIOURS}
    if not values["behaviours"] or set(values["behaviours"]) - known:
        errors["behaviours"] = _("Choose at least one finding of the treatment survey that the exercise addresses.")
    if not values["steps"]:
        errors["steps_sv"] = _("Write at least one step, in both languages.")
    if not values["notes"]:
        errors["notes_sv"] = _("Write at least one note for the facilitator, in both languages.")
    return errors


def exercise_save(
    *,
    acting: Acting,
    exercise: CaseExercise | None,
    slug: str = "",
    meeting_kind: str,
    minutes: int,
    behaviours: Sequence[str],
    title: Bilingual,
    summary: Bilingual,
    situation: Bilingual,
    steps: Sequence[Step],
    notes: Sequence[Bilingual],
    mandatory_for: Bilingual | None = None,
    active: bool = True,
) -> CaseExercise:
    """Adds a case exercise (``exercise`` None, with its ``slug``) or changes one; the address never changes.

    Group sessions that name the exercise keep naming it: an exercise is taken off (``active`` False),
    never deleted.
    """
    acting.require("competence.change_caseexercise" if exercise else "competence.add_caseexercise")
    slug = slug.strip().lower()
    values: dict[str, Any] = {
        "meeting_kind": meeting_kind,
        "minutes": minutes,
        # The order is the order of the findings on the page; choosing the same ones again keeps it.
        "behaviours": (
            list(exercise.behaviours)
            if exercise is not None and set(exercise.behaviours) == set(behaviours)
            else list(dict.fromkeys(behaviours))
        ),
        "steps": steps,
        "notes": notes,
    }
    errors = _exercise_problems(
        exercise, slug=slug, texts={"title": title, "summary": summary, "situation": situation}, values=values
    )
    if errors:
        raise ValidationError(errors)
    row = {
        "meeting_kind": meeting_kind,
        "minutes": minutes,
        "behaviours": values["behaviours"],
        "title": bilingual_json(title),
        "summary": bilingual_json(summary),
        "situation": bilingual_json(situation),
        "steps": steps_json(steps),
        "facilitator_notes": [bilingual_json(note) for note in notes],
        "mandatory_for": bilingual_json(mandatory_for) if mandatory_for else None,
        "active": active,
    }
    with transaction.atomic():
        if exercise is None:
            last = CaseExercise.objects.order_by("-order").values_list("order", flat=True).first()
            saved = CaseExercise.objects.create(slug=slug, order=(last or 0) + 1, **row)
            before: dict[str, Any] = {}
        else:
            saved = CaseExercise.objects.select_for_update().get(pk=exercise.pk)
            before = {name: getattr(saved, name) for name, value in row.items() if getattr(saved, name) != value}
            if not before:
                return saved
            for name, value in row.items():
                setattr(saved, name, value)
            saved.save()
        acting.audit(Action.COMPETENCE_EXERCISE_SAVE, saved, {"before": before})
    return saved


# --- group sessions ------------------------------------------------------------------------------


def group_session_record(
    *,
    acting: Acting,
    exercise: str,
    held_on: datetime.date,
    unit: Unit,
    meeting_kind: str,
    participants: Iterable[User],
    reflection: str,
) -> GroupSession:
    """Records that a group did ``exercise`` together, who took part, and what they reflected on.

    The facilitator is the acting member of staff. Nothing here assesses anyone.
    """
    acting.require("competence.add_groupsession")
    people = list({user.pk: user for user in participants}.values())
    reflection = reflection.strip()
    errors: dict[str, str] = {}
    found = CaseExercise.objects.filter(slug=exercise, active=True).first()
    if found is None:
        errors["exercise"] = _("Choose one of the exercises.")
    if meeting_kind not in MeetingKind.values:
        errors["meeting_kind"] = _("Choose the kind of meeting the group practised.")
    elif found is not None and found.meeting_kind and found.meeting_kind != meeting_kind:
        errors["meeting_kind"] = _("This exercise is for %(kind)s meetings. Choose that kind, or another exercise.") % {
            "kind": str(MeetingKind(found.meeting_kind).label).lower()
        }
    if held_on > clock.today():
        errors["held_on"] = _("The session cannot be later than today.")
    if not people:
        errors["participants"] = _("Choose who took part.")
    if not reflection:
        errors["reflection"] = _("Write a few lines on what the group discussed.")
    elif len(reflection) > REFLECTION_MAX_LENGTH:
        errors["reflection"] = _("Keep the reflection under %(max)s characters.") % {"max": REFLECTION_MAX_LENGTH}
    if errors:
        raise ValidationError(errors)
    if acting.actor is None:
        raise ValidationError({"reason": _("A group session is recorded by the facilitator who led it.")})
    with transaction.atomic():
        session = GroupSession.objects.create(
            exercise=exercise,
            held_on=held_on,
            unit=unit,
            meeting_kind=meeting_kind,
            facilitator=acting.actor,
            reflection=reflection,
        )
        session.participants.set(people)
        acting.audit(
            Action.COMPETENCE_SESSION_RECORD,
            session,
            {"exercise": exercise, "unit": unit.code, "participants": len(people)},
        )
    return session


# --- competence dialogues ------------------------------------------------------------------------


def _levels_problems(levels: Mapping[int, int | None], areas: Sequence[Area], field: str) -> dict[str, str]:
    if set(levels) != {area.pk for area in areas} or any(level not in LEVELS for level in levels.values()):
        return {field: _("Choose a level from 1 to 3 for every area.")}
    return {}


def dialogue_prepare(*, acting: Acting, year: int, self_levels: Mapping[int, int]) -> Dialogue:
    """The acting member of staff's self-assessment for ``year``, ready to discuss with their manager.

    A prepared dialogue may be prepared again until it is agreed; an agreed one stays as it was.
    """
    acting.require()
    user = acting.actor
    if user is None:
        raise ValidationError({"reason": _("Only the member of staff themself prepares their dialogue.")})
    placement = Placement.objects.filter(user=user).select_related("unit").first()
    if placement is None or placement.manager_id is None:
        raise ValidationError(
            _("You have no manager in Lika yet. Ask a competence administrator to record your unit and manager.")
        )
    areas = list(Area.objects.all())
    if not areas:
        raise ValidationError(_("The competence framework has no areas yet."))
    if errors := _levels_problems(self_levels, areas, "self_levels"):
        raise ValidationError(errors)
    with transaction.atomic():
        dialogue, _created = Dialogue.objects.select_for_update().get_or_create(
            staff=user, year=year, defaults={"manager_id": placement.manager_id, "unit": placement.unit}
        )
        if dialogue.status == DialogueStatus.AGREED:
            raise ValidationError(_("The dialogue for %(year)s is already agreed.") % {"year": year})
        for area in areas:
            Rating.objects.update_or_create(dialogue=dialogue, area=area, defaults={"self_level": self_levels[area.pk]})
        acting.audit(Action.COMPETENCE_DIALOGUE_PREPARE, dialogue, {"year": year})
    return dialogue


def dialogue_agree(
    *, acting: Acting, dialogue: Dialogue, goal_levels: Mapping[int, int], activities: Sequence[Activity]
) -> Dialogue:
    """The manager and the member of staff agree goals for every area and a learning plan from the guide."""
    acting.require("competence.change_dialogue")
    if acting.actor is None or acting.actor.pk != dialogue.manager_id:
        raise ValidationError({"reason": _("Only the manager of this member of staff agrees their dialogue.")})
    areas = [rating.area for rating in dialogue.ratings.select_related("area")]
    errors = _levels_problems(goal_levels, areas, "goal_levels")
    if not activities:
        errors["activities"] = _("Choose at least one activity from the guide for the learning plan.")
    elif any(not activity.active for activity in activities):
        errors["activities"] = _("Choose activities that are in the guide now.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        locked = Dialogue.objects.select_for_update().get(pk=dialogue.pk)
        if locked.status == DialogueStatus.AGREED:
            raise ValidationError(_("This dialogue is already agreed."))
        for rating in locked.ratings.all():
            rating.goal_level = goal_levels[rating.area_id]
            rating.save(update_fields=["goal_level"])
        for activity in activities:
            PlanItem.objects.get_or_create(dialogue=locked, activity=activity)
        locked.status = DialogueStatus.AGREED
        locked.agreed_at = timezone.now()
        locked.save(update_fields=["status", "agreed_at"])
        acting.audit(Action.COMPETENCE_DIALOGUE_AGREE, locked, {"activities": [a.pk for a in activities]})
    return locked


def plan_item_done(*, acting: Acting, item: PlanItem, done_on: datetime.date) -> PlanItem:
    """Records that the activity of a learning plan was done, by the member of staff or their manager."""
    acting.require()
    dialogue = item.dialogue
    if acting.actor is None or acting.actor.pk not in (dialogue.staff_id, dialogue.manager_id):
        raise ValidationError({"reason": _("Only the member of staff or their manager records this.")})
    if done_on > clock.today():
        raise ValidationError({"done_on": _("The day it was done cannot be later than today.")})
    if dialogue.status != DialogueStatus.AGREED:
        raise ValidationError(_("Agree the learning plan before recording what is done."))
    with transaction.atomic():
        item.done_on = done_on
        item.save(update_fields=["done_on"])
        acting.audit(Action.COMPETENCE_PLAN_ITEM_DONE, item, {"activity": item.activity_id})
    return item
