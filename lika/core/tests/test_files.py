"""The guard in front of every file Lika reads: size, kind against name, encoding, archives, each with its place."""

from __future__ import annotations

import io
import zipfile
from typing import Any

import pytest

from lika.core import files
from lika.testing.files import truncated_workbook

pytestmark = pytest.mark.usefixtures("english")


def test_utf8_with_and_without_a_byte_order_mark_reads_as_the_same_text() -> None:
    text = "namn;ort\nÅsa Öberg;Malmö\n"
    assert files.text_decode(text.encode("utf-8"), file="a.csv") == text
    assert files.text_decode(text.encode("utf-8-sig"), file="a.csv") == text


def test_latin1_is_refused_at_its_line_with_the_encoding_it_looks_like_but_never_read_as_it() -> None:
    data = ("namn;ort\n" + "Anna Berg;Lund\n" * 3 + "Åsa Öberg;Malmö, Göteborg och Västerås\n").encode("latin-1")
    with pytest.raises(files.FileRefusedError) as caught:
        files.text_decode(data, file="personer.csv")
    refusal = caught.value
    assert (refusal.file, refusal.position, refusal.unit) == ("personer.csv", 5, "line")
    assert str(refusal).startswith("personer.csv, line 5: This line is not UTF-8 text")
    assert "UTF-8" in refusal.message


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-32"])
def test_utf16_and_utf32_are_named_as_such_with_or_without_a_byte_order_mark(encoding: str) -> None:
    with pytest.raises(files.FileRefusedError) as caught:
        files.text_decode("namn,ort\nAsa,Lund\n".encode(encoding), file="u.csv")
    assert caught.value.position is None
    assert "UTF-16" in caught.value.message or "UTF-32" in caught.value.message


@pytest.mark.parametrize(
    ("name", "start", "kind"),
    [
        ("a.xlsx", b"PK\x03\x04rest", "zip"),
        ("upload", b"PAR1rest", "parquet"),
        ("old.xls", b"\xd0\xcf\x11\xe0rest", "ole"),
        ("image.csv", b"\x89PNG\r\n\x1a\n\x00\x00", "binary"),
        ("data.bin", b"\x00\x01\x02", "binary"),
        ("a.csv", b"a,b\n1,2\n", "text"),
    ],
)
def test_the_kind_is_told_by_the_first_bytes(name: str, start: bytes, kind: str) -> None:
    assert files.kind_detect(start, file=name) == kind


@pytest.mark.parametrize(
    ("name", "says"),
    [("export.zip", "not a ZIP archive"), ("book.XLSX", "not an Excel workbook"), ("t.parquet", "not a Parquet")],
)
def test_a_name_that_promises_another_kind_is_refused(name: str, says: str) -> None:
    with pytest.raises(files.FileRefusedError, match=says) as caught:
        files.kind_detect(b"a,b\n1,2\n", file=name)
    assert caught.value.file == name


def test_a_file_past_the_limit_is_refused_and_a_reader_may_set_a_lower_limit(settings: Any) -> None:
    settings.LIKA_FILE_MAX_BYTES = 1000
    files.size_check(1000, file="a.csv")
    with pytest.raises(files.FileRefusedError, match="larger than") as caught:
        files.size_check(1001, file="a.csv")
    assert caught.value.file == "a.csv"
    assert files.max_bytes(10) == 10
    assert files.max_bytes(10_000) == 1000


def test_a_missing_file_is_refused_not_raised(tmp_path: Any) -> None:
    with pytest.raises(files.FileRefusedError, match="could not be opened"):
        files.path_size_check(tmp_path / "gone.csv", file="gone.csv")


def test_a_large_file_is_checked_for_utf8_block_by_block_and_the_line_is_still_right(tmp_path: Any) -> None:
    path = tmp_path / "big.csv"
    line = "x" * 99 + "\n"
    path.write_bytes((line * 30_000).encode() + "Öland\n".encode("latin-1"))
    with pytest.raises(files.FileRefusedError) as caught:
        files.utf8_check(path, file="big.csv")
    assert caught.value.position == 30_001


def test_a_workbook_cut_off_is_refused_as_damaged() -> None:
    with (
        pytest.raises(files.FileRefusedError, match="damaged or incomplete"),
        files.zip_open(io.BytesIO(truncated_workbook()), file="t.xlsx", workbook=True),
    ):
        pass


def test_an_archive_is_measured_before_it_is_unpacked(settings: Any) -> None:
    settings.LIKA_ARCHIVE_MAX_UNPACKED_BYTES = 2**20
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("a.csv", b"\0" * (2 * 2**20))
    with (
        pytest.raises(files.FileRefusedError, match="would unpack to 2 MB, more than the 1 MB"),
        files.zip_open(buffer, file="bomb.zip"),
    ):
        pass


def test_the_place_reads_file_sheet_row_and_column() -> None:
    refusal = files.FileRefusedError("Wrong.", file="e.xlsx", sheet="Data", position=4, unit="row", field="sex")
    assert str(refusal) == "e.xlsx [Data], row 4, column sex: Wrong."


def test_the_likely_encoding_is_told_from_the_bytes_around_the_first_that_is_not_utf8(tmp_path: Any) -> None:
    """A register extract is often plain ASCII for thousands of lines before the first "ö"."""
    path = tmp_path / "lang.csv"
    swedish = "Åsa Öberg;Malmö;Västerås;Göteborg;Jönköping;Linköping;Örebro;Umeå;Skövde\n" * 20
    path.write_bytes(("record_id;region\n" + "A1;Lund\n" * 20_000 + swedish).encode("latin-1"))
    with pytest.raises(files.FileRefusedError) as caught:
        files.utf8_check(path, file="lang.csv")
    assert caught.value.position == 20_002
    assert "the file looks like" in caught.value.message
