"""Every write to the people registry.

Each service validates its input completely before writing, runs in one transaction, and records
an audit event with the acting user and the reason. A service that refuses raises
:class:`django.core.exceptions.ValidationError` keyed by the field at fault and changes nothing.

``actor`` is the member of staff who acts; a job acting on its own passes ``actor=None`` and
names itself in ``actor_label``.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from lika.audit.acting import Acting
from lika.audit.actions import Action
from lika.core import clock
from lika.core.official_codes import official_codes
from lika.core.periods import Period, birthday, first_uncovered_day, last_day_before, period_text
from lika.people.identifiers import (
    DEMO_DOSSIER_FIRST,
    DEMO_DOSSIER_LAST,
    is_demo_dossier_number,
    personal_number_birth_date,
    personal_number_normalize,
    validate_language_code,
)
from lika.people.models import (
    AccommodationKind,
    AccommodationPeriod,
    ConversationChannel,
    ConversationTopic,
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
    PermitConversation,
    PermitDecision,
    PermitGround,
    PermitKind,
    Person,
    RegistrySnapshot,
    Sex,
)
from lika.people.parameters import AGE_OF_MAJORITY
from lika.people.selectors import registry_summary
from lika.people.signals import permit_granted

logger = logging.getLogger(__name__)

if TYPE_CHECKING:
    pass


def _lock_household(pk: int) -> None:
    """Locks a household until the transaction ends, so that two writes to it cannot interleave."""
    Household.objects.select_for_update().only("pk").get(pk=pk)


def _check_period(start_date: datetime.date, end_date: datetime.date | None) -> None:
    if end_date is not None and end_date < start_date:
        raise ValidationError({"end_date": _("The end date comes before the start date.")})


def _personal_number(value: str) -> str | None:
    """The number in its 12-digit form, None when empty; an error names the field."""
    if not value.strip():
        return None
    try:
        return personal_number_normalize(value)
    except ValidationError as error:
        raise ValidationError({"personal_number": error.messages}) from error


_Period = TypeVar(
    "_Period", HouseholdMembership, Partnership, LmaEligibilityPeriod, AccommodationPeriod, MunicipalityOfResidence
)
_PersonPeriod = TypeVar("_PersonPeriod", LmaEligibilityPeriod, AccommodationPeriod, MunicipalityOfResidence)


def _period_shorten(locked: _Period, end_date: datetime.date) -> _Period:
    """Sets the last day of a locked, open or longer period; the caller has checked everything else."""
    _check_period(locked.start_date, end_date)
    if locked.end_date is not None and locked.end_date <= end_date:
        raise ValidationError({"end_date": _("This already ends on %(date)s.") % {"date": locked.end_date}})
    locked.end_date = end_date
    locked.save(update_fields=["end_date"])
    return locked


def _person_period_add(
    *,
    acting: Acting,
    model: type[_PersonPeriod],
    person: Person,
    start_date: datetime.date,
    end_date: datetime.date | None,
    clash_message: str,
    action: Action,
    details: dict[str, Any],
    **fields: Any,
) -> _PersonPeriod:
    """Adds a period of ``model`` for a person whose periods of that kind never overlap."""
    with transaction.atomic():
        _lock_persons([person])
        clash = model.objects.filter(person=person).overlapping(start_date, end_date).first()
        if clash is not None:
            text = period_text(clash.start_date, clash.end_date)
            raise ValidationError({"start_date": clash_message % {"name": person.full_name, "period": text}})
        period = model.objects.create(person=person, start_date=start_date, end_date=end_date, **fields)
        acting.audit(action, period, {"person": person.pk, **details})
    return period


# Persons ---------------------------------------------------------------------------------------


def _check_dossier_number(dossier_number: str) -> None:
    if is_demo_dossier_number(dossier_number):
        raise ValidationError(
            {
                "dossier_number": _("Numbers from %(first)s to %(last)s are kept for made-up demo persons.")
                % {"first": DEMO_DOSSIER_FIRST, "last": DEMO_DOSSIER_LAST}
            }
        )


def _check_birth_date(birth_date: datetime.date) -> None:
    if birth_date > clock.today():
        raise ValidationError({"birth_date": _("The date of birth is in the future.")})


def _save_unique(person: Person) -> None:
    """Saves ``person``; a duplicate number that another write committed meanwhile becomes a field error."""
    try:
        with transaction.atomic():
            person.save()
    except IntegrityError as error:
        for field in ("dossier_number", "personal_number"):
            value = getattr(person, field)
            if value and Person.objects.filter(**{field: value}).exclude(pk=person.pk).exists():
                raise ValidationError({field: _("Another person already has this number.")}) from error
        raise


def person_create(
    *,
    acting: Acting,
    dossier_number: str,
    given_name: str,
    family_name: str,
    birth_date: datetime.date,
    sex: Sex | str,
    country_of_birth: str,
    preferred_language: str,
    citizenship: str = "",
    personal_number: str = "",
    protected_identity: bool = False,
) -> Person:
    """Registers a person. A personal or coordination number is optional and must match the birth date."""
    acting.require("people.add_person")
    normalized = _personal_number(personal_number)
    person = Person(
        dossier_number=dossier_number.strip(),
        personal_number=normalized,
        given_name=given_name.strip(),
        family_name=family_name.strip(),
        birth_date=birth_date,
        sex=sex,
        country_of_birth=country_of_birth,
        citizenship=citizenship,
        preferred_language=preferred_language.strip(),
        protected_identity=protected_identity,
    )
    person.full_clean()
    _check_dossier_number(person.dossier_number)
    _check_birth_date(birth_date)
    if normalized and personal_number_birth_date(normalized) != birth_date:
        raise ValidationError({"personal_number": _("The personal number does not match the date of birth.")})
    with transaction.atomic():
        _save_unique(person)
        acting.audit(Action.PERSON_CREATE, person, {"protected_identity": protected_identity})
    return person


_PERSON_EDITABLE = frozenset(
    {
        "given_name",
        "family_name",
        "birth_date",
        "sex",
        "country_of_birth",
        "citizenship",
        "preferred_language",
        "personal_number",
        "protected_identity",
    }
)


def _check_relations_fit_birth_date(person: Person) -> None:
    """After a change of birth date: every membership role and parent relation must still fit the age."""
    for membership in person.memberships.all():
        _check_role_matches_age(person, membership.role, membership.start_date, "birth_date")
    for relation in person.guardianships.all():
        _check_minor_throughout(person, relation.start_date, relation.end_date, "birth_date")
    for relation in person.wards.all():
        if person.age_on(relation.start_date) < AGE_OF_MAJORITY:
            raise ValidationError(
                {
                    "birth_date": _("With this date of birth, %(name)s would be a minor when recorded as a parent.")
                    % {"name": person.full_name}
                }
            )


def person_update(*, acting: Acting, person: Person, **changes: Any) -> Person:
    """Changes the named fields of a person; the audit event lists the fields changed, not their values."""
    acting.require("people.change_person")
    unknown = set(changes) - _PERSON_EDITABLE
    if unknown:
        raise ValidationError({name: _("This field cannot be changed here.") for name in sorted(unknown)})
    with transaction.atomic():
        locked = Person.objects.select_for_update().get(pk=person.pk)
        changed: list[str] = []
        for name, given in changes.items():
            value = given
            if name == "personal_number":
                value = _personal_number(str(given or ""))
            if getattr(locked, name) != value:
                setattr(locked, name, value)
                changed.append(name)
        if not changed:
            return locked
        locked.full_clean()
        if "birth_date" in changed:
            _check_birth_date(locked.birth_date)
            _check_relations_fit_birth_date(locked)
        if locked.personal_number and personal_number_birth_date(locked.personal_number) != locked.birth_date:
            raise ValidationError({"personal_number": _("The personal number does not match the date of birth.")})
        _save_unique(locked)
        # Values may be sensitive (a protected person's name); the trail keeps which fields changed.
        acting.audit(Action.PERSON_UPDATE, locked, {"fields": sorted(changed)})
    return locked


# Households ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Member:
    """A person to add to a household, and as what."""

    person: Person
    role: MemberRole | str


def _check_role_matches_age(person: Person, role: str, on: datetime.date, field: str) -> None:
    age = person.age_on(on)
    if age < 0:
        raise ValidationError(
            {field: _("%(name)s was not yet born on %(date)s.") % {"name": person.full_name, "date": on}}
        )
    if role == MemberRole.CHILD and age >= AGE_OF_MAJORITY:
        raise ValidationError(
            {
                field: _("%(name)s is %(age)s years old on %(date)s and cannot join as a child.")
                % {"name": person.full_name, "age": age, "date": on}
            }
        )
    if role == MemberRole.ADULT and age < AGE_OF_MAJORITY:
        raise ValidationError(
            {
                field: _("%(name)s is %(age)s years old on %(date)s and cannot join as an adult.")
                % {"name": person.full_name, "age": age, "date": on}
            }
        )


def _check_not_elsewhere(person: Person, start: datetime.date, end: datetime.date | None, field: str) -> None:
    other = HouseholdMembership.objects.filter(person=person).overlapping(start, end).first()
    if other is not None:
        raise ValidationError(
            {
                field: _(
                    "%(name)s is already a member of household %(household)s from %(start)s; a person is in one household at a time."
                )
                % {"name": person.full_name, "household": other.household_id, "start": other.start_date}
            }
        )


def _check_children_have_adults(memberships: Sequence[HouseholdMembership], field: str) -> None:
    """Every day of every child's membership has at least one adult member in the household."""
    adults: list[Period] = [(m.start_date, m.end_date) for m in memberships if m.role == MemberRole.ADULT]
    for child in (m for m in memberships if m.role == MemberRole.CHILD):
        alone = first_uncovered_day((child.start_date, child.end_date), adults)
        if alone is not None:
            raise ValidationError(
                {
                    field: _("%(name)s would have no adult in the household from %(date)s.")
                    % {"name": child.person.full_name, "date": alone}
                }
            )


def _lock_persons(persons: Sequence[Person]) -> None:
    """Locks persons in id order, so that two writes touching the same people cannot deadlock."""
    list(Person.objects.select_for_update().filter(pk__in=[p.pk for p in persons]).order_by("pk").values("pk"))


def household_create(*, acting: Acting, members: Sequence[Member], start_date: datetime.date) -> Household:
    """Creates a household with its first members, all from ``start_date``. No member is its head.

    A household with children must have at least one adult.
    """
    acting.require("people.add_household")
    if not members:
        raise ValidationError({"members": _("A household needs at least one member.")})
    seen: set[int] = set()
    for index, member in enumerate(members):
        field = f"members[{index}]"
        if member.person.pk in seen:
            raise ValidationError({field: _("%(name)s is listed twice.") % {"name": member.person.full_name}})
        seen.add(member.person.pk)
        if member.role not in MemberRole.values:
            raise ValidationError({field: _("The role must be adult or child.")})
        _check_role_matches_age(member.person, member.role, start_date, field)
    if not any(m.role == MemberRole.ADULT for m in members):
        raise ValidationError({"members": _("A child cannot make up a household alone: add at least one adult.")})
    with transaction.atomic():
        _lock_persons([m.person for m in members])
        for index, member in enumerate(members):
            _check_not_elsewhere(member.person, start_date, None, f"members[{index}]")
        household = Household.objects.create()
        HouseholdMembership.objects.bulk_create(
            [
                HouseholdMembership(household=household, person=m.person, role=m.role, start_date=start_date)
                for m in members
            ]
        )
        acting.audit(
            Action.HOUSEHOLD_CREATE, household, {"members": sorted(seen), "start_date": start_date.isoformat()}
        )
    return household


def household_member_add(
    *, acting: Acting, household: Household, person: Person, role: MemberRole | str, start_date: datetime.date
) -> HouseholdMembership:
    """Adds a person to a household from ``start_date``; a child needs an adult member every day from then on."""
    acting.require("people.add_householdmembership")
    if role not in MemberRole.values:
        raise ValidationError({"role": _("The role must be adult or child.")})
    _check_role_matches_age(person, role, start_date, "person")
    with transaction.atomic():
        _lock_household(household.pk)
        _lock_persons([person])
        _check_not_elsewhere(person, start_date, None, "person")
        membership = HouseholdMembership(household=household, person=person, role=role, start_date=start_date)
        if role == MemberRole.CHILD:
            _check_children_have_adults([*household.memberships.select_related("person"), membership], "role")
        membership.save()
        acting.audit(
            Action.HOUSEHOLD_MEMBER_ADD,
            household,
            {"person": person.pk, "role": role, "start_date": start_date.isoformat()},
        )
    return membership


def household_member_end(
    *, acting: Acting, membership: HouseholdMembership, end_date: datetime.date
) -> HouseholdMembership:
    """Ends a membership on ``end_date`` (the last day in the household).

    Refused if a child would be left without an adult on any day, or if the person has a partnership
    in the household that goes on after that day.
    """
    acting.require("people.change_householdmembership")
    with transaction.atomic():
        _lock_household(membership.household_id)
        locked = HouseholdMembership.objects.select_for_update().get(pk=membership.pk)
        _check_period(locked.start_date, end_date)
        if locked.role == MemberRole.ADULT:
            after = [m for m in locked.household.memberships.select_related("person") if m.pk != locked.pk]
            shortened = HouseholdMembership(
                household_id=locked.household_id,
                person_id=locked.person_id,
                role=locked.role,
                start_date=locked.start_date,
                end_date=end_date,
            )
            _check_children_have_adults([*after, shortened], "end_date")
        partner_after = (
            Partnership.objects.filter(household=locked.household)
            .involving(locked.person_id)
            .overlapping(end_date + datetime.timedelta(days=1), None)
        )
        if partner_after.exists():
            raise ValidationError(
                {
                    "end_date": _("End the partnership in this household first; it goes on after %(date)s.")
                    % {"date": end_date}
                }
            )
        _period_shorten(locked, end_date)
        acting.audit(
            Action.HOUSEHOLD_MEMBER_END,
            locked.household,
            {"person": locked.person_id, "end_date": end_date.isoformat()},
        )
    return locked


# Parents, guardians and partners ---------------------------------------------------------------


def guardianship_create(
    *,
    acting: Acting,
    child: Person,
    guardian: Person,
    kind: GuardianKind | str,
    start_date: datetime.date,
    end_date: datetime.date | None = None,
) -> Guardianship:
    """Records that an adult is a child's parent or guardian. The guardian need not live with the child."""
    acting.require("people.add_guardianship")
    _check_period(start_date, end_date)
    if kind not in GuardianKind.values:
        raise ValidationError({"kind": _("Choose parent or guardian.")})
    if child.pk == guardian.pk:
        raise ValidationError({"guardian": _("A person cannot be their own parent or guardian.")})
    if guardian.age_on(start_date) < AGE_OF_MAJORITY:
        raise ValidationError(
            {"guardian": _("%(name)s is under 18 on %(date)s.") % {"name": guardian.full_name, "date": start_date}}
        )
    # Guardianship of a minor ends by law the day before the child comes of age.
    end_date = end_date or last_day_before(birthday(child.birth_date, AGE_OF_MAJORITY))
    _check_minor_throughout(child, start_date, end_date, "child")
    with transaction.atomic():
        _lock_persons([child, guardian])
        if Guardianship.objects.filter(child=child, guardian=guardian).overlapping(start_date, end_date).exists():
            raise ValidationError({"guardian": _("This relation is already recorded for part of the period.")})
        relation = Guardianship.objects.create(
            child=child, guardian=guardian, kind=kind, start_date=start_date, end_date=end_date
        )
        acting.audit(Action.GUARDIANSHIP_CREATE, relation, {"child": child.pk, "guardian": guardian.pk, "kind": kind})
    return relation


def _check_minor_throughout(
    child: Person, start_date: datetime.date, end_date: datetime.date | None, field: str
) -> None:
    comes_of_age = birthday(child.birth_date, AGE_OF_MAJORITY)
    if child.age_on(start_date) < 0:
        raise ValidationError(
            {field: _("%(name)s was not yet born on %(date)s.") % {"name": child.full_name, "date": start_date}}
        )
    if child.age_on(start_date) >= AGE_OF_MAJORITY:
        raise ValidationError(
            {field: _("%(name)s is 18 or older on %(date)s.") % {"name": child.full_name, "date": start_date}}
        )
    if end_date is None or end_date >= comes_of_age:
        raise ValidationError(
            {
                field: _("%(name)s turns 18 on %(date)s; a parent or guardian relation ends the day before.")
                % {"name": child.full_name, "date": comes_of_age}
            }
        )


def _adult_member_throughout(
    household: Household, person: Person, start: datetime.date, end: datetime.date | None
) -> bool:
    """Whether one adult membership of ``person`` in ``household`` covers the whole period."""
    for membership in household.memberships.filter(person=person, role=MemberRole.ADULT):
        starts_in_time = membership.start_date <= start
        lasts = membership.end_date is None or (end is not None and membership.end_date >= end)
        if starts_in_time and lasts:
            return True
    return False


def partnership_create(
    *,
    acting: Acting,
    household: Household,
    first: Person,
    second: Person,
    kind: PartnershipKind | str,
    start_date: datetime.date,
    end_date: datetime.date | None = None,
) -> Partnership:
    """Records two adult members of a household as partners (married or cohabiting) for a period."""
    acting.require("people.add_partnership")
    _check_period(start_date, end_date)
    if kind not in PartnershipKind.values:
        raise ValidationError({"kind": _("Choose married or cohabiting.")})
    if first.pk == second.pk:
        raise ValidationError({"second": _("A person cannot be their own partner.")})
    person_a, person_b = sorted((first, second), key=lambda p: p.pk)
    with transaction.atomic():
        _lock_household(household.pk)
        _lock_persons([first, second])
        for field, person in (("first", first), ("second", second)):
            if not _adult_member_throughout(household, person, start_date, end_date):
                raise ValidationError(
                    {
                        field: _(
                            "%(name)s is not an adult member of this household for the whole period, so cannot be recorded as a partner in it."
                        )
                        % {"name": person.full_name}
                    }
                )
        for field, person in (("first", first), ("second", second)):
            if Partnership.objects.involving(person.pk).overlapping(start_date, end_date).exists():
                raise ValidationError(
                    {field: _("%(name)s already has a partner for part of this period.") % {"name": person.full_name}}
                )
        partnership = Partnership.objects.create(
            household=household,
            person_a=person_a,
            person_b=person_b,
            kind=kind,
            start_date=start_date,
            end_date=end_date,
        )
        acting.audit(Action.PARTNERSHIP_CREATE, partnership, {"household": household.pk, "kind": kind})
    return partnership


def partnership_end(*, acting: Acting, partnership: Partnership, end_date: datetime.date) -> Partnership:
    """Ends a partnership on ``end_date``, its last day."""
    acting.require("people.change_partnership")
    with transaction.atomic():
        locked = _period_shorten(Partnership.objects.select_for_update().get(pk=partnership.pk), end_date)
        acting.audit(Action.PARTNERSHIP_END, locked, {"end_date": end_date.isoformat()})
    return locked


# Accommodation and LMA eligibility ------------------------------------------------------------


def accommodation_period_create(
    *,
    acting: Acting,
    person: Person,
    kind: AccommodationKind | str,
    food_included: bool,
    start_date: datetime.date,
    end_date: datetime.date | None = None,
) -> AccommodationPeriod:
    """Records where a person lives for a period. Periods of one person never overlap."""
    acting.require("people.add_accommodationperiod")
    _check_period(start_date, end_date)
    if kind not in AccommodationKind.values:
        raise ValidationError({"kind": _("Choose the kind of accommodation.")})
    if kind == AccommodationKind.OWN and food_included:
        raise ValidationError(
            {"food_included": _("Food is only ever included in accommodation arranged by the agency.")}
        )
    return _person_period_add(
        acting=acting,
        model=AccommodationPeriod,
        person=person,
        start_date=start_date,
        end_date=end_date,
        clash_message=_("%(name)s already has accommodation recorded: %(period)s."),
        action=Action.ACCOMMODATION_CREATE,
        details={"food_included": food_included},
        kind=kind,
        food_included=food_included,
    )


def lma_eligibility_create(
    *,
    acting: Acting,
    person: Person,
    basis: EligibilityBasis | str,
    start_date: datetime.date,
    end_date: datetime.date | None = None,
) -> LmaEligibilityPeriod:
    """Records a period in which a person is covered by LMA. Periods of one person never overlap."""
    acting.require("people.add_lmaeligibilityperiod")
    _check_period(start_date, end_date)
    if basis not in EligibilityBasis.values:
        raise ValidationError({"basis": _("Choose the basis for LMA.")})
    return _person_period_add(
        acting=acting,
        model=LmaEligibilityPeriod,
        person=person,
        start_date=start_date,
        end_date=end_date,
        clash_message=_("%(name)s is already covered by LMA: %(period)s."),
        action=Action.LMA_ELIGIBILITY_CREATE,
        details={"basis": basis},
        basis=basis,
    )


def lma_eligibility_end(
    *, acting: Acting, period: LmaEligibilityPeriod, end_date: datetime.date
) -> LmaEligibilityPeriod:
    """Ends an LMA period on ``end_date``, the last day covered."""
    acting.require("people.change_lmaeligibilityperiod")
    with transaction.atomic():
        locked = _period_shorten(LmaEligibilityPeriod.objects.select_for_update().get(pk=period.pk), end_date)
        acting.audit(Action.LMA_ELIGIBILITY_END, locked, {"end_date": end_date.isoformat()})
    return locked


# Permits ---------------------------------------------------------------------------------------


def municipality_of_residence_record(
    *, acting: Acting, person: Person, municipality_code: str, start_date: datetime.date
) -> MunicipalityOfResidence:
    """Records that ``person`` lives in a municipality from ``start_date``; an open earlier period ends the day before."""
    acting.require("people.add_municipalityofresidence")
    if municipality_code not in official_codes().municipalities:
        raise ValidationError(
            {
                "municipality_code": _(
                    "Write the municipality's four-digit code from Statistics Sweden, such as 1280 for Malmö."
                )
            }
        )
    with transaction.atomic():
        _lock_persons([person])
        current = (
            MunicipalityOfResidence.objects.select_for_update()
            .filter(person=person, end_date__isnull=True, start_date__lt=start_date)
            .first()
        )
        if current is not None:
            _period_shorten(current, start_date - datetime.timedelta(days=1))
        return _person_period_add(
            acting=acting,
            model=MunicipalityOfResidence,
            person=person,
            start_date=start_date,
            end_date=None,
            clash_message=_("%(name)s already lives in a municipality then: %(period)s."),
            action=Action.MUNICIPALITY_OF_RESIDENCE_RECORD,
            details={"municipality_code": municipality_code},
            municipality_code=municipality_code,
        )


def permit_application_submit(
    *, acting: Acting, person: Person, ground: PermitGround | str, submitted_on: datetime.date
) -> PermitApplication:
    """Records an application for a residence permit on one ground."""
    acting.require("people.add_permitapplication")
    if ground not in PermitGround.values:
        raise ValidationError({"ground": _("Choose the ground of the application.")})
    if submitted_on < person.birth_date:
        raise ValidationError({"submitted_on": _("The application cannot be made before the applicant was born.")})
    with transaction.atomic():
        application = PermitApplication.objects.create(person=person, ground=ground, submitted_on=submitted_on)
        acting.audit(Action.PERMIT_APPLICATION_SUBMIT, application, {"person": person.pk, "ground": ground})
    return application


def permit_decision_record(
    *,
    acting: Acting,
    application: PermitApplication,
    decided_on: datetime.date,
    outcome: DecisionOutcome | str,
    permit_kind: PermitKind | str = "",
    valid_from: datetime.date | None = None,
    valid_until: datetime.date | None = None,
) -> PermitDecision:
    """Records a decision on an application. A granted permit states its kind and when it starts."""
    acting.require("people.add_permitdecision")
    if outcome not in DecisionOutcome.values:
        raise ValidationError({"outcome": _("Choose the outcome of the decision.")})
    if decided_on < application.submitted_on:
        raise ValidationError({"decided_on": _("The decision date comes before the application was made.")})
    if outcome == DecisionOutcome.GRANTED:
        if permit_kind not in PermitKind.values:
            raise ValidationError({"permit_kind": _("Say whether the permit granted is temporary or permanent.")})
        if valid_from is None:
            raise ValidationError({"valid_from": _("Say from which day the permit is valid.")})
        if permit_kind == PermitKind.TEMPORARY and valid_until is None:
            raise ValidationError({"valid_until": _("A temporary permit needs a last day of validity.")})
        if permit_kind == PermitKind.PERMANENT and valid_until is not None:
            raise ValidationError({"valid_until": _("A permanent permit has no last day of validity.")})
        if valid_until is not None and valid_until < valid_from:
            raise ValidationError({"valid_until": _("The permit would end before it starts.")})
    elif permit_kind or valid_from or valid_until:
        raise ValidationError({"outcome": _("Only a granted permit has a kind and a period of validity.")})
    with transaction.atomic():
        decision = PermitDecision.objects.create(
            application=application,
            decided_on=decided_on,
            outcome=outcome,
            permit_kind=permit_kind,
            valid_from=valid_from,
            valid_until=valid_until,
        )
        acting.audit(Action.PERMIT_DECISION_RECORD, decision, {"application": application.pk, "outcome": outcome})
        if outcome == DecisionOutcome.GRANTED:
            # Min Sida sends the person its message at once; `lika permit-messages` remains the safety net.
            transaction.on_commit(lambda: _announce_granted(decision))
    return decision


@dataclass(frozen=True)
class Conversation:
    """What an officer records of a permit conversation."""

    held_on: datetime.date
    channel: ConversationChannel | str
    language: str
    interpreter: bool
    topics: Sequence[ConversationTopic | str]


def permit_conversation_record(
    *, acting: Acting, decision: PermitDecision, conversation: Conversation
) -> PermitConversation:
    """Records the conversation with an adult granted a permit by ``decision``: how, in which language, and
    which of the protocol's topics it covered (the others were not given, and the follow-up counts that).
    """
    acting.require("people.add_permitconversation")
    if acting.actor is None:
        raise ValidationError({"reason": _("A conversation is recorded by the officer who held it.")})
    person = decision.application.person
    errors: dict[str, str] = {}
    if decision.outcome != DecisionOutcome.GRANTED:
        errors["decision"] = _("The conversation follows a granted permit; this decision did not grant one.")
    if conversation.held_on < decision.decided_on:
        errors["held_on"] = _("The conversation comes after the decision of %(date)s.") % {"date": decision.decided_on}
    elif conversation.held_on > clock.today():
        errors["held_on"] = _("Record a conversation once it has been held, not before.")
    elif person.age_on(conversation.held_on) < AGE_OF_MAJORITY:
        errors["held_on"] = _("The conversation is held with adults; %(name)s was under 18 then.") % {
            "name": person.full_name
        }
    if conversation.channel not in ConversationChannel.values:
        errors["channel"] = _("Say how the conversation was held.")
    try:
        validate_language_code(conversation.language)
    except ValidationError as error:
        errors["language"] = " ".join(error.messages)
    unknown = set(conversation.topics) - set(ConversationTopic.values)
    if unknown:
        errors["topics"] = _("These are not topics of the conversation: %(topics)s.") % {
            "topics": ", ".join(sorted(str(topic) for topic in unknown))
        }
    if errors:
        raise ValidationError(errors)
    topics = [topic for topic in ConversationTopic.values if topic in set(conversation.topics)]
    with transaction.atomic():
        recorded = PermitConversation.objects.create(
            decision=decision,
            held_on=conversation.held_on,
            channel=conversation.channel,
            language=conversation.language,
            interpreter=conversation.interpreter,
            topics=topics,
            recorded_by=acting.actor,
        )
        acting.audit(
            Action.PERMIT_CONVERSATION_RECORD,
            recorded,
            {"person": person.pk, "decision": decision.pk, "topics": topics},
        )
    return recorded


def _announce_granted(decision: PermitDecision) -> None:
    """Tells the listening parts of a granted permit; a listener's failure is logged, never the officer's."""
    for receiver, result in permit_granted.send_robust(sender=PermitDecision, decision=decision):
        if isinstance(result, Exception):
            logger.error("After permit decision %s, %s failed: %r", decision.pk, receiver, result)


# Snapshots -------------------------------------------------------------------------------------


def registry_snapshot_take(*, on: datetime.date) -> RegistrySnapshot:
    """Counts the registry on ``on`` and stores the figures for the pages to show.

    A snapshot is derived data that the next one replaces, so it writes no audit event.
    """
    summary = registry_summary(on=on)
    return RegistrySnapshot.objects.create(
        counted_on=on,
        persons_female=summary.persons.female,
        persons_male=summary.persons.male,
        persons_unknown=summary.persons.unknown,
        lma_female=summary.lma_recipients.female,
        lma_male=summary.lma_recipients.male,
        lma_unknown=summary.lma_recipients.unknown,
        households_women_and_men=summary.households.women_and_men,
        households_women_only=summary.households.women_only,
        households_men_only=summary.households.men_only,
        households_other=summary.households.other,
    )
