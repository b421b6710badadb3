"""The registry services: each writes in one transaction with an audit event, or refuses and changes nothing."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from lika.audit.acting import Acting
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
    Partnership,
    PartnershipKind,
    PermitApplication,
    PermitDecision,
    PermitGround,
    PermitKind,
    Person,
    Sex,
)

pytestmark = pytest.mark.django_db

DAY = datetime.date(2025, 3, 1)
MakePerson = Callable[..., Person]


REGISTRY_MODELS = (
    Person,
    Household,
    HouseholdMembership,
    Guardianship,
    Partnership,
    AccommodationPeriod,
    LmaEligibilityPeriod,
    PermitApplication,
    PermitDecision,
    AuditEvent,
)


def _registry_rows() -> dict[str, list[tuple[object, ...]]]:
    """Every row of every registry table, every field: enough to see a change that was partly written."""
    return {model.__name__: list(model.objects.order_by("pk").values_list()) for model in REGISTRY_MODELS}


@contextmanager
def refused(field: str) -> Iterator[None]:
    """Expects a ValidationError on ``field`` and proves that nothing in the registry changed."""
    before = _registry_rows()
    with pytest.raises(ValidationError) as raised:
        yield
    assert field in raised.value.message_dict, raised.value.message_dict
    assert all(message.strip() for message in raised.value.message_dict[field])
    assert _registry_rows() == before


@dataclass(frozen=True)
class Family:
    mother: Person
    father: Person
    child: Person
    household: Household


@pytest.fixture
def family(make_person: MakePerson, acting: Acting) -> Family:
    """Two partners and their child of four, in one household since ``DAY``."""
    mother = make_person(given_name="Amal", sex=Sex.FEMALE, birth_date=datetime.date(1992, 4, 2))
    father = make_person(given_name="Karim", sex=Sex.MALE, birth_date=datetime.date(1990, 8, 9))
    child = make_person(given_name="Lina", birth_date=datetime.date(2021, 1, 15))
    household = services.household_create(
        acting=acting,
        start_date=DAY,
        members=[
            services.Member(mother, MemberRole.ADULT),
            services.Member(father, MemberRole.ADULT),
            services.Member(child, MemberRole.CHILD),
        ],
    )
    return Family(mother=mother, father=father, child=child, household=household)


# Persons


def test_person_create_writes_person_and_audit_event(make_person: MakePerson) -> None:
    person = make_person(personal_number="19811228-9874", birth_date=datetime.date(1981, 12, 28))
    assert person.personal_number == "198112289874"
    event = AuditEvent.objects.get(action="person.create")
    assert event.object_id == str(person.pk)
    assert event.actor_label == "test suite"
    assert event.reason == "Test"


def test_person_create_refuses_invalid_personal_number(make_person: MakePerson) -> None:
    with refused("personal_number"):
        make_person(personal_number="19811228-9875", birth_date=datetime.date(1981, 12, 28))


def test_person_create_refuses_personal_number_of_another_birth_date(make_person: MakePerson) -> None:
    with refused("personal_number"):
        make_person(personal_number="19811228-9874", birth_date=datetime.date(1981, 12, 29))


def test_person_create_refuses_duplicate_dossier_number(make_person: MakePerson) -> None:
    make_person(dossier_number="30000001")
    with refused("dossier_number"):
        make_person(dossier_number="30000001")


def test_person_create_refuses_the_demo_dossier_range(make_person: MakePerson) -> None:
    with refused("dossier_number"):
        make_person(dossier_number="90000001")
    make_person(dossier_number="900000")  # six digits: outside the eight-digit demo range


def test_person_create_refuses_a_birth_date_in_the_future(make_person: MakePerson) -> None:
    with refused("birth_date"):
        make_person(birth_date=timezone.localdate() + datetime.timedelta(days=1))


def test_person_create_refuses_unknown_country_and_sex(make_person: MakePerson) -> None:
    with refused("country_of_birth"):
        make_person(country_of_birth="QQ")
    with refused("sex"):
        make_person(sex="other")


def test_person_create_without_reason_changes_nothing(make_person: MakePerson) -> None:
    with refused("reason"):
        services.person_create(
            acting=Acting(actor=None, actor_label="test", reason="  "),
            dossier_number="10000000",
            given_name="A",
            family_name="B",
            birth_date=DAY,
            sex=Sex.MALE,
            country_of_birth="SE",
            preferred_language="sv",
        )


def test_person_update_records_which_fields_changed_not_their_values(make_person: MakePerson, acting: Acting) -> None:
    person = make_person(given_name="Old")
    services.person_update(acting=acting, person=person, given_name="New", protected_identity=True)
    person.refresh_from_db()
    assert (person.given_name, person.protected_identity) == ("New", True)
    event = AuditEvent.objects.get(action="person.update")
    assert event.details == {"fields": ["given_name", "protected_identity"]}
    assert "New" not in str(event.details)


def test_person_update_refuses_fields_that_are_not_editable(make_person: MakePerson, acting: Acting) -> None:
    person = make_person()
    with refused("dossier_number"):
        services.person_update(acting=acting, person=person, dossier_number="99999999")


# Households


def test_household_has_no_head_and_records_every_member(family: Family) -> None:
    household = family.household
    roles = sorted(household.memberships.values_list("role", flat=True))
    assert roles == ["adult", "adult", "child"]
    assert not any(hasattr(household, name) for name in ("head", "head_of_household", "representative"))
    assert AuditEvent.objects.filter(action="household.create", object_id=str(household.pk)).count() == 1


def test_child_with_no_adult_is_refused(make_person: MakePerson, acting: Acting) -> None:
    child = make_person(birth_date=datetime.date(2015, 1, 1))
    with refused("members"):
        services.household_create(acting=acting, start_date=DAY, members=[services.Member(child, MemberRole.CHILD)])


def test_child_cannot_join_household_without_adult_that_day(make_person: MakePerson, acting: Acting) -> None:
    adult = make_person()
    household = services.household_create(
        acting=acting, start_date=DAY, members=[services.Member(adult, MemberRole.ADULT)]
    )
    membership = household.memberships.get()
    services.household_member_end(acting=acting, membership=membership, end_date=DAY + datetime.timedelta(days=10))
    child = make_person(birth_date=datetime.date(2015, 1, 1))
    with refused("role"):
        services.household_member_add(
            acting=acting,
            household=household,
            person=child,
            role=MemberRole.CHILD,
            start_date=DAY + datetime.timedelta(days=11),
        )


def test_overlapping_memberships_are_refused(family: Family, make_person: MakePerson, acting: Acting) -> None:
    father = family.father
    other_adult = make_person()
    with refused("members[1]"):
        services.household_create(
            acting=acting,
            start_date=DAY + datetime.timedelta(days=40),
            members=[services.Member(other_adult, MemberRole.ADULT), services.Member(father, MemberRole.ADULT)],
        )


def test_member_may_move_after_the_last_day_of_the_old_household(
    family: Family, make_person: MakePerson, acting: Acting
) -> None:
    father, household = family.father, family.household
    services.household_member_end(
        acting=acting, membership=household.memberships.get(person=father), end_date=datetime.date(2025, 6, 30)
    )
    new_household = services.household_create(
        acting=acting, start_date=datetime.date(2025, 7, 1), members=[services.Member(father, MemberRole.ADULT)]
    )
    assert new_household.memberships.get().person == father


def test_role_must_match_age(make_person: MakePerson, acting: Acting) -> None:
    adult = make_person(birth_date=datetime.date(1990, 1, 1))
    teenager = make_person(birth_date=datetime.date(2010, 1, 1))
    with refused("members[0]"):
        services.household_create(acting=acting, start_date=DAY, members=[services.Member(adult, MemberRole.CHILD)])
    with refused("members[0]"):
        services.household_create(acting=acting, start_date=DAY, members=[services.Member(teenager, MemberRole.ADULT)])


def test_last_adult_cannot_leave_the_children_alone(family: Family, acting: Acting) -> None:
    household = family.household
    mother, father = family.mother, family.father
    end = datetime.date(2025, 5, 31)
    services.household_member_end(acting=acting, membership=household.memberships.get(person=father), end_date=end)
    with refused("end_date"):
        services.household_member_end(acting=acting, membership=household.memberships.get(person=mother), end_date=end)


# Partners and parents


def test_partnership_orders_the_pair_and_records_the_kind(family: Family, acting: Acting) -> None:
    mother, father, household = family.mother, family.father, family.household
    partnership = services.partnership_create(
        acting=acting, household=household, first=father, second=mother, kind=PartnershipKind.MARRIED, start_date=DAY
    )
    assert partnership.person_a_id < partnership.person_b_id
    assert {partnership.person_a_id, partnership.person_b_id} == {mother.pk, father.pk}


def test_partner_outside_the_household_is_refused(family: Family, make_person: MakePerson, acting: Acting) -> None:
    mother, household = family.mother, family.household
    outsider = make_person(sex=Sex.MALE)
    with refused("second"):
        services.partnership_create(
            acting=acting,
            household=household,
            first=mother,
            second=outsider,
            kind=PartnershipKind.COHABITING,
            start_date=DAY,
        )


def test_partnership_cannot_start_before_both_are_members(family: Family, acting: Acting) -> None:
    mother, father, household = family.mother, family.father, family.household
    with refused("first"):
        services.partnership_create(
            acting=acting,
            household=household,
            first=mother,
            second=father,
            kind=PartnershipKind.MARRIED,
            start_date=DAY - datetime.timedelta(days=1),
        )


def test_a_person_has_one_partner_at_a_time(family: Family, make_person: MakePerson, acting: Acting) -> None:
    mother, father, household = family.mother, family.father, family.household
    third = make_person()
    services.household_member_add(
        acting=acting, household=household, person=third, role=MemberRole.ADULT, start_date=DAY
    )
    services.partnership_create(
        acting=acting, household=household, first=mother, second=father, kind=PartnershipKind.MARRIED, start_date=DAY
    )
    with refused("first"):
        services.partnership_create(
            acting=acting,
            household=household,
            first=father,
            second=third,
            kind=PartnershipKind.COHABITING,
            start_date=DAY + datetime.timedelta(days=5),
        )


def test_partner_cannot_leave_while_the_partnership_lasts(family: Family, acting: Acting) -> None:
    mother, father, household = family.mother, family.father, family.household
    partnership = services.partnership_create(
        acting=acting, household=household, first=mother, second=father, kind=PartnershipKind.MARRIED, start_date=DAY
    )
    end = datetime.date(2025, 9, 30)
    with refused("end_date"):
        services.household_member_end(acting=acting, membership=household.memberships.get(person=father), end_date=end)
    services.partnership_end(acting=acting, partnership=partnership, end_date=end)
    services.household_member_end(acting=acting, membership=household.memberships.get(person=father), end_date=end)


def test_guardian_must_be_adult_and_child_a_minor(family: Family, make_person: MakePerson, acting: Acting) -> None:
    mother, child = family.mother, family.child
    services.guardianship_create(acting=acting, child=child, guardian=mother, kind=GuardianKind.PARENT, start_date=DAY)
    sibling = make_person(birth_date=datetime.date(2012, 1, 1))
    with refused("guardian"):
        services.guardianship_create(
            acting=acting, child=child, guardian=sibling, kind=GuardianKind.GUARDIAN, start_date=DAY
        )
    with refused("guardian"):
        services.guardianship_create(
            acting=acting, child=child, guardian=child, kind=GuardianKind.PARENT, start_date=DAY
        )
    father = family.father
    with refused("child"):
        services.guardianship_create(
            acting=acting, child=mother, guardian=father, kind=GuardianKind.PARENT, start_date=DAY
        )
    with refused("guardian"):
        services.guardianship_create(
            acting=acting, child=child, guardian=mother, kind=GuardianKind.PARENT, start_date=DAY
        )


# Accommodation, LMA and permits


def test_accommodation_periods_of_one_person_never_overlap(make_person: MakePerson, acting: Acting) -> None:
    person = make_person()
    services.accommodation_period_create(
        acting=acting,
        person=person,
        kind=AccommodationKind.AGENCY,
        food_included=True,
        start_date=DAY,
        end_date=datetime.date(2025, 3, 31),
    )
    with refused("start_date"):
        services.accommodation_period_create(
            acting=acting,
            person=person,
            kind=AccommodationKind.OWN,
            food_included=False,
            start_date=datetime.date(2025, 3, 31),
        )
    services.accommodation_period_create(
        acting=acting,
        person=person,
        kind=AccommodationKind.OWN,
        food_included=False,
        start_date=datetime.date(2025, 4, 1),
    )


def test_own_accommodation_never_includes_food(make_person: MakePerson, acting: Acting) -> None:
    person = make_person()
    with refused("food_included"):
        services.accommodation_period_create(
            acting=acting, person=person, kind=AccommodationKind.OWN, food_included=True, start_date=DAY
        )


def test_period_that_ends_before_it_starts_is_refused(make_person: MakePerson, acting: Acting) -> None:
    person = make_person()
    with refused("end_date"):
        services.lma_eligibility_create(
            acting=acting,
            person=person,
            basis=EligibilityBasis.ASYLUM_SEEKER,
            start_date=DAY,
            end_date=DAY - datetime.timedelta(days=1),
        )


def test_lma_periods_never_overlap_and_can_be_ended(make_person: MakePerson, acting: Acting) -> None:
    person = make_person()
    period = services.lma_eligibility_create(
        acting=acting, person=person, basis=EligibilityBasis.ASYLUM_SEEKER, start_date=DAY
    )
    with refused("start_date"):
        services.lma_eligibility_create(
            acting=acting, person=person, basis=EligibilityBasis.OTHER, start_date=DAY + datetime.timedelta(days=100)
        )
    services.lma_eligibility_end(acting=acting, period=period, end_date=DAY + datetime.timedelta(days=99))
    services.lma_eligibility_create(
        acting=acting, person=person, basis=EligibilityBasis.OTHER, start_date=DAY + datetime.timedelta(days=100)
    )


def test_permit_events_are_dated_and_checked(make_person: MakePerson, acting: Acting) -> None:
    person = make_person()
    application = services.permit_application_submit(
        acting=acting, person=person, ground=PermitGround.FAMILY_TIES, submitted_on=DAY
    )
    with refused("decided_on"):
        services.permit_decision_record(
            acting=acting, application=application, decided_on=DAY - datetime.timedelta(days=1), outcome="refused"
        )
    with refused("valid_until"):
        services.permit_decision_record(
            acting=acting,
            application=application,
            decided_on=DAY,
            outcome=DecisionOutcome.GRANTED,
            permit_kind=PermitKind.TEMPORARY,
            valid_from=DAY,
        )
    with refused("outcome"):
        services.permit_decision_record(
            acting=acting,
            application=application,
            decided_on=DAY,
            outcome=DecisionOutcome.REFUSED,
            permit_kind=PermitKind.PERMANENT,
        )
    decision = services.permit_decision_record(
        acting=acting,
        application=application,
        decided_on=DAY + datetime.timedelta(days=30),
        outcome=DecisionOutcome.GRANTED,
        permit_kind=PermitKind.TEMPORARY,
        valid_from=DAY + datetime.timedelta(days=30),
        valid_until=datetime.date(2027, 3, 30),
    )
    assert list(application.decisions.all()) == [decision]
    with refused("ground"):
        services.permit_application_submit(acting=acting, person=person, ground="marriage", submitted_on=DAY)


# A child is never left without an adult, on any day


def _adult_and_child(make_person: MakePerson, acting: Acting) -> tuple[Household, Person, Person]:
    adult = make_person(given_name="Adult")
    child = make_person(given_name="Child", birth_date=datetime.date(2018, 1, 1))
    household = services.household_create(
        acting=acting,
        start_date=DAY,
        members=[services.Member(adult, MemberRole.ADULT), services.Member(child, MemberRole.CHILD)],
    )
    return household, adult, child


def test_child_cannot_join_if_the_adults_leave_later(make_person: MakePerson, acting: Acting) -> None:
    adult = make_person()
    household = services.household_create(acting=acting, start_date=DAY, members=[services.Member(adult, "adult")])
    services.household_member_end(
        acting=acting, membership=household.memberships.get(), end_date=DAY + datetime.timedelta(days=30)
    )
    child = make_person(birth_date=datetime.date(2018, 1, 1))
    with refused("role"):
        services.household_member_add(
            acting=acting, household=household, person=child, role="child", start_date=DAY + datetime.timedelta(days=10)
        )


def test_adults_leaving_one_after_the_other_cannot_leave_a_child_alone(make_person: MakePerson, acting: Acting) -> None:
    household, first, _child = _adult_and_child(make_person, acting)
    second = make_person(given_name="Second")
    services.household_member_add(acting=acting, household=household, person=second, role="adult", start_date=DAY)
    services.household_member_end(
        acting=acting, membership=household.memberships.get(person=second), end_date=DAY + datetime.timedelta(days=30)
    )
    with refused("end_date"):
        services.household_member_end(
            acting=acting,
            membership=household.memberships.get(person=first),
            end_date=DAY + datetime.timedelta(days=60),
        )


def test_an_adult_arriving_later_does_not_cover_the_days_before(make_person: MakePerson, acting: Acting) -> None:
    household, first, _child = _adult_and_child(make_person, acting)
    late = make_person(given_name="Late")
    services.household_member_add(
        acting=acting, household=household, person=late, role="adult", start_date=DAY + datetime.timedelta(days=200)
    )
    with refused("end_date"):
        services.household_member_end(
            acting=acting,
            membership=household.memberships.get(person=first),
            end_date=DAY + datetime.timedelta(days=10),
        )
    # Handing over on consecutive days is fine.
    services.household_member_end(
        acting=acting, membership=household.memberships.get(person=first), end_date=DAY + datetime.timedelta(days=199)
    )


def test_a_person_in_another_household_cannot_be_added(family: Family, make_person: MakePerson, acting: Acting) -> None:
    other = services.household_create(
        acting=acting, start_date=DAY, members=[services.Member(make_person(), MemberRole.ADULT)]
    )
    with refused("person"):
        services.household_member_add(
            acting=acting,
            household=other,
            person=family.father,
            role="adult",
            start_date=DAY + datetime.timedelta(days=1),
        )


# Ending periods


def test_ending_twice_or_before_the_start_is_refused(family: Family, acting: Acting) -> None:
    partnership = services.partnership_create(
        acting=acting,
        household=family.household,
        first=family.mother,
        second=family.father,
        kind=PartnershipKind.MARRIED,
        start_date=DAY,
    )
    with refused("end_date"):
        services.partnership_end(acting=acting, partnership=partnership, end_date=DAY - datetime.timedelta(days=1))
    services.partnership_end(acting=acting, partnership=partnership, end_date=DAY + datetime.timedelta(days=9))
    with refused("end_date"):
        services.partnership_end(acting=acting, partnership=partnership, end_date=DAY + datetime.timedelta(days=20))
    period = services.lma_eligibility_create(
        acting=acting, person=family.mother, basis=EligibilityBasis.ASYLUM_SEEKER, start_date=DAY
    )
    with refused("end_date"):
        services.lma_eligibility_end(acting=acting, period=period, end_date=DAY - datetime.timedelta(days=1))
    with refused("reason"):
        services.lma_eligibility_end(acting=Acting(actor=None, actor_label="t", reason=""), period=period, end_date=DAY)


# Parents and dates of birth


def test_a_parent_relation_ends_the_day_before_the_child_turns_18(family: Family, acting: Acting) -> None:
    relation = services.guardianship_create(
        acting=acting, child=family.child, guardian=family.mother, kind=GuardianKind.PARENT, start_date=DAY
    )
    assert relation.end_date == datetime.date(2039, 1, 14)  # the child was born on 2021-01-15
    with refused("child"):
        services.guardianship_create(
            acting=acting,
            child=family.child,
            guardian=family.father,
            kind=GuardianKind.PARENT,
            start_date=DAY,
            end_date=datetime.date(2039, 1, 15),
        )


def test_a_new_birth_date_must_fit_the_roles_already_recorded(family: Family, acting: Acting) -> None:
    with refused("birth_date"):
        services.person_update(acting=acting, person=family.father, birth_date=datetime.date(2015, 1, 1))
    with refused("birth_date"):
        services.person_update(acting=acting, person=family.child, birth_date=datetime.date(1990, 1, 1))
    services.person_update(acting=acting, person=family.child, birth_date=datetime.date(2021, 2, 1))


def test_person_update_refuses_a_personal_number_of_another_birth_date(make_person: MakePerson, acting: Acting) -> None:
    person = make_person(birth_date=datetime.date(1981, 12, 29))
    with refused("personal_number"):
        services.person_update(acting=acting, person=person, personal_number="19811228-9874")


def test_a_duplicate_written_meanwhile_becomes_a_field_error(
    make_person: MakePerson, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two officers registering the same dossier number at once: the second gets a clear error, not a crash."""
    make_person(dossier_number="30000002")
    # As if the other write committed after this one's checks: skip the check made before saving.
    monkeypatch.setattr(Person, "validate_unique", lambda self, exclude=None: None)
    with refused("dossier_number"):
        make_person(dossier_number="30000002")
