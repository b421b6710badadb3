"""The organisation the competence tests share (built by the ``org`` fixture in conftest), and two treatment
surveys around the training of some of its units, with a known effect."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from lika.accounts.models import User
from lika.audit.acting import Acting
from lika.competence import services
from lika.competence.models import Activity, Area, MeetingKind, Unit
from lika.people.models import Sex
from lika.treatment_survey.models import Observation, Observer, OfficerCode, Session, Site, Survey


@dataclass
class Organisation:
    admin: User
    facilitator: User
    manager: User
    other_manager: User
    staff: User
    unit: Unit
    areas: list[Area]
    lgbtqi_asylum: Activity
    racism_elearning: Activity
    telephone: Activity


BEFORE = (datetime.date(2026, 2, 2), datetime.date(2026, 2, 27))
AFTER = (datetime.date(2026, 9, 1), datetime.date(2026, 9, 30))
TODAY = datetime.date(2026, 11, 1)
# Shares answered yes, per (trained, wave, woman). Men 60 % everywhere; women in trained units 40 % → 55 %,
# in untrained units 40 % → 45 %. The gaps narrow by 15 and 5 points: the triple difference is -10 points.
SHARES = {
    (True, 0, True): 0.40,
    (True, 0, False): 0.60,
    (True, 1, True): 0.55,
    (True, 1, False): 0.60,
    (False, 0, True): 0.40,
    (False, 0, False): 0.60,
    (False, 1, True): 0.45,
    (False, 1, False): 0.60,
}
OFFICERS = 4
PER_OFFICER = 20  # women, and as many men, per officer and survey


def _survey(number: int, days: tuple[datetime.date, datetime.date], sites: dict[str, bool]) -> Survey:
    """A survey whose every officer answers ``offered_choice`` yes in exactly the shares of :data:`SHARES`."""
    survey = Survey.objects.create(name=f"Survey {number}", first_day=days[0], last_day=days[1])
    observer = Observer.objects.create(survey=survey, code="OBS-1")
    rows = []
    for code, trained in sites.items():
        site = Site.objects.create(survey=survey, code=code, name=code, channels=["office"])
        session = Session.objects.create(survey=survey, observer=observer, site=site, channel="office", day=days[0])
        for officer_number in range(OFFICERS):
            officer = OfficerCode.objects.create(survey=survey, code=f"{code}-{officer_number}")
            for woman in (True, False):
                yes = round(SHARES[(trained, number, woman)] * PER_OFFICER)
                for contact in range(PER_OFFICER):
                    answer = "yes" if contact < yes else "no"
                    rows.append(
                        Observation(
                            survey=survey,
                            session=session,
                            contact_code=f"{officer.code}-{'W' if woman else 'M'}{contact}",
                            officer=officer,
                            client_sex=Sex.FEMALE if woman else Sex.MALE,
                            answers={"offered_choice": answer, "explained_next_step": "yes"},
                        )
                    )
        # The second observer's record of a contact does not count twice.
        first = rows[-1]
        rows.append(
            Observation(
                survey=survey,
                session=session,
                contact_code=first.contact_code,
                second_observer=True,
                officer=first.officer,
                client_sex=first.client_sex,
                answers={"offered_choice": "yes"},
            )
        )
    Observation.objects.bulk_create(rows)
    return survey


def trained_and_not_create(org: Organisation) -> dict[str, list[User]]:
    """Two units trained between two surveys (all their staff) and two that were not (one member trained earlier).

    Every officer answers ``offered_choice`` yes in exactly the shares of :data:`SHARES`, so the triple
    difference is known: -10 points, with an interval of no width.
    """
    units = {"T-1": True, "T-2": True, "U-1": False, "U-2": False}
    staff: dict[str, list[User]] = {}
    for code in units:
        unit = services.unit_ensure(code=code, name=f"Unit {code}")
        staff[code] = []
        for number, sex in enumerate((Sex.FEMALE, Sex.FEMALE, Sex.MALE)):
            user = User.objects.create_user(username=f"{code.lower()}-{number}")
            services.placement_set(user=user, unit=unit, manager=org.manager, sex=sex)
            staff[code].append(user)
    acting = Acting(actor=org.facilitator, reason="Test sessions")
    for code, trained in units.items():
        unit = services.unit_ensure(code=code, name="")
        held_on = datetime.date(2026, 5, 4) if trained else datetime.date(2025, 11, 3)
        services.group_session_record(
            acting=acting,
            exercise="telefon-aterkomst",
            held_on=held_on,
            unit=unit,
            meeting_kind=MeetingKind.TELEPHONE,
            participants=staff[code] if trained else staff[code][:1],
            reflection="Vi talade om hur vi erbjuder val.",
        )
    _survey(0, BEFORE, units)
    _survey(1, AFTER, units)
    return staff
