"""Reading the registry's facts for a month, and the month's amounts computed from them."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import Any, TypeVar

from django.db import connection
from django.db.models import Count, Exists, Field, Model, OuterRef, Q, QuerySet, Sum

from lika.allowance.models import (
    RUN_FILE_FIELDS,
    Card,
    CardException,
    Decision,
    Entitlement,
    HeldReason,
    Payment,
    PaymentRun,
    PaymentStatus,
    Reduction,
    RunStatus,
)
from lika.allowance.rules.explain import Step, explanations
from lika.allowance.rules.kernel import Result, kernel_run
from lika.allowance.rules.month import (
    Built,
    HouseholdFacts,
    Month,
    Period,
    PersonFacts,
    days_alone,
    segments_build,
)
from lika.allowance.rules.parameters import ParameterHistory, parameters_load
from lika.core.collector import collection_paused
from lika.people.models import (
    AccommodationPeriod,
    GuardianKind,
    Guardianship,
    HouseholdMembership,
    LmaEligibilityPeriod,
    MemberRole,
    Partnership,
    Person,
)
from lika.people.selectors import SexSplit

_M = TypeVar("_M", bound=Model)
_SINGLE = -1  # households keys below zero are people who live alone outside any household


def month_facts(
    month: Month, *, household_ids: list[int] | None = None
) -> tuple[list[HouseholdFacts], dict[int, PersonFacts]]:
    """The facts of every household (or of ``household_ids``) with a member covered by LMA in ``month``.

    With ``household_ids``, every other household its members were in during the month is read too,
    so that a member who moved is computed for the whole month. Days on which someone covered by
    LMA is in no household count as a household of one. A fixed number of queries, whatever the
    number of households.
    """
    in_month = HouseholdMembership.objects.overlapping(month.first, month.last)
    covered = LmaEligibilityPeriod.objects.overlapping(month.first, month.last).order_by().values("person_id")
    eligible: dict[int, list[Period]] | None = None
    if household_ids is not None:
        # A household's adults may have spent part of the month elsewhere: read all their households.
        core = in_month.filter(household_id__in=household_ids).values("person_id")
        around = in_month.filter(person_id__in=core).values("household_id")
        memberships = in_month.filter(household_id__in=around)
        core_ids = set(core.values_list("person_id", flat=True))
        scope_queries: list[QuerySet[Any, Any]] = [memberships.values("person_id")]
    else:
        # Only households with someone covered by LMA in the month can have an allowance.
        with_lma = in_month.filter(person_id__in=covered).values("household_id")
        memberships = in_month.filter(household_id__in=with_lma)
        # Every period of the month's eligibility, read once: the persons covered in the month, and each one's periods.
        eligible = _eligible_in(LmaEligibilityPeriod.objects.overlapping(month.first, month.last))
        scope_queries = [memberships.values("person_id"), covered]
    members: dict[int, list[tuple[int, Period]]] = defaultdict(list)
    own: dict[int, list[Period]] = defaultdict(list)
    # Every fact query below sorts by the table's own columns: the models' default orderings go through the
    # person or the household (their names), a join with a million-row table that the facts do not need.
    for household_id, person_id, start, end in memberships.order_by("household_id", "start_date", "id").values_list(
        "household_id", "person_id", "start_date", "end_date"
    ):
        members[household_id].append((person_id, (start, end)))
        own[person_id].append((start, end))
    # Someone covered in the month who is in a household then is in one the query above read (it has them, and
    # so someone covered): the covered persons it did not meet are in no household all month.
    person_ids = set(own) | set(eligible or ())
    if household_ids is None:
        core_ids = person_ids
    scope = _Scope(sorted(person_ids), scope_queries)
    persons = _persons(month, scope, eligible)
    households = _households(month, members, scope)
    first, last = month.first, month.last
    for person_id in sorted(core_ids):
        periods = own.get(person_id, ())
        if any(start <= first and (end is None or end >= last) for start, end in periods):
            continue  # in a household every day of the month: nothing alone
        # Days covered by LMA outside any household count as a household of one.
        stretches = days_alone(first, last, periods, persons[person_id].eligible)
        if stretches:
            households.append(HouseholdFacts(key=_SINGLE * person_id, members=tuple((person_id, s) for s in stretches)))
    return households, persons


class _Scope:
    """The persons whose facts are read.

    On PostgreSQL the ids go as one array parameter (``= ANY``), which plans and binds in
    milliseconds for tens of thousands of ids; elsewhere the queries that found them are used as
    subqueries, since SQLite allows only so many parameters in a statement.
    """

    def __init__(self, ids: list[int], queries: list[QuerySet[Any, Any]]) -> None:
        self.queries = queries
        # The array is written out once as PostgreSQL's text form: given a list, psycopg would check every
        # element of it again for each of the six queries (0.3 s for 70,000 ids).
        self.array = "{" + ",".join(map(str, ids)) + "}"

    def of(self, queryset: QuerySet[_M, _M], field: str) -> QuerySet[_M, _M]:
        if connection.vendor == "postgresql":
            model: type[Model] = queryset.model
            target = model._meta.get_field(field)
            assert isinstance(target, Field)  # noqa: S101 - callers name concrete columns
            column = connection.ops.quote_name(target.column)
            table = connection.ops.quote_name(model._meta.db_table)
            return queryset.extra(where=[f"{table}.{column} = ANY(%s::bigint[])"], params=[self.array])  # noqa: S610
        condition = Q()
        for query in self.queries:
            condition |= Q(**{f"{field}__in": query})
        return queryset.filter(condition)


def _households(month: Month, members: dict[int, list[tuple[int, Period]]], scope: _Scope) -> list[HouseholdFacts]:
    """The relations among the persons in ``scope`` (their ids) during ``month``."""
    partnerships: dict[int, list[tuple[int, int, Period]]] = defaultdict(list)
    household_keys = {key for key in members if key > 0}
    for household_id, a, b, start, end in (
        scope.of(Partnership.objects.overlapping(month.first, month.last), "person_a_id")
        .order_by("household_id", "start_date", "id")
        .values_list("household_id", "person_a_id", "person_b_id", "start_date", "end_date")
        .iterator(chunk_size=20_000)
    ):
        if household_id in household_keys:
            partnerships[household_id].append((a, b, (start, end)))
    guardians: dict[int, list[tuple[int, int, Period]]] = defaultdict(list)
    parents: dict[int, set[int]] = defaultdict(set)
    for child, guardian, kind, start, end in (
        scope.of(Guardianship.objects.all(), "child_id")
        .order_by("child_id", "start_date", "id")
        .values_list("child_id", "guardian_id", "kind", "start_date", "end_date")
        .iterator(chunk_size=20_000)
    ):
        if kind == GuardianKind.PARENT:
            parents[child].add(guardian)
        if start <= month.last and (end is None or end >= month.first):
            guardians[child].append((child, guardian, (start, end)))
    households = []
    for key, rows in members.items():
        keys = {person for person, _ in rows}
        households.append(
            HouseholdFacts(
                key=key,
                members=tuple(rows),
                partnerships=tuple(partnerships.get(key, ())),
                guardianships=tuple(g for person in keys for g in guardians.get(person, ())),
                parents=frozenset(
                    (child, parent) for child in keys for parent in parents.get(child, ()) if parent in keys
                ),
            )
        )
    households.sort(key=lambda household: household.key)
    return households


# A person's periods in the order their models give them (by start), without sorting by the person's name first.
_OWN_ORDER = ("person_id", "start_date", "id")


def _eligible_in(periods: QuerySet[LmaEligibilityPeriod]) -> dict[int, list[Period]]:
    """Each person's periods of LMA eligibility among ``periods``, by start."""
    eligible: dict[int, list[Period]] = defaultdict(list)
    for person, start, end in periods.order_by(*_OWN_ORDER).values_list("person_id", "start_date", "end_date"):
        eligible[person].append((start, end))
    return eligible


def _persons(month: Month, scope: _Scope, eligible: dict[int, list[Period]] | None) -> dict[int, PersonFacts]:
    """The facts of the persons in ``scope``; ``eligible`` is their eligibility if already read."""
    first, last = month.first, month.last
    if eligible is None:
        eligible = _eligible_in(scope.of(LmaEligibilityPeriod.objects.overlapping(first, last), "person_id"))
    food: dict[int, list[tuple[Period, bool]]] = defaultdict(list)
    accommodation = scope.of(AccommodationPeriod.objects.overlapping(first, last), "person_id").order_by(*_OWN_ORDER)
    for person, start, end, included in accommodation.values_list(
        "person_id", "start_date", "end_date", "food_included"
    ):
        food[person].append(((start, end), included))
    reductions: dict[int, list[tuple[Period, int]]] = defaultdict(list)
    reduced = scope.of(Reduction.objects.overlapping(first, last), "person_id").order_by(*_OWN_ORDER)
    for person, start, end, daily in reduced.values_list("person_id", "start_date", "end_date", "daily_ore"):
        reductions[person].append(((start, end), daily))
    own_card: dict[int, list[Period]] = defaultdict(list)
    # Every card, blocked and replaced ones too: a card counts from its order to its closing day.
    cards = scope.of(Card.objects.all(), "holder_id").order_by("holder_id", "ordered_on", "id")
    for person, start, end in cards.values_list("holder_id", "ordered_on", "closed_on"):
        own_card[person].append((start, end))
    births = scope.of(Person.objects.all(), "id").order_by().values_list("id", "birth_date")
    return {
        person: PersonFacts(
            key=person,
            birth_date=born,
            eligible=tuple(eligible.get(person, ())),
            food_included=tuple(food.get(person, ())),
            reductions=tuple(reductions.get(person, ())),
            own_card=tuple(own_card.get(person, ())),
        )
        for person, born in births.iterator(chunk_size=20_000)
    }


@dataclass
class MonthAmounts:
    """A month computed from the registry: the kernel's result, and each person's figures and steps."""

    month: Month
    history: ParameterHistory
    built: Built
    result: Result
    households: list[HouseholdFacts]

    @cached_property
    def steps(self) -> dict[int, list[Step]]:
        return explanations(self.built, self.result, self.history)

    @cached_property
    def index(self) -> dict[int, int]:
        return {key: position for position, key in enumerate(self.built.person_keys)}

    @cached_property
    def household_of(self) -> dict[int, int]:
        """Each person's household key: of the household they were in last in the month."""
        rows = self.built.rows
        latest: dict[int, tuple[datetime.date, int]] = {}
        for person, household, last_day in zip(rows.person_key, rows.household, rows.last_day, strict=True):
            if person not in latest or last_day > latest[person][0]:
                latest[person] = (last_day, household)
        return {person: household for person, (_, household) in latest.items()}

    def allowance_ore(self, person_id: int) -> int:
        return int(self.result.allowance_ore[self.index[person_id]]) if person_id in self.index else 0

    def payout_ore(self, person_id: int) -> int:
        return int(self.result.payout_ore[self.index[person_id]]) if person_id in self.index else 0

    def adults(self) -> list[int]:
        """People with an own row as an adult on some day of the month."""
        s = self.built.segments
        adult_age = [v.adult_age for v in self.history.versions]
        return sorted(
            {
                self.built.rows.person_key[row]
                for row in range(len(s.person))
                if s.age[row] >= adult_age[int(s.version[row])]
            }
        )


def month_amounts(month: Month, *, household_ids: list[int] | None = None) -> MonthAmounts:
    """Computes ``month`` for every household (or the ones given) from the registry."""
    history = parameters_load()
    # Facts and segments are a few objects per person, with no cycles among them (lika.core.collector).
    with collection_paused():
        households, persons = month_facts(month, household_ids=household_ids)
        built = segments_build(households, persons, month, history)
        result = kernel_run(built.segments, history, rotation=month.number)
    return MonthAmounts(month=month, history=history, built=built, result=result, households=households)


def exceptions_active(person_ids: list[int] | None, on: Month) -> dict[int, CardException]:
    """Each person's card exception in force on some day of the month (the latest starting one)."""
    rows = CardException.objects.overlapping(on.first, on.last).select_related("card")
    if person_ids is not None:
        rows = rows.filter(person_id__in=person_ids)
    return {row.person_id: row for row in rows.order_by("start_date")}


def decisions_latest(person_ids: list[int], month: Month) -> dict[int, Decision]:
    latest: dict[int, Decision] = {}
    for decision in Decision.objects.filter(person_id__in=person_ids, month=str(month)).order_by("sequence"):
        latest[decision.person_id] = decision
    return latest


def child_names(steps: Iterable[Mapping[str, Any]]) -> dict[int, str]:
    """Given names of the children in explanation steps; a protected child is never named (principle 8)."""
    ids = {step["child"] for step in steps if "child" in step}
    if not ids:
        return {}
    return dict(Person.objects.filter(pk__in=ids, protected_identity=False).values_list("pk", "given_name"))


@dataclass(frozen=True)
class RunReconciliation:
    """A payment run's money by the sex of the person: what the month gives, and where it went (öre)."""

    entitled: SexSplit
    pending: SexSplit
    paid: SexSplit
    held_no_card: SexSplit
    held_no_account: SexSplit
    persons_paid: SexSplit


def run_reconciliation(run_id: int) -> RunReconciliation:
    """Sums a run's entitlements and payments by sex; held money is still owed, so
    entitled = pending + paid + held + what earlier runs of the month paid."""
    payments = list(
        Payment.objects.filter(run_id=run_id)
        .values("status", "held_reason", "person__sex")
        .annotate(n=Count("id"), total=Sum("amount_ore"))
        .order_by()
    )
    entitled = Entitlement.objects.filter(run_id=run_id).values("person__sex").annotate(total=Sum("payout_ore"))

    def summed(status: str, reason: str = "", value: str = "total") -> SexSplit:
        rows = (row for row in payments if row["status"] == status and (not reason or row["held_reason"] == reason))
        return SexSplit.summed(rows, sex="person__sex", value=value)

    return RunReconciliation(
        entitled=SexSplit.summed(entitled.order_by(), sex="person__sex", value="total"),
        pending=summed(PaymentStatus.PENDING),
        paid=summed(PaymentStatus.PAID),
        held_no_card=summed(PaymentStatus.HELD, HeldReason.NO_USABLE_CARD),
        held_no_account=summed(PaymentStatus.HELD, HeldReason.NO_ACCOUNT),
        persons_paid=summed(PaymentStatus.PAID, value="n"),
    )


def run_payments(run: PaymentRun, *, status: str = "", exceptions_only: bool = False) -> QuerySet[Payment]:
    """The run's payments with person, card and card holder, by family name.

    ``status`` keeps one status; ``exceptions_only`` keeps the persons whose money a card exception sent to
    a card not their own in some part of the run's month.
    """
    rows = Payment.objects.filter(run_id=run.pk).select_related("person", "card", "card__holder")
    if status:
        rows = rows.filter(status=status)
    if exceptions_only:
        month = Month.parse(run.month)
        in_force = CardException.objects.overlapping(month.first, month.last).filter(person_id=OuterRef("person_id"))
        rows = rows.filter(Exists(in_force))
    return rows.order_by("person__family_name", "person__given_name", "person_id")


@dataclass(frozen=True)
class Worklist:
    """What waits for case officers and approvers in ``month``: counts, and the first of each to open."""

    month: Month
    undecided_count: int
    undecided: list[Person]
    without_card_count: int
    without_card: list[Person]
    runs_waiting: list[PaymentRun]
    last_run: PaymentRun | None


def _adults_in_lma(month: Month) -> QuerySet[Person]:
    adults = HouseholdMembership.objects.overlapping(month.first, month.last).filter(role=MemberRole.ADULT)
    covered = LmaEligibilityPeriod.objects.overlapping(month.first, month.last)
    return Person.objects.filter(
        Exists(covered.filter(person_id=OuterRef("pk"))), Exists(adults.filter(person_id=OuterRef("pk")))
    )


def worklist(month: Month, *, shown: int) -> Worklist:
    """The adults in LMA in ``month`` who have no decision for it yet, and those with neither a usable card
    of their own nor an exception that pays them elsewhere; the runs waiting for a second pair of eyes; the
    last executed run, whose held payments wait for a card. Lists stop at ``shown``; counts do not.
    """
    adults = _adults_in_lma(month).order_by("family_name", "given_name", "pk")
    undecided = adults.exclude(Exists(Decision.objects.filter(person_id=OuterRef("pk"), month=str(month))))
    exceptions = CardException.objects.overlapping(month.first, month.last)
    without_card = adults.exclude(Exists(Card.objects.usable().filter(holder_id=OuterRef("pk")))).exclude(
        Exists(exceptions.filter(person_id=OuterRef("pk")))
    )
    waiting = PaymentRun.objects.filter(status__in=[RunStatus.PREPARED, RunStatus.APPROVED, RunStatus.EXECUTING])
    return Worklist(
        month=month,
        undecided_count=undecided.count(),
        undecided=list(undecided[:shown]),
        without_card_count=without_card.count(),
        without_card=list(without_card[:shown]),
        runs_waiting=list(waiting.order_by("month", "pk")),
        last_run=PaymentRun.objects.filter(status=RunStatus.EXECUTED).order_by("-executed_at", "-pk").first(),
    )


def run_held_payments(run_id: int, *, limit: int) -> list[Payment]:
    """The run's held payments with person and card, by family name; at most ``limit``."""
    return list(
        Payment.objects.filter(run_id=run_id, status=PaymentStatus.HELD)
        .select_related("person", "card")
        .order_by("person__family_name", "person_id")[:limit]
    )


# --- the household and person pages --------------------------------------------------------------


def members_in_month(members: Iterable[HouseholdMembership], month: Month) -> list[HouseholdMembership]:
    """Each person's latest membership that overlaps the month, in the household's own order."""
    latest: dict[int, HouseholdMembership] = {}
    for membership in members:
        if membership.start_date <= month.last and (membership.end_date is None or membership.end_date >= month.first):
            latest[membership.person_id] = membership
    return list(latest.values())


@dataclass
class HouseholdMonth:
    """A household's month: the computed amounts, and each member's usable card, card exception and
    latest decision, keyed by person."""

    amounts: MonthAmounts
    cards: dict[int, Card]
    exceptions: dict[int, CardException]
    decisions: dict[int, Decision]


def household_month(household_id: int, person_ids: list[int], month: Month) -> HouseholdMonth:
    """Computes ``month`` for the household and reads the cards, exceptions and decisions of ``person_ids``."""
    return HouseholdMonth(
        amounts=month_amounts(month, household_ids=[household_id]),
        cards={card.holder_id: card for card in Card.objects.usable().filter(holder_id__in=person_ids)},
        exceptions=exceptions_active(person_ids, month),
        decisions=decisions_latest(person_ids, month),
    )


def exception_cards(person: Person, on: datetime.date) -> list[Card]:
    """Usable cards, with their holders and by reference, of the other adults in the households the
    person belongs to on ``on`` or later: the cards a card exception may pay the person on."""
    current = Q(end_date__isnull=True) | Q(end_date__gte=on)
    households = HouseholdMembership.objects.filter(current, person=person).values("household_id")
    adults = (
        HouseholdMembership.objects.filter(current, household_id__in=households, role=MemberRole.ADULT)
        .exclude(person=person)
        .values("person_id")
    )
    return list(Card.objects.usable().filter(holder_id__in=adults).select_related("holder").order_by("reference"))


# --- payment runs --------------------------------------------------------------------------------


def payment_runs() -> QuerySet[PaymentRun]:
    """Payment runs, latest month first, with who prepared and approved them; their files are left
    unread, since a page of runs never shows them."""
    return PaymentRun.objects.select_related("prepared_by", "approved_by").defer(*RUN_FILE_FIELDS)
