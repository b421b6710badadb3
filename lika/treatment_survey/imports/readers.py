"""Reading the files of an ODK Central or KoboToolbox export as named sheets of numbered rows.

An export arrives as one or more files:

* **CSV** (ODK Central, or a KoboToolbox CSV): one sheet per file, named after the file without
  ``.csv``; UTF-8 with or without a byte-order mark; comma or semicolon, whichever the header line
  has more of. Positions are the file's line numbers (the header is line 1).
* **XLSX** (KoboToolbox's usual export, or any export saved in Excel): one sheet per worksheet;
  positions are the rows as Excel numbers them; empty rows are skipped.
* **ZIP** (ODK Central's "all data" download): each CSV file inside, as above; other files (media)
  are left alone.

The format is told by the file's first bytes. A file that cannot be read raises
:class:`ExportError` naming the file and, where known, the line.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import openpyxl
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from lika.core import files as guard
from lika.core.archives import broken_workbook_errors

Unit = Literal["line", "row"]

MAX_PROBLEMS = 100
BROKEN_WORKBOOK_ERRORS = broken_workbook_errors()


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an export: the file (and sheet), the line or row, the column, and what to do."""

    source: str
    position: int | None
    unit: Unit
    column: str
    message: str

    def __str__(self) -> str:
        parts = [self.source] if self.source else []
        if self.position is not None:
            where = _("line %(number)s") if self.unit == "line" else _("row %(number)s")
            parts.append(where % {"number": self.position})
        if self.column:
            parts.append(_("column %(column)s") % {"column": self.column})
        return f"{', '.join(parts)}: {self.message}" if parts else self.message


class ExportError(ValidationError):
    """An export refused as a whole; ``problems`` lists what is wrong, and nothing was written."""

    def __init__(self, problems: Sequence[Problem], *, truncated: bool = False) -> None:
        self.problems = list(problems)
        self.truncated = truncated
        messages = [str(problem) for problem in self.problems]
        if truncated:
            messages.append(
                _("Reading stopped after %(count)s problems; fix these and try again.") % {"count": len(messages)}
            )
        super().__init__(messages)


@dataclass(frozen=True)
class Sheet:
    """A table of an export: its name, where it came from, its header and its numbered rows."""

    name: str
    source: str
    unit: Unit
    header: list[str]
    rows: list[tuple[int, list[object]]]


def _blank(cells: Sequence[object]) -> bool:
    return all(cell is None or (isinstance(cell, str) and not cell.strip()) for cell in cells)


def _refused(refusal: guard.FileRefusedError, unit: Unit = "line") -> ExportError:
    source = f"{refusal.file} [{refusal.sheet}]" if refusal.sheet else refusal.file
    return ExportError(
        [Problem(source, refusal.position, refusal.unit if refusal.position else unit, "", refusal.message)]
    )


def _csv_sheet(name: str, source: str, data: bytes) -> Sheet:
    try:
        text = guard.text_decode(data, file=source)
    except guard.FileRefusedError as refusal:
        raise _refused(refusal) from refusal
    first_line = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    records: list[tuple[int, list[object]]] = []
    line = 0
    while True:
        start = line + 1
        try:
            record = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            raise ExportError(
                [Problem(source, start, "line", "", _("This is not valid CSV: %(error)s.") % {"error": error})]
            ) from error
        line = reader.line_num
        if record and not _blank(record):
            records.append((start, list(record)))
    if not records:
        raise ExportError([Problem(source, None, "line", "", _("The file is empty: it has no header line."))])
    (_header_line, header), *rows = records
    return Sheet(name=name, source=source, unit="line", header=[str(cell).strip() for cell in header], rows=rows)


def _xlsx_sheets(source: str, data: bytes) -> list[Sheet]:
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except BROKEN_WORKBOOK_ERRORS as error:
        message = _("The file could not be read as an Excel workbook (.xlsx).")
        raise ExportError([Problem(source, None, "row", "", message)]) from error
    sheets = []
    try:
        for worksheet in workbook.worksheets:
            try:
                numbered: list[tuple[int, list[object]]] = [
                    (number, list(cells))
                    for number, cells in enumerate(worksheet.iter_rows(values_only=True), start=1)
                    if not _blank(cells)
                ]
            except BROKEN_WORKBOOK_ERRORS as error:
                message = _("The sheet %(sheet)s could not be read: the workbook is damaged.") % {
                    "sheet": worksheet.title
                }
                raise ExportError([Problem(source, None, "row", "", message)]) from error
            if not numbered:
                continue
            (_header_row, header), *rows = numbered
            sheets.append(
                Sheet(
                    name=worksheet.title,
                    source=f"{source} [{worksheet.title}]",
                    unit="row",
                    header=["" if cell is None else str(cell).strip() for cell in header],
                    rows=rows,
                )
            )
    finally:
        workbook.close()
    return sheets


def _zip_sheets(source: str, archive: zipfile.ZipFile) -> list[Sheet]:
    names = sorted(name for name in archive.namelist() if name.lower().endswith(".csv") and "/" not in name)
    if not names:
        raise ExportError([Problem(source, None, "line", "", _("The ZIP archive holds no CSV file."))])
    sheets = []
    for name in names:
        try:
            data = archive.read(name)
        except BROKEN_WORKBOOK_ERRORS as error:
            message = _("This file in the archive could not be read: the archive is damaged or incomplete.")
            raise ExportError([Problem(f"{source}/{name}", None, "line", "", message)]) from error
        sheets.append(_csv_sheet(name[: -len(".csv")], f"{source}/{name}", data))
    return sheets


def _stem(filename: str) -> str:
    base = filename.rsplit("/", 1)[-1]
    return base.rsplit(".", 1)[0] if "." in base else base


def sheets_read(files: Sequence[tuple[str, bytes]]) -> list[Sheet]:
    """Every sheet of the export's ``files`` (name and content each), in the order given.

    Each file passes the guard of :mod:`lika.core.files` first: its size, its kind against its name, its
    encoding, and for a ZIP archive the size it unpacks to.
    """
    sheets: list[Sheet] = []
    for filename, data in files:
        try:
            guard.size_check(len(data), file=filename)
            kind = guard.kind_detect(data[: guard.SNIFF_BYTES], file=filename)
        except guard.FileRefusedError as refusal:
            raise _refused(refusal) from refusal
        if kind == "zip":
            try:
                with guard.zip_open(
                    io.BytesIO(data), file=filename, workbook=filename.lower().endswith(".xlsx")
                ) as archive:
                    is_workbook = "xl/workbook.xml" in archive.namelist()
                    sheets += _xlsx_sheets(filename, data) if is_workbook else _zip_sheets(filename, archive)
            except guard.FileRefusedError as refusal:
                raise _refused(refusal) from refusal
        elif kind == "ole":
            message = _("This is an old Excel file (.xls). Export the data again as .xlsx or CSV.")
            raise ExportError([Problem(filename, None, "row", "", message)])
        elif kind != "text":
            message = _("The file is not CSV text, an Excel workbook or a ZIP archive.")
            raise ExportError([Problem(filename, None, "line", "", message)])
        else:
            sheets.append(_csv_sheet(_stem(filename), filename, data))
    return sheets
