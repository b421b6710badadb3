"""Krippendorff's alpha on Krippendorff's own examples, percent agreement, and the input checks.

Source of the data and the expected alphas: Krippendorff K. Computing Krippendorff's
Alpha-Reliability. Annenberg School for Communication, University of Pennsylvania, 2011
(repository.upenn.edu/asc_papers/43):
- A: binary data, two observers, ten units, no missing values: alpha = 0.095;
- B: nominal data, two observers (Ben, Gerry), twelve units, values a–e, no missing values:
  alpha = 0.692;
- C: nominal data, four observers, twelve units, missing values: alpha = 0.743.
The primary PDF was not at hand; the data and values were checked against independent published
test suites that quote the paper, against the docstring of the krippendorff package (example C),
and against R's DescTools::KrippAlpha documentation (example C's matrix, Krippendorff's "C" data).
Percent agreements are hand-computed from the same data, each with its working.
"""

from __future__ import annotations

import random
from collections.abc import Hashable

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from lika.statistics.reliability import AlphaUndefinedError, krippendorff_alpha_nominal, percent_agreement

N = None

EXAMPLE_A_BINARY = [
    [0, 1, 0, 0, 0, 0, 0, 0, 1, 0],
    [1, 1, 1, 0, 0, 1, 0, 0, 0, 0],
]
EXAMPLE_B_NOMINAL = [
    ["a", "a", "b", "b", "d", "c", "c", "c", "e", "d", "d", "a"],  # Ben
    ["b", "a", "b", "b", "b", "c", "c", "c", "e", "d", "d", "d"],  # Gerry
]
EXAMPLE_C_MISSING: list[list[int | None]] = [
    [1, 2, 3, 3, 2, 1, 4, 1, 2, N, N, N],
    [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, N, 3],
    [N, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, N],
    [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, N],
]
# Printed to three decimals: at most 5e-4 from the exact value.
PRINTED = 5e-4


@pytest.mark.parametrize(
    ("data", "alpha"),
    [(EXAMPLE_A_BINARY, 0.095), (EXAMPLE_B_NOMINAL, 0.692), (EXAMPLE_C_MISSING, 0.743)],
    ids=["A-binary-two-observers", "B-nominal-two-observers", "C-nominal-four-observers-missing"],
)
def test_alpha_reproduces_krippendorffs_examples(data: list[list[Hashable | None]], alpha: float) -> None:
    assert krippendorff_alpha_nominal(data) == pytest.approx(alpha, abs=PRINTED)


def test_alpha_of_the_binary_example_equals_its_closed_form() -> None:
    # Krippendorff 2011, example A: n = 20 pairable values, 4 + 4 off-diagonal coincidences,
    # n_0 = 14 and n_1 = 6, so alpha = 1 − (n − 1)·o_01 / (n_0·n_1) = 1 − 19·4/84.
    assert krippendorff_alpha_nominal(EXAMPLE_A_BINARY) == pytest.approx(1 - 19 * 4 / 84, abs=1e-12)


def test_alpha_does_not_depend_on_how_the_categories_are_written() -> None:
    as_words = [
        [N if value is None else ["one", "two", "three", "four", "five"][value - 1] for value in row]
        for row in EXAMPLE_C_MISSING
    ]
    assert krippendorff_alpha_nominal(as_words) == pytest.approx(
        krippendorff_alpha_nominal(EXAMPLE_C_MISSING), abs=1e-12
    )


def test_units_coded_by_fewer_than_two_coders_are_ignored() -> None:
    # Example C's unit 12 already has a single value; a further unit with one new category and one
    # wholly uncoded unit must not move alpha either.
    extra: list[list[int | None]] = [[7, N], [N, N], [N, N], [N, N]]
    extended = [row + more for row, more in zip(EXAMPLE_C_MISSING, extra, strict=True)]
    assert krippendorff_alpha_nominal(extended) == pytest.approx(
        krippendorff_alpha_nominal(EXAMPLE_C_MISSING), abs=1e-12
    )
    assert percent_agreement(extended) == pytest.approx(percent_agreement(EXAMPLE_C_MISSING), abs=1e-12)


def test_perfect_agreement_with_more_than_one_category_gives_alpha_one() -> None:
    assert krippendorff_alpha_nominal([["yes", "no", "yes", N], ["yes", "no", "yes", "no"]]) == pytest.approx(1.0)


@pytest.mark.parametrize(
    ("data", "share"),
    [
        # A: the observers agree on units 2, 4, 5, 7, 8 and 10: 6 of 10.
        (EXAMPLE_A_BINARY, 6 / 10),
        # B: Ben and Gerry differ on units 1, 5 and 12: 9 of 12.
        (EXAMPLE_B_NOMINAL, 9 / 12),
        # C: eleven pairable units; units 2 and 8 have 3 of 6 pairs agreeing, unit 6 none, the
        # other eight agree fully: (8 + 0.5 + 0.5 + 0) / 11.
        (EXAMPLE_C_MISSING, 9 / 11),
    ],
    ids=["A", "B", "C"],
)
def test_percent_agreement_on_krippendorffs_examples(data: list[list[Hashable | None]], share: float) -> None:
    assert percent_agreement(data) == pytest.approx(share, abs=1e-12)


def test_alpha_is_undefined_when_every_value_is_the_same() -> None:
    data = [["no", "no", N, "no"], ["no", "no", "no", N]]
    with pytest.raises(AlphaUndefinedError, match="Every pairable value is 'no'"):
        krippendorff_alpha_nominal(data)
    assert percent_agreement(data) == 1.0


def test_a_category_seen_only_in_an_unpairable_unit_does_not_make_alpha_defined() -> None:
    with pytest.raises(AlphaUndefinedError):
        krippendorff_alpha_nominal([["no", "no", "yes"], ["no", "no", N]])


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ([[1, 2, 3]], "at least two coders"),
        ([], "at least two coders"),
        ([[], []], "at least one unit"),
        ([[1, 2, 3], [1, 2]], "Coder 1 has 2 values but coder 0 has 3"),
        ([[1, N, N], [N, 2, N]], "No unit was coded by two or more coders"),
        ([[1.0, float("nan")], [1.0, 2.0]], "Coder 0, unit 1 is NaN; write a missing value as None"),
    ],
)
def test_malformed_reliability_data_are_refused(data: list[list[Hashable | None]], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        krippendorff_alpha_nominal(data)
    with pytest.raises(ValueError, match=message):
        percent_agreement(data)


def test_an_unhashable_value_is_refused() -> None:
    with pytest.raises(TypeError, match="cannot be compared as a category"):
        krippendorff_alpha_nominal([[["a"], "b"], ["a", "b"]])  # type: ignore[list-item]


@st.composite
def _reliability_data(draw: st.DrawFn) -> list[list[str | None]]:
    coders = draw(st.integers(min_value=2, max_value=5))
    units = draw(st.integers(min_value=1, max_value=25))
    value = st.one_of(st.none(), st.sampled_from(["yes", "no", "not applicable"]))
    return [draw(st.lists(value, min_size=units, max_size=units)) for _ in range(coders)]


@settings(max_examples=100)  # each example computes alpha twice with the krippendorff package (some 20 ms)
@given(data=_reliability_data(), seed=st.randoms(use_true_random=False))
def test_alpha_and_agreement_ignore_the_order_of_coders_and_units(
    data: list[list[str | None]], seed: random.Random
) -> None:
    try:
        alpha = krippendorff_alpha_nominal(data)
    except ValueError:  # no unit coded twice, or one category only: covered by the tests above
        assume(False)
        raise
    agreement = percent_agreement(data)
    assert alpha <= 1.0 + 1e-12
    assert 0.0 <= agreement <= 1.0
    coders = list(data)
    seed.shuffle(coders)
    columns = list(zip(*coders, strict=True))
    seed.shuffle(columns)
    reordered = [list(row) for row in zip(*columns, strict=True)]
    assert krippendorff_alpha_nominal(reordered) == pytest.approx(alpha, abs=1e-12)
    assert percent_agreement(reordered) == pytest.approx(agreement, abs=1e-12)
