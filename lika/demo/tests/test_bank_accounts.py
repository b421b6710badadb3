"""The demo's made-up bank accounts: valid IBANs, one per number, and nothing else."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from stdnum import iban as stdnum_iban

from lika.demo.bank_accounts import iban_se_demo


@given(st.sets(st.integers(min_value=0, max_value=10**9), min_size=2, max_size=20))
def test_demo_ibans_are_valid_swedish_and_distinct(numbers: set[int]) -> None:
    ibans = {iban_se_demo(n) for n in numbers}
    assert len(ibans) == len(numbers)
    for iban in ibans:
        assert stdnum_iban.validate(iban) == iban
        assert iban.startswith("SE")
        assert iban[4:7] == "999"
        assert len(iban) == 24


@pytest.mark.parametrize("n", [-1, 10**17, True])
def test_demo_iban_numbers_outside_the_range_are_refused(n: int) -> None:
    with pytest.raises(ValueError, match="demo IBAN"):
        iban_se_demo(n)
