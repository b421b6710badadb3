"""The card-exception facts: every exception to "own card for every adult", with the sex of the adult and the payee."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from lika.allowance.models import CardException
from lika.followup.dimensions import quarter
from lika.followup.facts.population import People
from lika.followup.facts.record import RebuildResult, by_id_rebuild, not_in_facts
from lika.followup.models import FactCardException


def card_exceptions_rebuild(*, as_of: datetime.date, people: People, full: bool = False) -> RebuildResult:
    """Card exceptions; only those not yet in the fact table unless ``full`` (an exception is written once)."""

    def source(new_only: bool) -> Iterable[tuple[Any, ...]]:
        exceptions = CardException.objects.all()
        if new_only:
            exceptions = not_in_facts(exceptions, FactCardException, "exception_id")
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

    return by_id_rebuild(
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
