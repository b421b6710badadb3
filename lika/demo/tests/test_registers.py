"""The demo's register extracts: three formats, imported once, rates that differ by sex as the report says."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from lika.audit.models import AuditEvent
from lika.demo import registers
from lika.demo.registers import demo_registers_load
from lika.demo.services import demo_population_load
from lika.followup.models import (
    AtUndDecision,
    CivicIntroductionAttendance,
    EmploymentServiceRegistration,
    RegisterImport,
)
from lika.people.models import EligibilityBasis, Sex
from lika.testing.clock import Clock

TODAY = datetime.date(2026, 6, 30)


@pytest.fixture(autouse=True)
def _today(clock: Clock) -> None:
    clock.set_today(TODAY)


@pytest.mark.django_db
def test_writes_three_formats_imports_them_once_and_keeps_them_on_a_second_run(tmp_path: Path) -> None:
    demo_population_load(persons=400, seed=5, today=TODAY, progress=False)
    imports = demo_registers_load(directory=tmp_path, today=TODAY, seed=5)
    assert sorted(path.suffix for path in tmp_path.iterdir()) == [".csv", ".parquet", ".xlsx"]
    assert set(imports) == {"at_und", "civic_introduction", "employment_service"}
    counts = {
        "at_und": AtUndDecision.objects.count(),
        "civic_introduction": CivicIntroductionAttendance.objects.count(),
        "employment_service": EmploymentServiceRegistration.objects.count(),
    }
    assert counts == {kind: imported.rows_new for kind, imported in imports.items()}
    assert all(count > 0 for count in counts.values())
    events = AuditEvent.objects.filter(action="register.import")
    assert {event.actor_label for event in events} == {"lika demo-setup"}
    years = set(AtUndDecision.objects.values_list("year", flat=True))
    assert min(years) >= 2021
    assert max(years) <= 2026

    again = demo_registers_load(directory=tmp_path, today=TODAY, seed=5)
    assert again == imports
    assert RegisterImport.objects.count() == 3
    assert events.count() == 3


def _person(pk: int, sex: str) -> registers.Person:
    return (pk, sex, datetime.date(1990, 5, 1), "SY")


def _shares(rows: list[registers.Row], flag: str) -> dict[str, float]:
    by_sex = {sex: [row[flag] for row in rows if row["sex"] == sex] for sex in (Sex.FEMALE, Sex.MALE)}
    return {sex: sum(flags) / len(flags) for sex, flags in by_sex.items()}


def test_rates_differ_by_sex_in_the_direction_of_the_report() -> None:
    """Among 4,000 made-up adults: men granted AT-UND more often, women attend and register less."""
    people = [_person(pk, Sex.FEMALE if pk % 2 else Sex.MALE) for pk in range(1, 4001)]
    starts = {p[0]: (p, datetime.date(2023, 3, 1), EligibilityBasis.ASYLUM_SEEKER) for p in people}
    grants = {p[0]: (p, datetime.date(2023, 9, 1)) for p in people}
    regions = dict.fromkeys(starts, "01")
    at_und = registers.at_und_rows(starts, regions, today=TODAY, seed=1)
    civic = registers.civic_introduction_rows(starts, regions, today=TODAY, seed=1)
    employment = registers.employment_service_rows(grants, regions, today=TODAY, seed=1)
    granted = _shares(at_und, "granted")
    attended = _shares(civic, "attended")
    assert granted[Sex.MALE] > granted[Sex.FEMALE] + 0.1
    assert attended[Sex.MALE] > attended[Sex.FEMALE] + 0.04
    registered = {sex: sum(row["sex"] == sex for row in employment) for sex in (Sex.FEMALE, Sex.MALE)}
    assert registered[Sex.MALE] > registered[Sex.FEMALE] * 1.2


def test_same_seed_same_rows_and_children_are_left_out() -> None:
    child = (100, Sex.FEMALE, datetime.date(2015, 1, 1), "ER")
    adults = [_person(pk, Sex.MALE) for pk in range(1, 50)]
    starts = {p[0]: (p, datetime.date(2024, 1, 10), EligibilityBasis.ASYLUM_SEEKER) for p in [*adults, child]}
    regions = dict.fromkeys(starts, "12")
    first = registers.civic_introduction_rows(starts, regions, today=TODAY, seed=3)
    assert first == registers.civic_introduction_rows(starts, regions, today=TODAY, seed=3)
    assert first != registers.civic_introduction_rows(starts, regions, today=TODAY, seed=4)
    assert "SI000000100" not in {row["record_id"] for row in first}
