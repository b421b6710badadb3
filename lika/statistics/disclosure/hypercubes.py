"""Hypercubes of hidden cells: moves that change hidden cells together and leave every published cell as it is.

Start from a hidden cell. In each dimension take either a second category, with the opposite sign,
or the margin, with the same sign (the margin is the sum, so it moves with its child); for a cell
that is itself a margin in a dimension, take one of its categories with the same sign. The cells at
every combination of these choices are the corners of a hypercube (2**d of them in d dimensions),
each signed by the product of its choices. Adding the same whole number t to every corner, times
its sign, keeps every equation: along each dimension the changes either cancel or reach the margin
that adds them up. The result is a second table, in whole numbers, that agrees with everything
published, so an attacker cannot tell the two apart. The move is limited by the corners that would
drop below zero and, for linked share tables, by partner cells held at their values.

This is the hypercube method of secondary suppression (Repsilber 1994; Giessing and Repsilber 2002),
as in τ-ARGUS, with margins taken as corners. The search below finds, for one cell, the cheapest
hypercube whose move is wide enough, by depth-first search over the dimensions, the cheapest
choices first, cutting every branch that already costs as much as the best found or whose moves are
already too short (adding corners only shortens them).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np
import numpy.typing as npt

from lika.statistics.disclosure.tables import LinkedTables

__all__ = ["Cube", "Layout", "cheapest_cube"]

Terms = Sequence[tuple[int, int]]


@dataclass(frozen=True)
class Cube:
    """The corners of a hypercube with their signs, and how far its move can go up and down."""

    cells: tuple[int, ...]
    signs: tuple[int, ...]
    rise: float
    fall: float

    @cached_property
    def sign_of(self) -> dict[int, int]:
        """Each corner's sign."""
        return dict(zip(self.cells, self.signs, strict=True))

    def moves(self, terms: Terms) -> tuple[float, float]:
        """How far ``sum(coefficient * cell)`` can rise and fall along this cube's move."""
        rate = sum(coefficient * self.sign_of.get(cell, 0) for cell, coefficient in terms)
        if rate > 0:
            return rate * self.rise, rate * self.fall
        if rate < 0:
            return -rate * self.fall, -rate * self.rise
        return 0.0, 0.0


class Layout:
    """The cells of the tables that move together, on a grid of category numbers, with their room to move.

    ``group`` names the tables: one table, or a numerator table with its population tables (or the
    reverse), whose cells at the same key then move by the same amount, which keeps ``n <= N``.
    """

    def __init__(self, tables: LinkedTables, group: tuple[str, ...]) -> None:
        self.group = group
        self.shape = tuple(len(level) + 1 for level in tables.categories)
        grid = np.full((len(group), *self.shape), -1, dtype=np.intp)
        for row, name in enumerate(group):
            for cell in tables.cells_of[name]:
                grid[(row, *tables.coordinates[cell])] = cell
        self.flat = grid.ravel()  # cell numbers (-1 for none) by table, then place on the grid
        size = math.prod(self.shape)
        self.tables = np.arange(len(group), dtype=np.intp) * size
        self.strides = [math.prod(self.shape[position + 1 :]) for position in range(len(self.shape))]
        self._choices: dict[tuple[int, int], tuple[npt.NDArray[np.intp], npt.NDArray[np.intp]]] = {}
        values = np.asarray(tables.values, dtype=np.float64)
        floor = np.zeros(len(values))
        ceiling = np.full(len(values), np.inf)
        leaders: list[int] = []
        followers: list[int] = []
        for name in group:
            for cell in tables.cells_of[name]:
                for other in tables.below[cell]:
                    if tables.table_of[other] not in group:
                        floor[cell] = max(floor[cell], values[other])
                for other in tables.above[cell]:
                    if tables.table_of[other] not in group:
                        ceiling[cell] = min(ceiling[cell], values[other])
                for other in (*tables.mirrors[cell], *tables.below[cell]):
                    if tables.table_of[other] not in group:
                        leaders.append(cell)
                        followers.append(other)
        self.fall_room = values - floor
        self.rise_room = ceiling - values
        self.leaders = np.asarray(leaders, dtype=np.intp)
        self.followers = np.asarray(followers, dtype=np.intp)

    def choices(self, position: int, category: int) -> tuple[npt.NDArray[np.intp], npt.NDArray[np.intp]]:
        """The second corners a hypercube may take in a dimension, as steps on the grid, with their signs.

        From a category: each other category (opposite sign) or the margin (same sign); from the
        margin: each category (same sign).
        """
        if (position, category) not in self._choices:
            margin = self.shape[position] - 1
            if category == margin:
                targets = np.arange(margin, dtype=np.intp)
                factors = np.ones(margin, dtype=np.intp)
            else:
                targets = np.append(np.delete(np.arange(margin, dtype=np.intp), category), margin)
                factors = np.append(-np.ones(margin - 1, dtype=np.intp), 1)
            self._choices[(position, category)] = ((targets - category) * self.strides[position], factors)
        return self._choices[(position, category)]

    def prices(self, hidden: npt.NDArray[np.bool_], costs: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
        """What masking each cell costs now: nothing if it is masked already, else its own cost plus
        that of each shown cell outside the group that would follow it."""
        shown = ~hidden
        followers = np.bincount(
            self.leaders, weights=costs[self.followers] * shown[self.followers], minlength=len(costs)
        )
        return (costs + followers) * shown


@dataclass(frozen=True)
class _Partial:
    """Part of a hypercube: its corners (as places on the grid of one table) and signs, cost and moves."""

    corners: npt.NDArray[np.intp]
    signs: npt.NDArray[np.intp]
    cost: float
    rise: float
    fall: float


@dataclass
class _Search:
    layout: Layout
    key: tuple[int, ...]
    rate: int  # +1 if the quantity rises with the starting corner, -1 if it falls
    required: float
    known_up: float
    known_down: float
    prices: npt.NDArray[np.float64]
    order: Sequence[int]
    best_cost: float
    best: _Partial | None = field(default=None)

    def width(self, rise: npt.NDArray[np.float64], fall: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
        """The width the quantity gets from moves this far, with the moves already known."""
        up, down = (rise, fall) if self.rate > 0 else (fall, rise)
        return np.maximum(up, self.known_up) + np.maximum(down, self.known_down)

    def extend(self, level: int, partial: _Partial) -> None:
        if partial.cost >= self.best_cost:
            return
        if level == len(self.order):
            self.best_cost, self.best = partial.cost, partial
            return
        layout = self.layout
        position = self.order[level]
        offsets, factors = layout.choices(position, self.key[position])
        # Every corner so far sits at the starting cell's category in this dimension.
        moved = partial.corners[np.newaxis, :] + offsets[:, np.newaxis]  # choice, corner
        cells = layout.flat[layout.tables[:, np.newaxis, np.newaxis] + moved[np.newaxis]]  # table, choice, corner
        present = (cells >= 0).all(axis=(0, 2))
        cells = np.where(cells >= 0, cells, 0)
        signs = factors[:, np.newaxis] * partial.signs[np.newaxis, :]
        rising = (signs > 0)[np.newaxis]
        rise_room, fall_room = layout.rise_room[cells], layout.fall_room[cells]
        rise = np.minimum(partial.rise, np.where(rising, rise_room, fall_room).min(axis=(0, 2)))
        fall = np.minimum(partial.fall, np.where(rising, fall_room, rise_room).min(axis=(0, 2)))
        cost = partial.cost + self.prices[cells].sum(axis=(0, 2))
        viable = np.flatnonzero(present & (cost < self.best_cost) & (self.width(rise, fall) >= self.required))
        for choice in viable[np.argsort(cost[viable], kind="stable")]:
            self.extend(
                level + 1,
                _Partial(
                    np.concatenate((partial.corners, moved[choice])),
                    np.concatenate((partial.signs, signs[choice])),
                    float(cost[choice]),
                    float(rise[choice]),
                    float(fall[choice]),
                ),
            )


def cheapest_cube(
    layout: Layout,
    key: tuple[int, ...],
    *,
    rate: int,
    required: float,
    known: tuple[float, float],
    prices: npt.NDArray[np.float64],
    order: Sequence[int],
    budget: float = math.inf,
) -> tuple[float, Cube] | None:
    """The cheapest hypercube through the cell at grid place ``key`` that gives a quantity its width.

    The quantity moves ``rate`` times as fast as the starting corner; it must reach a width (its
    greatest rise plus its greatest fall, each the better of this cube's and the ``known`` ones) of
    at least ``required``. Costs are ``prices`` summed over the corners; only cubes cheaper than
    ``budget`` count. Returns None when there is none.
    """
    place = int(np.ravel_multi_index(key, layout.shape))
    start = layout.flat[layout.tables + place]
    if (start < 0).any():
        return None
    rise = float(layout.rise_room[start].min())
    fall = float(layout.fall_room[start].min())
    search = _Search(layout, key, rate, required, known[0], known[1], prices, order, budget)
    if search.width(np.asarray(rise), np.asarray(fall)) < required:
        return None
    corners = np.asarray([place], dtype=np.intp)
    search.extend(0, _Partial(corners, np.ones(1, dtype=np.intp), float(prices[start].sum()), rise, fall))
    if search.best is None:
        return None
    best = search.best
    cells = layout.flat[best.corners[:, np.newaxis] + layout.tables[np.newaxis, :]]  # corner, table
    return search.best_cost, Cube(
        cells=tuple(int(cell) for cell in cells.ravel()),
        signs=tuple(int(sign) for sign in np.repeat(best.signs, len(layout.group))),
        rise=best.rise,
        fall=best.fall,
    )
