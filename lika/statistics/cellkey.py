"""The cell-key method: counts changed by a small random amount that is the same every time the same cell is shown.

Suppression (:mod:`lika.statistics.disclosure`) hides cells and suits a few fixed tables; for
breakdowns a reader chooses freely it would blank most of them. The cell-key method, used by the
Australian Bureau of Statistics (TableBuilder) and by Destatis and the other German statistical
offices for flexible tables, never hides a cell. Instead:

- every record carries a fixed random **record key**, a whole number below :data:`KEY_SPACE`;
- a cell's **cell key** is the sum of its records' keys, modulo :data:`KEY_SPACE`, as a fraction
  between 0 and 1 — so the same people always give the same cell key, whichever table the cell is in;
- the cell key picks the **noise** from a lookup table (:class:`PTable`) for the cell's count: at most
  ``max_noise`` either way, zero on average, and never a published count from 1 to ``small``
  (those become 0 or more than ``small``). Zeros stay zeros.

So the same cell has the same value in every table and every run, a small group cannot be told from
a slightly larger or an empty one, and no cell is blank. The price: a cell is off by up to
``max_noise``, and a total is perturbed on its own, so it need not equal the sum of its parts.

The lookup table's rows are worked out once: for a count ``n``, the distribution of the noise over
the allowed changes that has mean zero and lies as close as possible (least total absolute difference)
to the distribution used for large counts. That is a small linear programme per row (HiGHS through
scipy). The tables of the statistical offices are built the same way, with more constraints.

Pure: no Django, no clock.
"""

from __future__ import annotations

import bisect
import functools
from dataclasses import dataclass

import numpy as np
from scipy.optimize import linprog  # type: ignore[import-untyped]

__all__ = ["KEY_SPACE", "PTable", "cell_key", "ptable", "record_key", "record_key_sql"]

KEY_SPACE = 2**32
"""Record keys are whole numbers from 0 to KEY_SPACE - 1; sums are taken modulo KEY_SPACE."""

# The noise of a large count: −2 … +2 with these chances (mean 0, variance 0.7).
LARGE_COUNT_NOISE: tuple[float, ...] = (0.05, 0.15, 0.6, 0.15, 0.05)


MULTIPLIER = 2654435761  # Knuth's multiplicative hash: consecutive identifiers get keys spread over the key space
MAX_SALT = 2**31


def record_key(identifier: int, salt: int) -> int:
    """A record's key from its whole-number identifier and a secret salt: the same record always gets the same key.

    The same formula runs in SQL (:func:`record_key_sql`), so that an engine can add up the keys of a cell.

    >>> record_key(1, 7) == record_key(1, 7), 0 <= record_key(1, 7) < KEY_SPACE
    (True, True)
    """
    return ((identifier + salt) * MULTIPLIER) % KEY_SPACE


def record_key_sql(column: str, salt: int) -> str:
    """:func:`record_key` as a portable SQL expression over ``column`` (whole numbers stay below 2**63)."""
    if not 0 <= salt < MAX_SALT:
        raise ValueError(f"The salt must lie in [0, 2**31), not {salt}.")
    return f"((({column}) + {salt}) * {MULTIPLIER}) % {KEY_SPACE}"


def cell_key(key_sum: int) -> float:
    """The cell key of a cell whose records' keys add up to ``key_sum``: a fraction in [0, 1)."""
    return (key_sum % KEY_SPACE) / KEY_SPACE


@dataclass(frozen=True)
class PTable:
    """The lookup table: for each count up to ``rows``' last, the noises allowed and their cumulative chances."""

    max_noise: int
    small: int
    rows: tuple[tuple[tuple[int, ...], tuple[float, ...]], ...]  # by count: (noises, cumulative chances)

    def row(self, count: int) -> tuple[tuple[int, ...], tuple[float, ...]]:
        return self.rows[min(count, len(self.rows) - 1)]

    def noise(self, count: int, key: float) -> int:
        """The change to ``count`` for a cell with cell key ``key`` (0 ≤ key < 1)."""
        if count < 0:
            raise ValueError(f"A count cannot be negative: {count}.")
        if not 0.0 <= key < 1.0:
            raise ValueError(f"A cell key lies in [0, 1), not {key}.")
        noises, cumulative = self.row(count)
        return noises[min(bisect.bisect_right(cumulative, key), len(noises) - 1)]

    def perturbed(self, count: int, key: float) -> int:
        """The published count: ``count`` plus its noise, never negative and never from 1 to ``small``."""
        return count + self.noise(count, key)

    def distribution(self, count: int) -> dict[int, float]:
        """The chance of each noise for ``count`` (for tests and for the documentation of the method)."""
        noises, cumulative = self.row(count)
        chances = np.diff((0.0, *cumulative))
        return {noise: float(chance) for noise, chance in zip(noises, chances, strict=True) if chance > 0}


def _row(count: int, max_noise: int, small: int, large: np.ndarray) -> tuple[tuple[int, ...], tuple[float, ...]]:
    if count == 0:
        return (0,), (1.0,)
    noises = [d for d in range(-max_noise, max_noise + 1) if count + d >= 0 and not 0 < count + d <= small]
    if count > small + 2 * max_noise:
        chances = large
    else:
        # Variables: the chance of each allowed noise, then its distance from the large-count chance.
        size = len(noises)
        target = np.array([large[d + max_noise] for d in noises])
        objective = np.concatenate((np.zeros(size), np.ones(size)))
        equalities = np.zeros((2, 2 * size))
        equalities[0, :size] = 1.0  # the chances add up to one
        equalities[1, :size] = noises  # the mean noise is zero
        # |p - q| <= t  as  p - t <= q  and  -p - t <= -q
        bounds_matrix = np.zeros((2 * size, 2 * size))
        bounds_matrix[:size, :size] = np.eye(size)
        bounds_matrix[:size, size:] = -np.eye(size)
        bounds_matrix[size:, :size] = -np.eye(size)
        bounds_matrix[size:, size:] = -np.eye(size)
        solved = linprog(
            objective,
            A_ub=bounds_matrix,
            b_ub=np.concatenate((target, -target)),
            A_eq=equalities,
            b_eq=np.array([1.0, 0.0]),
            bounds=[(0.0, 1.0)] * size + [(0.0, None)] * size,
            method="highs",
        )
        if solved.status != 0:
            raise ValueError(f"No noise with mean zero keeps a count of {count} out of 1–{small} within ±{max_noise}.")
        chances = np.clip(solved.x[:size], 0.0, 1.0)
        chances = chances / chances.sum()
        kept = chances > 1e-12
        noises = [d for d, keep in zip(noises, kept, strict=True) if keep]
        chances = chances[kept]
        return tuple(noises), tuple(float(c) for c in np.cumsum(chances))
    return tuple(range(-max_noise, max_noise + 1)), tuple(float(c) for c in np.cumsum(chances))


@functools.cache
def ptable(max_noise: int = 2, small: int = 2) -> PTable:
    """The lookup table for noise of at most ``max_noise`` that never publishes a count from 1 to ``small``."""
    if max_noise != (len(LARGE_COUNT_NOISE) - 1) // 2:
        raise ValueError(f"The large-count noise is defined for ±{(len(LARGE_COUNT_NOISE) - 1) // 2} only.")
    if small < 0:
        raise ValueError(f"The smallest count to publish cannot be negative: {small}.")
    large = np.array(LARGE_COUNT_NOISE)
    last = small + 2 * max_noise + 1
    return PTable(max_noise, small, tuple(_row(count, max_noise, small, large) for count in range(last + 1)))
