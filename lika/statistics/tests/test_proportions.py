"""Wilson and Newcombe intervals against Newcombe's published tables, statsmodels, and their properties.

Sources of the expected limits (95 %, four decimals as printed):
- Newcombe RG. Two-sided confidence intervals for the single proportion: comparison of seven
  methods. Statistics in Medicine 1998;17:857–872, Table I, method 3 (score interval without
  continuity correction, i.e. Wilson 1927).
- Newcombe RG. Interval estimation for the difference between independent proportions: comparison
  of eleven methods. Statistics in Medicine 1998;17:873–890, Table II, method 10 (hybrid score
  interval without continuity correction), examples (a) to (h).
The primary PDFs were not at hand; the values were checked against several independent published
test suites and R-package test tables that quote these two tables, and every one of them is also
reproduced by statsmodels 0.15 (proportion_confint(method="wilson") and
confint_proportions_2indep(method="newcomb")), which the cross-check tests below compare to
1e-9 over a grid.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from statsmodels.stats.proportion import confint_proportions_2indep, proportion_confint

from lika.statistics.proportions import Interval, newcombe_difference, wilson_interval

# Rounding to four decimals leaves at most 5e-5 between the printed and the exact limit.
PRINTED = 5e-5

# Newcombe 1998, Stat Med 17:857–872, Table I, method 3: (successes, trials, low, high).
NEWCOMBE_1998_TABLE_I_METHOD_3 = [
    (81, 263, 0.2553, 0.3662),
    (15, 148, 0.0624, 0.1605),
    (0, 20, 0.0000, 0.1611),
    (1, 29, 0.0061, 0.1718),
    (29, 29, 0.8830, 1.0000),
]

# Newcombe 1998, Stat Med 17:873–890, Table II, method 10: (example, a/n_a, b/n_b, low, high).
NEWCOMBE_1998_TABLE_II_METHOD_10 = [
    ("a", 56, 70, 48, 80, 0.0524, 0.3339),
    ("b", 9, 10, 3, 10, 0.1705, 0.8090),
    ("c", 6, 7, 2, 7, 0.0582, 0.8062),
    ("d", 5, 56, 0, 29, -0.0381, 0.1926),
    ("e", 0, 10, 0, 20, -0.1611, 0.2775),
    ("f", 0, 10, 0, 10, -0.2775, 0.2775),
    ("g", 10, 10, 0, 20, 0.6791, 1.0000),
    ("h", 10, 10, 0, 10, 0.6075, 1.0000),
]


@pytest.mark.parametrize(("successes", "trials", "low", "high"), NEWCOMBE_1998_TABLE_I_METHOD_3)
def test_wilson_interval_reproduces_newcombe_table_i(successes: int, trials: int, low: float, high: float) -> None:
    interval = wilson_interval(successes, trials)

    assert interval.estimate == successes / trials
    assert interval.low == pytest.approx(low, abs=PRINTED)
    assert interval.high == pytest.approx(high, abs=PRINTED)


@pytest.mark.parametrize(
    "case", NEWCOMBE_1998_TABLE_II_METHOD_10, ids=[case[0] for case in NEWCOMBE_1998_TABLE_II_METHOD_10]
)
def test_newcombe_difference_reproduces_newcombe_table_ii(case: tuple[str, int, int, int, int, float, float]) -> None:
    _, successes_a, trials_a, successes_b, trials_b, low, high = case
    difference = newcombe_difference(successes_a, trials_a, successes_b, trials_b)

    assert difference.estimate == pytest.approx(successes_a / trials_a - successes_b / trials_b, abs=1e-15)
    assert difference.low == pytest.approx(low, abs=PRINTED)
    assert difference.high == pytest.approx(high, abs=PRINTED)


def test_wilson_interval_is_exactly_zero_or_one_at_the_edges() -> None:
    assert wilson_interval(0, 20).low == 0.0
    assert wilson_interval(29, 29).high == 1.0
    # 0/n has the closed form z²/(n + z²) for its upper limit.
    z_squared = 1.959963984540054**2
    assert wilson_interval(0, 10).high == pytest.approx(z_squared / (10 + z_squared), abs=1e-12)


@pytest.mark.parametrize("confidence", [0.80, 0.90, 0.95, 0.99])
def test_wilson_interval_matches_statsmodels_over_a_grid(confidence: float) -> None:
    """Cross-check, not a published value: statsmodels' Wilson interval at several levels."""
    for trials in (1, 2, 3, 7, 20, 51, 263):
        for successes in range(trials + 1):
            expected_low, expected_high = proportion_confint(successes, trials, alpha=1 - confidence, method="wilson")
            interval = wilson_interval(successes, trials, confidence=confidence)
            assert (interval.low, interval.high) == pytest.approx((expected_low, expected_high), abs=1e-9), (
                successes,
                trials,
            )


@pytest.mark.parametrize("confidence", [0.90, 0.95, 0.99])
def test_newcombe_difference_matches_statsmodels_over_a_grid(confidence: float) -> None:
    """Cross-check, not a published value: statsmodels' "newcomb" interval for the difference."""
    for trials_a, trials_b in ((3, 5), (10, 10), (12, 31)):
        for successes_a in range(trials_a + 1):
            for successes_b in range(trials_b + 1):
                expected_low, expected_high = confint_proportions_2indep(
                    successes_a, trials_a, successes_b, trials_b, method="newcomb", compare="diff", alpha=1 - confidence
                )
                difference = newcombe_difference(successes_a, trials_a, successes_b, trials_b, confidence=confidence)
                assert (difference.low, difference.high) == pytest.approx(
                    (float(expected_low), float(expected_high)), abs=1e-9
                ), (successes_a, trials_a, successes_b, trials_b)


@pytest.mark.parametrize(
    ("successes", "trials", "message"),
    [
        (0, 0, "at least one trial"),
        (3, -2, "at least one trial"),
        (-1, 10, "between 0 and the 10 trials"),
        (11, 10, "between 0 and the 10 trials"),
    ],
)
def test_wilson_interval_refuses_impossible_counts(successes: int, trials: int, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        wilson_interval(successes, trials)


@pytest.mark.parametrize("confidence", [0.0, 1.0, 1.5, -0.95, 95.0])
def test_a_confidence_level_outside_zero_and_one_is_refused(confidence: float) -> None:
    with pytest.raises(ValueError, match="strictly between 0 and 1"):
        wilson_interval(5, 10, confidence=confidence)
    with pytest.raises(ValueError, match="strictly between 0 and 1"):
        newcombe_difference(5, 10, 3, 10, confidence=confidence)


def test_newcombe_difference_refuses_an_empty_group() -> None:
    with pytest.raises(ValueError, match="at least one trial"):
        newcombe_difference(4, 10, 0, 0)
    with pytest.raises(ValueError, match="between 0 and the 5 trials"):
        newcombe_difference(6, 5, 1, 10)


def test_counts_must_be_whole_numbers() -> None:
    with pytest.raises(TypeError):
        wilson_interval(2.5, 10)  # type: ignore[arg-type]


def test_an_interval_cannot_be_built_around_an_estimate_outside_it() -> None:
    with pytest.raises(ValueError, match="low <= estimate <= high"):
        Interval(estimate=0.5, low=0.6, high=0.9)


@st.composite
def _counts(draw: st.DrawFn) -> tuple[int, int]:
    trials = draw(st.integers(min_value=1, max_value=5000))
    return draw(st.integers(min_value=0, max_value=trials)), trials


@settings(max_examples=300)
@given(counts=_counts(), confidence=st.floats(min_value=0.5, max_value=0.999))
def test_wilson_interval_contains_the_share_and_stays_in_zero_to_one(
    counts: tuple[int, int], confidence: float
) -> None:
    successes, trials = counts
    interval = wilson_interval(successes, trials, confidence=confidence)
    assert 0.0 <= interval.low <= interval.estimate <= interval.high <= 1.0
    assert interval.low < interval.high


@settings(max_examples=300)
@given(counts=_counts())
def test_wilson_interval_of_failures_mirrors_that_of_successes(counts: tuple[int, int]) -> None:
    successes, trials = counts
    interval = wilson_interval(successes, trials)
    mirror = wilson_interval(trials - successes, trials)
    assert interval.low == pytest.approx(1.0 - mirror.high, abs=1e-12)
    assert interval.high == pytest.approx(1.0 - mirror.low, abs=1e-12)


@settings(max_examples=300)
@given(counts=_counts())
def test_a_higher_confidence_level_gives_a_wider_wilson_interval(counts: tuple[int, int]) -> None:
    narrow = wilson_interval(*counts, confidence=0.90)
    wide = wilson_interval(*counts, confidence=0.99)
    assert wide.low <= narrow.low
    assert wide.high >= narrow.high
    assert wide.high - wide.low > narrow.high - narrow.low


@settings(max_examples=300)
@given(group_a=_counts(), group_b=_counts())
def test_newcombe_difference_contains_the_difference_and_stays_in_minus_one_to_one(
    group_a: tuple[int, int], group_b: tuple[int, int]
) -> None:
    difference = newcombe_difference(*group_a, *group_b)
    assert -1.0 <= difference.low <= difference.estimate <= difference.high <= 1.0


@settings(max_examples=300)
@given(group_a=_counts(), group_b=_counts())
def test_swapping_the_groups_mirrors_the_newcombe_interval(group_a: tuple[int, int], group_b: tuple[int, int]) -> None:
    forward = newcombe_difference(*group_a, *group_b)
    backward = newcombe_difference(*group_b, *group_a)
    assert forward.estimate == pytest.approx(-backward.estimate, abs=1e-12)
    assert forward.low == pytest.approx(-backward.high, abs=1e-12)
    assert forward.high == pytest.approx(-backward.low, abs=1e-12)
