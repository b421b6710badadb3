"""Loading the demo population: every row or none, one audit event, ids the ORM can continue from."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from lika.audit.acting import Acting
from lika.audit.models import AuditEvent
from lika.core import bulk
from lika.demo import loader, services
from lika.demo.loader import TABLE_MODELS
from lika.people import services as people_services
from lika.people.identifiers import DEMO_DOSSIER_FIRST
from lika.people.models import Household, MemberRole, Person

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 6, 30)


def _counts() -> dict[str, int]:
    return {model._meta.label: model._default_manager.count() for _, model in TABLE_MODELS}


def _load(persons: int = 500, seed: int = 1) -> services.LoadSummary:
    return services.demo_population_load(persons=persons, seed=seed, today=TODAY, progress=False)


def test_load_writes_the_rows_it_reports_and_one_audit_event() -> None:
    summary = _load()
    assert summary.persons == 500
    assert _counts() == summary.rows
    assert summary.rows["people.Person"] == 500
    assert summary.rows["people.Household"] == summary.households
    assert all(count > 0 for count in summary.rows.values())
    assert sum(summary.persons_by_sex.values()) == 500
    assert Person.objects.filter(sex="female").count() == summary.persons_by_sex["female"]
    event = AuditEvent.objects.get()
    assert event.action == "demo_population.load"
    assert event.actor is None
    assert event.actor_label == "lika demo-data"
    assert (event.object_type, event.object_id) == (
        "people.person",
        f"{summary.first_person_id}-{summary.last_person_id}",
    )
    assert event.details["persons"] == 500
    assert event.details["households"] == summary.households
    assert event.details["seed"] == 1


def test_loaded_rows_point_at_loaded_rows() -> None:
    summary = _load()
    ids = set(Person.objects.values_list("pk", flat=True))
    assert ids == set(range(summary.first_person_id, summary.last_person_id + 1))
    people_in_households = set(
        Household.objects.filter(memberships__isnull=False).values_list("memberships__person", flat=True)
    )
    assert people_in_households == ids
    assert not Person.objects.filter(memberships__isnull=True).exists()


def test_the_orm_can_add_rows_after_a_load(make_person: Callable[..., Person], acting: Acting) -> None:
    summary = _load(persons=200)
    person = make_person()
    assert person.pk > summary.last_person_id
    household = people_services.household_create(
        acting=acting, members=[people_services.Member(person=person, role=MemberRole.ADULT)], start_date=TODAY
    )
    assert household.pk > max(Household.objects.exclude(pk=household.pk).values_list("pk", flat=True))


def test_a_second_load_continues_the_dossier_numbers() -> None:
    first = _load(persons=300, seed=1)
    second = _load(persons=300, seed=1)
    assert first.first_dossier_number == str(DEMO_DOSSIER_FIRST)
    assert int(second.first_dossier_number) == int(first.last_dossier_number) + 1
    assert second.first_person_id == first.last_person_id + 1
    assert Person.objects.count() == 600
    numbers = list(Person.objects.exclude(personal_number=None).values_list("personal_number", flat=True))
    assert len(numbers) == len(set(numbers))
    assert AuditEvent.objects.filter(action="demo_population.load").count() == 2


def test_a_failure_during_the_load_writes_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []
    write_rows = bulk.rows_write

    def fail_after_the_first_table(*args: Any, **kwargs: Any) -> None:
        if calls:
            raise RuntimeError("disk full")
        calls.append(kwargs["table"])
        write_rows(*args, **kwargs)

    monkeypatch.setattr(loader, "rows_write", fail_after_the_first_table)
    with pytest.raises(RuntimeError, match="disk full"):
        _load()
    assert calls == [Household._meta.db_table]
    assert set(_counts().values()) == {0}
    assert not AuditEvent.objects.exists()


def _schema() -> dict[str, dict[str, Any]]:
    with connection.cursor() as cursor:
        return {
            model._meta.db_table: connection.introspection.get_constraints(cursor, model._meta.db_table)
            for _, model in TABLE_MODELS
        }


def test_a_large_load_rebuilds_the_indexes_it_drops(monkeypatch: pytest.MonkeyPatch) -> None:
    before = _schema()
    monkeypatch.setattr(services, "DEFER_INDEXES_FROM_PERSONS", 100)
    summary = _load(persons=400)
    assert _schema() == before
    assert Person.objects.count() == summary.persons
    with pytest.raises(ValidationError):
        # The unique dossier number still holds after the rebuild.
        people_services.person_create(
            acting=Acting(actor=None, actor_label="test suite", reason="Test"),
            dossier_number=summary.first_dossier_number,
            given_name="Test",
            family_name="Person",
            birth_date=datetime.date(1990, 1, 1),
            sex="female",
            country_of_birth="SY",
            preferred_language="ar",
        )


def test_a_failed_large_load_keeps_the_schema(monkeypatch: pytest.MonkeyPatch) -> None:
    before = _schema()
    monkeypatch.setattr(services, "DEFER_INDEXES_FROM_PERSONS", 100)

    def fail(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("connection lost")

    monkeypatch.setattr(loader, "rows_write", fail)
    with pytest.raises(RuntimeError):
        _load(persons=400)
    assert _schema() == before


@pytest.mark.parametrize(
    ("arguments", "field"),
    [({"persons": 0}, "persons"), ({"seed": -1}, "seed"), ({"today": datetime.date(2021, 2, 1)}, "today")],
)
def test_the_service_refuses_impossible_requests(arguments: dict[str, Any], field: str) -> None:
    values: dict[str, Any] = {"persons": 10, "seed": 1, "today": TODAY, "progress": False, **arguments}
    with pytest.raises(ValidationError) as refused:
        services.demo_population_load(**values)
    assert field in refused.value.message_dict
    assert not Person.objects.exists()


def test_the_service_refuses_when_the_demo_range_is_full() -> None:
    # Only a demo load may write demo numbers, and loading 99,999,990 persons to get here is no test:
    # the one demo person the situation needs is written directly.
    Person.objects.create(
        dossier_number="99999990",
        given_name="Demo",
        family_name="Last",
        birth_date=datetime.date(1990, 1, 1),
        sex="female",
        country_of_birth="SY",
        preferred_language="ar",
    )
    with pytest.raises(ValidationError, match="Only 9 demo dossier numbers are left"):
        _load(persons=10)
    assert Person.objects.count() == 1
