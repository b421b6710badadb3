"""The guard in front of every file Lika reads: its size, its kind, its encoding, each refused with its place.

A file reaches Lika from an analyst (a register extract), a survey lead (an ODK or KoboToolbox export),
an officer's tool (a quote request) or a command. Whatever reads it first passes it through here:

* **Size.** :func:`size_check` refuses a file larger than ``LIKA_FILE_MAX_BYTES`` (or a reader's own,
  lower limit) before it is read; a ZIP archive or workbook is also measured before it is unpacked
  (:func:`zip_open`, with ``LIKA_ARCHIVE_MAX_UNPACKED_BYTES`` from :mod:`lika.core.archives`).
* **Kind.** :func:`kind_detect` tells the kind from the first bytes, not from the name, and refuses a name
  that promises what the bytes are not (a ``.zip`` or ``.xlsx`` that is no ZIP archive).
* **Encoding.** Text is UTF-8, with or without a byte-order mark. Anything else is refused, naming the
  line of the first byte that is not UTF-8 and, when it can be told, the encoding the file looks like;
  a guessed encoding is only named, never used to read the file.

Every refusal is a :class:`FileRefusedError`: the message for the person who sent the file, and where the
problem is (file, sheet, line or row, field). Nothing has been read into Lika when it is raised.
"""

from __future__ import annotations

import codecs
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Literal

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from lika.core.archives import BROKEN_ARCHIVE_ERRORS, ArchiveTooLargeError, archive_size_check

Unit = Literal["line", "row"]
Kind = Literal["zip", "parquet", "ole", "binary", "text"]

ZIP_MAGIC = b"PK\x03\x04"
PARQUET_MAGIC = b"PAR1"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # the old binary Office formats (.xls)
SNIFF_BYTES = 65_536
_BLOCK_BYTES = 1 << 20
# Byte-order marks of the Unicode encodings that are not UTF-8, longest first (UTF-32 LE starts as UTF-16 LE).
_OTHER_BOMS = (
    (codecs.BOM_UTF32_LE, "UTF-32"),
    (codecs.BOM_UTF32_BE, "UTF-32"),
    (codecs.BOM_UTF16_LE, "UTF-16"),
    (codecs.BOM_UTF16_BE, "UTF-16"),
)
# The names a likely encoding is given in a refusal, by the families charset-normalizer reports. A guess
# outside them is not named: a wrong name would send the reader the wrong way.
_ENCODING_NAMES = {
    "cp1250": "Windows-1250/1252 (ANSI)",
    "cp1252": "Windows-1250/1252 (ANSI)",
    "cp1257": "Windows-1257 (ANSI)",
    "latin_1": "ISO-8859-1 (Latin-1)",
    "iso8859_15": "ISO-8859-15 (Latin-9)",
    "iso8859_2": "ISO-8859-2 (Latin-2)",
    "cp1256": "Windows-1256 (Arabic)",
    "iso8859_6": "ISO-8859-6 (Arabic)",
    "cp437": "DOS (code page 437)",
    "cp850": "DOS (code page 850)",
    "mac_roman": "Mac Roman",
}


class FileRefusedError(ValueError):
    """A file that is not read, with where: ``file``, ``sheet``, ``position`` (a line or a row, by ``unit``), ``field``.

    ``message`` is the plain sentence for the person who sent it; ``str()`` puts the place in front.
    """

    def __init__(
        self,
        message: str,
        *,
        file: str,
        sheet: str = "",
        position: int | None = None,
        unit: Unit = "line",
        field: str = "",
    ) -> None:
        self.message, self.file, self.sheet = message, file, sheet
        self.position, self.unit, self.field = position, unit, field
        super().__init__(message)

    @property
    def place(self) -> str:
        """Where the problem is, as ``data.zip [Sheet1], row 4, column name``."""
        parts = [f"{self.file} [{self.sheet}]" if self.sheet else self.file]
        if self.position is not None:
            where = _("line %(number)s") if self.unit == "line" else _("row %(number)s")
            parts.append(where % {"number": self.position})
        if self.field:
            parts.append(_("column %(column)s") % {"column": self.field})
        return ", ".join(part for part in parts if part)

    def __str__(self) -> str:
        return f"{self.place}: {self.message}" if self.place else self.message


# --- size ----------------------------------------------------------------------------------------


def max_bytes(limit: int | None = None) -> int:
    """The most bytes a file may have: ``LIKA_FILE_MAX_BYTES``, or ``limit`` where a reader sets a lower one."""
    ceiling = int(settings.LIKA_FILE_MAX_BYTES)
    return ceiling if limit is None else min(limit, ceiling)


def size_check(size: int, *, file: str, limit: int | None = None) -> None:
    """Refuses a file of ``size`` bytes past :func:`max_bytes`, before it is read."""
    most = max_bytes(limit)
    if size > most:
        raise FileRefusedError(
            _(
                "The file is larger than %(limit)s, the most that can be read. Split it into smaller files and try again."
            )
            % {"limit": filesizeformat(most)},
            file=file,
        )


def path_size_check(path: Path, *, file: str, limit: int | None = None) -> None:
    """:func:`size_check` for the file at ``path``; a file that cannot be opened is refused as well."""
    try:
        size = path.stat().st_size
    except OSError as error:
        message = _("The file could not be opened: %(error)s") % {"error": error.strerror or error}
        raise FileRefusedError(message, file=file) from error
    size_check(size, file=file, limit=limit)


# --- kind ----------------------------------------------------------------------------------------


def _utf16_without_bom(start: bytes) -> bool:
    """Text of ASCII letters with a zero byte beside each: UTF-16 saved without a byte-order mark."""
    pairs = [start[i : i + 2] for i in range(0, min(len(start), 512) - 1, 2)]
    if len(pairs) < 4:
        return False
    text = sum(1 for a, b in pairs if (a == 0) != (b == 0) and (chr(a or b).isprintable() or (a or b) in b"\t\r\n"))
    return text >= 0.9 * len(pairs)


def kind_detect(start: bytes, *, file: str) -> Kind:
    """The kind of a file by its first bytes; refuses a name that says otherwise, and text that is not UTF-8.

    ``ole`` is an old Excel file and ``binary`` anything else that is not text; what to say about them
    depends on what the reader accepts, so they are returned, not refused.
    """
    suffix = file.rsplit(".", 1)[-1].lower() if "." in file else ""
    if start.startswith(ZIP_MAGIC):
        return "zip"
    if suffix in {"zip", "xlsx"}:
        message = (
            _("The file is named .zip but is not a ZIP archive. Download the export once more and try again.")
            if suffix == "zip"
            else _("The file is named .xlsx but is not an Excel workbook. Save it again as .xlsx and try again.")
        )
        raise FileRefusedError(message, file=file)
    if start.startswith(PARQUET_MAGIC):
        return "parquet"
    if suffix == "parquet":
        raise FileRefusedError(_("The file is named .parquet but is not a Parquet file."), file=file)
    if start.startswith(OLE_MAGIC):
        return "ole"
    for bom, encoding in _OTHER_BOMS:
        if start.startswith(bom):
            raise _encoding_refusal(file=file, line=None, name=encoding)
    if _utf16_without_bom(start):
        raise _encoding_refusal(file=file, line=None, name="UTF-16")
    if b"\x00" in start:
        return "binary"
    return "text"


# --- encoding ------------------------------------------------------------------------------------


def _likely_encoding(sample: bytes) -> str | None:
    """The encoding ``sample`` most likely is in, by a name a person knows, or None when it cannot be told."""
    try:
        from charset_normalizer import from_bytes
    except ImportError:  # pragma: no cover - charset-normalizer comes with requests
        return None
    best = from_bytes(sample[:SNIFF_BYTES]).best()
    return None if best is None else _ENCODING_NAMES.get(best.encoding)


def _around(data: bytes, error: UnicodeDecodeError) -> bytes:
    """The bytes from just before the first that is not UTF-8: where the file's other encoding shows.

    Mostly ASCII before it would drown the evidence and lead the guess astray (to Farsi, for Swedish).
    """
    return data[max(error.start - 256, 0) : error.start + 8192]


def _encoding_refusal(*, file: str, line: int | None, name: str | None, sheet: str = "") -> FileRefusedError:
    if line is None:
        message = _(
            "The file is %(encoding)s text, not UTF-8 text. Save it as UTF-8 (in Excel: CSV UTF-8) and try again."
        ) % {"encoding": name}
    elif name:
        message = _(
            "This line is not UTF-8 text; the file looks like %(encoding)s. "
            "Save it as UTF-8 (in Excel: CSV UTF-8) and try again."
        ) % {"encoding": name}
    else:
        message = _("This line is not UTF-8 text. Save the file as UTF-8 (in Excel: CSV UTF-8) and try again.")
    return FileRefusedError(message, file=file, sheet=sheet, position=line)


def text_decode(data: bytes, *, file: str, sheet: str = "") -> str:
    """``data`` as text: UTF-8, with or without a byte-order mark; any other encoding is refused at its line."""
    if kind_detect(data[:SNIFF_BYTES], file=file) == "binary":
        raise FileRefusedError(_("The file is not text."), file=file, sheet=sheet)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise _encoding_refusal(
            file=file, sheet=sheet, line=line, name=_likely_encoding(_around(data, error))
        ) from error


def utf8_check(path: Path, *, file: str) -> None:
    """Refuses the file at ``path`` unless it is all UTF-8, naming the line of the first byte that is not.

    The file is read in blocks, so a register extract of any size is checked without holding it whole.
    """
    decoder = codecs.getincrementaldecoder("utf-8")()
    line = 1
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(_BLOCK_BYTES), b""):
            pending = len(decoder.getstate()[0])
            try:
                decoder.decode(block)
            except UnicodeDecodeError as error:
                line += block[: max(error.start - pending, 0)].count(b"\n")
                raise _encoding_refusal(file=file, line=line, name=_likely_encoding(_around(block, error))) from error
            line += block.count(b"\n")
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError as error:
            raise _encoding_refusal(file=file, line=line, name=None) from error


# --- archives ------------------------------------------------------------------------------------


def _archive_refusal(error: ArchiveTooLargeError, *, file: str) -> FileRefusedError:
    message = _("The file would unpack to %(unpacked)s MB, more than the %(limit)s MB an import may read.") % {
        "unpacked": error.unpacked // 2**20,
        "limit": error.limit // 2**20,
    }
    return FileRefusedError(message, file=file)


@contextmanager
def zip_open(source: IO[bytes], *, file: str, workbook: bool = False) -> Iterator[zipfile.ZipFile]:
    """``source`` opened as a ZIP archive measured before anything is unpacked; a damaged one is refused.

    ``workbook`` says the file is meant to be an Excel workbook, for the message.
    """
    damaged = (
        _("The file could not be read as an Excel workbook (.xlsx): it is damaged or incomplete.")
        if workbook
        else _("The file is not a readable ZIP archive or Excel workbook: it is damaged or incomplete.")
    )
    try:
        archive = zipfile.ZipFile(source)
    except BROKEN_ARCHIVE_ERRORS as error:
        raise FileRefusedError(damaged, file=file) from error
    with archive:
        try:
            archive_size_check(archive)
        except ArchiveTooLargeError as error:
            raise _archive_refusal(error, file=file) from error
        yield archive
