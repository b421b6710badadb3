"""Checking a whole extract against its register's schema, before anything is written.

Every row is read and every cell parsed. Each problem names the file, the line (CSV) or row (XLSX,
Parquet) and the column, with a plain message; after :data:`MAX_PROBLEMS` problems reading stops.
What passes comes out as columns of stored values, with the age group, year and quarter worked out
from the event's day (age = the event's year minus the birth year: the registers carry no more).
"""

from __future__ import annotations

import datetime
import operator
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from lika.followup.dimensions import age_group, quarter
from lika.followup.registers.readers import Chunk, ReadError, Table, Unit, table_read
from lika.followup.registers.schemas import CellError, Column, RegisterSchema

MAX_PROBLEMS = 100

# The stored columns of a register row, in this order (the event and flag columns come last).
ROW_FIELDS = (
    "record_id",
    "sex",
    "age_group",
    "country_of_birth",
    "birth_year",
    "region",
    "year",
    "quarter",
)


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an extract: where it is and what to do about it.

    ``position`` is a line (CSV) or row (XLSX, Parquet) number, None when the problem concerns the
    whole file; ``column`` is empty when it concerns a whole line or the file.
    """

    file: str
    position: int | None
    unit: Unit
    column: str
    message: str

    @property
    def where(self) -> str:
        """The position in words: "line 7", "row 7", or "" for the whole file."""
        if self.position is None:
            return ""
        if self.unit == "line":
            return _("line %(number)s") % {"number": self.position}
        return _("row %(number)s") % {"number": self.position}

    def __str__(self) -> str:
        parts = [self.file, self.where]
        if self.column:
            parts.append(_("column %(column)s") % {"column": self.column})
        return ", ".join(part for part in parts if part) + f": {self.message}"


class RegisterImportError(ValidationError):
    """An extract refused: ``problems`` lists what is wrong (at most :data:`MAX_PROBLEMS`), nothing was written.

    ``truncated`` says that reading stopped at the limit, so the file may hold more problems.
    """

    def __init__(self, problems: list[Problem], *, truncated: bool = False) -> None:
        self.problems = problems
        self.truncated = truncated
        messages = [str(problem) for problem in problems]
        if truncated:
            messages.append(
                _("Reading stopped after %(count)s problems; fix these and try again.") % {"count": len(problems)}
            )
        super().__init__(messages)


class _Problems:
    """Collects problems of one file, up to the limit."""

    def __init__(self, file: str, unit: Unit) -> None:
        self.file = file
        self.unit = unit
        self.found: list[Problem] = []
        self.truncated = False

    def add(self, position: int | None, column: str, message: str) -> None:
        if len(self.found) >= MAX_PROBLEMS:
            self.truncated = True
            return
        self.found.append(Problem(self.file, position, self.unit, column, message))

    def error(self) -> RegisterImportError:
        return RegisterImportError(self.found, truncated=self.truncated)


@dataclass
class Extract:
    """The rows of a valid extract as columns of stored values (see :data:`ROW_FIELDS`), with their positions."""

    schema: RegisterSchema
    file: str
    unit: Unit
    format: str
    positions: list[int] = field(default_factory=list)
    columns: dict[str, list[Any]] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.positions)

    @property
    def field_names(self) -> tuple[str, ...]:
        return (*ROW_FIELDS, self.schema.event_column, self.schema.flag_column)


def extract_read(schema: RegisterSchema, path: Path, *, file_name: str, today: datetime.date) -> Extract:
    """Reads and checks every row of the extract at ``path``; raises :class:`RegisterImportError` with every problem found."""
    try:
        with table_read(path, file=file_name) as table:
            return _extract(schema, table, file_name=file_name, today=today)
    except ReadError as error:
        raise RegisterImportError([Problem(file_name, error.position, error.unit, "", error.message)]) from error


def _header_indexes(schema: RegisterSchema, table: Table, problems: _Problems) -> dict[str, int]:
    """Where each declared column is in the file; missing, unknown and repeated columns are problems."""
    indexes: dict[str, int] = {}
    declared = set(schema.names)
    for index, raw in enumerate(table.header):
        name = raw.strip().lower()
        if name in indexes:
            problems.add(table.header_position, raw, _("This column appears twice in the header."))
        elif name in declared:
            indexes[name] = index
        else:
            problems.add(
                table.header_position,
                raw or _("(no name)"),
                _("This register has no such column. Its columns are: %(columns)s.")
                % {"columns": ", ".join(schema.names)},
            )
    for name in schema.names:
        if name not in indexes:
            problems.add(table.header_position, name, _("This column is missing from the header."))
    return indexes


def _extract(schema: RegisterSchema, table: Table, *, file_name: str, today: datetime.date) -> Extract:
    problems = _Problems(file_name, table.unit)
    indexes = _header_indexes(schema, table, problems)
    if problems.found:
        raise problems.error()
    checker = _ChunkChecker(schema, table, indexes, problems, file_name=file_name, today=today)
    try:
        for chunk in table.chunks:
            checker.check(chunk)
            if problems.truncated:
                break
    except ReadError as error:
        problems.add(error.position, "", error.message)
    if not problems.found and not checker.extract.positions:
        problems.add(table.header_position, "", _("The file has a header but no rows."))
    if problems.found:
        raise problems.error()
    return checker.extract


class _Invalid:
    """What a wrong cell parses to: the message for the analyst."""

    __slots__ = ("message",)

    def __init__(self, message: str) -> None:
        self.message = message


# A problem found in a chunk: position, the column's place (to list a row's problems in column order), column, message.
_Found = tuple[int, int, str, str]


class _ChunkChecker:
    """Checks a file chunk by chunk, a column at a time, and appends the values of good chunks to the extract.

    A column's distinct values are parsed once and looked up for every row, so a million rows cost a
    few dictionary look-ups each rather than a parser call per cell; the slow row-by-row path runs
    only where something is wrong.
    """

    def __init__(
        self,
        schema: RegisterSchema,
        table: Table,
        indexes: dict[str, int],
        problems: _Problems,
        *,
        file_name: str,
        today: datetime.date,
    ) -> None:
        self.schema = schema
        self.problems = problems
        self.today = today
        self.width = len(table.header)
        self.extract = Extract(schema=schema, file=file_name, unit=table.unit, format=table.format)
        self.extract.columns = {name: [] for name in self.extract.field_names}
        self.columns = [(order, column, indexes[column.name]) for order, column in enumerate(schema.columns)]
        self.caches: dict[str, dict[object, Any]] = {column.name: {} for column in schema.columns}
        self.seen: dict[str, int] = {}
        self.age_groups: dict[int, str] = {}
        self.quarters: dict[datetime.date, int] = {}

    def check(self, chunk: Chunk) -> None:
        count = len(chunk.positions)
        if not count:
            return
        found = self._surplus(chunk)
        parsed: dict[str, list[Any]] = {}
        for order, column, index in self.columns:
            cells = chunk.columns[index] if index < len(chunk.columns) else [None] * count
            parsed[column.name], wrong = self._parse(column, cells)
            found += [(chunk.positions[row], order, column.name, message) for row, message in wrong[: MAX_PROBLEMS + 1]]
        if found or self.problems.found:
            found += self._row_problems(chunk, parsed, whole=False)
        else:
            found += self._row_problems(chunk, parsed, whole=True)
        for position, _order, name, message in sorted(found):
            self.problems.add(position, name, message)
        if not self.problems.found:
            self._append(chunk, parsed)

    def _surplus(self, chunk: Chunk) -> list[_Found]:
        """Rows with more values than the header has columns (CSV and XLSX)."""
        rows: set[int] = set()
        for extra in chunk.columns[self.width :]:
            rows.update(row for row, cell in enumerate(extra) if cell is not None and cell != "")
        message = _("This line has more values than the header has columns.")
        return [(chunk.positions[row], -1, "", message) for row in sorted(rows)[: MAX_PROBLEMS + 1]]

    def _parse(self, column: Column, cells: Sequence[object]) -> tuple[list[Any], list[tuple[int, str]]]:
        """The column's parsed values (:class:`_Invalid` where wrong) and its problems by row."""
        if column.bulk_pattern is not None and all(isinstance(cell, str) for cell in cells):
            joined = "\n".join(cells) + "\n"  # type: ignore[arg-type]
            if joined.count("\n") == len(cells) and column.bulk_pattern.fullmatch(joined):
                return list(cells), []
        if column.bulk_pattern is not None:  # unique values: nothing to gain by remembering them
            values = [self._parse_one(column, cell) for cell in cells]
        else:
            cache = self.caches[column.name]
            if bool in set(map(type, cells)):  # True equals 1: keep booleans and numbers apart
                cache = self.caches.setdefault(column.name + ":bool", {})
                keys: Sequence[object] = list(zip(map(type, cells), cells, strict=True))
            else:
                keys = cells
            distinct = set(keys)
            for key in distinct - cache.keys():
                cache[key] = self._parse_one(column, key[1] if keys is not cells else key)  # type: ignore[index]
            values = list(map(cache.__getitem__, keys))
            if not any(isinstance(cache[key], _Invalid) for key in distinct):
                return values, []
        wrong = [(row, value.message) for row, value in enumerate(values) if isinstance(value, _Invalid)]
        return values, wrong

    @staticmethod
    def _parse_one(column: Column, cell: object) -> Any:
        if cell is None or (isinstance(cell, str) and not cell.strip()):
            return _Invalid(_("A value is required here."))
        try:
            return column.parse(cell)
        except CellError as error:
            return _Invalid(str(error))

    def _row_problems(self, chunk: Chunk, parsed: dict[str, list[Any]], *, whole: bool) -> list[_Found]:
        """What a row's cells say together: a record id seen once, a day passed, a birth year before it.

        ``whole`` says every cell of the chunk is good, so the common case (nothing wrong) is told at C speed.
        """
        schema, event = self.schema, self.schema.event_column
        ids, days, births = parsed["record_id"], parsed[event], parsed["birth_year"]
        if whole:
            distinct = set(ids)
            if (
                len(distinct) == len(ids)
                and self.seen.keys().isdisjoint(distinct)
                and max(days) <= self.today
                and min(map(operator.sub, map(operator.attrgetter("year"), days), births)) >= 0
            ):
                self.seen.update(zip(ids, chunk.positions, strict=True))
                return []
        found: list[_Found] = []
        order = {column.name: place for place, column in enumerate(schema.columns)}
        good_rows = (
            row
            for row in range(len(chunk.positions))
            if not any(isinstance(parsed[column.name][row], _Invalid) for column in schema.columns)
        )
        for row in good_rows:
            position, record_id, day, birth_year = chunk.positions[row], ids[row], days[row], births[row]
            first = self.seen.setdefault(record_id, position)
            if first != position:
                where = Problem(self.extract.file, first, self.extract.unit, "", "").where
                message = _("This record id already appears on %(where)s.") % {"where": where}
                found.append((position, order["record_id"], "record_id", message))
            if day > self.today:
                message = _("This day, %(day)s, has not come yet.") % {"day": day.isoformat()}
                found.append((position, order[event], event, message))
            if birth_year > day.year:
                message = _("The birth year %(year)s comes after the year of %(column)s, %(day)s.") % {
                    "year": birth_year,
                    "column": event,
                    "day": day.isoformat(),
                }
                found.append((position, order["birth_year"], "birth_year", message))
            if len(found) > MAX_PROBLEMS:
                break
        return found

    def _append(self, chunk: Chunk, parsed: dict[str, list[Any]]) -> None:
        """Appends a good chunk's stored values, with the age group, year and quarter worked out."""
        days: list[datetime.date] = parsed[self.schema.event_column]
        years = list(map(operator.attrgetter("year"), days))
        ages = list(map(operator.sub, years, parsed["birth_year"]))
        for age in set(ages) - self.age_groups.keys():
            self.age_groups[age] = age_group(age)
        for day in set(days) - self.quarters.keys():
            self.quarters[day] = quarter(day)
        derived = {
            "age_group": list(map(self.age_groups.__getitem__, ages)),
            "year": years,
            "quarter": list(map(self.quarters.__getitem__, days)),
        }
        self.extract.positions.extend(chunk.positions)
        for name, values in self.extract.columns.items():
            values.extend(derived[name] if name in derived else parsed[name])
