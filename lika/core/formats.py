"""Numbers, percentages, CSV and XLSX files in the reader's language, the same on every page and in every file.

Swedish groups thousands with a space and writes a decimal comma (``1 234,5``); English writes
``1,234.5``. A CSV file follows what Excel expects with the same settings: a semicolon between fields
in Swedish, a comma in other languages.

Every CSV Lika produces is written by :func:`csv_file` (or :func:`csv_text` for a file with a fixed
format), and every XLSX by :func:`xlsx_file`: text that a spreadsheet would run as a formula never
reaches a cell as one (``lika/core/tests/test_exports_safe.py`` checks every export).
"""

from __future__ import annotations

import csv
import datetime
import io
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, TypeVar

import xlsxwriter  # type: ignore[import-untyped]
from django.utils.formats import number_format
from django.utils.translation import get_language

__all__ = [
    "XlsxCell",
    "XlsxSheet",
    "csv_file",
    "csv_separators",
    "csv_text",
    "number_text",
    "percent_text",
    "spreadsheet_cell",
    "xlsx_file",
]


def number_text(value: float, decimals: int = 0) -> str:
    """``value`` in the active language's format, thousands grouped (``1 234,5`` in Swedish)."""
    text = number_format(round(value, decimals), decimal_pos=decimals, use_l10n=True, force_grouping=True)
    return text.replace("-", "\u2212")  # the minus sign, as in print


def percent_text(share: float, decimals: int = 0) -> str:
    """A share (0 to 1) as a percentage with a no-break space before the sign: ``91 %``."""
    return f"{number_text(100 * share, decimals)}\u00a0%"


def csv_separators() -> tuple[str, str]:
    """The field separator and the decimal sign of a CSV file in the active language."""
    swedish = (get_language() or "sv").startswith("sv")
    return (";", ",") if swedish else (",", ".")


T = TypeVar("T")

# What a spreadsheet takes as the start of a formula (OWASP, "CSV injection"); a number is not one.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"-?\d+(?:[.,]\d+)?")


def spreadsheet_cell(value: T) -> T | str:
    """``value`` as a spreadsheet may safely open it: text that would start a formula gets a leading apostrophe.

    A name such as ``=HYPERLINK(...)`` typed into Lika would otherwise run when the file is opened.
    """
    if isinstance(value, str) and value.startswith(_FORMULA_START) and not _PLAIN_NUMBER.fullmatch(value):
        return "'" + value
    return value


def csv_text(lines: Iterable[Sequence[object]], *, delimiter: str, line_end: str = "\r\n") -> str:
    """``lines`` as CSV text with ``delimiter``, text that would start a formula made harmless (:func:`spreadsheet_cell`).

    For a file whose format another system fixes; a file for people is :func:`csv_file`.
    """
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator=line_end)
    writer.writerows([_line_breaks(spreadsheet_cell(value), line_end) for value in line] for line in lines)
    return out.getvalue()


def _line_breaks(value: object, line_end: str) -> object:
    """A return inside a value as a line feed where lines end with a line feed alone.

    Python's CSV writer quotes a value only for the characters of the line end; a lone return left
    unquoted would end the line in a spreadsheet and start a new one with what follows.
    """
    if isinstance(value, str) and "\r" in value and "\r" not in line_end:
        return value.replace("\r\n", "\n").replace("\r", "\n")
    return value


def csv_file(lines: Iterable[Sequence[object]]) -> bytes:
    """``lines`` as CSV in the active language's separator, UTF-8 with a byte-order mark (for Excel).

    Values are written as they are (format decimals with :func:`csv_separators` first), except that
    text a spreadsheet would run as a formula is made harmless (:func:`spreadsheet_cell`).
    """
    return ("\ufeff" + csv_text(lines, delimiter=csv_separators()[0])).encode("utf-8")


# --- XLSX ----------------------------------------------------------------------------------------

CellStyle = Literal["bold", "heading", "header", "right", "wrap"]
_STYLES: dict[str, dict[str, Any]] = {
    "bold": {"bold": True},
    "heading": {"bold": True, "font_size": 13},
    "header": {"bold": True, "text_wrap": True, "valign": "bottom", "bottom": 1},
    "right": {"align": "right"},
    "wrap": {"text_wrap": False, "valign": "top"},
}
_NUMBER_FORMATS = {0: "#,##0", 1: "#,##0.0", 2: "#,##0.00"}


@dataclass(frozen=True)
class XlsxCell:
    """A value with a look: a ``style``, and for a number the ``decimals`` it is shown with (None: as it is)."""

    value: object
    style: CellStyle | None = None
    decimals: int | None = None


@dataclass
class XlsxSheet:
    """One worksheet: its ``name`` (cut to Excel's 31 characters), its rows, and how it looks.

    ``rows`` holds plain values or :class:`XlsxCell`; None leaves a cell empty. ``widths`` maps a column
    to its width; ``bold_rows`` rows at the top are bold and stay in view when scrolling.
    """

    name: str
    rows: Sequence[Sequence[object]]
    widths: Mapping[int, float] = field(default_factory=dict)
    bold_rows: int = 0


class _XlsxWriter:
    def __init__(self, workbook: Any) -> None:
        self.workbook = workbook
        self.formats: dict[tuple[str | None, int | None], Any] = {}

    def format(self, style: str | None, decimals: int | None) -> Any:
        key = (style, decimals)
        if key not in self.formats and (style is not None or decimals is not None):
            properties = dict(_STYLES.get(style or "", {}))
            if decimals is not None:
                properties["num_format"] = _NUMBER_FORMATS.get(decimals, "#,##0." + "0" * decimals)
            self.formats[key] = self.workbook.add_format(properties)
        return self.formats.get(key)

    def cell(self, sheet: Any, position: tuple[int, int], value: object, look: Any) -> None:
        row, column = position
        if value is None or value == "":
            if look is not None:
                sheet.write_blank(row, column, None, look)
        elif isinstance(value, bool):
            sheet.write_boolean(row, column, value, look)
        elif isinstance(value, int | float):
            sheet.write_number(row, column, value, look)
        elif isinstance(value, datetime.date):
            sheet.write_string(row, column, value.isoformat(), look)
        else:
            # Text is always written as text: a cell of type string never runs as a formula, whatever it
            # starts with, and keeps its value exactly (an XLSForm's expressions, a name typed with "=").
            sheet.write_string(row, column, str(value), look)


def xlsx_file(sheets: Sequence[XlsxSheet]) -> bytes:
    """``sheets`` as an XLSX workbook: numbers as numbers, everything else as text, never as a formula."""
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(
        buffer, {"in_memory": True, "strings_to_numbers": False, "strings_to_formulas": False}
    )
    # A fixed creation time: the same content gives the same file.
    workbook.set_properties({"created": datetime.datetime(2020, 1, 1)})  # noqa: DTZ001 - a fixed, naive stamp
    writer = _XlsxWriter(workbook)
    for spec in sheets:
        sheet = workbook.add_worksheet(spec.name[:31])
        for column, width in spec.widths.items():
            sheet.set_column(column, column, width)
        for row_number, row in enumerate(spec.rows):
            bold: CellStyle | None = "bold" if row_number < spec.bold_rows else None
            for column, raw in enumerate(row):
                cell = raw if isinstance(raw, XlsxCell) else XlsxCell(raw, bold)
                writer.cell(sheet, (row_number, column), cell.value, writer.format(cell.style, cell.decimals))
        if spec.bold_rows:
            sheet.freeze_panes(spec.bold_rows, 0)
    workbook.close()
    return buffer.getvalue()
