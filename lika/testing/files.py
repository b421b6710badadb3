"""Files that Lika must refuse, one of each kind of trouble, for the tests of every reader's page and command.

Each importer (register extracts, survey exports, the quote) must refuse these with a plain message that
names the file and, where there is one, the line, and change nothing (see :mod:`lika.core.files`).
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import openpyxl

__all__ = ["UNREADABLE_FILES", "UnreadableFile", "truncated_workbook"]


@dataclass(frozen=True)
class UnreadableFile:
    """A file (``name``, ``content``) that is refused at ``line`` (None: the whole file) with ``says`` in the message."""

    name: str
    content: bytes
    line: int | None
    says: str

    @property
    def case(self) -> str:
        return self.name.replace(".", "-")


def truncated_workbook() -> bytes:
    """An XLSX workbook cut off halfway, as an interrupted download leaves it."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None  # noqa: S101 - a new workbook has its sheet
    sheet.append(["record_id", "sex"])
    sheet.append(["A1", "female"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    data = buffer.getvalue()
    return data[: len(data) // 2]


_TABLE = "record_id,sex,country_of_birth\nA1,kvinna,SE\nA2,okänd,SE\n"

UNREADABLE_FILES = [
    # Excel's "CSV" in Swedish Windows: Windows-1252, which a reader guessing encodings would turn into wrong names.
    UnreadableFile("latin1.csv", _TABLE.encode("latin-1"), 3, "not UTF-8"),
    # Excel's "Unicode text": UTF-16 with a byte-order mark, and UTF-16 without one.
    UnreadableFile("utf16.csv", _TABLE.encode("utf-16"), None, "UTF-16"),
    UnreadableFile("utf16le.csv", _TABLE.encode("utf-16-le"), None, "UTF-16"),
    UnreadableFile("truncated.xlsx", truncated_workbook(), None, "Excel workbook"),
    UnreadableFile("export.zip", _TABLE.encode(), None, "not a ZIP archive"),
]
