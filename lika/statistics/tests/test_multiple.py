"""Holm and Benjamini–Hochberg adjustments against statsmodels, the BH paper's example, and their properties."""

from __future__ import annotations

import itertools
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from statsmodels.stats.multitest import multipletests

from lika.statistics.multiple import benjamini_hochberg, holm

# Benjamini Y, Hochberg Y. Controlling the false discovery rate. JRSS B 1995;57:289–300, section 4:
# the fifteen p-values of the Neuhaus et al. (1992) trial. At q = 0.05 the step-up procedure
# rejects the four smallest, where the Bonferroni-type procedures reject only three.
BH_1995_EXAMPLE = [
    0.0001, 0.0004, 0.0019, 0.0095, 0.0201, 0.0278, 0.0298, 0.0344,
    0.0459, 0.3240, 0.4262, 0.5719, 0.6528, 0.7590, 1.0000,
]  # fmt: skip

# The same p-values out of order, with a tie and an exact 0, so that order preservation is tested.
SHUFFLED = [0.0459, 0.3240, 0.0001, 1.0000, 0.0278, 0.0095, 0.0298, 0.0298, 0.0, 0.7590, 0.0019]


def test_benjamini_hochberg_rejects_four_in_the_papers_example() -> None:
    adjusted = benjamini_hochberg(BH_1995_EXAMPLE)
    assert [q <= 0.05 for q in adjusted] == [True] * 4 + [False] * 11


def test_holm_rejects_three_in_the_bh_papers_example() -> None:
    # By hand: 15 × 0.0001, 14 × 0.0004 and 13 × 0.0019 are below 0.05; 12 × 0.0095 = 0.114 is not.
    adjusted = holm(BH_1995_EXAMPLE)
    assert adjusted[:4] == pytest.approx([0.0015, 0.0056, 0.0247, 0.114], abs=1e-12)
    assert [p <= 0.05 for p in adjusted] == [True] * 3 + [False] * 12


@pytest.mark.parametrize("p_values", [BH_1995_EXAMPLE, SHUFFLED, [0.2], [0.5, 0.5, 0.5], [0.0, 1.0]])
def test_holm_matches_statsmodels(p_values: list[float]) -> None:
    _, expected, _, _ = multipletests(p_values, method="holm")
    assert holm(p_values) == pytest.approx(list(expected), abs=1e-12)


@pytest.mark.parametrize("p_values", [BH_1995_EXAMPLE, SHUFFLED, [0.2], [0.5, 0.5, 0.5], [0.0, 1.0]])
def test_benjamini_hochberg_matches_statsmodels(p_values: list[float]) -> None:
    _, expected, _, _ = multipletests(p_values, method="fdr_bh")
    assert benjamini_hochberg(p_values) == pytest.approx(list(expected), abs=1e-12)


def test_adjusted_values_follow_the_input_order() -> None:
    order = [7, 2, 14, 0, 11, 5, 9, 1, 13, 3, 8, 12, 4, 10, 6]
    shuffled = [BH_1995_EXAMPLE[i] for i in order]
    for adjust in (holm, benjamini_hochberg):
        in_order = adjust(BH_1995_EXAMPLE)
        assert adjust(shuffled) == [in_order[i] for i in order]


def test_an_empty_family_needs_no_adjustment() -> None:
    assert holm([]) == []
    assert benjamini_hochberg([]) == []


@pytest.mark.parametrize("bad", [-0.01, 1.01, math.nan, math.inf])
def test_a_p_value_outside_zero_to_one_is_refused(bad: float) -> None:
    for adjust in (holm, benjamini_hochberg):
        with pytest.raises(ValueError, match="p-value 1 is"):
            adjust([0.2, bad, 0.3])


_p_values = st.lists(st.floats(min_value=0.0, max_value=1.0), max_size=40)


@settings(max_examples=300)
@given(p_values=_p_values)
def test_adjusted_values_lie_between_the_raw_value_and_one(p_values: list[float]) -> None:
    for adjust in (holm, benjamini_hochberg):
        adjusted = adjust(p_values)
        assert len(adjusted) == len(p_values)
        assert all(raw <= value <= 1.0 for raw, value in zip(p_values, adjusted, strict=True))


@settings(max_examples=300)
@given(p_values=_p_values)
def test_adjustment_keeps_the_order_of_the_raw_values(p_values: list[float]) -> None:
    for adjust in (holm, benjamini_hochberg):
        adjusted = adjust(p_values)
        by_raw_value = sorted(zip(p_values, adjusted, strict=True))
        assert all(earlier[1] <= later[1] for earlier, later in itertools.pairwise(by_raw_value))
        # Equal raw values get equal adjusted values, whatever their positions.
        assert all(
            earlier[1] == later[1] for earlier, later in itertools.pairwise(by_raw_value) if earlier[0] == later[0]
        )


@settings(max_examples=300)
@given(p_values=_p_values)
def test_benjamini_hochberg_never_exceeds_holm(p_values: list[float]) -> None:
    fdr, familywise = benjamini_hochberg(p_values), holm(p_values)
    assert all(q <= p + 1e-15 for q, p in zip(fdr, familywise, strict=True))


# statsmodels takes some 80 ms per Holm adjustment whatever the family size, so this comparison runs fewer
# examples; the properties above, without statsmodels, run 300 each.
@settings(max_examples=20)
@given(p_values=st.lists(st.floats(min_value=0.0, max_value=1.0), min_size=1, max_size=40))
def test_adjustments_agree_with_statsmodels_on_any_family(p_values: list[float]) -> None:
    _, expected_holm, _, _ = multipletests(p_values, method="holm")
    _, expected_bh, _, _ = multipletests(p_values, method="fdr_bh")
    assert holm(p_values) == pytest.approx(list(expected_holm), abs=1e-12)
    assert benjamini_hochberg(p_values) == pytest.approx(list(expected_bh), abs=1e-12)
