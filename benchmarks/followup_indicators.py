"""Times every follow-up indicator on a synthetic register against hand-written DuckDB SQL and pandas.

The register is made up: for each of the ten tables the indicator catalogue reads (seven fact
tables and three imported registers) a NumPy generator writes ``--rows`` rows (default
10,000,000) as Parquet, with the columns of the Django model and plausible values: years
2021–2026, quarters and dates inside them, sex with about 0.1 % unknown, 40 countries of birth
(a few large groups and many small ones), age groups, the models' codes, booleans at rates that
differ between women and men, amounts in öre. The files go to ``--dir`` (default
``var/bench/followup-<rows>-s<seed>``) and are reused when they were written with the same rows,
seed and generator version.

Each indicator is then computed three ways, with its default breakdown and (``--wide``) a wider one:

* **Lika** — ``indicator_run`` with ``DuckDBEngine(dir)`` end to end: the grouped query, every
  margin, shares, differences and disclosure control (``DisclosureRules()``).
* **hand-written DuckDB** — one SQL statement per indicator written by hand for this benchmark
  (``GROUP BY CUBE`` over ``read_parquet``) that returns the same counts, numerators and amounts
  for every cell and every margin, before suppression: the limit for a DuckDB-based engine.
* **pandas** — ``pd.read_parquet`` of the columns needed, boolean filters, ``groupby().agg`` on the
  finest cells and the margins summed from them, as an analyst would write it.

The script checks that the three agree on every cell Lika publishes (any difference stops it) and
times each with ``time.perf_counter`` (``--repeats``, median and minimum). Peak memory is measured
apart: each approach runs each indicator once in a child process of its own, which reports its peak
resident set size (``VmHWM``, as Linux counts it since the child's ``exec``); a child that only imports
what its approach needs gives the start-up baseline. DuckDB's memory is native, so the process's
RSS is the honest measure. A Lika run that takes longer than ``--limit`` seconds is stopped and
reported as such.

    .venv/bin/python benchmarks/followup_indicators.py                      # 10 000 000 rows, 5 repeats
    .venv/bin/python benchmarks/followup_indicators.py --rows 1000000 --repeats 3 --wide

Results go to ``benchmarks/results/followup_indicators-<date>.md`` (other options than the
defaults are added to the name).
"""

from __future__ import annotations

import argparse
import datetime
import hashlib
import itertools
import json
import math
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from machine import machine_text  # noqa: E402

if TYPE_CHECKING:
    import duckdb
    import pandas as pd

    from lika.followup.indicators.results import IndicatorResult

RESULTS = ROOT / "benchmarks" / "results"
DEFAULT_ROWS, DEFAULT_SEED, DEFAULT_REPEATS = 10_000_000, 1, 5
GENERATOR_VERSION = 2  # raise when the generator changes, so that old files are not reused
CHUNK = 1_000_000  # rows generated at a time
ROW_GROUP = 100_000  # rows per Parquet row group, as ``lika followup-rebuild`` writes them
TOTAL = "*"  # a margin's value in a key, as in lika.statistics.disclosure
# The goals: Lika at most 1.5× the hand-written DuckDB SQL, and at least 5× faster than pandas.
DUCKDB_FACTOR_GOAL, PANDAS_SPEEDUP_GOAL = 1.5, 5.0
CELL_KEY_BOUND = 2  # a free breakdown's counts are within this of the truth (lika.statistics.cellkey)

Key = tuple[str, ...]
Cells = dict[str, dict[Key, int]]  # "population", "numerator", "amount" -> key -> value
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]


# --- The synthetic register ------------------------------------------------------------------------------------

YEARS = (2021, 2022, 2023, 2024, 2025, 2026)
YEAR_WEIGHTS = (0.12, 0.14, 0.16, 0.18, 0.20, 0.20)
SEXES = ("female", "male", "unknown")
SEX_WEIGHTS = (0.480, 0.519, 0.001)
# Countries of birth (ISO 3166 alpha-2; XK for Kosovo) with falling weights: a few large groups, many small ones.
COUNTRIES = (
    "SY", "AF", "ER", "IQ", "SO", "UA", "IR", "ET", "TR", "PK", "IN", "TH", "PL", "CN", "RU", "LY", "NG", "GM", "MA",
    "UZ", "GE", "AL", "XK", "DZ", "EG", "BD", "LK", "VN", "PH", "CO", "VE", "CD", "SD", "YE", "LB", "PS", "TN", "KE",
    "UG", "MN",
)  # fmt: skip
COUNTRY_WEIGHTS = tuple(1 / (rank + 1) ** 1.2 for rank in range(len(COUNTRIES)))
# Age groups as lika.followup.dimensions.AGE_GROUPS names them, with the ages each covers.
AGE_GROUPS = (
    ("0-17", 0, 17), ("18-24", 18, 24), ("25-34", 25, 34), ("35-44", 35, 44), ("45-54", 45, 54), ("55-64", 55, 64),
    ("65+", 65, 80),
)  # fmt: skip
ADULT_AGE_WEIGHTS = (0.0, 0.18, 0.32, 0.24, 0.14, 0.08, 0.04)
ALL_AGE_WEIGHTS = (0.30, *(0.7 * weight for weight in ADULT_AGE_WEIGHTS[1:]))
PERMIT_GROUNDS = ("asylum", "family_ties", "work", "study", "temporary_protection", "none")
PERMIT_GROUND_WEIGHTS = (0.38, 0.30, 0.12, 0.05, 0.10, 0.05)
HOUSEHOLD_TYPES = ("one_adult", "one_adult_children", "two_adults", "two_adults_children", "other", "none")
HOUSEHOLD_TYPE_WEIGHTS = (0.30, 0.14, 0.16, 0.30, 0.07, 0.03)
# County (län) codes, weighted roughly by population.
REGIONS = (
    "01", "03", "04", "05", "06", "07", "08", "09", "10", "12", "13", "14", "17", "18", "19", "20", "21", "22", "23",
    "24", "25",
)  # fmt: skip
REGION_WEIGHTS = (24, 4, 3, 5, 4, 2, 2, 1, 2, 14, 3, 17, 3, 3, 3, 3, 3, 2, 1, 3, 2)
EXCEPTION_REASONS = ("own_written_request", "cannot_use_card", "card_cannot_be_issued")
CHANNEL_KINDS = ("min_sida", "permit_letter", "office_screen", "social_post")
LANGUAGES = ("sv", "en", "ar", "fa", "prs", "ti", "so", "uk", "ru", "tr", "ku", "fr")
LANGUAGE_WEIGHTS = (20, 15, 18, 6, 5, 6, 6, 10, 4, 3, 4, 3)
LANDING_PAGES = (
    "/om-sverige/",
    *(
        f"/om-sverige/{page}/"
        for page in (
            "arbete", "sfi", "bostad", "barn-och-skola", "halsa", "pengar", "lma", "kort", "jamstalldhet",
            "samhallsorientering", "arbetsformedlingen", "at-und", "uppehallstillstand", "familj",
            "vald-i-nara-relation", "tolk", "bank", "skatt", "vard", "tandvard", "utbildning", "validering", "svenska",
            "kontakt",
        )
    ),
)  # fmt: skip
# The census day of each year: 31 December, and for the current year the day of the rebuild.
CENSUS_DAYS = np.array([f"{year}-12-31" for year in YEARS[:-1]] + ["2026-11-22"], dtype="datetime64[D]")
CHANNELS = tuple(f"{kind.replace('_', '-')}-{number:02d}" for kind in CHANNEL_KINDS for number in range(1, 11))


def _weights(values: Sequence[float]) -> npt.NDArray[np.float64]:
    array = np.asarray(values, dtype=np.float64)
    return np.asarray(array / array.sum(), dtype=np.float64)


def _index(rng: np.random.Generator, weights: Sequence[float], size: int) -> IntArray:
    return rng.choice(len(weights), size=size, p=_weights(weights)).astype(np.int64)


def _strings(values: Sequence[str], index: IntArray) -> pa.Array[Any]:
    """The texts ``values[index]`` as a plain Arrow string column (not dictionary-encoded, as the export writes)."""
    return pc.take(pa.array(values, pa.string()), pa.array(index, pa.int64()))


def _pick(rng: np.random.Generator, values: Sequence[str], weights: Sequence[float] | None, size: int) -> pa.Array[Any]:
    return _strings(values, _index(rng, weights or [1.0] * len(values), size))


def _chance(rng: np.random.Generator, rate: float | npt.NDArray[np.float64], size: int) -> BoolArray:
    return rng.random(size) < rate


@dataclass
class _Frame:
    """The columns of one chunk, and the draws shared between columns (sex, year, quarter ...)."""

    rng: np.random.Generator
    size: int
    first_id: int
    columns: dict[str, pa.Array[Any] | npt.NDArray[Any]] = field(default_factory=dict)

    def ids(self, name: str) -> None:
        self.columns[name] = np.arange(self.first_id, self.first_id + self.size, dtype=np.int64)

    def sex(self, name: str = "sex") -> IntArray:
        index = _index(self.rng, SEX_WEIGHTS, self.size)
        self.columns[name] = _strings(SEXES, index)
        return index

    def ages(self, *, adults_only: bool) -> IntArray:
        """Draws whole ages and writes their age groups; returns the ages."""
        group = _index(self.rng, ADULT_AGE_WEIGHTS if adults_only else ALL_AGE_WEIGHTS, self.size)
        low = np.array([low for _, low, _ in AGE_GROUPS])[group]
        high = np.array([high for _, _, high in AGE_GROUPS])[group]
        self.columns["age_group"] = _strings([name for name, _, _ in AGE_GROUPS], group)
        ages: IntArray = low + (self.rng.random(self.size) * (high - low + 1)).astype(np.int64)
        return ages

    def demographics(self, *, adults_only: bool) -> tuple[IntArray, IntArray]:
        """Sex, age group and country of birth; returns the sex index and the ages."""
        sex = self.sex()
        ages = self.ages(adults_only=adults_only)
        self.columns["country_of_birth"] = _pick(self.rng, COUNTRIES, COUNTRY_WEIGHTS, self.size)
        return sex, ages

    def period(self, date_column: str | None, *, month_column: str | None = None, day: int | None = None) -> IntArray:
        """Year, quarter, and a date (and month text) inside the quarter; returns the years."""
        years = np.asarray(YEARS, dtype=np.int64)[_index(self.rng, YEAR_WEIGHTS, self.size)]
        quarters = self.rng.integers(1, 5, self.size)
        months = (quarters - 1) * 3 + self.rng.integers(1, 4, self.size)
        self.columns["year"] = pa.array(years, pa.int32())
        self.columns["quarter"] = pa.array(quarters, pa.int32())
        if month_column is not None:
            texts = [f"{year}-{month:02d}" for year in YEARS for month in range(1, 13)]
            self.columns[month_column] = _strings(texts, (years - YEARS[0]) * 12 + months - 1)
        if date_column is not None:
            first = ((years - 1970) * 12 + months - 1).astype("datetime64[M]").astype("datetime64[D]")
            days = np.full(self.size, day - 1) if day is not None else self.rng.integers(0, 28, self.size)
            self.columns[date_column] = pa.array(first + days.astype("timedelta64[D]"), pa.date32())
        return years

    def by_sex(self, sex: IntArray, women: float, men: float, unknown: float | None = None) -> BoolArray:
        """A boolean whose rate differs between women and men (the unknown get the average)."""
        rates = np.array([women, men, (women + men) / 2 if unknown is None else unknown])
        return _chance(self.rng, rates[sex], self.size)

    def other_sex(self, sex: IntArray, same: float) -> pa.Array[Any]:
        """Mostly the other sex (a partner), the same one with probability ``same``; unknown stays rare."""
        other = np.where(sex == 0, 1, np.where(sex == 1, 0, self.rng.integers(0, 2, self.size)))
        chosen = np.where(_chance(self.rng, same, self.size), sex, other)
        chosen = np.where(_chance(self.rng, SEX_WEIGHTS[2], self.size), 2, chosen)
        return _strings(SEXES, chosen.astype(np.int64))


def _person_year(frame: _Frame) -> None:
    frame.ids("id")
    sex, ages = frame.demographics(adults_only=False)
    years = frame.period(None)
    del frame.columns["quarter"]  # a census day has no quarter
    frame.columns["census_date"] = pa.array(CENSUS_DAYS[years - YEARS[0]], pa.date32())
    frame.ids("person_id")
    adult = ages >= 18
    lma = _chance(frame.rng, 0.68, frame.size)
    couple = adult & lma & (sex < 2) & _chance(frame.rng, 0.42, frame.size)
    frame.columns["adult"] = adult
    frame.columns["permit_ground"] = _pick(frame.rng, PERMIT_GROUNDS, PERMIT_GROUND_WEIGHTS, frame.size)
    frame.columns["household_type"] = _pick(frame.rng, HOUSEHOLD_TYPES, HOUSEHOLD_TYPE_WEIGHTS, frame.size)
    frame.columns["lma"] = lma
    frame.columns["couple_woman_man"] = couple
    frame.columns["own_card"] = adult & lma & frame.by_sex(sex, 0.81, 0.91)


def _household_year(frame: _Frame) -> None:
    frame.ids("id")
    years = frame.period(None)
    del frame.columns["quarter"]  # a census day has no quarter
    frame.columns["census_date"] = pa.array(CENSUS_DAYS[years - YEARS[0]], pa.date32())
    frame.ids("household_id")
    sexes = _index(frame.rng, (0.52, 0.22, 0.21, 0.05), frame.size)  # woman_and_man, women, men, other
    couple = sexes == 0
    lma_adults = np.where(couple, np.where(_chance(frame.rng, 0.9, frame.size), 2, 1), 1)
    lma_adults = np.where(sexes == 3, 3, lma_adults) + np.where(
        (sexes == 1) | (sexes == 2), frame.rng.integers(0, 2, frame.size), 0
    )
    kinds = np.where(
        couple & (lma_adults == 2),
        2 + frame.rng.integers(0, 2, frame.size),  # two_adults or two_adults_children
        _index(frame.rng, HOUSEHOLD_TYPE_WEIGHTS, frame.size),
    )
    frame.columns["household_type"] = _strings(HOUSEHOLD_TYPES, kinds.astype(np.int64))
    frame.columns["adults_sexes"] = _strings(("woman_and_man", "women", "men", "other"), sexes)
    frame.columns["lma_adults"] = pa.array(lma_adults, pa.int32())
    frame.columns["both_own_card"] = couple & (lma_adults == 2) & _chance(frame.rng, 0.77, frame.size)
    frame.columns["country_of_birth"] = _pick(frame.rng, COUNTRIES, COUNTRY_WEIGHTS, frame.size)


def _allowance_month(frame: _Frame) -> None:
    frame.ids("id")
    sex, _ages = frame.demographics(adults_only=True)
    frame.period(None, month_column="month")
    frame.ids("person_id")
    frame.columns["permit_ground"] = _pick(frame.rng, PERMIT_GROUNDS, PERMIT_GROUND_WEIGHTS, frame.size)
    frame.columns["household_type"] = _pick(frame.rng, HOUSEHOLD_TYPES, HOUSEHOLD_TYPE_WEIGHTS, frame.size)
    frame.columns["own_decision"] = frame.by_sex(sex, 0.93, 0.97)
    daily_ore = np.array([2_400, 3_700, 5_000, 6_100, 7_100])[_index(frame.rng, (3, 2, 2, 4, 3), frame.size)]
    allowance = daily_ore * frame.rng.integers(1, 32, frame.size)
    frame.columns["allowance_ore"] = allowance
    frame.columns["payout_ore"] = np.where(_chance(frame.rng, 0.08, frame.size), allowance // 2, allowance)
    frame.columns["exception_kind"] = _pick(frame.rng, ("none", "joint_card", "single_payee"), (95, 3, 2), frame.size)


def _payment(frame: _Frame) -> None:
    frame.ids("id")
    sex, _ages = frame.demographics(adults_only=True)
    frame.ids("payment_id")
    frame.period("paid_on", month_column="month", day=25)
    frame.columns["holder_sex"] = frame.other_sex(sex, same=0.93)
    daily_ore = np.array([2_400, 3_700, 5_000, 6_100, 7_100])[_index(frame.rng, (3, 2, 2, 4, 3), frame.size)]
    frame.columns["amount_ore"] = daily_ore * frame.rng.integers(1, 32, frame.size)


def _card_exception(frame: _Frame) -> None:
    frame.ids("id")
    sex, _ages = frame.demographics(adults_only=True)
    frame.ids("exception_id")
    frame.period("start_date")
    frame.columns["kind"] = _pick(frame.rng, ("joint_card", "single_payee"), (55, 45), frame.size)
    frame.columns["reason"] = _pick(frame.rng, EXCEPTION_REASONS, (50, 20, 30), frame.size)
    frame.columns["payee_sex"] = frame.other_sex(sex, same=0.08)


def _permit_decision(frame: _Frame) -> None:
    frame.ids("id")
    frame.demographics(adults_only=False)
    frame.ids("decision_id")
    frame.period("decided_on")
    outcome = _index(frame.rng, (62, 33, 5), frame.size)
    permanent = _chance(frame.rng, 0.15, frame.size)
    frame.columns["outcome"] = _strings(("granted", "refused", "dismissed"), outcome)
    frame.columns["permit_kind"] = _strings(
        ("temporary", "permanent", "none"), np.where(outcome == 0, permanent.astype(np.int64), 2)
    )
    frame.columns["ground"] = _pick(frame.rng, PERMIT_GROUNDS[:-1], PERMIT_GROUND_WEIGHTS[:-1], frame.size)


CONVERSATION_TOPICS = (
    "om_sverige", "sfi_civic", "employment_service", "disability", "childcare", "own_money", "violence",
)  # fmt: skip


def _permit_conversation_topic(frame: _Frame) -> None:
    frame.ids("id")
    sex, _ages = frame.demographics(adults_only=True)
    frame.columns["conversation_id"] = np.arange(frame.first_id, frame.first_id + frame.size) // len(
        CONVERSATION_TOPICS
    )
    frame.columns["topic"] = _strings(CONVERSATION_TOPICS, np.arange(frame.size) % len(CONVERSATION_TOPICS))
    frame.columns["given"] = frame.by_sex(sex, 0.7, 0.75)
    frame.period("held_on")
    frame.columns["conversation_channel"] = _pick(frame.rng, ("in_person", "phone", "video"), (60, 30, 10), frame.size)
    frame.columns["interpreter"] = _chance(frame.rng, 0.8, frame.size)


def _channel_visit(frame: _Frame) -> None:
    frame.ids("id")
    frame.period("day")
    channel = frame.rng.integers(0, len(CHANNELS), frame.size)
    frame.columns["channel"] = _strings(CHANNELS, channel)
    frame.columns["channel_kind"] = _strings(CHANNEL_KINDS, channel // 10)
    frame.columns["landing_page"] = _pick(frame.rng, LANDING_PAGES, None, frame.size)
    frame.columns["language"] = _pick(frame.rng, LANGUAGES, LANGUAGE_WEIGHTS, frame.size)
    frame.columns["visits"] = pa.array(1 + frame.rng.poisson(3.0, frame.size), pa.int32())


def _activity_participation(frame: _Frame) -> None:
    frame.ids("id")
    sex, _ages = frame.demographics(adults_only=True)
    frame.ids("enrolment_id")
    frame.columns["activity_id"] = frame.rng.integers(1, 2_000, frame.size)
    frame.columns["activity_kind"] = _pick(frame.rng, ("early", "reception_centre"), (60, 40), frame.size)
    childcare = _chance(frame.rng, 0.4, frame.size)
    frame.columns["childcare"] = _strings(("no", "yes"), childcare.astype(np.int64))
    frame.period("offered_on")
    enrolled = frame.by_sex(sex, 0.62, 0.8)
    frame.columns["enrolled"] = enrolled
    frame.columns["attended"] = enrolled & frame.by_sex(sex, 0.6, 0.75)


def _civic_introduction(frame: _Frame) -> None:
    frame.ids("id")
    frame.demographics(adults_only=True)
    frame.columns["record_key"] = np.arange(frame.first_id, frame.first_id + frame.size)
    frame.columns["source"] = _pick(frame.rng, ("lika", "register"), (70, 30), frame.size)
    frame.period("called_on")
    frame.columns["attended"] = _chance(frame.rng, 0.68, frame.size)


def _register(prefix: str, date_column: str, flag: str, women: float, men: float) -> Callable[[_Frame], None]:
    def generate(frame: _Frame) -> None:
        frame.ids("id")
        sex, ages = frame.demographics(adults_only=True)
        numbers = np.arange(frame.first_id, frame.first_id + frame.size).astype(str)
        frame.columns["record_id"] = pc.binary_join_element_wise(prefix, pa.array(numbers), "")
        frame.columns["register_import_id"] = 1 + (np.arange(frame.first_id, frame.first_id + frame.size) // 250_000)
        years = frame.period(date_column)
        frame.columns["birth_year"] = pa.array(years - ages - frame.rng.integers(0, 2, frame.size), pa.int32())
        frame.columns["region"] = _pick(frame.rng, REGIONS, REGION_WEIGHTS, frame.size)
        frame.columns[flag] = frame.by_sex(sex, women, men)

    return generate


GENERATORS: dict[str, Callable[[_Frame], None]] = {
    "followup_factpersonyear": _person_year,
    "followup_facthouseholdyear": _household_year,
    "followup_factallowancemonth": _allowance_month,
    "followup_factpayment": _payment,
    "followup_factcardexception": _card_exception,
    "followup_factpermitdecision": _permit_decision,
    "followup_factpermitconversationtopic": _permit_conversation_topic,
    "followup_factchannelvisit": _channel_visit,
    "followup_factactivityparticipation": _activity_participation,
    "followup_factcivicintroduction": _civic_introduction,
    "followup_atunddecision": _register("AT", "decided_on", "granted", 0.58, 0.63),
    "followup_civicintroductionattendance": _register("SO", "called_on", "attended", 0.71, 0.66),
    "followup_employmentserviceregistration": _register("AF", "registered_on", "disability_reported", 0.05, 0.06),
}


def table_schemas() -> dict[str, pa.Schema]:
    """Each table's Arrow schema, read from its Django model the way ``lika followup-rebuild`` exports it."""
    _django_setup()
    from lika.followup.facts.export import FACT_TABLES, REGISTER_TABLES, table_schema

    return {model._meta.db_table: table_schema(model) for model in FACT_TABLES + REGISTER_TABLES}


def register_write(directory: Path, *, rows: int, seed: int, tables: Sequence[str] | None = None) -> Path:
    """Writes ``rows`` rows of each table under ``directory``, keeping files written with the same settings.

    ``directory/manifest.json`` records the settings; a directory with Parquet files and no manifest
    is refused, so that a real facts directory is never overwritten.
    """
    directory.mkdir(parents=True, exist_ok=True)
    manifest = directory / "manifest.json"
    wanted = {"rows": rows, "seed": seed, "generator": GENERATOR_VERSION}
    if not manifest.exists() and any(directory.glob("*.parquet")):
        raise SystemExit(f"{directory} holds Parquet files that this benchmark did not write; choose another --dir.")
    if not manifest.exists() or json.loads(manifest.read_text()) != wanted:
        for name in GENERATORS:
            (directory / f"{name}.parquet").unlink(missing_ok=True)
        manifest.write_text(json.dumps(wanted))
    names = [name for name in (tables or GENERATORS) if not (directory / f"{name}.parquet").exists()]
    if not names:
        return directory
    schemas = table_schemas()
    for number, name in enumerate(GENERATORS):
        if name not in names:
            continue
        started = time.perf_counter()
        schema = schemas[name]
        partial = directory / f".{name}.partial"
        with pq.ParquetWriter(partial, schema) as writer:
            for chunk, first in enumerate(range(0, rows, CHUNK)):
                frame = _Frame(np.random.default_rng([seed, number, chunk]), min(CHUNK, rows - first), first + 1)
                GENERATORS[name](frame)
                if set(frame.columns) != set(schema.names):
                    raise AssertionError(
                        f"{name}: the generator writes {sorted(frame.columns)}, the model has {sorted(schema.names)}."
                    )
                arrays = [pa.array(frame.columns[column], schema.field(column).type) for column in schema.names]
                writer.write_table(pa.Table.from_arrays(arrays, schema=schema), row_group_size=ROW_GROUP)
        partial.replace(directory / f"{name}.parquet")
        print(f"  {name}: {rows:,} rows in {time.perf_counter() - started:.1f} s", file=sys.stderr, flush=True)
    return directory


# --- The three ways of computing an indicator ------------------------------------------------------------------


@dataclass(frozen=True)
class PandasQuery:
    """What an analyst would write in pandas for one indicator: the columns read, the filters, what is summed."""

    columns: tuple[str, ...]
    population: Callable[[pd.DataFrame], pd.Series[bool]] | None = None
    numerator: Callable[[pd.DataFrame], pd.Series[bool]] | None = None
    amount: str | None = None


@dataclass(frozen=True)
class Case:
    """One indicator with one breakdown, and the hand-written DuckDB SQL and pandas code that compute it.

    ``chosen`` is what is passed to ``indicator_run`` as its breakdown; ``columns`` the columns the
    figures are grouped by (year and the sex column always among them), in the catalogue's order.
    ``sql`` reads ``{facts}/<table>.parquet`` and returns those columns (NULL where a margin sums a
    column up), then ``population`` and, where the indicator has them, ``numerator`` and ``amount``.
    """

    code: str
    variant: str
    table: str
    chosen: tuple[str, ...]
    columns: tuple[str, ...]
    sql: str
    pandas: PandasQuery

    @property
    def name(self) -> str:
        return f"{self.code}:{self.variant}"


def _person_couples(frame: pd.DataFrame) -> pd.Series[bool]:
    return frame["adult"] & frame["lma"] & frame["couple_woman_man"]


def _household_couples(frame: pd.DataFrame) -> pd.Series[bool]:
    return (frame["adults_sexes"] == "woman_and_man") & (frame["lma_adults"] == 2)


def _granted(frame: pd.DataFrame) -> pd.Series[bool]:
    return frame["outcome"] == "granted"


def _column(name: str) -> Callable[[pd.DataFrame], pd.Series[bool]]:
    def flag(frame: pd.DataFrame) -> pd.Series[bool]:
        series: pd.Series[bool] = frame[name]
        return series

    return flag


# Every query below is written by hand for this benchmark, not generated from the catalogue.
CASES: tuple[Case, ...] = (
    Case(
        "own_card_couples",
        "default",
        "followup_facthouseholdyear",
        (),
        ("year",),
        """
        SELECT year, count(*) AS population, count(*) FILTER (WHERE both_own_card) AS numerator
        FROM read_parquet('{facts}/followup_facthouseholdyear.parquet')
        WHERE adults_sexes = 'woman_and_man' AND lma_adults = 2
        GROUP BY CUBE (year)
        """,
        PandasQuery(
            ("year", "adults_sexes", "lma_adults", "both_own_card"), _household_couples, _column("both_own_card")
        ),
    ),
    Case(
        "own_card_couples",
        "wide",
        "followup_facthouseholdyear",
        ("household_type", "country_of_birth"),
        ("year", "household_type", "country_of_birth"),
        """
        SELECT year, household_type, country_of_birth,
               count(*) AS population, count(*) FILTER (WHERE both_own_card) AS numerator
        FROM read_parquet('{facts}/followup_facthouseholdyear.parquet')
        WHERE adults_sexes = 'woman_and_man' AND lma_adults = 2
        GROUP BY CUBE (year, household_type, country_of_birth)
        """,
        PandasQuery(
            ("year", "household_type", "country_of_birth", "adults_sexes", "lma_adults", "both_own_card"),
            _household_couples,
            _column("both_own_card"),
        ),
    ),
    Case(
        "own_card_adults",
        "default",
        "followup_factpersonyear",
        (),
        ("year", "sex"),
        """
        SELECT year, sex, count(*) AS population, count(*) FILTER (WHERE own_card) AS numerator
        FROM read_parquet('{facts}/followup_factpersonyear.parquet')
        WHERE adult AND lma AND couple_woman_man
        GROUP BY CUBE (year, sex)
        """,
        PandasQuery(
            ("year", "sex", "adult", "lma", "couple_woman_man", "own_card"), _person_couples, _column("own_card")
        ),
    ),
    Case(
        "own_card_adults",
        "wide",
        "followup_factpersonyear",
        ("age_group", "country_of_birth"),
        ("year", "sex", "age_group", "country_of_birth"),
        """
        SELECT year, sex, age_group, country_of_birth,
               count(*) AS population, count(*) FILTER (WHERE own_card) AS numerator
        FROM read_parquet('{facts}/followup_factpersonyear.parquet')
        WHERE adult AND lma AND couple_woman_man
        GROUP BY CUBE (year, sex, age_group, country_of_birth)
        """,
        PandasQuery(
            ("year", "sex", "age_group", "country_of_birth", "adult", "lma", "couple_woman_man", "own_card"),
            _person_couples,
            _column("own_card"),
        ),
    ),
    Case(
        "own_decision",
        "default",
        "followup_factallowancemonth",
        (),
        ("year", "sex"),
        """
        SELECT year, sex, count(*) AS population, count(*) FILTER (WHERE own_decision) AS numerator
        FROM read_parquet('{facts}/followup_factallowancemonth.parquet')
        GROUP BY CUBE (year, sex)
        """,
        PandasQuery(("year", "sex", "own_decision"), None, _column("own_decision")),
    ),
    Case(
        "own_decision",
        "wide",
        "followup_factallowancemonth",
        ("quarter", "permit_ground"),
        ("year", "quarter", "sex", "permit_ground"),
        """
        SELECT year, quarter, sex, permit_ground,
               count(*) AS population, count(*) FILTER (WHERE own_decision) AS numerator
        FROM read_parquet('{facts}/followup_factallowancemonth.parquet')
        GROUP BY CUBE (year, quarter, sex, permit_ground)
        """,
        PandasQuery(("year", "quarter", "sex", "permit_ground", "own_decision"), None, _column("own_decision")),
    ),
    Case(
        "allowance_paid",
        "default",
        "followup_factpayment",
        (),
        ("year", "holder_sex"),
        """
        SELECT year, holder_sex, count(*) AS population, sum(amount_ore) AS amount
        FROM read_parquet('{facts}/followup_factpayment.parquet')
        GROUP BY CUBE (year, holder_sex)
        """,
        PandasQuery(("year", "holder_sex", "amount_ore"), amount="amount_ore"),
    ),
    Case(
        "allowance_paid",
        "wide",
        "followup_factpayment",
        ("quarter",),
        ("year", "quarter", "holder_sex"),
        """
        SELECT year, quarter, holder_sex, count(*) AS population, sum(amount_ore) AS amount
        FROM read_parquet('{facts}/followup_factpayment.parquet')
        GROUP BY CUBE (year, quarter, holder_sex)
        """,
        PandasQuery(("year", "quarter", "holder_sex", "amount_ore"), amount="amount_ore"),
    ),
    Case(
        "allowance_entitled",
        "default",
        "followup_factpayment",
        (),
        ("year", "sex"),
        """
        SELECT year, sex, count(*) AS population, sum(amount_ore) AS amount
        FROM read_parquet('{facts}/followup_factpayment.parquet')
        GROUP BY CUBE (year, sex)
        """,
        PandasQuery(("year", "sex", "amount_ore"), amount="amount_ore"),
    ),
    Case(
        "allowance_entitled",
        "wide",
        "followup_factpayment",
        ("age_group", "country_of_birth"),
        ("year", "sex", "age_group", "country_of_birth"),
        """
        SELECT year, sex, age_group, country_of_birth, count(*) AS population, sum(amount_ore) AS amount
        FROM read_parquet('{facts}/followup_factpayment.parquet')
        GROUP BY CUBE (year, sex, age_group, country_of_birth)
        """,
        PandasQuery(("year", "sex", "age_group", "country_of_birth", "amount_ore"), amount="amount_ore"),
    ),
    Case(
        "card_exceptions",
        "default",
        "followup_factcardexception",
        ("reason",),
        ("year", "sex", "reason"),
        """
        SELECT year, sex, reason, count(*) AS population
        FROM read_parquet('{facts}/followup_factcardexception.parquet')
        GROUP BY CUBE (year, sex, reason)
        """,
        PandasQuery(("year", "sex", "reason")),
    ),
    Case(
        "card_exceptions",
        "wide",
        "followup_factcardexception",
        ("payee_sex", "kind", "reason"),
        ("year", "sex", "payee_sex", "kind", "reason"),
        """
        SELECT year, sex, payee_sex, kind, reason, count(*) AS population
        FROM read_parquet('{facts}/followup_factcardexception.parquet')
        GROUP BY CUBE (year, sex, payee_sex, kind, reason)
        """,
        PandasQuery(("year", "sex", "payee_sex", "kind", "reason")),
    ),
    Case(
        "permits_granted",
        "default",
        "followup_factpermitdecision",
        ("ground",),
        ("year", "sex", "ground"),
        """
        SELECT year, sex, ground, count(*) AS population, count(*) FILTER (WHERE outcome = 'granted') AS numerator
        FROM read_parquet('{facts}/followup_factpermitdecision.parquet')
        GROUP BY CUBE (year, sex, ground)
        """,
        PandasQuery(("year", "sex", "ground", "outcome"), None, _granted),
    ),
    Case(
        "permits_granted",
        "wide",
        "followup_factpermitdecision",
        ("ground", "age_group"),
        ("year", "sex", "ground", "age_group"),
        """
        SELECT year, sex, ground, age_group,
               count(*) AS population, count(*) FILTER (WHERE outcome = 'granted') AS numerator
        FROM read_parquet('{facts}/followup_factpermitdecision.parquet')
        GROUP BY CUBE (year, sex, ground, age_group)
        """,
        PandasQuery(("year", "sex", "ground", "age_group", "outcome"), None, _granted),
    ),
    Case(
        "at_und_granted",
        "default",
        "followup_atunddecision",
        (),
        ("year", "sex"),
        """
        SELECT year, sex, count(*) AS population, count(*) FILTER (WHERE granted) AS numerator
        FROM read_parquet('{facts}/followup_atunddecision.parquet')
        GROUP BY CUBE (year, sex)
        """,
        PandasQuery(("year", "sex", "granted"), None, _column("granted")),
    ),
    Case(
        "at_und_granted",
        "wide",
        "followup_atunddecision",
        ("region",),
        ("year", "sex", "region"),
        """
        SELECT year, sex, region, count(*) AS population, count(*) FILTER (WHERE granted) AS numerator
        FROM read_parquet('{facts}/followup_atunddecision.parquet')
        GROUP BY CUBE (year, sex, region)
        """,
        PandasQuery(("year", "sex", "region", "granted"), None, _column("granted")),
    ),
    Case(
        "civic_introduction_attended",
        "default",
        "followup_factcivicintroduction",
        ("age_group",),
        ("year", "sex", "age_group"),
        """
        SELECT year, sex, age_group,
               count(*) AS population, count(*) FILTER (WHERE attended) AS numerator
        FROM read_parquet('{facts}/followup_factcivicintroduction.parquet')
        GROUP BY CUBE (year, sex, age_group)
        """,
        PandasQuery(("year", "sex", "age_group", "attended"), None, _column("attended")),
    ),
    Case(
        "civic_introduction_attended",
        "wide",
        "followup_factcivicintroduction",
        ("country_of_birth", "age_group", "quarter"),
        ("year", "quarter", "sex", "age_group", "country_of_birth"),
        """
        SELECT year, quarter, sex, age_group, country_of_birth,
               count(*) AS population, count(*) FILTER (WHERE attended) AS numerator
        FROM read_parquet('{facts}/followup_factcivicintroduction.parquet')
        GROUP BY CUBE (year, quarter, sex, age_group, country_of_birth)
        """,
        PandasQuery(("year", "quarter", "sex", "age_group", "country_of_birth", "attended"), None, _column("attended")),
    ),
    Case(
        "employment_service_registered",
        "default",
        "followup_employmentserviceregistration",
        (),
        ("year", "sex"),
        """
        SELECT year, sex, count(*) AS population
        FROM read_parquet('{facts}/followup_employmentserviceregistration.parquet')
        GROUP BY CUBE (year, sex)
        """,
        PandasQuery(("year", "sex")),
    ),
    Case(
        "employment_service_registered",
        "wide",
        "followup_employmentserviceregistration",
        ("age_group", "region"),
        ("year", "sex", "age_group", "region"),
        """
        SELECT year, sex, age_group, region, count(*) AS population
        FROM read_parquet('{facts}/followup_employmentserviceregistration.parquet')
        GROUP BY CUBE (year, sex, age_group, region)
        """,
        PandasQuery(("year", "sex", "age_group", "region")),
    ),
    Case(
        "employment_service_disability",
        "default",
        "followup_employmentserviceregistration",
        (),
        ("year", "sex"),
        """
        SELECT year, sex, count(*) AS population, count(*) FILTER (WHERE disability_reported) AS numerator
        FROM read_parquet('{facts}/followup_employmentserviceregistration.parquet')
        GROUP BY CUBE (year, sex)
        """,
        PandasQuery(("year", "sex", "disability_reported"), None, _column("disability_reported")),
    ),
    Case(
        "employment_service_disability",
        "wide",
        "followup_employmentserviceregistration",
        ("country_of_birth", "region"),
        ("year", "sex", "country_of_birth", "region"),
        """
        SELECT year, sex, country_of_birth, region,
               count(*) AS population, count(*) FILTER (WHERE disability_reported) AS numerator
        FROM read_parquet('{facts}/followup_employmentserviceregistration.parquet')
        GROUP BY CUBE (year, sex, country_of_birth, region)
        """,
        PandasQuery(
            ("year", "sex", "country_of_birth", "region", "disability_reported"), None, _column("disability_reported")
        ),
    ),
    Case(
        "channel_visits",
        "default",
        "followup_factchannelvisit",
        ("channel_kind",),
        ("year", "channel_kind"),
        """
        SELECT year, channel_kind, count(*) AS population, sum(visits) AS amount
        FROM read_parquet('{facts}/followup_factchannelvisit.parquet')
        GROUP BY CUBE (year, channel_kind)
        """,
        PandasQuery(("year", "channel_kind", "visits"), amount="visits"),
    ),
    Case(
        "channel_visits",
        "wide",
        "followup_factchannelvisit",
        ("channel_kind", "language"),
        ("year", "channel_kind", "language"),
        """
        SELECT year, channel_kind, language, count(*) AS population, sum(visits) AS amount
        FROM read_parquet('{facts}/followup_factchannelvisit.parquet')
        GROUP BY CUBE (year, channel_kind, language)
        """,
        PandasQuery(("year", "channel_kind", "language", "visits"), amount="visits"),
    ),
)
CASES_BY_NAME = {case.name: case for case in CASES}


def _django_setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    import django
    from django.apps import apps

    if not apps.ready:
        django.setup()


def lika_prepare(case: Case, directory: Path) -> float:
    """What the nightly ``lika followup-rebuild`` does once per fact version: protects the indicator's cube and
    stores it. Returns its seconds (0 for an indicator without persons, which is grouped as asked)."""
    from lika.followup.indicators.catalogue import BY_CODE
    from lika.followup.indicators.engines import DuckDBEngine
    from lika.followup.indicators.results import indicator_protect
    from lika.followup.indicators.store import cube_path, cube_version, cube_write
    from lika.statistics.disclosure import DisclosureRules

    indicator, engine, rules = BY_CODE[case.code], DuckDBEngine(directory), DisclosureRules()
    if not indicator.person_level:
        return 0.0
    started = time.perf_counter()
    cube = indicator_protect(indicator, engine=engine, rules=rules)
    seconds = time.perf_counter() - started
    version = cube_version(indicator, engine, rules)
    if version is None:
        raise AssertionError(f"{indicator.table}.parquet is missing in {directory}.")
    cube_write(cube, cube_path(indicator, engine), version)
    return seconds


def lika_run(case: Case, directory: Path) -> IndicatorResult:
    """Lika as a page, an export or ``lika followup-indicator`` serves it: the stored protected cube read from its
    file (no cache in memory), the view cut from it, shares and differences (``indicator_run`` with ``cube``)."""
    from lika.followup.indicators import store
    from lika.followup.indicators.catalogue import BY_CODE
    from lika.followup.indicators.engines import DuckDBEngine
    from lika.followup.indicators.results import indicator_run
    from lika.statistics.disclosure import DisclosureRules

    indicator, engine, rules = BY_CODE[case.code], DuckDBEngine(directory), DisclosureRules()
    cube = None
    if indicator.person_level:
        version = store.cube_version(indicator, engine, rules)
        cube = None if version is None else store.cube_read(store.cube_path(indicator, engine), version)
        if cube is None:
            raise AssertionError(f"{case.code}: no stored cube for these facts; lika_prepare runs first.")
    return indicator_run(indicator, engine=engine, rules=rules, breakdown=case.chosen, cube=cube)


def hand_run(
    case: Case, directory: Path, connection: duckdb.DuckDBPyConnection
) -> tuple[list[str], list[tuple[Any, ...]]]:
    """The hand-written statement's column names and rows."""
    result = connection.execute(case.sql.format(facts=directory.as_posix()))
    names = [column[0] for column in result.description or ()]
    return names, result.fetchall()


def pandas_run(case: Case, directory: Path) -> pd.DataFrame:
    """The cube in pandas: every cell and margin, key columns as text with ``*`` for a margin."""
    import pandas as pd

    query = case.pandas
    frame = pd.read_parquet(directory / f"{case.table}.parquet", columns=list(query.columns))
    if query.population is not None:
        frame = frame[query.population(frame)]
    by = list(case.columns)
    measures = {"population": pd.NamedAgg(column=by[0], aggfunc="size")}
    if query.numerator is not None:
        frame = frame.assign(numerator=query.numerator(frame))
        measures["numerator"] = pd.NamedAgg(column="numerator", aggfunc="sum")
    if query.amount is not None:
        measures["amount"] = pd.NamedAgg(column=query.amount, aggfunc="sum")
    values = list(measures)
    finest = frame.groupby(by, observed=True, sort=False).agg(**measures).reset_index()
    finest[by] = finest[by].astype(str)
    parts = []
    for size in range(len(by), -1, -1):
        for kept in itertools.combinations(by, size):
            if size == len(by):
                part = finest
            elif kept:
                part = finest.groupby(list(kept), observed=True, sort=False)[values].sum().reset_index()
            else:
                part = finest[values].sum().to_frame().T
            parts.append(part.assign(**{column: TOTAL for column in by if column not in kept})[by + values])
    return pd.concat(parts, ignore_index=True)


# --- Agreement ----------------------------------------------------------------------------------------------------


def cells_from_rows(columns: Sequence[str], names: Sequence[str], rows: Iterator[Sequence[Any]] | list[Any]) -> Cells:
    """Rows of key columns then measures as ``{measure: {key: value}}``; a NULL or ``*`` key part is a margin."""
    width = len(columns)
    if tuple(names[:width]) != tuple(columns):
        raise AssertionError(f"The rows are grouped by {names[:width]}, not by {list(columns)}.")
    cells: Cells = {name: {} for name in names[width:]}
    for row in rows:
        key = tuple(TOTAL if value is None else str(value) for value in row[:width])
        for name, value in zip(names[width:], row[width:], strict=True):
            cells[name][key] = int(value)
    return cells


def cells_from_frame(columns: Sequence[str], cube: pd.DataFrame) -> Cells:
    return cells_from_rows(columns, [str(name) for name in cube.columns], cube.itertuples(index=False, name=None))


def _differences(first: Mapping[Key, int], second: Mapping[Key, int]) -> list[str]:
    keys = sorted(set(first) | set(second))
    return [f"{key}: {first.get(key)} ≠ {second.get(key)}" for key in keys if first.get(key) != second.get(key)]


@dataclass(frozen=True)
class Agreement:
    population: int  # rows in the indicator's population
    cells: int | None = None  # cells (keys) of Lika's result; None when Lika did not finish
    masked: int | None = None  # cells whose headline figure Lika masks
    compared: int = 0  # numbers Lika publishes, each equal to the hand-written query's
    recoded: int = 0  # Lika's cells of gathered groups (other countries, age bands), not compared


@dataclass(frozen=True)
class Published:
    """What Lika publishes for one case: for each key the population, numerator and amount (``None`` where
    masked or not part of the indicator) and whether the headline figure is masked."""

    breakdown: tuple[str, ...]
    measures: frozenset[str]
    figures: dict[Key, tuple[int | None, int | None, int | None, bool]]
    perturbed: bool = False  # a free breakdown: each count within the cell-key method's bound of the truth

    @classmethod
    def of(cls, result: IndicatorResult) -> Published:
        indicator = result.indicator
        measures = {"population"} | ({"numerator"} if indicator.numerator else set())
        return cls(
            breakdown=result.breakdown,
            measures=frozenset(measures | ({"amount"} if indicator.amount else set())),
            figures={
                key: (figure.population, figure.numerator, figure.amount, figure.masked is not None)
                for key, figure in result.figures.items()
            },
            perturbed=result.perturbed,
        )

    def as_json(self) -> dict[str, Any]:
        return {
            "perturbed": self.perturbed,
            "breakdown": list(self.breakdown),
            "measures": sorted(self.measures),
            "figures": [[list(key), *values] for key, values in self.figures.items()],
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Published:
        return cls(
            breakdown=tuple(data["breakdown"]),
            measures=frozenset(data["measures"]),
            figures={
                tuple(key): (population, numerator, amount, masked)
                for key, population, numerator, amount, masked in data["figures"]
            },
            perturbed=bool(data.get("perturbed", False)),
        )


def agreement(case: Case, published: Published | None, hand: Cells, frame: Cells) -> Agreement:  # noqa: PLR0912
    """Checks that pandas equals the hand-written SQL everywhere and Lika equals both wherever it publishes.

    Raises AssertionError naming the first differences.
    """
    problems: list[str] = []
    if set(hand) != set(frame):
        problems.append(f"the SQL gives {sorted(hand)}, pandas {sorted(frame)}")
    for name in sorted(set(hand) & set(frame)):
        problems += [f"pandas {name} {difference}" for difference in _differences(hand[name], frame[name])][:5]
    everyone = (TOTAL,) * len(case.columns)
    if published is None:
        if problems:
            raise AssertionError(f"{case.name}: the SQL and pandas disagree:\n  " + "\n  ".join(problems[:20]))
        return Agreement(population=hand["population"].get(everyone, 0))
    if set(hand) != published.measures:
        problems.append(f"the SQL gives {sorted(hand)}, Lika publishes {sorted(published.measures)}")
    if published.breakdown != case.columns:
        problems.append(f"Lika groups by {published.breakdown}, the SQL by {case.columns}")
    # Lika publishes no sum over all years, and gathers small groups (other countries, age bands): the keys
    # with a category the raw data do not have are counted, not compared.
    year_at = case.columns.index("year")
    categories = [{key[place] for key in hand.get("population", {})} for place in range(len(case.columns))]
    missing = {
        key
        for key in hand.get("population", {})
        if key[year_at] != TOTAL and all(part in {*categories[place], TOTAL} for place, part in enumerate(key))
    }
    missing -= set(published.figures)
    recoded = {key for key in published.figures if any(part not in categories[place] for place, part in enumerate(key))}
    if missing and not recoded:
        problems.append(f"Lika has no figure for {sorted(missing)[:5]}")
    compared = 0
    for key, (population, numerator, amount, _masked) in published.figures.items():
        if key in recoded:
            continue
        for name, value in (("population", population), ("numerator", numerator), ("amount", amount)):
            if value is None:
                continue
            expected = hand.get(name, {}).get(key, 0)  # a combination absent from the data is zero
            if value != expected and not (published.perturbed and abs(value - expected) <= CELL_KEY_BOUND):
                problems.append(f"Lika {name} {key}: {value} ≠ {expected}")
            compared += 1
    if problems:
        raise AssertionError(f"{case.name}: the three ways disagree:\n  " + "\n  ".join(problems[:20]))
    return Agreement(
        population=hand["population"].get(everyone, 0),
        cells=len(published.figures),
        masked=sum(1 for *_values, masked in published.figures.values() if masked),
        compared=compared,
        recoded=len(recoded),
    )


# --- Timing -------------------------------------------------------------------------------------------------------

PARTS = ("read", "query", "view", "rest")
PART_NAMES = {
    "read": "reading the stored cube",
    "query": "grouped query (visits only)",
    "view": "cutting the view",
    "rest": "rest",
}


@contextmanager
def lika_parts() -> Iterator[dict[str, float]]:
    """Adds up, while active, the time Lika's ``indicator_run`` spends in each part (see :data:`PARTS`).

    It wraps the functions the served run calls by name (reading the stored cube, cutting the view) and
    the engine's ``rows`` (visits, which have no cube); what remains is shares, differences and figures.
    """
    from lika.followup.indicators import results, store
    from lika.followup.indicators.engines import DuckDBEngine

    spent = dict.fromkeys(PARTS, 0.0)

    def timed(part: str, function: Callable[..., Any]) -> Callable[..., Any]:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            started = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                spent[part] += time.perf_counter() - started

        return wrapper

    wrapped = {
        (store, "cube_read"): "read",
        (results, "_view"): "view",
        (DuckDBEngine, "rows"): "query",
    }
    originals = {target: getattr(*target) for target in wrapped}
    for target, part in wrapped.items():
        setattr(*target, timed(part, originals[target]))
    try:
        yield spent
    finally:
        for target, original in originals.items():
            setattr(*target, original)


def lika_timed(case: Case, directory: Path) -> tuple[float, dict[str, float], IndicatorResult]:
    """One Lika run: its seconds, the seconds of each part (the rest is what no part accounts for), its result."""
    with lika_parts() as parts:
        started = time.perf_counter()
        result = lika_run(case, directory)
        seconds = time.perf_counter() - started
    parts["rest"] = seconds - sum(parts.values())
    return seconds, parts, result


@dataclass
class Timing:
    seconds: list[float] = field(default_factory=list)
    parts: list[dict[str, float]] = field(default_factory=list)

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)

    @property
    def minimum(self) -> float:
        return min(self.seconds)

    def part(self, name: str) -> float:
        """The median time of one part of Lika's run."""
        return statistics.median(parts[name] for parts in self.parts)


APPROACHES = ("duckdb", "lika", "pandas")


def case_time(
    case: Case, directory: Path, connection: duckdb.DuckDBPyConnection, repeats: int, *, lika: bool = True
) -> dict[str, Timing]:
    """``repeats`` timed runs of each way, taking turns so that a busy moment on the machine hits all three."""
    timings = {approach: Timing() for approach in APPROACHES}
    for _ in range(repeats):
        started = time.perf_counter()
        hand_run(case, directory, connection)
        timings["duckdb"].seconds.append(time.perf_counter() - started)
        if lika:
            seconds, parts, _result = lika_timed(case, directory)
            timings["lika"].seconds.append(seconds)
            timings["lika"].parts.append(parts)
        started = time.perf_counter()
        pandas_run(case, directory)
        timings["pandas"].seconds.append(time.perf_counter() - started)
    return timings


# --- Child processes: peak memory, and a limit on Lika's time ---------------------------------------------------


def child_main(approach: str, name: str, directory: Path) -> None:
    """Runs one way on one case once (or, for ``name`` "imports", only imports what that way needs).

    It prints one JSON line: the seconds, the peak memory and, for Lika, the parts of its time and
    the figures it publishes (so that a slow run need not be repeated to be checked).
    """
    if approach == "lika":
        _django_setup()
        from lika.followup.indicators import results  # noqa: F401 - the imports are what is measured
    elif approach == "duckdb":
        import duckdb
    else:
        import pandas  # noqa: F401
    line: dict[str, Any] = {}
    started = time.perf_counter()
    if name != "imports":
        case = CASES_BY_NAME[name]
        if approach == "lika":
            seconds, parts, result = lika_timed(case, directory)
            line |= {"seconds": seconds, "parts": parts, "published": Published.of(result).as_json()}
        elif approach == "duckdb":
            with duckdb.connect() as connection:
                hand_run(case, directory, connection)
        else:
            pandas_run(case, directory)
    line.setdefault("seconds", time.perf_counter() - started)
    print(json.dumps(line | {"peak_kib": high_water_kib("self")}))


def high_water_kib(pid: str) -> int:
    """The peak resident set size (``VmHWM``) of process ``pid`` ("self" for this one) since it last exec'd.

    ``ru_maxrss`` from ``os.wait4`` or ``RUSAGE_CHILDREN`` would not do here: Linux carries the
    forking parent's peak over into the child through ``exec``, and the parent holds the pandas
    frames of earlier cases.
    """
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    raise LookupError(f"/proc/{pid}/status has no VmHWM line.")


@dataclass(frozen=True)
class ChildRun:
    seconds: float | None  # None: stopped at the time limit
    peak_mib: float  # the child's peak resident set size (when stopped: up to then)
    line: dict[str, Any] = field(default_factory=dict)  # what the child printed


def child_run(approach: str, name: str, directory: Path, *, limit_s: float | None = None) -> ChildRun:
    """Runs one way on one case once in a child process; stops it after ``limit_s`` seconds."""
    script = str(Path(__file__).resolve())
    command = [sys.executable, script, "--child", approach, "--case", name, "--dir", str(directory)]
    with tempfile.TemporaryFile(mode="w+") as output:
        child = subprocess.Popen(command, cwd=ROOT, stdout=output, stderr=subprocess.STDOUT)
        try:
            child.wait(timeout=limit_s)
        except subprocess.TimeoutExpired:
            peak_kib = high_water_kib(str(child.pid))
            child.kill()
            child.wait()
            return ChildRun(None, peak_kib / 1024)
        output.seek(0)
        text = output.read()
    lines = [line for line in text.splitlines() if line.startswith("{")]
    if child.returncode != 0 or not lines:
        raise SystemExit(f"The {approach} child for {name} failed (exit code {child.returncode}):\n{text}")
    line = json.loads(lines[-1])
    return ChildRun(float(line["seconds"]), int(line["peak_kib"]) / 1024, line)


# --- Report -------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CaseResult:
    case: Case
    agreement: Agreement
    timings: dict[str, Timing]
    peak_mib: dict[str, float]
    lika_finished: bool = True
    nightly_s: float = 0.0  # protecting and storing the cube, once per fact version

    def ratio(self) -> float:
        """Lika's median over the hand-written SQL's: the goal is at most 1.5."""
        return self.timings["lika"].median / self.timings["duckdb"].median

    def speedup(self) -> float:
        """pandas's median over Lika's: the goal is at least 5."""
        return self.timings["pandas"].median / self.timings["lika"].median


def _goal(met: bool) -> str:
    return "met" if met else "**missed**"


def _seconds(timing: Timing) -> str:
    if len(timing.seconds) == 1:
        return f"{timing.median:.3f} (1 run)"
    return f"{timing.median:.3f} ({timing.minimum:.3f})"


def _numbers(values: Sequence[float]) -> str:
    return ", ".join(f"{value:.2f}" for value in values)


@dataclass(frozen=True)
class Setting:
    rows: int
    seed: int
    repeats: int
    directory: Path
    command: str
    limit_s: float
    load: tuple[tuple[float, ...], tuple[float, ...]]
    baseline_mib: Mapping[str, float]
    wall_s: float
    sources: str = ""


def report(results: Sequence[CaseResult], setting: Setting) -> str:
    """The Markdown results file."""
    import duckdb
    import pandas as pd

    now = datetime.datetime.now(tz=datetime.UTC)
    lines = [
        f"# Follow-up indicators: Lika against hand-written DuckDB SQL and pandas, {now:%Y-%m-%d %H:%M} UTC",
        "",
        f"Machine: {machine_text()}; Python {platform.python_version()}, DuckDB {duckdb.__version__}, "
        f"pandas {pd.__version__}, NumPy {np.__version__}, PyArrow {pa.__version__}.",
        f"Command: `{setting.command}` ({setting.wall_s / 60:.0f} minutes in all).",
        f"Lika's code as run (SHA-256, first 12 digits): {setting.sources}.",
        f"Data: the benchmark's synthetic register, {setting.rows:,} rows in each of the ten tables "
        f"(seed {setting.seed}), Parquet files in `{setting.directory}`, in the operating system's file cache "
        "(each way runs once, untimed, before it is timed).",
        f"Load average (1, 5, 15 minutes) at the start {_numbers(setting.load[0])}, at the end "
        f"{_numbers(setting.load[1])}: other people's tests and builds ran on the same machine meanwhile, so "
        "single figures may be noisy; the three ways take turns run by run so that such noise hits all three.",
        "",
        f"Times in seconds: median of {setting.repeats} runs (fastest in brackets). Lika runs first in a child "
        f"process that is stopped after {setting.limit_s:.0f} s; a case that takes more than {SLOW_S:.0f} s there "
        "is not repeated (1 run: that child's time).",
        "",
        "**Lika** is what a request costs: the page, its exports and `lika followup-indicator` read the "
        "indicator's protected cube, which the nightly `lika followup-rebuild` computes and stores once per "
        "fact version (**Lika nightly**, timed once, not per request), and cut the view asked for from it.",
        "",
        "| Indicator | Breakdown | Population | Cells | Masked | Gathered | hand-written DuckDB | Lika "
        "| Lika ÷ DuckDB | pandas | pandas ÷ Lika | Lika nightly |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for result in results:
        case, check, timings = result.case, result.agreement, result.timings
        if result.lika_finished:
            lika = f"{check.cells:,} | {check.masked:,} | {check.recoded:,} | {_seconds(timings['duckdb'])}"
            lika += f" | {_seconds(timings['lika'])} | {result.ratio():.2f} | {_seconds(timings['pandas'])}"
            lika += f" | {result.speedup():.1f} | {result.nightly_s:.2f}"
        else:
            lika = f"… | … | … | {_seconds(timings['duckdb'])} | > {setting.limit_s:.0f} (stopped) | —"
            lika += f" | {_seconds(timings['pandas'])} | — | {result.nightly_s:.2f}"
        lines.append(f"| {case.code} | {' × '.join(case.columns)} | {check.population:,} | {lika} |")
    finished = [result for result in results if result.lika_finished]
    stopped = [result for result in results if not result.lika_finished]
    lines += [
        "",
        "Totals, sum of the medians over the cases where Lika finished:",
        "",
        "| Cases | hand-written DuckDB | Lika | pandas | Lika ÷ DuckDB | pandas ÷ Lika | cases within "
        f"{DUCKDB_FACTOR_GOAL}× | cases ≥ {PANDAS_SPEEDUP_GOAL:.0f}× faster |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    groups = [
        ("default breakdowns", [result for result in finished if result.case.variant == "default"]),
        ("wide breakdowns", [result for result in finished if result.case.variant == "wide"]),
        ("all", finished),
    ]
    for label, group in groups:
        if not group:
            continue
        totals = {approach: sum(result.timings[approach].median for result in group) for approach in APPROACHES}
        within = sum(1 for result in group if result.ratio() <= DUCKDB_FACTOR_GOAL)
        faster = sum(1 for result in group if result.speedup() >= PANDAS_SPEEDUP_GOAL)
        lines.append(
            f"| {label} ({len(group)}) | {totals['duckdb']:.2f} | {totals['lika']:.2f} | {totals['pandas']:.2f} "
            f"| {totals['lika'] / totals['duckdb']:.2f} | {totals['pandas'] / totals['lika']:.1f} "
            f"| {within} of {len(group)} | {faster} of {len(group)} |"
        )
    lines += ["", "Goals:", ""]
    if finished:
        totals = {approach: sum(result.timings[approach].median for result in finished) for approach in APPROACHES}
        ratio, speedup = totals["lika"] / totals["duckdb"], totals["pandas"] / totals["lika"]
        nightly = sum(result.nightly_s for result in finished)
        lines += [
            f"- The nightly protection of these indicators' cubes took {nightly:.1f} s in all (once per fact "
            "version, in `lika followup-rebuild`, not in any request).",
            f"- Lika at most {DUCKDB_FACTOR_GOAL}× the hand-written DuckDB SQL: {ratio:.2f}× on the total — "
            f"{_goal(ratio <= DUCKDB_FACTOR_GOAL and not stopped)}.",
            f"- Lika at least {PANDAS_SPEEDUP_GOAL:.0f}× faster than pandas: {speedup:.1f}× on the total — "
            f"{_goal(speedup >= PANDAS_SPEEDUP_GOAL and not stopped)}.",
        ]
    if stopped:
        names = ", ".join(f"{result.case.code} by {' × '.join(result.case.columns)}" for result in stopped)
        lines.append(f"- Lika did not finish within {setting.limit_s:.0f} s: {names} (both goals missed there).")
    lines += [
        "- The same figures: met (the script stops if any published figure differs).",
        "",
        "Where Lika's time goes (the median of each part, seconds, so they need not add up to the median "
        "total): reading the stored cube (JSON, from the file each time), the grouped query (only for visits, "
        "which have no persons and so no cube), cutting the view from the cube, and the rest (shares, "
        "differences, figures). "
        "Then the peak resident memory, in MiB, of a child process that runs one way on one case once "
        f"(start-up alone: DuckDB {setting.baseline_mib['duckdb']:.0f}, Lika {setting.baseline_mib['lika']:.0f}, "
        f"pandas {setting.baseline_mib['pandas']:.0f}; NumPy and PyArrow are loaded in each, for the generator).",
        "",
        "| Indicator | Breakdown | Lika | " + " | ".join(PART_NAMES[name] for name in PARTS) + " "
        "| Peak MiB: DuckDB | Lika | pandas |",
        "|---|---|---:|" + "---:|" * (len(PARTS) + 3),
    ]
    for result in results:
        lika_timing = result.timings["lika"]
        if result.lika_finished:
            cells = [lika_timing.median, *(lika_timing.part(name) for name in PARTS)]
            figures = " | ".join(f"{value:.3f}" for value in cells)
        else:
            figures = f"> {setting.limit_s:.0f} | " + " | ".join("…" for _ in PARTS)
        peaks = " | ".join(
            f"{'≥ ' if approach == 'lika' and not result.lika_finished else ''}{result.peak_mib[approach]:.0f}"
            for approach in APPROACHES
        )
        lines.append(f"| {result.case.code} | {' × '.join(result.case.columns)} | {figures} | {peaks} |")
    lines += [
        "",
        "How each way is run:",
        "",
        "- **Lika**: `indicator_run(indicator, engine=DuckDBEngine(dir), rules=DisclosureRules(), breakdown=..., "
        "cube=cube_read(path, version))`, as the pages serve it: the stored protected cube read from its file, the "
        "view, shares and differences. **Lika nightly**: `indicator_protect` — the grouped query over all the "
        "indicator's dimensions, recoding, margins and disclosure control of its published tables together — "
        "then `cube_write`.",
        "- **hand-written DuckDB**: one statement per case, written by hand (`GROUP BY CUBE` over `read_parquet`), "
        "returning the counts, numerators and amounts of every cell and margin before suppression, on one "
        "connection opened before timing; fetched with `fetchall`.",
        "- **pandas**: `pd.read_parquet` of the columns needed, boolean filters, `groupby(observed=True).agg` on "
        "the finest cells, the margins summed from those, key columns as text, one DataFrame.",
        "- Agreement: pandas equals the SQL on every cell and margin; Lika equals them on every number it "
        "publishes (a combination absent from the data counts 0); masked figures are not compared, nor the "
        "groups Lika gathers (other countries, age bands: *Gathered*), which the raw queries do not have. "
        "Where Lika did not finish, only pandas and the SQL are compared.",
    ]
    return "\n".join(lines) + "\n"


# --- Command line -------------------------------------------------------------------------------------------------

SLOW_S = 30.0  # a Lika run slower than this in its child process is timed once, not ``repeats`` times


def case_measure(
    case: Case, directory: Path, connection: duckdb.DuckDBPyConnection, *, repeats: int, limit_s: float, memory: bool
) -> CaseResult:
    """Checks and times one case, and measures each way's peak memory in a child process.

    Lika runs first in a child process, stopped after ``limit_s``; its published figures are checked
    against the hand-written SQL and pandas. A run slower than :data:`SLOW_S` is not repeated: that
    child's time is Lika's time.
    """
    nightly = lika_prepare(case, directory)
    probe = child_run("lika", case.name, directory, limit_s=limit_s)
    peaks = {"lika": probe.peak_mib}
    for approach in ("duckdb", "pandas"):
        peaks[approach] = child_run(approach, case.name, directory).peak_mib if memory else math.nan
    names, rows = hand_run(case, directory, connection)
    hand = cells_from_rows(case.columns, names, rows)
    frame = cells_from_frame(case.columns, pandas_run(case, directory))
    if probe.seconds is None:
        check = agreement(case, None, hand, frame)
        timings = case_time(case, directory, connection, repeats, lika=False)
        return CaseResult(case, check, timings, peaks, lika_finished=False, nightly_s=nightly)
    check = agreement(case, Published.from_json(probe.line["published"]), hand, frame)
    fast = probe.seconds <= SLOW_S
    if fast:
        lika_run(case, directory)  # the first run in this process fills SQLGlot's caches
    timings = case_time(case, directory, connection, repeats, lika=fast)
    if not fast:
        timings["lika"] = Timing([probe.seconds], [probe.line["parts"]])
    return CaseResult(case, check, timings, peaks, nightly_s=nightly)


SOURCES = (
    "lika/followup/indicators/results.py",
    "lika/followup/indicators/store.py",
    "lika/followup/indicators/query.py",
    "lika/followup/indicators/engines.py",
    "lika/statistics/disclosure",  # a module or, later, a package
)


def sources_text() -> str:
    """Short hashes of the code that makes Lika's time, since the working tree may differ from any commit."""
    parts = []
    for name in SOURCES:
        files = sorted((ROOT / name).rglob("*.py")) if (ROOT / name).is_dir() else [ROOT / f"{name}.py", ROOT / name]
        digest = hashlib.sha256()
        for path in files:
            if path.is_file():
                digest.update(path.relative_to(ROOT).as_posix().encode() + b"\0" + path.read_bytes())
        parts.append(f"`{Path(name).name}` {digest.hexdigest()[:12]}")
    return ", ".join(parts)


def _variant(arguments: argparse.Namespace) -> str:
    """A file-name part for each option that differs from the default."""
    parts = [
        f"{arguments.rows}rows" if arguments.rows != DEFAULT_ROWS else "",
        f"{arguments.repeats}r" if arguments.repeats != DEFAULT_REPEATS else "",
        "wide" if arguments.wide else "",
        "some" if arguments.indicators else "",
    ]
    return "".join(f"-{part}" for part in parts if part)


def _published(case: Case) -> bool:
    """Whether Lika publishes the case's breakdown (a wide case may ask for a pair it does not publish)."""
    from lika.followup.indicators.catalogue import BY_CODE

    try:
        BY_CODE[case.code].breakdown(case.chosen)
    except ValueError:
        print(f"{case.name}: Lika does not publish {case.chosen}; left out.", file=sys.stderr)
        return False
    return True


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=DEFAULT_ROWS, help="Rows in each table (default 10000000).")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="Generator seed (default 1).")
    parser.add_argument("--repeats", type=int, default=DEFAULT_REPEATS, help="Timed runs of each way (default 5).")
    parser.add_argument("--dir", default=None, help="Where the Parquet files are (default var/bench/followup-...).")
    parser.add_argument("--wide", action="store_true", help="Also time each indicator with a wider breakdown.")
    parser.add_argument("--indicators", default="", help="Comma-separated indicator codes (default: all).")
    parser.add_argument(
        "--limit", type=float, default=900.0, help="Seconds after which a Lika run is stopped (default 900)."
    )
    parser.add_argument("--no-memory", action="store_true", help="Skip the DuckDB and pandas memory children.")
    parser.add_argument("--child", choices=APPROACHES, help=argparse.SUPPRESS)
    parser.add_argument("--case", help=argparse.SUPPRESS)
    arguments = parser.parse_args(argv)
    default_dir = ROOT / "var" / "bench" / f"followup-{arguments.rows}-s{arguments.seed}"
    directory = Path(arguments.dir or default_dir).resolve()
    if arguments.child:
        child_main(arguments.child, arguments.case, directory)
        return 0

    started = time.perf_counter()
    load_start = os.getloadavg()
    sources = sources_text()
    import duckdb

    _django_setup()
    codes = [code.strip() for code in arguments.indicators.split(",") if code.strip()]
    unknown = set(codes) - {case.code for case in CASES}
    if unknown:
        parser.error(f"unknown indicators: {', '.join(sorted(unknown))}")
    cases = [
        c
        for c in CASES
        if (not codes or c.code in codes) and (c.variant == "default" or arguments.wide) and _published(c)
    ]
    print(f"Synthetic register in {directory} ...", file=sys.stderr, flush=True)
    register_write(directory, rows=arguments.rows, seed=arguments.seed, tables=sorted({c.table for c in cases}))
    baseline = {approach: child_run(approach, "imports", directory).peak_mib for approach in APPROACHES}
    results = []
    with duckdb.connect() as connection:
        for case in cases:
            print(f"{case.name} ...", file=sys.stderr, flush=True)
            result = case_measure(
                case,
                directory,
                connection,
                repeats=arguments.repeats,
                limit_s=arguments.limit,
                memory=not arguments.no_memory,
            )
            results.append(result)
            lika = f"{result.timings['lika'].median:.3f} s" if result.lika_finished else "stopped"
            print(
                f"  DuckDB {result.timings['duckdb'].median:.3f} s, Lika {lika}, "
                f"pandas {result.timings['pandas'].median:.3f} s",
                file=sys.stderr,
                flush=True,
            )
    shown = directory.relative_to(ROOT) if directory.is_relative_to(ROOT) else directory
    setting = Setting(
        rows=arguments.rows,
        seed=arguments.seed,
        repeats=arguments.repeats,
        directory=shown,
        command="python benchmarks/followup_indicators.py" + "".join(f" {a}" for a in (argv or sys.argv[1:])),
        limit_s=arguments.limit,
        load=(load_start, os.getloadavg()),
        baseline_mib=baseline,
        wall_s=time.perf_counter() - started,
        sources=sources if sources_text() == sources else f"{sources} at the start, {sources_text()} at the end",
    )
    text = report(results, setting)
    print(text)
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"followup_indicators{_variant(arguments)}-{datetime.datetime.now(tz=datetime.UTC):%Y-%m-%d}.md"
    path.write_text(text)
    print(f"Written to {path.relative_to(ROOT)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
