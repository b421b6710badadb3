"""A ZIP archive's size before it is unpacked: the guard against archives that unpack to far more than they weigh.

A ZIP of a few hundred kilobytes can unpack to gigabytes (a "zip bomb"); limits on the upload's size do
not see that. Every ZIP Lika opens (survey exports, XLSX workbooks, which are ZIP archives) is checked
against ``LIKA_ARCHIVE_MAX_UNPACKED_BYTES`` by the sizes its directory declares, before any member is read;
Python's zipfile never returns more than a member's declared size, so the declared sizes bound what is read.
"""

from __future__ import annotations

import zipfile
import zlib

from django.conf import settings

# What a damaged ZIP or workbook raises while it is opened or read: a broken archive, a missing part, XML
# that ends too soon (SyntaxError covers ElementTree's and lxml's parse errors), a deflate stream cut short.
BROKEN_ARCHIVE_ERRORS: tuple[type[Exception], ...] = (
    zipfile.BadZipFile,
    KeyError,
    OSError,
    ValueError,
    TypeError,
    SyntaxError,
    EOFError,
    zlib.error,
)


def broken_workbook_errors() -> tuple[type[Exception], ...]:
    """What a damaged workbook raises while openpyxl opens or reads it: the above and openpyxl's own refusal.

    openpyxl is imported here, not with this module, so that a command that only measures files does not pay
    for loading it.
    """
    from openpyxl.utils.exceptions import InvalidFileException

    return (*BROKEN_ARCHIVE_ERRORS, InvalidFileException)


class ArchiveTooLargeError(ValueError):
    """The archive would unpack to more than the limit; ``unpacked`` and ``limit`` are in bytes."""

    def __init__(self, unpacked: int, limit: int) -> None:
        self.unpacked, self.limit = unpacked, limit
        super().__init__(f"The archive would unpack to {unpacked:,} bytes; at most {limit:,} are read.")


def archive_size_check(archive: zipfile.ZipFile) -> int:
    """The bytes ``archive`` unpacks to; raises ArchiveTooLargeError past ``LIKA_ARCHIVE_MAX_UNPACKED_BYTES``."""
    limit = int(settings.LIKA_ARCHIVE_MAX_UNPACKED_BYTES)
    unpacked = sum(member.file_size for member in archive.infolist())
    if unpacked > limit:
        raise ArchiveTooLargeError(unpacked, limit)
    return unpacked
