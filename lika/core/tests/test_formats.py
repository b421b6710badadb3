"""Writing spreadsheets: no cell Lika writes is run as a formula (issue 16, defect 7)."""

from __future__ import annotations

import pytest

from lika.core.formats import csv_file, spreadsheet_cell


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ('=HYPERLINK("https://example.org","x")', '\'=HYPERLINK("https://example.org","x")'),
        ("+46 8 123", "'+46 8 123"),
        ("-2+3", "'-2+3"),
        ("-12.5", "-12.5"),  # a number written as text stays a number
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tcmd", "'\tcmd"),
        ("Malmö", "Malmö"),
        ("−12,5", "−12,5"),  # the minus sign Lika prints is not a formula character
        (-12.5, -12.5),
        (None, None),
    ],
)
def test_a_cell_that_a_spreadsheet_would_run_as_a_formula_is_written_as_text(value: object, written: object) -> None:
    assert spreadsheet_cell(value) == written
    if isinstance(value, str) and written != value:
        line = csv_file([[value]]).decode("utf-8-sig").strip()
        assert not line.lstrip('"').startswith(("=", "+", "-", "@", "\t")), line
