"""The generator's output: column arrays per table, one chunk of the population at a time."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field, fields
from typing import Any

import numpy as np
import numpy.typing as npt

Column = npt.NDArray[Any]


@dataclass(frozen=True, slots=True)
class Table:
    """Rows of one table as columns keyed by the model field's attribute name (``person_id``).

    Text columns are object arrays of ``str`` (``None`` where empty and nullable), dates are
    ``datetime64[D]`` (NaT where empty), flags are ``bool``. A column ending in ``_id`` holds the
    row number of the referenced row, counted from 0 over the whole generated population; the
    loader turns row numbers into primary keys. Primary keys themselves are not columns.
    """

    rows: int
    columns: dict[str, Column] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for name, column in self.columns.items():
            if len(column) != self.rows:
                raise ValueError(f"Column {name} has {len(column)} values for {self.rows} rows.")

    def __len__(self) -> int:
        return self.rows


@dataclass(frozen=True, slots=True)
class PopulationChunk:
    """All rows for a run of whole households, in the order they must be inserted.

    ``first_*_row`` are the population-wide row numbers of the chunk's first person, household and
    application; the rows of each table follow on from there.
    """

    first_person_row: int
    first_household_row: int
    first_application_row: int
    households: Table
    persons: Table
    memberships: Table
    guardianships: Table
    partnerships: Table
    applications: Table
    decisions: Table
    lma_periods: Table
    accommodation_periods: Table

    def tables(self) -> Iterator[tuple[str, Table]]:
        """The tables by name, parents before the rows that refer to them."""
        for item in fields(self):
            value = getattr(self, item.name)
            if isinstance(value, Table):
                yield item.name, value


TABLE_NAMES: tuple[str, ...] = tuple(
    item.name for item in fields(PopulationChunk) if not item.name.startswith("first_")
)


def concatenate(chunks: list[PopulationChunk]) -> dict[str, Table]:
    """Joins chunks into one table each; for tests and small populations."""
    joined: dict[str, Table] = {}
    for name in TABLE_NAMES:
        parts = [getattr(chunk, name) for chunk in chunks]
        columns = {column: np.concatenate([part.columns[column] for part in parts]) for column in parts[0].columns}
        joined[name] = Table(rows=sum(part.rows for part in parts), columns=columns)
    return joined
