"""The quarterly briefing for municipalities: people newly granted a permit who settled there, by sex.

Who is counted: everyone whose municipality of residence begins in the quarter, in that municipality,
and who was granted a residence permit in the year up to that day (newly granted, about to start sfi
and civic orientation). They are counted by sex together with each of permit ground, age band and
preferred language — three tables cut from one cube, protected together with the follow-up's
disclosure control (:mod:`lika.statistics.disclosure`, thresholds from :mod:`lika.core.disclosure`),
so that no table's totals, nor one table set against another, reveals a hidden cell.
"""

from __future__ import annotations

import datetime
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext as _

from lika.core.disclosure import disclosure_rules
from lika.core.formats import csv_text
from lika.core.official_codes import municipality_name, official_codes
from lika.documents.layouts import MunicipalityBriefing, Section
from lika.documents.rendering import pdf_render
from lika.people.ages import age_on
from lika.people.models import DecisionOutcome, MunicipalityOfResidence, PermitDecision, PermitGround, Sex
from lika.statistics.disclosure import TOTAL, DisclosureRules, Key, Suppression, suppress, table_complete

DIMS = ("sex", "ground", "age_band", "language")
BREAKDOWNS = ("ground", "age_band", "language")
NEWLY_GRANTED_DAYS = 365
# Coarser than the follow-up's ten-year groups: a municipality's quarter holds few people.
AGE_BANDS: tuple[tuple[str, int, int | None], ...] = (
    ("0-17", 0, 17),
    ("18-29", 18, 29),
    ("30-44", 30, 44),
    ("45-64", 45, 64),
    ("65+", 65, None),
)
HIDDEN = ".."  # Statistics Sweden's symbol for a figure withheld
SEXES = (Sex.FEMALE.value, Sex.MALE.value, Sex.UNKNOWN.value, TOTAL)
_QUARTER = re.compile(r"^(\d{4})Q([1-4])$")


def quarter_parse(text: str) -> tuple[datetime.date, datetime.date]:
    """The first and last day of a quarter written ``YYYYQn``.

    >>> quarter_parse("2026Q3")
    (datetime.date(2026, 7, 1), datetime.date(2026, 9, 30))
    """
    match = _QUARTER.match(text.strip())
    if match is None:
        raise ValidationError(
            {"quarter": _("Write the quarter as YYYYQn, such as 2026Q3; %(value)s is not one.") % {"value": text}}
        )
    year, number = int(match.group(1)), int(match.group(2))
    first = datetime.date(year, 3 * number - 2, 1)
    last = datetime.date(year + (number == 4), (3 * number) % 12 + 1, 1) - datetime.timedelta(days=1)
    return first, last


def age_band(age: int) -> str:
    """The briefing's age band.

    >>> age_band(17), age_band(18), age_band(64), age_band(80)
    ('0-17', '18-29', '45-64', '65+')
    """
    for name, low, high in AGE_BANDS:
        if age >= low and (high is None or age <= high):
            return name
    raise ValueError(f"An age cannot be negative: {age}.")


@dataclass(frozen=True)
class Briefing:
    """One municipality's quarter: the cube's published cells and which of them are hidden."""

    municipality: str
    quarter: str
    cube: dict[Key, int]
    suppression: Suppression

    def cell(self, key: Key) -> str:
        """The published figure, or :data:`HIDDEN`; a combination no one has is 0."""
        return HIDDEN if key in self.suppression.masked("persons") else str(self.cube.get(key, 0))

    def rows(self, breakdown: str) -> list[tuple[str, list[str]]]:
        """Each value of ``breakdown`` (its total last) with its figures for women, men, unknown sex and all."""
        place = DIMS.index(breakdown)
        values = [*sorted({key[place] for key in self.cube if key[place] != TOTAL}), TOTAL]
        rows = []
        for value in values:
            cells = []
            for sex in SEXES:
                key = tuple(sex if d == "sex" else value if d == breakdown else TOTAL for d in DIMS)
                cells.append(self.cell(key))
            rows.append((value, cells))
        return rows


def published_cell(key: Key) -> bool:
    """Whether the briefing publishes the cube's cell ``key``: by sex and at most one other breakdown."""
    return sum(1 for dim, value in zip(DIMS, key, strict=True) if dim != "sex" and value != TOTAL) <= 1


def _people(first: datetime.date, last: datetime.date, municipality: str | None) -> dict[str, Counter[Key]]:
    """The finest counts per municipality of the people who settled there in the quarter, newly granted a permit."""
    periods = MunicipalityOfResidence.objects.filter(start_date__gte=first, start_date__lte=last)
    if municipality is not None:
        periods = periods.filter(municipality_code=municipality)
    settled = list(
        periods.values_list(
            "person_id",
            "municipality_code",
            "start_date",
            "person__sex",
            "person__birth_date",
            "person__preferred_language",
        )
    )
    grants: dict[int, list[tuple[datetime.date, str]]] = {}
    earliest = first - datetime.timedelta(days=NEWLY_GRANTED_DAYS)
    for pid, decided, ground in PermitDecision.objects.filter(
        Q(application__person_id__in={row[0] for row in settled}),
        outcome=DecisionOutcome.GRANTED,
        decided_on__gte=earliest,
        decided_on__lte=last,
    ).values_list("application__person_id", "decided_on", "application__ground"):
        grants.setdefault(pid, []).append((decided, ground))
    counts: dict[str, Counter[Key]] = {}
    for pid, code, start, sex, born, language in settled:
        granted = [
            (decided, ground)
            for decided, ground in grants.get(pid, ())
            if start - datetime.timedelta(days=NEWLY_GRANTED_DAYS) <= decided <= start
        ]
        if not granted:
            continue
        ground = max(granted)[1]
        counts.setdefault(code, Counter())[(sex, ground, age_band(age_on(born, start)), language)] += 1
    return counts


def municipality_briefings(
    *, quarter: str, municipality: str | None = None, rules: DisclosureRules | None = None
) -> list[Briefing]:
    """The briefings of ``quarter`` (``YYYYQn``): for ``municipality`` alone, or for every municipality with anyone.

    A named municipality with no one gets a briefing of zeros, so that it learns there was no one.
    """
    first, last = quarter_parse(quarter)
    if municipality is not None and municipality not in official_codes().municipalities:
        raise ValidationError(
            {"municipality": _("Write the municipality's four-digit code from Statistics Sweden, such as 1280.")}
        )
    counts = _people(first, last, municipality)
    if municipality is not None:
        counts.setdefault(municipality, Counter())
    return [briefing_build(code, quarter, counts[code], rules or disclosure_rules()) for code in sorted(counts)]


def briefing_build(municipality: str, quarter: str, finest: Mapping[Key, int], rules: DisclosureRules) -> Briefing:
    """Protects one municipality's cube (finest cells by sex, ground, age band and language) and keeps what is published.

    The three published tables (sex by ground, by age band, by language) share their totals by sex, so
    they are protected as one: the cube's finer cells are published nowhere, but an attacker may reason
    about them, and the protection holds against that.
    """
    cube = table_complete(DIMS, dict(finest) or {(Sex.FEMALE.value, PermitGround.FAMILY_TIES.value, "18-29", "sv"): 0})
    result = suppress(
        {"persons": cube},
        dims=DIMS,
        rules=rules,
        keep={"sex": {Sex.FEMALE.value, Sex.MALE.value}},
        published=published_cell,
    )
    return Briefing(municipality, quarter, {key: value for key, value in cube.items() if published_cell(key)}, result)


def _labels() -> dict[str, dict[str, str]]:
    return {
        "ground": {str(value): str(label) for value, label in PermitGround.choices} | {TOTAL: _("All grounds")},
        "age_band": {TOTAL: _("All ages")},
        "language": {TOTAL: _("All languages")},
    }


def _breakdown_titles() -> dict[str, str]:
    return {"ground": _("Permit ground"), "age_band": _("Age"), "language": _("Preferred language")}


def briefings_csv(briefings: Sequence[Briefing]) -> str:
    """One CSV for every briefing: a row per municipality, breakdown and value; hidden figures as ``..``."""
    lines: list[list[str]] = [
        ["municipality_code", "municipality", "quarter", "breakdown", "value", "women", "men", "unknown_sex", "all"]
    ]
    names = official_codes().municipalities
    for briefing in briefings:
        for breakdown in BREAKDOWNS:
            for value, cells in briefing.rows(breakdown):
                lines.append(
                    [
                        briefing.municipality,
                        municipality_name(names[briefing.municipality]),
                        briefing.quarter,
                        breakdown,
                        "all" if value == TOTAL else value,
                        *cells,
                    ]
                )
    # A file for other systems: commas and line feeds, whatever the language (the shared writer).
    return csv_text(lines, delimiter=",", line_end="\n")


def briefings_pdf(briefings: Sequence[Briefing], *, language: str) -> bytes:
    """The briefings as one PDF/UA document, a section per municipality and breakdown."""
    names = official_codes().municipalities
    labels, titles = _labels(), _breakdown_titles()
    columns = [_("Women"), _("Men"), _("Unknown sex"), _("All")]
    sections: list[Section] = []
    for briefing in briefings:
        name = municipality_name(names[briefing.municipality])
        for number, breakdown in enumerate(BREAKDOWNS):
            sections.append(
                {
                    "heading": f"{name} ({briefing.municipality}): {titles[breakdown]}",
                    "paragraphs": [
                        _(
                            "People granted a residence permit in the past year who came to live in the "
                            "municipality in %(quarter)s, by sex. Figures shown as .. are withheld because they "
                            "concern too few people."
                        )
                        % {"quarter": briefing.quarter}
                    ]
                    if number == 0
                    else [],
                    "table": {
                        "columns": [titles[breakdown], *columns],
                        "rows": [
                            [labels[breakdown].get(value, value), *cells] for value, cells in briefing.rows(breakdown)
                        ],
                    },
                }
            )
    title = _("Briefing for municipalities, %(quarter)s") % {"quarter": briefings[0].quarter if briefings else ""}
    data: MunicipalityBriefing = {
        "title": title,
        "subtitle": _(
            "Newly granted residence permits and where people settle, by sex. From the Swedish Migration Agency."
        ),
        "sections": sections,
    }
    return pdf_render(template="municipality_briefing.typ", data=data, language=language, title=title)
