"""The daily-allowance kernel: amounts for many people at once, in whole öre, with their reasons.

The kernel works on *segments*: a row is one person during a stretch of days in which nothing that
matters to the allowance changes (household, partner, age band, food, eligibility, reduction,
parameters). A month without changes is one row per person; a move or a birthday into a new age
band in mid-month splits it. Rows of the same household and stretch share a ``group``. Evaluating
each row for its number of days is the same as evaluating every day, because nothing changes
within a row.

For each row the kernel decides the category (child, single adult, adult living with a partner,
young adult living with parents), the rate for the person's food situation, the halving of younger
children, and a reduction that never takes the food part. It then splits each child's amount
equally between the child's payees (its parents or guardians in the household, else the
household's eligible adults, else the child itself). The öre that do not divide evenly go one
each to the payees in turn, starting at a position that moves with ``rotation`` (the month
number), so nobody is favoured month after month. Every step is kept per row, so the explanation
of an amount is the kernel's own working, not a second calculation.

NumPy only; no Django, no clock.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from lika.allowance.rules.parameters import ParameterHistory

Int64Array = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]
Int8Array = npt.NDArray[np.int8]

_MAX_AGE = 131


class Category(enum.IntEnum):
    """What kind of rate a row gets. Stored in explanations; never renumber."""

    CHILD = 0
    ADULT_SINGLE = 1
    ADULT_PARTNER = 2
    ADULT_SHARED_HOUSEHOLD = 3
    YOUNG_ADULT_WITH_PARENTS = 4
    NOT_ELIGIBLE = 5


# Which parameter each category's rate comes from, for citing it.
CATEGORY_PARAMETER = {
    Category.CHILD: "child_bands",
    Category.ADULT_SINGLE: "adult_single",
    Category.ADULT_PARTNER: "adult_partner",
    Category.ADULT_SHARED_HOUSEHOLD: "adult_partner",
    Category.YOUNG_ADULT_WITH_PARENTS: "young_adult_with_parents",
}


class KernelInputError(ValueError):
    """Segments that break the kernel's contract (a programming error in the caller, not user input)."""


@dataclass(frozen=True)
class Segments:
    """The kernel's input: one row per person and stretch of unchanged days.

    ``group`` must be dense (0..groups-1); ``person`` indexes the persons (0..persons-1).
    ``payee_child``/``payee_row`` optionally name, for child rows, the rows (in the same group)
    that receive the child's allowance; children not named there are paid to the group's
    eligible adults.
    """

    person: Int64Array
    group: Int64Array
    days: Int64Array
    version: Int64Array
    age: Int64Array
    birth_ordinal: Int64Array
    tiebreak: Int64Array
    has_partner: BoolArray
    with_parent: BoolArray
    food_included: BoolArray
    eligible: BoolArray
    reduction_ore: Int64Array
    persons: int
    groups: int
    payee_child: Int64Array | None = None
    payee_row: Int64Array | None = None


@dataclass(frozen=True)
class Result:
    """The kernel's output per row, per child's share and per person; all money in öre.

    A child's amount for a row is split into shares, one per payee: ``share_child_row`` is the
    child's row, ``share_payee_row`` the payee's row (the child's own row when the child is paid on
    an own card or has no adult to be paid to), ``share_ore`` the payee's part and
    ``share_payee_count`` how many payees the child's amount is split between. Shares are grouped
    by child, payees in order of their ``tiebreak``.
    """

    category: Int8Array
    rate_ore: Int64Array
    child_rank: Int64Array
    halved: BoolArray
    reduction_applied_ore: Int64Array
    daily_ore: Int64Array
    amount_ore: Int64Array
    share_child_row: Int64Array
    share_payee_row: Int64Array
    share_ore: Int64Array
    share_payee_count: Int64Array
    allowance_ore: Int64Array
    payout_ore: Int64Array


@dataclass(frozen=True)
class _RateTables:
    adult_rate: Int64Array  # [version, category, food]
    child_rate: Int64Array  # [version, age, food]
    adult_age: Int64Array
    young_max_age: Int64Array  # -1 where the rule is not in force
    partners_only: BoolArray
    full_children: Int64Array
    share_numerator: Int64Array
    share_denominator: Int64Array
    protects_food: BoolArray


_TABLE_CACHE: dict[str, _RateTables] = {}


def _rate_tables(history: ParameterHistory) -> _RateTables:
    """Looks up every rate and rule of every parameter version once, as arrays indexed by version."""
    cached = _TABLE_CACHE.get(history.sha256) if history.sha256 else None
    if cached is not None:
        return cached
    versions = len(history.versions)
    adult_rate = np.zeros((versions, len(Category), 2), dtype=np.int64)
    child_rate = np.zeros((versions, _MAX_AGE, 2), dtype=np.int64)
    for index, p in enumerate(history.versions):
        for category, rate in (
            (Category.ADULT_SINGLE, p.adult_single),
            (Category.ADULT_PARTNER, p.adult_partner),
            (Category.ADULT_SHARED_HOUSEHOLD, p.adult_partner),
            (Category.YOUNG_ADULT_WITH_PARENTS, p.young_adult_with_parents),
        ):
            adult_rate[index, category] = (rate.food_not_included_ore, rate.food_included_ore)
        for age in range(_MAX_AGE):
            rate = p.child_rate(age)
            child_rate[index, age] = (rate.food_not_included_ore, rate.food_included_ore)
    tables = _RateTables(
        adult_rate=adult_rate,
        child_rate=child_rate,
        adult_age=np.array([p.adult_age for p in history.versions], dtype=np.int64),
        young_max_age=np.array(
            [-1 if p.young_adult_max_age is None else p.young_adult_max_age for p in history.versions], dtype=np.int64
        ),
        partners_only=np.array([p.living_together == "partners_only" for p in history.versions]),
        full_children=np.array([p.children_at_full_rate for p in history.versions], dtype=np.int64),
        share_numerator=np.array([p.younger_child_share.numerator for p in history.versions], dtype=np.int64),
        share_denominator=np.array([p.younger_child_share.denominator for p in history.versions], dtype=np.int64),
        protects_food=np.array([p.reduction_protects_food for p in history.versions]),
    )
    if history.sha256:
        _TABLE_CACHE[history.sha256] = tables
    return tables


def _position_in_run(keys: Int64Array) -> Int64Array:
    """Numbers each element within its run of equal keys, from 0; equal keys must be adjacent.

    >>> _position_in_run(np.array([3, 3, 5, 7, 7, 7]))
    array([0, 1, 0, 0, 1, 2])
    """
    size = len(keys)
    if size == 0:
        return np.zeros(0, dtype=np.int64)
    starts = np.ones(size, dtype=bool)
    starts[1:] = keys[1:] != keys[:-1]
    first = np.maximum.accumulate(np.where(starts, np.arange(size), 0))
    return np.arange(size, dtype=np.int64) - first


def _contract_check(segments: Segments) -> None:
    """Raises :class:`KernelInputError` for segments that break the kernel's contract."""
    size = len(segments.person)
    for name in ("group", "days", "version", "age", "birth_ordinal", "tiebreak", "has_partner", "with_parent"):
        if len(getattr(segments, name)) != size:
            raise KernelInputError(f"Segments.{name} has {len(getattr(segments, name))} rows, expected {size}.")
    if size and (segments.group.min() < 0 or segments.group.max() >= segments.groups):
        raise KernelInputError("Segments.group must be dense in 0..groups-1.")
    if size and (segments.days.min() < 1 or segments.age.min() < 0 or segments.age.max() >= _MAX_AGE):
        raise KernelInputError("Segments need at least one day and an age between 0 and 130.")
    if size and segments.reduction_ore.min() < 0:
        raise KernelInputError("A reduction cannot be negative.")


def _parameter_for_rows(values: npt.NDArray[Any], version: Int64Array, single: int | None) -> Any:
    """Gives every row the value of a per-version parameter; a scalar when the input has one version."""
    return values[single] if single is not None else values[version]


def _in_household_order(
    rows: Int64Array, group: Int64Array, middle: Int64Array | None, tiebreak: Int64Array
) -> Int64Array:
    """Sorts ``rows`` by household segment (group), then by ``middle`` (if given), then by ``tiebreak``.

    Input built household by household is already in group and tiebreak order; then one stable
    sort of a combined key is enough, which is much faster than a three-key lexsort.
    """
    if not len(rows):
        return rows
    g, t = group[rows], tiebreak[rows]
    in_order = bool(np.all(g[1:] >= g[:-1])) and bool(np.all((t[1:] >= t[:-1]) | (g[1:] != g[:-1])))
    if in_order:
        if middle is None:
            return rows
        m = middle[rows]
        low, span = int(m.min()), int(m.max()) - int(m.min()) + 1
        if int(g[-1]) < (1 << 62) // span:
            return rows[np.argsort(g * span + (m - low), kind="stable")]
    keys = (t, g) if middle is None else (t, middle[rows], g)
    return rows[np.lexsort(keys)]


def _categories(s: Segments, t: _RateTables, is_child: BoolArray, single: int | None) -> Int8Array:
    """Decides each row's category: child, single, partner, shared household, young adult, or not eligible."""
    adult = ~is_child
    adults_in_group = np.bincount(s.group[adult], minlength=s.groups)
    shares_home = adults_in_group[s.group] >= 2
    partners_only = _parameter_for_rows(t.partners_only, s.version, single)
    young_max = _parameter_for_rows(t.young_max_age, s.version, single)
    young_with_parents = partners_only & (young_max >= 0) & (s.age <= young_max) & s.with_parent
    category = np.full(len(s.person), Category.ADULT_SINGLE, dtype=np.int8)
    category[~partners_only & shares_home] = Category.ADULT_SHARED_HOUSEHOLD
    category[young_with_parents] = Category.YOUNG_ADULT_WITH_PARENTS
    category[s.has_partner] = Category.ADULT_PARTNER
    category[is_child] = Category.CHILD
    category[~s.eligible] = Category.NOT_ELIGIBLE
    return category


def _child_ranks(s: Segments, paid_child: BoolArray) -> Int64Array:
    """Ranks each eligible child in its household segment from 0, eldest first; ties by ``tiebreak``."""
    rank = np.full(len(s.person), -1, dtype=np.int64)
    order = _in_household_order(np.flatnonzero(paid_child), s.group, s.birth_ordinal, s.tiebreak)
    rank[order] = _position_in_run(s.group[order])
    return rank


def _payees_of_children(s: Segments, paid_child: BoolArray, eligible_adult: BoolArray) -> tuple[Int64Array, Int64Array]:
    """Names who is paid each eligible child's allowance, as (child row, payee row) pairs.

    The payees are the ones named in ``payee_child``/``payee_row`` (the child's parents or
    guardians, or the child itself on an own card); else the segment's eligible adults; else the
    child itself. Pairs are grouped by child, payees in ``tiebreak`` order.
    """
    named = np.zeros(len(s.person), dtype=bool)
    parts_child, parts_payee = [], []
    if s.payee_child is not None and s.payee_row is not None and len(s.payee_child):
        keep = paid_child[s.payee_child]
        child, payee = s.payee_child[keep], s.payee_row[keep]
        if np.any(s.group[child] != s.group[payee]):
            raise KernelInputError("A child's payee must be in the child's household segment.")
        order = np.lexsort((s.tiebreak[payee], child))
        parts_child.append(child[order])
        parts_payee.append(payee[order])
        named[child] = True
    adults = _in_household_order(np.flatnonzero(eligible_adult), s.group, None, s.tiebreak)
    adults_in_group = np.bincount(s.group[adults], minlength=s.groups)
    first_adult = np.cumsum(adults_in_group) - adults_in_group
    children = np.flatnonzero(paid_child & ~named)
    counts = adults_in_group[s.group[children]]
    alone = children[counts == 0]
    with_adults, counts = children[counts > 0], counts[counts > 0]
    repeated = np.repeat(with_adults, counts)
    offsets = np.arange(len(repeated), dtype=np.int64) - np.repeat(np.cumsum(counts) - counts, counts)
    parts_child += [repeated, alone]
    parts_payee += [adults[first_adult[s.group[repeated]] + offsets], alone]
    return np.concatenate(parts_child).astype(np.int64), np.concatenate(parts_payee).astype(np.int64)


def _split_equally(amount_ore: Int64Array, payees: Int64Array, position: Int64Array, rotation: int) -> Int64Array:
    """Splits each amount into equal whole-öre shares; the öre left over go one each to the payees in turn.

    ``amount_ore`` and ``payees`` are repeated for every payee of the amount, ``position`` is the
    payee's place among them (0, 1, ...). The payee at ``position`` gets one extra öre when
    ``(position + rotation) % payees`` is less than the öre left over, so the shares add up to the
    amount exactly, and a ``rotation`` one higher (the next month) moves the extra öre on.

    >>> _split_equally(np.array([100, 100, 100]), np.array([3, 3, 3]), np.array([0, 1, 2]), rotation=0)
    array([34, 33, 33])
    >>> _split_equally(np.array([100, 100, 100]), np.array([3, 3, 3]), np.array([0, 1, 2]), rotation=1)
    array([33, 33, 34])
    """
    divisor = np.maximum(payees, 1)
    gets_extra = ((position + rotation) % divisor) < amount_ore % divisor
    return (amount_ore // divisor + gets_extra).astype(np.int64)


def _sum_by_person(s: Segments, values: Int64Array, identity: bool) -> Int64Array:
    """Adds up each person's values over their rows (``identity``: one row per person, in order)."""
    if identity:
        return values.astype(np.int64, copy=True)
    # Sums stay far below 2**53 öre, so float64 weights add them exactly.
    return np.bincount(s.person, weights=values, minlength=s.persons).astype(np.int64)


def kernel_run(segments: Segments, history: ParameterHistory, *, rotation: int = 0) -> Result:
    """Computes every row's daily amount, every child's split and every person's totals.

    ``rotation`` (use :attr:`Month.number <lika.allowance.rules.month.Month.number>`) decides which
    payee gets the first leftover öre of a split.
    """
    _contract_check(segments)
    s, t = segments, _rate_tables(history)
    size = len(s.person)
    single = int(s.version[0]) if size and int(s.version.min()) == int(s.version.max()) else None
    is_child = s.age < _parameter_for_rows(t.adult_age, s.version, single)
    category = _categories(s, t, is_child, single)
    food = s.food_included.astype(np.int64)
    paid_child = is_child & s.eligible
    rank = _child_ranks(s, paid_child)
    cats = len(Category)
    if single is not None:
        adult_flat, child_flat = t.adult_rate[single].reshape(-1), t.child_rate[single].reshape(-1)
        adult_key, child_key = category.astype(np.int64) * 2 + food, np.minimum(s.age, _MAX_AGE - 1) * 2 + food
    else:
        adult_flat, child_flat = t.adult_rate.reshape(-1), t.child_rate.reshape(-1)
        adult_key = (s.version * cats + category) * 2 + food
        child_key = (s.version * _MAX_AGE + np.minimum(s.age, _MAX_AGE - 1)) * 2 + food
    rate = np.where(is_child, child_flat[child_key], adult_flat[adult_key])
    rate[~s.eligible] = 0
    halved = paid_child & (rank >= _parameter_for_rows(t.full_children, s.version, single))
    numerator = _parameter_for_rows(t.share_numerator, s.version, single)
    denominator = _parameter_for_rows(t.share_denominator, s.version, single)
    daily = np.where(halved, rate * numerator // denominator, rate)
    if s.reduction_ore.any():
        # LMA 10 §: a reduction may take the allowance down to the food part, never into it.
        adult_index = np.where(is_child, Category.ADULT_SINGLE, category.astype(np.int64))
        version = s.version if single is None else np.full(size, single, dtype=np.int64)
        food_part = t.adult_rate[version, adult_index, 0] - t.adult_rate[version, adult_index, 1]
        protected = np.where(_parameter_for_rows(t.protects_food, s.version, single) & (food == 0), food_part, 0)
        reducible = np.where(~is_child & s.eligible, np.maximum(daily - protected, 0), 0)
        reduction = np.minimum(s.reduction_ore, reducible)
        daily = daily - reduction
    else:
        reduction = np.zeros(size, dtype=np.int64)
    amount = daily * s.days

    share_child_row, share_payee_row = _payees_of_children(s, paid_child, ~is_child & s.eligible)
    payees = np.bincount(share_child_row, minlength=size)[share_child_row]
    share = _split_equally(amount[share_child_row], payees, _position_in_run(share_child_row), rotation)

    identity = s.persons == size and bool(np.array_equal(s.person, np.arange(size)))
    allowance = _sum_by_person(s, amount, identity)
    payout = _sum_by_person(s, np.where(is_child, 0, amount), identity) + np.bincount(
        s.person[share_payee_row], weights=share, minlength=s.persons
    ).astype(np.int64)
    return Result(
        category=category,
        rate_ore=rate,
        child_rank=rank,
        halved=halved,
        reduction_applied_ore=reduction,
        daily_ore=daily,
        amount_ore=amount,
        share_child_row=share_child_row,
        share_payee_row=share_payee_row,
        share_ore=share,
        share_payee_count=payees,
        allowance_ore=allowance,
        payout_ore=payout,
    )
