"""Min Sida: a person's own activities and civic-introduction invitations, and the activities open to them."""

from __future__ import annotations

import datetime
from collections.abc import Callable

import pytest
from django.urls import reverse

from lika.audit.acting import Acting
from lika.partners import services
from lika.partners.models import Activity, ActivityKind, Enrolment, EnrolmentHow, OrganisationKind
from lika.people.models import Person, Sex
from lika.testing.clock import Clock
from lika.testing.portal import portal_client

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 3, 2)


@pytest.fixture(autouse=True)
def _today(clock: Clock) -> None:
    clock.set_today(TODAY)


def _activity(acting: Acting, title: str, languages: list[str], *, open_: bool, capacity: int = 10) -> Activity:
    provider = services.organisation_create(
        acting=acting, kind=OrganisationKind.RECEPTION_CENTRE, name=f"Boende {title}"
    )
    activity = services.activity_create(
        acting=acting,
        plan=services.ActivityPlan(
            kind=ActivityKind.EARLY,
            title=title,
            provider=provider,
            place="Boendet i Gävle",
            languages=languages,
            childcare=title.startswith("Med"),
            times="Tisdagar 10–12",
            capacity=capacity,
            open_for_sign_up=open_,
        ),
    )
    services.activity_session_add(
        acting=acting,
        activity=activity,
        day=TODAY + datetime.timedelta(days=7),
        starts_at=datetime.time(10),
        ends_at=datetime.time(12),
    )
    return activity


def test_a_woman_sees_the_open_activities_in_her_language_first_and_signs_up(
    acting: Acting, make_person: Callable[..., Person]
) -> None:
    woman = make_person(sex=Sex.FEMALE, preferred_language="ti", given_name="Selam")
    other = _activity(acting, "Utan barnpassning", ["ar"], open_=False)
    mine = _activity(acting, "Med barnpassning", ["sv", "ti"], open_=True)
    arabic = _activity(acting, "Arabiska samtal", ["ar"], open_=True)
    client = portal_client(woman)
    page = client.get(reverse("applicant_portal:activities")).content.decode()
    assert "Utan barnpassning" not in page, "closed and not offered to her"
    assert page.index("Med barnpassning") < page.index("Arabiska samtal"), "her language first"
    assert "In your language" in page
    assert "Childcare is offered while you take part." in page
    response = client.post(reverse("applicant_portal:activity_sign_up", args=[mine.pk]))
    assert response.status_code == 302
    enrolment = Enrolment.objects.get(person=woman)
    assert (enrolment.activity, enrolment.how) == (mine, EnrolmentHow.SIGN_UP)
    after = client.get(reverse("applicant_portal:activities")).content.decode()
    own = after[after.index("Your activities") : after.index("Activities you can join")]
    assert "Med barnpassning" in own
    assert "Next time" in own
    refused = client.post(reverse("applicant_portal:activity_sign_up", args=[other.pk]))
    assert refused.status_code == 400
    assert "not open for sign-up" in refused.content.decode()
    assert Enrolment.objects.filter(person=woman).count() == 1
    assert arabic.enrolments.count() == 0


def test_an_activity_an_officer_offered_shows_even_when_closed_and_a_full_one_does_not(
    acting: Acting, make_person: Callable[..., Person]
) -> None:
    woman = make_person(sex=Sex.FEMALE, preferred_language="ar")
    offered = _activity(acting, "Erbjuden", ["ar"], open_=False)
    services.enrolment_record(acting=acting, activity=offered, person=woman, enrol=False)
    full = _activity(acting, "Full", ["ar"], open_=True, capacity=1)
    services.enrolment_record(acting=acting, activity=full, person=make_person(), enrol=True)
    page = portal_client(woman).get(reverse("applicant_portal:activities")).content.decode()
    assert "Erbjuden" in page
    assert "Sign up for Full" not in page


def test_the_civic_introduction_invitation_shows_in_min_sida(
    acting: Acting, make_person: Callable[..., Person]
) -> None:
    woman = make_person(sex=Sex.FEMALE, preferred_language="so")
    session = services.civic_session_create(
        acting=acting,
        plan=services.CivicPlan(
            held_on=TODAY + datetime.timedelta(days=10),
            place="Boendet i Boden",
            language="sv",
            interpreter_language="so",
            modules=["childcare", "parental_leave_pension"],
        ),
    )
    services.civic_invite(acting=acting, session=session, persons=[woman])
    page = portal_client(woman).get(reverse("applicant_portal:activities")).content.decode()
    assert "Boendet i Boden" in page
    assert "With an interpreter into" in page
    other = portal_client(make_person(sex=Sex.MALE)).get(reverse("applicant_portal:activities")).content.decode()
    assert "Boendet i Boden" not in other
