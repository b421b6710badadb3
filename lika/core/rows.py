"""Reading rows on the hottest pages by a statement written once, without the ORM compiling a query each time.

Every Min Sida page loads the logged-in person. Django builds the SQL of a queryset anew on every
call, and on those pages the building cost more than the database's answer
(``benchmarks/min_sida_profile.py``, decision 0029). A caller writes its statement once with
:func:`model_columns` and turns each row into an instance with :func:`model_from_row`, which applies
the converters the ORM's compiler would (the backend's and the field's), so the instance is an
ordinary model instance; :func:`column_value` converts a single value the same way.
:func:`statement_cursor` runs such a statement so that PostgreSQL plans it once per connection
rather than on every request.

Use them only where a profile shows the ORM's building to matter; everywhere else the ORM is clearer.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, TypeVar

import psycopg
from django.db import NotSupportedError, connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.backends.utils import CursorDebugWrapper, CursorWrapper
from django.db.models import Field, Model
from django.db.models.expressions import Col

M = TypeVar("M", bound=Model)
Converter = Callable[[Any, Any, BaseDatabaseWrapper], Any]
ColumnConverters = tuple[Col, tuple[Converter, ...]]


def model_columns(model: type[Model], alias: str) -> str:
    """The model's concrete columns, qualified by ``alias`` and quoted, in field order, for a SELECT.

    >>> from django.contrib.auth.models import Group
    >>> model_columns(Group, "g")
    '"g"."id", "g"."name"'
    """
    return _model_columns(model, alias, connections["default"].vendor)


@functools.cache
def _model_columns(model: type[Model], alias: str, vendor: str) -> str:
    quote = connections["default"].ops.quote_name
    return ", ".join(f"{quote(alias)}.{quote(field.column)}" for field in model._meta.concrete_fields)


# Each thread has its own connection, and the ORM's compiler asks its own connection for converters (the
# backend's are methods of that connection's operations). So each thread keeps its own, with the connection
# they were made for, and they go with the thread.
_per_thread = threading.local()


def _converted(field: Field[Any, Any], connection: BaseDatabaseWrapper) -> ColumnConverters:
    """The field's column and the converters the ORM's compiler would apply to its values, per thread."""
    known: dict[Field[Any, Any], tuple[BaseDatabaseWrapper, ColumnConverters]] = _per_thread.__dict__.setdefault(
        "converters", {}
    )
    entry = known.get(field)
    if entry is None or entry[0] is not connection:
        column = field.get_col(field.model._meta.db_table)
        converters = (*connection.ops.get_db_converters(column), *column.get_db_converters(connection))
        entry = known[field] = (connection, (column, converters))
    return entry[1]


def _convert(field: Field[Any, Any], value: Any, connection: BaseDatabaseWrapper) -> Any:
    column, converters = _converted(field, connection)
    for converter in converters:
        value = converter(value, column, connection)
    return value


def column_value(field: Field[Any, Any], value: Any) -> Any:
    """A value a raw statement read from ``field``'s column (or one of the same type), as a queryset gives it:
    a date from SQLite's text, an aware time, JSON as its structure."""
    return _convert(field, value, connections["default"])


def model_from_row(model: type[M], row: Sequence[Any]) -> M:
    """An instance of ``model`` from the first values of ``row``, read in :func:`model_columns`'s order.

    Each value passes through the converters Django's compiler applies (JSON from text, dates from
    SQLite's text, ...), so the instance is the one a queryset would have made. Values after the
    model's columns are the caller's.
    """
    connection = connections["default"]
    values = [
        _convert(field, value, connection) for field, value in zip(model._meta.concrete_fields, row, strict=False)
    ]
    attnames = [field.attname for field in model._meta.concrete_fields]
    return model.from_db(connection.alias, attnames, values)


@contextmanager
def statement_cursor() -> Iterator[CursorWrapper]:
    """A cursor for a statement written once and run on every request of a hot page.

    On PostgreSQL, when the connection may keep prepared statements (the ``prepare_threshold`` option,
    which Lika's settings set unless ``DATABASE_PREPARED_STATEMENTS=0``), the statement is prepared on its
    first run on the connection and PostgreSQL no longer plans it on each later one: the timeline's
    statement of five branches took 0.57 ms with planning and 0.22 ms prepared (decision 0030). Otherwise,
    and on SQLite, it is the ordinary cursor. The cursor is Django's wrapper either way, so the statement
    is logged, counted and its errors are Django's.

    A migration that changes what a prepared statement returns (a column's type, say) makes PostgreSQL
    refuse it on that connection from then on; the connection is then closed, when no transaction holds
    it, so that the next request prepares the statement afresh on a new one.
    """
    connection = connections["default"]
    # Django's own cursor first: it opens the connection, checks its health and validates the thread.
    with connection.cursor() as cursor:
        if connection.vendor != "postgresql" or cursor.connection.prepare_threshold is None:
            yield cursor
            return
        prepared = _PreparedCursor(cursor.connection)
        wrapper = (
            _ServerBoundDebugWrapper(prepared, connection)
            if connection.queries_logged
            else CursorWrapper(prepared, connection)
        )
        try:
            with wrapper as bound:
                yield bound
        except NotSupportedError:
            # "cached plan must not change result type": psycopg keeps the stale statement, so only a new
            # connection runs the statement again.
            if not connection.in_atomic_block:
                connection.close()
            raise


class _PreparedCursor(psycopg.Cursor[Any]):
    """Binds values on the server and prepares each statement on its first run on the connection.

    Waiting for psycopg's threshold of runs would not do: psycopg counts the ORM's statements too and
    remembers only the last hundred, so on a connection that also serves other pages a hot statement
    could be pushed out before its fifth run and never be prepared.
    """

    def execute(
        self, query: Any, params: Any = None, *, prepare: bool | None = None, binary: bool | None = None
    ) -> Any:
        del prepare
        return super().execute(query, params, prepare=True, binary=binary)


class _ServerBoundDebugWrapper(CursorDebugWrapper):
    """Logs a server-bound statement with its values filled in, as the ORM's statements are logged.

    Django reads the logged text back from a client-side cursor, which a server-bound one does not keep.
    """

    def execute(self, sql: Any, params: Any = None) -> Any:
        with self.debug_sql(self.db.ops.compose_sql(sql, params)):
            return CursorWrapper.execute(self, sql, params)
