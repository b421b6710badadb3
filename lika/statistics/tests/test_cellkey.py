"""The cell-key method: bounded, unbiased noise that is the same for the same cell, and never a small count."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lika.statistics.cellkey import KEY_SPACE, LARGE_COUNT_NOISE, cell_key, ptable, record_key

TABLE = ptable()


@pytest.mark.parametrize("count", range(12))
def test_every_row_has_mean_zero_and_stays_within_the_bound(count: int) -> None:
    chances = TABLE.distribution(count)
    assert sum(chances.values()) == pytest.approx(1.0)
    assert sum(noise * chance for noise, chance in chances.items()) == pytest.approx(0.0, abs=1e-9)
    assert all(abs(noise) <= TABLE.max_noise for noise in chances)
    assert not any(0 < count + noise <= TABLE.small for noise in chances), "no published 1 or 2"


def test_large_counts_take_the_large_count_noise_and_zeros_stay_zeros() -> None:
    assert TABLE.distribution(50) == pytest.approx(dict(zip(range(-2, 3), LARGE_COUNT_NOISE, strict=True)))
    assert TABLE.distribution(0) == {0: 1.0}
    ones = TABLE.distribution(1)
    assert set(ones) == {-1, 2}, "a single person is shown as 0 or 3"


@given(st.integers(0, 10_000), st.integers(0, 2**40))
def test_a_published_count_is_never_negative_small_or_far_from_the_truth(count: int, key_sum: int) -> None:
    published = TABLE.perturbed(count, cell_key(key_sum))
    assert published >= 0
    assert abs(published - count) <= TABLE.max_noise
    assert not 0 < published <= TABLE.small
    assert TABLE.perturbed(count, cell_key(key_sum)) == published, "the same cell always gets the same value"


def test_the_noise_follows_the_table_over_many_cells() -> None:
    """Over 20,000 cells of 40 people with independent record keys, the noise averages about zero and each
    change turns up about as often as the table says."""
    seen: dict[int, int] = {}
    for cell in range(20_000):
        key = sum(record_key(cell * 40 + person, salt=11) for person in range(40))
        noise = TABLE.noise(40, cell_key(key))
        seen[noise] = seen.get(noise, 0) + 1
    mean = sum(noise * times for noise, times in seen.items()) / 20_000
    assert abs(mean) < 0.03
    for noise, chance in TABLE.distribution(40).items():
        assert seen.get(noise, 0) / 20_000 == pytest.approx(chance, abs=0.015)


def test_record_keys_depend_on_the_salt_and_lie_in_the_key_space() -> None:
    keys = {record_key(identifier, salt=1) for identifier in range(1000)}
    assert len(keys) == 1000
    assert all(0 <= key < KEY_SPACE for key in keys)
    assert record_key(5, salt=1) != record_key(5, salt=2)


def test_impossible_keys_and_counts_are_refused() -> None:
    with pytest.raises(ValueError, match="negative"):
        TABLE.noise(-1, 0.5)
    with pytest.raises(ValueError, match=r"\[0, 1\)"):
        TABLE.noise(3, 1.0)
