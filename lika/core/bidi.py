"""Figures and codes that keep their left-to-right order inside right-to-left text.

In an Arabic, Persian or Dari sentence the Unicode bidirectional algorithm lays out each run of
letters, digits and punctuation by rules that suit words but not codes: a decision number such as
``LMA-2026-12-00000001-1`` may come out as ``1-LMA-2026-12-00000001``, a reference such as
``FMA 6 §`` as ``§ FMA 6``, and the halves of ``2024-04-01/acd3ec5f`` may swap. Each such value is
therefore *isolated*: laid out on its own, left to right, and placed in the sentence as one piece.

* :func:`ltr` isolates a value inside plain text — a sentence for a PDF, a text message — with the
  Unicode isolate characters (LRI … PDI). Typst lays each isolated value out as one left-to-right box
  (``lika/documents/templates_typst/_document.typ``), so the characters never reach a PDF.
* :func:`ltr_html` isolates a value printed on its own in HTML, as ``<bdi dir="ltr">``; a browser
  also honours the isolate characters inside a sentence built by :func:`ltr`.

:func:`ltr` does nothing where the active language is written left to right, so Swedish, English,
Somali and Tigrinya texts are the same as without it; ``<bdi dir="ltr">`` changes nothing on such a page.
"""

from __future__ import annotations

from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import get_language_bidi

LRI = "\u2066"  # LEFT-TO-RIGHT ISOLATE
PDI = "\u2069"  # POP DIRECTIONAL ISOLATE


def ltr(value: object) -> str:
    """``value`` as text that keeps its left-to-right order in the active language's sentences.

    >>> from django.utils import translation
    >>> with translation.override("ar"):
    ...     ltr("LMA-2026-12-00000001-1")
    '\\u2066LMA-2026-12-00000001-1\\u2069'
    >>> with translation.override("sv"):
    ...     ltr("LMA-2026-12-00000001-1")
    'LMA-2026-12-00000001-1'
    """
    text = str(value)
    if not text or not get_language_bidi() or (text.startswith(LRI) and text.endswith(PDI)):
        return text
    return f"{LRI}{text}{PDI}"


def without_isolates(text: str) -> str:
    """``text`` without the isolate characters :func:`ltr` adds (for a file name, a comparison)."""
    return text.replace(LRI, "").replace(PDI, "")


def ltr_html(value: object) -> SafeString:
    """``value`` escaped as HTML in a ``<bdi dir="ltr">``, so a right-to-left page never reorders it.

    The isolate characters of :func:`ltr` are taken out: the element isolates the value by itself,
    and the text a screen reader or a copy gets is the value alone.
    """
    return format_html('<bdi dir="ltr">{}</bdi>', without_isolates(str(value)))
