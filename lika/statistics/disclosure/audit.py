"""The attacker's view: the interval each hidden cell can be narrowed to from what is published.

The attacker knows every published cell, that each margin is the sum of its children along every
dimension, that no cell is negative, and, for linked share tables, that a numerator cell is at most
its population cell (so also the implied complement table N - n). The least and greatest value of a
hidden quantity under these constraints are found with linear programming (HiGHS through scipy);
with ``exact`` the same optima are found over whole numbers (mixed-integer programming), which is
what an attacker who uses that counts are whole can reach. Only the hidden cells connected to the
quantity through equations and links are unknowns; every other cell is a constant.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence, Set
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from scipy.optimize import Bounds, LinearConstraint, linprog, milp  # type: ignore[import-untyped]
from scipy.sparse import coo_array  # type: ignore[import-untyped]

from lika.statistics.disclosure.tables import CellRef, Key, LinkedTables

__all__ = ["Audit", "Programme", "audit", "audit_tables", "inward", "programme"]

# Linear-programming optima are floats; whole-number data make the true optima whole numbers.
TOLERANCE = 1e-6
_DENSE_UP_TO = 400  # unknowns; below this, scipy's sparse checks cost more than they save
_UNBOUNDED = 3  # scipy's status for a linear programme without a finite optimum

Terms = Sequence[tuple[int, int]]
"""A linear quantity: (cell, coefficient) pairs."""


@dataclass(frozen=True)
class Programme:
    """A linear programme over some hidden cells: equations, ``n <= N`` rows and bounds."""

    position: Mapping[int, int]  # cell -> column
    equalities: object
    equal_to: npt.NDArray[np.float64]
    inequalities: object | None
    lower: npt.NDArray[np.float64]
    upper: npt.NDArray[np.float64]

    def bounds(self, terms: Terms, values: Sequence[int], *, exact: bool = False) -> tuple[float, float]:
        """The least and greatest value of ``sum(coefficient * cell)``; cells outside the programme are constants."""
        objective = np.zeros(len(self.position))
        offset = 0.0
        for cell, coefficient in terms:
            if cell in self.position:
                objective[self.position[cell]] += coefficient
            else:
                offset += coefficient * values[cell]
        if not objective.any():
            return offset, offset
        return self._minimum(objective, exact=exact) + offset, -self._minimum(-objective, exact=exact) + offset

    def _minimum(self, objective: npt.NDArray[np.float64], *, exact: bool) -> float:
        """The least value of ``objective @ x``, ``-inf`` when it has none."""
        dense = len(self.position) <= _DENSE_UP_TO
        equalities = self.equalities.toarray() if dense else self.equalities  # type: ignore[attr-defined]
        inequalities = self.inequalities
        if inequalities is not None and dense:
            inequalities = inequalities.toarray()  # type: ignore[attr-defined]
        relaxed = linprog(
            objective,
            A_ub=inequalities,
            b_ub=None if inequalities is None else np.zeros(inequalities.shape[0]),  # type: ignore[attr-defined]
            A_eq=equalities,
            b_eq=self.equal_to,
            bounds=np.column_stack((self.lower, self.upper)),
            method="highs",
            # HiGHS's presolve has called a feasible programme (the true table satisfies it) infeasible
            # on tiny degenerate tables; without it the solver agrees with the true table.
            options={"presolve": False},
        )
        if relaxed.status == _UNBOUNDED:
            return -math.inf  # then there is no whole-number optimum either
        if relaxed.status != 0:
            raise RuntimeError(f"The disclosure audit could not be solved: {relaxed.message}")
        if not exact:
            return float(relaxed.fun)
        constraints = [LinearConstraint(equalities, self.equal_to, self.equal_to)]
        if inequalities is not None:
            constraints.append(LinearConstraint(inequalities, -np.inf, 0.0))
        whole = milp(
            objective,
            integrality=np.ones(len(self.position)),
            bounds=Bounds(self.lower, self.upper),
            constraints=constraints,
        )
        if whole.status != 0:
            raise RuntimeError(f"The exact disclosure audit could not be solved: {whole.message}")
        return float(whole.fun)


def _matrix(rows: list[int], columns: list[int], entries: list[float], shape: tuple[int, int]) -> object:
    return coo_array((entries, (rows, columns)), shape=shape).tocsr()


def programme(tables: LinkedTables, free: Sequence[int]) -> Programme:
    """The linear programme with the ``free`` cells unknown and every other cell held at its value."""
    position = {cell: column for column, cell in enumerate(free)}
    rows: list[int] = []
    columns: list[int] = []
    entries: list[float] = []
    right: list[float] = []
    equations = sorted({number for cell in free for number in tables.equations_of[cell]})
    for row, number in enumerate(equations):
        parent, *children = tables.equations[number]
        constant = 0.0
        for member, coefficient in ((parent, 1.0), *((child, -1.0) for child in children)):
            if member in position:
                rows.append(row)
                columns.append(position[member])
                entries.append(coefficient)
            else:
                constant -= coefficient * tables.values[member]
        right.append(constant)
    lower = np.zeros(len(free))
    upper = np.full(len(free), np.inf)
    pairs: list[tuple[int, int]] = []
    for cell, column in position.items():
        for population in tables.above[cell]:
            if population in position:
                pairs.append((column, position[population]))
            else:
                upper[column] = min(upper[column], tables.values[population])
        for numerator in tables.below[cell]:
            if numerator not in position:
                lower[column] = max(lower[column], tables.values[numerator])
    pair_matrix = None
    if pairs:
        pair_matrix = _matrix(
            [row for row in range(len(pairs)) for _ in range(2)],
            [column for pair in pairs for column in pair],
            [1.0, -1.0] * len(pairs),
            (len(pairs), len(free)),
        )
    return Programme(
        position=position,
        equalities=_matrix(rows, columns, entries, (len(equations), len(free))),
        equal_to=np.asarray(right, dtype=np.float64),
        inequalities=pair_matrix,
        lower=lower,
        upper=upper,
    )


def inward(low: float, high: float) -> tuple[float, float]:
    """``[low, high]`` shrunk to whole numbers, allowing for the solver's rounding errors.

    >>> inward(0.9999999999, 4.5)
    (1, 4)
    """
    return (
        math.ceil(low - TOLERANCE * max(1.0, abs(low))),
        high if math.isinf(high) else math.floor(high + TOLERANCE * max(1.0, abs(high))),
    )


@dataclass(frozen=True)
class Audit:
    """What an attacker can work out: an interval for each masked cell and for each implied complement.

    ``cells`` maps each masked (table, key) to its interval; ``complements`` maps (numerator table,
    population table, key) to the interval of ``N - n`` wherever n or N is masked. An upper limit of
    ``inf`` means none.
    """

    cells: dict[CellRef, tuple[float, float]]
    complements: dict[tuple[str, str, Key], tuple[float, float]]


def audit_tables(
    tables: Mapping[str, Mapping[Key, int]],
    masked: Mapping[str, Set[Key]],
    *,
    dims: Sequence[str],
    shares: Sequence[tuple[str, str]] = (),
    exact: bool = False,
) -> Audit:
    """Returns the interval an attacker can derive for each masked cell and each implied complement.

    ``tables`` and ``shares`` are as for :func:`~lika.statistics.disclosure.suppress`;
    ``masked`` holds the hidden keys of each table. The intervals are linear-programming optima, not
    rounded; with ``exact``, whole-number optima.

    >>> from lika.statistics.disclosure.tables import table_complete
    >>> table = table_complete(("sex",), {("female",): 2, ("male",): 30})
    >>> audit_tables({"persons": table}, {"persons": {("female",), ("male",)}}, dims=("sex",)).cells
    {('persons', ('female',)): (0.0, 32.0), ('persons', ('male',)): (0.0, 32.0)}
    """
    linked = LinkedTables(tables, dims, shares)
    hidden: set[int] = set()
    for name, keys in masked.items():
        for key in keys:
            if (name, key) not in linked.index:
                raise ValueError(f"Table {name!r} has no cell {key!r}.")
            hidden.add(linked.index[(name, key)])
    programmes: dict[int, Programme] = {}  # by each hidden cell, that of its region
    for cell in sorted(hidden):
        if cell not in programmes:
            region = linked.region([cell], hidden)
            programmes.update(dict.fromkeys(region, programme(linked, region)))

    def bounds(terms: Terms) -> tuple[float, float]:
        start = next(cell for cell, _ in terms if cell in hidden)
        return programmes[start].bounds(terms, linked.values, exact=exact)

    intervals = {linked.refs[cell]: bounds(((cell, 1),)) for cell in sorted(hidden)}
    complements: dict[tuple[str, str, Key], tuple[float, float]] = {}
    for numerator, population in shares:
        for key in sorted(tables[numerator]):
            terms = ((linked.index[(population, key)], 1), (linked.index[(numerator, key)], -1))
            if any(cell in hidden for cell, _ in terms):  # a masked n and a masked N share a region
                complements[(numerator, population, key)] = bounds(terms)
    return Audit(intervals, complements)


def audit(
    table: Mapping[Key, int], masked: Set[Key], *, dims: Sequence[str], exact: bool = False
) -> dict[Key, tuple[float, float]]:
    """Returns the interval an attacker can derive for each masked cell of one table (see :func:`audit_tables`).

    >>> from lika.statistics.disclosure.tables import table_complete
    >>> table = table_complete(("sex",), {("female",): 2, ("male",): 30})
    >>> audit(table, {("female",)}, dims=("sex",))
    {('female',): (2.0, 2.0)}
    """
    result = audit_tables({"table": table}, {"table": masked}, dims=dims, exact=exact)
    return {key: interval for (_, key), interval in result.cells.items()}
