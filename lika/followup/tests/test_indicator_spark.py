"""Every indicator's Spark SQL, run on a real Spark over the same Parquet files as DuckDB, gives DuckDB's rows.

The parse-only check in ``test_indicator_engines.py`` proves the Spark text is valid SQL; this one
proves it means the same thing. A local Spark (pyspark, on the machine's Java) reads the Parquet
copies of the fact tables that ``lika followup-rebuild`` would write, registers one view per table,
and runs each indicator in Spark's dialect — by its default breakdown, by all its dimensions, and with
the cell-key method's record keys where readers may choose breakdowns freely (whole numbers near 2**63:
Spark's ANSI arithmetic refuses an overflow where DuckDB would not). Every row must equal DuckDB's.

Where Java is missing the test is skipped, saying so; ``.ci/run`` installs a Java runtime, and in CI
(``LIKA_REQUIRE_SPARK=1``) a missing Java fails instead. One Spark session serves the module: starting
the JVM is most of the cost.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from lika.followup.indicators.catalogue import CATALOGUE, Indicator
from lika.followup.indicators.engines import DuckDBEngine
from lika.followup.indicators.query import indicator_sql, years_sql
from lika.followup.tests.factories import random_facts_write
from lika.statistics.cellkey import MAX_SALT, record_key_sql

if TYPE_CHECKING:
    from pyspark.sql import SparkSession

pytestmark = [
    pytest.mark.slow,
    # pyspark checks the installed pandas on import and warns about pandas 3; the test uses no pandas.
    pytest.mark.filterwarnings("ignore:PySpark does not yet fully support pandas:FutureWarning"),
]

JAVA_MISSING = "Spark needs Java (a JRE 17 or newer on PATH or JAVA_HOME); .ci/run installs one with apt-get"


def _java() -> str | None:
    home = os.environ.get("JAVA_HOME")
    if home and (Path(home) / "bin" / "java").exists():
        return str(Path(home) / "bin" / "java")
    return shutil.which("java")


@pytest.fixture(scope="module")
def spark() -> Iterator[SparkSession]:
    if _java() is None:
        if os.environ.get("LIKA_REQUIRE_SPARK") == "1":
            pytest.fail(JAVA_MISSING)
        pytest.skip(JAVA_MISSING)
    from pyspark.sql import SparkSession

    # Two local threads and two shuffle partitions: the tables are small, and Spark's defaults (200
    # partitions, the web UI) would spend most of the time on bookkeeping.
    session = (
        SparkSession.builder.master("local[2]")
        .appName("lika-indicators-test")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.default.parallelism", "2")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.adaptive.enabled", "false")
        .config("spark.driver.memory", "512m")
        # A short-lived JVM on two busy cores: the quick compiler alone and the serial collector halved the
        # time of a hundred small queries here (the optimising compiler never pays back in a test this short).
        .config("spark.driver.extraJavaOptions", "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC")
        .config("spark.sql.ansi.enabled", "true")
        .config("spark.sql.session.timeZone", "UTC")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


class SparkEngine:
    """Spark over the Parquet files, one temporary view per table (the Spark side of :class:`DuckDBEngine`)."""

    name = "spark"
    dialect = "spark"

    def __init__(self, session: SparkSession, directory: Path) -> None:
        self.session = session
        self.directory = directory
        self.views: set[str] = set()

    def rows(self, sql: str, tables: list[str]) -> list[tuple[Any, ...]]:
        for table in tables:
            if table not in self.views:
                self.session.read.parquet(str(self.directory / f"{table}.parquet")).createOrReplaceTempView(table)
                self.views.add(table)
        return [tuple(row) for row in self.session.sql(sql).collect()]


def _normal(rows: list[tuple[Any, ...]]) -> list[tuple[str | int, ...]]:
    return sorted(tuple(v if isinstance(v, str) else int(v) for v in row) for row in rows)


def _queries(indicator: Indicator, dialect: str) -> list[tuple[str, str]]:
    queries = [
        ("default breakdown, two years", indicator_sql(indicator, indicator.breakdown(), dialect, years=[2023, 2024])),
        ("all dimensions", indicator_sql(indicator, indicator.dimensions, dialect)),
        ("years with rows", years_sql(indicator, dialect)),
    ]
    if indicator.free_pairs():
        key = record_key_sql(indicator.record, MAX_SALT - 1)
        queries.append(("record keys", indicator_sql(indicator, indicator.dimensions, dialect, record_key=key)))
    return queries


def test_spark_gives_duckdbs_rows_for_every_indicator(spark: SparkSession, db: None, facts_dir: Path) -> None:
    """One fill of the fact tables, then every indicator's queries on both engines; every difference is listed."""
    random_facts_write(facts_dir)
    duck, on_spark = DuckDBEngine(facts_dir), SparkEngine(spark, facts_dir)
    differences: list[str] = []
    compared = 0
    for indicator in CATALOGUE:
        for (what, duck_sql), (_what, spark_sql) in zip(
            _queries(indicator, duck.dialect), _queries(indicator, on_spark.dialect), strict=True
        ):
            expected = _normal(duck.rows(duck_sql, [indicator.table]))
            assert expected, f"{indicator.code} ({what}): the random facts give every indicator some rows"
            got = _normal(on_spark.rows(spark_sql, [indicator.table]))
            compared += 1
            if got != expected:
                only_spark = sorted(set(got) - set(expected))[:3]
                only_duck = sorted(set(expected) - set(got))[:3]
                differences.append(
                    f"{indicator.code} ({what}): Spark gave {len(got)} rows, DuckDB {len(expected)}; "
                    f"only Spark {only_spark}, only DuckDB {only_duck}\n  {spark_sql}"
                )
    assert not differences, "\n".join(differences)
    assert compared >= 3 * len(CATALOGUE)
