"""Every CSV and XLSX file Lika produces goes through one writer, and no cell in it runs as a formula.

The writers are tested here with text that would start a formula; each export is tested with the same
text where a person could have typed it (``live_formulas`` from :mod:`lika.testing.spreadsheets` in the
tests of the dashboard, the visit report, the officer codes, the XLSForm and the card-load file), and
the source is searched so that a new export cannot write a file by another way.
"""

from __future__ import annotations

import ast
import io
from pathlib import Path

import openpyxl
import pytest

from lika.core.formats import XlsxCell, XlsxSheet, csv_file, csv_text, xlsx_file
from lika.testing.spreadsheets import FORMULA_TEXTS, live_formulas

LIKA = Path(__file__).resolve().parents[2]
# Writing CSV or XLSX by hand is allowed here only: the shared writers, and generators of *input* files
# (the demo's register extracts, example survey exports), which must look like what other systems write.
WRITERS_ALLOWED = {
    "core/formats.py",
    "demo/registers.py",
    "treatment_survey/imports/example_files.py",
}


def _raw_writers(tree: ast.Module) -> list[tuple[int, str]]:
    """Lines that write CSV or XLSX without the shared writers: csv.writer, xlsxwriter, openpyxl's Workbook."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
            name = f"{node.value.id}.{node.attr}"
            if name in {"csv.writer", "csv.DictWriter", "openpyxl.Workbook"}:
                found.append((node.lineno, name))
        elif isinstance(node, ast.Import) and any(alias.name == "xlsxwriter" for alias in node.names):
            found.append((node.lineno, "import xlsxwriter"))
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("openpyxl"):
            found += [(node.lineno, "openpyxl.Workbook") for alias in node.names if alias.name == "Workbook"]
    return found


def test_no_module_writes_csv_or_xlsx_but_through_the_shared_writers() -> None:
    found = []
    for path in sorted(LIKA.rglob("*.py")):
        relative = path.relative_to(LIKA).as_posix()
        if relative in WRITERS_ALLOWED or "/tests/" in f"/{relative}" or relative.startswith("testing/"):
            continue
        found += [f"{relative}:{line}: {what}" for line, what in _raw_writers(ast.parse(path.read_text()))]
    assert not found, "write these through lika.core.formats (csv_file, csv_text, xlsx_file):\n" + "\n".join(found)


def test_the_search_finds_a_raw_writer() -> None:
    source = "import csv\nimport xlsxwriter\nfrom openpyxl import Workbook\nw = csv.writer(x)\n"
    assert [what for _line, what in _raw_writers(ast.parse(source))] == [
        "import xlsxwriter",
        "openpyxl.Workbook",
        "csv.writer",
    ]


@pytest.mark.usefixtures("english")
def test_a_csv_file_makes_formula_text_harmless_and_keeps_numbers() -> None:
    content = csv_file([["name", "amount"], *([text, -5] for text in FORMULA_TEXTS), ["-1.5", 3.25]])
    assert live_formulas(content) == []
    text = content.decode("utf-8-sig")
    assert "'=HYPERLINK" in text
    assert "\r\n-5\r\n" not in text  # numbers are written as they are
    assert ",-5\r\n" in text
    assert "-1.5,3.25" in text


def test_a_csv_text_of_fixed_format_makes_formula_text_harmless_too() -> None:
    assert live_formulas(csv_text([[text] for text in FORMULA_TEXTS], delimiter=",", line_end="\n").encode()) == []


def test_the_check_finds_a_formula_left_in_a_csv_file() -> None:
    assert live_formulas(b"name\n=1+1\n-5\n") == ["line 2, field 1: '=1+1'"]


def _returns(value: object) -> object:
    return value.replace("_x000D_", "\r") if isinstance(value, str) else value


def test_an_xlsx_file_stores_formula_text_as_text_exactly_and_numbers_as_numbers() -> None:
    rows: list[list[object]] = [["name", "amount"]]
    rows += [[text, -5] for text in FORMULA_TEXTS]
    rows.append([XlsxCell("=1+1", "bold"), XlsxCell(1234.5, decimals=1)])
    content = xlsx_file([XlsxSheet("Figures", rows, bold_rows=1)])
    assert live_formulas(content) == []
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    assert sheet is not None
    # openpyxl reads a return back as Excel stores it in the XML; Excel shows it as a return.
    values = [[_returns(cell.value) for cell in row] for row in sheet.iter_rows()]
    assert values[1:7] == [[text, -5] for text in FORMULA_TEXTS]
    assert values[7] == ["=1+1", 1234.5]
    assert sheet["B8"].number_format == "#,##0.0"


def test_the_check_finds_a_formula_left_in_an_xlsx_file() -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet["A1"] = "=1+1"
    buffer = io.BytesIO()
    workbook.save(buffer)
    assert live_formulas(buffer.getvalue()) == ["Sheet!A1: '=1+1'"]
