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
from lika.statistics.cellkey import MAX_SALT, record_key, record_key_sql


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
    keyed = indicator_sql(
        indicator, indicator.dimensions, dialect, record_key=record_key_sql(indicator.record, MAX_SALT - 1)
    )
    assert sqlglot.parse_one(keyed, read=dialect).find(sqlglot.exp.Mod) is not None


@pytest.mark.parametrize("indicator", [i for i in CATALOGUE if i.free_pairs()], ids=lambda i: i.code)
def test_the_record_keys_add_up_alike_on_every_engine(indicator: Indicator, random_facts: Path) -> None:
    """The cell-key method adds up salted record keys in SQL: DuckDB and the database (PostgreSQL in CI) must
    agree to the last digit, and with the same keys worked out in Python, or the same cell would show
    different numbers on different engines."""
    key = record_key_sql(indicator.record, MAX_SALT - 1)
    results = []
    for engine in (DuckDBEngine(random_facts), DatabaseEngine()):
        rows = engine.rows(
            indicator_sql(indicator, indicator.dimensions, engine.dialect, record_key=key), [indicator.table]
        )
        results.append(sorted(tuple(str(v) if isinstance(v, str) else int(v) for v in row) for row in rows))
    assert results[0] == results[1]
    records = DuckDBEngine(random_facts).rows(
        f'SELECT "{indicator.record}" FROM "{indicator.table}" WHERE {indicator.population}',  # noqa: S608 - names from the catalogue
        [indicator.table],
    )
    expected = sum(record_key(int(row[0]), MAX_SALT - 1) for row in records)
    population_key_at = len(indicator.dimensions) + (2 if indicator.numerator else 1)
    assert sum(int(row[population_key_at]) for row in results[0]) == expected


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
