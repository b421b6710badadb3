"""Random rows for the follow-up's fact and register tables, for tests that need figures of every kind.

Fact tables are derived data, so tests write them directly; the values are made up and cover every
code each breakdown can take.
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
from django.db import models

from lika.followup.dimensions import AGE_GROUPS
from lika.followup.facts.export import FACT_TABLES, REGISTER_TABLES, facts_export
from lika.followup.models import RegisterImport, RegisterKind

YEARS = (2022, 2023, 2024)

CODES: dict[str, list[str]] = {
    "sex": ["female", "male", "unknown"],
    "holder_sex": ["female", "male"],
    "payee_sex": ["female", "male"],
    "age_group": [name for name, _low, _high in AGE_GROUPS],
    "country_of_birth": ["SY", "AF", "ER", "UA"],
    "permit_ground": ["asylum", "family_ties", "none"],
    "ground": ["asylum", "family_ties", "work"],
    "household_type": ["one_adult", "two_adults", "two_adults_children", "none"],
    "adults_sexes": ["woman_and_man", "women", "men", "other"],
    "exception_kind": ["none", "joint_card", "single_payee"],
    "kind": ["joint_card", "single_payee"],
    "reason": ["asked_by_both", "no_id_document"],
    "outcome": ["granted", "refused", "dismissed"],
    "permit_kind": ["temporary", "permanent", "none"],
    "region": ["01", "12", "14"],
    "channel": ["minsida", "brev", "skarm-malmo"],
    "channel_kind": ["min_sida", "permit_letter", "office_screen"],
    "landing_page": ["/om-sverige/", "/om-sverige/sfi/"],
    "language": ["sv", "en", "ar"],
    "topic": ["om_sverige", "disability", "childcare"],
    "conversation_channel": ["in_person", "phone", "video"],
    "activity_kind": ["early", "reception_centre"],
    "childcare": ["yes", "no"],
    "source": ["lika", "register"],
}


def _value(field: models.Field[Any, Any], rng: random.Random, year: int, register_import: int) -> Any:  # noqa: PLR0911
    name = field.name
    if name == "year":
        return year
    if name == "quarter":
        return rng.randint(1, 4)
    if name == "month":
        return f"{year}-{rng.randint(1, 12):02d}"
    if name == "register_import":
        return register_import
    if name == "lma_adults":
        return rng.choice([1, 2, 2, 3])
    if name == "birth_year":
        return rng.randint(1950, 2008)
    if name in CODES:
        return rng.choice(CODES[name])
    if isinstance(field, models.BooleanField):
        return rng.random() < 0.6
    if isinstance(field, models.DateField):
        return datetime.date(year, rng.randint(1, 12), rng.randint(1, 28))
    if isinstance(field, models.IntegerField):
        return rng.randint(0, 500_000)
    return f"x{rng.randint(0, 10**9)}"


def fact_rows_fill(
    model: type[models.Model],
    rows: int,
    rng: random.Random,
    register_import: int,
    years: Sequence[int] = YEARS,
    **fixed: Any,
) -> None:
    """Writes ``rows`` random rows of ``model`` in ``years``; ``fixed`` holds column values every row takes."""
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    start = model._default_manager.count()
    objects = []
    for index in range(start, start + rows):
        values = {f.attname: _value(f, rng, rng.choice(list(years)), register_import) for f in fields}
        values.update(fixed)
        for unique in (
            "person_id", "household_id", "payment_id", "exception_id", "decision_id", "record_id", "conversation_id",
            "enrolment_id", "record_key",
        ):  # fmt: skip
            if unique in values:
                values[unique] = index + 1 if unique != "record_id" else f"R{index + 1}"
        if "day" in values:  # one row per day and year, so that (day, channel, page, language) stays unique
            values["year"] = years[index % len(years)]
            values["day"] = datetime.date(values["year"], 1, 1) + datetime.timedelta(days=index // len(years) % 365)
        objects.append(model(**values))
    model._default_manager.bulk_create(objects)


def random_facts_write(directory: Path, *, rows: int = 400, seed: int = 7) -> Path:
    """Fills every fact and register table with ``rows`` random rows and writes their Parquet copies."""
    rng = random.Random(seed)  # noqa: S311 - test data
    register_import = RegisterImport.objects.create(
        kind=RegisterKind.AT_UND, file_name="t.csv", sha256="0" * 64, rows=0, rows_new=0, reason="Test"
    )
    for model in FACT_TABLES + REGISTER_TABLES:
        fact_rows_fill(model, rows, rng, register_import.pk)
    facts_export(directory)
    return directory


class MemoryEngine:
    """An engine over rows held in memory (DuckDB on Arrow tables), for tests that need no database."""

    name = "memory"
    dialect = "duckdb"

    def __init__(
        self, tables: Mapping[str, list[dict[str, Any]]], schemas: Mapping[str, pa.Schema] | None = None
    ) -> None:
        given = schemas or {}
        self.tables = {name: pa.Table.from_pylist(rows, schema=given.get(name)) for name, rows in tables.items()}

    def rows(self, sql: str, tables: Iterable[str]) -> list[tuple[Any, ...]]:
        with duckdb.connect(":memory:") as db:
            for table in tables:
                db.register(table, self.tables[table])
            return db.execute(sql).fetchall()


_PERSON_FIELDS: list[tuple[str, pa.DataType]] = [
    ("person_id", pa.int64()),
    ("year", pa.int32()),
    *((name, pa.string()) for name in ("sex", "country_of_birth", "age_group", "permit_ground")),
    *((name, pa.bool_()) for name in ("adult", "lma", "couple_woman_man", "own_card")),
]
PERSON_SCHEMA = pa.schema(_PERSON_FIELDS)


def person_rows(counts: Mapping[tuple[int, str, str], tuple[int, int]], **fixed: Any) -> list[dict[str, Any]]:
    """Rows of the own-card table (``followup_factpersonyear``): (year, sex, country) → (persons, with own card)."""
    rows: list[dict[str, Any]] = []
    for (year, sex, country), (persons, own_card) in counts.items():
        for index in range(persons):
            row = {
                "person_id": len(rows) + 1,
                "year": year,
                "sex": sex,
                "country_of_birth": country,
                "age_group": "25-34",
                "permit_ground": "asylum",
                "adult": True,
                "lma": True,
                "couple_woman_man": True,
                "own_card": index < own_card,
            }
            row.update(fixed)
            rows.append(row)
    return rows
