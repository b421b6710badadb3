"""The staff pages: who may see and do what, forms that name the field at fault and change nothing, lists without a
query per row."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterator

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from lika.accounts.models import User
from lika.accounts.roles import Role
from lika.audit.acting import Acting
from lika.partners import services
from lika.partners.models import (
    Activity,
    ActivityKind,
    Attendance,
    CivicInvitation,
    CivicSession,
    Dialogue,
    Enrolment,
    Organisation,
    OrganisationKind,
)
from lika.people.models import Person, Sex
from lika.testing.clock import Clock

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 3, 2)


@pytest.fixture(autouse=True)
def _english(clock: Clock) -> Iterator[None]:
    clock.set_today(TODAY)
    with translation.override("en"):
        yield


@pytest.fixture
def officer(client: Client, make_staff: Callable[..., User]) -> Client:
    client.force_login(make_staff(Role.CASE_OFFICER))
    client.cookies["lika_language"] = "en"
    return client


@pytest.fixture
def board(acting: Acting) -> Organisation:
    return services.organisation_create(
        acting=acting, kind=OrganisationKind.COUNTY_BOARD, name="Länsstyrelsen i Gävleborgs län", official_code="21"
    )


@pytest.fixture
def activity(acting: Acting, board: Organisation) -> Activity:
    return services.activity_create(
        acting=acting,
        plan=services.ActivityPlan(
            kind=ActivityKind.EARLY,
            title="Svenska för föräldrar",
            provider=board,
            place="Boendet i Gävle",
            languages=["ar", "ti"],
            childcare=True,
            times="Onsdagar 9–11",
            capacity=12,
        ),
    )


def test_the_menu_links_other_actors_for_the_roles_that_use_them(
    client: Client, make_staff: Callable[..., User]
) -> None:
    for role, shown in ((Role.CASE_OFFICER, True), (Role.COMMUNICATOR, True), (Role.ANALYST, False)):
        client.force_login(make_staff(role))
        page = client.get(reverse("core:start"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
        assert (reverse("partners:organisation_list") in page) is shown, role


def test_an_analyst_cannot_open_the_pages(client: Client, make_staff: Callable[..., User], board: Organisation) -> None:
    client.force_login(make_staff(Role.ANALYST))
    assert client.get(reverse("partners:organisation_list")).status_code == 403
    assert client.get(reverse("partners:activity_list")).status_code == 403
    assert client.post(reverse("partners:dialogue_record", args=[board.pk]), {}).status_code == 403


def test_a_communicator_keeps_the_dialogue_but_does_not_enrol(
    client: Client, make_staff: Callable[..., User], board: Organisation, activity: Activity
) -> None:
    client.force_login(make_staff(Role.COMMUNICATOR))
    response = client.post(
        reverse("partners:dialogue_record", args=[board.pk]),
        {
            "dialogue-held_on": "2026-02-20",
            "dialogue-topics": "Om Sverige och Jobba i Sverige",
            "dialogue-agreed": "Affischer till tre boenden",
            "dialogue-follow_up_on": "2026-04-01",
        },
    )
    assert response.status_code == 302
    assert Dialogue.objects.get().recorded_by is not None
    assert client.get(reverse("partners:activity_detail", args=[activity.pk])).status_code == 403


def test_the_organisation_list_filters_and_does_not_query_per_row(officer: Client, acting: Acting) -> None:
    services.official_organisations_load(acting=acting)
    with CaptureQueriesContext(connection) as queries:
        page = officer.get(reverse("partners:organisation_list"), {"kind": "municipality", "q": "Malmö"})
    assert page.status_code == 200
    assert "Malmö kommun" in page.content.decode()
    assert "Länsstyrelsen" not in page.content.decode()
    assert len(queries) < 12
    by_code = officer.get(reverse("partners:organisation_list"), {"q": "1480"}).content.decode()
    assert "Göteborgs kommun" in by_code


def test_registering_a_municipality_with_a_wrong_code_names_the_field_and_writes_nothing(officer: Client) -> None:
    response = officer.post(
        reverse("partners:organisation_create"),
        {"kind": "municipality", "name": "Nowhere", "official_code": "9999", "cooperation_basis": "none"},
    )
    assert response.status_code == 400
    assert "four-digit code" in response.content.decode()
    assert not Organisation.objects.exists()
    created = officer.post(
        reverse("partners:organisation_create"),
        {"kind": "municipality", "name": "Gävle kommun", "official_code": "2180", "cooperation_basis": "agreement"},
    )
    assert created.status_code == 302
    assert Organisation.objects.get().county_code == "21"


def test_an_officer_creates_an_activity_with_childcare_enrols_and_records_attendance(
    officer: Client, board: Organisation, make_person: Callable[..., Person]
) -> None:
    response = officer.post(
        reverse("partners:activity_create"),
        {
            "kind": "early",
            "title": "Arbete i Sverige",
            "provider": board.pk,
            "place": "Boendet i Sandviken",
            "languages": "ar, so",
            "childcare": "on",
            "times": "Tisdagar 10–12",
            "capacity": "15",
        },
    )
    assert response.status_code == 302
    activity = Activity.objects.get(title="Arbete i Sverige")
    assert (activity.languages, activity.childcare) == (["ar", "so"], True)
    woman, man = make_person(sex=Sex.FEMALE), make_person(sex=Sex.MALE, given_name="Omar")
    for person in (woman, man):
        enrolled = officer.post(
            reverse("partners:enrolment_add", args=[activity.pk]),
            {"enrolment-person": person.dossier_number, "enrolment-enrol": "yes"},
        )
        assert enrolled.status_code == 302
    officer.post(
        reverse("partners:session_add", args=[activity.pk]),
        {"session-day": "2026-03-02", "session-starts_at": "10:00", "session-ends_at": "12:00"},
    )
    session = activity.sessions.get()
    hers = Enrolment.objects.get(person=woman)
    form = officer.get(reverse("partners:attendance", args=[activity.pk, session.pk]))
    assert "Omar" in form.content.decode()
    saved = officer.post(reverse("partners:attendance", args=[activity.pk, session.pk]), {"present": [hers.pk]})
    assert saved.status_code == 302
    assert dict(Attendance.objects.values_list("enrolment__person_id", "present")) == {woman.pk: True, man.pk: False}
    detail = officer.get(reverse("partners:activity_detail", args=[activity.pk])).content.decode()
    assert "1 present" in detail


def test_an_unknown_dossier_number_or_bad_languages_are_refused_on_their_field(
    officer: Client, board: Organisation, activity: Activity
) -> None:
    response = officer.post(
        reverse("partners:enrolment_add", args=[activity.pk]),
        {"enrolment-person": "99999999", "enrolment-enrol": "yes"},
    )
    assert response.status_code == 400
    assert "No person has the dossier number 99999999" in response.content.decode()
    refused = officer.post(
        reverse("partners:activity_create"),
        {
            "kind": "early",
            "title": "X",
            "provider": board.pk,
            "place": "Y",
            "languages": "arabic!",
            "times": "Z",
            "capacity": "5",
        },
    )
    assert refused.status_code == 400
    assert "arabic! is not a language code" in refused.content.decode()
    assert not Enrolment.objects.exists()
    assert Activity.objects.count() == 1


def test_the_civic_introduction_pages_plan_invite_and_record(
    officer: Client, make_person: Callable[..., Person]
) -> None:
    response = officer.post(
        reverse("partners:civic_create"),
        {
            "held_on": "2026-03-02",
            "place": "Boendet i Gävle",
            "language": "sv",
            "interpreter_language": "ti",
            "modules": ["childcare", "parental_leave_pension", "disability_support"],
        },
    )
    assert response.status_code == 302
    session = CivicSession.objects.get()
    woman, man = make_person(sex=Sex.FEMALE), make_person(sex=Sex.MALE)
    missing = officer.post(
        reverse("partners:civic_invite", args=[session.pk]), {"invite-dossier_numbers": f"{woman.dossier_number}, 1"}
    )
    assert missing.status_code == 400
    assert not CivicInvitation.objects.exists()
    invited = officer.post(
        reverse("partners:civic_invite", args=[session.pk]),
        {"invite-dossier_numbers": f"{woman.dossier_number}\n{man.dossier_number}"},
    )
    assert invited.status_code == 302
    hers = CivicInvitation.objects.get(person=woman)
    officer.post(reverse("partners:civic_attendance", args=[session.pk]), {"attendance-attended": [hers.pk]})
    assert dict(CivicInvitation.objects.values_list("person_id", "attended")) == {woman.pk: True, man.pk: False}
    page = officer.get(reverse("partners:civic_detail", args=[session.pk])).content.decode()
    assert "Parental leave and pension" in page
    listing = officer.get(reverse("partners:civic_list")).content.decode()
    assert "Boendet i Gävle" in listing
