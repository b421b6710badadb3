"""Every indicator is one definition that runs alike on every engine.

The fact tables are filled with random rows here (they are derived data, so the test writes them
directly); the same grouped SQL then runs on DuckDB over the Parquet files and on the database the
suite runs on — PostgreSQL in CI — and must give the same rows.
"""

from __future__ import annotations

import datetime
import random
from pathlib import Path
from typing import Any

import pytest
import sqlglot
from django.db import models

from lika.followup.dimensions import AGE_GROUPS
from lika.followup.facts.export import FACT_TABLES, REGISTER_TABLES, facts_export
from lika.followup.indicators.catalogue import CATALOGUE, DIMENSIONS, Indicator
from lika.followup.indicators.engines import DatabaseEngine, DuckDBEngine, FactsMissingError
from lika.followup.indicators.query import DIALECTS, indicator_sql
from lika.followup.models import RegisterImport, RegisterKind

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


def _fill(model: type[models.Model], rows: int, rng: random.Random, register_import: int) -> None:
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    objects = []
    for index in range(rows):
        values = {f.attname: _value(f, rng, rng.choice([2022, 2023, 2024]), register_import) for f in fields}
        for unique in ("person_id", "household_id", "payment_id", "exception_id", "decision_id", "record_id"):
            if unique in values:
                values[unique] = index + 1 if unique != "record_id" else f"R{index + 1}"
        if "day" in values:
            values["day"] = datetime.date(values["year"], 1, 1) + datetime.timedelta(days=index)
            values["year"] = values["day"].year
        objects.append(model(**values))
    model._default_manager.bulk_create(objects)


@pytest.fixture
def random_facts(db: None, facts_dir: Path) -> Path:
    rng = random.Random(7)  # noqa: S311 - test data
    register_import = RegisterImport.objects.create(
        kind=RegisterKind.AT_UND, file_name="t.csv", sha256="0" * 64, rows=0, rows_new=0, reason="Test"
    )
    for model in FACT_TABLES + REGISTER_TABLES:
        _fill(model, 400, rng, register_import.pk)
    facts_export(facts_dir)
    return facts_dir


@pytest.mark.parametrize("indicator", CATALOGUE, ids=lambda i: i.code)
@pytest.mark.parametrize("dialect", DIALECTS)
def test_every_indicator_is_valid_sql_in_every_dialect(indicator: Indicator, dialect: str) -> None:
    sql = indicator_sql(indicator, indicator.dimensions, dialect, years=[2023, 2024])
    parsed = sqlglot.parse_one(sql, read=dialect)
    assert parsed.find(sqlglot.exp.Group) is not None
    assert indicator.table in sql


@pytest.mark.parametrize("indicator", CATALOGUE, ids=lambda i: i.code)
def test_duckdb_and_the_database_give_the_same_rows(indicator: Indicator, random_facts: Path) -> None:
    duck, database = DuckDBEngine(random_facts), DatabaseEngine()
    for breakdown in (indicator.breakdown(), indicator.dimensions):
        results = []
        for engine in (duck, database):
            rows = engine.rows(indicator_sql(indicator, breakdown, engine.dialect), [indicator.table])
            results.append(sorted(tuple(str(v) if isinstance(v, str) else int(v) for v in row) for row in rows))
        assert results[0] == results[1]
        assert results[0], "the random facts give every indicator some rows"


def test_every_dimension_has_a_label_and_every_person_indicator_a_sex() -> None:
    for indicator in CATALOGUE:
        assert all(d in DIMENSIONS for d in indicator.dimensions)
        if indicator.person_level and indicator.sex is None:
            assert indicator.no_sex_reason, indicator.code
        if indicator.sex is not None:
            assert indicator.sex in indicator.breakdown(), indicator.code


def test_an_indicator_without_its_sex_column_is_refused() -> None:
    with pytest.raises(ValueError, match="sex"):
        Indicator(
            code="bad",
            title="x",  # type: ignore[arg-type]
            question="x",  # type: ignore[arg-type]
            table="t",
            kind=CATALOGUE[0].kind,
            unit=CATALOGUE[0].unit,
            population="1 = 1",
            numerator="x",
            dimensions=("year", "country_of_birth"),
            source="x",  # type: ignore[arg-type]
        )


def test_a_missing_parquet_file_says_which_job_to_run(tmp_path: Path) -> None:
    with pytest.raises(FactsMissingError, match="followup-rebuild"):
        DuckDBEngine(tmp_path).rows("SELECT 1", ["followup_factpayment"])
