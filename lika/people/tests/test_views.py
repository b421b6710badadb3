"""The registry's pages: each form writes through its service, shows a refusal on its field, and is for case officers."""

from __future__ import annotations

import datetime
import re
from collections import Counter
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lika.accounts.models import User
from lika.accounts.roles import Role
from lika.allowance.rules.month import Month
from lika.allowance.selectors import month_facts
from lika.audit.acting import Acting
from lika.audit.actions import Action
from lika.audit.models import AuditEvent
from lika.people import services
from lika.people.models import (
    AccommodationKind,
    AccommodationPeriod,
    DecisionOutcome,
    EligibilityBasis,
    GuardianKind,
    Guardianship,
    Household,
    HouseholdMembership,
    LmaEligibilityPeriod,
    MemberRole,
    MunicipalityOfResidence,
    Partnership,
    PartnershipKind,
    PermitApplication,
    PermitDecision,
    PermitGround,
    PermitKind,
    Person,
    Sex,
)
from lika.testing.personas import START, Family, family_create

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse as Response

pytestmark = pytest.mark.django_db

MakePerson = Callable[..., Person]


@pytest.fixture
def officer(client: Client, make_staff: Callable[..., User]) -> Client:
    client.force_login(make_staff(Role.CASE_OFFICER))
    return client


@pytest.fixture
def family(make_person: MakePerson, acting: Acting) -> Family:
    return family_create(make_person, acting)


def _post(client: Client, name: str, *args: int, **data: Any) -> Response:
    data.setdefault("reason", "Registered at the office")
    values = {key: value.isoformat() if isinstance(value, datetime.date) else value for key, value in data.items()}
    return client.post(reverse(f"people:{name}", args=args), values)


def _written(response: Response, to: str) -> None:
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    assert response["Location"] == to


def _refused_on(response: Response, field: str) -> None:
    """The page came back with the refusal on ``field``, shown beside the field."""
    assert response.status_code == 400
    form = response.context["form"]
    assert field in form.errors, form.errors
    assert f'id="id_{field}_error"' in response.content.decode()


def _events(action: Action) -> int:
    return AuditEvent.objects.filter(action=action).count()


def _person_page(person: Person) -> str:
    return reverse("people:person_detail", args=[person.pk])


def _household_page(household_id: int) -> str:
    return reverse("people:household_detail", args=[household_id])


# The registry's list ---------------------------------------------------------------------------------


def _listed(client: Client, **search: str) -> list[Person]:
    """The persons the registry's list shows after a search sent as the page sends it."""
    address = reverse("people:person_list")
    assert client.post(address, {"q": "", "sex": "", **search}).status_code == 302
    return list(client.get(address).context["page"].object_list)


def test_the_list_filters_by_sex_and_by_lma_today(officer: Client, make_person: MakePerson, acting: Acting) -> None:
    in_lma = make_person(given_name="Amina", sex=Sex.FEMALE)
    ended = make_person(given_name="Hawa", sex=Sex.FEMALE)
    man = make_person(given_name="Omar", sex=Sex.MALE)
    for person, end in ((in_lma, None), (ended, datetime.date(2025, 6, 30)), (man, None)):
        services.lma_eligibility_create(
            acting=acting, person=person, basis=EligibilityBasis.ASYLUM_SEEKER, start_date=START, end_date=end
        )
    assert _listed(officer) == [in_lma, ended, man]
    assert _listed(officer, sex=Sex.FEMALE) == [in_lma, ended]
    assert _listed(officer, in_lma="on") == [in_lma, man]
    assert _listed(officer, sex=Sex.FEMALE, in_lma="on") == [in_lma]
    form = officer.get(reverse("people:person_list")).context["form"]
    assert (form["sex"].value(), form["in_lma"].value()) == (Sex.FEMALE, True)


def test_a_filter_never_finds_a_protected_person(officer: Client, make_person: MakePerson, acting: Acting) -> None:
    protected = make_person(sex=Sex.FEMALE, protected_identity=True)
    services.lma_eligibility_create(
        acting=acting, person=protected, basis=EligibilityBasis.ASYLUM_SEEKER, start_date=START
    )
    assert _listed(officer, q=protected.dossier_number) == [protected]
    assert _listed(officer, q=protected.dossier_number, sex=Sex.FEMALE) == []
    assert _listed(officer, q=protected.dossier_number, in_lma="on") == []


# The person's page ----------------------------------------------------------------------------


def _person_fields(person: Person, **changes: Any) -> dict[str, Any]:
    fields = {
        "given_name": person.given_name,
        "family_name": person.family_name,
        "birth_date": person.birth_date,
        "sex": person.sex,
        "country_of_birth": person.country_of_birth.code,
        "citizenship": person.citizenship.code or "",
        "preferred_language": person.preferred_language,
        "personal_number": person.personal_number or "",
    }
    return {**fields, **changes}


def test_the_change_form_starts_from_the_person_as_registered(officer: Client, make_person: MakePerson) -> None:
    person = make_person(given_name="Amina", country_of_birth="ER")
    form = officer.get(reverse("people:person_update", args=[person.pk])).context["form"]
    assert form["given_name"].value() == "Amina"
    assert form["country_of_birth"].value() == "ER"
    assert "dossier_number" not in form.fields


def test_officer_changes_a_name_and_the_trail_names_only_that_field(officer: Client, make_person: MakePerson) -> None:
    person = make_person(given_name="Amna")
    response = _post(officer, "person_update", person.pk, **_person_fields(person, given_name="Amina"))
    _written(response, _person_page(person))
    person.refresh_from_db()
    assert person.given_name == "Amina"
    event = AuditEvent.objects.get(action=Action.PERSON_UPDATE)
    assert event.details["fields"] == ["given_name"]
    assert event.reason == "Registered at the office"


def test_a_birth_date_in_the_future_is_refused_on_its_field(officer: Client, make_person: MakePerson) -> None:
    person = make_person(given_name="Amina")
    response = _post(
        officer, "person_update", person.pk, **_person_fields(person, given_name="X", birth_date="2999-01-01")
    )
    _refused_on(response, "birth_date")
    person.refresh_from_db()
    assert person.given_name == "Amina"
    assert _events(Action.PERSON_UPDATE) == 0


def test_officer_adds_an_lma_period(officer: Client, make_person: MakePerson) -> None:
    person = make_person()
    response = _post(officer, "lma_period_add", person.pk, basis=EligibilityBasis.ASYLUM_SEEKER, start_date=START)
    _written(response, _person_page(person))
    period = LmaEligibilityPeriod.objects.get(person=person)
    assert (period.basis, period.start_date, period.end_date) == (EligibilityBasis.ASYLUM_SEEKER, START, None)
    assert _events(Action.LMA_ELIGIBILITY_CREATE) == 1


def test_an_overlapping_lma_period_is_refused_on_the_start_date(
    officer: Client, make_person: MakePerson, acting: Acting
) -> None:
    person = make_person()
    services.lma_eligibility_create(acting=acting, person=person, basis=EligibilityBasis.OTHER, start_date=START)
    response = _post(
        officer,
        "lma_period_add",
        person.pk,
        basis=EligibilityBasis.ASYLUM_SEEKER,
        start_date=START + datetime.timedelta(days=30),
    )
    _refused_on(response, "start_date")
    assert LmaEligibilityPeriod.objects.filter(person=person).count() == 1
    assert _events(Action.LMA_ELIGIBILITY_CREATE) == 1


def test_officer_ends_an_lma_period(officer: Client, make_person: MakePerson, acting: Acting) -> None:
    person = make_person()
    period = services.lma_eligibility_create(
        acting=acting, person=person, basis=EligibilityBasis.OTHER, start_date=START
    )
    end = datetime.date(2025, 6, 30)
    _written(_post(officer, "lma_period_end", person.pk, period.pk, end_date=end), _person_page(person))
    period.refresh_from_db()
    assert period.end_date == end
    assert _events(Action.LMA_ELIGIBILITY_END) == 1
    # An ended period is not offered for ending again.
    page = officer.get(_person_page(person)).content.decode()
    assert reverse("people:lma_period_end", args=[person.pk, period.pk]) not in page


def test_an_lma_period_cannot_end_before_it_starts(officer: Client, make_person: MakePerson, acting: Acting) -> None:
    person = make_person()
    period = services.lma_eligibility_create(
        acting=acting, person=person, basis=EligibilityBasis.OTHER, start_date=START
    )
    response = _post(officer, "lma_period_end", person.pk, period.pk, end_date=START - datetime.timedelta(days=1))
    _refused_on(response, "end_date")
    period.refresh_from_db()
    assert period.end_date is None
    assert _events(Action.LMA_ELIGIBILITY_END) == 0


def test_an_lma_period_of_another_person_is_not_found(officer: Client, make_person: MakePerson, acting: Acting) -> None:
    person, other = make_person(), make_person()
    period = services.lma_eligibility_create(
        acting=acting, person=other, basis=EligibilityBasis.OTHER, start_date=START
    )
    response = _post(officer, "lma_period_end", person.pk, period.pk, end_date=START)
    assert response.status_code == 404


def test_officer_adds_accommodation_with_food(officer: Client, make_person: MakePerson) -> None:
    person = make_person()
    response = _post(
        officer,
        "accommodation_period_add",
        person.pk,
        kind=AccommodationKind.AGENCY,
        food_included="on",
        start_date=START,
    )
    _written(response, _person_page(person))
    stay = AccommodationPeriod.objects.get(person=person)
    assert (stay.kind, stay.food_included, stay.start_date) == (AccommodationKind.AGENCY, True, START)
    assert _events(Action.ACCOMMODATION_CREATE) == 1


def test_food_in_own_accommodation_is_refused_on_the_food_field(officer: Client, make_person: MakePerson) -> None:
    person = make_person()
    response = _post(
        officer, "accommodation_period_add", person.pk, kind=AccommodationKind.OWN, food_included="on", start_date=START
    )
    _refused_on(response, "food_included")
    assert not AccommodationPeriod.objects.exists()
    assert _events(Action.ACCOMMODATION_CREATE) == 0


def test_officer_records_a_move_and_the_earlier_municipality_ends_the_day_before(
    officer: Client, make_person: MakePerson
) -> None:
    person = make_person()
    _written(
        _post(officer, "municipality_of_residence_add", person.pk, municipality_code="1280", start_date=START),
        _person_page(person),
    )
    moved = START + datetime.timedelta(days=40)
    _written(
        _post(officer, "municipality_of_residence_add", person.pk, municipality_code="0180", start_date=moved),
        _person_page(person),
    )
    periods = list(
        MunicipalityOfResidence.objects.filter(person=person)
        .order_by("start_date")
        .values_list("municipality_code", "start_date", "end_date")
    )
    assert periods == [("1280", START, moved - datetime.timedelta(days=1)), ("0180", moved, None)]
    assert _events(Action.MUNICIPALITY_OF_RESIDENCE_RECORD) == 2
    page = officer.get(_person_page(person)).content.decode()
    assert "Malmö (1280)" in page
    assert "Stockholm (0180)" in page


def test_an_unknown_municipality_code_is_refused_on_its_field(officer: Client, make_person: MakePerson) -> None:
    person = make_person()
    response = _post(officer, "municipality_of_residence_add", person.pk, municipality_code="1299", start_date=START)
    _refused_on(response, "municipality_code")
    assert not MunicipalityOfResidence.objects.exists()
    assert _events(Action.MUNICIPALITY_OF_RESIDENCE_RECORD) == 0


def test_a_municipality_from_before_the_current_one_is_refused_on_the_date(
    officer: Client, make_person: MakePerson, acting: Acting
) -> None:
    person = make_person()
    services.municipality_of_residence_record(acting=acting, person=person, municipality_code="1280", start_date=START)
    response = _post(
        officer,
        "municipality_of_residence_add",
        person.pk,
        municipality_code="0180",
        start_date=START - datetime.timedelta(days=10),
    )
    _refused_on(response, "start_date")
    assert list(MunicipalityOfResidence.objects.values_list("municipality_code", "end_date")) == [("1280", None)]
    assert _events(Action.MUNICIPALITY_OF_RESIDENCE_RECORD) == 1


def test_officer_records_an_application_and_a_granted_temporary_permit(
    officer: Client, make_person: MakePerson
) -> None:
    person = make_person()
    response = _post(officer, "permit_application_add", person.pk, ground=PermitGround.ASYLUM, submitted_on=START)
    _written(response, _person_page(person))
    application = PermitApplication.objects.get(person=person)
    assert (application.ground, application.submitted_on) == (PermitGround.ASYLUM, START)
    assert _events(Action.PERMIT_APPLICATION_SUBMIT) == 1
    response = _post(
        officer,
        "permit_decision_add",
        person.pk,
        application.pk,
        decided_on=datetime.date(2025, 5, 1),
        outcome=DecisionOutcome.GRANTED,
        permit_kind=PermitKind.TEMPORARY,
        valid_from=datetime.date(2025, 5, 1),
        valid_until=datetime.date(2028, 4, 30),
    )
    _written(response, _person_page(person))
    decision = PermitDecision.objects.get(application=application)
    assert (decision.outcome, decision.permit_kind, decision.valid_until) == (
        DecisionOutcome.GRANTED,
        PermitKind.TEMPORARY,
        datetime.date(2028, 4, 30),
    )
    assert _events(Action.PERMIT_DECISION_RECORD) == 1


def test_an_application_before_birth_is_refused_on_its_date(officer: Client, make_person: MakePerson) -> None:
    person = make_person(birth_date=datetime.date(2020, 1, 1))
    response = _post(
        officer, "permit_application_add", person.pk, ground=PermitGround.ASYLUM, submitted_on="2019-12-31"
    )
    _refused_on(response, "submitted_on")
    assert not PermitApplication.objects.exists()
    assert _events(Action.PERMIT_APPLICATION_SUBMIT) == 0


def test_a_granted_permit_without_a_kind_is_refused_on_the_kind(
    officer: Client, make_person: MakePerson, acting: Acting
) -> None:
    person = make_person()
    application = services.permit_application_submit(
        acting=acting, person=person, ground=PermitGround.WORK, submitted_on=START
    )
    response = _post(
        officer,
        "permit_decision_add",
        person.pk,
        application.pk,
        decided_on=START,
        outcome=DecisionOutcome.GRANTED,
        valid_from=START,
    )
    _refused_on(response, "permit_kind")
    assert not PermitDecision.objects.exists()
    assert _events(Action.PERMIT_DECISION_RECORD) == 0


def test_officer_starts_a_household_with_an_adult(officer: Client, make_person: MakePerson) -> None:
    person = make_person()
    response = officer.post(
        reverse("people:household_start", args=[person.pk]), {"start_date": "2025-01-01", "reason": "Arrived"}
    )
    membership = HouseholdMembership.objects.get(person=person)
    _written(response, _household_page(membership.household_id))
    assert (membership.role, membership.start_date, membership.end_date) == (MemberRole.ADULT, START, None)
    assert _events(Action.HOUSEHOLD_CREATE) == 1


def test_a_child_cannot_start_a_household_and_the_refusal_names_the_date(
    officer: Client, make_person: MakePerson
) -> None:
    child = make_person(birth_date=datetime.date(2015, 1, 1))
    response = _post(officer, "household_start", child.pk, start_date=START)
    _refused_on(response, "start_date")
    assert child.full_name in " ".join(response.context["form"].errors["start_date"])
    assert not Household.objects.exists()
    assert _events(Action.HOUSEHOLD_CREATE) == 0


# The household's page --------------------------------------------------------------------------


@pytest.fixture
def mother(make_person: MakePerson, acting: Acting) -> HouseholdMembership:
    """A woman alone in a household from :data:`START`."""
    woman = make_person(given_name="Hawa", sex=Sex.FEMALE)
    household = services.household_create(
        acting=acting, start_date=START, members=[services.Member(woman, MemberRole.ADULT)]
    )
    return household.memberships.get()


def test_officer_adds_a_child_by_dossier_number(
    officer: Client, make_person: MakePerson, mother: HouseholdMembership
) -> None:
    child = make_person(birth_date=datetime.date(2018, 2, 2))
    household_id = mother.household_id
    response = _post(
        officer,
        "member_add",
        household_id,
        dossier_number=child.dossier_number,
        role=MemberRole.CHILD,
        start_date=START,
    )
    _written(response, _household_page(household_id))
    membership = HouseholdMembership.objects.get(person=child)
    assert (membership.household_id, membership.role, membership.start_date) == (
        household_id,
        MemberRole.CHILD,
        START,
    )
    assert _events(Action.HOUSEHOLD_MEMBER_ADD) == 1


def test_an_unknown_dossier_number_is_refused_on_its_field(officer: Client, mother: HouseholdMembership) -> None:
    response = _post(
        officer, "member_add", mother.household_id, dossier_number="12345678", role=MemberRole.ADULT, start_date=START
    )
    _refused_on(response, "dossier_number")
    assert HouseholdMembership.objects.count() == 1
    assert _events(Action.HOUSEHOLD_MEMBER_ADD) == 0


def test_an_adult_cannot_join_as_a_child_and_the_refusal_names_the_person(
    officer: Client, make_person: MakePerson, mother: HouseholdMembership
) -> None:
    adult = make_person(birth_date=datetime.date(1980, 1, 1))
    response = _post(
        officer,
        "member_add",
        mother.household_id,
        dossier_number=adult.dossier_number,
        role=MemberRole.CHILD,
        start_date=START,
    )
    _refused_on(response, "dossier_number")
    assert not HouseholdMembership.objects.filter(person=adult).exists()
    assert _events(Action.HOUSEHOLD_MEMBER_ADD) == 0


def test_officer_ends_a_membership(officer: Client, make_person: MakePerson, mother: HouseholdMembership) -> None:
    end = datetime.date(2025, 3, 31)
    response = _post(officer, "member_end", mother.household_id, mother.pk, end_date=end)
    _written(response, _household_page(mother.household_id))
    mother.refresh_from_db()
    assert mother.end_date == end
    assert _events(Action.HOUSEHOLD_MEMBER_END) == 1


def test_the_last_adult_cannot_leave_a_child_alone(
    officer: Client, make_person: MakePerson, acting: Acting, mother: HouseholdMembership
) -> None:
    child = make_person(birth_date=datetime.date(2018, 2, 2))
    services.household_member_add(
        acting=acting, household=mother.household, person=child, role=MemberRole.CHILD, start_date=START
    )
    response = _post(officer, "member_end", mother.household_id, mother.pk, end_date=datetime.date(2025, 3, 31))
    _refused_on(response, "end_date")
    mother.refresh_from_db()
    assert mother.end_date is None
    assert _events(Action.HOUSEHOLD_MEMBER_END) == 0


def test_officer_records_partners_and_ends_the_partnership(
    officer: Client, make_person: MakePerson, acting: Acting, mother: HouseholdMembership
) -> None:
    man = make_person(sex=Sex.MALE)
    services.household_member_add(
        acting=acting, household=mother.household, person=man, role=MemberRole.ADULT, start_date=START
    )
    household_id = mother.household_id
    response = _post(
        officer,
        "partnership_add",
        household_id,
        first=mother.person_id,
        second=man.pk,
        kind=PartnershipKind.COHABITING,
        start_date=START,
    )
    _written(response, _household_page(household_id))
    partnership = Partnership.objects.get(household_id=household_id)
    assert {partnership.person_a_id, partnership.person_b_id} == {mother.person_id, man.pk}
    assert partnership.kind == PartnershipKind.COHABITING
    assert _events(Action.PARTNERSHIP_CREATE) == 1
    end = datetime.date(2025, 8, 31)
    _written(
        _post(officer, "partnership_end", household_id, partnership.pk, end_date=end), _household_page(household_id)
    )
    partnership.refresh_from_db()
    assert partnership.end_date == end
    assert _events(Action.PARTNERSHIP_END) == 1


def test_a_person_cannot_be_their_own_partner(officer: Client, mother: HouseholdMembership) -> None:
    response = _post(
        officer,
        "partnership_add",
        mother.household_id,
        first=mother.person_id,
        second=mother.person_id,
        kind=PartnershipKind.MARRIED,
        start_date=START,
    )
    _refused_on(response, "second")
    assert not Partnership.objects.exists()
    assert _events(Action.PARTNERSHIP_CREATE) == 0


def test_a_child_is_not_offered_as_a_partner(
    officer: Client, make_person: MakePerson, acting: Acting, mother: HouseholdMembership
) -> None:
    child = make_person(birth_date=datetime.date(2018, 2, 2))
    services.household_member_add(
        acting=acting, household=mother.household, person=child, role=MemberRole.CHILD, start_date=START
    )
    response = _post(
        officer,
        "partnership_add",
        mother.household_id,
        first=mother.person_id,
        second=child.pk,
        kind=PartnershipKind.MARRIED,
        start_date=START,
    )
    _refused_on(response, "second")
    assert not Partnership.objects.exists()


def test_a_partnership_cannot_end_before_it_starts(officer: Client, family: Family) -> None:
    partnership = Partnership.objects.get(household=family.household)
    response = _post(
        officer, "partnership_end", family.household.pk, partnership.pk, end_date=START - datetime.timedelta(days=1)
    )
    _refused_on(response, "end_date")
    partnership.refresh_from_db()
    assert partnership.end_date is None
    assert _events(Action.PARTNERSHIP_END) == 0


def test_officer_records_a_guardian(
    officer: Client, make_person: MakePerson, acting: Acting, mother: HouseholdMembership
) -> None:
    child = make_person(birth_date=datetime.date(2018, 2, 2))
    services.household_member_add(
        acting=acting, household=mother.household, person=child, role=MemberRole.CHILD, start_date=START
    )
    response = _post(
        officer,
        "guardianship_add",
        mother.household_id,
        child=child.pk,
        guardian=mother.person_id,
        kind=GuardianKind.GUARDIAN,
        start_date=START,
    )
    _written(response, _household_page(mother.household_id))
    relation = Guardianship.objects.get(child=child)
    assert (relation.guardian_id, relation.kind, relation.end_date) == (
        mother.person_id,
        GuardianKind.GUARDIAN,
        datetime.date(2036, 2, 1),
    )
    assert _events(Action.GUARDIANSHIP_CREATE) == 1


def test_a_guardian_recorded_twice_is_refused_on_the_guardian(officer: Client, family: Family) -> None:
    before = Guardianship.objects.count()
    response = _post(
        officer,
        "guardianship_add",
        family.household.pk,
        child=family.elder.pk,
        guardian=family.woman.pk,
        kind=GuardianKind.PARENT,
        start_date=START,
    )
    _refused_on(response, "guardian")
    assert Guardianship.objects.count() == before
    assert _events(Action.GUARDIANSHIP_CREATE) == before


def test_the_household_page_lists_partners_and_parents(officer: Client, family: Family) -> None:
    page = officer.get(_household_page(family.household.pk)).content.decode()
    partnership = Partnership.objects.get(household=family.household)
    assert reverse("people:partnership_end", args=[family.household.pk, partnership.pk]) in page
    # The members' table names the children without their numbers; the list of parents names them in full.
    assert str(family.elder) in page
    assert str(family.younger) in page


def test_the_household_page_uses_a_fixed_number_of_queries(
    officer: Client, family: Family, make_person: MakePerson, acting: Acting
) -> None:
    address = _household_page(family.household.pk)
    officer.get(address)  # the session and the officer's permissions are read once
    with CaptureQueriesContext(connection) as few:
        officer.get(address)
    for _extra in range(3):
        child = make_person(birth_date=datetime.date(2020, 1, 1))
        services.household_member_add(
            acting=acting, household=family.household, person=child, role=MemberRole.CHILD, start_date=START
        )
        for parent in (family.woman, family.man):
            services.guardianship_create(
                acting=acting, child=child, guardian=parent, kind=GuardianKind.PARENT, start_date=START
            )
    with CaptureQueriesContext(connection) as many:
        response = officer.get(address)
    assert len(re.findall(r"/medlem/\d+/avsluta/", response.content.decode())) == 7  # one row a member
    assert len(many) == len(few)


# Who may use the pages ---------------------------------------------------------------------------


def _page_addresses(family: Family, acting: Acting) -> list[str]:
    person, household = family.woman, family.household
    period = LmaEligibilityPeriod.objects.get(person=person)
    application = services.permit_application_submit(
        acting=acting, person=person, ground=PermitGround.ASYLUM, submitted_on=START
    )
    membership = HouseholdMembership.objects.get(person=person)
    partnership = Partnership.objects.get(household=household)
    return [
        reverse("people:person_update", args=[person.pk]),
        reverse("people:lma_period_add", args=[person.pk]),
        reverse("people:lma_period_end", args=[person.pk, period.pk]),
        reverse("people:accommodation_period_add", args=[person.pk]),
        reverse("people:permit_application_add", args=[person.pk]),
        reverse("people:permit_decision_add", args=[person.pk, application.pk]),
        reverse("people:household_start", args=[person.pk]),
        reverse("people:member_add", args=[household.pk]),
        reverse("people:member_end", args=[household.pk, membership.pk]),
        reverse("people:partnership_add", args=[household.pk]),
        reverse("people:partnership_end", args=[household.pk, partnership.pk]),
        reverse("people:guardianship_add", args=[household.pk]),
    ]


def test_a_case_officer_opens_every_registry_form_and_the_pages_link_them(
    officer: Client, family: Family, acting: Acting
) -> None:
    addresses = _page_addresses(family, acting)
    for address in addresses:
        response = officer.get(address)
        assert response.status_code == 200, address
        assert 'name="reason"' in response.content.decode(), address
    linked = officer.get(_person_page(family.woman)).content.decode()
    linked += officer.get(_household_page(family.household.pk)).content.decode()
    for address in addresses:
        assert f'href="{address}"' in linked, address


def test_an_approver_reads_the_registry_but_gets_403_on_every_form(
    client: Client, make_staff: Callable[..., User], family: Family, acting: Acting
) -> None:
    client.force_login(make_staff(Role.APPROVER))
    assert client.get(_person_page(family.woman)).status_code == 200
    events = AuditEvent.objects.count()
    for address in _page_addresses(family, acting):
        assert client.get(address).status_code == 403, address
        assert client.post(address, {"reason": "x", "end_date": "2025-02-01"}).status_code == 403, address
    assert AuditEvent.objects.count() == events + 1  # the application _page_addresses submits


# A family registered through the pages alone ------------------------------------------------------


def _register(officer: Client, dossier_number: str, given_name: str, sex: Sex, birth_date: datetime.date) -> Person:
    response = _post(
        officer,
        "person_create",
        dossier_number=dossier_number,
        given_name=given_name,
        family_name="Haddad",
        birth_date=birth_date,
        sex=sex,
        country_of_birth="SY",
        citizenship="SY",
        preferred_language="ar",
        personal_number="",
    )
    person = Person.objects.get(dossier_number=dossier_number)
    _written(response, _person_page(person))
    return person


def _facts_by_name(month: Month, household_id: int) -> dict[str, Any]:
    """The allowance's facts for one household, with persons named by given name rather than by id."""
    households, persons = month_facts(month, household_ids=[household_id])
    (household,) = households
    names = dict(Person.objects.filter(pk__in=persons).values_list("pk", "given_name"))
    return {
        "members": sorted((names[pk], period) for pk, period in household.members),
        "partnerships": sorted((*sorted((names[a], names[b])), p) for a, b, p in household.partnerships),
        "guardianships": sorted((names[c], names[g], p) for c, g, p in household.guardianships),
        "parents": {(names[c], names[g]) for c, g in household.parents},
        "persons": {
            names[pk]: (facts.birth_date, facts.eligible, facts.food_included) for pk, facts in persons.items()
        },
    }


def test_a_family_registered_through_the_pages_holds_what_the_allowance_needs(
    officer: Client, make_person: MakePerson, acting: Acting
) -> None:
    """Two adults and two children, from nothing to the facts the allowance reads, through the pages only.

    The reference is the Haddad family that :func:`family_create` registers through the services.
    """
    woman = _register(officer, "20000001", "Amina", Sex.FEMALE, datetime.date(1990, 4, 2))
    man = _register(officer, "20000002", "Omar", Sex.MALE, datetime.date(1988, 9, 14))
    elder = _register(officer, "20000003", "Lina", Sex.FEMALE, datetime.date(2015, 3, 3))
    younger = _register(officer, "20000004", "Sami", Sex.MALE, datetime.date(2019, 6, 1))

    officer.post(reverse("people:household_start", args=[woman.pk]), {"start_date": START, "reason": "Arrived"})
    household_id = HouseholdMembership.objects.get(person=woman).household_id
    for person, role in ((man, MemberRole.ADULT), (elder, MemberRole.CHILD), (younger, MemberRole.CHILD)):
        response = _post(
            officer, "member_add", household_id, dossier_number=person.dossier_number, role=role, start_date=START
        )
        _written(response, _household_page(household_id))
    response = _post(
        officer,
        "partnership_add",
        household_id,
        first=woman.pk,
        second=man.pk,
        kind=PartnershipKind.MARRIED,
        start_date=START,
    )
    _written(response, _household_page(household_id))
    for child in (elder, younger):
        for parent in (woman, man):
            response = _post(
                officer,
                "guardianship_add",
                household_id,
                child=child.pk,
                guardian=parent.pk,
                kind=GuardianKind.PARENT,
                start_date=child.birth_date,
            )
            _written(response, _household_page(household_id))
    for person in (woman, man, elder, younger):
        response = _post(officer, "lma_period_add", person.pk, basis=EligibilityBasis.ASYLUM_SEEKER, start_date=START)
        _written(response, _person_page(person))
        response = _post(officer, "accommodation_period_add", person.pk, kind=AccommodationKind.OWN, start_date=START)
        _written(response, _person_page(person))

    reference = family_create(make_person, acting)
    month = Month(2025, 2)
    assert _facts_by_name(month, household_id) == _facts_by_name(month, reference.household.pk)
    facts = _facts_by_name(month, household_id)
    assert [name for name, _ in facts["members"]] == ["Amina", "Lina", "Omar", "Sami"]
    assert facts["partnerships"] == [("Amina", "Omar", (START, None))]
    assert facts["parents"] == {("Lina", "Amina"), ("Lina", "Omar"), ("Sami", "Amina"), ("Sami", "Omar")}
    for _birth_date, eligible, food_included in facts["persons"].values():
        assert eligible == ((START, None),)
        assert food_included == (((START, None), False),)
    # Every write through the pages is the officer's, with the reason the form asked for.
    by_officer = Counter(AuditEvent.objects.filter(actor__isnull=False).values_list("action", flat=True))
    assert by_officer == {
        Action.PERSON_CREATE: 4,
        Action.HOUSEHOLD_CREATE: 1,
        Action.HOUSEHOLD_MEMBER_ADD: 3,
        Action.PARTNERSHIP_CREATE: 1,
        Action.GUARDIANSHIP_CREATE: 4,
        Action.LMA_ELIGIBILITY_CREATE: 4,
        Action.ACCOMMODATION_CREATE: 4,
    }
    assert not AuditEvent.objects.filter(actor__isnull=False, reason="").exists()
