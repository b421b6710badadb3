"""Identifiers of persons: dossier numbers, personal and coordination numbers, language codes."""

from __future__ import annotations

import datetime
import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum import luhn
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.se import personnummer

# Synthetic people get dossier numbers from this range and real ones never do, so that a demo
# record can never be mistaken for a real case (see docs/demo-data.md).
DEMO_DOSSIER_FIRST = 90_000_000
DEMO_DOSSIER_LAST = 99_999_999
DEMO_DOSSIER_DIGITS = len(str(DEMO_DOSSIER_FIRST))

_DOSSIER_PATTERN = re.compile(r"^[0-9]{6,10}$")
_LANGUAGE_PATTERN = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")
# A coordination number (samordningsnummer) adds 60 to the day of birth.
_COORDINATION_DAY_OFFSET = 60


def validate_dossier_number(value: str) -> None:
    """Accepts 6 to 10 digits.

    >>> validate_dossier_number("90000001")
    """
    if not _DOSSIER_PATTERN.match(value):
        raise ValidationError(_("A dossier number has 6 to 10 digits and nothing else."), code="invalid")


def is_demo_dossier_number(value: str) -> bool:
    """Whether ``value`` lies in the range kept for made-up demo persons.

    >>> is_demo_dossier_number("90000001"), is_demo_dossier_number("900000"), is_demo_dossier_number("12345678")
    (True, False, False)
    """
    return (
        len(value) == DEMO_DOSSIER_DIGITS
        and value.isdecimal()
        and DEMO_DOSSIER_FIRST <= int(value) <= DEMO_DOSSIER_LAST
    )


def validate_language_code(value: str) -> None:
    """Accepts a BCP 47 language tag in its common form (``sv``, ``prs``, ``pt-BR``)."""
    if not _LANGUAGE_PATTERN.match(value):
        raise ValidationError(_("Write the language as a code such as sv, ar, ti or prs."), code="invalid")


def personal_number_normalize(value: str) -> str:
    """Checks a Swedish personal or coordination number and returns it as 12 digits.

    Both ``YYMMDD-NNNN`` and ``YYYYMMDDNNNN`` are accepted; the check digit and the date are
    verified. A coordination number has 60 added to the day.

    >>> personal_number_normalize("19811228-9874")
    '198112289874'
    >>> personal_number_normalize("19811288-9871")
    '198112889871'
    """
    raw = value.strip()
    try:
        compact = personnummer.compact(raw)
    except StdnumError as error:  # pragma: no cover - compact only cleans
        raise ValidationError(_("This is not a personal or coordination number."), code="invalid") from error
    digits = compact.replace("-", "").replace("+", "")
    if len(digits) not in (10, 12) or not digits.isdigit():
        raise ValidationError(
            _("Write the personal or coordination number as 12 digits, for example 19811228-9874."), code="invalid"
        )
    if len(digits) == 10 and not re.match(r"^\s*[0-9]{6}[-+]?[0-9]{4}\s*$", raw):
        # Ten digits, but not written as YYMMDD-NNNN: digits are missing from a 12-digit number.
        raise ValidationError(
            _("The number has 10 digits; a personal or coordination number has 12, as in 19811228-9874."),
            code="length",
        )
    if len(digits) == 10:
        # With a two-digit year the century is guessed; staff must give all twelve digits.
        raise ValidationError(
            _("Write all 12 digits, with the century: for example 19811228-9874 rather than 811228-9874."),
            code="century",
        )
    day = int(digits[6:8])
    birth_day = day - _COORDINATION_DAY_OFFSET if day > _COORDINATION_DAY_OFFSET else day
    try:
        datetime.date(int(digits[0:4]), int(digits[4:6]), birth_day)
    except ValueError as error:
        raise ValidationError(_("The date in this number does not exist."), code="date") from error
    try:
        luhn.validate(digits[2:])
        if day <= _COORDINATION_DAY_OFFSET:
            personnummer.validate(f"{digits[:8]}-{digits[8:]}")
    except StdnumError as error:
        raise ValidationError(
            _("The check digit does not match: look for a mistyped digit."), code="checksum"
        ) from error
    return digits


def personal_number_birth_date(normalized: str) -> datetime.date:
    """The date of birth a normalized personal or coordination number encodes."""
    day = int(normalized[6:8])
    if day > _COORDINATION_DAY_OFFSET:
        day -= _COORDINATION_DAY_OFFSET
    return datetime.date(int(normalized[0:4]), int(normalized[4:6]), day)
