"""Rows read by a statement written once come back as the instances the ORM would have made.

Min Sida loads the logged-in person this way on every page (lika/core/rows.py); the values must pass
through the same conversions as a queryset's: dates and times from SQLite's text, JSON from text,
booleans from SQLite's integers.
"""

from __future__ import annotations

import datetime
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import psycopg
import pytest
from django.db import NotSupportedError, connection
from django.db.models import Model
from django.test.utils import CaptureQueriesContext

from lika.audit.actions import Action
from lika.audit.models import AuditEvent, Channel
from lika.audit.services import audit_event_record
from lika.core.rows import model_columns, model_from_row, statement_cursor
from lika.people.models import Person

ROOT = Path(__file__).resolve().parents[3]


def _read(model: type[Model], key: int, *extra: str) -> tuple[Any, ...]:
    quote = connection.ops.quote_name
    columns = ", ".join((model_columns(model, "t"), *extra))
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {columns} FROM {quote(model._meta.db_table)} t WHERE t.id = %s", [key])  # noqa: S608
        row = cursor.fetchone()
    assert row is not None
    return tuple(row)


def _values(instance: Model) -> dict[str, Any]:
    return {field.attname: getattr(instance, field.attname) for field in type(instance)._meta.concrete_fields}


@pytest.mark.django_db
def test_a_person_from_a_row_is_the_person_the_orm_reads(make_person: Callable[..., Person]) -> None:
    person = make_person(birth_date=datetime.date(1987, 2, 28), protected_identity=True, personal_number="")
    loaded = model_from_row(Person, _read(Person, person.pk))
    expected = Person.objects.get(pk=person.pk)
    assert _values(loaded) == _values(expected)
    assert isinstance(loaded.birth_date, datetime.date)
    assert loaded.protected_identity is True
    assert loaded.created_at.tzinfo is not None
    # An ordinary saved instance: not new, in the default database.
    assert not loaded._state.adding
    assert loaded._state.db == "default"


@pytest.mark.django_db
def test_json_comes_back_as_the_structure_not_its_text() -> None:
    details = {"form": "html", "languages": ["ar", "sv"], "nested": {"count": 2, "none": None}}
    event = audit_event_record(
        actor=None,
        actor_label="test",
        action=Action.PORTAL_DECISION_OPEN,
        target=("x.y", "1"),
        reason="Test",
        details=details,
        channel=Channel.WEB,
    )
    loaded = model_from_row(AuditEvent, _read(AuditEvent, event.pk))
    assert loaded.details == details
    assert _values(loaded) == _values(AuditEvent.objects.get(pk=event.pk))


@pytest.mark.django_db
def test_values_after_the_models_columns_are_left_to_the_caller(make_person: Callable[..., Person]) -> None:
    person = make_person()
    row = _read(Person, person.pk, "'extra'")
    assert row[-1] == "extra"
    assert model_from_row(Person, row).pk == person.pk


def _prepared_statements_like(text: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE %s", [f"%{text}%"])
        row = cursor.fetchone()
    assert row is not None
    return int(row[0])


def _run_again_and_again(statement: str, times: int) -> list[Any]:
    answers = []
    for number in range(times):
        with statement_cursor() as cursor:
            cursor.execute(statement, [number])
            row = cursor.fetchone()
        assert row is not None
        answers.append(row[0])
    return answers


@pytest.mark.django_db
def test_a_statement_run_on_every_request_is_planned_once_per_connection_on_postgresql() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("SQLite has no server to keep a plan; the cursor is its ordinary one (the next tests)")
    statement = "SELECT CAST(%s AS integer) + 7001"
    assert _run_again_and_again(statement, 1) == [7001]
    assert _prepared_statements_like("+ 7001") == 1, "prepared on its first run"
    # Other statements in between (psycopg remembers the last hundred it saw) do not unprepare it.
    with connection.cursor() as cursor:
        for number in range(120):
            cursor.execute(f"SELECT {number} + 7101")
    assert _run_again_and_again(statement, 8) == [number + 7001 for number in range(8)]
    assert _prepared_statements_like("+ 7001") == 1


@pytest.mark.django_db(transaction=True)
def test_a_prepared_statement_whose_table_changed_closes_its_connection_and_runs_afresh_on_the_next() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("only PostgreSQL prepares statements")
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE lika_test_prepared (value varchar(8))")
        cursor.execute("INSERT INTO lika_test_prepared VALUES ('kept')")
    statement = "SELECT value FROM lika_test_prepared WHERE CAST(%s AS integer) >= 0"
    try:
        assert _run_again_and_again(statement, 1) == ["kept"]
        # A migration on another connection changes the column's type under the prepared statement.
        settings = connection.settings_dict
        with psycopg.connect(
            dbname=settings["NAME"], user=settings["USER"], host=settings["HOST"], port=settings["PORT"] or None,
            password=settings["PASSWORD"] or None, autocommit=True,
        ) as migration:  # fmt: skip
            migration.execute("ALTER TABLE lika_test_prepared ALTER COLUMN value TYPE text")
        with pytest.raises(NotSupportedError):
            _run_again_and_again(statement, 1)
        assert connection.connection is None, "closed, so that the next request gets a new connection"
        assert _run_again_and_again(statement, 1) == ["kept"]
    finally:
        with connection.cursor() as cursor:
            cursor.execute("DROP TABLE lika_test_prepared")


@pytest.mark.django_db
def test_behind_a_pooler_that_cannot_keep_them_nothing_is_prepared(monkeypatch: pytest.MonkeyPatch) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("only PostgreSQL prepares statements")
    connection.ensure_connection()
    # DATABASE_PREPARED_STATEMENTS=0 leaves the connection's threshold at None (the next test but one).
    monkeypatch.setattr(connection.connection, "prepare_threshold", None)
    statement = "SELECT CAST(%s AS integer) + 7002"
    assert _run_again_and_again(statement, 8) == [number + 7002 for number in range(8)]
    assert _prepared_statements_like("+ 7002") == 0


@pytest.mark.django_db
def test_the_statement_is_logged_with_its_values_as_the_orms_are() -> None:
    with CaptureQueriesContext(connection) as queries, statement_cursor() as cursor:
        cursor.execute("SELECT CAST(%s AS integer) + 7003", [39])
        assert cursor.fetchone()[0] == 7042
    assert len(queries.captured_queries) == 1
    assert "39" in queries.captured_queries[0]["sql"]
    assert "7003" in queries.captured_queries[0]["sql"]


@pytest.mark.parametrize(("setting", "threshold"), [(None, "5"), ("1", "5"), ("0", "None")])
def test_prepared_statements_are_on_for_postgresql_unless_switched_off(setting: str | None, threshold: str) -> None:
    environment = {k: v for k, v in os.environ.items() if k != "DATABASE_PREPARED_STATEMENTS"}
    environment["DATABASE_URL"] = "postgres://lika@db.example.org:5432/lika"
    if setting is not None:
        environment["DATABASE_PREPARED_STATEMENTS"] = setting
    program = "import config.settings.base as s; print(s.DATABASES['default']['OPTIONS'].get('prepare_threshold'))"
    result = subprocess.run(
        [sys.executable, "-c", program], cwd=ROOT, env=environment, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == threshold
