"""Every write of the partners part: organisations and their dialogues, activities, the civic introduction.

Each service checks the acting member of staff's permission, validates fully before it writes, owns its
transaction and records an audit event. A refusal is a :class:`ValidationError` keyed by the field at
fault, and changes nothing.
"""

from __future__ import annotations

import datetime
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext as _

from lika.audit.acting import Acting
from lika.audit.actions import Action
from lika.core import clock
from lika.core.official_codes import county_board_name, municipality_name, official_codes
from lika.partners.models import (
    CODED_KINDS,
    Activity,
    ActivityKind,
    ActivitySession,
    Attendance,
    CivicInvitation,
    CivicModule,
    CivicSession,
    Contact,
    CooperationBasis,
    Dialogue,
    Enrolment,
    EnrolmentHow,
    Organisation,
    OrganisationKind,
    SharedTool,
)
from lika.people.identifiers import validate_language_code
from lika.people.models import Person
from lika.people.parameters import AGE_OF_MAJORITY

MAX_CAPACITY = 500
MAX_LANGUAGES = 10
MAX_INVITATIONS = 500


def _languages_problem(codes: Sequence[str]) -> str:
    if not codes:
        return _("Name at least one language, as a code such as sv, ar, ti or prs.")
    if len(codes) > MAX_LANGUAGES:
        return _("Name at most %(count)s languages.") % {"count": MAX_LANGUAGES}
    for code in codes:
        try:
            validate_language_code(code)
        except ValidationError:
            return _("%(code)s is not a language code; write codes such as sv, ar, ti or prs.") % {"code": code}
    return ""


# --- organisations -------------------------------------------------------------------------------


def official_organisations_load(*, acting: Acting) -> int:
    """Creates every municipality and county board of the official codes that is not yet an organisation.

    Running it again creates nothing; returns how many it created.
    """
    acting.require("partners.add_organisation")
    codes = official_codes()
    wanted = [
        (OrganisationKind.COUNTY_BOARD, county.code, county_board_name(county), county.code)
        for county in codes.counties.values()
    ] + [
        (OrganisationKind.MUNICIPALITY, area.code, municipality_name(area), area.county)
        for area in codes.municipalities.values()
    ]
    with transaction.atomic():
        present = set(
            Organisation.objects.filter(kind__in=CODED_KINDS)
            .exclude(official_code="")
            .values_list("kind", "official_code")
        )
        new = [
            Organisation(
                kind=kind, name=name, official_code=code, county_code=county, cooperation_basis=CooperationBasis.NONE
            )
            for kind, code, name, county in wanted
            if (kind, code) not in present
        ]
        Organisation.objects.bulk_create(new)
        if new:
            acting.audit(
                Action.ORGANISATIONS_LOAD,
                ("partners.organisation", "official"),
                {"created": len(new), "valid_from": codes.valid_from.isoformat()},
            )
    return len(new)


def _official_code_problem(kind: str, official_code: str) -> str:
    codes = official_codes()
    if kind == OrganisationKind.MUNICIPALITY and official_code not in codes.municipalities:
        return _("Write the municipality's four-digit code from Statistics Sweden, such as 1280 for Malmö.")
    if kind == OrganisationKind.COUNTY_BOARD and official_code not in codes.counties:
        return _("Write the county's two-digit code from Statistics Sweden, such as 12 for Skåne.")
    if kind not in CODED_KINDS and official_code:
        return _("Only municipalities and county boards have an official code; leave it empty.")
    return ""


def organisation_create(
    *,
    acting: Acting,
    kind: str,
    name: str,
    official_code: str = "",
    county_code: str = "",
    cooperation_basis: str = CooperationBasis.NONE,
    cooperation_note: str = "",
) -> Organisation:
    """Registers an organisation; a municipality or county board must carry its official code, and only once."""
    acting.require("partners.add_organisation")
    errors: dict[str, str] = {}
    name, official_code, county_code = name.strip(), official_code.strip(), county_code.strip()
    if kind not in OrganisationKind.values:
        errors["kind"] = _("Choose what kind of organisation it is.")
    elif problem := _official_code_problem(kind, official_code):
        errors["official_code"] = problem
    elif official_code and Organisation.objects.filter(kind=kind, official_code=official_code).exists():
        errors["official_code"] = _("An organisation with the code %(code)s is already registered.") % {
            "code": official_code
        }
    if not name:
        errors["name"] = _("Write the organisation's name.")
    if county_code and county_code not in official_codes().counties:
        errors["county_code"] = _("Write the county's two-digit code from Statistics Sweden, such as 12 for Skåne.")
    if cooperation_basis not in CooperationBasis.values:
        errors["cooperation_basis"] = _("Choose the basis of the cooperation.")
    if errors:
        raise ValidationError(errors)
    if kind == OrganisationKind.MUNICIPALITY:
        county_code = official_codes().municipalities[official_code].county
    elif kind == OrganisationKind.COUNTY_BOARD:
        county_code = official_code
    with transaction.atomic():
        organisation = Organisation.objects.create(
            kind=kind,
            name=name,
            official_code=official_code,
            county_code=county_code,
            cooperation_basis=cooperation_basis,
            cooperation_note=cooperation_note.strip(),
        )
        acting.audit(Action.ORGANISATION_CREATE, organisation, {"kind": kind, "official_code": official_code})
    return organisation


def organisation_cooperation_change(
    *, acting: Acting, organisation: Organisation, cooperation_basis: str, cooperation_note: str
) -> Organisation:
    """Changes the basis of the cooperation with ``organisation`` and its description."""
    acting.require("partners.change_organisation")
    if cooperation_basis not in CooperationBasis.values:
        raise ValidationError({"cooperation_basis": _("Choose the basis of the cooperation.")})
    with transaction.atomic():
        before = organisation.cooperation_basis
        organisation.cooperation_basis = cooperation_basis
        organisation.cooperation_note = cooperation_note.strip()
        organisation.save(update_fields=["cooperation_basis", "cooperation_note"])
        acting.audit(
            Action.ORGANISATION_COOPERATION_CHANGE, organisation, {"before": before, "after": cooperation_basis}
        )
    return organisation


def contact_add(
    *, acting: Acting, organisation: Organisation, name: str, role: str = "", email: str = "", phone: str = ""
) -> Contact:
    """Adds a contact person at ``organisation``; they need a name and a way to reach them."""
    acting.require("partners.change_organisation")
    errors: dict[str, str] = {}
    name, email, phone = name.strip(), email.strip(), phone.strip()
    if not name:
        errors["name"] = _("Write the contact person's name.")
    if email:
        try:
            validate_email(email)
        except ValidationError:
            errors["email"] = _("%(value)s is not an e-mail address.") % {"value": email}
    if not email and not phone:
        errors["email"] = _("Give an e-mail address or a telephone number.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        contact = Contact.objects.create(
            organisation=organisation, name=name, role=role.strip(), email=email, phone=phone
        )
        acting.audit(Action.CONTACT_ADD, contact, {"organisation": organisation.pk})
    return contact


def dialogue_record(
    *,
    acting: Acting,
    organisation: Organisation,
    held_on: datetime.date,
    topics: str,
    agreed: str = "",
    follow_up_on: datetime.date | None = None,
) -> Dialogue:
    """Logs a dialogue or meeting with ``organisation``: when, about what, what was agreed, when to follow up."""
    acting.require("partners.change_organisation")
    errors: dict[str, str] = {}
    if held_on > clock.today():
        errors["held_on"] = _("Log a dialogue once it has been held, not before.")
    if not topics.strip():
        errors["topics"] = _("Say what the dialogue was about.")
    if follow_up_on is not None and follow_up_on < held_on:
        errors["follow_up_on"] = _("The follow-up comes after the dialogue, on %(date)s or later.") % {
            "date": held_on.isoformat()
        }
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        dialogue = Dialogue.objects.create(
            organisation=organisation,
            held_on=held_on,
            topics=topics.strip(),
            agreed=agreed.strip(),
            follow_up_on=follow_up_on,
            recorded_by=acting.actor,
        )
        acting.audit(Action.DIALOGUE_RECORD, dialogue, {"organisation": organisation.pk})
    return dialogue


# --- activities ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ActivityPlan:
    """What an officer fills in for a new activity."""

    kind: str
    title: str
    provider: Organisation
    place: str
    languages: Sequence[str]
    childcare: bool
    times: str
    capacity: int
    open_for_sign_up: bool = False


def activity_create(*, acting: Acting, plan: ActivityPlan) -> Activity:
    """Creates an early activity or a reception-centre activity."""
    acting.require("partners.add_activity")
    errors: dict[str, str] = {}
    if plan.kind not in ActivityKind.values:
        errors["kind"] = _("Choose the kind of activity.")
    if not plan.title.strip():
        errors["title"] = _("Give the activity a title.")
    if not plan.place.strip():
        errors["place"] = _("Say where the activity is held.")
    if problem := _languages_problem(plan.languages):
        errors["languages"] = problem
    if not plan.times.strip():
        errors["times"] = _("Say when the activity meets, such as Tuesdays 10–12.")
    if not 1 <= plan.capacity <= MAX_CAPACITY:
        errors["capacity"] = _("Give the number of places, 1 to %(max)s.") % {"max": MAX_CAPACITY}
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        activity = Activity.objects.create(
            kind=plan.kind,
            title=plan.title.strip(),
            provider=plan.provider,
            place=plan.place.strip(),
            languages=list(dict.fromkeys(plan.languages)),
            childcare=plan.childcare,
            times=plan.times.strip(),
            capacity=plan.capacity,
            open_for_sign_up=plan.open_for_sign_up,
        )
        acting.audit(
            Action.ACTIVITY_CREATE,
            activity,
            {"kind": plan.kind, "provider": plan.provider.pk, "childcare": plan.childcare},
        )
    return activity


def activity_session_add(
    *, acting: Acting, activity: Activity, day: datetime.date, starts_at: datetime.time, ends_at: datetime.time
) -> ActivitySession:
    """Adds a session of ``activity``; two sessions of one activity do not start at the same time."""
    acting.require("partners.change_activity")
    if ends_at <= starts_at:
        raise ValidationError({"ends_at": _("The session ends after it starts.")})
    if activity.sessions.filter(day=day, starts_at=starts_at).exists():
        raise ValidationError({"day": _("The activity already has a session starting then.")})
    with transaction.atomic():
        session = ActivitySession.objects.create(activity=activity, day=day, starts_at=starts_at, ends_at=ends_at)
        acting.audit(Action.ACTIVITY_SESSION_ADD, session, {"activity": activity.pk, "day": day.isoformat()})
    return session


def _places_left(activity: Activity) -> int:
    return activity.capacity - activity.enrolments.exclude(enrolled_on=None).count()


def enrolment_record(*, acting: Acting, activity: Activity, person: Person, enrol: bool) -> Enrolment:
    """Refers ``person`` to ``activity`` (an offer), or enrols them when ``enrol``.

    Enrolling someone already referred turns the referral into an enrolment; the day of the offer stays.
    """
    acting.require("partners.add_enrolment")
    today = clock.today()
    if person.age_on(today) < AGE_OF_MAJORITY:
        raise ValidationError({"person": _("Activities are for adults; %(name)s is under 18.") % {"name": person}})
    with transaction.atomic():
        locked = Activity.objects.select_for_update().get(pk=activity.pk)
        existing = Enrolment.objects.filter(activity=locked, person=person).first()
        if existing is not None and (existing.enrolled_on is not None or not enrol):
            raise ValidationError({"person": _("%(name)s is already on this activity.") % {"name": person}})
        if enrol and _places_left(locked) < 1:
            raise ValidationError(
                {"person": _("The activity is full: all %(count)s places are taken.") % {"count": locked.capacity}}
            )
        if existing is not None:
            existing.enrolled_on = today
            existing.save(update_fields=["enrolled_on"])
            enrolment = existing
        else:
            enrolment = Enrolment.objects.create(
                activity=locked,
                person=person,
                how=EnrolmentHow.ENROLMENT if enrol else EnrolmentHow.REFERRAL,
                offered_on=today,
                enrolled_on=today if enrol else None,
                recorded_by=acting.actor,
            )
        acting.audit(
            Action.ENROLMENT_RECORD, enrolment, {"activity": activity.pk, "person": person.pk, "enrolled": enrol}
        )
    return enrolment


def activity_sign_up(*, person: Person, activity: Activity) -> Enrolment:
    """Signs ``person`` up, from Min Sida, for an activity open to sign-up (or takes the place they were offered)."""
    acting = Acting(actor=None, actor_label=f"min-sida:person:{person.pk}", reason="Signed up in Min Sida")
    today = clock.today()
    with transaction.atomic():
        locked = Activity.objects.select_for_update().get(pk=activity.pk)
        existing = Enrolment.objects.filter(activity=locked, person=person).first()
        if existing is not None and existing.enrolled_on is not None:
            raise ValidationError({"activity": _("You are already signed up for this activity.")})
        if existing is None and not locked.open_for_sign_up:
            raise ValidationError({"activity": _("This activity is not open for sign-up. Ask your officer.")})
        if _places_left(locked) < 1:
            raise ValidationError({"activity": _("The activity is full. Ask your officer about other activities.")})
        if existing is not None:
            existing.enrolled_on = today
            existing.save(update_fields=["enrolled_on"])
            enrolment = existing
        else:
            enrolment = Enrolment.objects.create(
                activity=locked, person=person, how=EnrolmentHow.SIGN_UP, offered_on=today, enrolled_on=today
            )
        acting.audit(Action.ACTIVITY_SIGN_UP, enrolment, {"activity": activity.pk})
    return enrolment


def attendance_record(*, acting: Acting, session: ActivitySession, present: Collection[int]) -> int:
    """Records who came to ``session``: the enrolments in ``present`` came, every other enrolled person did not.

    Recording again replaces the previous record. Returns how many were present.
    """
    acting.require("partners.change_activity")
    if session.day > clock.today():
        raise ValidationError({"present": _("Record attendance once the session has been held.")})
    enrolled = {
        e.pk: e for e in session.activity.enrolments.exclude(enrolled_on=None).filter(enrolled_on__lte=session.day)
    }
    unknown = set(present) - set(enrolled)
    if unknown:
        raise ValidationError(
            {"present": _("Only people enrolled in the activity by the session's day can be marked present.")}
        )
    with transaction.atomic():
        for enrolment in enrolled.values():
            Attendance.objects.update_or_create(
                session=session,
                enrolment=enrolment,
                defaults={"present": enrolment.pk in present, "recorded_by": acting.actor},
            )
        acting.audit(Action.ATTENDANCE_RECORD, session, {"present": len(set(present)), "enrolled": len(enrolled)})
    return len(set(present))


# --- the civic introduction ----------------------------------------------------------------------


@dataclass(frozen=True)
class CivicPlan:
    held_on: datetime.date
    place: str
    language: str
    modules: Sequence[str]
    interpreter_language: str = ""
    organiser: Organisation | None = None


def civic_session_create(*, acting: Acting, plan: CivicPlan) -> CivicSession:
    """Plans a session of the civic introduction: when, where, in which language and which modules."""
    acting.require("partners.add_civicsession")
    errors: dict[str, str] = {}
    if not plan.place.strip():
        errors["place"] = _("Say where the session is held.")
    if problem := _languages_problem([plan.language]):
        errors["language"] = problem
    if plan.interpreter_language and (problem := _languages_problem([plan.interpreter_language])):
        errors["interpreter_language"] = problem
    if not plan.modules:
        errors["modules"] = _("Choose at least one module.")
    elif unknown := set(plan.modules) - set(CivicModule.values):
        errors["modules"] = _("These are not modules of the civic introduction: %(modules)s.") % {
            "modules": ", ".join(sorted(unknown))
        }
    if errors:
        raise ValidationError(errors)
    modules = [module for module in CivicModule.values if module in set(plan.modules)]
    with transaction.atomic():
        session = CivicSession.objects.create(
            held_on=plan.held_on,
            place=plan.place.strip(),
            language=plan.language,
            interpreter_language=plan.interpreter_language,
            modules=modules,
            organiser=plan.organiser,
        )
        acting.audit(Action.CIVIC_SESSION_CREATE, session, {"modules": modules, "language": plan.language})
    return session


def civic_invite(*, acting: Acting, session: CivicSession, persons: Sequence[Person]) -> int:
    """Calls ``persons`` to ``session``; those already called are left as they are. Returns how many were new."""
    acting.require("partners.change_civicsession")
    if not persons:
        raise ValidationError({"persons": _("Choose at least one person to invite.")})
    if len(persons) > MAX_INVITATIONS:
        raise ValidationError({"persons": _("Invite at most %(count)s people at a time.") % {"count": MAX_INVITATIONS}})
    too_young = [p for p in persons if p.age_on(session.held_on) < AGE_OF_MAJORITY]
    if too_young:
        raise ValidationError(
            {"persons": _("The civic introduction is for adults; %(name)s is under 18.") % {"name": too_young[0]}}
        )
    today = clock.today()
    with transaction.atomic():
        called = set(session.invitations.values_list("person_id", flat=True))
        new = [
            CivicInvitation(session=session, person=p, invited_on=today, recorded_by=acting.actor)
            for p in dict.fromkeys(persons)
            if p.pk not in called
        ]
        CivicInvitation.objects.bulk_create(new)
        acting.audit(Action.CIVIC_INVITE, session, {"invited": len(new)})
    return len(new)


def civic_attendance_record(*, acting: Acting, session: CivicSession, attended: Collection[int]) -> int:
    """Records who took part: the invitations in ``attended`` took part, every other invitation did not."""
    acting.require("partners.change_civicsession")
    if session.held_on > clock.today():
        raise ValidationError({"attended": _("Record attendance once the session has been held.")})
    invitations = list(session.invitations.all())
    unknown = set(attended) - {i.pk for i in invitations}
    if unknown:
        raise ValidationError({"attended": _("Only people invited to the session can be marked as taking part.")})
    with transaction.atomic():
        for invitation in invitations:
            invitation.attended = invitation.pk in attended
            invitation.recorded_by = acting.actor
        CivicInvitation.objects.bulk_update(invitations, ["attended", "recorded_by"])
        acting.audit(Action.CIVIC_ATTENDANCE_RECORD, session, {"attended": len(set(attended))})
    return len(set(attended))


SHARED_TOOL_FIELDS = ("name", "description", "address", "languages", "active")


def shared_tool_save(*, acting: Acting, tool: SharedTool | None, **values: Any) -> SharedTool:
    """Adds a tool the agency shares with its partners (``tool`` None), or changes one; a tool is ended, not deleted."""
    acting.require("partners.change_sharedtool" if tool else "partners.add_sharedtool")
    cleaned = {
        name: values[name].strip() if isinstance(values[name], str) else values[name] for name in SHARED_TOOL_FIELDS
    }
    errors: dict[str, str] = {}
    if not cleaned["name"]:
        errors["name"] = _("Give the tool its name.")
    if not cleaned["description"]:
        errors["description"] = _("Say in a sentence what partners can use it for.")
    if not str(cleaned["address"]).startswith(("https://", "http://")):
        errors["address"] = _("Give the tool's full address, beginning with https://.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        if tool is None:
            saved = SharedTool.objects.create(**cleaned)
        else:
            saved = SharedTool.objects.select_for_update().get(pk=tool.pk)
            for name, value in cleaned.items():
                setattr(saved, name, value)
            saved.save()
        acting.audit(Action.SHARED_TOOL_SAVE, saved, {"name": saved.name, "active": saved.active})
    return saved
