"""Adjusted p-values for a family of tests, so that a table of many comparisons is read honestly.

A treatment survey compares women and men on a dozen behaviours in several channels; tested one by
one at 5 %, some will differ by chance. Holm's adjustment controls the chance of any false finding
in the family (use it for the confirmatory table); Benjamini–Hochberg controls the expected share
of false findings among those reported (use it for exploratory tables). Both return one adjusted
p-value per input, in the input's order, to be compared with the chosen level as a raw p-value
would be.
"""

from __future__ import annotations

from collections.abc import Sequence

__all__ = ["benjamini_hochberg", "holm"]


def _checked(p_values: Sequence[float]) -> list[float]:
    checked = [float(p) for p in p_values]
    for position, p in enumerate(checked):
        if not 0.0 <= p <= 1.0:  # also refuses NaN, which compares false
            raise ValueError(f"p-value {position} is {p!r}; every p-value must lie between 0 and 1.")
    return checked


def holm(p_values: Sequence[float]) -> list[float]:
    """Returns Holm's step-down adjusted p-values, in the order given.

    With the m p-values sorted ascending, p₍₁₎ ≤ … ≤ p₍ₘ₎, the adjusted value of the i-th is
    max over j ≤ i of (m − j + 1)·p₍ⱼ₎, capped at 1 (Holm, "A simple sequentially rejective multiple
    test procedure", Scandinavian Journal of Statistics 1979;6:65–70). Rejecting every hypothesis
    whose adjusted value is at most α keeps the family-wise error rate at α under any dependence
    between the tests. Adjusted values never fall below the raw ones, never exceed 1, and keep the
    order of the raw ones. An empty family gives an empty list.

    Raises ValueError for a p-value outside [0, 1] or NaN.

    >>> holm([0.01, 0.04, 0.03])
    [0.03, 0.06, 0.06]
    """
    checked = _checked(p_values)
    count = len(checked)
    adjusted = [0.0] * count
    running_max = 0.0
    for rank, position in enumerate(sorted(range(count), key=checked.__getitem__)):
        running_max = max(running_max, min(1.0, (count - rank) * checked[position]))
        adjusted[position] = running_max
    return adjusted


def benjamini_hochberg(p_values: Sequence[float]) -> list[float]:
    """Returns Benjamini–Hochberg step-up adjusted p-values (false discovery rate), in the order given.

    With the m p-values sorted ascending, the adjusted value of the i-th is min over j ≥ i of
    (m / j)·p₍ⱼ₎, capped at 1 (Benjamini and Hochberg, "Controlling the false discovery rate: a
    practical and powerful approach to multiple testing", Journal of the Royal Statistical Society
    B 1995;57:289–300). Rejecting every hypothesis whose adjusted value is at most q keeps the
    expected share of false discoveries at q for independent or positively dependent tests. Adjusted
    values never fall below the raw ones, never exceed 1, keep the order of the raw ones, and never
    exceed Holm's. An empty family gives an empty list.

    Raises ValueError for a p-value outside [0, 1] or NaN.

    >>> benjamini_hochberg([0.01, 0.04, 0.03])
    [0.03, 0.04, 0.04]
    """
    checked = _checked(p_values)
    count = len(checked)
    adjusted = [0.0] * count
    running_min = 1.0
    descending = sorted(range(count), key=checked.__getitem__, reverse=True)
    for rank_from_top, position in enumerate(descending):
        rank = count - rank_from_top
        running_min = min(running_min, count / rank * checked[position])
        adjusted[position] = running_min
    return adjusted
