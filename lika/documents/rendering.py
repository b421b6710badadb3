"""Renders Lika's documents as tagged PDF/UA-1 files with Typst.

Each document type has a layout in ``templates_typst/`` that reads its data as JSON; the keys of
each layout are typed in :mod:`lika.documents.layouts`. The layouts share ``_document.typ`` (A4
page, type, page numbers, metadata) and hold no human-language text of their own.

The same input gives the same bytes: the PDF carries no creation date, Typst derives the PDF's
identifiers from its content, and only fonts from one known folder (or Typst's own) are used, so
the fonts installed on a particular machine cannot change the result.
"""

from __future__ import annotations

import functools
import json
import logging
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal

import typst
from django.conf import settings

logger = logging.getLogger(__name__)

TEMPLATES = Path(__file__).resolve().parent / "templates_typst"

# Debian's fonts-noto-core; CI installs it. Noto covers every script Lika's languages use.
NOTO_FOLDER = Path("/usr/share/fonts/truetype/noto")
NOTO_FAMILY = "Noto Sans"
# Where Noto is missing (a developer's machine), Typst's own fonts keep rendering possible.
EMBEDDED_FAMILY = "Libertinus Serif"
# Scripts Noto Sans lacks, in the order tried after it: Arabic for ar, fa and prs, Ethiopic for ti.
# Named, so that Typst does not pick whichever font of the folder happens to cover a letter.
SCRIPT_FAMILIES = ("Noto Sans Arabic", "Noto Sans Ethiopic")

# A language code as Django writes it ("sv", "en", "prs", "en-gb"): ISO 639, then an optional region.
_LANGUAGE = re.compile(r"(?P<lang>[a-z]{2,3})(?:[-_](?P<region>[a-z]{2}))?", re.IGNORECASE)


class DocumentRenderError(Exception):
    """A document cannot be rendered; the message says why, with Typst's file and line when Typst failed."""


@functools.cache
def document_fonts() -> tuple[typst.Fonts, str]:
    """Returns the fonts Typst may use and the family to set text in.

    Reading the font folder once per process keeps each rendering fast.
    """
    if (NOTO_FOLDER / "NotoSans-Regular.ttf").is_file():
        return typst.Fonts(include_system_fonts=False, font_paths=[str(NOTO_FOLDER)]), NOTO_FAMILY
    logger.warning("%s is missing; documents use Typst's embedded %s instead", NOTO_FOLDER, EMBEDDED_FAMILY)
    return typst.Fonts(include_system_fonts=False), EMBEDDED_FAMILY


def pdf_render(*, template: str, data: Mapping[str, Any], language: str, title: str) -> bytes:
    """Renders ``data`` with the Typst layout ``template`` as a PDF/UA-1 document.

    ``template`` is a file name in ``templates_typst/``, e.g. ``"allowance_decision.typ"``.
    ``data`` must be JSON-serialisable and follow the layout's contract in :mod:`lika.documents.layouts`.
    ``language`` (e.g. ``"sv"``) becomes the text language and the PDF's ``/Lang``, and sets the
    direction (right to left for ``settings.LANGUAGES_BIDI``: Arabic, Persian, Dari); ``title``
    becomes the document title, which PDF readers show instead of the file name. If ``data`` has
    its own ``language`` or ``title``, they must be the same.

    Raises :class:`DocumentRenderError` when the template is unknown, the data or language is
    unusable, or Typst reports an error.
    """
    pages = _compile(template=template, data=data, language=language, title=title, output="pdf", ppi=None)
    return pages[0]


def png_render(*, template: str, data: Mapping[str, Any], language: str, title: str, ppi: float) -> list[bytes]:
    """Renders the same document as :func:`pdf_render` as one PNG image per page, at ``ppi`` pixels per inch.

    For what is shown as a picture (a screen in a waiting room) and for tests that read the page as a
    reader's eye or phone would. Raises :class:`DocumentRenderError` as :func:`pdf_render` does.
    """
    if not 0 < ppi <= 600:
        raise DocumentRenderError(f"{template}: {ppi} pixels per inch is outside 1 to 600")
    return _compile(template=template, data=data, language=language, title=title, output="png", ppi=ppi)


def _compile(
    *,
    template: str,
    data: Mapping[str, Any],
    language: str,
    title: str,
    output: Literal["pdf", "png"],
    ppi: float | None,
) -> list[bytes]:
    """Compiles the layout to one PDF (a list of one) or to one PNG per page."""
    path = _template_path(template)
    lang, region = _language_parts(language)
    for key, value in (("language", language), ("title", title)):
        if key in data and data[key] != value:
            raise DocumentRenderError(f"{template}: data[{key!r}] is {data[key]!r} but the {key} given is {value!r}")
    if not title.strip():
        raise DocumentRenderError(f"{template}: a PDF/UA document needs a title")
    try:
        encoded = json.dumps(data, ensure_ascii=False, allow_nan=False)
    except (TypeError, ValueError) as error:
        raise DocumentRenderError(f"{template}: the data is not JSON: {error}") from error

    fonts, family = document_fonts()
    available = set(fonts.families())
    # "fonts" lists the family and then the fallbacks for other scripts, for layouts that set text
    # in any of Lika's languages; "font" alone serves layouts in Latin script.
    families = [family, *(name for name in SCRIPT_FAMILIES if name in available)]
    try:
        result, warnings = typst.compile_with_warnings(
            str(path),
            # Templates can read files only in their own folder.
            root=str(TEMPLATES),
            font_paths=fonts,
            ignore_system_fonts=True,
            format=output,
            ppi=ppi,
            sys_inputs={
                "data": encoded,
                "title": title,
                "lang": lang,
                "region": region,
                "font": family,
                "fonts": json.dumps(families),
                "dir": "rtl" if lang in settings.LANGUAGES_BIDI else "ltr",
            },
            pdf_standards=["ua-1"] if output == "pdf" else [],
        )
    except typst.TypstError as error:
        raise DocumentRenderError(_describe(template, error)) from error
    except RuntimeError as error:
        raise DocumentRenderError(f"{template}: {error}") from error
    for warning in warnings:
        logger.warning("Typst warning in %s: %s", template, _describe(template, warning))
    # Typst gives a PNG document of several pages as a list, and anything else as one file.
    produced: object = result
    return list(produced) if isinstance(produced, list) else [result]


def _template_path(template: str) -> Path:
    # A bare file name only, so that no caller can reach a file outside the layouts' folder, and
    # not the shared _document.typ, which is no document by itself.
    path = TEMPLATES / template
    if Path(template).name != template or not template.endswith(".typ") or template.startswith("_"):
        raise DocumentRenderError(f"{template!r} is not the file name of a layout in {TEMPLATES}")
    if not path.is_file():
        available = ", ".join(sorted(p.name for p in TEMPLATES.glob("[!_]*.typ")))
        raise DocumentRenderError(f"no layout {template!r} in {TEMPLATES} (there are: {available})")
    return path


def _language_parts(language: str) -> tuple[str, str]:
    match = _LANGUAGE.fullmatch(language)
    if match is None:
        raise DocumentRenderError(f"{language!r} is not a language code such as 'sv' or 'en-gb'")
    return match["lang"].lower(), (match["region"] or "").upper()


def _describe(template: str, problem: typst.TypstError | typst.TypstWarning) -> str:
    # Typst's diagnostic names the file, line and column and quotes the line; its hints say what to do.
    text = (problem.diagnostic or problem.message).strip()
    hints = [hint for hint in problem.hints if hint not in text]
    lines = [f"{template}: {text}", *(f"hint: {hint}" for hint in hints)]
    return "\n".join(lines)
