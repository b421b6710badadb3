"""The partners services: what they write, what they refuse (naming the field, writing nothing) and what they audit."""

from __future__ import annotations

import datetime
from collections.abc import Callable

import pytest
from django.core.exceptions import ValidationError

from lika.accounts.models import User
from lika.accounts.roles import Role
from lika.audit.acting import Acting
from lika.audit.models import AuditEvent
from lika.partners import services
from lika.partners.models import (
    Activity,
    ActivityKind,
    ActivitySession,
    Attendance,
    CivicInvitation,
    CivicSession,
    Dialogue,
    Enrolment,
    EnrolmentHow,
    Organisation,
    OrganisationKind,
)
from lika.people.models import Person, Sex
from lika.testing.clock import Clock

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

TODAY = datetime.date(2026, 3, 2)


@pytest.fixture(autouse=True)
def _today(clock: Clock) -> None:
    clock.set_today(TODAY)


def _board(acting: Acting) -> Organisation:
    existing = Organisation.objects.filter(official_code="12").first()
    return existing or services.organisation_create(
        acting=acting, kind=OrganisationKind.COUNTY_BOARD, name="Länsstyrelsen i Skåne län", official_code="12"
    )


def _activity(acting: Acting, *, capacity: int = 10, childcare: bool = True, open_: bool = False) -> Activity:
    return services.activity_create(
        acting=acting,
        plan=services.ActivityPlan(
            kind=ActivityKind.EARLY,
            title="Svenska och samhälle",
            provider=_board(acting),
            place="Boendet i Kristianstad",
            languages=["ar", "ti"],
            childcare=childcare,
            times="Tisdagar 10–12",
            capacity=capacity,
            open_for_sign_up=open_,
        ),
    )


def _refused(call: Callable[[], object]) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as caught:
        call()
    return caught.value.message_dict


def test_a_municipality_needs_its_official_code_and_gets_its_county(acting: Acting) -> None:
    errors = _refused(
        lambda: services.organisation_create(acting=acting, kind=OrganisationKind.MUNICIPALITY, name="Malmö kommun")
    )
    assert "1280" in errors["official_code"][0]
    malmo = services.organisation_create(
        acting=acting, kind=OrganisationKind.MUNICIPALITY, name="Malmö kommun", official_code="1280"
    )
    assert malmo.county_code == "12"
    again = _refused(
        lambda: services.organisation_create(
            acting=acting, kind=OrganisationKind.MUNICIPALITY, name="Malmö", official_code="1280"
        )
    )
    assert "already registered" in again["official_code"][0]
    assert Organisation.objects.count() == 1
    assert AuditEvent.objects.filter(action="partners.organisation_create").count() == 1


def test_a_civil_society_organisation_has_no_official_code(acting: Acting) -> None:
    errors = _refused(
        lambda: services.organisation_create(
            acting=acting, kind=OrganisationKind.CIVIL_SOCIETY, name="Röda Korset", official_code="12", county_code="99"
        )
    )
    assert set(errors) == {"official_code", "county_code"}
    assert not Organisation.objects.exists()


def test_a_dialogue_is_logged_with_its_follow_up(acting: Acting) -> None:
    board = _board(acting)
    services.dialogue_record(
        acting=acting,
        organisation=board,
        held_on=TODAY,
        topics="TIA i höst",
        agreed="Barnpassning vid två boenden",
        follow_up_on=TODAY + datetime.timedelta(days=30),
    )
    errors = _refused(
        lambda: services.dialogue_record(
            acting=acting, organisation=board, held_on=TODAY, topics=" ", follow_up_on=TODAY - datetime.timedelta(1)
        )
    )
    assert set(errors) == {"topics", "follow_up_on"}
    future = _refused(
        lambda: services.dialogue_record(
            acting=acting, organisation=board, held_on=TODAY + datetime.timedelta(1), topics="Nästa möte"
        )
    )
    assert set(future) == {"held_on"}
    assert Dialogue.objects.count() == 1


def test_a_contact_needs_a_way_to_be_reached(acting: Acting) -> None:
    board = _board(acting)
    assert set(_refused(lambda: services.contact_add(acting=acting, organisation=board, name="Eva"))) == {"email"}
    bad = _refused(lambda: services.contact_add(acting=acting, organisation=board, name="Eva", email="eva@"))
    assert "not an e-mail address" in bad["email"][0]
    contact = services.contact_add(acting=acting, organisation=board, name="Eva", phone="010-22 40 000")
    assert list(board.contacts.all()) == [contact]


def test_an_activity_refuses_bad_input_field_by_field(acting: Acting) -> None:
    board = _board(acting)
    errors = _refused(
        lambda: services.activity_create(
            acting=acting,
            plan=services.ActivityPlan(
                kind="picnic",
                title="",
                provider=board,
                place="",
                languages=["arabic!"],
                childcare=False,
                times="",
                capacity=0,
            ),
        )
    )
    assert set(errors) == {"kind", "title", "place", "languages", "times", "capacity"}
    assert "arabic!" in errors["languages"][0]
    assert not Activity.objects.exists()


def test_an_officer_refers_then_enrols_and_the_offer_day_stays(
    acting: Acting, make_person: Callable[..., Person]
) -> None:
    activity = _activity(acting)
    woman = make_person(sex=Sex.FEMALE)
    referral = services.enrolment_record(acting=acting, activity=activity, person=woman, enrol=False)
    assert (referral.how, referral.enrolled_on) == (EnrolmentHow.REFERRAL, None)
    enrolled = services.enrolment_record(acting=acting, activity=activity, person=woman, enrol=True)
    assert enrolled.pk == referral.pk
    assert (enrolled.offered_on, enrolled.enrolled_on) == (TODAY, TODAY)
    errors = _refused(lambda: services.enrolment_record(acting=acting, activity=activity, person=woman, enrol=True))
    assert "already on this activity" in errors["person"][0]


def test_a_full_activity_takes_no_one_more(acting: Acting, make_person: Callable[..., Person]) -> None:
    activity = _activity(acting, capacity=1)
    services.enrolment_record(acting=acting, activity=activity, person=make_person(), enrol=True)
    late = make_person(sex=Sex.MALE)
    errors = _refused(lambda: services.enrolment_record(acting=acting, activity=activity, person=late, enrol=True))
    assert "full" in errors["person"][0]
    # A referral is an offer, not a place: it is still possible.
    services.enrolment_record(acting=acting, activity=activity, person=late, enrol=False)
    assert Enrolment.objects.filter(enrolled_on__isnull=False).count() == 1


def test_children_are_not_enrolled(acting: Acting, make_person: Callable[..., Person]) -> None:
    child = make_person(birth_date=datetime.date(2015, 5, 1))
    errors = _refused(
        lambda: services.enrolment_record(acting=acting, activity=_activity(acting), person=child, enrol=True)
    )
    assert "under 18" in errors["person"][0]


def test_attendance_marks_the_enrolled_present_or_absent_and_can_be_corrected(
    acting: Acting, make_person: Callable[..., Person]
) -> None:
    activity = _activity(acting)
    woman, man = make_person(sex=Sex.FEMALE), make_person(sex=Sex.MALE)
    her = services.enrolment_record(acting=acting, activity=activity, person=woman, enrol=True)
    his = services.enrolment_record(acting=acting, activity=activity, person=man, enrol=True)
    session = services.activity_session_add(
        acting=acting, activity=activity, day=TODAY, starts_at=datetime.time(10), ends_at=datetime.time(12)
    )
    assert services.attendance_record(acting=acting, session=session, present={her.pk}) == 1
    assert dict(Attendance.objects.values_list("enrolment_id", "present")) == {her.pk: True, his.pk: False}
    services.attendance_record(acting=acting, session=session, present={her.pk, his.pk})
    assert Attendance.objects.filter(present=True).count() == 2
    stranger = _refused(lambda: services.attendance_record(acting=acting, session=session, present={999_999}))
    assert "enrolled" in stranger["present"][0]
    assert Attendance.objects.filter(present=True).count() == 2


def test_attendance_waits_for_the_session_and_a_session_ends_after_it_starts(
    acting: Acting, make_person: Callable[..., Person]
) -> None:
    activity = _activity(acting)
    backwards = _refused(
        lambda: services.activity_session_add(
            acting=acting, activity=activity, day=TODAY, starts_at=datetime.time(12), ends_at=datetime.time(10)
        )
    )
    assert set(backwards) == {"ends_at"}
    later = services.activity_session_add(
        acting=acting,
        activity=activity,
        day=TODAY + datetime.timedelta(days=7),
        starts_at=datetime.time(10),
        ends_at=datetime.time(12),
    )
    assert set(_refused(lambda: services.attendance_record(acting=acting, session=later, present=set()))) == {"present"}
    assert not Attendance.objects.exists()
    assert ActivitySession.objects.count() == 1


def test_sign_up_in_min_sida_only_where_open(acting: Acting, make_person: Callable[..., Person]) -> None:
    closed, open_ = _activity(acting), _activity(acting, open_=True)
    woman = make_person()
    errors = _refused(lambda: services.activity_sign_up(person=woman, activity=closed))
    assert "not open" in errors["activity"][0]
    enrolment = services.activity_sign_up(person=woman, activity=open_)
    assert (enrolment.how, enrolment.enrolled_on) == (EnrolmentHow.SIGN_UP, TODAY)
    # Someone an officer referred takes the place from Min Sida even where sign-up is closed.
    services.enrolment_record(acting=acting, activity=closed, person=woman, enrol=False)
    assert services.activity_sign_up(person=woman, activity=closed).enrolled_on == TODAY
    assert AuditEvent.objects.filter(action="partners.activity_sign_up").count() == 2


def test_a_member_of_staff_without_the_permission_is_refused(
    make_staff: Callable[..., User], make_person: Callable[..., Person], acting: Acting
) -> None:
    activity = _activity(acting)
    analyst = Acting(actor=make_staff(Role.ANALYST), reason="Trying")
    errors = _refused(
        lambda: services.enrolment_record(acting=analyst, activity=activity, person=make_person(), enrol=True)
    )
    assert "may not" in errors["reason"][0]
    officer = Acting(actor=make_staff(Role.CASE_OFFICER), reason="Enrolment")
    services.enrolment_record(acting=officer, activity=activity, person=make_person(), enrol=True)


def test_the_civic_introduction_invites_adults_and_records_who_took_part(
    acting: Acting, make_person: Callable[..., Person]
) -> None:
    errors = _refused(
        lambda: services.civic_session_create(
            acting=acting,
            plan=services.CivicPlan(held_on=TODAY, place=" ", language="ar", modules=["cooking"]),
        )
    )
    assert set(errors) == {"place", "modules"}
    session = services.civic_session_create(
        acting=acting,
        plan=services.CivicPlan(
            held_on=TODAY,
            place="Boendet i Gävle",
            language="sv",
            interpreter_language="ti",
            modules=["economic_violence", "gender_equality", "parental_leave_pension"],
        ),
    )
    # Kept in the catalogue's order, whatever order they were ticked in.
    assert session.modules == ["gender_equality", "parental_leave_pension", "economic_violence"]
    woman, man = make_person(sex=Sex.FEMALE), make_person(sex=Sex.MALE)
    assert services.civic_invite(acting=acting, session=session, persons=[woman, man]) == 2
    assert services.civic_invite(acting=acting, session=session, persons=[woman]) == 0
    child = make_person(birth_date=datetime.date(2012, 1, 1))
    assert (
        "under 18"
        in _refused(lambda: services.civic_invite(acting=acting, session=session, persons=[child]))["persons"][0]
    )
    hers = CivicInvitation.objects.get(person=woman)
    services.civic_attendance_record(acting=acting, session=session, attended={hers.pk})
    assert dict(CivicInvitation.objects.values_list("person_id", "attended")) == {woman.pk: True, man.pk: False}
    assert CivicSession.objects.count() == 1
