"""The payment facts: every paid payment, with the sex of the adult it is for and of the card's holder."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from lika.allowance.models import Payment, PaymentStatus
from lika.allowance.rules.month import Month
from lika.core import clock
from lika.core.bulk import model_rows_write
from lika.followup.dimensions import quarter
from lika.followup.facts.population import People
from lika.followup.facts.record import RebuildResult, not_in_facts, previous_rebuild, rebuild_record
from lika.followup.models import FactPayment


def payments_rebuild(*, as_of: datetime.date, people: People, full: bool = False) -> RebuildResult:
    """Paid payments; only those not yet in the fact table unless ``full`` (a paid payment never changes).

    Not "paid since the previous rebuild began": a run marks a chunk paid with the time of its UPDATE
    and commits a moment later, so a rebuild starting in between would never see that chunk.
    """
    started = clock.now()
    previous = None if full else previous_rebuild(FactPayment)
    paid = Payment.objects.filter(status=PaymentStatus.PAID)
    if previous is not None:
        paid = not_in_facts(paid, FactPayment, "payment_id")
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
        return rebuild_record(
            FactPayment,
            full=full or previous is None,
            as_of=as_of,
            watermark=newest,
            written=len(rows),
            started=started,
        )
