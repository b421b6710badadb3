"""Reading a rendered PDF back as assistive technology does (its text through the fonts, its tag tree), and as
a printer draws it (pages as images, with the QR codes a phone would read)."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pikepdf
import pytest
import zxingcpp
from PIL import Image


def open_pdf(pdf: bytes) -> pikepdf.Pdf:
    """Opens the bytes of a PDF with pikepdf (use it as a context manager)."""
    return pikepdf.open(io.BytesIO(pdf))


def _to_unicode(font: pikepdf.Object) -> dict[int, str]:
    """Reads the bfchar and bfrange entries of a Type0 font's ToUnicode CMap (the kinds Typst writes)."""
    cmap = font.ToUnicode.read_bytes().decode("latin-1")
    table: dict[int, str] = {}
    for block in re.findall(r"beginbfchar(.*?)endbfchar", cmap, re.DOTALL):
        for code, target in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            table[int(code, 16)] = bytes.fromhex(target).decode("utf-16-be")
    for block in re.findall(r"beginbfrange(.*?)endbfrange", cmap, re.DOTALL):
        for low, high, start in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            first = int(start, 16)
            for offset, code in enumerate(range(int(low, 16), int(high, 16) + 1)):
                table[code] = chr(first + offset)
    return table


def _text_of(content: pikepdf.Object, resources: pikepdf.Object) -> Iterator[str]:
    fonts = resources.get("/Font")
    cmaps = {str(name): _to_unicode(font) for name, font in fonts.items()} if fonts is not None else {}
    cmap: dict[int, str] = {}
    for instruction in pikepdf.parse_content_stream(content):
        if isinstance(instruction, pikepdf.ContentStreamInlineImage):
            continue
        operands, name = instruction.operands, str(instruction.operator)
        if name == "Tf":
            cmap = cmaps[str(operands[0])]
        elif name in {"Tj", "TJ"}:
            parts = operands[0] if name == "TJ" else [operands[0]]
            for part in parts:
                if isinstance(part, pikepdf.String):
                    raw = bytes(part)
                    yield "".join(
                        cmap.get(int.from_bytes(raw[i : i + 2], "big"), "\ufffd") for i in range(0, len(raw), 2)
                    )
        elif name == "Do":
            inner = resources.XObject[str(operands[0])]
            if inner.Subtype == "/Form":
                yield from _text_of(inner, inner.get("/Resources", resources))


def page_text(pdf: bytes) -> list[str]:
    """Returns each page's text in content order, decoded through the fonts' ToUnicode maps."""
    with open_pdf(pdf) as document:
        return ["".join(_text_of(page.obj, page.Resources)) for page in document.pages]


def structure_types(pdf: bytes) -> list[str]:
    """Returns the structure types of the tag tree, depth first, e.g. ["Document", "H1", "P", ...]."""
    found: list[str] = []

    def walk(node: pikepdf.Object) -> None:
        if isinstance(node, pikepdf.Array):
            for kid in node:
                walk(kid)
        elif isinstance(node, pikepdf.Dictionary) and "/S" in node:
            found.append(str(node.S).lstrip("/"))
            if "/K" in node:
                walk(node.K)

    with open_pdf(pdf) as document:
        walk(document.Root.StructTreeRoot.K)
    return found


def rasterise(pdf: bytes, folder: Path, *, dpi: int = 150) -> list[Image.Image]:
    """The PDF's pages as greyscale images, drawn by poppler's ``pdftoppm`` as a printer driver would."""
    source = folder / "document.pdf"
    source.write_bytes(pdf)
    subprocess.run(  # noqa: S603 - a fixed program with arguments made here
        ["pdftoppm", "-r", str(dpi), "-png", str(source), str(folder / "page")],  # noqa: S607
        check=True,
        timeout=120,
    )
    return [Image.open(path).convert("L") for path in sorted(folder.glob("page*.png"))]


def qr_texts(image: Image.Image) -> list[str]:
    """The texts of the QR codes zxing-cpp finds in ``image``."""
    return [r.text for r in zxingcpp.read_barcodes(image) if r.format == zxingcpp.BarcodeFormat.QRCode]


needs_pdftoppm = pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="needs pdftoppm (poppler-utils)")
