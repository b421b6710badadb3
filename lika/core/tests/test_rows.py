"""Rows read by a statement written once come back as the instances the ORM would have made.

Min Sida loads the logged-in person this way on every page (lika/core/rows.py); the values must pass
through the same conversions as a queryset's: dates and times from SQLite's text, JSON from text,
booleans from SQLite's integers.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.db.models import Model

from lika.audit.actions import Action
from lika.audit.models import AuditEvent, Channel
from lika.audit.services import audit_event_record
from lika.core.rows import model_columns, model_from_row
from lika.people.models import Person


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
