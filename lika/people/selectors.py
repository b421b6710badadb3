"""Reads from the people registry."""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from lika.audit.actions import Action
from lika.audit.services import audit_event_record
from lika.people.models import HouseholdMembership, LmaEligibilityPeriod, MemberRole, Person, RegistrySnapshot, Sex

if TYPE_CHECKING:
    from lika.accounts.models import User


@dataclass(frozen=True)
class SexSplit:
    """A count split by sex as recorded. Every person-level figure in Lika comes as one of these."""

    female: int
    male: int
    unknown: int

    @classmethod
    def summed(cls, rows: Iterable[Mapping[str, Any]], *, sex: str = "sex", value: str = "n") -> SexSplit:
        """Adds up each row's ``value`` by the row's ``sex``: the counts of grouped rows, or their amounts.

        >>> SexSplit.summed([{"sex": "female", "n": 2}, {"sex": "male", "n": 1}, {"sex": "female", "n": 1}])
        SexSplit(female=3, male=1, unknown=0)
        """
        totals = {Sex.FEMALE: 0, Sex.MALE: 0, Sex.UNKNOWN: 0}
        for row in rows:
            totals[row[sex]] += int(row[value] or 0)
        return cls(female=totals[Sex.FEMALE], male=totals[Sex.MALE], unknown=totals[Sex.UNKNOWN])

    @property
    def total(self) -> int:
        return self.female + self.male + self.unknown


@dataclass(frozen=True)
class HouseholdSplit:
    """Current households by the sex of their adults, which is how a household can be split by sex."""

    women_and_men: int
    women_only: int
    men_only: int
    other: int

    @property
    def total(self) -> int:
        return self.women_and_men + self.women_only + self.men_only + self.other


@dataclass(frozen=True)
class RegistrySummary:
    on: datetime.date
    persons: SexSplit
    households: HouseholdSplit
    lma_recipients: SexSplit
    taken_at: datetime.datetime | None = None


def registry_summary(*, on: datetime.date) -> RegistrySummary:
    """Counts persons, the households that exist on ``on``, and those covered by LMA on ``on``."""
    persons = SexSplit.summed(Person.objects.values("sex").annotate(n=Count("id")).order_by())
    recipients = SexSplit.summed(
        LmaEligibilityPeriod.objects.covering(on)
        .values("person__sex")
        .annotate(n=Count("person_id", distinct=True))
        .order_by(),
        sex="person__sex",
    )
    adults = Q(role=MemberRole.ADULT)
    per_household = (
        HouseholdMembership.objects.covering(on)
        .values("household_id")
        .annotate(
            women=Count("id", filter=adults & Q(person__sex=Sex.FEMALE)),
            men=Count("id", filter=adults & Q(person__sex=Sex.MALE)),
            unknown=Count("id", filter=adults & Q(person__sex=Sex.UNKNOWN)),
        )
        .order_by()
    )
    kinds = per_household.aggregate(
        women_and_men=Count("household_id", filter=Q(women__gt=0, men__gt=0)),
        women_only=Count("household_id", filter=Q(women__gt=0, men=0, unknown=0)),
        men_only=Count("household_id", filter=Q(men__gt=0, women=0, unknown=0)),
        total=Count("household_id"),
    )
    known = kinds["women_and_men"] + kinds["women_only"] + kinds["men_only"]
    households = HouseholdSplit(
        women_and_men=kinds["women_and_men"],
        women_only=kinds["women_only"],
        men_only=kinds["men_only"],
        other=kinds["total"] - known,
    )
    return RegistrySummary(on=on, persons=persons, households=households, lma_recipients=recipients)


def registry_summary_latest() -> RegistrySummary | None:
    """The figures of the latest registry snapshot, or None before the first has been taken."""
    snapshot = RegistrySnapshot.objects.order_by("-taken_at", "-id").first()
    if snapshot is None:
        return None
    return RegistrySummary(
        on=snapshot.counted_on,
        taken_at=snapshot.taken_at,
        persons=SexSplit(snapshot.persons_female, snapshot.persons_male, snapshot.persons_unknown),
        lma_recipients=SexSplit(snapshot.lma_female, snapshot.lma_male, snapshot.lma_unknown),
        households=HouseholdSplit(
            women_and_men=snapshot.households_women_and_men,
            women_only=snapshot.households_women_only,
            men_only=snapshot.households_men_only,
            other=snapshot.households_other,
        ),
    )


_DIGITS = re.compile(r"[0-9]+")


def _prefix_successor(digits: str) -> str | None:
    """The smallest string of digits after every string that starts with ``digits``.

    >>> _prefix_successor("123"), _prefix_successor("1299"), _prefix_successor("99")
    ('124', '13', None)
    """
    kept = digits.rstrip("9")
    if not kept:
        return None
    return kept[:-1] + str(int(kept[-1]) + 1)


def _digits_prefix(field: str, digits: str) -> Q:
    """``field`` starts with ``digits``, written as a range so that the column's index serves it."""
    following = _prefix_successor(digits)
    if following is None:
        return Q(**{f"{field}__gte": digits})
    return Q(**{f"{field}__gte": digits, f"{field}__lt": following})


def person_search(*, query: str = "", sex: str = "", in_lma_on: datetime.date | None = None) -> QuerySet[Person]:
    """Persons whose dossier number, personal number or name starts with each word of ``query``.

    ``sex`` keeps persons of that sex as recorded, ``in_lma_on`` those covered by LMA on that day.
    A search made only of numbers is ordered by dossier number, any other by name. Besides being
    what the reader expects, this keeps PostgreSQL from walking the whole name index to fill a page
    of one match.
    """
    words = query.split()
    whole_numbers = [w.replace("-", "") for w in words if _DIGITS.fullmatch(w.replace("-", ""))]
    # A person with protected identity is never browsed or found by name, only by typing their whole
    # dossier or personal number, which the officer must already know; opening them is recorded. A
    # filter never finds them: being found by one would tell their sex or their LMA to whoever looks.
    visible = Q(protected_identity=False)
    if not sex and in_lma_on is None:
        visible |= Q(dossier_number__in=whole_numbers) | Q(personal_number__in=whole_numbers)
    persons = Person.objects.filter(visible)
    if sex:
        persons = persons.filter(sex=sex)
    if in_lma_on is not None:
        persons = persons.filter(
            Exists(LmaEligibilityPeriod.objects.covering(in_lma_on).filter(person_id=OuterRef("pk")))
        )
    numbers_only = bool(words)
    for word in words:
        digits = word.replace("-", "")
        if _DIGITS.fullmatch(digits):
            # A number is a dossier or personal number, never a name: search only those indexed columns.
            persons = persons.filter(
                _digits_prefix("dossier_number", digits) | _digits_prefix("personal_number", digits)
            )
        else:
            numbers_only = False
            persons = persons.filter(Q(given_name__istartswith=word) | Q(family_name__istartswith=word))
    if numbers_only:
        return persons.order_by("dossier_number", "id")
    return persons.order_by("family_name", "given_name", "id")


def person_open(*, person_id: int, viewer: User) -> Person:
    """Fetches a person for ``viewer`` to read. Reading a protected person is recorded.

    Raises :class:`Person.DoesNotExist` when there is no such person and
    :class:`PermissionError` when the viewer may not read protected persons.
    """
    person = Person.objects.get(pk=person_id)
    if person.protected_identity:
        _protected_read(viewer, person, "Opened in the registry")
    return person


def _protected_read(viewer: User, person: Person, reason: str) -> None:
    """Records a reading of a protected person, or a refused attempt, and refuses viewers without the right."""
    if not viewer.has_perm("people.view_protected_person"):
        audit_event_record(actor=viewer, action=Action.PERSON_READ_PROTECTED_REFUSED, target=person, reason=reason)
        raise PermissionError("protected person")
    audit_event_record(actor=viewer, action=Action.PERSON_READ_PROTECTED, target=person, reason=reason)


def person_households(*, person: Person) -> QuerySet[HouseholdMembership]:
    return person.memberships.select_related("household").order_by("-start_date")


def household_open(*, household_id: int, viewer: User) -> list[HouseholdMembership]:
    """The memberships of a household, for ``viewer`` to read; showing a protected member is recorded.

    An empty list means there is no such household. Raises :class:`PermissionError` when a member is
    protected and the viewer may not read protected persons.
    """
    members = list(
        HouseholdMembership.objects.filter(household_id=household_id)
        .select_related("person")
        .order_by("start_date", "role", "person__birth_date")
    )
    for membership in members:
        if membership.person.protected_identity:
            _protected_read(viewer, membership.person, f"Shown as a member of household {household_id}")
    return members
