"""Demo: the other actors, with the made-up gap between women and men that narrows where childcare is offered."""

from __future__ import annotations

import datetime
from collections.abc import Callable

import pytest

from lika.accounts.models import User
from lika.accounts.roles import Role
from lika.audit.acting import Acting
from lika.core.official_codes import official_codes
from lika.demo.partners import demo_municipalities_of_residence, demo_partners_load
from lika.newcomer_info.models import Channel, ChannelKind
from lika.partners.models import (
    Activity,
    Attendance,
    CivicInvitation,
    CivicModule,
    CivicSession,
    Dialogue,
    Enrolment,
    Organisation,
    OrganisationKind,
)
from lika.people import services
from lika.people.models import (
    DecisionOutcome,
    EligibilityBasis,
    MunicipalityOfResidence,
    PermitGround,
    PermitKind,
    Person,
    Sex,
)

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 22)


def test_the_demo_loads_organisations_activities_and_the_civic_introduction_once(
    make_person: Callable[..., Person], make_staff: Callable[..., User], acting: Acting
) -> None:
    make_staff(Role.CASE_OFFICER, username="case-officer")
    for number in range(120):
        person = make_person(sex=Sex.FEMALE if number % 2 else Sex.MALE, birth_date=datetime.date(1988, 1, 1))
        services.lma_eligibility_create(
            acting=acting, person=person, basis=EligibilityBasis.values[0], start_date=datetime.date(2021, 6, 1)
        )
    written = demo_partners_load(today=TODAY, seed=5)
    assert written > 0
    assert Organisation.objects.filter(kind=OrganisationKind.MUNICIPALITY).count() == 290
    assert Organisation.objects.filter(kind=OrganisationKind.COUNTY_BOARD).count() == 21
    assert (
        Organisation.objects.exclude(kind__in=[OrganisationKind.MUNICIPALITY, OrganisationKind.COUNTY_BOARD]).count()
        == 12
    )
    assert Dialogue.objects.count() == 4
    partner_channels = Channel.objects.filter(kind=ChannelKind.PARTNER)
    assert sorted(partner_channels.values_list("organisation__name", flat=True)) == [
        "Föreningen Nya grannar",
        "Kvinnonätverket Tillsammans",
        "Språkcaféet Ordet",
    ]
    assert Activity.objects.filter(childcare=True).exists()
    assert Activity.objects.filter(open_for_sign_up=True, sessions__day__gt=TODAY).exists()
    assert Enrolment.objects.count() > 100
    assert not Attendance.objects.filter(session__day__gt=TODAY).exists()
    # Every enrolled person was enrolled before the sessions they attended, and no activity is over-full.
    for activity in Activity.objects.all():
        assert activity.enrolments.exclude(enrolled_on=None).count() <= activity.capacity
    sessions = CivicSession.objects.order_by("held_on")
    assert sessions.first().held_on.year == 2022  # type: ignore[union-attr]
    assert set(sessions.last().modules) == set(CivicModule.values)  # type: ignore[union-attr]
    assert CivicInvitation.objects.count() > 50
    assert demo_partners_load(today=TODAY, seed=5) == 0


def test_people_granted_a_permit_settle_in_a_municipality_once(
    make_person: Callable[..., Person], acting: Acting
) -> None:
    for number in range(6):
        person = make_person(sex=Sex.FEMALE if number % 2 else Sex.MALE)
        application = services.permit_application_submit(
            acting=acting, person=person, ground=PermitGround.FAMILY_TIES, submitted_on=datetime.date(2025, 1, 1)
        )
        services.permit_decision_record(
            acting=acting,
            application=application,
            decided_on=datetime.date(2026, 5, 1) if number else datetime.date(2026, 11, 20),
            outcome=DecisionOutcome.GRANTED,
            permit_kind=PermitKind.TEMPORARY,
            valid_from=datetime.date(2026, 5, 1),
            valid_until=datetime.date(2029, 5, 1),
        )
    assert demo_municipalities_of_residence(today=TODAY, seed=5) == 5, "the latest grant has not settled yet"
    assert all(
        code in official_codes().municipalities
        for code in MunicipalityOfResidence.objects.values_list("municipality_code", flat=True)
    )
    assert demo_municipalities_of_residence(today=TODAY, seed=5) == 0
