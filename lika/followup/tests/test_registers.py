"""Register imports: declared schemas, three formats, all or nothing, each file once, no overwriting."""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lika.accounts.models import User
from lika.accounts.roles import Role
from lika.audit.acting import Acting
from lika.audit.models import AuditEvent
from lika.followup.dimensions import age_group
from lika.followup.models import (
    REGISTER_MODELS,
    AtUndDecision,
    CivicIntroductionAttendance,
    EmploymentServiceRegistration,
    RegisterImport,
)
from lika.followup.registers import readers, services
from lika.followup.registers.schemas import COUNTIES, SCHEMAS, RegisterSchema
from lika.followup.registers.services import RegisterImportError, register_import
from lika.followup.registers.validation import MAX_PROBLEMS, extract_read
from lika.testing.clock import Clock
from lika.testing.files import UNREADABLE_FILES, UnreadableFile

TODAY = datetime.date(2026, 6, 30)
HEADER_LINE = "record_id,sex,birth_year,country_of_birth,region,decided_on,granted\n"
KINDS = list(SCHEMAS)
Rows = list[dict[str, str]]


@pytest.fixture(autouse=True)
def _today(clock: Clock) -> None:
    clock.set_today(TODAY)


@pytest.fixture
def job() -> Acting:
    return Acting(actor=None, reason="Quarterly extract", actor_label="test suite")


# --- writing extracts ----------------------------------------------------------------------------


def _rows(kind: str, ids: range = range(1, 4), **changes: str) -> Rows:
    """Good rows of register ``kind``, as text; ``changes`` override a column on every row."""
    schema = SCHEMAS[kind]
    sexes = ("female", "male", "unknown")
    rows = [
        {
            "record_id": f"R-{number}",
            "sex": sexes[number % 3],
            "birth_year": str(1970 + number % 40),
            "country_of_birth": ("SY", "ER", "AF")[number % 3],
            "region": ("01", "12", "25")[number % 3],
            schema.event_column: f"2024-{1 + number % 12:02d}-15",
            schema.flag_column: ("true", "false")[number % 2],
        }
        for number in ids
    ]
    for row in rows:
        row.update(changes)
    return rows


def _csv(path: Path, rows: Rows, *, delimiter: str = ",", bom: bool = False, header: list[str] | None = None) -> Path:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    names = header or list(rows[0])
    writer.writerow(names)
    for row in rows:
        writer.writerow([row.get(name, "") for name in names])
    path.write_bytes(("\ufeff" if bom else "").encode() + out.getvalue().encode())
    return path


def _typed(schema: RegisterSchema, name: str, text: str) -> Any:
    """A cell as a spreadsheet or Parquet file would type it."""
    if name == "birth_year":
        return int(text)
    if name == schema.event_column:
        return datetime.date.fromisoformat(text)
    if name == schema.flag_column:
        return text == "true"
    return text


def _xlsx(path: Path, kind: str, rows: Rows) -> Path:
    schema = SCHEMAS[kind]
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    names = list(rows[0])
    sheet.append(names)
    for row in rows:
        sheet.append([_typed(schema, name, row[name]) for name in names])
    workbook.save(path)
    return path


def _parquet(path: Path, kind: str, rows: Rows) -> Path:
    schema = SCHEMAS[kind]
    names = list(rows[0])
    table = pa.table({name: [_typed(schema, name, row[name]) for row in rows] for name in names})
    pq.write_table(table, path)
    return path


def _file(tmp_path: Path, kind: str, rows: Rows, file_format: str, name: str = "extract") -> Path:
    path = tmp_path / f"{name}.{file_format}"
    if file_format == "csv":
        return _csv(path, rows)
    if file_format == "xlsx":
        return _xlsx(path, kind, rows)
    return _parquet(path, kind, rows)


def _stored(kind: str) -> list[tuple[Any, ...]]:
    schema = SCHEMAS[kind]
    fields = ("record_id", "sex", "age_group", "country_of_birth", "birth_year", "region", "year", "quarter")
    return list(
        REGISTER_MODELS[kind]
        .objects.order_by("record_id")
        .values_list(*fields, schema.event_column, schema.flag_column)
    )


def _counts() -> dict[str, int]:
    """Rows in every table an import may write."""
    models = (RegisterImport, AtUndDecision, CivicIntroductionAttendance, EmploymentServiceRegistration, AuditEvent)
    return {model._meta.label: model.objects.count() for model in models}


@pytest.fixture
def refused(job: Acting) -> Callable[..., RegisterImportError]:
    """Imports a file that must be refused; checks that nothing changed and returns the error."""

    def refuse(path: Path, kind: str = "at_und", acting: Acting | None = None) -> RegisterImportError:
        before = _counts()
        with pytest.raises(RegisterImportError) as caught:
            register_import(acting=acting or job, kind=kind, path=path)
        assert _counts() == before
        return caught.value

    return refuse


# --- good files ----------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("file_format", ["csv", "xlsx", "parquet"])
@pytest.mark.parametrize("kind", KINDS)
def test_each_register_imports_the_same_rows_from_csv_xlsx_and_parquet(
    tmp_path: Path, job: Acting, kind: str, file_format: str
) -> None:
    """The same extract in any of the three formats stores exactly the same rows."""
    path = _file(tmp_path, kind, _rows(kind), file_format)
    imported = register_import(acting=job, kind=kind, path=path)
    assert (imported.kind, imported.file_name, imported.rows, imported.rows_new) == (kind, path.name, 3, 3)
    event, flag = datetime.date(2024, 2, 15), datetime.date(2024, 3, 15)
    assert _stored(kind) == [
        ("R-1", "male", "45-54", "ER", 1971, "12", 2024, 1, event, False),
        ("R-2", "unknown", "45-54", "AF", 1972, "25", 2024, 1, flag, True),
        ("R-3", "female", "45-54", "SY", 1973, "01", 2024, 2, datetime.date(2024, 4, 15), False),
    ]
    assert set(REGISTER_MODELS[kind].objects.values_list("register_import", flat=True)) == {imported.pk}


@pytest.mark.django_db
def test_an_import_is_audited_with_its_counts(tmp_path: Path, job: Acting) -> None:
    imported = register_import(acting=job, kind="at_und", path=_csv(tmp_path / "a.csv", _rows("at_und")))
    event = AuditEvent.objects.get()
    assert (event.action, event.object_id, event.reason, event.actor_label) == (
        "register.import",
        str(imported.pk),
        "Quarterly extract",
        "test suite",
    )
    assert event.details == {
        "kind": "at_und",
        "file_name": "a.csv",
        "format": "csv",
        "sha256": imported.sha256,
        "rows": 3,
        "rows_new": 3,
    }


@pytest.mark.django_db
def test_semicolons_a_byte_order_mark_and_swedish_words_are_understood(tmp_path: Path, job: Acting) -> None:
    """A Swedish spreadsheet's CSV: BOM, semicolons, K/M, ja/nej, a county code without its zero."""
    rows = _rows("civic_introduction", sex="K", attended="Nej", region="1", country_of_birth="sy")
    rows[0].update(sex="man", attended="JA")
    path = _csv(tmp_path / "intro.csv", rows, delimiter=";", bom=True)
    register_import(acting=job, kind="civic_introduction", path=path)
    stored = CivicIntroductionAttendance.objects.order_by("record_id")
    assert [(r.sex, r.attended, r.region, r.country_of_birth) for r in stored] == [
        ("male", True, "01", "SY"),
        ("female", False, "01", "SY"),
        ("female", False, "01", "SY"),
    ]


@pytest.mark.django_db
def test_columns_may_come_in_any_order_and_case(tmp_path: Path, job: Acting) -> None:
    rows = _rows("employment_service")
    names = list(reversed(list(rows[0])))
    lines = [",".join(name.upper() for name in names), *(",".join(row[name] for name in names) for row in rows)]
    path = tmp_path / "upper.csv"
    path.write_text("\n".join(lines) + "\n")
    assert register_import(acting=job, kind="employment_service", path=path).rows_new == 3


@pytest.mark.django_db
def test_age_is_the_events_year_minus_the_birth_year(tmp_path: Path, job: Acting) -> None:
    """Registers give the birth year only: born 2006, decided on 2 January 2024, counts as 18."""
    rows = _rows("at_und", range(1, 2), birth_year="2006", decided_on="2024-01-02")
    register_import(acting=job, kind="at_und", path=_csv(tmp_path / "a.csv", rows))
    decision = AtUndDecision.objects.get()
    assert (decision.age_group, decision.year, decision.quarter) == ("18-24", 2024, 1)


# --- each file once, never overwriting -----------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("file_format", ["csv", "xlsx", "parquet"])
def test_the_same_file_twice_changes_nothing(tmp_path: Path, job: Acting, file_format: str) -> None:
    """The second import of the same contents returns the first import and writes nothing, not even an audit event."""
    path = _file(tmp_path, "at_und", _rows("at_und"), file_format)
    first = register_import(acting=job, kind="at_und", path=path)
    before = _counts()
    copy = tmp_path / f"renamed.{file_format}"
    copy.write_bytes(path.read_bytes())
    again = register_import(acting=job, kind="at_und", path=copy, file_name="renamed")
    assert again == first
    assert again.file_name == path.name
    assert _counts() == before


@pytest.mark.django_db
def test_a_file_imported_into_one_register_is_checked_afresh_for_another(
    tmp_path: Path, job: Acting, refused: Callable[..., RegisterImportError]
) -> None:
    """Files are remembered per register: the same bytes offered as another register are read and checked."""
    path = _csv(tmp_path / "a.csv", _rows("at_und"))
    register_import(acting=job, kind="at_und", path=path)
    problems = refused(path, kind="civic_introduction").problems
    assert {p.column for p in problems} == {"decided_on", "granted", "called_on", "attended"}


@pytest.mark.django_db
def test_an_overlapping_extract_adds_only_the_new_rows(tmp_path: Path, job: Acting) -> None:
    """Rows already stored with the same values are counted, not written again."""
    first = register_import(acting=job, kind="at_und", path=_csv(tmp_path / "q1.csv", _rows("at_und", range(1, 4))))
    second = register_import(acting=job, kind="at_und", path=_csv(tmp_path / "q2.csv", _rows("at_und", range(2, 6))))
    assert (second.rows, second.rows_new) == (4, 2)
    by_import = dict(AtUndDecision.objects.values_list("record_id", "register_import"))
    assert by_import == {"R-1": first.pk, "R-2": first.pk, "R-3": first.pk, "R-4": second.pk, "R-5": second.pk}


@pytest.mark.django_db
def test_an_extract_with_nothing_new_is_recorded_with_no_new_rows(tmp_path: Path, job: Acting) -> None:
    register_import(acting=job, kind="at_und", path=_csv(tmp_path / "a.csv", _rows("at_und")))
    reordered = _csv(tmp_path / "b.csv", list(reversed(_rows("at_und"))))
    imported = register_import(acting=job, kind="at_und", path=reordered)
    assert (imported.rows, imported.rows_new) == (3, 0)
    assert AtUndDecision.objects.count() == 3


@pytest.mark.django_db
def test_a_stored_record_with_other_values_refuses_the_whole_file(
    tmp_path: Path, job: Acting, refused: Callable[..., RegisterImportError]
) -> None:
    """A conflict names the line and each differing column; no row of the file is written."""
    first = register_import(acting=job, kind="at_und", path=_csv(tmp_path / "a.csv", _rows("at_und")))
    rows = _rows("at_und", range(2, 6))
    rows[1].update(sex="female", granted="true")  # R-3, on line 3, was stored as female and not granted
    rows[0].update(region="14")  # R-2, line 2
    error = refused(_csv(tmp_path / "b.csv", rows))
    assert [(p.file, p.position, p.column) for p in error.problems] == [
        ("b.csv", 2, "region"),
        ("b.csv", 3, "granted"),
    ]
    assert f"import {first.pk}" in error.problems[0].message
    assert "25" in error.problems[0].message
    assert "14" in error.problems[0].message


@pytest.mark.django_db
def test_rows_written_meanwhile_by_another_import_refuse_the_file_cleanly(
    tmp_path: Path, job: Acting, monkeypatch: pytest.MonkeyPatch, refused: Callable[..., RegisterImportError]
) -> None:
    """If another import stores the same record ids between the check and the write, the database refuses them."""
    register_import(acting=job, kind="at_und", path=_csv(tmp_path / "a.csv", _rows("at_und")))
    monkeypatch.setattr(services, "_new_rows", lambda model, extract: None)  # as if checked before the other import
    problem = refused(_csv(tmp_path / "b.csv", _rows("at_und", range(3, 6)))).problems[0]
    assert (problem.file, problem.position, problem.column) == ("b.csv", None, "")
    assert "Try again" in problem.message


# --- problems: each names file, line or row, and column; nothing changes -------------------------

CELL_PROBLEMS = [
    ("sex", "woman", "female, male or unknown"),
    ("sex", "1", "female, male or unknown"),
    ("country_of_birth", "XY", "ISO 3166"),
    ("country_of_birth", "SYR", "ISO 3166"),
    ("region", "02", "county"),
    ("region", "26", "county"),
    ("birth_year", "87", "four digits"),
    ("birth_year", "1850", "from 1900"),
    ("decided_on", "05/03/2024", "YYYY-MM-DD"),
    ("decided_on", "2024-02-30", "YYYY-MM-DD"),
    ("decided_on", "20240305", "YYYY-MM-DD"),
    ("decided_on", "2026-07-01", "has not come yet"),
    ("granted", "maybe", "true or false"),
    ("record_id", "R 1", "record id"),
    ("record_id", "x" * 41, "record id"),
    ("birth_year", "2025", "comes after the year"),
    ("region", "", "required"),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("column", "value", "expected"), CELL_PROBLEMS)
def test_a_wrong_cell_names_file_line_and_column_and_nothing_changes(
    tmp_path: Path, refused: Callable[..., RegisterImportError], column: str, value: str, expected: str
) -> None:
    rows = _rows("at_und")
    rows[1][column] = value
    error = refused(_csv(tmp_path / "bad.csv", rows))
    assert len(error.problems) == 1
    problem = error.problems[0]
    assert (problem.file, problem.position, problem.unit, problem.column) == ("bad.csv", 3, "line", column)
    assert expected in problem.message
    assert str(problem).startswith(f"bad.csv, line 3, column {column}: ")


@pytest.mark.django_db
def test_a_problem_in_xlsx_names_the_excel_row_and_in_parquet_the_record_row(
    tmp_path: Path, refused: Callable[..., RegisterImportError]
) -> None:
    rows = _rows("at_und")
    rows[2]["country_of_birth"] = "QQ"
    in_excel = refused(_xlsx(tmp_path / "a.xlsx", "at_und", rows)).problems[0]
    in_parquet = refused(_parquet(tmp_path / "a.parquet", "at_und", rows)).problems[0]
    assert str(in_excel).startswith("a.xlsx, row 4, column country_of_birth: ")  # the header is Excel's row 1
    assert str(in_parquet).startswith("a.parquet, row 3, column country_of_birth: ")  # the third record


@pytest.mark.django_db
def test_line_numbers_are_the_files_own_across_blank_lines_and_values_spanning_lines(
    tmp_path: Path, refused: Callable[..., RegisterImportError]
) -> None:
    path = tmp_path / "odd.csv"
    path.write_text(
        "record_id,sex,birth_year,country_of_birth,region,decided_on,granted\n"
        "\n"
        'A1,"fe\nmale",1980,SY,01,2024-01-01,true\n'
        "\n"
        "A2,female,1980,SY,01,2024-01-01,perhaps\n"
    )
    problems = refused(path).problems
    assert [(p.position, p.column) for p in problems] == [(3, "sex"), (6, "granted")]


@pytest.mark.django_db
def test_every_problem_in_a_file_is_listed_at_once(tmp_path: Path, refused: Callable[..., RegisterImportError]) -> None:
    rows = _rows("at_und", range(1, 5))
    rows[0]["sex"] = "?"
    rows[0]["region"] = "99"
    rows[3]["granted"] = ""
    problems = refused(_csv(tmp_path / "bad.csv", rows)).problems
    assert [(p.position, p.column) for p in problems] == [(2, "sex"), (2, "region"), (5, "granted")]


@pytest.mark.django_db
def test_reading_stops_after_a_hundred_problems(tmp_path: Path, refused: Callable[..., RegisterImportError]) -> None:
    rows = _rows("at_und", range(1, 151), sex="x")
    error = refused(_csv(tmp_path / "bad.csv", rows))
    assert len(error.problems) == MAX_PROBLEMS
    assert error.truncated
    assert "Reading stopped after 100 problems" in error.messages[-1]


@pytest.mark.django_db
def test_exactly_a_hundred_problems_are_not_said_to_be_cut_short(
    tmp_path: Path, refused: Callable[..., RegisterImportError]
) -> None:
    rows = _rows("at_und", range(1, 151))
    for row in rows[:MAX_PROBLEMS]:
        row["sex"] = "x"
    error = refused(_csv(tmp_path / "bad.csv", rows))
    assert len(error.problems) == MAX_PROBLEMS
    assert not error.truncated


@pytest.mark.django_db
def test_a_record_id_twice_in_one_file_names_both_lines(
    tmp_path: Path, refused: Callable[..., RegisterImportError]
) -> None:
    rows = _rows("at_und")
    rows[2]["record_id"] = "R-1"
    problem = refused(_csv(tmp_path / "dup.csv", rows)).problems[0]
    assert (problem.position, problem.column) == (4, "record_id")
    assert "line 2" in problem.message


@pytest.mark.django_db
def test_a_record_id_with_a_line_break_inside_quotes_is_refused(
    tmp_path: Path, refused: Callable[..., RegisterImportError]
) -> None:
    path = tmp_path / "break.csv"
    path.write_text(HEADER_LINE + '"A\nB",female,1980,SY,01,2024-01-01,true\nC,male,1980,SY,01,2024-01-01,true\n')
    problems = refused(path).problems
    assert [(p.position, p.column) for p in problems] == [(2, "record_id")]


@pytest.mark.django_db
@pytest.mark.parametrize("file_format", ["csv", "xlsx", "parquet"])
def test_checks_reach_across_chunks(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    job: Acting,
    refused: Callable[..., RegisterImportError],
    file_format: str,
) -> None:
    """Files are checked a few thousand rows at a time; a repeat in a later chunk is still found, in order."""
    monkeypatch.setattr(readers, "CHUNK_ROWS", 2)
    rows = _rows("at_und", range(1, 8))
    rows[5]["record_id"] = "R-2"
    rows[3]["sex"] = "?"
    problems = refused(_file(tmp_path, "at_und", rows, file_format)).problems
    offset = 0 if file_format == "parquet" else 1
    assert [(p.position, p.column) for p in problems] == [(4 + offset, "sex"), (6 + offset, "record_id")]
    del rows[5]
    rows[3]["sex"] = "male"
    imported = register_import(acting=job, kind="at_und", path=_file(tmp_path, "at_und", rows, file_format, "fixed"))
    assert imported.rows_new == 6
    assert AtUndDecision.objects.get(record_id="R-4").sex == "male"


@pytest.mark.django_db
def test_a_spreadsheets_typed_cells_are_read_for_what_they_say(
    tmp_path: Path, job: Acting, refused: Callable[..., RegisterImportError]
) -> None:
    """Numbers as record ids and county codes are fine; a TRUE cell is not a county, even beside a 1."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(HEADER_LINE.strip().split(","))
    sheet.append([1001, "female", 1980.0, "SY", 1, datetime.datetime(2024, 1, 1), 1])  # noqa: DTZ001 - as Excel stores it
    sheet.append([1002, "male", 1981, "ER", True, datetime.date(2024, 1, 2), False])
    workbook.save(tmp_path / "typed.xlsx")
    problems = refused(tmp_path / "typed.xlsx").problems
    assert [(p.position, p.column) for p in problems] == [(3, "region")]
    sheet["E3"] = 14
    workbook.save(tmp_path / "typed.xlsx")
    register_import(acting=job, kind="at_und", path=tmp_path / "typed.xlsx")
    assert list(AtUndDecision.objects.order_by("record_id").values_list("record_id", "region", "granted")) == [
        ("1001", "01", True),
        ("1002", "14", False),
    ]


HEADER_PROBLEMS = [
    (["record_id", "sex", "birth_year", "country_of_birth", "region", "decided_on"], [("granted", "missing")]),
    (
        ["record_id", "sex", "birth_year", "country_of_birth", "region", "decided_on", "granted", "name"],
        [("name", "no such column")],
    ),
    (
        ["record_id", "sex", "sex", "birth_year", "country_of_birth", "region", "decided_on", "granted"],
        [("sex", "twice")],
    ),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("header", "expected"), HEADER_PROBLEMS)
def test_missing_unknown_and_repeated_columns_are_named(
    tmp_path: Path, refused: Callable[..., RegisterImportError], header: list[str], expected: list[tuple[str, str]]
) -> None:
    problems = refused(_csv(tmp_path / "h.csv", _rows("at_und"), header=header)).problems
    assert [(p.position, p.column) for p in problems] == [(1, column) for column, _ in expected]
    assert all(text in p.message for p, (_, text) in zip(problems, expected, strict=True))


@pytest.mark.django_db
def test_more_values_than_columns_is_a_problem_of_the_line(
    tmp_path: Path, refused: Callable[..., RegisterImportError]
) -> None:
    path = _csv(tmp_path / "wide.csv", _rows("at_und"))
    lines = path.read_text().splitlines()
    lines[2] += ",surplus"
    path.write_text("\n".join(lines) + "\n")
    problem = refused(path).problems[0]
    assert (problem.position, problem.column) == (3, "")
    assert "more values" in problem.message


WHOLE_FILE_PROBLEMS = [
    ("empty.csv", b"", None, "empty"),
    ("blank.csv", b"\n \n", None, "empty"),
    ("header.csv", b"record_id,sex,birth_year,country_of_birth,region,decided_on,granted\n", 1, "no rows"),
    ("old.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100), None, "old Excel"),
    ("image.csv", b"\x89PNG\r\n\x1a\n\x00\x00", None, "not CSV text, XLSX or Parquet"),
    ("broken.xlsx", b"PK\x03\x04 this is not a workbook", None, "Excel workbook"),
    ("broken.parquet", b"PAR1 this is not parquet PAR1", None, "Parquet"),
    (
        "latin1.csv",
        "record_id,sex,birth_year,country_of_birth,region,decided_on,granted\n"
        "A1,okänd,1980,SY,01,2024-01-01,true\n".encode("latin-1"),
        2,
        "not UTF-8",
    ),
    (
        "quotes.csv",
        b'record_id,sex,birth_year,country_of_birth,region,decided_on,granted\nA1,"female"x,1980,SY,01,2024-01-01,true\n',
        2,
        "not valid CSV",
    ),
]


@pytest.mark.django_db
@pytest.mark.parametrize("case", WHOLE_FILE_PROBLEMS, ids=[case[0] for case in WHOLE_FILE_PROBLEMS])
def test_a_file_that_cannot_be_read_is_refused_with_a_plain_message(
    tmp_path: Path, refused: Callable[..., RegisterImportError], case: tuple[str, bytes, int | None, str]
) -> None:
    name, content, position, expected = case
    path = tmp_path / name
    path.write_bytes(content)
    problems = refused(path).problems
    assert [(p.file, p.position, p.column) for p in problems] == [(name, position, "")]
    assert expected in problems[0].message


@pytest.mark.django_db
def test_a_parquet_file_without_rows_is_refused(tmp_path: Path, refused: Callable[..., RegisterImportError]) -> None:
    rows = _rows("at_und")
    path = tmp_path / "none.parquet"
    pq.write_table(pa.table({name: pa.array([], pa.string()) for name in rows[0]}), path)
    assert "no rows" in refused(path).problems[0].message


# --- who may import ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_staff_without_the_permission_may_not_import(
    tmp_path: Path, make_staff: Callable[..., User], refused: Callable[..., RegisterImportError]
) -> None:
    officer = make_staff(Role.CASE_OFFICER)
    before = _counts()
    with pytest.raises(ValidationError, match="may not do this"):
        register_import(
            acting=Acting(actor=officer, reason="Curious"),
            kind="at_und",
            path=_csv(tmp_path / "a.csv", _rows("at_und")),
        )
    assert _counts() == before


@pytest.mark.django_db
def test_an_analyst_imports_in_their_own_name(tmp_path: Path, make_staff: Callable[..., User]) -> None:
    analyst = make_staff(Role.ANALYST)
    path = _csv(tmp_path / "a.csv", _rows("at_und"))
    imported = register_import(acting=Acting(actor=analyst, reason="Q2 extract"), kind="at_und", path=path)
    assert imported.imported_by == analyst
    assert AuditEvent.objects.get(action="register.import").actor == analyst


@pytest.mark.django_db
def test_an_import_must_say_why(tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match="reason"):
        register_import(
            acting=Acting(actor=None, reason="  ", actor_label="job"),
            kind="at_und",
            path=_csv(tmp_path / "a.csv", _rows("at_und")),
        )
    assert not RegisterImport.objects.exists()


@pytest.mark.django_db
def test_an_unknown_register_is_refused(tmp_path: Path, job: Acting) -> None:
    with pytest.raises(ValidationError) as caught:
        register_import(acting=job, kind="census", path=_csv(tmp_path / "a.csv", _rows("at_und")))
    assert "kind" in caught.value.message_dict


# --- the command ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_command_imports_and_prints_a_summary(tmp_path: Path) -> None:
    path = _csv(tmp_path / "a.csv", _rows("at_und"))
    out = io.StringIO()
    call_command("followup_import", str(path), "--register", "at_und", "--reason", "Q2", stdout=out)
    imported = RegisterImport.objects.get()
    assert out.getvalue().strip() == f"Imported a.csv into at_und as import {imported.pk}: 3 rows, 3 new."
    assert AuditEvent.objects.get().actor_label == "lika followup-import"
    again = io.StringIO()
    call_command("followup_import", str(path), "--register", "at_und", "--reason", "Q2", stdout=again)
    assert "already imported" in again.getvalue()


@pytest.mark.django_db
def test_command_prints_the_problems_and_exits_with_1(tmp_path: Path) -> None:
    rows = _rows("at_und")
    rows[0]["sex"] = "?"
    path = _csv(tmp_path / "a.csv", rows)
    err = io.StringIO()
    with pytest.raises(CommandError, match=r"1 problem\. Nothing was changed") as caught:
        call_command("followup_import", str(path), "--register", "at_und", "--reason", "Q2", stderr=err)
    assert caught.value.returncode == 1
    assert err.getvalue().startswith("a.csv, line 2, column sex: ")
    assert not RegisterImport.objects.exists()


@pytest.mark.django_db
def test_command_acts_as_the_named_analyst_and_refuses_others(tmp_path: Path, make_staff: Callable[..., User]) -> None:
    make_staff(Role.ANALYST, username="ana")
    make_staff(Role.CASE_OFFICER, username="olle")
    path = _csv(tmp_path / "a.csv", _rows("at_und"))
    with pytest.raises(CommandError, match="may not do this"):
        call_command("followup_import", str(path), "--register", "at_und", "--reason", "Q2", "--as", "olle")
    with pytest.raises(CommandError, match="no active staff user"):
        call_command("followup_import", str(path), "--register", "at_und", "--reason", "Q2", "--as", "nobody")
    call_command(
        "followup_import", str(path), "--register", "at_und", "--reason", "Q2", "--as", "ana", stdout=io.StringIO()
    )
    assert RegisterImport.objects.get().imported_by == User.objects.get(username="ana")


@pytest.mark.django_db
@pytest.mark.parametrize("unreadable", UNREADABLE_FILES, ids=[f.case for f in UNREADABLE_FILES])
def test_the_command_refuses_a_file_it_cannot_read_naming_file_and_line(
    tmp_path: Path, unreadable: UnreadableFile
) -> None:
    path = tmp_path / unreadable.name
    path.write_bytes(unreadable.content)
    err = io.StringIO()
    with pytest.raises(CommandError, match=r"1 problem\. Nothing was changed"):
        call_command("followup_import", str(path), "--register", "at_und", "--reason", "Q2", stderr=err)
    place = unreadable.name if unreadable.line is None else f"{unreadable.name}, line {unreadable.line}"
    assert err.getvalue().startswith(f"{place}: ")
    assert unreadable.says in err.getvalue()
    assert not RegisterImport.objects.exists()


@pytest.mark.django_db
def test_the_command_refuses_a_file_larger_than_the_limit(tmp_path: Path, settings: Any) -> None:
    path = _csv(tmp_path / "big.csv", _rows("at_und"))
    settings.LIKA_FILE_MAX_BYTES = path.stat().st_size - 1
    err = io.StringIO()
    with pytest.raises(CommandError, match="Nothing was changed"):
        call_command("followup_import", str(path), "--register", "at_und", "--reason", "Q2", stderr=err)
    assert err.getvalue().startswith("big.csv: ")
    assert "larger than" in err.getvalue()
    assert not RegisterImport.objects.exists()


# --- properties ----------------------------------------------------------------------------------

_row = st.fixed_dictionaries(
    {
        "sex": st.sampled_from(["female", "male", "unknown", "K", "m", "Kvinna", "MAN", "okänd"]),
        "birth_year": st.integers(1900, 2020),
        "country_of_birth": st.sampled_from(["SY", "er", "Af", "UA", "SO"]),
        "region": st.sampled_from(sorted(COUNTIES)),
        "day": st.dates(datetime.date(2020, 1, 1), TODAY),
        "flag": st.sampled_from(["true", "FALSE", "yes", "No", "ja", "nej", "1", "0"]),
    }
)


@pytest.fixture
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("property")


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(_row, min_size=1, max_size=20), delimiter=st.sampled_from([",", ";"]), bom=st.booleans())
def test_any_good_csv_reads_back_the_values_written(
    scratch: Path, rows: list[dict[str, Any]], delimiter: str, bom: bool
) -> None:
    """Whatever the separator, BOM, case or accepted spelling, every row comes back as the same stored values."""
    texts = [
        {
            "record_id": f"id-{index}",
            "sex": row["sex"],
            "birth_year": str(min(row["birth_year"], row["day"].year)),
            "country_of_birth": row["country_of_birth"],
            "region": row["region"],
            "called_on": row["day"].isoformat(),
            "attended": row["flag"],
        }
        for index, row in enumerate(rows)
    ]
    path = _csv(scratch / "p.csv", texts, delimiter=delimiter, bom=bom)
    extract = extract_read(SCHEMAS["civic_introduction"], path, file_name="p.csv", today=TODAY)
    sexes = {"k": "female", "kvinna": "female", "m": "male", "man": "male", "okänd": "unknown"}
    assert extract.positions == list(range(2, len(rows) + 2))
    assert extract.columns["sex"] == [sexes.get(t["sex"].lower(), t["sex"]) for t in texts]
    assert extract.columns["country_of_birth"] == [t["country_of_birth"].upper() for t in texts]
    assert extract.columns["called_on"] == [row["day"] for row in rows]
    assert extract.columns["attended"] == [t["attended"].lower() in {"true", "yes", "ja", "1"} for t in texts]
    ages = [row["day"].year - int(t["birth_year"]) for row, t in zip(rows, texts, strict=True)]
    assert extract.columns["age_group"] == [age_group(age) for age in ages]
    assert extract.columns["quarter"] == [(row["day"].month - 1) // 3 + 1 for row in rows]


@pytest.mark.django_db
def test_an_import_renews_the_registers_parquet_copy_for_the_indicators(
    tmp_path: Path, job: Acting, facts_dir: Path, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        register_import(acting=job, kind="at_und", path=_file(tmp_path, "at_und", _rows("at_und"), "csv"))
    copy = pq.read_table(facts_dir / "followup_atunddecision.parquet")
    assert copy.num_rows == 3
    assert set(copy.column("record_id").to_pylist()) == {row[0] for row in _stored("at_und")}
