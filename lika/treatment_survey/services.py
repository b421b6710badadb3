"""Every write of a treatment survey: its set-up, its sampling plan, and the observations.

Each service validates fully before it writes, owns its transaction and records an audit event
saying who did it and why; a refusal is a :class:`ValidationError` keyed by the field at fault and
changes nothing. What is fixed before fieldwork stays fixed: once a survey has observations, its
reliability pass mark and double-coded share cannot change and its protection rule can only get
stricter; once its sampling plan is drawn, its double-coded share cannot change; and a plan is
drawn once (drawing again until the slots look convenient would undo the randomness).
"""

from __future__ import annotations

import datetime
import hashlib
import re
import secrets
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from lika.audit.acting import Acting
from lika.audit.actions import Action
from lika.core import clock
from lika.people.models import Sex
from lika.treatment_survey.analysis.sampling import Stratum, opening_slots, sampling_plan
from lika.treatment_survey.imports.exports import (
    ParsedExport,
    SurveyFrame,
    export_parse,
    same_setting_message,
    value_problem,
)
from lika.treatment_survey.imports.readers import ExportError, Problem, sheets_read
from lika.treatment_survey.models import (
    Observation,
    ObservationImport,
    Observer,
    OfficerCode,
    Session,
    Site,
    Slot,
    Survey,
)
from lika.treatment_survey.protocol.definition import CHANNELS, CODE_PATTERN, CONTACT_ITEMS
from lika.treatment_survey.selectors import survey_frame

if TYPE_CHECKING:
    from lika.accounts.models import User

PASS_MARK_RANGE = (Decimal("0.500"), Decimal("1.000"))
DOUBLE_CODED_RANGE = (Decimal("0.000"), Decimal("0.500"))
MAX_OFFICER_CODES = 1000
OFFICER_CODE_LENGTH = 5
# Letters and digits that cannot be mistaken for each other when read aloud or written by hand.
OFFICER_CODE_ALPHABET = "ACDEFHJKLMNPRTUVWXY3479"
MAX_SLOTS = 5000


def _has_observations(survey: Survey) -> bool:
    return Observation.objects.filter(survey=survey).exists()


def _check_code(field: str, code: str) -> None:
    if not re.fullmatch(CODE_PATTERN, code):
        raise ValidationError(
            {field: _("Write a code of 2 to 16 capital letters, digits and hyphens, for example MALMO or OBS-1.")}
        )


# --- the survey ----------------------------------------------------------------------------------


def _check_rules(pass_mark: Decimal, double_coded_share: Decimal, min_officers: int, min_contacts: int) -> None:
    errors: dict[str, str] = {}
    if not PASS_MARK_RANGE[0] <= pass_mark <= PASS_MARK_RANGE[1]:
        errors["pass_mark"] = _(
            "The pass mark is an alpha between 0.5 and 1; 0.8 is usual, 0.667 the least for tentative results."
        )
    if not DOUBLE_CODED_RANGE[0] <= double_coded_share <= DOUBLE_CODED_RANGE[1]:
        errors["double_coded_share"] = _(
            "The double-coded share lies between 0 and 0.5, for example 0.1 for ten per cent."
        )
    if min_officers < 2:
        errors["min_officers"] = _("Every figure needs at least two officers behind it.")
    if min_contacts < 5:
        errors["min_contacts"] = _("Every figure needs at least five contacts behind it.")
    if errors:
        raise ValidationError(errors)


def survey_create(
    *,
    acting: Acting,
    name: str,
    first_day: datetime.date,
    last_day: datetime.date,
    channels: Sequence[str],
    pass_mark: Decimal = Decimal("0.800"),
    double_coded_share: Decimal = Decimal("0.100"),
    min_officers: int = 5,
    min_contacts: int = 20,
) -> Survey:
    """Creates a survey with its channels and the rules fixed before fieldwork."""
    acting.require("treatment_survey.add_survey")
    if not name.strip():
        raise ValidationError({"name": _("Give the survey a name.")})
    if last_day < first_day:
        raise ValidationError({"last_day": _("The last day comes before the first day.")})
    known = [choice.value for choice in CHANNELS]
    if not channels or any(channel not in known for channel in channels):
        raise ValidationError({"channels": _("Choose at least one of the protocol's channels.")})
    _check_rules(pass_mark, double_coded_share, min_officers, min_contacts)
    with transaction.atomic():
        survey = Survey.objects.create(
            name=name.strip(),
            first_day=first_day,
            last_day=last_day,
            channels=[channel for channel in known if channel in set(channels)],
            pass_mark=pass_mark,
            double_coded_share=double_coded_share,
            min_officers=min_officers,
            min_contacts=min_contacts,
            created_by=acting.actor,
        )
        acting.audit(Action.SURVEY_CREATE, survey, {"channels": survey.channels})
    return survey


def survey_rules_change(
    *,
    acting: Acting,
    survey: Survey,
    pass_mark: Decimal,
    double_coded_share: Decimal,
    min_officers: int,
    min_contacts: int,
) -> Survey:
    """Changes the survey's rules; once it has observations, only a stricter protection rule is allowed."""
    acting.require("treatment_survey.change_survey")
    _check_rules(pass_mark, double_coded_share, min_officers, min_contacts)
    with transaction.atomic():
        survey = Survey.objects.select_for_update().get(pk=survey.pk)
        if double_coded_share != survey.double_coded_share and Slot.objects.filter(survey=survey).exists():
            raise ValidationError(
                {"double_coded_share": _("The sampling plan has marked its slots for two observers at this share.")}
            )
        if _has_observations(survey):
            if pass_mark != survey.pass_mark:
                raise ValidationError({"pass_mark": _("The pass mark was fixed before fieldwork; observations exist.")})
            if double_coded_share != survey.double_coded_share:
                raise ValidationError(
                    {"double_coded_share": _("The double-coded share was fixed before fieldwork; observations exist.")}
                )
            if min_officers < survey.min_officers or min_contacts < survey.min_contacts:
                raise ValidationError(
                    {"min_officers": _("Once observations exist, the protection rule can only become stricter.")}
                )
        before = {
            "pass_mark": str(survey.pass_mark),
            "double_coded_share": str(survey.double_coded_share),
            "min_officers": survey.min_officers,
            "min_contacts": survey.min_contacts,
        }
        survey.pass_mark, survey.double_coded_share = pass_mark, double_coded_share
        survey.min_officers, survey.min_contacts = min_officers, min_contacts
        survey.save(update_fields=["pass_mark", "double_coded_share", "min_officers", "min_contacts"])
        acting.audit(Action.SURVEY_RULES_CHANGE, survey, {"before": before})
    return survey


def site_add(*, acting: Acting, survey: Survey, code: str, name: str, channels: Sequence[str]) -> Site:
    """Adds a site with the survey's channels observed there."""
    acting.require("treatment_survey.change_survey")
    _check_code("code", code)
    if not name.strip():
        raise ValidationError({"name": _("Give the site a name.")})
    if not channels or any(channel not in survey.channels for channel in channels):
        raise ValidationError({"channels": _("Choose at least one of the survey's channels.")})
    with transaction.atomic():
        Survey.objects.select_for_update().get(pk=survey.pk)
        if Site.objects.filter(survey=survey, code=code).exists():
            raise ValidationError({"code": _("The survey already has a site with this code.")})
        ordered = [channel for channel in survey.channels if channel in set(channels)]
        site = Site.objects.create(survey=survey, code=code, name=name.strip(), channels=ordered)
        acting.audit(Action.SURVEY_SITE_ADD, site, {"channels": ordered})
    return site


def observer_add(*, acting: Acting, survey: Survey, code: str, user: User | None = None) -> Observer:
    """Adds an observer; one with a login records in Lika's own form, one without only through exports."""
    acting.require("treatment_survey.change_survey")
    _check_code("code", code)
    if user is not None and not user.has_perm("treatment_survey.add_observation"):
        raise ValidationError({"user": _("This person's role does not allow recording observations.")})
    with transaction.atomic():
        Survey.objects.select_for_update().get(pk=survey.pk)
        if Observer.objects.filter(survey=survey, code=code).exists():
            raise ValidationError({"code": _("The survey already has an observer with this code.")})
        if user is not None and Observer.objects.filter(survey=survey, user=user).exists():
            raise ValidationError({"user": _("This person is already an observer in the survey.")})
        observer = Observer.objects.create(survey=survey, code=code, user=user)
        acting.audit(Action.SURVEY_OBSERVER_ADD, observer, {"with_login": user is not None})
    return observer


def officer_codes_issue(*, acting: Acting, survey: Survey, count: int) -> list[OfficerCode]:
    """Draws ``count`` new random pseudonyms for the lead to hand out to officers.

    The codes say nothing about the officer. Lika keeps no list of who has which code; the lead
    keeps that key apart from the data and destroys it when the survey is reported.
    """
    acting.require("treatment_survey.change_survey")
    if not 1 <= count <= MAX_OFFICER_CODES:
        raise ValidationError(
            {"count": _("Issue between 1 and %(most)s codes at a time.") % {"most": MAX_OFFICER_CODES}}
        )
    with transaction.atomic():
        Survey.objects.select_for_update().get(pk=survey.pk)
        taken = set(OfficerCode.objects.filter(survey=survey).values_list("code", flat=True))
        new: list[str] = []
        while len(new) < count:
            code = "".join(secrets.choice(OFFICER_CODE_ALPHABET) for _ in range(OFFICER_CODE_LENGTH))
            if code not in taken:
                taken.add(code)
                new.append(code)
        codes = OfficerCode.objects.bulk_create([OfficerCode(survey=survey, code=code) for code in sorted(new)])
        acting.audit(Action.SURVEY_OFFICER_CODES_ISSUE, survey, {"count": count})
    return codes


def sampling_plan_draw(
    *,
    acting: Acting,
    survey: Survey,
    strata: Sequence[tuple[Site, str, int]],
    opens: datetime.time,
    closes: datetime.time,
    minutes: int,
    seed: int | None = None,
) -> list[Slot]:
    """Draws the survey's random time slots, ``slots`` per (site, channel), once.

    The seed is drawn at random unless given, and kept in the audit trail so that the plan can be
    drawn again identically by anyone checking it.
    """
    acting.require("treatment_survey.change_survey")
    if not 5 <= minutes <= 480:
        raise ValidationError({"minutes": _("A slot lasts from 5 minutes to 8 hours.")})
    if closes <= opens:
        raise ValidationError({"closes": _("The closing time comes before the opening time.")})
    candidates = opening_slots(survey.first_day, survey.last_day, opens=opens, closes=closes, minutes=minutes)
    chosen = [(site, channel, slots) for site, channel, slots in strata if slots > 0]
    for site, channel, _slots in chosen:
        if site.survey_id != survey.pk or channel not in site.channels:
            raise ValidationError({"strata": _("Each stratum must be a site of the survey and one of its channels.")})
    if not chosen or sum(slots for _site, _channel, slots in chosen) > MAX_SLOTS:
        raise ValidationError({"strata": _("Ask for between 1 and %(most)s slots in all.") % {"most": MAX_SLOTS}})
    seed = secrets.randbelow(10**9) if seed is None else seed
    try:
        plan = sampling_plan(
            [Stratum(site.code, channel, slots, candidates) for site, channel, slots in chosen],
            double_coded_share=float(survey.double_coded_share),
            seed=seed,
        )
    except ValueError as error:
        raise ValidationError(
            {"strata": _("A stratum asks for more slots than the opening hours of the period hold.")}
        ) from error
    sites = {site.code: site for site, _channel, _slots in chosen}
    with transaction.atomic():
        Survey.objects.select_for_update().get(pk=survey.pk)
        if Slot.objects.filter(survey=survey).exists():
            raise ValidationError({"strata": _("The survey's sampling plan is already drawn; a plan is drawn once.")})
        slots = Slot.objects.bulk_create(
            [
                Slot(
                    survey=survey,
                    code=planned.code,
                    site=sites[planned.site],
                    channel=planned.channel,
                    day=planned.day,
                    start=planned.start,
                    minutes=minutes,
                    double_coded=planned.double_coded,
                )
                for planned in plan
            ]
        )
        acting.audit(
            Action.SURVEY_SAMPLING_PLAN_DRAW,
            survey,
            {
                "seed": seed,
                "strata": [[site.code, channel, count] for site, channel, count in chosen],
                "opens": opens.isoformat(),
                "closes": closes.isoformat(),
                "minutes": minutes,
                "slots": len(slots),
            },
        )
    return slots


# --- observations --------------------------------------------------------------------------------


def session_open(
    *,
    acting: Acting,
    survey: Survey,
    observer: Observer,
    site: Site,
    channel: str,
    day: datetime.date,
    slot: Slot | None = None,
) -> Session:
    """Opens an observation session in Lika's own form."""
    acting.require("treatment_survey.add_observation")
    if observer.survey_id != survey.pk or site.survey_id != survey.pk:
        raise ValidationError({"site": _("The observer and the site must belong to the survey.")})
    if channel not in site.channels:
        raise ValidationError({"channel": _("This site has no such channel in the survey.")})
    if not survey.first_day <= day <= survey.last_day:
        raise ValidationError({"day": _("The day must fall in the survey's period.")})
    if slot is not None and (slot.survey_id != survey.pk or slot.site_id != site.pk or slot.channel != channel):
        raise ValidationError({"slot": _("The slot belongs to another site or channel.")})
    with transaction.atomic():
        session = Session.objects.create(
            survey=survey, observer=observer, site=site, channel=channel, day=day, slot=slot
        )
        acting.audit(Action.SURVEY_SESSION_OPEN, session)
    return session


def _contact_answers(values: Mapping[str, str], frame: SurveyFrame, known: Mapping[str, str]) -> dict[str, str]:
    """Checks one contact's answers against the protocol; returns those that apply or raises per field."""
    errors: dict[str, str] = {}
    seen: dict[str, str] = dict(known)
    answers: dict[str, str] = {}
    for item in CONTACT_ITEMS:
        value = (values.get(item.name) or "").strip()
        if not item.applies(seen):
            if value:
                errors[item.name] = _("This does not apply here; leave it empty.")
            continue
        seen[item.name] = value
        if not value:
            errors[item.name] = _("This applies here; answer it.")
            continue
        problem = value_problem(item, value, frame, seen)
        if problem:
            errors[item.name] = problem
            continue
        answers[item.name] = value
    if errors:
        raise ValidationError(errors)
    return answers


def observation_record(*, acting: Acting, session: Session, values: Mapping[str, str]) -> Observation:
    """Records one contact of ``session``; ``values`` maps the protocol's contact items to answers ("" for none)."""
    acting.require("treatment_survey.add_observation")
    survey = session.survey
    answers = _contact_answers(values, survey_frame(survey), {"channel": session.channel, "site": session.site.code})
    code = answers.pop("contact_code")
    second = answers.pop("second_observer") == "yes"
    officer_code = answers.pop("officer_code")
    sex = answers.pop("client_sex")
    basis = answers.pop("client_sex_basis", "")
    with transaction.atomic():
        Survey.objects.select_for_update().get(pk=survey.pk)
        others = Observation.objects.filter(survey=survey, contact_code=code).select_related("session__site")
        if any(other.second_observer == second for other in others):
            if second:
                raise ValidationError({"contact_code": _("This contact already has a second observer.")})
            raise ValidationError({"contact_code": _("This contact is already recorded by its first observer.")})
        if any(other.session.observer_id == session.observer_id for other in others):
            raise ValidationError({"second_observer": _("You have already recorded this contact.")})
        for other in others:
            there = other.session
            if (there.site_id, there.channel, there.day) != (session.site_id, session.channel, session.day):
                where = f"{there.site.code}, {there.channel}, {there.day.isoformat()}"
                raise ValidationError({"contact_code": same_setting_message(code, where)})
        observation = Observation.objects.create(
            survey=survey,
            session=session,
            contact_code=code,
            second_observer=second,
            officer=OfficerCode.objects.get(survey=survey, code=officer_code),
            client_sex=Sex(sex),
            client_sex_basis=basis,
            answers=answers,
        )
        acting.audit(Action.SURVEY_OBSERVATION_RECORD, observation)
    return observation


def _conflicts(survey: Survey, parsed: ParsedExport) -> list[Problem]:
    """Contacts of the export that clash with observations already stored."""
    stored: dict[tuple[str, bool], tuple[str, tuple[str, str, datetime.date]]] = {
        (code, second): (observer, (site, channel, day))
        for code, second, observer, site, channel, day in Observation.objects.filter(survey=survey).values_list(
            "contact_code",
            "second_observer",
            "session__observer__code",
            "session__site__code",
            "session__channel",
            "session__day",
        )
    }
    problems = []
    for session in parsed.sessions:
        setting = (session.site, session.channel, session.day)
        for contact in session.contacts:
            key = (contact.contact_code, contact.second_observer)
            other = stored.get((contact.contact_code, not contact.second_observer))
            code = {"code": contact.contact_code}
            if key in stored:
                text = _("The contact %(code)s is already in the survey for this observer role.") % code
            elif other is not None and other[0] == session.observer:
                text = _("The first and second observer of contact %(code)s must be different people.") % code
            elif other is not None and other[1] != setting:
                text = same_setting_message(contact.contact_code, ", ".join(str(part) for part in other[1]))
            else:
                continue
            problems.append(Problem(contact.source, contact.position, contact.unit, "contact_code", text))
    return problems


def observations_import(*, acting: Acting, survey: Survey, files: Sequence[tuple[str, bytes]]) -> ObservationImport:
    """Brings in an ODK Central or KoboToolbox export, all or nothing.

    Submissions already imported (by their instance id) are skipped, so a cumulative export can be
    imported again as fieldwork goes on. Everything else must pass the protocol's checks.
    """
    acting.require("treatment_survey.add_observationimport")
    if not files:
        raise ValidationError({"files": _("Choose the export's files.")})
    parsed = export_parse(sheets_read(files), survey_frame(survey))
    with transaction.atomic():
        Survey.objects.select_for_update().get(pk=survey.pk)
        done = set(Session.objects.filter(survey=survey).exclude(instance_id="").values_list("instance_id", flat=True))
        new = ParsedExport(dialect=parsed.dialect, sessions=[s for s in parsed.sessions if s.instance_id not in done])
        problems = _conflicts(survey, new)
        if problems:
            raise ExportError(problems)
        record = ObservationImport.objects.create(
            survey=survey,
            dialect=parsed.dialect.value,
            files=[
                {"name": name, "bytes": len(data), "sha256": hashlib.sha256(data).hexdigest()} for name, data in files
            ],
            sessions_count=len(new.sessions),
            observations_count=sum(len(s.contacts) for s in new.sessions),
            skipped=len(parsed.sessions) - len(new.sessions),
            imported_by=acting.actor,
            imported_at=clock.now(),
        )
        observers = dict(Observer.objects.filter(survey=survey).values_list("code", "pk"))
        sites = dict(Site.objects.filter(survey=survey).values_list("code", "pk"))
        officers = dict(OfficerCode.objects.filter(survey=survey).values_list("code", "pk"))
        sessions = Session.objects.bulk_create(
            [
                Session(
                    survey=survey,
                    observer_id=observers[s.observer],
                    site_id=sites[s.site],
                    channel=s.channel,
                    day=s.day,
                    instance_id=s.instance_id,
                    source_import=record,
                )
                for s in new.sessions
            ]
        )
        Observation.objects.bulk_create(
            [
                Observation(
                    survey=survey,
                    session=stored,
                    contact_code=contact.contact_code,
                    second_observer=contact.second_observer,
                    officer_id=officers[contact.officer],
                    client_sex=contact.client_sex,
                    client_sex_basis=contact.client_sex_basis,
                    answers=contact.answers,
                )
                for stored, parsed_session in zip(sessions, new.sessions, strict=True)
                for contact in parsed_session.contacts
            ]
        )
        acting.audit(
            Action.SURVEY_OBSERVATIONS_IMPORT,
            record,
            {"dialect": record.dialect, "observations": record.observations_count, "skipped": record.skipped},
        )
    return record
