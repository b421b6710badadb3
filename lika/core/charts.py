"""The one chart style of Lika: how women, men and unknown sex look in every chart, and how a chart is drawn.

Women, men and unknown sex have one colour, one line dash and one point shape each, the same on the
follow-up dashboard, the treatment-survey report and any later chart, so that a reader who has
learnt one chart reads the next. The dash and shape differ as well as the colour, so a chart reads in
greyscale and for readers who do not see the colours apart. Every colour here has at least 4.5:1
contrast against the white page (``lika/core/tests/test_charts.py`` computes it).

Charts are Vega-Lite specifications (built with Altair or by hand) drawn as SVG on the server by
vl-convert: no JavaScript reaches the browser.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

import altair as alt
import vl_convert
from django.utils.translation import get_language

__all__ = [
    "ALL_STYLE",
    "FONT",
    "GRID_COLOUR",
    "INK",
    "SERIES_STYLES",
    "SEX_STYLES",
    "WHITE",
    "SeriesStyle",
    "spec_svg",
    "styled_spec",
]

FONT = "Noto Sans"
INK = "#1b2430"  # text, axes and the series of everyone
WHITE = "#ffffff"  # the page behind every chart
GRID_COLOUR = "#dfe5e6"  # light on purpose: the grid guides the eye, it is not read


@dataclass(frozen=True)
class SeriesStyle:
    """How one series is drawn: its colour, its line dash (Vega's ``strokeDash``) and its point shape."""

    colour: str
    dash: tuple[int, ...]
    shape: str

    @property
    def dash_list(self) -> list[int]:
        """The dash as Vega-Lite takes it."""
        return list(self.dash)


# The codes are the registry's (people.Sex) and the fact tables'. Orange for women and blue for men,
# apart for the common kinds of colour blindness; solid/circle, dashed/square, dotted/triangle apart
# without any colour.
SEX_STYLES: Mapping[str, SeriesStyle] = {
    "female": SeriesStyle("#b5480e", (1, 0), "circle"),
    "male": SeriesStyle("#1f5fa8", (7, 4), "square"),
    "unknown": SeriesStyle("#4a5563", (2, 3), "triangle-up"),
}
# A series of everyone, where a figure is not split by sex.
ALL_STYLE = SeriesStyle(INK, (1, 0), "diamond")

# Series that are not sexes (channels, languages ...), in the order they are handed out; each with its
# own dash and point shape as well as its colour.
SERIES_STYLES: tuple[SeriesStyle, ...] = (
    SeriesStyle("#1f5fa8", (1, 0), "circle"),
    SeriesStyle("#b5480e", (7, 4), "square"),
    SeriesStyle("#1b7a4a", (2, 3), "triangle-up"),
    SeriesStyle("#8a3f8f", (8, 3, 2, 3), "diamond"),
    SeriesStyle("#a3123a", (4, 2), "cross"),
    SeriesStyle("#00707a", (1, 0), "triangle-down"),
    SeriesStyle("#6b5a00", (7, 4), "triangle-right"),
    SeriesStyle("#4a5563", (2, 3), "triangle-left"),
)


def styled_spec(chart: alt.Chart | alt.LayerChart | alt.FacetChart) -> dict[str, object]:
    """The Vega-Lite specification of ``chart`` in Lika's font, ink and grid, with readable label sizes."""
    chart = chart.configure(font=FONT, aria=False)
    chart = chart.configure_axis(
        labelFontSize=12, titleFontSize=13, labelColor=INK, titleColor=INK, gridColor=GRID_COLOUR
    )
    chart = chart.configure_legend(labelFontSize=13, titleFontSize=13, labelColor=INK, titleColor=INK, labelLimit=0)
    chart = chart.configure_header(labelFontSize=13, titleFontSize=14, labelColor=INK, titleColor=INK)
    spec: dict[str, object] = chart.to_dict()
    return spec


FormatLocale = Literal["sv-SE", "en-GB"]
FORMAT_LOCALES: dict[str, FormatLocale] = {"sv": "sv-SE", "en": "en-GB"}

_SVG_OPEN = re.compile(r"<svg\b")
# Vega marks its groups and titles with ARIA roles of their own; the chart is one image with a text
# description beside it, so those inner roles and labels go.
_INNER_ARIA = re.compile(r'\s(?:role|aria-[a-z]+)="[^"]*"')


def spec_svg(spec: Mapping[str, object], *, labelled_by: str) -> str:
    """A Vega-Lite specification drawn as an SVG element: one image named by the element with id ``labelled_by``.

    Numbers and dates are formatted for the active language.
    """
    language = (get_language() or "sv").split("-")[0]
    locale = FORMAT_LOCALES.get(language, "en-GB")
    svg = vl_convert.vegalite_to_svg(dict(spec), format_locale=locale, time_format_locale=locale)
    svg = _INNER_ARIA.sub("", svg)
    # A chart keeps its left-to-right layout on right-to-left pages: time runs left to right and each legend
    # label stays beside its symbol (inherited ``direction: rtl`` would anchor the texts from their ends).
    return _SVG_OPEN.sub(
        f'<svg role="img" focusable="false" direction="ltr" style="direction: ltr" aria-labelledby="{labelled_by}"',
        svg,
        count=1,
    )
