"""Published tables with their margins, and what an attacker knows about them: equations and links."""

from __future__ import annotations

import itertools
import math
import operator
from collections.abc import Iterable, Mapping, Sequence, Set

import numpy as np

__all__ = ["TOTAL", "CellRef", "Key", "LinkedTables", "table_complete"]

TOTAL = "*"
"""The value a dimension takes in a margin: the cell adds up every category of that dimension."""

Key = tuple[str, ...]
"""One value per dimension, or :data:`TOTAL`."""

CellRef = tuple[str, Key]
"""A cell of one of several linked tables: the table's name and the cell's key."""


def table_complete(
    dims: Sequence[str], finest: Mapping[Key, int], *, categories: Mapping[str, Sequence[str]] | None = None
) -> dict[Key, int]:
    """Returns the finest cells of every combination of categories, zeros included, with every margin added.

    The categories of a dimension are those given in ``categories``, or else those seen in ``finest``.

    >>> table = table_complete(("sex",), {("female",): 3, ("male",): 4})
    >>> table[("*",)], table[("female",)]
    (7, 3)
    >>> table = table_complete(("year", "sex"), {("2025", "female"): 1, ("2026", "male"): 2})
    >>> len(table), table[("2025", "male")], table[("*", "male")], table[("*", "*")]
    (9, 0, 2, 3)
    """
    width = len(dims)
    if width == 0:
        raise ValueError("A table needs at least one dimension.")
    for key in finest:
        check_key(key, width)
        if TOTAL in key:
            raise ValueError(f"The finest cells cannot hold margins: {key!r}.")
    given = categories or {}
    levels = [
        list(given[dim]) if dim in given else sorted({key[position] for key in finest})
        for position, dim in enumerate(dims)
    ]
    for level in levels:
        if TOTAL in level:
            raise ValueError(f"{TOTAL!r} marks a margin and cannot be a category.")
    for key in finest:
        for position, level in enumerate(levels):
            if key[position] not in level:
                raise ValueError(f"{key[position]!r} is not a category of {dims[position]!r}.")
    # A dense array with one extra place per dimension for its margin; each margin is the sum along
    # its axis, taken axis by axis so that margins of margins come out right.
    index = [{category: place for place, category in enumerate(level)} for level in levels]
    cube = np.zeros([len(level) + 1 for level in levels], dtype=np.int64)
    for key, value in finest.items():
        cube[tuple(index[position][part] for position, part in enumerate(key))] = operator.index(value)
    for axis, level in enumerate(levels):
        inner = [slice(None)] * width
        inner[axis] = slice(0, len(level))
        margin: list[slice | int] = [slice(None)] * width
        margin[axis] = len(level)
        cube[tuple(margin)] = cube[tuple(inner)].sum(axis=axis)
    labels = [[*level, TOTAL] for level in levels]
    return dict(zip(itertools.product(*labels), cube.ravel().tolist(), strict=True))


def check_key(key: Key, width: int) -> None:
    """Raises ValueError unless ``key`` holds one text for each of ``width`` dimensions."""
    if not isinstance(key, tuple) or len(key) != width or not all(isinstance(part, str) for part in key):
        raise ValueError(f"A key needs one text per dimension ({width}): {key!r}.")


def _check_links(
    tables: Mapping[str, Mapping[Key, int]],
    width: int,
    shares: Sequence[tuple[str, str]],
    amounts: Sequence[tuple[str, str]],
) -> None:
    if width == 0:
        raise ValueError("A table needs at least one dimension.")
    for name in itertools.chain.from_iterable((*shares, *amounts)):
        if name not in tables:
            raise ValueError(f"There is no table called {name!r}.")
    amount_tables = {amount for amount, _ in amounts}
    if clash := amount_tables & ({count for _, count in amounts} | set(itertools.chain.from_iterable(shares))):
        raise ValueError(f"An amount table cannot also be a count table: {sorted(clash)}.")
    for numerator, population in shares:
        if numerator == population:
            raise ValueError(f"A share needs two different tables, not {numerator!r} twice.")


class LinkedTables:
    """Every cell of one or more linked tables, numbered, with the equations and links an attacker knows.

    Each table must be complete: every combination of its categories and :data:`TOTAL`.

    The cells are numbered table by table (population tables first, amount tables last), each table
    in key order. An equation is a margin with its children along one dimension; a share link says
    that a numerator cell is at most its population cell; an amount cell and its count cell mirror
    each other (they are masked together, though no equation ties their values).
    """

    def __init__(
        self,
        tables: Mapping[str, Mapping[Key, int]],
        dims: Sequence[str],
        shares: Sequence[tuple[str, str]] = (),
        amounts: Sequence[tuple[str, str]] = (),
    ) -> None:
        width = len(dims)
        _check_links(tables, width, shares, amounts)
        amount_tables = {amount for amount, _ in amounts}
        population_tables = {population for _, population in shares}
        self.dims = tuple(dims)
        self.names = sorted(tables, key=lambda name: (name in amount_tables, name not in population_tables, name))
        self.amount_tables = frozenset(amount_tables)

        self.refs: list[CellRef] = []
        self.values: list[int] = []
        self.index: dict[CellRef, int] = {}
        self.cells_of: dict[str, list[int]] = {}
        for name in self.names:
            self._add_cells(name, tables[name], width)
        self.table_of = [name for name, _ in self.refs]
        self.is_amount = [name in amount_tables for name in self.table_of]
        self.categories = [
            sorted({key[position] for _, key in self.refs if key[position] != TOTAL}) for position in range(width)
        ]
        numbers = [{category: number for number, category in enumerate(level)} for level in self.categories]
        # A cell's place on the grid of categories; a margin takes the number after the last category.
        self.coordinates = [
            tuple(
                len(numbers[position]) if part == TOTAL else numbers[position][part]
                for position, part in enumerate(key)
            )
            for _, key in self.refs
        ]

        self.equations: list[tuple[int, ...]] = []  # a margin first, then its children
        for name in self.names:
            self._add_equations(name, width)
        self.equations_of: list[list[int]] = [[] for _ in self.refs]
        for number, equation in enumerate(self.equations):
            for cell in equation:
                self.equations_of[cell].append(number)

        self.above: list[list[int]] = [[] for _ in self.refs]  # the population cells that bound a numerator cell
        self.below: list[list[int]] = [[] for _ in self.refs]  # the numerator cells a population cell bounds
        self.mirrors: list[list[int]] = [[] for _ in self.refs]  # amount and count cells masked together
        for numerator, population in shares:
            for key, cell, other in self._pairs(tables, numerator, population):
                if self.values[cell] > self.values[other]:
                    raise ValueError(f"Table {numerator!r} exceeds its population {population!r} at {key!r}.")
                self.above[cell].append(other)
                self.below[other].append(cell)
        for amount, count in amounts:
            for _, cell, other in self._pairs(tables, amount, count):
                self.mirrors[cell].append(other)
                self.mirrors[other].append(cell)
        # The weight of a cell is the number of persons in it; for an amount, that of its count cell.
        self.weights = [
            self.values[self.mirrors[cell][0]] if self.is_amount[cell] and self.mirrors[cell] else value
            for cell, value in enumerate(self.values)
        ]

    def _add_cells(self, name: str, table: Mapping[Key, int], width: int) -> None:
        self.cells_of[name] = []
        for key in table:
            check_key(key, width)
        levels = [{key[position] for key in table} - {TOTAL} for position in range(width)]
        if len(table) != math.prod(len(level) + 1 for level in levels):
            raise ValueError(
                f"Table {name!r} lacks some cells or margins: it needs every combination of categories and "
                f"{TOTAL!r} (see table_complete)."
            )
        for key in sorted(table):
            value = operator.index(table[key])
            if value < 0:
                raise ValueError(f"Table {name!r} has a negative cell at {key!r}: {value}.")
            self.index[(name, key)] = len(self.refs)
            self.cells_of[name].append(len(self.refs))
            self.refs.append((name, key))
            self.values.append(value)

    def _add_equations(self, name: str, width: int) -> None:
        for position in range(width):
            children: dict[Key, list[int]] = {}
            for cell in self.cells_of[name]:
                key = self.refs[cell][1]
                if key[position] != TOTAL:
                    children.setdefault((*key[:position], TOTAL, *key[position + 1 :]), []).append(cell)
            for parent, members in sorted(children.items()):
                parent_cell = self.index[(name, parent)]
                total = sum(self.values[member] for member in members)
                if total != self.values[parent_cell]:
                    raise ValueError(
                        f"Table {name!r} does not add up at {parent!r}: {self.values[parent_cell]}, "
                        f"but its cells along {self.dims[position]!r} sum to {total}."
                    )
                self.equations.append((parent_cell, *members))

    def _pairs(self, tables: Mapping[str, Mapping[Key, int]], first: str, second: str) -> list[tuple[Key, int, int]]:
        if set(tables[first]) != set(tables[second]):
            raise ValueError(f"The linked tables {first!r} and {second!r} must have the same cells.")
        return [(key, self.index[(first, key)], self.index[(second, key)]) for key in sorted(tables[first])]

    def neighbours(self, cell: int, free: Set[int]) -> Iterable[int]:
        """The cells in ``free`` that share an equation or a share link with ``cell``."""
        for equation in self.equations_of[cell]:
            for member in self.equations[equation]:
                if member in free:
                    yield member
        for other in itertools.chain(self.above[cell], self.below[cell]):
            if other in free:
                yield other

    def region(self, start: Iterable[int], free: Set[int]) -> list[int]:
        """The cells in ``free`` connected to ``start`` through equations and share links among ``free`` cells."""
        seen = {cell for cell in start if cell in free}
        frontier = sorted(seen)
        while frontier:
            reached: list[int] = []
            for cell in frontier:
                for other in self.neighbours(cell, free):
                    if other not in seen:
                        seen.add(other)
                        reached.append(other)
            frontier = reached
        return sorted(seen)
