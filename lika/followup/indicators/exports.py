"""The dashboard's tables as CSV and XLSX files, with the same published cells as the page.

Each file starts with a header block (indicator, question, source, how current the figures are,
the disclosure rules), then the tables, the legend of symbols and a list of every hidden figure with
its reason. Numbers are numbers; Statistics Sweden's symbols are text. A hidden figure appears only
as ``..``: the tables carry no number for it.

CSV is UTF-8 with a byte-order mark (so that Excel reads it as UTF-8). In Swedish the separator is a
semicolon and the decimal sign a comma, as Excel expects with Swedish settings; in other languages a
comma and a point.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from lika.core import clock
from lika.core.formats import XlsxCell, XlsxSheet, csv_file, csv_separators, xlsx_file
from lika.followup.indicators.dashboard import Freshness
from lika.followup.indicators.tables import Cell, Dashboard, Table, kind_labels

Value = str | int | float | None


def export_file_name(dashboard: Dashboard, extension: str, today: datetime.date | None = None) -> str:
    """``lika-<indicator>-<date>.<extension>``."""
    day = today or clock.today()
    return f"lika-{dashboard.indicator.code}-{day.isoformat()}.{extension}"


def _moment(value: datetime.datetime | None) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else _("not yet")


def header_block(
    dashboard: Dashboard, freshness: Freshness, today: datetime.date | None = None
) -> list[tuple[str, str]]:
    """The labelled facts about the figures that go before the tables."""
    indicator, result = dashboard.indicator, dashboard.result
    years = f"{result.years[0]}–{result.years[-1]}" if result.years else "–"
    lines = [
        (_("Indicator"), f"{indicator.title} ({indicator.code})"),
        (_("Question"), str(indicator.question)),
        (_("Source"), str(indicator.source)),
        (_("Kind"), kind_labels()[indicator.kind]),
    ]
    if indicator.no_sex_reason:
        lines.append((_("Not split by sex"), str(indicator.no_sex_reason)))
    if freshness.as_of:
        lines.append((_("Figures as of"), freshness.as_of.isoformat()))
    if freshness.imported:
        lines.append((_("Register last imported"), _moment(freshness.imported)))
    lines += [
        (_("Facts rebuilt"), _moment(freshness.rebuilt)),
        (_("Years"), years),
        (_("Breakdown"), ", ".join(dashboard.breakdown_labels)),
        (_("95 % intervals"), _("Yes") if result.intervals else _("No")),
        (_("Coverage"), dashboard.coverage_text),
        (_("Disclosure control"), dashboard.rules_text),
        (_("Exported"), (today or clock.today()).isoformat()),
    ]
    return lines


def _column_headers(table: Table) -> list[str]:
    headers = list(table.row_labels)
    for group in table.groups:
        for year in table.years:
            if group.interval:
                headers += [
                    _("%(measure)s %(year)s, lower") % {"measure": group.label, "year": year},
                    _("%(measure)s %(year)s, upper") % {"measure": group.label, "year": year},
                ]
            else:
                headers.append(f"{group.label} {year}")
    return headers


def _cell_values(cell: Cell, interval: bool) -> list[Value]:
    """The cell as written to a file: its number(s), or the printed symbol as text."""
    if interval:
        return [cell.value, cell.upper] if cell.value is not None else [cell.text, cell.text]
    return [cell.value if cell.value is not None else cell.text]


def table_lines(table: Table) -> Iterator[tuple[list[Value], list[int]]]:
    """Each line of ``table`` as a file holds it, with the decimals of each value (header first)."""
    yield list(_column_headers(table)), []
    for row in table.rows:
        values: list[Value] = list(row.headers)
        decimals: list[int] = [0] * len(row.headers)
        for index, group in enumerate(table.groups):
            for year in table.years:
                cell = row.cells[index * len(table.years) + table.years.index(year)]
                written = _cell_values(cell, group.interval)
                values += written
                decimals += [group.decimals] * len(written)
        yield values, decimals


def hidden_figures(dashboard: Dashboard) -> list[list[Value]]:
    """One line for every masked cell: where it is and why it is hidden."""
    notes = {note.number: note.text for note in dashboard.notes}
    lines: list[list[Value]] = []
    for table in dashboard.tables:
        for row in table.rows:
            for index, group in enumerate(table.groups):
                for position, year in enumerate(table.years):
                    cell = row.cells[index * len(table.years) + position]
                    if cell.masked and cell.note is not None:
                        lines.append(
                            [table.caption, " / ".join(row.headers), group.label, year, cell.note, notes[cell.note]]
                        )
    return lines


def _sections(dashboard: Dashboard) -> list[tuple[str, list[list[Value]]]]:
    legend: list[list[Value]] = [[symbol, text] for symbol, text in dashboard.legend]
    hidden_header: list[Value] = [_("Table"), _("Group"), _("Column"), _("Year"), _("Note"), _("Reason")]
    return [
        (_("Symbols"), legend),
        (_("Hidden figures and why"), [hidden_header, *hidden_figures(dashboard)]),
    ]


def _csv_number(value: float | int, decimals: int, decimal_sign: str) -> str:
    if isinstance(value, int):
        return str(value)
    return f"{value:.{decimals}f}".replace(".", decimal_sign)


def csv_export(dashboard: Dashboard, freshness: Freshness, today: datetime.date | None = None) -> bytes:
    """The dashboard as CSV: UTF-8 with a byte-order mark; ``;`` and decimal comma in Swedish, else ``,`` and point."""
    decimal_sign = csv_separators()[1]
    rows: list[list[Any]] = [[label, text] for label, text in header_block(dashboard, freshness, today)]
    for table in dashboard.tables:
        rows += [[], [table.caption], [table.explanation]]
        for values, decimals in table_lines(table):
            rows.append(
                [
                    _csv_number(value, decimals[i], decimal_sign) if isinstance(value, int | float) else value
                    for i, value in enumerate(values)
                ]
            )
    for title, lines in _sections(dashboard):
        rows += [[], [title]]
        rows += [["" if value is None else value for value in line] for line in lines]
    return csv_file(rows)


class _Sheet:
    """Collects the lines of the one worksheet, with the look of each cell."""

    def __init__(self) -> None:
        self.rows: list[list[object]] = []

    def title(self, text: str) -> None:
        self.rows += [[], [XlsxCell(text, "heading")]]

    def labelled(self, label: str, text: str) -> None:
        self.rows.append([XlsxCell(label, "bold"), text])

    def table(self, table: Table) -> None:
        self.title(table.caption)
        self.rows.append([XlsxCell(table.explanation, "wrap")])
        for number, (values, decimals) in enumerate(table_lines(table)):
            row: list[object] = []
            for column, value in enumerate(values):
                if number == 0:
                    row.append(XlsxCell(str(value), "header"))
                elif isinstance(value, int | float):
                    row.append(XlsxCell(value, decimals=min(decimals[column], 1)))
                else:
                    row.append(XlsxCell(str(value), None if column < len(table.row_labels) else "right"))
            self.rows.append(row)

    def lines(self, lines: list[list[Value]]) -> None:
        self.rows += [list(values) for values in lines]


def xlsx_export(dashboard: Dashboard, freshness: Freshness, today: datetime.date | None = None) -> bytes:
    """The dashboard as an XLSX workbook: numbers as numbers with their decimals, symbols as right-aligned text."""
    sheet = _Sheet()
    for label, text in header_block(dashboard, freshness, today):
        sheet.labelled(label, text)
    for table in dashboard.tables:
        sheet.table(table)
    for title, lines in _sections(dashboard):
        sheet.title(title)
        sheet.lines(lines)
    return xlsx_file([XlsxSheet(_("Figures"), sheet.rows, widths={0: 28, **dict.fromkeys(range(1, 41), 14)})])
