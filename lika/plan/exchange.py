"""The joint plan's exchange between agencies, as a Frictionless Data Package.

:func:`package_write` writes one agency's part for a year: ``datapackage.json`` with a table schema for
each file, ``measures.csv`` (the measures, their status and what was done that year) and ``figures.csv``
(the plan's indicators for that year, women, men and all, exactly as the follow-up publishes them after
disclosure control — a hidden figure travels as ``..``, never as a number). :func:`package_import`
validates a package with the ``frictionless`` library against the schemas Lika writes (not the ones the
package brings) and stores it whole, or refuses it whole with every problem's file, line and field.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from frictionless import Package

from lika.audit.acting import Acting
from lika.audit.actions import Action
from lika.core import clock
from lika.core.files import path_size_check, utf8_check
from lika.core.formats import csv_text
from lika.plan.figures import indicator_block
from lika.plan.models import Agency, ImportedPart, Measure, MeasureStatus, PlanIndicator
from lika.plan.report import indicator_progress, measure_row

PROFILE = "lika-joint-plan/1"
MEASURE_FIELDS = ("agency", "year", "code", "area", "text", "owner", "status", "status_text")
FIGURE_FIELDS = ("agency", "year", "indicator", "title", "sex", "value")


def _schemas() -> dict[str, dict[str, Any]]:
    text = {"type": "string"}
    required = {"type": "string", "constraints": {"required": True}}
    year = {"type": "integer", "constraints": {"required": True, "minimum": 2000, "maximum": 2100}}
    return {
        "measures": {
            "fields": [
                {"name": "agency", **required, "description": "The responsible agency's code"},
                {"name": "year", **year},
                {"name": "code", **required, "description": "The measure's number in the plan"},
                {"name": "area", "type": "integer", "constraints": {"required": True, "minimum": 1}},
                {"name": "text", **required},
                {"name": "owner", **text},
                {
                    "name": "status",
                    "type": "string",
                    "constraints": {"required": True, "enum": list(MeasureStatus.values)},
                },
                {"name": "status_text", **text},
            ],
            "primaryKey": ["agency", "year", "code"],
        },
        "figures": {
            "fields": [
                {"name": "agency", **required},
                {"name": "year", **year},
                {"name": "indicator", **required},
                {"name": "title", **required},
                {"name": "sex", "type": "string", "constraints": {"required": True, "enum": ["women", "men", "all"]}},
                {
                    "name": "value",
                    "type": "string",
                    "constraints": {"required": True, "pattern": r"(\.\.|–|\.|-?[0-9]+(\.[0-9])?)"},
                    "description": "The published figure (per cent with one decimal, or a count); '..' where hidden",
                },
            ],
            "primaryKey": ["agency", "year", "indicator", "sex"],
        },
    }


def package_descriptor(agency: Agency, year: int) -> dict[str, Any]:
    schemas = _schemas()
    return {
        "name": f"lika-joint-plan-{agency.code}-{year}",
        "title": f"{agency.name}: {year}",
        "profile": "data-package",
        "lika_profile": PROFILE,
        "resources": [
            {
                "name": name,
                "path": f"{name}.csv",
                "profile": "tabular-data-resource",
                "format": "csv",
                "encoding": "utf-8",
                "schema": schemas[name],
            }
            for name in ("measures", "figures")
        ],
    }


def _figure_rows(agency: Agency, year: int) -> list[list[object]]:
    rows: list[list[object]] = []
    sexes = {"Women": "women", "Men": "men", "All": "all"}
    for indicator in PlanIndicator.objects.all():
        with translation.override("en"):
            # The package carries figures, not charts: no chart is drawn (chart_id None).
            block = indicator_block(indicator.code, year=year, progress=indicator_progress(indicator), chart_id=None)
        if block["missing"]:
            raise ValidationError({"year": _("The follow-up's figures are not built; run the nightly job first.")})
        headline = block["headline"]
        column = headline["columns"].index(str(year)) if str(year) in headline["columns"] else None
        for row in headline["rows"]:
            value = row[column] if column is not None else "–"
            rows.append([agency.code, year, indicator.code, block["title"], sexes[row[0]], _plain(value)])
    return rows


def _plain(value: str) -> str:
    """A printed figure as the package holds it: "93,1 %" → "93.1"; ".. (1)" → ".."; symbols stay as they are."""
    cleaned = (
        value.split("(", maxsplit=1)[0]
        .replace("%", "")
        .replace("\u00a0", "")
        .replace(" ", "")
        .replace(",", ".")
        .strip()
    )
    return cleaned or "–"


def package_write(*, acting: Acting, year: int, directory: Path) -> dict[str, int]:
    """Writes this agency's part of the joint plan for ``year`` as a data package in ``directory``."""
    acting.require("plan.view_measure", reason=False)
    agency = Agency.objects.filter(own=True).first()
    if agency is None:
        raise ValidationError({"agency": _("No agency is marked as this one; the package would have no sender.")})
    measures = [
        [agency.code, year, row["code"], m.area.number, row["text"], row["owner"], m.status, row["status_text"]]
        for m in Measure.objects.select_related("area", "agency").prefetch_related("years").filter(agency=agency)
        for row in [measure_row(m, year, "sv")]
    ]
    figures = _figure_rows(agency, year)
    directory.mkdir(parents=True, exist_ok=True)
    files = {
        "measures.csv": csv_text([list(MEASURE_FIELDS), *measures], delimiter=",", line_end="\n"),
        "figures.csv": csv_text([list(FIGURE_FIELDS), *figures], delimiter=",", line_end="\n"),
        "datapackage.json": json.dumps(package_descriptor(agency, year), ensure_ascii=False, indent=2) + "\n",
    }
    for name, text in files.items():
        partial = directory / f".{name}.partial"
        partial.write_text(text, encoding="utf-8")
        os.replace(partial, directory / name)
    acting.audit(Action.PLAN_PART_IMPORT, agency, {"export": year, "measures": len(measures), "figures": len(figures)})
    return {"measures": len(measures), "figures": len(figures)}


@dataclass(frozen=True)
class Problem:
    file: str
    line: int | None
    field: str | None
    message: str

    def __str__(self) -> str:
        where = (
            self.file + (f", line {self.line}" if self.line else "") + (f", field {self.field}" if self.field else "")
        )
        return f"{where}: {self.message}"


class PackageRefusedError(ValidationError):
    def __init__(self, problems: list[Problem]) -> None:
        super().__init__([str(problem) for problem in problems])
        self.problems = problems


def _checked_package(directory: Path) -> Package:
    """The package in ``directory`` with Lika's own schemas put in place of whatever the package declares."""
    descriptor_path = directory / "datapackage.json"
    if not descriptor_path.is_file():
        raise PackageRefusedError(
            [Problem("datapackage.json", None, None, _("There is no datapackage.json in the folder."))]
        )
    path_size_check(descriptor_path, file="datapackage.json")
    utf8_check(descriptor_path, file="datapackage.json")
    try:
        declared = json.loads(descriptor_path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as error:
        raise PackageRefusedError(
            [Problem("datapackage.json", error.lineno, None, _("It is not valid JSON."))]
        ) from None
    if not isinstance(declared, dict) or declared.get("lika_profile") != PROFILE:
        raise PackageRefusedError(
            [
                Problem(
                    "datapackage.json",
                    None,
                    "lika_profile",
                    _("It is not a joint-plan package from Lika (%(profile)s).") % {"profile": PROFILE},
                )
            ]
        )
    schemas = _schemas()
    resources = []
    for name in ("measures", "figures"):
        file = f"{name}.csv"
        path = directory / file
        if not path.is_file():
            raise PackageRefusedError([Problem(file, None, None, _("The file is missing from the package."))])
        path_size_check(path, file=file)
        utf8_check(path, file=file)
        resources.append({"name": name, "path": file, "format": "csv", "encoding": "utf-8", "schema": schemas[name]})
    return Package({"name": "lika-joint-plan", "resources": resources}, basepath=str(directory))  # type: ignore[misc]


def _validated(directory: Path) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    package = _checked_package(directory)
    report = package.validate()
    problems = [
        Problem(
            f"{task.name}.csv", getattr(error, "row_number", None), getattr(error, "field_name", None), error.message
        )
        for task in report.tasks
        for error in task.errors
    ]
    if problems:
        raise PackageRefusedError(problems)
    measures = [dict(row) for row in package.get_table_resource("measures").read_rows()]
    figures = [dict(row) for row in package.get_table_resource("figures").read_rows()]
    return measures, figures


def package_import(*, acting: Acting, directory: Path) -> list[ImportedPart]:
    """Imports another agency's part of the joint plan, all or nothing: every problem names file, line and field."""
    acting.require("plan.add_importedpart")
    measures, figures = _validated(directory)
    problems: list[Problem] = []
    agencies = {agency.code: agency for agency in Agency.objects.all()}
    for file, rows in (("measures.csv", measures), ("figures.csv", figures)):
        for line, row in enumerate(rows, start=2):
            agency = agencies.get(row["agency"])
            if agency is None:
                problems.append(
                    Problem(file, line, "agency", _("No agency has the code %(code)s.") % {"code": row["agency"]})
                )
            elif agency.own:
                problems.append(
                    Problem(
                        file, line, "agency", _("This is this agency's own part; it is not imported from a package.")
                    )
                )
    parts = {(row["agency"], row["year"]) for row in measures} | {(row["agency"], row["year"]) for row in figures}
    if not measures:
        problems.append(Problem("measures.csv", None, None, _("The package has no measures.")))
    if problems:
        raise PackageRefusedError(problems)
    imported = []
    with transaction.atomic():
        for code, year in sorted(parts):
            agency = agencies[code]
            part_measures = [
                {
                    "code": row["code"],
                    "text": row["text"],
                    "owner": row["owner"] or "",
                    "agency": agency.name,
                    "status": str(MeasureStatus(row["status"]).label),
                    "status_code": row["status"],
                    "status_text": row["status_text"] or "",
                    "area": row["area"],
                }
                for row in measures
                if (row["agency"], row["year"]) == (code, year)
            ]
            part_figures = [
                {"indicator": row["indicator"], "title": row["title"], "sex": row["sex"], "value": row["value"]}
                for row in figures
                if (row["agency"], row["year"]) == (code, year)
            ]
            part, _created = ImportedPart.objects.update_or_create(
                agency=agency,
                year=year,
                defaults={
                    "imported_at": clock.now(),
                    "imported_by": acting.actor,
                    "measures": part_measures,
                    "figures": part_figures,
                },
            )
            acting.audit(Action.PLAN_PART_IMPORT, part, {"year": year, "measures": len(part_measures)})
            imported.append(part)
    return imported
