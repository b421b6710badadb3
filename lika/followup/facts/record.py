"""What every fact builder shares: the record of a rebuild, and finding the source rows not yet in a fact table.

Where the source rows are written once and never changed — permit decisions, card exceptions, paid
payments — only the source rows not yet in the fact table are added. They are found by their id in
the fact table, not by a watermark: an id is handed out when a row is inserted and a ``paid_at`` when
a payment is marked, but either can become visible only later, when its transaction commits, so a
watermark would skip it for good.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, TypeVar

from django.db import transaction
from django.db.models import Exists, Model, OuterRef, QuerySet

from lika.core import clock
from lika.core.bulk import model_rows_write
from lika.followup.models import FactRebuild

Rows = TypeVar("Rows", bound=QuerySet[Any])


@dataclass(frozen=True)
class RebuildResult:
    """What one builder did: its table, whether in full, the rows it wrote and the rows now in the table."""

    table: str
    full: bool
    rows_written: int
    rows_total: int


def rebuild_record(
    table: type[Model], *, full: bool, as_of: datetime.date, watermark: int, written: int, started: datetime.datetime
) -> RebuildResult:
    """Records a finished rebuild of ``table`` (a :class:`FactRebuild` row) and says what it did."""
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


def previous_rebuild(table: type[Model]) -> FactRebuild | None:
    """The latest recorded rebuild of ``table``; ``None`` before the first."""
    return FactRebuild.objects.filter(table=table._meta.db_table).order_by("-finished_at", "-id").first()


def not_in_facts(source: Rows, table: type[Model], key: str) -> Rows:
    """The rows of ``source`` whose id is not yet the ``key`` of a row of ``table`` (an anti-join)."""
    return source.filter(~Exists(table._default_manager.filter(**{key: OuterRef("pk")})))


def by_id_rebuild(
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
    previous = None if full else previous_rebuild(table)
    watermark = previous.watermark if previous else 0
    rows = list(source(previous is not None))
    with transaction.atomic():
        if previous is None:
            table._default_manager.all().delete()
        model_rows_write(table, columns, rows)
        newest = max((watermark, *(r[0] for r in rows)))
        return rebuild_record(
            table, full=previous is None, as_of=as_of, watermark=newest, written=len(rows), started=started
        )
