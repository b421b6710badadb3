"""Writing many rows, or very large values, at once: COPY and binary parameters on PostgreSQL.

Used by the demo loader, the follow-up's fact tables and the allowance's payment run (its rows,
and its payment file of tens of megabytes).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence
from typing import Any

import psycopg
from django.db import connection as default_connection
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Field, Model

COPY_NULL = "\\N"


def copy_text(value: Any) -> str:
    """A value in COPY's text format (numbers, dates, booleans and plain identifiers only)."""
    if value is None:
        return COPY_NULL
    if isinstance(value, bool):
        return "t" if value else "f"
    return str(value)


def rows_write(
    connection: BaseDatabaseWrapper, *, table: str, columns: list[str], batches: Iterable[list[Sequence[Any]]]
) -> None:
    """Inserts rows given as batches of columns: COPY on PostgreSQL, executemany on SQLite."""
    quote = connection.ops.quote_name
    column_names = ", ".join(quote(name) for name in columns)
    if connection.vendor == "postgresql":
        with (
            connection.cursor() as cursor,
            cursor.cursor.copy(f"COPY {quote(table)} ({column_names}) FROM STDIN") as copy,
        ):
            for values in batches:
                # Callers pass text without tabs, newlines or backslashes (None as COPY_NULL),
                # so the values go into COPY's text format without escaping.
                copy.write("\n".join(map("\t".join, zip(*values, strict=True))) + "\n")
    else:
        raw = connection.connection
        if raw is None:
            raise RuntimeError("The database connection closed during the load.")
        placeholders = ", ".join("?" * len(columns))
        # Table and column names come from the models' _meta and are quoted; values are bound.
        insert = f"INSERT INTO {quote(table)} ({column_names}) VALUES ({placeholders})"  # noqa: S608
        raw.executemany(insert, itertools.chain.from_iterable(zip(*values, strict=True) for values in batches))


def model_rows_write(model: type[Model], columns: list[str], rows: Sequence[Sequence[Any]]) -> None:
    """Rows of ``model`` given as tuples of ``columns``, in one go, in the caller's transaction.

    On PostgreSQL a binary COPY, each value sent in its column's own type (so text may hold any
    character but NUL, which PostgreSQL's text never holds); elsewhere executemany. The values must
    already be of their column's Python type, as the database takes it: int for integer columns, str
    for text, datetime.date for dates, bool, None, and aware datetimes for timestamps. Nothing is converted on the way (no Decimal to integer,
    no naive time, no JSON text into a JSON column): binary COPY refuses what does not fit, or, for
    JSON, stores a string.
    """
    if not rows:
        return
    table = model._meta.db_table
    if default_connection.vendor != "postgresql":
        batch: list[Sequence[Any]] = [list(column) for column in zip(*rows, strict=True)]
        rows_write(default_connection, table=table, columns=columns, batches=[batch])
        return
    quote = default_connection.ops.quote_name
    with default_connection.cursor() as cursor:
        # Binary COPY needs each column's type as the server has it, which the catalogue says exactly.
        cursor.execute(
            "SELECT attname, atttypid FROM pg_attribute WHERE attrelid = %s::regclass AND attnum > 0",
            [quote(table)],
        )
        types = dict(cursor.fetchall())
        column_names = ", ".join(quote(name) for name in columns)
        with cursor.cursor.copy(f"COPY {quote(table)} ({column_names}) FROM STDIN (FORMAT BINARY)") as copy:
            copy.set_types([types[name] for name in columns])
            write = copy.write_row
            for row in rows:
                write(row)


def large_fields_save(instance: Model, fields: list[str]) -> None:
    """Saves ``fields`` of an already stored ``instance``, meant for values of megabytes, in the caller's transaction.

    Django binds parameters on the client for PostgreSQL: a value is written into the statement as a
    quoted literal (bytes as hex, twice their size) that the server must parse again, a second for a
    20 MB payment file. Here they go as binary parameters instead; elsewhere this is an ordinary save.
    On PostgreSQL the UPDATE goes through psycopg's own cursor, so Django's query log and
    ``CaptureQueriesContext`` do not show it.
    """
    if default_connection.vendor != "postgresql":
        instance.save(update_fields=fields)
        return
    meta, quote = instance._meta, default_connection.ops.quote_name
    targets: list[Field[Any, Any]] = []
    for name in fields:
        field = meta.get_field(name)
        if not isinstance(field, Field) or not field.concrete:
            raise ValueError(f"{name} is not a column of {meta.label}.")
        targets.append(field)
    assignments = ", ".join(f"{quote(str(field.column))} = %b" for field in targets)
    values = [field.get_db_prep_save(getattr(instance, field.attname), default_connection) for field in targets]
    default_connection.ensure_connection()
    # Table and column names come from the model's _meta and are quoted; values are bound.
    statement = f"UPDATE {quote(meta.db_table)} SET {assignments} WHERE {quote(meta.pk.column)} = %b"  # noqa: S608
    # psycopg's own cursor (Django's would bind on the client), with its errors raised as Django's, as callers
    # that catch django.db errors expect.
    with default_connection.wrap_database_errors, psycopg.Cursor(default_connection.connection) as cursor:
        cursor.execute(statement, [*values, instance.pk])
