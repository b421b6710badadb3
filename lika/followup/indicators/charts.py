"""The dashboard's chart: Altair builds a Vega-Lite specification, vl-convert draws it as SVG on the server.

No JavaScript reaches the browser. Women and men differ in colour, line dash and point shape (or,
for bars, a filled against an outlined bar), so the chart reads in greyscale and for colour-blind
readers. Only published figures are drawn: a masked figure is a gap in its line, or ``..`` where its
bar would stand, never a zero. The page gives the chart a text description and the table beside it.
"""

from __future__ import annotations

from dataclasses import dataclass

import altair as alt
from django.utils.translation import gettext as _

from lika.core.charts import ALL_STYLE, INK, SEX_STYLES, WHITE, SeriesStyle, spec_svg, styled_spec
from lika.followup.indicators.catalogue import DIMENSIONS, TIME, UNIT_LABELS, Kind
from lika.followup.indicators.labels import SEX_ORDER, value_label, value_order
from lika.followup.indicators.results import Figure, IndicatorResult
from lika.statistics.disclosure import TOTAL

STYLES: dict[str, SeriesStyle] = {**SEX_STYLES, TOTAL: ALL_STYLE}
MAX_PANELS = 12  # more categories than this and the chart shows the whole only; the table has every group


@dataclass(frozen=True)
class Point:
    panel: str
    series: str  # the sex code, or TOTAL where the indicator has no sex split
    year: int
    value: float | None  # None: masked, or a share of nobody
    masked: bool


def _value(result: IndicatorResult, figure: Figure) -> float | None:
    indicator = result.indicator
    if figure.masked is not None:
        return None
    if indicator.kind == Kind.RATE:
        return None if figure.share is None else round(100 * figure.share, 1)
    headline = figure.amount if indicator.amount is not None else figure.population
    if headline is None:
        return None
    return headline / 100 if indicator.kind == Kind.SPLIT else float(headline)


def chart_panel_dimension(result: IndicatorResult) -> str | None:
    """The breakdown drawn as small charts side by side: the first chosen one, if it has few enough values."""
    others = [d for d in result.breakdown if d not in {TIME, result.indicator.sex}]
    if not others:
        return None
    at = result.breakdown.index(others[0])
    values = {key[at] for key in result.figures} - {TOTAL}
    return others[0] if 1 < len(values) <= MAX_PANELS else None


def chart_points(result: IndicatorResult) -> list[Point]:
    """The published figures the chart draws: every year by sex, the other breakdowns added up."""
    indicator, columns = result.indicator, result.breakdown
    panel_dim = chart_panel_dimension(result)
    points = []
    for key, figure in result.figures.items():
        values = dict(zip(columns, key, strict=True))
        if values[TIME] == TOTAL:
            continue
        if any(values[d] != TOTAL for d in columns if d not in {TIME, indicator.sex, panel_dim}):
            continue
        if panel_dim is not None and values[panel_dim] == TOTAL:
            continue
        series = values[indicator.sex] if indicator.sex is not None else TOTAL
        if indicator.sex is not None and series == TOTAL:
            continue
        points.append(
            Point(
                panel=values[panel_dim] if panel_dim else TOTAL,
                series=series,
                year=int(values[TIME]),
                value=_value(result, figure),
                masked=figure.masked is not None,
            )
        )
    shown = {p.series for p in points if p.value is not None}
    points = [p for p in points if p.series in shown or p.series in {"female", "male"}]
    return sorted(points, key=lambda p: (value_order(panel_dim or "", p.panel), SEX_ORDER.index(p.series), p.year))


def _segments(points: list[Point]) -> dict[tuple[str, str, int], str]:
    """A segment name for each drawn point: a line runs through consecutive years only, so a gap stays a gap."""
    names: dict[tuple[str, str, int], str] = {}
    runs: dict[tuple[str, str], int] = {}
    for point in points:
        line = (point.panel, point.series)
        if point.value is None:
            runs[line] = runs.get(line, 0) + 1
            continue
        names[(point.panel, point.series, point.year)] = f"{point.panel}|{point.series}|{runs.get(line, 0)}"
    return names


def chart_spec(result: IndicatorResult) -> dict[str, object]:
    """The Vega-Lite specification of the chart for ``result`` (rates and counts as lines, splits as bars)."""
    indicator = result.indicator
    points = chart_points(result)
    panel_dim = chart_panel_dimension(result)
    segments = _segments(points)
    series_codes = [s for s in SEX_ORDER if any(p.series == s for p in points)]
    series_labels = [value_label("sex", s) for s in series_codes]
    sex_title = str(DIMENSIONS[indicator.sex].label) if indicator.sex else _("All")
    rows = [
        {
            "year": str(p.year),
            "series": value_label("sex", p.series),
            "panel": value_label(panel_dim or "", p.panel),
            "value": p.value,
            "masked": p.masked,
            "segment": segments.get((p.panel, p.series, p.year), ""),
        }
        for p in points
    ]
    if indicator.kind == Kind.RATE:
        y_title = _("Share of the group, %")
    elif indicator.kind == Kind.SPLIT:
        y_title = _("Kronor")
    else:
        y_title = _("Number of %(unit)s") % {"unit": UNIT_LABELS[indicator.unit]}
    years = [str(y) for y in result.years]
    colours = [STYLES[s].colour for s in series_codes]
    x = alt.X("year:O", title=_("Year"), scale=alt.Scale(domain=years), axis=alt.Axis(labelAngle=0))
    y_scale = alt.Scale(domain=[0, 100]) if indicator.kind == Kind.RATE else alt.Scale(zero=True)
    y = alt.Y("value:Q", title=y_title, scale=y_scale, axis=alt.Axis(format=",.0f", tickCount=5))
    # Outlined bars need their outline in the legend; filled points are clearer without one.
    outline = 2.5 if indicator.kind == Kind.SPLIT else 0
    legend = alt.Legend(title=sex_title, orient="bottom", symbolSize=120, symbolStrokeWidth=outline)
    colour = alt.Color("series:N", scale=alt.Scale(domain=series_labels, range=colours), legend=legend)
    base = alt.Chart(alt.InlineData(values=rows))
    drawn = base.transform_filter("datum.value !== null")
    if indicator.kind == Kind.SPLIT:
        fills = [STYLES[s].colour if s != "male" else WHITE for s in series_codes]
        bars = drawn.mark_bar(strokeWidth=2.5).encode(
            x=x,
            xOffset=alt.XOffset("series:N", scale=alt.Scale(domain=series_labels)),
            y=y,
            fill=alt.Fill("series:N", scale=alt.Scale(domain=series_labels, range=fills), legend=legend),
            stroke=colour,
        )
        hidden = (
            base.transform_filter("datum.masked")
            .mark_text(text="..", dy=-8, fontSize=16, fontWeight="bold", color=INK)
            .encode(x=x, xOffset=alt.XOffset("series:N", scale=alt.Scale(domain=series_labels)), y=alt.datum(0))
        )
        layers = alt.layer(bars, hidden)
    else:
        dash = alt.StrokeDash(
            "series:N",
            scale=alt.Scale(domain=series_labels, range=[STYLES[s].dash_list for s in series_codes]),
            legend=None,
        )
        shape = alt.Shape(
            "series:N",
            scale=alt.Scale(domain=series_labels, range=[STYLES[s].shape for s in series_codes]),
            legend=legend,
        )
        lines = drawn.mark_line(strokeWidth=2.5).encode(x=x, y=y, color=colour, strokeDash=dash, detail="segment:N")
        marks = drawn.mark_point(size=70, filled=True, opacity=1).encode(x=x, y=y, color=colour, shape=shape)
        layers = alt.layer(lines, marks)
    width = 220 if panel_dim else 520
    chart: alt.LayerChart | alt.FacetChart = layers.properties(width=width, height=240 if panel_dim else 300)
    if panel_dim is not None:
        panel_order = sorted({p.panel for p in points}, key=lambda v: value_order(panel_dim, v))
        chart = chart.facet(
            facet=alt.Facet(
                "panel:N",
                title=str(DIMENSIONS[panel_dim].label),
                sort=[value_label(panel_dim, v) for v in panel_order],
            ),
            columns=3,
        )
    return styled_spec(chart)


def chart_svg(result: IndicatorResult, *, labelled_by: str) -> str:
    """The chart as an SVG element, marked as one image named by the element with id ``labelled_by``."""
    return spec_svg(chart_spec(result), labelled_by=labelled_by)
