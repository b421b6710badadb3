"""``lika followup-indicator``: prints an indicator's published tables exactly as the dashboard shows them.

The same choices as the dashboard's form (breakdown, years, intervals) give the same cells, symbols,
masks and notes, because both cut their view from the same stored protected cube and lay it out with
the same code. CSV is the dashboard's CSV export; JSON holds each table's printed cells.
"""

from __future__ import annotations

import json
import sys
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation

from lika.core.disclosure import disclosure_rules
from lika.followup.indicators.catalogue import BY_CODE, CATALOGUE, DIMENSIONS, Indicator
from lika.followup.indicators.dashboard import dashboard_for, indicator_freshness, published_years
from lika.followup.indicators.engines import FactsMissingError, engine_default
from lika.followup.indicators.exports import csv_export
from lika.followup.indicators.forms import IndicatorQueryForm, breakdown_value
from lika.followup.indicators.tables import Dashboard


def _years(text: str | None) -> tuple[int | None, int | None]:
    if not text:
        return None, None
    first, _dash, last = text.partition("-")
    try:
        return int(first), int(last or first)
    except ValueError:
        raise CommandError(f"--years takes a year or a range such as 2021-2026, not {text!r}.") from None


def dashboard_json(dashboard: Dashboard) -> dict[str, Any]:
    """The tables as printed: every cell's text, its number (none where a symbol is printed) and its note."""
    return {
        "indicator": dashboard.indicator.code,
        "title": str(dashboard.indicator.title),
        "breakdown": list(dashboard.result.breakdown),
        "years": list(dashboard.result.years),
        "tables": [
            {
                "name": table.slug,
                "caption": table.caption,
                "row_labels": list(table.row_labels),
                "columns": [{"measure": group.label, "year": year} for group in table.groups for year in table.years],
                "rows": [
                    {
                        "headers": list(row.headers),
                        "total": row.total,
                        "cells": [
                            {"text": cell.text, "value": cell.value, "upper": cell.upper, "note": cell.note}
                            for cell in row.cells
                        ],
                    }
                    for row in table.rows
                ],
            }
            for table in dashboard.tables
        ],
        "notes": {str(note.number): note.text for note in dashboard.notes},
        "legend": dict(dashboard.legend),
        "disclosure_control": dashboard.rules_text,
    }


class Command(BaseCommand):
    help = "Print an indicator's published tables (as the follow-up dashboard shows them) as CSV or JSON."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("code", nargs="?", help="the indicator's code (see --list)")
        parser.add_argument("--list", action="store_true", help="list the indicators and their breakdowns")
        parser.add_argument("--by", default=None, help="breakdown besides year and sex: DIM or DIM,DIM")
        parser.add_argument("--years", default=None, help="a year or a range, e.g. 2021-2026 (all years if left out)")
        parser.add_argument("--intervals", choices=["yes", "no"], default=None, help="show 95 %% intervals")
        parser.add_argument("--format", choices=["csv", "json"], default="csv")
        parser.add_argument(
            "--language",
            choices=[code for code, _name in settings.LANGUAGES],
            default=settings.LANGUAGE_CODE,
            help="the language of labels and notes",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        with translation.override(options["language"]):
            if options["list"]:
                self._list()
                return
            code = options["code"]
            if not code:
                raise CommandError("Name an indicator, or use --list to see them.")
            indicator = BY_CODE.get(code)
            if indicator is None:
                raise CommandError(f"There is no indicator called {code!r}; --list shows them.")
            dashboard = self._dashboard(indicator, options)
            if options["format"] == "json":
                self.stdout.write(json.dumps(dashboard_json(dashboard), ensure_ascii=False, indent=2))
            else:
                sys.stdout.buffer.write(csv_export(dashboard, indicator_freshness([indicator])[indicator.code]))
                sys.stdout.buffer.flush()

    def _list(self) -> None:
        for indicator in CATALOGUE:
            tables = [",".join(table) for table in indicator.published_tables() if table]
            free = [f"{','.join(pair)} (changed slightly)" for pair in indicator.free_pairs()]
            by = "; ".join([*tables, *free]) or "-"
            self.stdout.write(f"{indicator.code}\t{indicator.title}\t--by {by}")

    def _dashboard(self, indicator: Indicator, options: dict[str, Any]) -> Dashboard:
        engine = engine_default()
        try:
            years = published_years(indicator, engine=engine, rules=disclosure_rules())
        except FactsMissingError as error:
            raise CommandError(str(error)) from error
        first, last = _years(options["years"])
        data: dict[str, Any] = {}
        if options["by"] is not None:
            dims = tuple(part.strip() for part in options["by"].split(",") if part.strip())
            unknown = [d for d in dims if d not in DIMENSIONS]
            if unknown:
                raise CommandError(f"--by: unknown breakdown {', '.join(unknown)}; --list shows each indicator's.")
            data["breakdown"] = breakdown_value(dims)
        if first is not None:
            data["first_year"], data["last_year"] = str(first), str(last)
        if options["intervals"]:
            data["intervals"] = options["intervals"]
        form = IndicatorQueryForm(data, indicator=indicator, years=years)
        if form.is_bound and not form.is_valid():
            problems = "; ".join(f"{name}: {' '.join(str(e) for e in errors)}" for name, errors in form.errors.items())
            raise CommandError(problems)
        if not years:
            raise CommandError(f"There are no figures for {indicator.code} yet.")
        return dashboard_for(indicator, form.query(), engine=engine)
