"""Writes contacts as an ODK Central export (CSV files) and as a KoboToolbox export (XLSX), for the demo and the tests.

The layouts follow what the two tools write for the survey's form: ODK Central names columns by
group paths joined with "-" and links the repeat's rows to their submission by ``PARENT_KEY``;
KoboToolbox joins paths with "/", starts the repeat's paths with the repeat's name and links rows
by ``_index`` and ``_parent_index``. Metadata columns that Lika does not read are there too, as
the tools write them. All data are made up.

These are files *for Lika to read*, not files Lika gives anyone: they are written raw, as ODK Central and
KoboToolbox write them, not through :mod:`lika.core.formats` (whose writers would add an apostrophe to a
value starting with "-" and so make the example differ from a real export).
"""

from __future__ import annotations

import csv
import datetime
import io
import itertools
import uuid
import zipfile
from collections.abc import Iterable, Sequence

from openpyxl import Workbook

from lika.treatment_survey.analysis.records import ContactRecord
from lika.treatment_survey.protocol.definition import CONTACT_GROUP, CONTACT_ITEMS, SESSION_ITEMS

FORM_ID = "bemotande_demo"
Session = tuple[str, str, str, datetime.date]  # observer, site, channel, day


def sessions_of(records: Iterable[ContactRecord]) -> list[tuple[Session, list[ContactRecord]]]:
    """The records grouped as an observer's sessions (one submission each), in a fixed order."""
    ordered = sorted(records, key=lambda r: (r.observer, r.site, r.channel, r.day, r.contact_code))
    grouped = itertools.groupby(ordered, key=lambda r: (r.observer, r.site, r.channel, r.day))
    return [(key, list(group)) for key, group in grouped]


def _session_values(session: Session) -> dict[str, str]:
    observer, site, channel, day = session
    return {"observer_code": observer, "site": site, "channel": channel, "session_date": day.isoformat()}


def _contact_values(record: ContactRecord) -> dict[str, str]:
    values = {
        "contact_code": record.contact_code,
        "second_observer": "yes" if record.second_observer else "no",
        "officer_code": record.officer,
        "client_sex": record.client_sex,
        "client_sex_basis": record.client_sex_basis,
    }
    return values | dict(record.answers)


def _instance_id(number: int) -> str:
    return f"uuid:{uuid.UUID(int=number + 1)}"


def _csv(rows: Sequence[Sequence[object]]) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue().encode("utf-8")


def odk_tables(records: Iterable[ContactRecord]) -> tuple[list[list[object]], list[list[object]]]:
    """The main and repeat tables of an ODK Central export, header first."""
    session_columns = [f"{item.group}-{item.name}" for item in SESSION_ITEMS]
    contact_columns = [f"{item.group}-{item.name}" for item in CONTACT_ITEMS]
    main: list[list[object]] = [
        ["SubmissionDate", *session_columns, "meta-instanceID", "KEY", "SubmitterID", "SubmitterName", "ReviewState"]
    ]
    repeat: list[list[object]] = [[*contact_columns, "PARENT_KEY", "KEY"]]
    for number, (session, contacts) in enumerate(sessions_of(records)):
        key = _instance_id(number)
        values = _session_values(session)
        submitted = f"{session[3].isoformat()}T16:05:00.000Z"
        main.append([submitted, *(values[item.name] for item in SESSION_ITEMS), key, key, "7", "tablet-1", ""])
        for position, record in enumerate(contacts, start=1):
            answers = _contact_values(record)
            repeat.append(
                [*(answers.get(item.name, "") for item in CONTACT_ITEMS), key, f"{key}/{CONTACT_GROUP}[{position}]"]
            )
    return main, repeat


def odk_files(records: Iterable[ContactRecord]) -> list[tuple[str, bytes]]:
    """An ODK Central export as its two CSV files."""
    main, repeat = odk_tables(records)
    return [(f"{FORM_ID}.csv", _csv(main)), (f"{FORM_ID}-{CONTACT_GROUP}.csv", _csv(repeat))]


def odk_zip(records: Iterable[ContactRecord]) -> list[tuple[str, bytes]]:
    """An ODK Central export as the ZIP archive Central offers ("all data and attachments")."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in odk_files(records):
            archive.writestr(name, data)
    return [(f"{FORM_ID}.zip", buffer.getvalue())]


def kobo_tables(records: Iterable[ContactRecord]) -> tuple[list[list[object]], list[list[object]]]:
    """The main and repeat sheets of a KoboToolbox export ("XML values and headers", "/" separator)."""
    session_columns = [f"{item.group}/{item.name}" for item in SESSION_ITEMS]
    contact_columns = [f"{CONTACT_GROUP}/{item.group}/{item.name}" for item in CONTACT_ITEMS]
    main: list[list[object]] = [
        ["start", "end", *session_columns, "meta/instanceID", "_id", "_uuid", "_submission_time", "_index"]
    ]
    repeat: list[list[object]] = [
        [*contact_columns, "_index", "_parent_table_name", "_parent_index", "_submission__id", "_submission__uuid"]
    ]
    repeat_index = 0
    for number, (session, contacts) in enumerate(sessions_of(records), start=1):
        instance = _instance_id(number - 1)
        values = _session_values(session)
        cells: list[object] = [values[item.name] for item in SESSION_ITEMS]
        cells[[item.name for item in SESSION_ITEMS].index("session_date")] = session[3]  # Kobo writes a date cell
        submitted = f"{session[3].isoformat()}T16:05:00"
        main.append([submitted, submitted, *cells, instance, 1000 + number, instance[5:], submitted, number])
        for record in contacts:
            repeat_index += 1
            answers = _contact_values(record)
            repeat.append(
                [
                    *(answers.get(item.name) or None for item in CONTACT_ITEMS),
                    repeat_index,
                    "Bemötande",
                    number,
                    1000 + number,
                    instance[5:],
                ]
            )
    return main, repeat


def kobo_xlsx(records: Iterable[ContactRecord]) -> list[tuple[str, bytes]]:
    """A KoboToolbox export as one XLSX workbook: the main sheet, then the repeat's sheet."""
    main, repeat = kobo_tables(records)
    workbook = Workbook()
    first = workbook.active
    if first is None:  # pragma: no cover - a new workbook always has a sheet
        first = workbook.create_sheet()
    first.title = "Bemötande"
    for row in main:
        first.append(row)
    second = workbook.create_sheet(CONTACT_GROUP)
    for row in repeat:
        second.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return [("Bemotande_-_all_versions_-_2026-11-30.xlsx", buffer.getvalue())]


def kobo_csv(records: Iterable[ContactRecord]) -> list[tuple[str, bytes]]:
    """A KoboToolbox-style export as two CSV files (semicolon-separated, as a Swedish spreadsheet saves them)."""
    main, repeat = kobo_tables(records)

    def semicolons(rows: Sequence[Sequence[object]]) -> bytes:
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter=";", lineterminator="\n")
        writer.writerows(
            [["" if c is None else c.isoformat() if isinstance(c, datetime.date) else c for c in row] for row in rows]
        )
        return ("\ufeff" + buffer.getvalue()).encode("utf-8")

    return [("bemotande.csv", semicolons(main)), ("contact.csv", semicolons(repeat))]
