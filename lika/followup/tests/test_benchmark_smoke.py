"""The indicator benchmark's synthetic register and its three ways of computing an indicator, on a small register.

``benchmarks/followup_indicators.py`` times Lika against hand-written DuckDB SQL and pandas; these
tests check agreement only, never timing: that the generator writes the fact tables' columns with
plausible values, that the three ways give the same figures, and that the check would notice if
they did not.
"""

from __future__ import annotations

import datetime
import importlib
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import duckdb
import pyarrow.parquet as pq
import pytest
from django.db import models

from lika.followup.facts.export import FACT_TABLES, REGISTER_TABLES

BENCHMARKS = Path(__file__).resolve().parents[3] / "benchmarks"
ROWS = 100_000  # dense enough that disclosure control leaves figures to compare in every default view


@pytest.fixture(scope="module")
def bench() -> Iterator[ModuleType]:
    sys.path.insert(0, str(BENCHMARKS))
    try:
        yield importlib.import_module("followup_indicators")
    finally:
        sys.path.remove(str(BENCHMARKS))


@pytest.fixture(scope="module")
def register(bench: ModuleType, tmp_path_factory: pytest.TempPathFactory) -> Path:
    directory: Path = bench.register_write(tmp_path_factory.mktemp("register"), rows=ROWS, seed=3)
    return directory


@pytest.fixture(scope="module")
def connection() -> Iterator[duckdb.DuckDBPyConnection]:
    with duckdb.connect() as db:
        yield db


def _default_cases() -> list[str]:
    sys.path.insert(0, str(BENCHMARKS))
    try:
        module = importlib.import_module("followup_indicators")
    finally:
        sys.path.remove(str(BENCHMARKS))
    return [case.name for case in module.CASES if case.variant == "default"]


def _cells(bench: ModuleType, case: Any, directory: Path, connection: duckdb.DuckDBPyConnection) -> tuple[Any, Any]:
    names, rows = bench.hand_run(case, directory, connection)
    return bench.cells_from_rows(case.columns, names, rows), bench.cells_from_frame(
        case.columns, bench.pandas_run(case, directory)
    )


def test_the_register_has_every_column_of_the_fact_and_register_tables(register: Path) -> None:
    """Each model the catalogue reads gets a Parquet file with exactly its columns and ROWS rows."""
    for model in FACT_TABLES + REGISTER_TABLES:
        metadata = pq.read_metadata(register / f"{model._meta.db_table}.parquet")
        columns = {f.column for f in model._meta.concrete_fields if not isinstance(f, models.DateTimeField)}
        assert set(metadata.schema.names) == columns, model._meta.db_table
        assert metadata.num_rows == ROWS


def test_the_register_values_lie_in_their_domains(register: Path, connection: duckdb.DuckDBPyConnection) -> None:
    """Years 2021–2026, quarters and dates that match them, a rare unknown sex, and consistent flags."""
    payments = (register / "followup_factpayment.parquet").as_posix()
    row = connection.execute(
        "SELECT min(year), max(year), min(quarter), max(quarter), count(DISTINCT country_of_birth), "
        "avg(CASE WHEN sex = 'unknown' THEN 1 ELSE 0 END), "
        "count(*) FILTER (WHERE year(paid_on) <> year OR quarter(paid_on) <> quarter "
        "OR month <> strftime(paid_on, '%Y-%m')), "
        "min(amount_ore) "
        "FROM read_parquet(?)",
        [payments],
    ).fetchone()
    assert row is not None
    first, last, first_quarter, last_quarter, countries, unknown, mismatched, least = row
    assert (first, last, first_quarter, last_quarter) == (2021, 2026, 1, 4)
    assert countries >= 30
    assert 0 < unknown < 0.005
    assert mismatched == 0
    assert least > 0
    persons = (register / "followup_factpersonyear.parquet").as_posix()
    inconsistent = connection.execute(
        "SELECT count(*) FILTER (WHERE couple_woman_man AND NOT (adult AND lma)), "
        "count(*) FILTER (WHERE adult <> (age_group <> '0-17')), "
        "count(*) FILTER (WHERE own_card AND NOT lma) "
        "FROM read_parquet(?)",
        [persons],
    ).fetchone()
    assert inconsistent == (0, 0, 0)
    census = connection.execute("SELECT DISTINCT census_date FROM read_parquet(?) ORDER BY 1", [persons]).fetchall()
    assert census[0][0] == datetime.date(2021, 12, 31)


def test_the_register_is_reused_with_the_same_settings_and_rewritten_with_others(
    bench: ModuleType, tmp_path: Path
) -> None:
    """The same rows and seed keep the files; another seed writes new ones."""
    bench.register_write(tmp_path, rows=500, seed=1, tables=["followup_factpayment"])
    path = tmp_path / "followup_factpayment.parquet"
    written = path.stat().st_mtime_ns
    bench.register_write(tmp_path, rows=500, seed=1, tables=["followup_factpayment"])
    assert path.stat().st_mtime_ns == written
    before = pq.read_table(path)
    bench.register_write(tmp_path, rows=500, seed=2, tables=["followup_factpayment"])
    assert not pq.read_table(path).equals(before)


def test_a_directory_with_other_parquet_files_is_refused(bench: ModuleType, tmp_path: Path) -> None:
    """A facts directory the benchmark did not write is never overwritten."""
    (tmp_path / "followup_factpayment.parquet").write_bytes(b"real facts")
    with pytest.raises(SystemExit, match="did not write"):
        bench.register_write(tmp_path, rows=10, seed=1)
    assert (tmp_path / "followup_factpayment.parquet").read_bytes() == b"real facts"


@pytest.mark.parametrize("name", _default_cases())
def test_lika_the_hand_written_sql_and_pandas_agree(
    name: str, bench: ModuleType, register: Path, connection: duckdb.DuckDBPyConnection
) -> None:
    """Every figure Lika publishes equals the hand-written SQL's and pandas's, margins included."""
    case = bench.CASES_BY_NAME[name]
    hand, frame = _cells(bench, case, register, connection)
    bench.lika_prepare(case, register)  # the nightly protection, stored beside the facts
    check = bench.agreement(case, bench.Published.of(bench.lika_run(case, register)), hand, frame)
    assert check.compared > 0
    years = {key[case.columns.index("year")] for key in hand["population"]} - {"*"}
    assert check.cells >= len(years), "a figure for every year at least"
    assert check.population > 0


def test_a_published_figure_that_differs_stops_the_benchmark(
    bench: ModuleType, register: Path, connection: duckdb.DuckDBPyConnection
) -> None:
    """The agreement check is not vacuous: one count off by one is reported by its key."""
    case = bench.CASES_BY_NAME["allowance_paid:default"]
    hand, frame = _cells(bench, case, register, connection)
    bench.lika_prepare(case, register)
    published = bench.Published.of(bench.lika_run(case, register))
    key, (population, numerator, amount, masked) = next(
        (key, values) for key, values in published.figures.items() if values[0] is not None
    )
    published.figures[key] = (population + 1, numerator, amount, masked)
    with pytest.raises(AssertionError, match="Lika population"):
        bench.agreement(case, published, hand, frame)


def test_pandas_that_differs_from_the_sql_stops_the_benchmark(
    bench: ModuleType, register: Path, connection: duckdb.DuckDBPyConnection
) -> None:
    """A margin pandas gets wrong is reported even where Lika is not compared."""
    case = bench.CASES_BY_NAME["own_card_adults:default"]
    hand, frame = _cells(bench, case, register, connection)
    frame["numerator"][("*", "*")] += 1
    with pytest.raises(AssertionError, match="pandas numerator"):
        bench.agreement(case, None, hand, frame)
