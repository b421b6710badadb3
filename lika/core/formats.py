"""Numbers, percentages and CSV files in the reader's language, the same on every page and in every file.

Swedish groups thousands with a space and writes a decimal comma (``1 234,5``); English writes
``1,234.5``. A CSV file follows what Excel expects with the same settings: a semicolon between fields
in Swedish, a comma in other languages.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from typing import TypeVar

from django.utils.formats import number_format
from django.utils.translation import get_language

__all__ = ["csv_file", "csv_separators", "number_text", "percent_text"]


def number_text(value: float, decimals: int = 0) -> str:
    """``value`` in the active language's format, thousands grouped (``1 234,5`` in Swedish)."""
    text = number_format(round(value, decimals), decimal_pos=decimals, use_l10n=True, force_grouping=True)
    return text.replace("-", "\u2212")  # the minus sign, as in print


def percent_text(share: float, decimals: int = 0) -> str:
    """A share (0 to 1) as a percentage with a no-break space before the sign: ``91 %``."""
    return f"{number_text(100 * share, decimals)}\u00a0%"


def csv_separators() -> tuple[str, str]:
    """The field separator and the decimal sign of a CSV file in the active language."""
    swedish = (get_language() or "sv").startswith("sv")
    return (";", ",") if swedish else (",", ".")


T = TypeVar("T")

# What a spreadsheet takes as the start of a formula (OWASP, "CSV injection"); a number is not one.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"-?\d+(?:[.,]\d+)?")


def spreadsheet_cell(value: T) -> T | str:
    """``value`` as a spreadsheet may safely open it: text that would start a formula gets a leading apostrophe.

    A name such as ``=HYPERLINK(...)`` typed into Lika would otherwise run when the file is opened.
    """
    if isinstance(value, str) and value.startswith(_FORMULA_START) and not _PLAIN_NUMBER.fullmatch(value):
        return "'" + value
    return value


def csv_file(lines: Iterable[Sequence[object]]) -> bytes:
    """``lines`` as CSV in the active language's separator, UTF-8 with a byte-order mark (for Excel).

    Values are written as they are (format decimals with :func:`csv_separators` first), except that
    text a spreadsheet would run as a formula is made harmless (:func:`spreadsheet_cell`).
    """
    out = io.StringIO()
    writer = csv.writer(out, delimiter=csv_separators()[0], lineterminator="\r\n")
    writer.writerows([spreadsheet_cell(value) for value in line] for line in lines)
    return ("\ufeff" + out.getvalue()).encode("utf-8")
