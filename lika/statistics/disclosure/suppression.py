"""Which cells to mask: primary cells by the rules, then hypercubes of secondary cells that protect them."""

from __future__ import annotations

import math
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

import numpy as np
import numpy.typing as npt

from lika.statistics.disclosure.hypercubes import Cube, Layout, cheapest_cube
from lika.statistics.disclosure.symbols import gettext_noop
from lika.statistics.disclosure.tables import TOTAL, CellRef, Key, LinkedTables

__all__ = ["REASON_TEXT", "DisclosureRules", "Masked", "Reason", "Suppression", "suppress"]


@dataclass(frozen=True)
class DisclosureRules:
    """The thresholds of disclosure control.

    ``min_count``: a published count from 1 to ``min_count - 1`` is a primary cell.
    ``min_denominator``: a share whose population is 1 to ``min_denominator - 1`` is masked.
    ``suppress_zero``: zeros are primary cells too (no one in a group, or, for a share, everyone).
    ``protection``: how wide, in persons, the range an attacker can narrow a protected count to must
    stay (``None``: ``min_count``); 1 only forbids working it out exactly.
    ``amount_protection``: the same for amounts, as a share of the amount (at least one öre).
    """

    min_count: int = 5
    min_denominator: int = 10
    suppress_zero: bool = False
    protection: int | None = None
    amount_protection: float = 0.2

    def __post_init__(self) -> None:
        if self.min_count < 1:
            raise ValueError(f"The minimum count must be at least 1, not {self.min_count}.")
        if self.min_denominator < 0:
            raise ValueError(f"The minimum denominator cannot be negative: {self.min_denominator}.")
        if self.protection is not None and self.protection < 1:
            raise ValueError(f"The protection width must be at least 1, not {self.protection}.")
        if not 0.0 <= self.amount_protection <= 10.0:  # a sanity limit: ten times the amount
            raise ValueError(f"The amount protection must lie between 0 and 10, not {self.amount_protection}.")

    @property
    def width(self) -> int:
        """The protection width for counts, in persons."""
        return self.min_count if self.protection is None else self.protection


class Reason(StrEnum):
    """Why a cell is masked."""

    SMALL_COUNT = "small_count"
    SMALL_COMPLEMENT = "small_complement"
    SMALL_DENOMINATOR = "small_denominator"
    SECONDARY = "secondary"
    LINKED = "linked"
    WITHHELD = "withheld"  # set by a caller that leaves out a breakdown for a year, never by suppress()


REASON_TEXT: Mapping[Reason, str] = {
    Reason.SMALL_COUNT: gettext_noop("Too few people."),
    Reason.SMALL_COMPLEMENT: gettext_noop("All or almost all of a small group."),
    Reason.SMALL_DENOMINATOR: gettext_noop("The group is too small to show a share."),
    Reason.SECONDARY: gettext_noop("Hidden so that another hidden figure cannot be worked out."),
    Reason.LINKED: gettext_noop("Hidden because the matching figure in a linked table is hidden."),
    Reason.WITHHELD: gettext_noop(
        "Not published for this year: its groups are too small to show without hiding the figures for women and men."
    ),
}
"""A short explanation of each reason for readers; translate it with ``gettext`` when showing it."""


@dataclass(frozen=True)
class Masked:
    """A masked cell and why; for a secondary or linked mask, the masked cell it protects or follows."""

    table: str
    key: Key
    reason: Reason
    protects: CellRef | None = None


@dataclass(frozen=True)
class Suppression:
    """The masked cells of each table; every other cell is published."""

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
class _Quantity:
    """A hidden quantity ``sum(coefficient * cell)`` that must stay ``required`` wide; ``owner`` is the masked cell it
    concerns, whose key the hypercubes start from."""

    owner: int
    terms: tuple[tuple[int, int], ...]
    required: float


KEEP_FACTOR = 8.0
"""How much more it costs to mask a cell the caller asked to keep (see ``keep`` in :func:`suppress`)."""


Keep = Mapping[str, Collection[str] | Mapping[str, float]]
"""Per dimension, the values to hide last: a set (each costing :data:`KEEP_FACTOR` times more) or a
mapping from value to its own factor."""


class _Suppressor:
    def __init__(
        self,
        tables: LinkedTables,
        rules: DisclosureRules,
        keep: Keep | None = None,
        published: Callable[[Key], bool] | None = None,
    ) -> None:
        self.tables = tables
        self.rules = rules
        self.masked: dict[int, tuple[Reason, int | None]] = {}
        # Cells nobody publishes are hidden from the start: they need no protection of their own, and a
        # hypercube may move them for nothing (the attacker knows only that they add up and are not negative).
        self.unpublished = np.array(
            [published is not None and not published(key) for _name, key in tables.refs], dtype=np.bool_
        )
        self.hidden = self.unpublished.copy()
        # Masking a cell costs one for the cell plus the logarithm of one plus the persons in it:
        # counting cells and, more gently, persons hides fewer of both than counting either alone
        # (measured on synthetic follow-up tables).
        self.costs = 1.0 + np.log1p(np.asarray(tables.weights, dtype=np.float64))
        for dim, values in (keep or {}).items():
            position = tables.dims.index(dim)
            factors = values if isinstance(values, Mapping) else dict.fromkeys(values, KEEP_FACTOR)
            for cell, (_name, key) in enumerate(tables.refs):
                if key[position] in factors:
                    self.costs[cell] *= factors[key[position]]
        self.layouts: dict[tuple[str, ...], Layout] = {}
        self.cubes_of: dict[int, list[Cube]] = {}
        self.price_of: dict[tuple[str, ...], npt.NDArray[np.float64]] = {}
        # The long dimensions last: the search then branches least near its root.
        self.order = sorted(range(len(tables.dims)), key=lambda position: len(tables.categories[position]))

    def primaries(self) -> tuple[dict[int, Reason], list[_Quantity]]:
        """The primary cells with their reasons, and the quantities to protect."""
        tables, rules = self.tables, self.rules
        reasons: dict[int, Reason] = {}
        quantities: dict[tuple[tuple[int, int], ...], _Quantity] = {}

        def small(value: int) -> bool:
            return 0 < value < rules.min_count or (value == 0 and rules.suppress_zero)

        def protect(owner: int, terms: tuple[tuple[int, int], ...], required: float) -> None:
            quantities.setdefault(terms, _Quantity(owner, terms, required))

        shown = ~self.unpublished
        for cell, value in enumerate(tables.values):
            if shown[cell] and not tables.is_amount[cell] and small(value):
                reasons[cell] = Reason.SMALL_COUNT
                protect(cell, ((cell, 1),), rules.width)
        for cell, populations in enumerate(tables.above):
            if not shown[cell]:
                continue
            for population in populations:
                if small(tables.values[population] - tables.values[cell]):
                    reasons.setdefault(cell, Reason.SMALL_COMPLEMENT)
                    protect(cell, ((population, 1), (cell, -1)), rules.width)
                if 0 < tables.values[population] < rules.min_denominator:
                    reasons.setdefault(cell, Reason.SMALL_DENOMINATOR)
                    protect(cell, ((cell, 1),), rules.width)
        for cell in sorted(reasons):
            for amount in tables.mirrors[cell]:
                if tables.is_amount[amount]:
                    required = max(1.0, math.ceil(rules.amount_protection * tables.values[amount]))
                    protect(amount, ((amount, 1),), required)

        # The finest cells first: the hypercubes of small cells, masked early, often protect the margins too.
        def margins(quantity: _Quantity) -> int:
            return tables.refs[quantity.owner][1].count(TOTAL)

        return reasons, sorted(
            quantities.values(), key=lambda quantity: (margins(quantity), quantity.owner, quantity.terms)
        )

    def mask(self, cell: int, reason: Reason, protects: int | None) -> None:
        """Masks ``cell`` and the cells that follow it: a population cell's numerators, an amount's count."""
        self.masked.setdefault(cell, (reason, protects))
        self._hide(cell)
        stack = [cell]
        while stack:
            leader = stack.pop()
            for follower in (*self.tables.mirrors[leader], *self.tables.below[leader]):
                if follower not in self.masked and not self.unpublished[follower]:
                    self.masked[follower] = (Reason.LINKED, leader)
                    self._hide(follower)
                    stack.append(follower)

    def _hide(self, cell: int) -> None:
        if self.hidden[cell]:
            return
        self.hidden[cell] = True
        tables = self.tables
        for group, prices in self.price_of.items():
            prices[cell] = 0.0
            if tables.table_of[cell] not in group:  # it no longer adds to the cost of the cells it follows
                for leader in (*tables.mirrors[cell], *tables.above[cell]):
                    if tables.table_of[leader] in group and not self.hidden[leader]:
                        prices[leader] -= self.costs[cell]

    def groups(self, quantity: _Quantity) -> list[tuple[tuple[str, ...], int]]:
        """The sets of tables a hypercube may move together, each with how fast the quantity moves with it.

        A cell's own table; for a complement, either table of the share; and the owner's table with
        the tables linked to it by shares, whose cells then move together and keep ``n <= N``.
        """
        tables = self.tables
        own = tables.table_of[quantity.owner]
        candidates: list[tuple[str, ...]] = [(own,)]
        candidates.extend((name,) for name in sorted({tables.table_of[cell] for cell, _ in quantity.terms} - {own}))
        partners = {tables.table_of[cell] for cell in (*tables.above[quantity.owner], *tables.below[quantity.owner])}
        if partners:
            candidates.append((own, *sorted(partners)))
        result: list[tuple[tuple[str, ...], int]] = []
        for group in candidates:
            rate = sum(coefficient for cell, coefficient in quantity.terms if tables.table_of[cell] in group)
            if rate:
                result.append((group, rate))
        return result

    def layout(self, group: tuple[str, ...]) -> Layout:
        if group not in self.layouts:
            self.layouts[group] = Layout(self.tables, group)
        return self.layouts[group]

    def prices(self, group: tuple[str, ...]) -> npt.NDArray[np.float64]:
        """The current cost of masking each cell, for hypercubes over ``group`` (kept up to date by :meth:`mask`)."""
        if group not in self.price_of:
            self.price_of[group] = self.layout(group).prices(self.hidden, self.costs)
        return self.price_of[group]

    def known_moves(self, quantity: _Quantity) -> tuple[float, float]:
        """The greatest rise and fall of ``quantity`` along the hypercubes masked so far."""
        up = down = 0.0
        for cube in {cube for cell, _ in quantity.terms for cube in self.cubes_of.get(cell, ())}:
            rise, fall = cube.moves(quantity.terms)
            up, down = max(up, rise), max(down, fall)
        return up, down

    def protect(self, quantity: _Quantity) -> None:
        """Protects ``quantity`` with the hypercubes masked so far or, if they do not move it far enough, the
        cheapest hypercube that does.

        There always is one: the hypercube of the cell and all its margins (the margin in every
        dimension, every corner with the same sign) can rise without limit, as nothing bounds a
        rise but a population cell, and the numerator's population tables may move with it.
        """
        up, down = self.known_moves(quantity)
        if up + down >= quantity.required:
            return
        key = self.tables.coordinates[quantity.owner]
        best: tuple[float, Cube] | None = None
        for group, rate in self.groups(quantity):
            layout = self.layout(group)
            found = cheapest_cube(
                layout,
                key,
                rate=rate,
                required=quantity.required,
                known=(up, down),
                prices=self.prices(group),
                order=self.order,
                budget=math.inf if best is None else best[0],
            )
            if found is not None:
                best = found
        if best is None:
            raise AssertionError(f"No hypercube protects {self.tables.refs[quantity.owner]!r}.")
        cube = best[1]
        for cell in cube.cells:
            if cell not in self.masked and not self.unpublished[cell]:
                self.mask(cell, Reason.SECONDARY, quantity.owner)
            self.cubes_of.setdefault(cell, []).append(cube)

    def run(self) -> dict[int, tuple[Reason, int | None]]:
        reasons, quantities = self.primaries()
        for cell in sorted(reasons):
            self.masked[cell] = (reasons[cell], None)
        for cell in sorted(reasons):
            self.mask(cell, reasons[cell], None)
        for quantity in quantities:
            self.protect(quantity)
        # No masked cell may be worked out exactly either: one that no hypercube moves yet (a numerator
        # cell masked with its population cell, say) gets a hypercube of its own.
        checked: set[int] = set()
        while pending := sorted(self.masked.keys() - checked):
            for cell in pending:
                checked.add(cell)
                self.protect(_Quantity(cell, ((cell, 1),), 1.0))
        return self.masked


def suppress(
    tables: Mapping[str, Mapping[Key, int]],
    *,
    dims: Sequence[str],
    rules: DisclosureRules | None = None,
    shares: Sequence[tuple[str, str]] = (),
    amounts: Sequence[tuple[str, str]] = (),
    keep: Keep | None = None,
    published: Callable[[Key], bool] | None = None,
) -> Suppression:
    """Returns the cells to mask in ``tables`` so that no protected quantity can be worked out.

    ``tables`` maps a name to a complete table (finest cells and margins, see
    :func:`~lika.statistics.disclosure.table_complete`), all over the dimensions ``dims``.
    ``shares`` lists (numerator table, population table) pairs of published shares n / N;
    ``amounts`` lists (amount table, count table) pairs, the count table holding the persons behind
    each amount. Tables in neither list are plain count tables. The same input gives the same output.
    ``keep`` names, per dimension, the values whose cells are the last to be chosen for secondary
    masks (the follow-up keeps women's and men's figures, hiding totals or unknown sex instead
    where either protects as well); it changes which cells are masked, never how well. A set costs
    each of its values :data:`KEEP_FACTOR` times more; a mapping gives each value its own factor.
    ``published`` says which cells are published (``None``: all of them). The others are published
    nowhere: they are never masked or protected themselves, but they stay unknowns an attacker can
    reason about, so a protection found through them holds for the cells that are published. This is
    how linked tables cut from one cube (year × sex, year × sex × country, year × sex × age ...) are
    protected together without protecting the fine cells no table shows.

    Raises ValueError when a table does not add up, has a negative cell, or linked tables differ in
    their cells, or a numerator exceeds its population.

    >>> from lika.statistics.disclosure.tables import table_complete
    >>> table = table_complete(("sex",), {("female",): 2, ("male",): 30, ("unknown",): 40})
    >>> [(masked.key, masked.reason.value) for masked in suppress({"persons": table}, dims=("sex",)).all_masked()]
    [(('female',), 'small_count'), (('male',), 'secondary')]
    """
    linked = LinkedTables(tables, dims, shares, amounts)
    unknown = sorted(set(keep or {}) - set(dims))
    if unknown:
        raise ValueError(f"Cannot keep values of {unknown}: not among the dimensions {list(dims)}.")
    masked = _Suppressor(linked, rules or DisclosureRules(), keep, published).run()
    result: dict[str, dict[Key, Masked]] = {name: {} for name in linked.names}
    for cell in sorted(masked):
        reason, protects = masked[cell]
        name, key = linked.refs[cell]
        result[name][key] = Masked(name, key, reason, None if protects is None else linked.refs[protects])
    return Suppression(result)
