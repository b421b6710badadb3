"""Reading ODK Central and KoboToolbox exports: the same observations either way, and plain errors naming file, line and column."""

from __future__ import annotations

import datetime
import io
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import replace
from typing import Any

import pytest
from django.utils import translation

from lika.treatment_survey.analysis.records import ContactRecord
from lika.treatment_survey.analysis.results import survey_analyse
from lika.treatment_survey.imports import example_files as export_files
from lika.treatment_survey.imports.exports import Dialect, SurveyFrame, export_parse
from lika.treatment_survey.imports.readers import ExportError, sheets_read
from lika.treatment_survey.synthetic import SyntheticSite, synthetic_contacts

CHANNELS = ("phone", "office", "digital", "embassy")
SITES = [
    SyntheticSite("KC", ("phone", "digital"), 14),
    SyntheticSite("MALMO", ("office",), 10),
    SyntheticSite("NAIROBI", ("embassy",), 10),
]
FIRST, LAST = datetime.date(2026, 9, 1), datetime.date(2026, 11, 30)


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    """The messages checked here are the English source texts."""
    with translation.override("en"):
        yield


@pytest.fixture(scope="module")
def records() -> list[ContactRecord]:
    return synthetic_contacts(
        seed=21,
        contacts=260,
        sites=SITES,
        observers=["OBS1", "OBS2", "OBS3"],
        first_day=FIRST,
        last_day=LAST,
        shares={"offered_choice": (0.4, 0.65)},
    )


@pytest.fixture(scope="module")
def frame(records: list[ContactRecord]) -> SurveyFrame:
    return SurveyFrame(
        observers=frozenset({"OBS1", "OBS2", "OBS3"}),
        sites={site.code: frozenset(site.channels) for site in SITES},
        channels=frozenset(CHANNELS),
        officers=frozenset(r.officer for r in records),
        first_day=FIRST,
        last_day=LAST,
    )


def _parse(files: list[tuple[str, bytes]], frame: SurveyFrame) -> list[ContactRecord]:
    return sorted(export_parse(sheets_read(files), frame).records(), key=lambda r: r.sort_key)


def _problems(files: list[tuple[str, bytes]], frame: SurveyFrame) -> list[str]:
    with pytest.raises(ExportError) as caught:
        export_parse(sheets_read(files), frame)
    return caught.value.messages


WRITERS: dict[str, Callable[[list[ContactRecord]], list[tuple[str, bytes]]]] = {
    "odk-csv": export_files.odk_files,
    "odk-zip": export_files.odk_zip,
    "kobo-xlsx": export_files.kobo_xlsx,
    "kobo-csv-semicolons": export_files.kobo_csv,
}


@pytest.mark.parametrize("writer", WRITERS)
def test_every_export_gives_back_the_observations(
    records: list[ContactRecord], frame: SurveyFrame, writer: str
) -> None:
    assert _parse(WRITERS[writer](records), frame) == sorted(records, key=lambda r: r.sort_key)


def test_odk_and_kobo_exports_of_the_same_observations_give_identical_analyses(
    records: list[ContactRecord], frame: SurveyFrame
) -> None:
    odk = _parse(export_files.odk_files(records), frame)
    kobo = _parse(export_files.kobo_xlsx(records), frame)
    assert odk == kobo
    assert survey_analyse(odk, channels=CHANNELS) == survey_analyse(kobo, channels=CHANNELS)


def test_the_dialect_is_told_by_the_key_columns(records: list[ContactRecord], frame: SurveyFrame) -> None:
    assert export_parse(sheets_read(export_files.odk_files(records)), frame).dialect is Dialect.ODK
    assert export_parse(sheets_read(export_files.kobo_xlsx(records)), frame).dialect is Dialect.KOBO


def test_kobo_exports_without_group_names_in_headers_are_read(records: list[ContactRecord], frame: SurveyFrame) -> None:
    main, repeat = export_files.kobo_tables(records[:30])
    bare: list[list[object]] = [[str(c).rsplit("/", 1)[-1] for c in table[0]] for table in (main, repeat)]
    files = [
        ("main.csv", _csv([bare[0], *main[1:]])),
        ("contact.csv", _csv([bare[1], *repeat[1:]])),
    ]
    assert _parse(files, frame) == sorted(records[:30], key=lambda r: r.sort_key)


def _csv(rows: list[list[object]]) -> bytes:
    import csv
    import io

    buffer = io.StringIO()
    csv.writer(buffer).writerows(["" if c is None else c for c in row] for row in rows)
    return buffer.getvalue().encode()


def _odk_with(
    records: list[ContactRecord], change: Callable[[list[list[object]], list[list[object]]], None]
) -> list[tuple[str, bytes]]:
    main, repeat = export_files.odk_tables(records)
    change(main, repeat)
    return [("bemotande.csv", _csv(main)), ("bemotande-contact.csv", _csv(repeat))]


def _set(table: list[list[object]], row: int, column: str, value: object) -> None:
    table[row][table[0].index(column)] = value


def test_an_answer_to_an_item_that_does_not_apply_is_refused_with_file_line_and_column(
    records: list[ContactRecord], frame: SurveyFrame
) -> None:
    phone = next(r for r in records if r.channel == "phone" and not r.second_observer)

    def eye_contact_on_the_phone(main: list[list[object]], repeat: list[list[object]]) -> None:
        row = next(n for n, cells in enumerate(repeat) if cells[0] == phone.contact_code)
        _set(repeat, row, "behaviours-eye_contact", "no")

    files = _odk_with(records, eye_contact_on_the_phone)
    problems = _problems(files, frame)
    assert len(problems) == 1
    assert problems[0].startswith("bemotande-contact.csv, line ")
    assert "column behaviours-eye_contact" in problems[0]
    with pytest.raises(ExportError):
        export_parse(sheets_read(files), frame)


def test_a_missing_answer_where_the_item_applies_is_refused(records: list[ContactRecord], frame: SurveyFrame) -> None:
    def blank(main: list[list[object]], repeat: list[list[object]]) -> None:
        _set(repeat, 3, "behaviours-offered_choice", "")

    [problem] = _problems(_odk_with(records, blank), frame)
    assert problem.startswith("bemotande-contact.csv, line 4, column behaviours-offered_choice:")


def test_labels_instead_of_values_unknown_codes_and_dates_outside_the_period_are_named(
    records: list[ContactRecord], frame: SurveyFrame
) -> None:
    def spoil(main: list[list[object]], repeat: list[list[object]]) -> None:
        last = len(main) - 1  # sessions other than those of the spoilt contacts, which come first
        _set(main, last, "session-observer_code", "OBS9")
        _set(main, last - 1, "session-session_date", "2027-01-04")
        _set(repeat, 5, "person-client_sex", "Kvinna")
        _set(repeat, 6, "person-officer_code", "Anna Svensson")

    problems = _problems(_odk_with(records, spoil), frame)
    sessions = len(export_files.sessions_of(records))
    assert any(f"line {sessions + 1}, column session-observer_code" in p and "OBS9" in p for p in problems)
    assert any(
        f"line {sessions}, column session-session_date" in p and "outside the survey's period" in p for p in problems
    )
    assert any("line 6, column person-client_sex" in p and "values, not its labels" in p for p in problems)
    assert any("line 7, column person-officer_code" in p for p in problems)


def test_a_contact_whose_submission_is_missing_is_refused(records: list[ContactRecord], frame: SurveyFrame) -> None:
    def orphan(main: list[list[object]], repeat: list[list[object]]) -> None:
        _set(repeat, 2, "PARENT_KEY", "uuid:nothing")

    [problem] = _problems(_odk_with(records, orphan), frame)
    assert "line 3, column PARENT_KEY" in problem


def test_a_missing_column_is_named_with_both_spellings(records: list[ContactRecord], frame: SurveyFrame) -> None:
    def drop(main: list[list[object]], repeat: list[list[object]]) -> None:
        position = repeat[0].index("behaviours-smiled")
        for row in repeat:
            del row[position]

    problems = _problems(_odk_with(records, drop), frame)
    assert any("behaviours-smiled / contact/behaviours/smiled" in p for p in problems)


def test_the_same_contact_recorded_twice_by_first_observers_is_refused(
    records: list[ContactRecord], frame: SurveyFrame
) -> None:
    def duplicate(main: list[list[object]], repeat: list[list[object]]) -> None:
        _set(repeat, 2, "person-contact_code", repeat[1][0])
        _set(repeat, 2, "person-second_observer", repeat[1][1])

    problems = _problems(_odk_with(records, duplicate), frame)
    assert any("recorded twice" in p for p in problems)


def test_the_two_observers_of_a_contact_must_record_the_same_site_channel_and_day(
    records: list[ContactRecord], frame: SurveyFrame
) -> None:
    """Reliability compares the two records of one contact; records of two different contacts would spoil it."""
    second = next(r for r in records if r.second_observer)
    moved = [
        replace(r, day=r.day + datetime.timedelta(days=1 if r.day.weekday() < 4 else -1)) if r == second else r
        for r in records
    ]
    problems = _problems(export_files.odk_files(moved), frame)
    assert len(problems) == 1
    assert problems[0].startswith("bemotande_demo-contact.csv, line ")
    assert ", column contact_code: " in problems[0]
    assert second.contact_code in problems[0]
    assert "same site, in the same channel and on the same day" in problems[0]


def test_a_problem_of_the_whole_export_reads_as_a_plain_sentence(frame: SurveyFrame) -> None:
    [problem] = _problems([("only.csv", b"a,b\n1,2\n")], frame)
    assert problem.startswith("An export needs exactly one main table")


@pytest.mark.parametrize(
    ("files", "message"),
    [
        ([("old.xls", b"\xd0\xcf\x11\xe0" + b"\0" * 100)], "old Excel file"),
        ([("only.csv", b"a,b\n1,2\n")], "exactly one main table"),
        ([("data.bin", b"\x00\x01\x02")], "not CSV text"),
        ([("bad.csv", "x,y\n\xff\n".encode("latin-1"))], "not UTF-8"),
    ],
)
def test_unreadable_or_incomplete_exports_are_refused(
    files: list[tuple[str, bytes]], message: str, frame: SurveyFrame
) -> None:
    with pytest.raises(ExportError, match=message):
        export_parse(sheets_read(files), frame)


@pytest.mark.parametrize("inside", ["contacts.csv", "xl/worksheets/sheet1.xml"])
def test_an_archive_that_would_unpack_to_too_much_is_refused_before_it_is_read(inside: str, settings: Any) -> None:
    """A 204 KB zip bomb took the server from 781 MB to 2,177 MB: the declared sizes are now checked first
    (here a 5 MB member of zeros against a 1 MB limit), for a ZIP of CSV files and for a workbook alike."""
    settings.LIKA_ARCHIVE_MAX_UNPACKED_BYTES = 2**20
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        if inside.startswith("xl/"):
            archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr(inside, b"\0" * (5 * 2**20))
    with pytest.raises(ExportError) as caught:
        sheets_read([("export.zip", buffer.getvalue())])
    assert "would unpack to 5 MB, more than the 1 MB" in caught.value.messages[0]


def test_a_workbook_with_a_damaged_sheet_is_refused_naming_the_file_and_sheet(records: list[ContactRecord]) -> None:
    """A worksheet whose XML ends too soon crashed the survey import page and command (issue 16, defect 5)."""
    ((name, data),) = export_files.kobo_xlsx(records)
    source, target = io.BytesIO(data), io.BytesIO()
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(target, "w") as damaged:
        for item in original.infolist():
            content = original.read(item.filename)
            if item.filename.startswith("xl/worksheets/"):
                content = content[: len(content) // 2]
            damaged.writestr(item, content)
    with pytest.raises(ExportError) as caught:
        sheets_read([(name, target.getvalue())])
    assert name in caught.value.messages[0]
    assert "the workbook is damaged" in caught.value.messages[0]
