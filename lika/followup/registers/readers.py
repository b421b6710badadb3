"""Reading a register extract, whatever its format, as a header and chunks of numbered rows.

The format is told by the file's first bytes, not by its name: Parquet files begin with ``PAR1``,
XLSX files are ZIP archives (``PK``), and anything else is read as CSV text.

* **CSV**: UTF-8 with or without a byte-order mark; comma or semicolon, whichever the header line
  has more of; the header is the first line that is not blank. Positions are the file's own line
  numbers (a value spanning lines counts from the line it starts on); blank lines are skipped.
  The whole file is checked to be UTF-8 first, so that a Latin-1 export is refused at its line.
* **XLSX**: the first sheet, read without loading it whole; positions are the rows as Excel
  numbers them; empty rows are skipped; formulas give the value last saved with the file.
* **Parquet**: the columns of the file's schema are the header; positions are rows counted from 1
  (the first record is row 1, as there is no header row).

Rows come in chunks of columns (:class:`Chunk`), so that the checks can work a column at a time.
A file that cannot be read raises :class:`ReadError`, with the position where reading stopped
when there is one.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import zip_longest
from pathlib import Path
from typing import Any, Literal

import openpyxl
import pyarrow as pa
import pyarrow.parquet as pq
from django.utils.translation import gettext as _

from lika.core import files
from lika.core.archives import broken_workbook_errors

Unit = Literal["line", "row"]
Format = Literal["csv", "xlsx", "parquet"]

CHUNK_ROWS = 16_384  # rows checked together; a chunk's columns are checked at C speed
SNIFF_BYTES = 65_536
BROKEN_WORKBOOK_ERRORS = broken_workbook_errors()


class ReadError(Exception):
    """A file that cannot be read as CSV, XLSX or Parquet; ``position`` is where reading stopped, if known."""

    def __init__(self, message: str, position: int | None = None, unit: Unit = "line") -> None:
        super().__init__(message)
        self.message = message
        self.position = position
        self.unit = unit


@dataclass
class Chunk:
    """Consecutive rows of a file as columns: ``columns[i][k]`` is the cell in column ``i`` of row ``positions[k]``.

    A CSV or XLSX row longer than the header gives extra columns; a shorter one has None in the missing cells.
    """

    positions: Sequence[int]
    columns: list[Sequence[object]]


@dataclass
class Table:
    """A file's header and its rows, in chunks of columns."""

    format: Format
    unit: Unit
    header: list[str]
    header_position: int | None
    chunks: Iterator[Chunk]


def _chunk(positions: list[int], rows: list[Sequence[object]]) -> Chunk:
    return Chunk(positions=positions, columns=list(zip_longest(*rows)))


def _refused(refusal: files.FileRefusedError, unit: Unit = "line") -> ReadError:
    return ReadError(refusal.message, refusal.position, unit if refusal.position is None else refusal.unit)


def format_detect(path: Path, *, file: str | None = None) -> Format:
    """The format of the file at ``path``, told by its first bytes; ``file`` is the name it was sent under.

    A file past ``LIKA_FILE_MAX_BYTES``, a name that promises another kind, and text that is not UTF-8 are
    refused (:mod:`lika.core.files`).
    """
    name = file or path.name
    try:
        files.path_size_check(path, file=name)
        with path.open("rb") as handle:
            start = handle.read(SNIFF_BYTES)
        kind = files.kind_detect(start, file=name)
    except files.FileRefusedError as refusal:
        raise _refused(refusal) from refusal
    except OSError as error:
        raise ReadError(_("The file could not be opened: %(error)s") % {"error": error.strerror or error}) from error
    if kind == "parquet":
        return "parquet"
    if kind == "zip":
        return "xlsx"
    if kind == "ole":
        raise ReadError(_("This is an old Excel file (.xls). Save it as .xlsx or as CSV UTF-8 and try again."))
    if kind == "binary":
        raise ReadError(_("The file is not CSV text, XLSX or Parquet."))
    return "csv"


@contextmanager
def table_read(path: Path, *, file: str | None = None) -> Iterator[Table]:
    """Opens the extract at ``path`` and yields its :class:`Table`; the file is closed afterwards.

    ``file`` is the name the extract was sent under (an upload is stored under another).
    """
    name = file or path.name
    file_format = format_detect(path, file=name)
    if file_format == "parquet":
        yield _parquet(path)
    elif file_format == "xlsx":
        with _xlsx(path, name) as table:
            yield table
    else:
        with _csv(path, name) as table:
            yield table


# --- CSV -----------------------------------------------------------------------------------------


def _delimiter(first_line: str) -> str:
    """Semicolon when the header has more semicolons than commas (as Swedish spreadsheets save it)."""
    return ";" if first_line.count(";") > first_line.count(",") else ","


@contextmanager
def _csv(path: Path, name: str) -> Iterator[Table]:
    try:
        files.utf8_check(path, file=name)
    except files.FileRefusedError as refusal:
        raise _refused(refusal) from refusal
    with path.open(encoding="utf-8-sig", newline="") as handle:
        sample = handle.read(SNIFF_BYTES)
        first_line = next((line for line in sample.splitlines() if line.strip()), "")
        handle.seek(0)
        lines = _CsvLines(csv.reader(handle, delimiter=_delimiter(first_line), strict=True))
        header_position, header = lines.header()
        yield Table(format="csv", unit="line", header=header, header_position=header_position, chunks=lines.chunks())


def _blank_record(record: list[str]) -> bool:
    return not any(record) or (len(record) == 1 and not record[0].strip())


class _CsvLines:
    """The records of a CSV file with the line each starts on (a quoted value may span lines)."""

    def __init__(self, reader: Any) -> None:
        self.reader = reader
        self.line = 0

    def _error(self, error: csv.Error) -> ReadError:
        return ReadError(_("This is not valid CSV: %(error)s.") % {"error": error}, self.line + 1)

    def header(self) -> tuple[int, list[str]]:
        try:
            for record in self.reader:
                start, self.line = self.line + 1, self.reader.line_num
                if not _blank_record(record):
                    return start, record
        except csv.Error as error:
            raise self._error(error) from error
        raise ReadError(_("The file is empty: it has no header line."))

    def chunks(self) -> Iterator[Chunk]:
        positions: list[int] = []
        records: list[Sequence[object]] = []
        failure: ReadError | None = None
        reader, line = self.reader, self.line  # locals: this loop runs once per line of the file
        try:
            for record in reader:
                start, line = line + 1, reader.line_num
                # Not blank: a lone value that is not spaces, or any value among several.
                if record and (record[0].strip() if len(record) == 1 else (record[0] or any(record))):
                    positions.append(start)
                    records.append(record)
                    if len(records) == CHUNK_ROWS:
                        yield _chunk(positions, records)
                        positions, records = [], []
        except csv.Error as error:
            self.line = line
            failure = self._error(error)
        if records:
            yield _chunk(positions, records)
        if failure is not None:
            raise failure


# --- XLSX ----------------------------------------------------------------------------------------


@contextmanager
def _xlsx(path: Path, name: str) -> Iterator[Table]:
    # The file is handed over open: openpyxl judges a path by its extension, and an upload kept in a
    # temporary file has none (the format was already recognised from the content).
    with path.open("rb") as handle:
        try:
            with files.zip_open(handle, file=name, workbook=True):
                pass
            handle.seek(0)
            workbook = openpyxl.load_workbook(handle, read_only=True, data_only=True)
        except files.FileRefusedError as refusal:
            raise _refused(refusal, "row") from refusal
        except BROKEN_WORKBOOK_ERRORS as error:
            raise ReadError(_("The file could not be read as an Excel workbook (.xlsx)."), unit="row") from error
        try:
            table = _xlsx_table(workbook)
            yield table
        finally:
            workbook.close()


def _xlsx_table(workbook: Any) -> Table:
    """The first sheet's header, and its rows to come; a workbook that breaks on opening its sheet is a ReadError."""
    if not workbook.worksheets:
        raise ReadError(_("The workbook has no sheet."), unit="row")
    try:
        sheet = workbook.worksheets[0]
        sheet.reset_dimensions()
        rows = _XlsxRows(sheet.iter_rows(min_row=1, min_col=1, values_only=True))
    except BROKEN_WORKBOOK_ERRORS as error:
        raise ReadError(_("The file could not be read as an Excel workbook (.xlsx)."), unit="row") from error
    header_position, header = rows.header()
    return Table(
        format="xlsx",
        unit="row",
        header=["" if cell is None else str(cell) for cell in header],
        header_position=header_position,
        chunks=rows.chunks(),
    )


class _XlsxRows:
    """The rows of a sheet that are not empty, numbered as Excel numbers them."""

    def __init__(self, rows: Iterator[tuple[object, ...]]) -> None:
        self.rows = rows
        self.number = 0

    def _next(self) -> tuple[object, ...] | None:
        """The next row that holds anything, or None at the end of the sheet."""
        while True:
            self.number += 1
            try:
                row = next(self.rows)
            except StopIteration:
                return None
            except BROKEN_WORKBOOK_ERRORS as error:
                raise ReadError(_("This row could not be read from the workbook."), self.number, "row") from error
            if any(cell is not None and cell != "" for cell in row):
                return row

    def header(self) -> tuple[int, tuple[object, ...]]:
        row = self._next()
        if row is None:
            raise ReadError(_("The file is empty: its first sheet has no header row."), unit="row")
        return self.number, row

    def chunks(self) -> Iterator[Chunk]:
        positions: list[int] = []
        rows: list[Sequence[object]] = []
        failure: ReadError | None = None
        try:
            while (row := self._next()) is not None:
                positions.append(self.number)
                rows.append(row)
                if len(rows) == CHUNK_ROWS:
                    yield _chunk(positions, rows)
                    positions, rows = [], []
        except ReadError as error:
            failure = error
        if rows:
            yield _chunk(positions, rows)
        if failure is not None:
            raise failure


# --- Parquet -------------------------------------------------------------------------------------


def _parquet(path: Path) -> Table:
    try:
        parquet = pq.ParquetFile(path)
        header = list(parquet.schema_arrow.names)
    except (pa.ArrowException, OSError) as error:
        raise ReadError(_("The file could not be read as Parquet."), unit="row") from error
    return Table(format="parquet", unit="row", header=header, header_position=None, chunks=_parquet_chunks(parquet))


def _parquet_chunks(parquet: pq.ParquetFile) -> Iterator[Chunk]:
    number = 0
    batches = parquet.iter_batches(batch_size=CHUNK_ROWS)
    while True:
        try:
            batch = next(batches)
            columns: list[Sequence[object]] = [column.to_pylist() for column in batch.columns]
        except StopIteration:
            return
        except (pa.ArrowException, OSError) as error:
            raise ReadError(_("The file could not be read as Parquet from this row on."), number + 1, "row") from error
        yield Chunk(positions=range(number + 1, number + batch.num_rows + 1), columns=columns)
        number += batch.num_rows
