"""Confidence intervals for a share and for the difference between two shares.

A share here is ``successes`` out of ``trials`` independent trials: women in a group who have an own
payment card, contacts in which an officer offered the client a choice. The score intervals below
stay inside [0, 1] and keep close to their nominal coverage even for small groups and shares near
0 or 1, where the textbook Wald interval (estimate ± z·standard error) fails.
"""

from __future__ import annotations

import math
import operator
from dataclasses import dataclass
from statistics import NormalDist

__all__ = ["Interval", "newcombe_difference", "wilson_interval"]


@dataclass(frozen=True)
class Interval:
    """A point estimate with the lower and upper limits of its confidence interval."""

    estimate: float
    low: float
    high: float

    def __post_init__(self) -> None:
        if not self.low <= self.estimate <= self.high:
            raise ValueError(
                f"An interval needs low <= estimate <= high, not {self.low}, {self.estimate}, {self.high}."
            )


def _two_sided_quantile(confidence: float) -> float:
    """The standard normal quantile z with P(-z < Z < z) = ``confidence``."""
    if not 0.0 < confidence < 1.0:
        raise ValueError(f"The confidence level must lie strictly between 0 and 1, not {confidence!r}.")
    return NormalDist().inv_cdf(0.5 + confidence / 2.0)


def _counts(successes: int, trials: int) -> tuple[int, int]:
    successes, trials = operator.index(successes), operator.index(trials)
    if trials <= 0:
        raise ValueError(f"A share needs at least one trial; got {trials} trials.")
    if not 0 <= successes <= trials:
        raise ValueError(f"Successes must lie between 0 and the {trials} trials; got {successes}.")
    return successes, trials


def wilson_interval(successes: int, trials: int, *, confidence: float = 0.95) -> Interval:
    """Returns the share ``successes / trials`` with its Wilson score interval.

    The limits are the two shares p for which the observed share lies exactly z standard errors
    from p, the standard error taken at p itself (Wilson, "Probable inference, the law of
    succession, and statistical inference", JASA 1927;22:209–212). Newcombe's comparison of seven
    methods calls this method 3 and recommends it (Newcombe, "Two-sided confidence intervals for
    the single proportion: comparison of seven methods", Statistics in Medicine 1998;17:857–872).
    No continuity correction is applied. The limits are exactly 0 when there are no successes and
    exactly 1 when every trial succeeds.

    Raises ValueError for zero trials, successes outside 0..trials, or a confidence level outside
    (0, 1).

    Newcombe's first example, 81 successes in 263 trials:

    >>> interval = wilson_interval(81, 263)
    >>> round(interval.estimate, 4), round(interval.low, 4), round(interval.high, 4)
    (0.308, 0.2553, 0.3662)
    >>> wilson_interval(0, 20).low
    0.0
    >>> wilson_interval(0, 0)
    Traceback (most recent call last):
    ...
    ValueError: A share needs at least one trial; got 0 trials.
    """
    successes, trials = _counts(successes, trials)
    z = _two_sided_quantile(confidence)
    z_squared = z * z
    estimate = successes / trials
    denominator = trials + z_squared
    centre = (successes + z_squared / 2.0) / denominator
    half_width = z * math.sqrt(successes * (trials - successes) / trials + z_squared / 4.0) / denominator
    # At 0 and at n successes the exact limit is the estimate itself (0 or 1); clamping removes the
    # trace of rounding that floating point leaves there.
    low = min(estimate, max(0.0, centre - half_width))
    high = max(estimate, min(1.0, centre + half_width))
    return Interval(estimate=estimate, low=low, high=high)


def newcombe_difference(
    successes_a: int,
    trials_a: int,
    successes_b: int,
    trials_b: int,
    *,
    confidence: float = 0.95,
) -> Interval:
    """Returns the difference of two independent shares, p_a − p_b, with Newcombe's hybrid score interval.

    Each share gets its Wilson score interval (l_a, u_a) and (l_b, u_b); the limits of the
    difference combine the distances from each estimate to its own limits ("square and add"):

        low  = (p_a − p_b) − √((p_a − l_a)² + (u_b − p_b)²)
        high = (p_a − p_b) + √((u_a − p_a)² + (p_b − l_b)²)

    This is method 10 of Newcombe, "Interval estimation for the difference between independent
    proportions: comparison of eleven methods", Statistics in Medicine 1998;17:873–890, which he
    recommends for its coverage and because it needs no iteration. The limits stay within [−1, 1].
    The two groups are assumed independent (for example women and men in the same population); a
    paired design needs a different interval.

    Raises ValueError as :func:`wilson_interval` does, for either group.

    Newcombe's example (a), 56/70 against 48/80:

    >>> difference = newcombe_difference(56, 70, 48, 80)
    >>> round(difference.estimate, 4), round(difference.low, 4), round(difference.high, 4)
    (0.2, 0.0524, 0.3339)
    """
    a = wilson_interval(successes_a, trials_a, confidence=confidence)
    b = wilson_interval(successes_b, trials_b, confidence=confidence)
    estimate = a.estimate - b.estimate
    low = estimate - math.hypot(a.estimate - a.low, b.high - b.estimate)
    high = estimate + math.hypot(a.high - a.estimate, b.estimate - b.low)
    return Interval(estimate=estimate, low=max(-1.0, low), high=min(1.0, high))
