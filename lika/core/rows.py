"""Reading rows on the hottest pages by a statement written once, without the ORM compiling a query each time.

Every Min Sida page loads the logged-in person. Django builds the SQL of a queryset anew on every
call, and on those pages the building cost more than the database's answer
(``benchmarks/min_sida_profile.py``, decision 0029). A caller writes its statement once with
:func:`model_columns` and turns each row into an instance with :func:`model_from_row`, which applies
the converters the ORM's compiler would (the backend's and the field's), so the instance is an
ordinary model instance.

Use them only where a profile shows the ORM's building to matter; everywhere else the ORM is clearer.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from django.db import connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Model
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


def _converters(model: type[Model], connection: BaseDatabaseWrapper) -> tuple[ColumnConverters, ...]:
    """For each concrete field, its column and the converters the ORM's compiler would apply to its values."""
    known: dict[type[Model], tuple[BaseDatabaseWrapper, tuple[ColumnConverters, ...]]] = (
        _per_thread.__dict__.setdefault("converters", {})
    )
    entry = known.get(model)
    if entry is None or entry[0] is not connection:
        columns = []
        for field in model._meta.concrete_fields:
            column = field.get_col(model._meta.db_table)
            columns.append((column, (*connection.ops.get_db_converters(column), *column.get_db_converters(connection))))
        entry = known[model] = (connection, tuple(columns))
    return entry[1]


def model_from_row(model: type[M], row: Sequence[Any]) -> M:
    """An instance of ``model`` from the first values of ``row``, read in :func:`model_columns`'s order.

    Each value passes through the converters Django's compiler applies (JSON from text, dates from
    SQLite's text, ...), so the instance is the one a queryset would have made. Values after the
    model's columns are the caller's.
    """
    connection = connections["default"]
    values = []
    for (column, converters), value in zip(_converters(model, connection), row, strict=False):
        for converter in converters:
            value = converter(value, column, connection)  # noqa: PLW2901 - each converter takes the last one's result
        values.append(value)
    attnames = [field.attname for field in model._meta.concrete_fields]
    return model.from_db(connection.alias, attnames, values)
