"""Importing register extracts: all or nothing, each file once, never overwriting what is there.

:func:`register_import` reads and checks every row of a file before it writes anything. A file whose
contents (SHA-256) were imported into the same register before is not read again: the earlier
import is returned and nothing is written, not even an audit event, because nothing changes. A row
whose record id is already stored with the same values is counted but not written again, so
overlapping extracts (this year's file after last quarter's) add only what is new; a stored row
whose values differ is a conflict, and the whole file is refused. Rows are written in one
transaction with COPY on PostgreSQL, together with the import and its audit event.
"""

from __future__ import annotations

import datetime
import hashlib
import sqlite3
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, cast

import psycopg
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import Field
from django.utils.translation import gettext as _

from lika.audit.acting import Acting
from lika.audit.actions import Action
from lika.core import clock, files
from lika.core.bulk import copy_text, rows_write
from lika.followup.facts.export import facts_directory, table_export
from lika.followup.models import REGISTER_MODELS, RegisterImport, RegisterRow
from lika.followup.registers.schemas import SCHEMAS
from lika.followup.registers.validation import MAX_PROBLEMS, Extract, Problem, RegisterImportError, extract_read

__all__ = ["RegisterImportError", "register_import"]

PERMISSION = "followup.add_registerimport"
LOOKUP_CHUNK = 5_000  # record ids looked up per query when the register already holds rows (SQLite)
LOOKUP_CHUNK_POSTGRESQL = 100_000  # on PostgreSQL, as one array parameter
WRITE_BATCH = 50_000  # rows handed to COPY (or executemany) at a time
FILE_NAME_MAX_LENGTH = 255
# Columns compared with a stored row of the same record id; the age group, year and quarter follow from them.
_COMPARED = ("sex", "country_of_birth", "birth_year", "region")


def _sha256(path: Path, file_name: str) -> str:
    """The file's digest, once it is known not to be too large to read (``LIKA_FILE_MAX_BYTES``)."""
    try:
        files.path_size_check(path, file=file_name)
    except files.FileRefusedError as refusal:
        raise RegisterImportError([Problem(file_name, None, "line", "", refusal.message)]) from refusal
    digest = hashlib.sha256()
    try:
        with path.open("rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
    except OSError as error:
        message = _("The file could not be opened: %(error)s") % {"error": error.strerror or error}
        raise RegisterImportError([Problem(file_name, None, "line", "", message)]) from error
    return digest.hexdigest()


def register_import(*, acting: Acting, kind: str, path: Path, file_name: str | None = None) -> RegisterImport:
    """Imports the extract at ``path`` into register ``kind`` and returns the import.

    ``file_name`` is the name the analyst knows the file by (an upload's name); it defaults to the
    path's. Refuses with :class:`RegisterImportError`, listing every problem found up to 100, and
    then changes nothing. Returns the earlier import, unchanged, when this file was imported before.
    """
    acting.require(PERMISSION)
    schema = SCHEMAS.get(kind)
    if schema is None:
        raise ValidationError({"kind": _("Choose one of the listed registers.")})
    model = REGISTER_MODELS[kind]
    name = Path(file_name or path.name).name[-FILE_NAME_MAX_LENGTH:]
    sha256 = _sha256(path, name)
    earlier = RegisterImport.objects.filter(kind=kind, sha256=sha256).first()
    if earlier is not None:
        return earlier
    extract = extract_read(schema, path, file_name=name, today=clock.today())
    try:
        with transaction.atomic():
            new = _new_rows(model, extract)
            imported = RegisterImport.objects.create(
                kind=kind,
                file_name=name,
                sha256=sha256,
                rows=len(extract),
                rows_new=len(extract) if new is None else len(new),
                imported_by=acting.actor,
                reason=acting.reason.strip(),
            )
            _rows_write(model, imported.pk, extract, new)
            acting.audit(
                Action.REGISTER_IMPORT,
                imported,
                {
                    "kind": kind,
                    "file_name": name,
                    "format": extract.format,
                    "sha256": sha256,
                    "rows": imported.rows,
                    "rows_new": imported.rows_new,
                },
            )
            # The indicators read the register's Parquet copy: renew it once the rows are committed.
            transaction.on_commit(lambda: table_export(model, facts_directory()))
    except (IntegrityError, psycopg.IntegrityError, sqlite3.IntegrityError) as error:
        # Someone imported the same file, or rows with the same record ids, while this one was read.
        # (COPY and executemany run on the driver's own cursor, so its error class is caught too.)
        earlier = RegisterImport.objects.filter(kind=kind, sha256=sha256).first()
        if earlier is not None:
            return earlier
        message = _("Another import into this register finished while this file was read. Try again.")
        raise RegisterImportError([Problem(name, None, extract.unit, "", message)]) from error
    return imported


def _shown(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def _stored_rows(model: type[RegisterRow], names: tuple[str, ...], record_ids: list[str]) -> list[tuple[Any, ...]]:
    """Stored rows with these record ids: ``names`` in that order. On PostgreSQL the ids go as one array."""
    if connection.vendor != "postgresql":
        return list(model.objects.filter(record_id__in=record_ids).values_list(*names))
    quote = connection.ops.quote_name
    columns = ", ".join(quote(_column(model, name)) for name in names)
    # Table and column names come from the model's _meta and are quoted; the ids are one bound array.
    sql = f"SELECT {columns} FROM {quote(model._meta.db_table)} WHERE {quote('record_id')} = ANY(%s)"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql, [record_ids])
        return cast("list[tuple[Any, ...]]", cursor.fetchall())


def _new_rows(model: type[RegisterRow], extract: Extract) -> list[int] | None:
    """The indexes of the extract's rows not yet stored, or None when all are new.

    A stored row with the same record id and the same values is skipped; one with other values is a
    conflict that refuses the whole file.
    """
    if not model.objects.exists():
        return None
    compared = (*_COMPARED, extract.schema.event_column, extract.schema.flag_column)
    chunk_size = LOOKUP_CHUNK_POSTGRESQL if connection.vendor == "postgresql" else LOOKUP_CHUNK
    record_ids = extract.columns["record_id"]
    columns = [extract.columns[name] for name in compared]
    new: list[int] = []
    problems: list[Problem] = []
    for start in range(0, len(record_ids), chunk_size):
        ids = record_ids[start : start + chunk_size]
        stored = {row[0]: row[1:] for row in _stored_rows(model, ("record_id", *compared, "register_import"), ids)}
        if not stored:
            new.extend(range(start, start + len(ids)))
            continue
        rows = zip(*(column[start : start + chunk_size] for column in columns), strict=True)
        for index, (record_id, row) in enumerate(zip(ids, rows, strict=True), start=start):
            before = stored.get(record_id)
            if before is None:
                new.append(index)
            elif before[:-1] != row:
                problems += _conflicts(extract, index, compared, before, row)
        if len(problems) > MAX_PROBLEMS:
            break
    if problems:
        raise RegisterImportError(problems[:MAX_PROBLEMS], truncated=len(problems) > MAX_PROBLEMS)
    return new


def _conflicts(
    extract: Extract, index: int, compared: tuple[str, ...], before: tuple[Any, ...], row: tuple[Any, ...]
) -> list[Problem]:
    """A problem for each column in which a row differs from the stored row with its record id."""
    problems = []
    for name, was, now in zip(compared, before, row, strict=False):
        if was == now:
            continue
        message = _(
            "Record %(record)s is already stored (import %(import)s) with %(before)s here; "
            "this file has %(now)s. Stored rows are never changed: correct the file or ask the register's owner."
        ) % {
            "record": extract.columns["record_id"][index],
            "import": before[-1],
            "before": _shown(was),
            "now": _shown(now),
        }
        problems.append(Problem(extract.file, extract.positions[index], extract.unit, name, message))
    return problems


def _batches(extract: Extract, import_id: int, new: list[int] | None, *, text: bool) -> Iterator[list[Sequence[Any]]]:
    """The rows to write, as batches of columns: COPY text on PostgreSQL, Python values on SQLite."""
    count = len(extract) if new is None else len(new)
    memos: dict[str, dict[Any, str]] = {name: {} for name in extract.columns}
    import_value = str(import_id) if text else import_id
    for start in range(0, count, WRITE_BATCH):
        stop = min(start + WRITE_BATCH, count)
        batch: list[Sequence[Any]] = [[import_value] * (stop - start)]
        for name, values in extract.columns.items():
            chosen = values[start:stop] if new is None else [values[index] for index in new[start:stop]]
            if text and chosen and not isinstance(chosen[0], str):
                # Few distinct numbers, days and booleans: each is turned into text once.
                memo = memos[name]
                for value in set(chosen) - memo.keys():
                    memo[value] = copy_text(value)
                chosen = list(map(memo.__getitem__, chosen))
            batch.append(chosen)
        yield batch


def _column(model: type[RegisterRow], name: str) -> str:
    field = model._meta.get_field(name)
    assert isinstance(field, Field)  # noqa: S101 - every name is a concrete field of the register models
    return field.column


def _rows_write(model: type[RegisterRow], import_id: int, extract: Extract, new: list[int] | None) -> None:
    columns = [_column(model, "register_import"), *(_column(model, name) for name in extract.columns)]
    text = connection.vendor == "postgresql"
    rows_write(
        connection, table=model._meta.db_table, columns=columns, batches=_batches(extract, import_id, new, text=text)
    )
