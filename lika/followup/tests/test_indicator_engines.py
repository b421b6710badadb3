"""Every indicator is one definition that runs alike on every engine.

The fact tables are filled with random rows here (they are derived data, so the test writes them
directly); the same grouped SQL then runs on DuckDB over the Parquet files and on the database the
suite runs on — PostgreSQL in CI — and must give the same rows.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlglot

from lika.followup.indicators.catalogue import CATALOGUE, DIMENSIONS, Indicator
from lika.followup.indicators.engines import DatabaseEngine, DuckDBEngine, FactsMissingError
from lika.followup.indicators.query import DIALECTS, indicator_sql
from lika.followup.tests.factories import random_facts_write


@pytest.fixture
def random_facts(db: None, facts_dir: Path) -> Path:
    return random_facts_write(facts_dir)


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
