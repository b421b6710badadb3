"""The data file of Statistics Sweden's codes: complete, consistent and loaded once."""

from __future__ import annotations

import pytest

from lika.audit.acting import Acting
from lika.core.official_codes import official_codes
from lika.followup.registers.schemas import COUNTIES
from lika.partners import services
from lika.partners.models import Organisation, OrganisationKind


def test_the_file_holds_21_counties_and_290_municipalities_with_its_source() -> None:
    codes = official_codes()
    assert len(codes.counties) == 21
    assert len(codes.municipalities) == 290
    assert "Statistiska centralbyrån" in codes.source
    assert codes.valid_from.year == 2025


def test_every_municipality_code_begins_with_its_county() -> None:
    codes = official_codes()
    for municipality in codes.municipalities.values():
        assert len(municipality.code) == 4
        assert municipality.code.isdecimal()
        assert municipality.code[:2] == municipality.county, municipality
        assert municipality.county in codes.counties
    names = [m.name for m in codes.municipalities.values()]
    assert len(set(names)) == len(names)
    assert codes.municipalities["1280"].name == "Malmö"
    assert codes.municipalities["0180"].name == "Stockholm"


def test_the_counties_are_the_same_as_the_follow_ups_registers_know() -> None:
    assert {code: county.name for code, county in official_codes().counties.items()} == COUNTIES


@pytest.mark.django_db
def test_loading_the_official_organisations_twice_creates_them_once(acting: Acting) -> None:
    assert services.official_organisations_load(acting=acting) == 311
    assert services.official_organisations_load(acting=acting) == 0
    assert Organisation.objects.filter(kind=OrganisationKind.MUNICIPALITY).count() == 290
    board = Organisation.objects.get(kind=OrganisationKind.COUNTY_BOARD, official_code="12")
    assert board.name == "Länsstyrelsen i Skåne län"
    malmo = Organisation.objects.get(kind=OrganisationKind.MUNICIPALITY, official_code="1280")
    assert (malmo.name, malmo.county_code) == ("Malmö kommun", "12")
