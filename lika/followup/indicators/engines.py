"""Where an indicator's SQL runs: DuckDB over the Parquet copies of the fact tables, or the database itself.

DuckDB is the default: it reads the Parquet files that ``lika followup-rebuild`` writes under
``LIKA_FACTS_DIR``, embedded in the web process, and never touches the operational database. The
database engine runs the same definitions on the fact tables in PostgreSQL (or SQLite); CI checks
that both give the same figures. A distributed engine (Spark, Trino) reading the same Parquet files
would take the same SQL in its own dialect (:data:`lika.followup.indicators.query.DIALECTS`).
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from pathlib import Path
from typing import Any, Protocol

import duckdb
from django.conf import settings
from django.db import connections
from django.utils.translation import gettext as _

from lika.followup.facts.export import facts_directory


class FactsMissingError(LookupError):
    """A fact table has not been written yet."""


class Engine(Protocol):
    name: str
    dialect: str

    def rows(self, sql: str, tables: Iterable[str]) -> list[tuple[Any, ...]]: ...


class DuckDBEngine:
    """DuckDB, in memory, with one view per Parquet file the queries need.

    Each thread keeps one connection per directory, and a view once created stays: a view reads its
    file afresh on every query, so a rebuilt file is seen at once. (Opening a connection and
    creating the view cost about as much as a small indicator's query.)
    """

    name = "duckdb"
    dialect = "duckdb"
    _local = threading.local()

    def __init__(self, directory: Path) -> None:
        self.directory = directory

    def _connection(self, tables: Iterable[str]) -> duckdb.DuckDBPyConnection:
        open_here: dict[Path, tuple[duckdb.DuckDBPyConnection, set[str]]] = self._local.__dict__.setdefault(
            "connections", {}
        )
        if self.directory not in open_here:
            open_here[self.directory] = (duckdb.connect(":memory:"), set())
        db, views = open_here[self.directory]
        for table in tables:
            path = self.directory / f"{table}.parquet"
            if not path.exists():
                raise FactsMissingError(
                    _("The fact table %(table)s has not been built yet: run “lika followup-rebuild”.")
                    % {"table": table}
                )
            if table not in views:
                # The name comes from the catalogue and the path from settings, not from a request.
                view = f"CREATE OR REPLACE VIEW \"{table}\" AS SELECT * FROM read_parquet('{path.as_posix()}')"  # noqa: S608
                db.execute(view)
                views.add(table)
        return db

    def rows(self, sql: str, tables: Iterable[str]) -> list[tuple[Any, ...]]:
        return self._connection(tables).execute(sql).fetchall()


class DatabaseEngine:
    """The Django database (PostgreSQL in production and CI, SQLite elsewhere)."""

    name = "database"

    def __init__(self, alias: str = "default") -> None:
        self.alias = alias
        vendor = connections[alias].vendor
        self.dialect = {"postgresql": "postgres"}.get(vendor, vendor)

    def rows(self, sql: str, tables: Iterable[str]) -> list[tuple[Any, ...]]:
        with connections[self.alias].cursor() as cursor:
            cursor.execute(sql)
            return list(cursor.fetchall())


def engine_default() -> Engine:
    """The engine named by ``LIKA_FOLLOWUP_ENGINE``: ``duckdb`` (default) or ``database``."""
    if settings.LIKA_FOLLOWUP_ENGINE == "database":
        return DatabaseEngine()
    return DuckDBEngine(facts_directory())
