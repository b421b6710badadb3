"""Bulk insertion of a generated population: PostgreSQL COPY or SQLite executemany.

The loader runs inside the caller's transaction. It gives every row its primary key up front,
after the highest one each table already has, so that the generator's row numbers become foreign
keys by adding an offset. Table and column names come from the models' ``_meta``.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from django.core.management.color import no_style
from django.db import models
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Max

from lika.core.bulk import COPY_NULL, rows_write
from lika.demo.generator import PopulationChunk, Table
from lika.demo.generator.tables import Column
from lika.people.models import (
    AccommodationPeriod,
    Guardianship,
    Household,
    HouseholdMembership,
    LmaEligibilityPeriod,
    Partnership,
    PermitApplication,
    PermitDecision,
    Person,
)

# Each table of a chunk and the model it fills, parents first.
TABLE_MODELS: tuple[tuple[str, type[models.Model]], ...] = (
    ("households", Household),
    ("persons", Person),
    ("memberships", HouseholdMembership),
    ("guardianships", Guardianship),
    ("partnerships", Partnership),
    ("applications", PermitApplication),
    ("decisions", PermitDecision),
    ("lma_periods", LmaEligibilityPeriod),
    ("accommodation_periods", AccommodationPeriod),
)
# SQLite's page cache during the load, in KiB. The unique indexes that stay in place are filled in
# memory; for a million persons a larger cache measured no faster, only bigger.
SQLITE_LOAD_CACHE_KIB = 64 * 1024
# Rows converted and sent at a time: small enough that PostgreSQL parses one batch while the next
# is prepared, large enough that the per-batch cost does not count.
BATCH_ROWS = 10_000

TableProgress = Callable[[str, int], None]


@dataclass(frozen=True, slots=True)
class _Column:
    """Where one database column's values come from."""

    name: str
    source: str  # "pk", "column", "foreign_key" or "constant"
    attname: str = ""
    related: type[models.Model] | None = None
    constant: Any = None


def _plan(model: type[models.Model], connection: BaseDatabaseWrapper, now: datetime.datetime) -> list[_Column]:
    """The columns of ``model`` in order, each with the source of its values."""
    plan: list[_Column] = []
    for field in model._meta.concrete_fields:
        if field.primary_key:
            plan.append(_Column(name=field.column, source="pk"))
        elif field.is_relation:
            related = field.related_model
            if not isinstance(related, type):
                raise TypeError(f"{model.__name__}.{field.name} refers to a model not yet resolved.")
            plan.append(_Column(name=field.column, source="foreign_key", attname=field.attname, related=related))
        elif getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            plan.append(
                _Column(name=field.column, source="constant", constant=field.get_db_prep_value(now, connection))
            )
        else:
            plan.append(_Column(name=field.column, source="column", attname=field.attname))
    return plan


def _dates_as_text(column: Column, null: object) -> list[Any]:
    text = np.datetime_as_string(column, unit="D").astype(object)
    text[np.isnat(column)] = null
    return list(text)


class PopulationLoader:
    """Writes chunks of a generated population into the registry's tables, ids included."""

    def __init__(self, connection: BaseDatabaseWrapper, *, now: datetime.datetime, defer_indexes: bool = False) -> None:
        self._connection = connection
        self._postgresql = connection.vendor == "postgresql"
        if connection.vendor not in ("postgresql", "sqlite"):
            raise NotImplementedError(f"Loading a demo population into {connection.vendor} is not supported.")
        if self._postgresql:
            self._lock_tables()
        self.first_ids: dict[type[models.Model], int] = {}
        for _, model in TABLE_MODELS:
            highest = model._default_manager.aggregate(highest=Max("pk"))["highest"]
            self.first_ids[model] = (highest or 0) + 1
        self.rows: dict[type[models.Model], int] = dict.fromkeys(self.first_ids, 0)
        self._plans = {model: _plan(model, connection, now) for _, model in TABLE_MODELS}
        self._previous_cache_size: int | None = None
        # Statements that rebuild what was dropped for the load, run in finish().
        self._rebuild: list[str] = self._drop_indexes() if defer_indexes else []
        if not self._postgresql:
            with connection.cursor() as cursor:
                cursor.execute("PRAGMA cache_size")
                self._previous_cache_size = int(cursor.fetchone()[0])
                # This connection's setting only (a negative size counts KiB): finish() puts it
                # back, and after a failed load it lasts until the connection closes, which does no harm.
                cursor.execute(f"PRAGMA cache_size = {-SQLITE_LOAD_CACHE_KIB}")

    def _lock_tables(self) -> None:
        """Keeps other writers out of the tables, so the ids read here stay free until commit."""
        quote = self._connection.ops.quote_name
        names = ", ".join(quote(model._meta.db_table) for _, model in TABLE_MODELS)
        with self._connection.cursor() as cursor:
            cursor.execute(f"LOCK TABLE {names} IN SHARE ROW EXCLUSIVE MODE")

    def _drop_indexes(self) -> list[str]:
        """Drops the secondary indexes (and on PostgreSQL the foreign keys) of the tables loaded.

        Building an index once over all rows is much faster than growing it row by row, and one
        foreign-key check over the whole table beats a check per row. The database's own
        definitions are read back so the rebuild matches the schema exactly; the drops are part of
        the transaction, so a failed load restores them.
        """
        tables = [self._connection.ops.quote_name(model._meta.db_table) for _, model in TABLE_MODELS]
        drops: list[str] = []
        rebuild: list[str] = []
        with self._connection.cursor() as cursor:
            if self._postgresql:
                cursor.execute(
                    "SELECT format('ALTER TABLE %%s DROP CONSTRAINT %%I', conrelid::regclass, conname), "
                    "format('ALTER TABLE %%s ADD CONSTRAINT %%I %%s', conrelid::regclass, conname, pg_get_constraintdef(oid)) "
                    "FROM pg_constraint WHERE contype = 'f' AND conrelid = ANY(%s::regclass[]) ORDER BY conname",
                    [tables],
                )
                foreign_keys = cursor.fetchall()
                cursor.execute(
                    "SELECT format('DROP INDEX %%s', i.indexrelid::regclass), pg_get_indexdef(i.indexrelid) "
                    "FROM pg_index i WHERE i.indrelid = ANY(%s::regclass[]) AND NOT i.indisprimary "
                    "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid) "
                    "ORDER BY i.indexrelid",
                    [tables],
                )
                indexes = cursor.fetchall()
                drops = [drop for drop, _ in foreign_keys + indexes]
                rebuild = [
                    "SET LOCAL maintenance_work_mem = '256MB'",
                    *(create for _, create in indexes),
                    *(add for _, add in foreign_keys),
                ]
            else:
                for _, model in TABLE_MODELS:
                    cursor.execute(
                        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = %s AND sql IS NOT NULL",
                        [model._meta.db_table],
                    )
                    for name, create in cursor.fetchall():
                        drops.append(f"DROP INDEX {self._connection.ops.quote_name(name)}")
                        rebuild.append(create)
            for statement in drops:
                cursor.execute(statement)
        return rebuild

    def write(self, chunk: PopulationChunk, on_table: TableProgress | None = None) -> None:
        """Inserts every table of ``chunk``; chunks must come in the order they were generated."""
        for name, model in TABLE_MODELS:
            table: Table = getattr(chunk, name)
            if table.rows:
                plan = self._plans[model]
                rows_write(
                    self._connection,
                    table=model._meta.db_table,
                    columns=[column.name for column in plan],
                    batches=self.batches(model, table, text=self._postgresql),
                )
            self.rows[model] += table.rows
            if on_table is not None:
                on_table(name, table.rows)

    def finish(self) -> None:
        """Rebuilds dropped indexes, moves PostgreSQL's id sequences past the new rows, resets SQLite's
        cache, and refreshes the planner's statistics of the tables loaded.

        Without fresh statistics PostgreSQL planned a search for one dossier number among a million
        persons as a walk through the whole index (447 ms instead of 18 ms, benchmarks/registry_pages.py).
        """
        tables = [model._meta.db_table for _, model in TABLE_MODELS]
        with self._connection.cursor() as cursor:
            for statement in self._rebuild:
                cursor.execute(statement)
            if self._postgresql:
                models_loaded = [model for _, model in TABLE_MODELS]
                for statement in self._connection.ops.sequence_reset_sql(no_style(), models_loaded):
                    cursor.execute(statement)
            elif self._previous_cache_size is not None:
                cursor.execute(f"PRAGMA cache_size = {self._previous_cache_size}")
            for table in tables:
                cursor.execute(f"ANALYZE {self._connection.ops.quote_name(table)}")

    def id_range(self, model: type[models.Model]) -> tuple[int, int]:
        """The first and last id given to rows of ``model`` so far."""
        first = self.first_ids[model]
        return first, first + self.rows[model] - 1

    def values(
        self, model: type[models.Model], table: Table, *, text: bool, start: int = 0, stop: int | None = None
    ) -> list[Sequence[Any]]:
        """Rows ``start`` to ``stop`` of the table, column by column in the model's column order,
        as Python values or as COPY text.
        """
        stop = table.rows if stop is None else min(stop, table.rows)
        count = stop - start
        first_id = self.first_ids[model] + self.rows[model] + start
        columns: list[Sequence[Any]] = []
        for column in self._plans[model]:
            if column.source == "pk":
                ids = range(first_id, first_id + count)
                columns.append(list(map(str, ids)) if text else ids)
            elif column.source == "foreign_key":
                assert column.related is not None  # noqa: S101 - a foreign key always has a related model
                keys = table.columns[column.attname][start:stop] + self.first_ids[column.related]
                columns.append(list(map(str, keys.tolist())) if text else keys.tolist())
            elif column.source == "constant":
                value = column.constant
                if text and isinstance(value, datetime.datetime):
                    value = value.isoformat()
                columns.append([value] * count)
            else:
                columns.append(_values(table.columns[column.attname][start:stop], text=text))
        return columns

    def batches(self, model: type[models.Model], table: Table, *, text: bool) -> Iterator[list[Sequence[Any]]]:
        """The table's values in slices, so that the database works on one while the next is prepared."""
        for start in range(0, table.rows, BATCH_ROWS):
            yield self.values(model, table, text=text, start=start, stop=start + BATCH_ROWS)


def _values(column: Column, *, text: bool) -> list[Any]:
    """One column as Python values for executemany, or as COPY text (``\\N`` for empty)."""
    if column.dtype.kind == "M":
        return _dates_as_text(column, COPY_NULL if text else None)
    values: list[Any] = column.tolist()
    if column.dtype.kind == "b":
        return ["t" if value else "f" for value in values] if text else values
    if column.dtype.kind in "iu":
        return list(map(str, values)) if text else values
    if text and None in values:
        return [COPY_NULL if value is None else value for value in values]
    return values
