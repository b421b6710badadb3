"""The allowance-month facts: adults in LMA in the households Lika decided, one row per adult and month.

Rebuilt for the months whose decisions changed since the previous rebuild.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.db.models import Exists, Max, OuterRef

from lika.allowance.models import CardException, Decision
from lika.allowance.rules.month import Month
from lika.core import clock
from lika.core.bulk import model_rows_write
from lika.followup.dimensions import quarter
from lika.followup.facts.population import Census, People
from lika.followup.facts.record import RebuildResult, previous_rebuild, rebuild_record
from lika.followup.models import NONE, FactAllowanceMonth


def _monthsnot_in_facts() -> set[str]:
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


def allowance_months_rebuild(*, as_of: datetime.date, people: People, full: bool = False) -> RebuildResult:
    """Adults in LMA in the households Lika decided, per month; only months with new decisions unless ``full``.

    A month is new when it has a decision above the previous rebuild's watermark or a latest decision
    that the fact table does not show yet (:func:`_months_not_in_facts`).
    """
    started = clock.now()
    previous = None if full else previous_rebuild(FactAllowanceMonth)
    watermark = previous.watermark if previous else 0
    newest = Decision.objects.aggregate(newest=Max("id"))["newest"] or 0
    months_new = set(Decision.objects.filter(id__gt=watermark).values_list("month", flat=True))
    if previous is not None:
        months_new |= _monthsnot_in_facts()
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
        census = Census(people, first)
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
        return rebuild_record(
            FactAllowanceMonth,
            full=full or previous is None,
            as_of=as_of,
            watermark=newest,
            written=len(rows),
            started=started,
        )
