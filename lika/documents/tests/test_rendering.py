"""A decision renders as a PDF/UA-1 file that assistive technology can read, the same bytes every time."""

from __future__ import annotations

import copy
import logging
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from lika.documents import rendering
from lika.documents.layouts import AllowanceDecision
from lika.documents.rendering import DocumentRenderError, pdf_render
from lika.testing.pdf import open_pdf, page_text, structure_types

TEMPLATE = "allowance_decision.typ"

# Made-up people and figures.
SWEDISH: AllowanceDecision = {
    "language": "sv",
    "title": "Beslut om dagersättning",
    "agency": "Migrationsverket",
    "reference_label": "Beslut",
    "reference": "LMA-2026-12-000123",
    "date_label": "Datum",
    "date": "2026-11-22",
    "addressee_label": "Till",
    "addressee": ["Amina Haddad", "Dossiernummer 90000123"],
    "summary": "Du får 1\u00a0891,00 kronor i dagersättning för december 2026. Pengarna kommer till ditt konto före jul.",
    "sections": [
        {
            "heading": "Så har vi räknat",
            "paragraphs": ["Du bor med din make och får dagersättning för varje dag i månaden."],
            "table": {
                "caption": "Beräkning för december 2026",
                "columns": ["Steg", "Dagar", "Belopp per dag", "Belopp"],
                "rows": [
                    ["Vuxen som bor med make, maka eller sambo", "31", "61,00 kr", "1\u00a0891,00 kr"],
                    ["Avdrag för egen inkomst", "", "", "0,00 kr"],
                ],
                "footer": ["Summa", "", "", "1\u00a0891,00 kr"],
            },
        },
        {
            "heading": "Hur du överklagar",
            "paragraphs": [
                "Skriv till Migrationsverket inom tre veckor från den dag du fick beslutet.",
                "Berätta vilket beslut du överklagar och hur du vill att det ändras.",
            ],
        },
    ],
    "footer": "Beslutet är fattat med stöd av lagen om mottagande av asylsökande. Regelversion 2026-11.",
}

ENGLISH: AllowanceDecision = {
    "language": "en",
    "title": "Decision on daily allowance",
    "agency": "Swedish Migration Agency",
    "reference_label": "Decision",
    "reference": "LMA-2026-12-000124",
    "date_label": "Date",
    "date": "22 November 2026",
    "addressee_label": "To",
    "addressee": ["Leyla Farah", "Dossier number 90000124"],
    "summary": "You will receive SEK 1,891.00 in daily allowance for December 2026.",
    "sections": [
        {
            "heading": "How we calculated it",
            "paragraphs": [],
            "table": {
                "columns": ["Step", "Days", "Amount per day", "Amount"],
                "rows": [["Adult living with a spouse or partner", "31", "SEK 61.00", "SEK 1,891.00"]],
            },
        },
        {"heading": "How to appeal", "paragraphs": ["Write to us within three weeks of receiving this decision."]},
    ],
}


def render(data: AllowanceDecision) -> bytes:
    return pdf_render(template=TEMPLATE, data=data, language=data["language"], title=data["title"])


@pytest.fixture(scope="module")
def swedish_pdf() -> bytes:
    return render(SWEDISH)


def is_true(value: object) -> bool:
    # pikepdf returns PDF booleans as Python's True and False.
    return value is True


def squeeze(text: str) -> str:
    # Typst sets line breaks and word spaces as it pleases; the words and their order are what count.
    return "".join(text.split())


@pytest.mark.parametrize("data", [SWEDISH, ENGLISH], ids=["sv", "en"])
def test_decision_declares_pdf_ua_1_with_title_and_language(data: AllowanceDecision) -> None:
    pdf = render(data)
    assert pdf.startswith(b"%PDF-")
    with open_pdf(pdf) as document:
        metadata = document.open_metadata()
        assert metadata["pdfuaid:part"] == "1"
        assert metadata["dc:title"] == data["title"]
        assert document.docinfo["/Title"] == data["title"]
        assert is_true(document.Root.ViewerPreferences.DisplayDocTitle)
        assert is_true(document.Root.MarkInfo.Marked)
        assert "/StructTreeRoot" in document.Root
        assert document.Root.Lang == data["language"]


def test_fonts_are_embedded(swedish_pdf: bytes) -> None:
    families: set[str] = set()
    with open_pdf(swedish_pdf) as document:
        for page in document.pages:
            for font in page.Resources.Font.values():
                descendant = font.DescendantFonts[0] if "/DescendantFonts" in font else font
                descriptor = descendant.FontDescriptor
                assert any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")), font.BaseFont
                families.add(str(font.BaseFont).split("+")[-1])
    noto = (rendering.NOTO_FOLDER / "NotoSans-Regular.ttf").is_file()
    assert families, "no fonts on the page"
    expected = "NotoSans" if noto else "LibertinusSerif"
    assert all(family.startswith(expected) for family in families), families


def test_summary_and_table_cells_are_text_in_the_page(swedish_pdf: bytes) -> None:
    text = squeeze("".join(page_text(swedish_pdf)))
    assert squeeze(SWEDISH["summary"]) in text
    assert squeeze("Vuxen som bor med make, maka eller sambo") in text
    assert squeeze("1\u00a0891,00 kr") in text
    assert squeeze("Hur du överklagar") in text


def test_layout_adds_no_words_of_its_own(swedish_pdf: bytes) -> None:
    """Everything on the page comes from the data, except the page number ("1 / 1")."""
    pieces: list[str] = [
        str(value) for key, value in SWEDISH.items() if isinstance(value, str) and key not in {"language", "title"}
    ]
    pieces += [SWEDISH["title"], *SWEDISH["addressee"]]
    for section in SWEDISH["sections"]:
        pieces += [section["heading"], *section["paragraphs"]]
        if "table" in section:
            table = section["table"]
            pieces += [table.get("caption", ""), *table["columns"], *table.get("footer", [])]
            pieces += [cell for row in table["rows"] for cell in row]
    remainder = squeeze("".join(page_text(swedish_pdf)))
    for piece in sorted(map(squeeze, pieces), key=len, reverse=True):
        remainder = remainder.replace(piece, "", 1)
    assert remainder == "1/1"


def test_tag_tree_has_headings_and_a_table_with_header_cells(swedish_pdf: bytes) -> None:
    types = structure_types(swedish_pdf)
    assert types.count("H1") == 1
    assert types.count("H2") == len(SWEDISH["sections"])
    assert types.count("Table") == 1
    assert types.count("TH") == 4
    assert types.count("TD") == 4 * 3  # two rows and the footer
    assert "Caption" in types
    assert "P" in types


def test_long_decision_numbers_its_pages_with_figures_only() -> None:
    data = copy.deepcopy(ENGLISH)
    table = data["sections"][0]["table"]
    table["rows"] = [[f"Step {number}", "31", "SEK 61.00", "SEK 1,891.00"] for number in range(80)]
    pages = page_text(render(data))
    assert len(pages) >= 2
    for number, text in enumerate(pages, start=1):
        assert squeeze(text).endswith(f"{number}/{len(pages)}")
    # The table's header row repeats on the next page.
    assert "AmountperDay".lower() in squeeze(pages[1]).lower()


def test_same_input_gives_the_same_bytes(swedish_pdf: bytes) -> None:
    # A creation date from the clock would differ between renderings a second apart.
    with open_pdf(swedish_pdf) as document:
        assert "/CreationDate" not in document.docinfo
        assert "/ModDate" not in document.docinfo
        assert "xmp:CreateDate" not in document.open_metadata()
    assert render(copy.deepcopy(SWEDISH)) == swedish_pdf
    changed = copy.deepcopy(SWEDISH)
    changed["date"] = "2026-11-23"
    assert render(changed) != swedish_pdf


def test_rendering_raises_no_typst_warnings(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="lika.documents"):
        render(SWEDISH)
    assert [record.getMessage() for record in caplog.records if "Typst" in record.getMessage()] == []


def test_unknown_template_is_a_render_error() -> None:
    with pytest.raises(DocumentRenderError, match=r"no layout 'missing\.typ'"):
        pdf_render(template="missing.typ", data=SWEDISH, language="sv", title=SWEDISH["title"])


@pytest.mark.parametrize("template", ["../rendering.py", "/etc/passwd", "_document.typ", "allowance_decision"])
def test_template_must_be_a_layout_file_name(template: str) -> None:
    with pytest.raises(DocumentRenderError, match="is not the file name of a layout"):
        pdf_render(template=template, data=SWEDISH, language="sv", title=SWEDISH["title"])


def test_missing_key_names_the_key_and_the_template_line() -> None:
    data: dict[str, Any] = dict(copy.deepcopy(SWEDISH))
    del data["summary"]
    with pytest.raises(DocumentRenderError) as raised:
        pdf_render(template=TEMPLATE, data=data, language="sv", title=SWEDISH["title"])
    message = str(raised.value)
    assert 'does not contain key "summary"' in message
    assert re.search(r"allowance_decision\.typ:\d+:\d+", message), message


def test_table_row_with_too_few_cells_is_a_render_error() -> None:
    data = copy.deepcopy(SWEDISH)
    data["sections"][0]["table"]["rows"].append(["Summa"])
    with pytest.raises(DocumentRenderError, match="table row 3 has 1 cells but there are 4 columns"):
        render(data)


def test_data_that_is_not_json_is_a_render_error() -> None:
    data: dict[str, Any] = {**SWEDISH, "date": object()}
    with pytest.raises(DocumentRenderError, match="not JSON"):
        pdf_render(template=TEMPLATE, data=data, language="sv", title=SWEDISH["title"])


def test_title_and_language_must_agree_with_the_data() -> None:
    with pytest.raises(DocumentRenderError, match="title"):
        pdf_render(template=TEMPLATE, data=SWEDISH, language="sv", title="Beslut")
    with pytest.raises(DocumentRenderError, match="language"):
        pdf_render(template=TEMPLATE, data=SWEDISH, language="en", title=SWEDISH["title"])


@pytest.mark.parametrize("language", ["", "svenska", "sv-", "12"])
def test_language_must_be_a_language_code(language: str) -> None:
    with pytest.raises(DocumentRenderError, match="is not a language code"):
        pdf_render(template=TEMPLATE, data={}, language=language, title="Titel")


def test_language_with_region_sets_both() -> None:
    data = {**ENGLISH}
    del data["language"]
    pdf = pdf_render(template=TEMPLATE, data=data, language="en-gb", title=ENGLISH["title"])
    with open_pdf(pdf) as document:
        assert document.Root.Lang == "en-GB"


@pytest.fixture
def without_noto(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[None]:
    monkeypatch.setattr(rendering, "NOTO_FOLDER", tmp_path)
    rendering.document_fonts.cache_clear()
    yield
    rendering.document_fonts.cache_clear()


@pytest.mark.usefixtures("without_noto")
def test_without_noto_typst_embedded_fonts_still_give_pdf_ua() -> None:
    pdf = render(SWEDISH)
    with open_pdf(pdf) as document:
        assert document.open_metadata()["pdfuaid:part"] == "1"
        fonts = {str(font.BaseFont) for page in document.pages for font in page.Resources.Font.values()}
    assert fonts
    assert all("LibertinusSerif" in font for font in fonts), fonts
    assert squeeze(SWEDISH["summary"]) in squeeze("".join(page_text(pdf)))
