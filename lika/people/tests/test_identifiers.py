import pytest
from django.core.exceptions import ValidationError

from lika.people.identifiers import (
    personal_number_birth_date,
    personal_number_normalize,
    validate_dossier_number,
    validate_language_code,
)


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("19811228-9874", "198112289874"),
        ("198112289874", "198112289874"),
        (" 19811228 9874 ", "198112289874"),
        ("19811288-9871", "198112889871"),  # coordination number: day 28 + 60
    ],
)
def test_valid_numbers_are_normalised_to_twelve_digits(given: str, expected: str) -> None:
    assert personal_number_normalize(given) == expected


@pytest.mark.parametrize(
    ("given", "code"),
    [
        ("19811228-9875", "checksum"),
        ("19811288-9874", "checksum"),
        ("19811232-9874", "date"),
        ("19810229-1234", "date"),
        ("811228-9874", "century"),
        ("abc", "invalid"),
        ("8112289874", "century"),
        ("19811228-98", "length"),
    ],
)
def test_invalid_numbers_are_refused_with_a_reason(given: str, code: str) -> None:
    with pytest.raises(ValidationError) as raised:
        personal_number_normalize(given)
    assert raised.value.code == code


def test_birth_date_of_a_coordination_number_drops_the_sixty() -> None:
    assert personal_number_birth_date("198112889871").isoformat() == "1981-12-28"


@pytest.mark.parametrize("number", ["12345", "12345678901", "9000000A", ""])
def test_dossier_numbers_are_six_to_ten_digits(number: str) -> None:
    with pytest.raises(ValidationError):
        validate_dossier_number(number)


@pytest.mark.parametrize("code", ["sv", "prs", "pt-BR", "ti"])
def test_language_codes_accepted(code: str) -> None:
    validate_language_code(code)


@pytest.mark.parametrize("code", ["Swedish", "s", "sv_SE", "AR"])
def test_language_codes_refused(code: str) -> None:
    with pytest.raises(ValidationError):
        validate_language_code(code)
