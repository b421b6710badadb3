"""Charts of a survey's results as SVG, drawn on the server (Altair and vl-convert; no JavaScript in the page).

Women and men are told apart by shape and line as well as by colour: women are filled circles on
solid interval lines, men open squares on dashed lines, so the chart reads in greyscale and for
people who do not see the colours apart. Every chart comes with a text alternative that states each
figure it shows.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from lika.core.charts import SEX_STYLES, WHITE

__all__ = ["ChartPoint", "share_chart_svg"]

# Lika's one style for women and men (lika/core/charts.py), as on the follow-up dashboard.
WOMEN = SEX_STYLES["female"]
MEN = SEX_STYLES["male"]


@dataclass(frozen=True)
class ChartPoint:
    """One share with its interval: a scope (a channel, or all) and a group (women or men)."""

    scope: str
    group: str
    estimate: float
    low: float
    high: float


def _spec(
    points: Sequence[ChartPoint], *, groups: tuple[str, str], axis_title: str, locale: dict[str, Any]
) -> dict[str, Any]:
    scopes = list(dict.fromkeys(point.scope for point in points))
    legend = {"title": None, "orient": "bottom", "labelFontSize": 12, "symbolStrokeWidth": 2}
    values = [
        {"scope": p.scope, "group": p.group, "estimate": p.estimate, "low": p.low, "high": p.high} for p in points
    ]
    colour = {
        "field": "group",
        "type": "nominal",
        "scale": {"domain": list(groups), "range": [WOMEN.colour, MEN.colour]},
        "legend": legend,
    }
    y = {
        "field": "scope",
        "type": "nominal",
        "sort": scopes,
        "title": None,
        "axis": {"labelFontSize": 12, "labelLimit": 220},
    }
    y_offset = {"field": "group", "type": "nominal", "sort": list(groups), "scale": {"paddingOuter": 0.4}}
    x = {
        "field": "estimate",
        "type": "quantitative",
        "scale": {"domain": [0, 1]},
        "axis": {"format": "%", "title": axis_title, "titleFontSize": 12, "labelFontSize": 11, "tickCount": 5},
    }
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "width": 440,
        "height": {"step": 22},
        "config": {"font": "Noto Sans, DejaVu Sans, sans-serif", "view": {"stroke": None}},
        "data": {"values": values},
        "layer": [
            {
                "mark": {"type": "rule", "strokeWidth": 2},
                "encoding": {
                    "y": y,
                    "yOffset": y_offset,
                    "x": {"field": "low", "type": "quantitative", "scale": {"domain": [0, 1]}},
                    "x2": {"field": "high"},
                    "color": colour,
                    "strokeDash": {
                        "field": "group",
                        "type": "nominal",
                        "scale": {"domain": list(groups), "range": [WOMEN.dash_list, MEN.dash_list]},
                        "legend": legend,
                    },
                },
            },
            {
                "mark": {"type": "point", "size": 90, "strokeWidth": 2, "opacity": 1},
                "encoding": {
                    "y": y,
                    "yOffset": y_offset,
                    "x": x,
                    "color": colour,
                    "shape": {
                        "field": "group",
                        "type": "nominal",
                        "scale": {"domain": list(groups), "range": [WOMEN.shape, MEN.shape]},
                        "legend": legend,
                    },
                    "fill": {
                        "field": "group",
                        "type": "nominal",
                        "scale": {"domain": list(groups), "range": [WOMEN.colour, WHITE]},
                        "legend": legend,
                    },
                },
            },
        ],
    }


@functools.lru_cache(maxsize=512)
def _svg(spec_json: str, locale_json: str) -> str:
    import vl_convert

    locale = json.loads(locale_json)
    return str(vl_convert.vegalite_to_svg(json.loads(spec_json), format_locale=locale or None))


def share_chart_svg(
    points: Sequence[ChartPoint], *, groups: tuple[str, str], axis_title: str, decimal: str = "."
) -> str:
    """An SVG dot-and-interval chart of the shares; ``groups`` names women then men as labelled.

    The same points give the same SVG, drawn once per process.
    """
    locale: dict[str, Any] = {}
    if decimal != ".":
        locale = {
            "decimal": decimal,
            "thousands": "\u00a0",
            "grouping": [3],
            "currency": ["", " kr"],
            "percent": "\u202f%",
        }
    spec = _spec(points, groups=groups, axis_title=axis_title, locale=locale)
    return _svg(json.dumps(spec, sort_keys=True), json.dumps(locale, sort_keys=True))
