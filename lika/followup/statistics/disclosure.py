"""Disclosure control for the follow-up's published tables: which cells to hide, why, and a proof that they stay hidden.

A published table here is a count table (or an amount table in öre) over a few dimensions, such as
year × sex × country of birth, with every margin: each dimension may also take the value
:data:`TOTAL` (``"*"``), and a cell with ``"*"`` holds the sum of its children along that dimension.
:func:`table_complete` adds these margins to the finest cross-classification.

The method is primary and secondary cell suppression, as described by Hundepool et al.,
*Statistical Disclosure Control* (Wiley, 2012), chapter 5, and implemented by tools such as τ-ARGUS.

**Primary suppression** masks the cells that would tell too much about too few people:

- ``SMALL_COUNT``: a count from 1 to ``min_count - 1`` (and 0 too when ``suppress_zero`` is set).
- ``SMALL_COMPLEMENT``: for a share ``n / N`` (numerator table n, population table N), the people
  *without* the property, ``N - n``, number 1 to ``min_count - 1`` (0 too with ``suppress_zero``):
  publishing n would say that all but a handful of a group have the property. The n cell is masked.
- ``SMALL_DENOMINATOR``: the population ``N`` of a share is 1 to ``min_denominator - 1``; the share is
  masked by masking its n cell.

**Linked masks** (``LINKED``) keep linked tables consistent: a masked population cell masks the
numerator cell with the same key (so its share), and an amount table is masked exactly where the
count table of the persons behind it is masked, in both directions.

**The protection rule.** An attacker knows every published cell, that each margin is the sum of its
children along every dimension, that counts and amounts are never negative, and, for linked share
tables, that ``n <= N`` cell by cell (so also the implied complement table ``N - n``). From this the
attacker can work out an interval for each hidden quantity with linear programming. The rule
requires that interval, rounded inward to whole numbers (counts and öre are whole), to be at least
``protection`` wide (default ``min_count``): for a hidden count of 2 with ``min_count`` 5, the
attacker cannot narrow it below a range such as 0–5. The quantities protected are every
``SMALL_COUNT`` and ``SMALL_DENOMINATOR`` cell, ``N - n`` for every ``SMALL_COMPLEMENT`` cell, and
every amount cell whose count cell is a primary cell, for which the width must be at least
``amount_protection`` times the amount (and at least one öre).

**Secondary suppression** masks further cells (``SECONDARY``, recording the primary cell it
protects) until the rule holds, with two explainable steps:

1. *Lines.* An equation (a margin and its children along one dimension) with exactly one masked
   cell gives that cell away by subtraction, so one more cell of the equation is masked: the
   smallest cell that is at least ``protection`` (else the smallest), ties broken by table and key.
   Population tables are settled first, so their masks carry over to the numerators.
2. *Audit.* Each protected quantity is then bounded by linear programming; while its interval is
   too narrow, the cheapest unmasked cell that shares an equation or a link with it is masked (if
   there is none, the cheapest one next to any cell linked with it by the masked cells' equations),
   and step 1 runs again.

Masking more cells only widens an attacker's intervals, so a quantity once protected stays
protected and each is audited until it passes, once. To keep the audit fast, a quantity is first
bounded with only the masked cells near it free and the rest fixed at their true values; this
interval lies inside the full one, so when it is wide enough the full one is too, and the full
linear programme over the quantity's connected masked cells is solved only when it is not. With
``exact=True`` the bounds are whole-number optima (mixed-integer programming), which also covers an
attacker who uses that counts are whole; the default, linear programming rounded inward, is the
usual audit and may be slightly optimistic for tables of three or more dimensions.

The result is deterministic: the same tables and rules give the same masks. Published figures carry
Statistics Sweden's (SCB) symbols, see :class:`Symbol`, :data:`LEGEND` and :func:`cell_symbol`.

Pure: no Django, no clock. Texts meant for readers are marked with :func:`gettext_noop` and
translated by the caller at the time of showing them.
"""

from __future__ import annotations

import heapq
import itertools
import math
import operator
from collections.abc import Iterable, Mapping, Sequence, Set
from dataclasses import dataclass
from enum import StrEnum

import numpy as np
import numpy.typing as npt
from scipy.optimize import Bounds, LinearConstraint, linprog, milp  # type: ignore[import-untyped]
from scipy.sparse import coo_array  # type: ignore[import-untyped]

__all__ = [
    "LEGEND",
    "REASON_TEXT",
    "TOTAL",
    "Audit",
    "CellRef",
    "DisclosureRules",
    "Key",
    "Masked",
    "Reason",
    "Suppression",
    "Symbol",
    "audit",
    "audit_tables",
    "cell_symbol",
    "suppress",
    "table_complete",
]

TOTAL = "*"
"""The value a dimension takes in a margin: the cell adds up every category of that dimension."""

Key = tuple[str, ...]
"""One value per dimension, or :data:`TOTAL`."""

CellRef = tuple[str, Key]
"""A cell of one of several linked tables: the table's name and the cell's key."""

# Linear-programming results are floats; integer data make the true optima whole numbers.
_TOLERANCE = 1e-6
_UNBOUNDED = 3  # scipy's status for a linear programme without an optimum


def gettext_noop(message: str) -> str:
    """Marks ``message`` for translation without translating it (the caller translates when showing it)."""
    return message


# --- Rules, reasons and results ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class DisclosureRules:
    """The thresholds of disclosure control.

    ``min_count``: a published count from 1 to ``min_count - 1`` is a primary cell.
    ``min_denominator``: a share whose population is 1 to ``min_denominator - 1`` is masked.
    ``suppress_zero``: zeros (no one, or everyone for a share) are primary cells too.
    ``protection``: the width an attacker's interval for a protected count must reach, in persons
    (``None``: ``min_count``); 1 only forbids exact recomputation.
    ``amount_protection``: the same for amounts, as a share of the amount.
    ``exact``: bound with whole-number (mixed-integer) optima rather than linear programming.
    """

    min_count: int = 5
    min_denominator: int = 10
    suppress_zero: bool = False
    protection: int | None = None
    amount_protection: float = 0.2
    exact: bool = False

    def __post_init__(self) -> None:
        if self.min_count < 1:
            raise ValueError(f"The minimum count must be at least 1, not {self.min_count}.")
        if self.min_denominator < 0:
            raise ValueError(f"The minimum denominator cannot be negative: {self.min_denominator}.")
        if self.protection is not None and self.protection < 1:
            raise ValueError(f"The protection width must be at least 1, not {self.protection}.")
        if not 0.0 <= self.amount_protection <= 10.0:
            raise ValueError(f"The amount protection must lie between 0 and 10, not {self.amount_protection}.")

    @property
    def width(self) -> int:
        """The protection width for counts."""
        return self.min_count if self.protection is None else self.protection


class Reason(StrEnum):
    """Why a cell is masked."""

    SMALL_COUNT = "small_count"
    SMALL_COMPLEMENT = "small_complement"
    SMALL_DENOMINATOR = "small_denominator"
    SECONDARY = "secondary"
    LINKED = "linked"


REASON_TEXT: Mapping[Reason, str] = {
    Reason.SMALL_COUNT: gettext_noop("Too few people."),
    Reason.SMALL_COMPLEMENT: gettext_noop("All or almost all people in a small group."),
    Reason.SMALL_DENOMINATOR: gettext_noop("The group is too small to show a share."),
    Reason.SECONDARY: gettext_noop("Hidden so that another hidden figure cannot be worked out."),
    Reason.LINKED: gettext_noop("Hidden because the matching figure in a linked table is hidden."),
}
"""A short explanation of each reason for readers (translate with ``gettext`` when showing it)."""


@dataclass(frozen=True)
class Masked:
    """A masked cell, why it is masked and, for a secondary or linked mask, the cell it serves."""

    table: str
    key: Key
    reason: Reason
    protects: CellRef | None = None


@dataclass(frozen=True)
class Suppression:
    """The masked cells of each table; every cell not listed is published."""

    cells: Mapping[str, Mapping[Key, Masked]]

    def masked(self, table: str) -> frozenset[Key]:
        """The masked keys of ``table``."""
        return frozenset(self.cells.get(table, {}))

    def is_masked(self, table: str, key: Key) -> bool:
        """Whether the cell ``key`` of ``table`` is masked (for a numerator table: also its share)."""
        return key in self.cells.get(table, {})

    def published(self, table: str, values: Mapping[Key, int]) -> dict[Key, int]:
        """The cells of ``values`` (the table called ``table``) that may be published."""
        hidden = self.cells.get(table, {})
        return {key: value for key, value in values.items() if key not in hidden}

    def all_masked(self) -> list[Masked]:
        """Every masked cell, by table and key."""
        return [self.cells[table][key] for table in sorted(self.cells) for key in sorted(self.cells[table])]


@dataclass(frozen=True)
class Audit:
    """What an attacker can work out: an interval for each masked cell and for each implied complement.

    ``cells`` maps each masked (table, key) to its interval; ``complements`` maps (numerator table,
    population table, key) to the interval of ``N - n`` wherever n or N is masked. ``inf`` means no
    upper limit.
    """

    cells: dict[CellRef, tuple[float, float]]
    complements: dict[tuple[str, str, Key], tuple[float, float]]


# --- Symbols ----------------------------------------------------------------------------------------------------


class Symbol(StrEnum):
    """Statistics Sweden's symbols for figures that are not shown as plain numbers.

    ``MASKED`` (``..``): the figure is not shown (here: hidden to protect the people in it).
    ``NOTHING`` (``–``, an en dash): nothing to report, the value is exactly zero.
    ``LESS_THAN_HALF`` (``0``): more than zero but less than half of the unit shown; with decimals it
    is written with as many zero decimals (``0,0`` for one decimal).
    ``NOT_APPLICABLE`` (``.``): the figure cannot exist, such as the share of an empty group.
    """

    MASKED = ".."
    NOTHING = "–"
    LESS_THAN_HALF = "0"
    NOT_APPLICABLE = "."


LEGEND: Mapping[Symbol, str] = {
    Symbol.MASKED: gettext_noop("Not shown, to protect the people behind the figure."),
    Symbol.NOTHING: gettext_noop("Nothing to report (zero)."),
    Symbol.LESS_THAN_HALF: gettext_noop("Less than half of the unit shown."),
    Symbol.NOT_APPLICABLE: gettext_noop("Cannot occur."),
}
"""The legend printed under a published table (translate each text with ``gettext`` when showing it)."""


def cell_symbol(value: float | None, *, masked: bool = False, decimals: int = 0) -> Symbol | None:
    """The symbol to print instead of ``value``, or ``None`` when the number itself is printed.

    ``value`` is ``None`` when the figure cannot exist (a share of nobody); ``decimals`` is the number
    of decimals the table shows.

    >>> cell_symbol(12, masked=True), cell_symbol(0), cell_symbol(0.3), cell_symbol(0.3, decimals=1), cell_symbol(None)
    (<Symbol.MASKED: '..'>, <Symbol.NOTHING: '–'>, <Symbol.LESS_THAN_HALF: '0'>, None, <Symbol.NOT_APPLICABLE: '.'>)
    """
    if decimals < 0:
        raise ValueError(f"A table cannot show {decimals} decimals.")
    if masked:
        return Symbol.MASKED
    if value is None or math.isnan(value):
        return Symbol.NOT_APPLICABLE
    if value == 0:
        return Symbol.NOTHING
    if abs(value) < 0.5 * 10.0**-decimals:
        return Symbol.LESS_THAN_HALF
    return None


# --- Tables -----------------------------------------------------------------------------------------------------


def table_complete(
    dims: Sequence[str], finest: Mapping[Key, int], *, categories: Mapping[str, Sequence[str]] | None = None
) -> dict[Key, int]:
    """Returns the finest cells of every category combination, zeros included, with every margin added.

    The categories of each dimension are those in ``categories`` or else those seen in ``finest``.

    >>> table = table_complete(("sex",), {("female",): 3, ("male",): 4})
    >>> table[("*",)], table[("female",)]
    (7, 3)
    >>> len(table_complete(("year", "sex"), {("2025", "female"): 1, ("2026", "male"): 2}))
    9
    """
    width = len(dims)
    if width == 0:
        raise ValueError("A table needs at least one dimension.")
    for key in finest:
        _check_key(key, width)
        if TOTAL in key:
            raise ValueError(f"The finest cells cannot hold margins: {key!r}.")
    given = categories or {}
    levels = [
        list(given[dim]) if dim in given else sorted({key[position] for key in finest})
        for position, dim in enumerate(dims)
    ]
    for key in finest:
        for position, level in enumerate(levels):
            if key[position] not in level:
                raise ValueError(f"{key[position]!r} is not a category of {dims[position]!r}.")
    table: dict[Key, int] = {}
    for combination in itertools.product(*levels):
        value = operator.index(finest.get(combination, 0))
        for margins in itertools.product((False, True), repeat=width):
            key = tuple(TOTAL if margin else category for margin, category in zip(margins, combination, strict=True))
            table[key] = table.get(key, 0) + value
    return table


def _check_key(key: Key, width: int) -> None:
    if not isinstance(key, tuple) or len(key) != width or not all(isinstance(part, str) for part in key):
        raise ValueError(f"A key needs one text per dimension ({width}): {key!r}.")


class _Cells:
    """Every cell of every table, numbered, with the equations and links an attacker knows."""

    def __init__(
        self,
        tables: Mapping[str, Mapping[Key, int]],
        dims: Sequence[str],
        shares: Sequence[tuple[str, str]],
        amounts: Sequence[tuple[str, str]],
    ) -> None:
        width = len(dims)
        if width == 0:
            raise ValueError("A table needs at least one dimension.")
        for name in itertools.chain.from_iterable((*shares, *amounts)):
            if name not in tables:
                raise ValueError(f"There is no table called {name!r}.")
        amount_tables = {amount for amount, _ in amounts}
        population_tables = {population for _, population in shares}
        if clash := amount_tables & ({count for _, count in amounts} | set(itertools.chain.from_iterable(shares))):
            raise ValueError(f"An amount table cannot also be a count table: {sorted(clash)}.")
        # Population tables first, so that their masks reach the numerators before those are settled.
        self.names = sorted(tables, key=lambda name: (0 if name in population_tables else 1, name))
        self.names.sort(key=lambda name: 2 if name in amount_tables else 0)

        self.refs: list[CellRef] = []
        self.values: list[int] = []
        self.index: dict[CellRef, int] = {}
        self.is_amount: list[bool] = []
        self.equations: list[tuple[int, ...]] = []  # parent first, then its children
        for name in self.names:
            self._add_cells(name, tables[name], width, amount=name in amount_tables)
            self._add_equations(name, sorted(tables[name]), width)
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
        # The weight of a cell is the number of persons in it: for an amount, that of its count table.
        self.weights = [
            self.values[self.mirrors[cell][0]] if self.is_amount[cell] and self.mirrors[cell] else value
            for cell, value in enumerate(self.values)
        ]

    def _add_cells(self, name: str, table: Mapping[Key, int], width: int, *, amount: bool) -> None:
        for key in sorted(table):
            _check_key(key, width)
            value = operator.index(table[key])
            if value < 0:
                raise ValueError(f"Table {name!r} has a negative cell at {key!r}: {value}.")
            self.index[(name, key)] = len(self.refs)
            self.refs.append((name, key))
            self.values.append(value)
            self.is_amount.append(amount)

    def _add_equations(self, name: str, keys: Sequence[Key], width: int) -> None:
        for position in range(width):
            children: dict[Key, list[int]] = {}
            for key in keys:
                if key[position] != TOTAL:
                    parent = (*key[:position], TOTAL, *key[position + 1 :])
                    children.setdefault(parent, []).append(self.index[(name, key)])
            for parent, members in sorted(children.items()):
                if (name, parent) not in self.index:
                    continue  # a margin the table does not publish gives no equation
                parent_cell = self.index[(name, parent)]
                total = sum(self.values[member] for member in members)
                if total != self.values[parent_cell]:
                    raise ValueError(
                        f"Table {name!r} does not add up at {parent!r}: {self.values[parent_cell]}, "
                        f"but its cells along {position + 1} sum to {total}."
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

    def region(self, start: Iterable[int], free: Set[int], depth: int | None = None) -> list[int]:
        """The cells in ``free`` reachable from ``start`` through at most ``depth`` steps (``None``: any)."""
        seen = {cell for cell in start if cell in free}
        frontier = sorted(seen)
        steps = 0
        while frontier and (depth is None or steps < depth):
            steps += 1
            reached: list[int] = []
            for cell in frontier:
                for other in self.neighbours(cell, free):
                    if other not in seen:
                        seen.add(other)
                        reached.append(other)
            frontier = reached
        return sorted(seen)

    def programme(self, free: Sequence[int]) -> _Programme:
        """The linear programme over the ``free`` cells, every other cell held at its value.

        Its constraints are the equations that involve a free cell, ``n <= N`` and ``cell >= 0``.
        """
        position = {cell: column for column, cell in enumerate(free)}
        rows: list[int] = []
        columns: list[int] = []
        entries: list[float] = []
        right: list[float] = []
        equations = sorted({number for cell in free for number in self.equations_of[cell]})
        for row, number in enumerate(equations):
            parent, *children = self.equations[number]
            constant = 0.0
            for member, coefficient in ((parent, 1.0), *((child, -1.0) for child in children)):
                if member in position:
                    rows.append(row)
                    columns.append(position[member])
                    entries.append(coefficient)
                else:
                    constant -= coefficient * self.values[member]
            right.append(constant)
        lower = np.zeros(len(free))
        upper = np.full(len(free), np.inf)
        pairs: list[tuple[int, int]] = []
        for cell, column in position.items():
            for population in self.above[cell]:
                if population in position:
                    pairs.append((column, position[population]))
                else:
                    upper[column] = min(upper[column], self.values[population])
            for numerator in self.below[cell]:
                if numerator not in position:
                    lower[column] = max(lower[column], self.values[numerator])
        pair_matrix = None
        if pairs:
            pair_matrix = _matrix(
                [row for row in range(len(pairs)) for _ in range(2)],
                [column for pair in pairs for column in pair],
                [1.0, -1.0] * len(pairs),
                (len(pairs), len(free)),
            )
        return _Programme(
            position=position,
            equalities=_matrix(rows, columns, entries, (len(equations), len(free))),
            equal_to=np.asarray(right),
            inequalities=pair_matrix,
            lower=lower,
            upper=upper,
        )

    def bounds(self, terms: Sequence[tuple[int, int]], free: Sequence[int], *, exact: bool) -> tuple[float, float]:
        """The least and greatest value of ``sum(coefficient * cell)`` with the ``free`` cells unknown."""
        return self.programme(free).bounds(terms, self.values, exact=exact)


def _matrix(rows: list[int], columns: list[int], entries: list[float], shape: tuple[int, int]) -> object:
    return coo_array((entries, (rows, columns)), shape=shape).tocsr()


@dataclass(frozen=True)
class _Programme:
    """A linear programme over the unknown cells: equalities, ``n <= N`` rows, and bounds."""

    position: Mapping[int, int]  # cell -> column
    equalities: object
    equal_to: npt.NDArray[np.float64]
    inequalities: object | None
    lower: npt.NDArray[np.float64]
    upper: npt.NDArray[np.float64]

    def bounds(self, terms: Sequence[tuple[int, int]], values: Sequence[int], *, exact: bool) -> tuple[float, float]:
        """The least and greatest value of ``sum(coefficient * cell)``; cells not in the programme are constants."""
        objective = np.zeros(len(self.position))
        offset = 0.0
        for cell, coefficient in terms:
            if cell in self.position:
                objective[self.position[cell]] += coefficient
            else:
                offset += coefficient * values[cell]
        if not objective.any():
            return offset, offset
        return self.optimum(objective, exact=exact) + offset, -self.optimum(-objective, exact=exact) + offset

    def optimum(self, objective: npt.NDArray[np.float64], *, exact: bool) -> float:
        """The least value of ``objective @ x``; ``-inf`` when it has no lower limit."""
        relaxed = linprog(
            objective,
            A_ub=self.inequalities,
            b_ub=None if self.inequalities is None else np.zeros(self.inequalities.shape[0]),  # type: ignore[attr-defined]
            A_eq=self.equalities,
            b_eq=self.equal_to,
            bounds=np.column_stack((self.lower, self.upper)),
            method="highs",
        )
        if relaxed.status == _UNBOUNDED:
            return -math.inf
        if relaxed.status != 0:
            raise RuntimeError(f"The disclosure audit could not be solved: {relaxed.message}")
        if not exact:
            return float(relaxed.fun)
        constraints = [LinearConstraint(self.equalities, self.equal_to, self.equal_to)]
        if self.inequalities is not None:
            constraints.append(LinearConstraint(self.inequalities, -np.inf, 0.0))
        whole = milp(
            objective,
            integrality=np.ones(len(self.position)),
            bounds=Bounds(self.lower, self.upper),
            constraints=constraints,
        )
        if whole.status != 0:
            raise RuntimeError(f"The exact disclosure audit could not be solved: {whole.message}")
        return float(whole.fun)


def _inward(low: float, high: float) -> tuple[float, float]:
    """``[low, high]`` shrunk to whole numbers, allowing for the solver's rounding errors."""
    return (
        math.ceil(low - _TOLERANCE * max(1.0, abs(low))),
        high if math.isinf(high) else math.floor(high + _TOLERANCE * max(1.0, abs(high))),
    )


# --- Suppression ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Quantity:
    """A hidden quantity ``sum(coefficient * cell)`` whose interval must be ``required`` wide."""

    owner: int
    terms: tuple[tuple[int, int], ...]
    required: float


class _Suppressor:
    def __init__(self, cells: _Cells, rules: DisclosureRules) -> None:
        self.cells = cells
        self.rules = rules
        self.masked: dict[int, tuple[Reason, int | None]] = {}
        self.pending: list[int] = []
        self.queued: set[int] = set()

    def mask(self, cell: int, reason: Reason, protects: int | None) -> None:
        """Masks ``cell``, the cells linked to it, and queues their equations for the line check."""
        self.masked.setdefault(cell, (reason, protects))
        stack = [cell]
        while stack:
            current = stack.pop()
            for number in self.cells.equations_of[current]:
                if number not in self.queued:
                    self.queued.add(number)
                    heapq.heappush(self.pending, number)
            for linked in itertools.chain(self.cells.mirrors[current], self.cells.below[current]):
                if linked not in self.masked:
                    self.masked[linked] = (Reason.LINKED, current)
                    stack.append(linked)

    def cost(self, cell: int) -> tuple[bool, int, int]:
        weight = self.cells.weights[cell]
        return (weight < self.rules.width, weight, cell)

    def settle_lines(self) -> None:
        """Gives every equation with one masked cell a second one."""
        while self.pending:
            number = heapq.heappop(self.pending)
            self.queued.discard(number)
            members = self.cells.equations[number]
            hidden = [member for member in members if member in self.masked]
            if len(hidden) == 1:
                shown = [member for member in members if member not in self.masked]
                self.mask(min(shown, key=self.cost), Reason.SECONDARY, hidden[0])

    def primaries(self) -> tuple[dict[int, Reason], list[_Quantity]]:
        cells, rules = self.cells, self.rules
        reasons: dict[int, Reason] = {}
        quantities: dict[tuple[tuple[int, int], ...], _Quantity] = {}

        def small(value: int, threshold: int) -> bool:
            return 0 < value < threshold or (value == 0 and rules.suppress_zero)

        def protect(owner: int, terms: tuple[tuple[int, int], ...], required: float) -> None:
            quantities.setdefault(terms, _Quantity(owner, terms, required))

        for cell, value in enumerate(cells.values):
            if not cells.is_amount[cell] and small(value, rules.min_count):
                reasons[cell] = Reason.SMALL_COUNT
                protect(cell, ((cell, 1),), rules.width)
        for cell in range(len(cells.values)):
            for population in cells.above[cell]:
                if small(cells.values[population] - cells.values[cell], rules.min_count):
                    reasons.setdefault(cell, Reason.SMALL_COMPLEMENT)
                    protect(cell, ((population, 1), (cell, -1)), rules.width)
                if 0 < cells.values[population] < rules.min_denominator:
                    reasons.setdefault(cell, Reason.SMALL_DENOMINATOR)
                    protect(cell, ((cell, 1),), rules.width)
        for cell in sorted(reasons):
            for amount in cells.mirrors[cell]:
                if cells.is_amount[amount]:
                    required = max(1.0, math.ceil(rules.amount_protection * cells.values[amount]))
                    protect(amount, ((amount, 1),), required)
        return reasons, sorted(quantities.values(), key=lambda quantity: (quantity.owner, quantity.terms))

    def protected(self, quantity: _Quantity) -> bool:
        """Whether an attacker's interval for ``quantity`` is at least ``quantity.required`` wide."""
        free = self.masked.keys()
        start = [cell for cell, _ in quantity.terms]
        previous = -1
        for depth in (1, 3, None):
            region = self.cells.region(start, free, depth)
            if len(region) == previous:
                continue
            previous = len(region)
            low, high = _inward(*self.cells.bounds(quantity.terms, region, exact=self.rules.exact))
            if high - low >= quantity.required:
                return True
        return False

    def complement_for(self, quantity: _Quantity) -> int | None:
        """The cheapest unmasked cell next to the quantity, or next to its masked region."""
        near = self._unmasked_next_to(cell for cell, _ in quantity.terms)
        if not near:
            near = self._unmasked_next_to(self.cells.region([cell for cell, _ in quantity.terms], self.masked.keys()))
        return min(near, key=self.cost) if near else None

    def _unmasked_next_to(self, cells: Iterable[int]) -> set[int]:
        near: set[int] = set()
        for cell in cells:
            for number in self.cells.equations_of[cell]:
                near.update(member for member in self.cells.equations[number] if member not in self.masked)
            linked = itertools.chain(self.cells.above[cell], self.cells.below[cell], self.cells.mirrors[cell])
            near.update(other for other in linked if other not in self.masked)
        return near

    def run(self) -> dict[int, tuple[Reason, int | None]]:
        reasons, quantities = self.primaries()
        for cell in sorted(reasons):
            self.masked[cell] = (reasons[cell], None)
        for cell in sorted(reasons):
            self.mask(cell, reasons[cell], None)
        self.settle_lines()
        for quantity in quantities:
            while not self.protected(quantity):
                complement = self.complement_for(quantity)
                if complement is None:  # every neighbour is masked: the interval has no upper limit
                    raise AssertionError(f"Cannot protect {self.cells.refs[quantity.owner]!r}.")
                self.mask(complement, Reason.SECONDARY, quantity.owner)
                self.settle_lines()
        return self.masked


def suppress(
    tables: Mapping[str, Mapping[Key, int]],
    *,
    dims: Sequence[str],
    rules: DisclosureRules | None = None,
    shares: Sequence[tuple[str, str]] = (),
    amounts: Sequence[tuple[str, str]] = (),
) -> Suppression:
    """Returns the cells to mask in ``tables`` so that no protected quantity can be worked out.

    ``tables`` maps a name to a complete table (finest cells and margins, see :func:`table_complete`),
    all over the dimensions ``dims``. ``shares`` lists (numerator table, population table) pairs for
    published shares n / N; ``amounts`` lists (amount table, count table) pairs, where the count
    table holds the persons behind each amount. Tables in neither are plain count tables.

    Raises ValueError when a table does not add up, has a negative cell, or linked tables differ in
    their cells (or a numerator exceeds its population).

    >>> table = table_complete(("sex",), {("female",): 2, ("male",): 30, ("unknown",): 40})
    >>> [(masked.key, masked.reason.value) for masked in suppress({"persons": table}, dims=("sex",)).all_masked()]
    [(('female',), 'small_count'), (('male',), 'secondary')]
    """
    cells = _Cells(tables, dims, shares, amounts)
    masked = _Suppressor(cells, rules or DisclosureRules()).run()
    result: dict[str, dict[Key, Masked]] = {name: {} for name in cells.names}
    for cell in sorted(masked):
        reason, protects = masked[cell]
        name, key = cells.refs[cell]
        result[name][key] = Masked(name, key, reason, None if protects is None else cells.refs[protects])
    return Suppression(result)


# --- Audit ------------------------------------------------------------------------------------------------------


def audit_tables(
    tables: Mapping[str, Mapping[Key, int]],
    masked: Mapping[str, Set[Key]],
    *,
    dims: Sequence[str],
    shares: Sequence[tuple[str, str]] = (),
    exact: bool = False,
) -> Audit:
    """Returns the interval an attacker can derive for each masked cell and each implied complement.

    The attacker knows every cell not in ``masked``, that each margin is the sum of its children
    along every dimension, that cells are not negative and, for each (numerator, population) pair in
    ``shares``, that n <= N cell by cell. The intervals are linear-programming bounds, not rounded
    (with ``exact``, whole-number bounds).

    >>> table = table_complete(("sex",), {("female",): 2, ("male",): 30})
    >>> audit_tables({"persons": table}, {"persons": {("female",), ("male",)}}, dims=("sex",)).cells
    {('persons', ('female',)): (0.0, 32.0), ('persons', ('male',)): (0.0, 32.0)}
    """
    cells = _Cells(tables, dims, shares, ())
    hidden: set[int] = set()
    for name, keys in masked.items():
        for key in keys:
            if (name, key) not in cells.index:
                raise ValueError(f"Table {name!r} has no cell {key!r}.")
            hidden.add(cells.index[(name, key)])
    regions: dict[int, list[int]] = {}
    for cell in sorted(hidden):
        if cell not in regions:
            region = cells.region([cell], hidden)
            regions.update(dict.fromkeys(region, region))
    programmes: dict[int, _Programme] = {}
    for cell in sorted(hidden):
        if regions[cell][0] not in programmes:
            programmes[regions[cell][0]] = cells.programme(regions[cell])

    def bounds(terms: tuple[tuple[int, int], ...], region: list[int]) -> tuple[float, float]:
        return programmes[region[0]].bounds(terms, cells.values, exact=exact)

    intervals = {cells.refs[cell]: bounds(((cell, 1),), regions[cell]) for cell in sorted(hidden)}
    complements: dict[tuple[str, str, Key], tuple[float, float]] = {}
    for numerator, population in shares:
        for key in sorted(tables[numerator]):
            terms = ((cells.index[(population, key)], 1), (cells.index[(numerator, key)], -1))
            starts = [cell for cell, _ in terms if cell in hidden]
            if starts:  # a masked n and a masked N share a region through n <= N
                complements[(numerator, population, key)] = bounds(terms, regions[starts[0]])
    return Audit(intervals, complements)


def audit(
    table: Mapping[Key, int], masked: Set[Key], *, dims: Sequence[str], exact: bool = False
) -> dict[Key, tuple[float, float]]:
    """Returns the interval an attacker can derive for each masked cell of one table (see :func:`audit_tables`).

    >>> table = table_complete(("sex",), {("female",): 2, ("male",): 30})
    >>> audit(table, {("female",)}, dims=("sex",))
    {('female',): (2.0, 2.0)}
    """
    result = audit_tables({"table": table}, {"table": masked}, dims=dims, exact=exact)
    return {key: interval for (_, key), interval in result.cells.items()}
