"""Made-up bank accounts for the demo's cards and for tests: the only place Lika makes up an account.

A card's account comes from the case officer or from the card issuer (docs/allowance.md); no
production path invents one, and a test holds that nothing outside the demo calls this module.
"""

from __future__ import annotations

from stdnum import iban as stdnum_iban

# Demo IBANs use this IBAN bank code. No Swedish bank code is documented as reserved for tests, so it is
# only meant to look made up; what makes a demo IBAN recognisable is the run of zeros before the number.
DEMO_IBAN_BANK_CODE = "999"
DEMO_IBAN_ACCOUNT_DIGITS = 17


def iban_se_demo(n: int) -> str:
    """Makes up a Swedish IBAN for demo data, one that passes the IBAN checksum.

    The bank code is 999 and the 17 account digits are ``n`` padded with zeros, so different ``n`` give
    different IBANs and demo numbers below 10^9 start with eight zeros. No bank code is documented as
    reserved for tests, so 999 may belong to a bank one day; the last digit is not the Swedish account's
    own check digit either, so these are made-up numbers that pass the IBAN checksum and nothing more.

    >>> iban_se_demo(1)
    'SE9399900000000000000001'
    >>> stdnum_iban.is_valid(iban_se_demo(999_999_999))
    True
    """
    if isinstance(n, bool) or not isinstance(n, int) or not 0 <= n < 10**DEMO_IBAN_ACCOUNT_DIGITS:
        raise ValueError(f"A demo IBAN number lies between 0 and 10^{DEMO_IBAN_ACCOUNT_DIGITS} - 1, not {n!r}.")
    bban = f"{DEMO_IBAN_BANK_CODE}{n:0{DEMO_IBAN_ACCOUNT_DIGITS}d}"
    return f"SE{stdnum_iban.calc_check_digits(f'SE00{bban}')}{bban}"
