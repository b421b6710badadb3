"""Agreement between coders who observed the same units: Krippendorff's alpha and percent agreement.

Reliability data are a coders × units matrix: row c holds the values coder c gave, column u the
values unit u received, ``None`` where a coder did not code a unit. Values are nominal categories
of any hashable type ("yes", "no", 3, ...), compared only for equality. A unit with fewer than two
values cannot show agreement or disagreement and is left out, as Krippendorff prescribes.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Hashable, Sequence

import krippendorff
import numpy as np

__all__ = ["AlphaUndefinedError", "krippendorff_alpha_nominal", "percent_agreement"]

ReliabilityData = Sequence[Sequence[Hashable | None]]


class AlphaUndefinedError(ValueError):
    """Alpha is 0/0: every pairable value is the same, so no disagreement could be expected by chance."""


def _pairable_units(reliability_data: ReliabilityData) -> list[list[Hashable]]:
    """Checks the matrix and returns, per unit coded at least twice, the values it received."""
    if isinstance(reliability_data, str | bytes) or len(reliability_data) < 2:
        raise ValueError("Reliability data need at least two coders: one row of values per coder.")
    rows = [list(row) for row in reliability_data]
    unit_count = len(rows[0])
    if unit_count == 0:
        raise ValueError("Reliability data need at least one unit: one column of values per unit.")
    for coder, row in enumerate(rows):
        if len(row) != unit_count:
            raise ValueError(
                f"Coder {coder} has {len(row)} values but coder 0 has {unit_count}; every coder needs one per unit."
            )
        for unit, value in enumerate(row):
            if isinstance(value, float) and math.isnan(value):
                raise ValueError(f"Coder {coder}, unit {unit} is NaN; write a missing value as None.")
            if not isinstance(value, Hashable):
                raise TypeError(f"Coder {coder}, unit {unit} is {value!r}, which cannot be compared as a category.")
    units = ([row[unit] for row in rows] for unit in range(unit_count))
    pairable = [[value for value in values if value is not None] for values in units]
    pairable = [values for values in pairable if len(values) >= 2]
    if not pairable:
        raise ValueError("No unit was coded by two or more coders, so agreement cannot be measured.")
    return pairable


def krippendorff_alpha_nominal(reliability_data: ReliabilityData) -> float:
    """Returns Krippendorff's alpha for nominal data: 1 − observed disagreement / expected disagreement.

    Any number of coders, any number of categories and missing values (``None``) are allowed; units
    coded by fewer than two coders are ignored. Alpha is 1 for perfect agreement, 0 when coders
    agree no more than chance would have them, and negative for systematic disagreement.
    Krippendorff advises relying on variables with alpha ≥ 0.800 and drawing only tentative
    conclusions from 0.667 ≤ alpha < 0.800 (Krippendorff, "Computing Krippendorff's
    Alpha-Reliability", Annenberg School for Communication, 2011; Content Analysis, 2004, ch. 11).
    The computation uses the coincidence matrix of the values in pairable units, through the
    ``krippendorff`` package.

    Raises ValueError when the matrix is ragged, has fewer than two coders, holds NaN, or no unit
    was coded twice, and :class:`AlphaUndefinedError` when every pairable value is the same.

    Krippendorff's binary example of two observers and ten units:

    >>> round(krippendorff_alpha_nominal([[0, 1, 0, 0, 0, 0, 0, 0, 1, 0], [1, 1, 1, 0, 0, 1, 0, 0, 0, 0]]), 3)
    0.095
    >>> krippendorff_alpha_nominal([["yes", "yes", None], ["yes", None, "no"]])
    Traceback (most recent call last):
    ...
    lika.statistics.reliability.AlphaUndefinedError: Every pairable value is 'yes', so alpha is undefined (0/0); report percent agreement instead.
    """
    pairable = _pairable_units(reliability_data)
    categories = list(dict.fromkeys(value for values in pairable for value in values))
    if len(categories) < 2:
        raise AlphaUndefinedError(
            f"Every pairable value is {categories[0]!r}, so alpha is undefined (0/0); report percent agreement instead."
        )
    index = {category: position for position, category in enumerate(categories)}
    # Counting values per unit ourselves lets categories be any hashable, not only numbers or
    # strings that survive numpy's conversion, and leaves no unpairable unit for the package to see.
    value_counts = np.zeros((len(pairable), len(categories)), dtype=np.int64)
    for unit, values in enumerate(pairable):
        for category, count in Counter(values).items():
            value_counts[unit, index[category]] = count
    return float(krippendorff.alpha(value_counts=value_counts, level_of_measurement="nominal"))


def percent_agreement(reliability_data: ReliabilityData) -> float:
    """Returns the share of pairs of values, within the same unit, that agree.

    Each unit coded by m ≥ 2 coders contributes the share of its m·(m − 1)/2 pairs of values that
    are equal, and the units count equally; units coded by fewer than two coders are ignored. With
    two coders this is the plain share of the units both coded on which they agree. Percent
    agreement is not corrected for chance, so read it beside alpha, never instead of it.

    Raises ValueError as :func:`krippendorff_alpha_nominal` does.

    >>> percent_agreement([["yes", "no", "yes", None], ["yes", "yes", "yes", "no"]])
    0.6666666666666666
    """
    pairable = _pairable_units(reliability_data)
    shares = []
    for values in pairable:
        pairs = len(values) * (len(values) - 1) // 2
        agreeing = sum(count * (count - 1) // 2 for count in Counter(values).values())
        shares.append(agreeing / pairs)
    return math.fsum(shares) / len(shares)
