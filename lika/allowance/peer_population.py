"""Reads the OpenFisca peer's population format (../shared/peers/openfisca_lma) into kernel segments.

One row per person: household_id, is_child, age, has_partner, lives_with_parent, food_included
(CSV with 0/1 or true/false, or Parquet). Every adult of a household counts as a parent of every
child in it, as the peer reads the file; everyone is eligible for the whole month. Children of
the same age are ranked by their row order. Used by ``lika allowance kernel-bench``.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import numpy.typing as npt

from lika.allowance.rules.kernel import Segments
from lika.allowance.rules.month import Month
from lika.allowance.rules.parameters import ParameterHistory

COLUMNS = ("household_id", "is_child", "age", "has_partner", "lives_with_parent", "food_included")


class PopulationFileError(ValueError):
    """A population file that cannot be read; the message names the file, line and column."""


def _csv_columns(path: Path) -> dict[str, npt.NDArray[np.int64]]:
    with path.open(encoding="utf-8") as handle:
        header = handle.readline().strip().split(",")
        missing = [c for c in COLUMNS if c not in header]
        if missing:
            raise PopulationFileError(f"{path}, line 1: missing columns {', '.join(missing)}.")
        text = handle.read().lower().replace("true", "1").replace("false", "0")
    try:
        values = np.loadtxt(text.splitlines(), delimiter=",", dtype=np.int64, ndmin=2)
    except ValueError as error:
        raise PopulationFileError(f"{path}: {error}") from error
    if values.shape[0] and values.shape[1] != len(header):
        raise PopulationFileError(f"{path}: expected {len(header)} columns per line.")
    return {name: values[:, header.index(name)] if values.size else np.zeros(0, np.int64) for name in COLUMNS}


def _parquet_columns(path: Path) -> dict[str, npt.NDArray[np.int64]]:
    import pyarrow.parquet as pq

    table = pq.read_table(path)
    missing = [c for c in COLUMNS if c not in table.column_names]
    if missing:
        raise PopulationFileError(f"{path}: missing columns {', '.join(missing)}.")
    return {name: table.column(name).to_numpy().astype(np.int64) for name in COLUMNS}


def population_read(path: Path) -> dict[str, npt.NDArray[np.int64]]:
    """The file's columns as integer arrays (booleans as 0/1)."""
    if not path.exists():
        raise PopulationFileError(f"{path}: no such file.")
    columns = _parquet_columns(path) if path.suffix == ".parquet" else _csv_columns(path)
    for name in ("is_child", "has_partner", "lives_with_parent", "food_included"):
        bad = np.flatnonzero((columns[name] != 0) & (columns[name] != 1))
        if len(bad):
            raise PopulationFileError(f"{path}, line {bad[0] + 2}, column {name}: expected 0/1 or true/false.")
    bad = np.flatnonzero((columns["age"] < 0) | (columns["age"] > 130))
    if len(bad):
        raise PopulationFileError(f"{path}, line {bad[0] + 2}, column age: {columns['age'][bad[0]]} is not an age.")
    return columns


def population_segments(
    columns: dict[str, npt.NDArray[np.int64]], month: Month, history: ParameterHistory
) -> tuple[Segments, npt.NDArray[np.int64]]:
    """Whole-month segments for the population, and each row's dense household index."""
    household_ids = columns["household_id"]
    if len(household_ids) and np.all(household_ids[1:] >= household_ids[:-1]):
        # Sorted files (the peer writes them so) need no hash table to number their households.
        starts = np.ones(len(household_ids), dtype=bool)
        starts[1:] = household_ids[1:] != household_ids[:-1]
        group = np.cumsum(starts) - 1
        groups = int(group[-1]) + 1
    else:
        _, group = np.unique(household_ids, return_inverse=True)
        groups = int(group.max()) + 1 if len(group) else 0
    version = history.index_at(month.first)
    age = columns["age"]
    adult_age = history.versions[version].adult_age
    mismatch = np.flatnonzero((age < adult_age) != (columns["is_child"] == 1))
    if len(mismatch):
        line = mismatch[0] + 2
        raise PopulationFileError(f"line {line}, column is_child: does not agree with age {age[mismatch[0]]}.")
    size = len(age)
    segments = Segments(
        person=np.arange(size, dtype=np.int64),
        group=group.astype(np.int64),
        days=np.full(size, month.days, dtype=np.int64),
        version=np.full(size, version, dtype=np.int64),
        age=age,
        birth_ordinal=-age,
        tiebreak=np.arange(size, dtype=np.int64),
        has_partner=columns["has_partner"] == 1,
        with_parent=columns["lives_with_parent"] == 1,
        food_included=columns["food_included"] == 1,
        eligible=np.ones(size, dtype=bool),
        reduction_ore=np.zeros(size, dtype=np.int64),
        persons=size,
        groups=groups,
    )
    return segments, group.astype(np.int64)
