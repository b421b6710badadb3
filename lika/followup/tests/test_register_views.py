"""The analysts' register-import page: who may see it, uploading, and problems shown with nothing changed."""

from __future__ import annotations

import datetime
import io
import zipfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lika.accounts.models import User
from lika.accounts.roles import Role
from lika.audit.acting import Acting
from lika.audit.models import AuditEvent
from lika.followup.models import AtUndDecision, RegisterImport
from lika.followup.registers.services import register_import
from lika.testing.clock import Clock
from lika.testing.files import UNREADABLE_FILES, UnreadableFile

pytestmark = pytest.mark.django_db

LIST = reverse("registers:import_list")
UPLOAD = reverse("registers:import_upload")
HEADER = "record_id,sex,birth_year,country_of_birth,region,decided_on,granted\n"
GOOD = HEADER + "A1,female,1990,SY,01,2024-03-01,true\nA2,male,1985,ER,14,2024-05-02,false\n"


@pytest.fixture(autouse=True)
def _today(clock: Clock) -> None:
    clock.set_today(datetime.date(2026, 6, 30))


@pytest.fixture
def analyst(client: Client, make_staff: Callable[..., User]) -> User:
    user = make_staff(Role.ANALYST)
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # the pages' texts are checked in English
    return user


def _upload(client: Client, text: str, *, name: str = "atund.csv", reason: str = "Q2 extract") -> Any:
    upload = SimpleUploadedFile(name, text.encode(), content_type="text/csv")
    return client.post(UPLOAD, {"kind": "at_und", "file": upload, "reason": reason})


@pytest.mark.parametrize("role", [Role.CASE_OFFICER, Role.COMMUNICATOR, Role.MANAGER])
def test_staff_without_register_permissions_get_403(
    client: Client, make_staff: Callable[..., User], role: Role
) -> None:
    client.force_login(make_staff(role))
    assert client.get(LIST).status_code == 403
    upload = SimpleUploadedFile("a.csv", GOOD.encode())
    assert client.post(UPLOAD, {"kind": "at_und", "file": upload, "reason": "x"}).status_code == 403
    assert not RegisterImport.objects.exists()


def test_analyst_sees_the_imports_newest_first_without_a_query_per_row(
    client: Client, analyst: User, tmp_path: Path
) -> None:
    for number in range(6):
        path = tmp_path / f"q{number}.csv"
        path.write_text(HEADER + f"B{number},male,1990,SY,01,2024-03-0{number + 1},true\n")
        acting = Acting(actor=analyst if number % 2 else None, reason="Backfill", actor_label="job")
        register_import(acting=acting, kind="at_und", path=path)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(LIST)
    assert response.status_code == 200
    names = [item.file_name for item in response.context["page"].object_list]
    assert names == [f"q{number}.csv" for number in reversed(range(6))]
    assert len(queries) <= 8  # session, user, permissions, the count and one page: not one per import
    html = response.content.decode()
    assert "q5.csv" in html
    assert 'action="/uppfoljning/register/importera/#import"' in html


def test_upload_imports_the_file_in_the_analysts_name(client: Client, analyst: User) -> None:
    response = _upload(client, GOOD)
    assert response.status_code == 302
    imported = RegisterImport.objects.get()
    assert (imported.file_name, imported.rows, imported.rows_new, imported.imported_by) == ("atund.csv", 2, 2, analyst)
    assert imported.reason == "Q2 extract"
    page = client.get(LIST).content.decode()
    assert "atund.csv imported into" in page


def test_upload_with_problems_lists_them_and_changes_nothing(client: Client, analyst: User) -> None:
    bad = HEADER + "A1,female,1990,SY,01,2024-03-01,true\nA2,woman,1985,XX,14,2024-05-02,false\n"
    before = (RegisterImport.objects.count(), AtUndDecision.objects.count(), AuditEvent.objects.count())
    response = client.post(
        UPLOAD, {"kind": "at_und", "file": SimpleUploadedFile("bad.csv", bad.encode()), "reason": "Q2"}
    )
    assert response.status_code == 400
    assert (RegisterImport.objects.count(), AtUndDecision.objects.count(), AuditEvent.objects.count()) == before
    problems = [(p.file, p.where, p.column) for p in response.context["problems"]]
    assert problems == [("bad.csv", "line 3", "sex"), ("bad.csv", "line 3", "country_of_birth")]
    html = response.content.decode()
    assert html.count("<td>bad.csv</td>") == 2
    assert "<td>line 3</td>" in html
    assert "<td>country_of_birth</td>" in html
    assert "The file was not imported: 2 problems" in html


def test_upload_of_a_file_imported_before_says_so(client: Client, analyst: User) -> None:
    _upload(client, GOOD)
    response = _upload(client, GOOD, name="again.csv")
    assert response.status_code == 302
    assert RegisterImport.objects.count() == 1
    messages = [str(message) for message in client.get(LIST).context["messages"]]
    assert len(messages) == 2
    assert f"(import {RegisterImport.objects.get().pk})" in messages[1]


def test_upload_without_a_reason_is_refused_on_the_form(client: Client, analyst: User) -> None:
    response = _upload(client, GOOD, reason="")
    assert response.status_code == 400
    assert response.context["form"].errors["reason"]
    assert not RegisterImport.objects.exists()


def _workbook(rows: Sequence[Sequence[object]]) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_a_small_xlsx_upload_is_imported_as_from_the_command_line(client: Client, analyst: User) -> None:
    """A small upload is kept in memory and copied to a temporary file: that file keeps the upload's
    extension's meaning (an XLSX is read as a workbook), where it used to fail with a server error."""
    rows = [line.split(",") for line in GOOD.strip().splitlines()]
    content = _workbook(rows)
    upload = SimpleUploadedFile(
        "atund.xlsx", content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response = client.post(UPLOAD, {"kind": "at_und", "file": upload, "reason": "Q2 extract"})
    assert response.status_code == 302, response.content.decode()[:500]
    assert RegisterImport.objects.get().rows == 2


def test_a_corrupt_worksheet_is_refused_in_plain_words_and_changes_nothing(client: Client, analyst: User) -> None:
    """An XLSX whose sheet is not valid XML is a file problem on the page (400), not a server error."""
    good = _workbook([line.split(",") for line in GOOD.strip().splitlines()])
    source, target = io.BytesIO(good), io.BytesIO()
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(target, "w") as damaged:
        for item in original.infolist():
            data = original.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = data[: len(data) // 2]
            damaged.writestr(item, data)
    upload = SimpleUploadedFile("broken.xlsx", target.getvalue())
    response = client.post(UPLOAD, {"kind": "at_und", "file": upload, "reason": "Q2 extract"})
    assert response.status_code == 400
    assert "broken.xlsx" in response.content.decode()
    assert not RegisterImport.objects.exists()


def test_a_workbook_that_would_unpack_to_too_much_is_refused_before_it_is_read(
    client: Client, analyst: User, settings: Any
) -> None:
    """A small XLSX can hold a member that unpacks to gigabytes; the sizes its directory declares are checked
    before anything is unpacked (here against a limit of 1 MB and a 5 MB member of zeros)."""
    settings.LIKA_ARCHIVE_MAX_UNPACKED_BYTES = 2**20
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (5 * 2**20))
    assert len(buffer.getvalue()) < 64 * 1024
    upload = SimpleUploadedFile("bomb.xlsx", buffer.getvalue())
    response = client.post(UPLOAD, {"kind": "at_und", "file": upload, "reason": "Q2 extract"})
    assert response.status_code == 400
    assert "would unpack to 5 MB, more than the 1 MB" in response.content.decode()
    assert not RegisterImport.objects.exists()


@pytest.mark.parametrize("unreadable", UNREADABLE_FILES, ids=[f.case for f in UNREADABLE_FILES])
def test_a_file_lika_cannot_read_is_refused_on_the_page_naming_file_and_line(
    client: Client, analyst: User, unreadable: UnreadableFile
) -> None:
    """A Latin-1 or UTF-16 export, a workbook cut off, a .zip that is none: a plain refusal that says where."""
    upload = SimpleUploadedFile(unreadable.name, unreadable.content)
    response = client.post(UPLOAD, {"kind": "at_und", "file": upload, "reason": "Q2 extract"})
    assert response.status_code == 400
    [problem] = response.context["problems"]
    assert (problem.file, problem.position) == (unreadable.name, unreadable.line)
    assert unreadable.says in problem.message
    assert "Nothing was changed" in response.content.decode()
    assert not RegisterImport.objects.exists()


def test_a_file_larger_than_the_limit_is_refused_before_it_is_read(
    client: Client, analyst: User, settings: Any
) -> None:
    settings.LIKA_FILE_MAX_BYTES = len(GOOD) - 1
    response = _upload(client, GOOD)
    assert response.status_code == 400
    [problem] = response.context["problems"]
    assert problem.file == "atund.csv"
    assert "larger than" in problem.message
    assert not RegisterImport.objects.exists()
