"""Participation reaches the follow-up: the fact tables rebuilt from the partners part, and the indicators on them."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from pathlib import Path

import pytest

from lika.audit.acting import Acting
from lika.followup.facts.build import facts_rebuild
from lika.followup.facts.export import facts_export
from lika.followup.indicators.catalogue import BY_CODE
from lika.followup.indicators.engines import DuckDBEngine
from lika.followup.indicators.labels import ACTIVITY_KINDS, value_label
from lika.followup.indicators.results import indicator_run
from lika.followup.models import (
    CivicIntroductionAttendance,
    FactActivityParticipation,
    FactCivicIntroduction,
    RegisterImport,
    RegisterKind,
)
from lika.partners import services
from lika.partners.models import Activity, ActivityKind, Organisation, OrganisationKind
from lika.people.models import Person, Sex
from lika.statistics.disclosure import DisclosureRules
from lika.testing.clock import Clock

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 3, 2)
OPEN = DisclosureRules(min_count=1, min_denominator=1)


@pytest.fixture(autouse=True)
def _today(clock: Clock) -> None:
    clock.set_today(TODAY)


def _activity(acting: Acting, provider: Organisation, *, childcare: bool) -> Activity:
    return services.activity_create(
        acting=acting,
        plan=services.ActivityPlan(
            kind=ActivityKind.EARLY,
            title="Med barnpassning" if childcare else "Utan barnpassning",
            provider=provider,
            place="Boendet",
            languages=["ar"],
            childcare=childcare,
            times="Måndagar 10–12",
            capacity=50,
        ),
    )


def _offer(acting: Acting, activity: Activity, people: list[Person], *, enrolled: int, came: int) -> list[int]:
    """Offers ``activity`` to ``people``, enrols the first ``enrolled``; returns the enrolments of the first ``came``."""
    present = []
    for number, person in enumerate(people):
        enrolment = services.enrolment_record(acting=acting, activity=activity, person=person, enrol=number < enrolled)
        if number < came:
            present.append(enrolment.pk)
    return present


def test_offers_enrolments_and_attendance_become_facts_and_the_gap_narrows_with_childcare(
    acting: Acting, make_person: Callable[..., Person], tmp_path: Path
) -> None:
    provider = services.organisation_create(
        acting=acting, kind=OrganisationKind.RECEPTION_CENTRE, name="Boendet i Kristianstad"
    )
    with_care, without = _activity(acting, provider, childcare=True), _activity(acting, provider, childcare=False)
    women = [make_person(sex=Sex.FEMALE) for _ in range(8)]
    men = [make_person(sex=Sex.MALE) for _ in range(8)]
    present = {
        with_care: _offer(acting, with_care, women[:4], enrolled=4, came=3)
        + _offer(acting, with_care, men[:4], enrolled=4, came=3),
        without: _offer(acting, without, women[4:], enrolled=3, came=1)
        + _offer(acting, without, men[4:], enrolled=4, came=4),
    }
    for activity, came in present.items():
        session = services.activity_session_add(
            acting=acting, activity=activity, day=TODAY, starts_at=datetime.time(10), ends_at=datetime.time(12)
        )
        services.attendance_record(acting=acting, session=session, present=set(came))
    facts_rebuild(as_of=TODAY)
    assert FactActivityParticipation.objects.count() == 16
    assert FactActivityParticipation.objects.filter(sex="female", enrolled=True).count() == 7
    assert FactActivityParticipation.objects.filter(sex="female", attended=True).count() == 4
    facts_export(tmp_path)
    result = indicator_run(
        BY_CODE["activity_attended"], engine=DuckDBEngine(tmp_path), rules=OPEN, breakdown=("childcare",)
    )
    assert result.figure(year=2026, sex="female", childcare="yes").share == 0.75
    assert result.figure(year=2026, sex="male", childcare="yes").share == 0.75
    assert result.figure(year=2026, sex="female", childcare="no").share == 0.25
    assert result.figure(year=2026, sex="male", childcare="no").share == 1.0
    enrolled = indicator_run(BY_CODE["activity_enrolled"], engine=DuckDBEngine(tmp_path), rules=OPEN)
    assert enrolled.figure(year=2026, sex="female").population == 8
    assert enrolled.figure(year=2026, sex="female").share == 7 / 8


def test_attendance_not_yet_held_is_not_counted(acting: Acting, make_person: Callable[..., Person]) -> None:
    provider = services.organisation_create(acting=acting, kind=OrganisationKind.RECEPTION_CENTRE, name="Boendet")
    activity = _activity(acting, provider, childcare=True)
    services.enrolment_record(acting=acting, activity=activity, person=make_person(), enrol=False)
    facts_rebuild(as_of=TODAY)
    fact = FactActivityParticipation.objects.get()
    assert (fact.enrolled, fact.attended, fact.childcare, fact.activity_kind) == (False, False, "yes", "early")
    # An offer made after the day the facts are built for is not yet a fact.
    facts_rebuild(as_of=TODAY - datetime.timedelta(days=1))
    assert not FactActivityParticipation.objects.exists()


def test_the_civic_introduction_counts_lika_sessions_and_the_register_together(
    acting: Acting, make_person: Callable[..., Person], tmp_path: Path
) -> None:
    session = services.civic_session_create(
        acting=acting,
        plan=services.CivicPlan(held_on=TODAY, place="Boendet i Gävle", language="ar", modules=["childcare"]),
    )
    woman, man = make_person(sex=Sex.FEMALE), make_person(sex=Sex.MALE)
    services.civic_invite(acting=acting, session=session, persons=[woman, man])
    later = services.civic_session_create(
        acting=acting,
        plan=services.CivicPlan(
            held_on=TODAY + datetime.timedelta(days=7), place="Boendet i Gävle", language="ar", modules=["work"]
        ),
    )
    services.civic_invite(acting=acting, session=later, persons=[woman])
    services.civic_attendance_record(
        acting=acting,
        session=session,
        attended=set(session.invitations.filter(person=woman).values_list("id", flat=True)),
    )
    register = RegisterImport.objects.create(
        kind=RegisterKind.CIVIC_INTRODUCTION, file_name="r.csv", sha256="1" * 64, rows=1, rows_new=1, reason="Test"
    )
    CivicIntroductionAttendance.objects.create(
        record_id="R1",
        register_import=register,
        birth_year=1990,
        region="21",
        year=2026,
        quarter=1,
        sex="female",
        age_group="35-44",
        country_of_birth="ER",
        called_on=datetime.date(2026, 2, 1),
        attended=False,
    )
    facts_rebuild(as_of=TODAY)
    facts = {(f.source, f.sex): f.attended for f in FactCivicIntroduction.objects.all()}
    # The session next week has no attendance yet: it is not a fact.
    assert facts == {("lika", "female"): True, ("lika", "male"): False, ("register", "female"): False}
    facts_export(tmp_path)
    result = indicator_run(BY_CODE["civic_introduction_attended"], engine=DuckDBEngine(tmp_path), rules=OPEN)
    assert result.figure(year=2026, sex="female").population == 2
    assert result.figure(year=2026, sex="female").share == 0.5


def test_every_kind_of_activity_has_a_label_in_the_follow_up() -> None:
    assert set(ACTIVITY_KINDS) == set(ActivityKind.values)
    assert value_label("childcare", "yes") != "yes"


def test_a_small_group_is_hidden_by_the_follow_ups_disclosure_control(
    acting: Acting, make_person: Callable[..., Person], tmp_path: Path
) -> None:
    provider = services.organisation_create(acting=acting, kind=OrganisationKind.RECEPTION_CENTRE, name="Boendet")
    activity = _activity(acting, provider, childcare=False)
    _offer(acting, activity, [make_person(sex=Sex.FEMALE) for _ in range(2)], enrolled=2, came=0)
    _offer(acting, activity, [make_person(sex=Sex.MALE) for _ in range(30)], enrolled=30, came=0)
    facts_rebuild(as_of=TODAY)
    facts_export(tmp_path)
    result = indicator_run(BY_CODE["activity_enrolled"], engine=DuckDBEngine(tmp_path), rules=DisclosureRules())
    assert result.figure(year=2026, sex="female").share is None
    assert result.figure(year=2026, sex="male").population == 30
