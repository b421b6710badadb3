"""Rebuilds the fact tables from the registry, the allowance and the channel counter.

Each builder reads the operational tables (never a view), writes its fact table inside one
transaction and records a :class:`FactRebuild`. Where the source rows are written once and never
changed — permit decisions, card exceptions, paid payments — only the source rows not yet in the fact
table are added (incremental). They are found by their id in the fact table, not by a watermark: an
id is handed out when a row is inserted and a ``paid_at`` when a payment is marked, but either can
become visible only later, when its transaction commits, so a watermark would skip it for good;
allowance months are rebuilt for the months whose decisions changed, channel visits from the day of
the previous rebuild, and the census of persons and households (31 December of each year, or the
rebuild day for the current year) in full, because a late registration can change any past year.

Every row takes the person's breakdowns as they were on the fact's reference day: age group on
that day, the ground of the latest permit application up to it, the household type on it.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from django.apps import apps
from django.db import transaction
from django.db.models import Exists, Max, Model, OuterRef, QuerySet
from django.utils import timezone

from lika.allowance.models import Card, CardException, Decision, Payment, PaymentStatus
from lika.allowance.rules.month import Month
from lika.core import clock
from lika.core.bulk import model_rows_write
from lika.followup.dimensions import age_group, quarter
from lika.followup.models import (
    NONE,
    FactAllowanceMonth,
    FactCardException,
    FactChannelVisit,
    FactHouseholdYear,
    FactPayment,
    FactPermitDecision,
    FactPersonYear,
    FactRebuild,
)
from lika.people.ages import age_on
from lika.people.models import (
    HouseholdMembership,
    LmaEligibilityPeriod,
    PermitApplication,
    PermitDecision,
    Person,
    Sex,
)
from lika.people.parameters import AGE_OF_MAJORITY

_Rows = TypeVar("_Rows", bound=QuerySet[Any])

FIRST_YEAR = 2021  # the plan's follow-up starts with the agency's 2021 survey of payment cards


@dataclass(frozen=True)
class _PersonInfo:
    sex: str
    birth_date: datetime.date
    country_of_birth: str


@dataclass(frozen=True)
class RebuildResult:
    table: str
    full: bool
    rows_written: int
    rows_total: int


class _People:
    """The persons' fixed facts and permit grounds, read once per rebuild."""

    def __init__(self) -> None:
        self.info = {
            pid: _PersonInfo(sex, born, str(country))
            for pid, sex, born, country in Person.objects.values_list("id", "sex", "birth_date", "country_of_birth")
        }
        self.grounds: dict[int, list[tuple[datetime.date, int, str]]] = defaultdict(list)
        for pid, submitted, app_id, ground in PermitApplication.objects.values_list(
            "person_id", "submitted_on", "id", "ground"
        ):
            self.grounds[pid].append((submitted, app_id, ground))
        for applications in self.grounds.values():
            applications.sort()

    def ground_on(self, pid: int, day: datetime.date) -> str:
        """The ground of the latest application submitted on or before ``day``."""
        ground = NONE
        for submitted, _app_id, value in self.grounds.get(pid, ()):
            if submitted > day:
                break
            ground = value
        return ground

    def demographics(self, pid: int, day: datetime.date) -> tuple[str, str, str]:
        """Sex, age group on ``day`` and country of birth."""
        person = self.info[pid]
        return person.sex, age_group(max(age_on(person.birth_date, day), 0)), person.country_of_birth

    def adult_on(self, pid: int, day: datetime.date) -> bool:
        return age_on(self.info[pid].birth_date, day) >= AGE_OF_MAJORITY


def _household_type(adults: int, children: int) -> str:
    """one_adult, one_adult_children, two_adults, two_adults_children or other (three adults or more)."""
    if adults == 1:
        return "one_adult_children" if children else "one_adult"
    if adults == 2:
        return "two_adults_children" if children else "two_adults"
    return "other"


class _Census:
    """Who lived with whom, who had LMA, cards and exceptions on one day."""

    def __init__(self, people: _People, day: datetime.date) -> None:
        self.day = day
        self.household_of: dict[int, int] = {}
        members: dict[int, list[int]] = defaultdict(list)
        for household_id, pid in HouseholdMembership.objects.covering(day).values_list("household_id", "person_id"):
            self.household_of[pid] = household_id
            members[household_id].append(pid)
        self.members = members
        self.lma = set(LmaEligibilityPeriod.objects.covering(day).values_list("person_id", flat=True))
        self.carded = set(
            Card.objects.filter(ordered_on__lte=day).exclude(closed_on__lte=day).values_list("holder_id", flat=True)
        )
        self.excepted = set(CardException.objects.covering(day).values_list("person_id", flat=True))
        self.people = people

    def household_type(self, pid: int) -> str:
        household = self.household_of.get(pid)
        if household is None:
            return NONE
        adults = sum(1 for m in self.members[household] if self.people.adult_on(m, self.day))
        return _household_type(adults, len(self.members[household]) - adults)

    def own_card(self, pid: int) -> bool:
        return pid in self.carded and pid not in self.excepted

    def lma_adults(self, household: int) -> list[int]:
        return sorted(m for m in self.members[household] if m in self.lma and self.people.adult_on(m, self.day))


def _adults_sexes(sexes: Sequence[str]) -> str:
    if sorted(sexes) == [Sex.FEMALE, Sex.MALE]:
        return "woman_and_man"
    if sexes and all(s == Sex.FEMALE for s in sexes):
        return "women"
    if sexes and all(s == Sex.MALE for s in sexes):
        return "men"
    return "other"


def _census_days(as_of: datetime.date) -> list[tuple[int, datetime.date]]:
    return [(year, min(datetime.date(year, 12, 31), as_of)) for year in range(FIRST_YEAR, as_of.year + 1)]


def _record(
    table: type[Model], *, full: bool, as_of: datetime.date, watermark: int, written: int, started: datetime.datetime
) -> RebuildResult:
    total = table._default_manager.count()
    FactRebuild.objects.create(
        table=table._meta.db_table,
        full=full,
        as_of=as_of,
        watermark=watermark,
        rows_written=written,
        rows_total=total,
        started_at=started,
        finished_at=clock.now(),
    )
    return RebuildResult(table._meta.db_table, full, written, total)


def _previous(table: type[Model]) -> FactRebuild | None:
    return FactRebuild.objects.filter(table=table._meta.db_table).order_by("-finished_at", "-id").first()


def _not_in_facts(source: _Rows, table: type[Model], key: str) -> _Rows:
    """The rows of ``source`` whose id is not yet the ``key`` of a row of ``table`` (an anti-join)."""
    return source.filter(~Exists(table._default_manager.filter(**{key: OuterRef("pk")})))


def census_rebuild(*, as_of: datetime.date, people: _People) -> list[RebuildResult]:
    """Persons and households on each year's census day, in full."""
    started = clock.now()
    person_rows: list[tuple[Any, ...]] = []
    household_rows: list[tuple[Any, ...]] = []
    for year, day in _census_days(as_of):
        census = _Census(people, day)
        couples: set[int] = set()
        for household, _pids in census.members.items():
            lma_adults = census.lma_adults(household)
            if not lma_adults:
                continue
            sexes = [people.info[p].sex for p in lma_adults]
            kind = _adults_sexes(sexes)
            if kind == "woman_and_man":
                couples.update(lma_adults)
            eldest = min(lma_adults, key=lambda p: (people.info[p].birth_date, p))
            household_rows.append(
                (
                    year,
                    day,
                    household,
                    census.household_type(lma_adults[0]),
                    kind,
                    len(lma_adults),
                    all(census.own_card(p) for p in lma_adults),
                    people.info[eldest].country_of_birth,
                )
            )
        for pid in sorted(set(census.household_of) | census.lma):
            if pid not in people.info or people.info[pid].birth_date > day:
                continue
            sex, group, country = people.demographics(pid, day)
            adult = people.adult_on(pid, day)
            in_lma = pid in census.lma
            person_rows.append(
                (
                    year,
                    day,
                    pid,
                    sex,
                    group,
                    country,
                    adult,
                    people.ground_on(pid, day),
                    census.household_type(pid),
                    in_lma,
                    pid in couples,
                    adult and in_lma and census.own_card(pid),
                )
            )
    with transaction.atomic():
        FactPersonYear.objects.all().delete()
        FactHouseholdYear.objects.all().delete()
        model_rows_write(
            FactPersonYear,
            [
                "year",
                "census_date",
                "person_id",
                "sex",
                "age_group",
                "country_of_birth",
                "adult",
                "permit_ground",
                "household_type",
                "lma",
                "couple_woman_man",
                "own_card",
            ],
            person_rows,
        )
        model_rows_write(
            FactHouseholdYear,
            [
                "year",
                "census_date",
                "household_id",
                "household_type",
                "adults_sexes",
                "lma_adults",
                "both_own_card",
                "country_of_birth",
            ],
            household_rows,
        )
        return [
            _record(FactPersonYear, full=True, as_of=as_of, watermark=0, written=len(person_rows), started=started),
            _record(
                FactHouseholdYear, full=True, as_of=as_of, watermark=0, written=len(household_rows), started=started
            ),
        ]


def _months_not_in_facts() -> set[str]:
    """Months with a latest decision that no fact row shows: addressed to its adult, with its amounts.

    It finds a month whose decisions committed after a rebuild had read a decision with a higher id
    (a month's decisions are issued in one long transaction), which the watermark alone would skip.
    """
    later = Decision.objects.filter(
        person_id=OuterRef("person_id"), month=OuterRef("month"), sequence__gt=OuterRef("sequence")
    )
    shown = FactAllowanceMonth.objects.filter(
        month=OuterRef("month"),
        person_id=OuterRef("person_id"),
        own_decision=True,
        allowance_ore=OuterRef("allowance_ore"),
        payout_ore=OuterRef("payout_ore"),
    )
    latest = Decision.objects.filter(~Exists(later))
    return set(latest.filter(~Exists(shown)).values_list("month", flat=True).distinct())


def allowance_months_rebuild(*, as_of: datetime.date, people: _People, full: bool = False) -> RebuildResult:
    """Adults in LMA in the households Lika decided, per month; only months with new decisions unless ``full``.

    A month is new when it has a decision above the previous rebuild's watermark or a latest decision
    that the fact table does not show yet (:func:`_months_not_in_facts`).
    """
    started = clock.now()
    previous = None if full else _previous(FactAllowanceMonth)
    watermark = previous.watermark if previous else 0
    newest = Decision.objects.aggregate(newest=Max("id"))["newest"] or 0
    months_new = set(Decision.objects.filter(id__gt=watermark).values_list("month", flat=True))
    if previous is not None:
        months_new |= _months_not_in_facts()
    months = sorted(months_new)
    rows: list[tuple[Any, ...]] = []
    for text in months:
        month = Month.parse(text)
        first, last = month.first, month.last
        latest: dict[int, tuple[int, int, int, int]] = {}
        households: set[int] = set()
        for pid, household, sequence, allowance, payout in Decision.objects.filter(month=text).values_list(
            "person_id", "household_id", "sequence", "allowance_ore", "payout_ore"
        ):
            if household is not None:
                households.add(household)
            if pid not in latest or sequence > latest[pid][0]:
                latest[pid] = (sequence, household or 0, allowance, payout)
        census = _Census(people, first)
        exceptions = dict(
            CardException.objects.overlapping(first, last).order_by("start_date").values_list("person_id", "kind")
        )
        population = {
            pid
            for household in households
            for pid in census.members.get(household, ())
            if pid in census.lma and people.adult_on(pid, first)
        } | set(latest)
        for pid in sorted(population):
            sex, group, country = people.demographics(pid, last)
            decision = latest.get(pid)
            rows.append(
                (
                    text,
                    month.year,
                    quarter(first),
                    pid,
                    sex,
                    group,
                    country,
                    people.ground_on(pid, last),
                    census.household_type(pid),
                    decision is not None,
                    decision[2] if decision else 0,
                    decision[3] if decision else 0,
                    exceptions.get(pid, NONE),
                )
            )
    with transaction.atomic():
        if full:
            FactAllowanceMonth.objects.all().delete()
        else:
            FactAllowanceMonth.objects.filter(month__in=months).delete()
        model_rows_write(
            FactAllowanceMonth,
            [
                "month",
                "year",
                "quarter",
                "person_id",
                "sex",
                "age_group",
                "country_of_birth",
                "permit_ground",
                "household_type",
                "own_decision",
                "allowance_ore",
                "payout_ore",
                "exception_kind",
            ],
            rows,
        )
        return _record(
            FactAllowanceMonth,
            full=full or previous is None,
            as_of=as_of,
            watermark=newest,
            written=len(rows),
            started=started,
        )


def payments_rebuild(*, as_of: datetime.date, people: _People, full: bool = False) -> RebuildResult:
    """Paid payments; only those not yet in the fact table unless ``full`` (a paid payment never changes).

    Not "paid since the previous rebuild began": a run marks a chunk paid with the time of its UPDATE
    and commits a moment later, so a rebuild starting in between would never see that chunk.
    """
    started = clock.now()
    previous = None if full else _previous(FactPayment)
    paid = Payment.objects.filter(status=PaymentStatus.PAID)
    if previous is not None:
        paid = _not_in_facts(paid, FactPayment, "payment_id")
    candidates = list(
        paid.values_list("id", "month", "paid_at", "person_id", "card__holder_id", "amount_ore").order_by("id")
    )
    rows: list[tuple[Any, ...]] = []
    for payment_id, text, paid_at, pid, holder, amount in candidates:
        month = Month.parse(text)
        sex, group, country = people.demographics(pid, month.first)
        holder_sex = people.info[holder].sex if holder is not None else sex
        rows.append(
            (
                payment_id,
                text,
                month.year,
                quarter(month.first),
                timezone.localdate(paid_at) if paid_at else as_of,
                sex,
                group,
                country,
                holder_sex,
                amount,
            )
        )
    with transaction.atomic():
        if previous is None:
            FactPayment.objects.all().delete()
        model_rows_write(
            FactPayment,
            [
                "payment_id",
                "month",
                "year",
                "quarter",
                "paid_on",
                "sex",
                "age_group",
                "country_of_birth",
                "holder_sex",
                "amount_ore",
            ],
            rows,
        )
        newest = max((previous.watermark if previous else 0, *(r[0] for r in rows)))
        return _record(
            FactPayment,
            full=full or previous is None,
            as_of=as_of,
            watermark=newest,
            written=len(rows),
            started=started,
        )


def _by_id_rebuild(
    table: type[Model],
    *,
    as_of: datetime.date,
    full: bool,
    source: Callable[[bool], Iterable[tuple[Any, ...]]],
    columns: list[str],
) -> RebuildResult:
    """Adds the source rows not yet in ``table`` (all of them when ``full``); ``source(new_only)`` reads them.

    The watermark recorded is the highest source id read, for the record only.
    """
    started = clock.now()
    previous = None if full else _previous(table)
    watermark = previous.watermark if previous else 0
    rows = list(source(previous is not None))
    with transaction.atomic():
        if previous is None:
            table._default_manager.all().delete()
        model_rows_write(table, columns, rows)
        newest = max((watermark, *(r[0] for r in rows)))
        return _record(table, full=previous is None, as_of=as_of, watermark=newest, written=len(rows), started=started)


def card_exceptions_rebuild(*, as_of: datetime.date, people: _People, full: bool = False) -> RebuildResult:
    def source(new_only: bool) -> Iterable[tuple[Any, ...]]:
        exceptions = CardException.objects.all()
        if new_only:
            exceptions = _not_in_facts(exceptions, FactCardException, "exception_id")
        for exception_id, pid, start, kind, reason, payee in exceptions.order_by("id").values_list(
            "id", "person_id", "start_date", "kind", "reason", "card__holder_id"
        ):
            sex, group, country = people.demographics(pid, start)
            yield (
                exception_id,
                start,
                start.year,
                quarter(start),
                kind,
                reason,
                sex,
                group,
                country,
                people.info[payee].sex,
            )

    return _by_id_rebuild(
        FactCardException,
        as_of=as_of,
        full=full,
        source=source,
        columns=[
            "exception_id",
            "start_date",
            "year",
            "quarter",
            "kind",
            "reason",
            "sex",
            "age_group",
            "country_of_birth",
            "payee_sex",
        ],
    )


def permit_decisions_rebuild(*, as_of: datetime.date, people: _People, full: bool = False) -> RebuildResult:
    def source(new_only: bool) -> Iterable[tuple[Any, ...]]:
        decisions = PermitDecision.objects.all()
        if new_only:
            decisions = _not_in_facts(decisions, FactPermitDecision, "decision_id")
        for decision_id, decided, outcome, kind, ground, pid in decisions.order_by("id").values_list(
            "id", "decided_on", "outcome", "permit_kind", "application__ground", "application__person_id"
        ):
            sex, group, country = people.demographics(pid, decided)
            yield (
                decision_id,
                decided,
                decided.year,
                quarter(decided),
                outcome,
                kind or NONE,
                ground,
                sex,
                group,
                country,
            )

    return _by_id_rebuild(
        FactPermitDecision,
        as_of=as_of,
        full=full,
        source=source,
        columns=[
            "decision_id",
            "decided_on",
            "year",
            "quarter",
            "outcome",
            "permit_kind",
            "ground",
            "sex",
            "age_group",
            "country_of_birth",
        ],
    )


def channel_visits_rebuild(*, as_of: datetime.date, full: bool = False) -> RebuildResult | None:
    """The counter's daily aggregates, from the day of the previous rebuild on (a day's count grows until it ends)."""
    if not apps.is_installed("lika.newcomer_info"):
        return None
    visit_day = apps.get_model("newcomer_info", "ChannelVisitDay")
    started = clock.now()
    previous = None if full else _previous(FactChannelVisit)
    # From the day the previous rebuild ran, or the day it covered if that was earlier: a rebuild run
    # by hand for a later day had not seen the rest of its own day.
    since = min(previous.as_of, timezone.localdate(previous.started_at)) if previous else datetime.date.min
    rows = [
        (day, day.year, quarter(day), code, kind, landing, language, visits)
        for day, code, kind, landing, language, visits in visit_day.objects.filter(day__gte=since, day__lte=as_of)
        .order_by("day", "channel__code", "landing_page", "language")
        .values_list("day", "channel__code", "channel__kind", "landing_page", "language", "visits")
    ]
    with transaction.atomic():
        if previous is None:
            FactChannelVisit.objects.all().delete()
        else:
            FactChannelVisit.objects.filter(day__gte=since).delete()
        model_rows_write(
            FactChannelVisit,
            ["day", "year", "quarter", "channel", "channel_kind", "landing_page", "language", "visits"],
            rows,
        )
        return _record(
            FactChannelVisit, full=previous is None, as_of=as_of, watermark=0, written=len(rows), started=started
        )


def facts_rebuild(*, as_of: datetime.date, full: bool = False) -> list[RebuildResult]:
    """Rebuilds every fact table (incrementally where the data allow, in full when ``full``)."""
    people = _People()
    results = census_rebuild(as_of=as_of, people=people)
    results.append(allowance_months_rebuild(as_of=as_of, people=people, full=full))
    results.append(payments_rebuild(as_of=as_of, people=people, full=full))
    results.append(card_exceptions_rebuild(as_of=as_of, people=people, full=full))
    results.append(permit_decisions_rebuild(as_of=as_of, people=people, full=full))
    visits = channel_visits_rebuild(as_of=as_of, full=full)
    if visits is not None:
        results.append(visits)
    return results
