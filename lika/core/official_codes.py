"""Statistics Sweden's codes of Sweden's counties and municipalities, read from ``data/official_codes.csv``.

On the ground floor because the registry (a person's municipality of residence) and the partners part
(municipalities and county boards as organisations) both check codes against it.

The file cites its source and the day its division came into force; the codes are data, never literals
in code. Pure: no Django, no clock.
"""

from __future__ import annotations

import csv
import datetime
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DATA_FILE = Path(__file__).resolve().parent / "data" / "official_codes.csv"


@dataclass(frozen=True)
class Area:
    """A county (``kind`` "county", two-digit code) or a municipality (four digits, within ``county``)."""

    kind: str
    code: str
    name: str
    county: str


@dataclass(frozen=True)
class OfficialCodes:
    counties: dict[str, Area]
    municipalities: dict[str, Area]
    source: str
    valid_from: datetime.date


@cache
def official_codes() -> OfficialCodes:
    """The counties and municipalities of the data file, by code, with the file's citation."""
    comments: list[str] = []
    rows: list[str] = []
    for line in DATA_FILE.read_text(encoding="utf-8").splitlines():
        (comments if line.startswith("#") else rows).append(line)
    valid_from = next(c.split(":", 1)[1].strip() for c in comments if c.startswith("# valid_from:"))
    counties: dict[str, Area] = {}
    municipalities: dict[str, Area] = {}
    for record in csv.DictReader(rows):
        area = Area(record["kind"], record["code"], record["name"], record["county"])
        (counties if area.kind == "county" else municipalities)[area.code] = area
    source = " ".join(c.lstrip("# ").strip() for c in comments if "Source:" in c or c.startswith("# division"))
    return OfficialCodes(counties, municipalities, source, datetime.date.fromisoformat(valid_from))


def county_board_name(county: Area) -> str:
    """The county administrative board's name in Swedish: Länsstyrelsen i Skåne län.

    >>> county_board_name(Area("county", "12", "Skåne län", "12"))
    'Länsstyrelsen i Skåne län'
    """
    return f"Länsstyrelsen i {county.name}"


# Names that do not follow the genitive rule below: Gotland is a region, and two keep an older form.
_IRREGULAR_NAMES = {"0980": "Region Gotland", "0880": "Kalmar kommun", "2080": "Falu kommun"}


def municipality_name(municipality: Area) -> str:
    """The municipality's name as an organisation, in the genitive as Swedish writes it.

    A name ending in a vowel, s, x or z stays as it is (Malmö kommun, Borås kommun, Kalix kommun);
    any other takes an s (Salems kommun, Göteborgs kommun). Checked on 2026-12-05 against the
    public copy of SCB's list cited in data/official_codes.csv, whose "X kommun" forms agree on every
    municipality but the irregular ones (Kalmar, Falun, Gotland) and Kalix and Överkalix, where
    that copy adds an s by rote.

    >>> municipality_name(Area("municipality", "1280", "Malmö", "12"))
    'Malmö kommun'
    >>> municipality_name(Area("municipality", "0128", "Salem", "01"))
    'Salems kommun'
    >>> municipality_name(Area("municipality", "1490", "Borås", "14"))
    'Borås kommun'
    >>> municipality_name(Area("municipality", "0980", "Gotland", "09"))
    'Region Gotland'
    >>> municipality_name(Area("municipality", "2080", "Falun", "20"))
    'Falu kommun'
    """
    if municipality.code in _IRREGULAR_NAMES:
        return _IRREGULAR_NAMES[municipality.code]
    if municipality.name[-1].lower() in "aeiouyåäösxz":
        return f"{municipality.name} kommun"
    return f"{municipality.name}s kommun"
