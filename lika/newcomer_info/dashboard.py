"""The communicators' dashboard: visits through Om Sverige's channels over time, summed in SQL.

A report answers one :class:`VisitQuery`: a period, a grouping of days (day, week, month), what the
visits are broken down by (channel kind, channel, landing page or language) and optional filters.
The database sums ``ChannelVisitDay`` rows by period and breakdown in one query; the rest happens
in Python on those sums, so the number of queries does not grow with the number of days or channels.

The counts are visits, not persons: one person can come many times, and no row says anything about
a visitor, so the figures are neither split by sex nor protected against small cells.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field

import altair as alt
from django.conf import settings
from django.db import models
from django.db.models.functions import TruncDay, TruncMonth, TruncWeek
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lika.core.charts import SERIES_STYLES, styled_spec
from lika.core.formats import number_text, percent_text
from lika.newcomer_info.models import Channel, ChannelKind, ChannelVisitDay

DEFAULT_WEEKS = 12
# More series than this and the smallest are added up as "Other", in the chart and the table alike.
MAX_SERIES = 8
# A chart and table of more periods than this are unreadable; a longer period is grouped by week or month.
MAX_PERIODS = 400
OTHER = "__other__"


class Grouping(models.TextChoices):
    DAY = "day", gettext_lazy("Day")
    WEEK = "week", gettext_lazy("Week")
    MONTH = "month", gettext_lazy("Month")


class Breakdown(models.TextChoices):
    KIND = "kind", gettext_lazy("Kind of channel")
    CHANNEL = "channel", gettext_lazy("Channel")
    LANDING_PAGE = "landing_page", gettext_lazy("Landing page")
    LANGUAGE = "language", gettext_lazy("Language")


_TRUNCATE = {Grouping.DAY: TruncDay, Grouping.WEEK: TruncWeek, Grouping.MONTH: TruncMonth}
_BREAKDOWN_COLUMN = {
    Breakdown.KIND: "channel__kind",
    Breakdown.CHANNEL: "channel_id",
    Breakdown.LANDING_PAGE: "landing_page",
    Breakdown.LANGUAGE: "language",
}


@dataclass(frozen=True)
class VisitQuery:
    """What the communicator chose; the report sums exactly this."""

    start: datetime.date
    end: datetime.date
    grouping: Grouping = Grouping.WEEK
    breakdown: Breakdown = Breakdown.CHANNEL
    kind: str = ""  # a ChannelKind value, or "" for every kind
    channel_id: int | None = None
    landing_page: str = ""
    language: str = ""


def default_period(today: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The last twelve weeks: from the Monday eleven weeks before this week's Monday, to today.

    >>> default_period(datetime.date(2026, 3, 25))
    (datetime.date(2026, 1, 5), datetime.date(2026, 3, 25))
    """
    monday = today - datetime.timedelta(days=today.weekday())
    return monday - datetime.timedelta(weeks=DEFAULT_WEEKS - 1), today


def period_start(day: datetime.date, grouping: Grouping) -> datetime.date:
    """The first day of the period ``day`` falls in (weeks begin on Monday).

    >>> period_start(datetime.date(2026, 3, 25), Grouping.WEEK)
    datetime.date(2026, 3, 23)
    >>> period_start(datetime.date(2026, 3, 25), Grouping.MONTH)
    datetime.date(2026, 3, 1)
    """
    if grouping == Grouping.WEEK:
        return day - datetime.timedelta(days=day.weekday())
    if grouping == Grouping.MONTH:
        return day.replace(day=1)
    return day


def period_starts(start: datetime.date, end: datetime.date, grouping: Grouping) -> list[datetime.date]:
    """Every period from the one ``start`` falls in to the one ``end`` falls in, by its first day.

    >>> period_starts(datetime.date(2025, 12, 20), datetime.date(2026, 2, 1), Grouping.MONTH)
    [datetime.date(2025, 12, 1), datetime.date(2026, 1, 1), datetime.date(2026, 2, 1)]
    """
    periods = []
    current = period_start(start, grouping)
    while current <= end:
        periods.append(current)
        if grouping == Grouping.MONTH:
            current = (current.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
        else:
            current += datetime.timedelta(days=7 if grouping == Grouping.WEEK else 1)
    return periods


def period_count(start: datetime.date, end: datetime.date, grouping: Grouping) -> int:
    """How many periods a report from ``start`` to ``end`` has, without listing them."""
    if end < start:
        return 0
    if grouping == Grouping.MONTH:
        return (end.year - start.year) * 12 + end.month - start.month + 1
    if grouping == Grouping.WEEK:
        return (period_start(end, grouping) - period_start(start, grouping)).days // 7 + 1
    return (end - start).days + 1


def period_label(start: datetime.date, grouping: Grouping) -> str:
    """How a period is named in the table: ``2026-03-23``, ``week 13, 2026`` or ``March 2026``."""
    if grouping == Grouping.WEEK:
        year, week, _weekday = start.isocalendar()
        return _("week %(week)s, %(year)s") % {"week": week, "year": year}
    if grouping == Grouping.MONTH:
        return formats.date_format(start, "F Y").capitalize()
    return start.isoformat()


@dataclass(frozen=True)
class Series:
    """One line of the chart and one column of the table."""

    code: str
    label: str


@dataclass(frozen=True)
class VisitReport:
    """The visits of a query, summed by period and series, with the totals the page and file show."""

    query: VisitQuery
    periods: tuple[datetime.date, ...]
    series: tuple[Series, ...]
    counts: dict[tuple[str, datetime.date], int] = field(repr=False)
    other_count: int  # how many series were added up as "Other"

    def count(self, series: str, period: datetime.date) -> int:
        return self.counts.get((series, period), 0)

    def series_total(self, series: str) -> int:
        return sum(self.count(series, period) for period in self.periods)

    def period_total(self, period: datetime.date) -> int:
        return sum(self.count(s.code, period) for s in self.series)

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def rows(self) -> list[tuple[datetime.date, str, list[int], int]]:
        """Each period's first day, name, count for each series and total: the table's lines."""
        return [
            (
                period,
                period_label(period, self.query.grouping),
                [self.count(s.code, period) for s in self.series],
                self.period_total(period),
            )
            for period in self.periods
        ]


def language_labels() -> dict[str, str]:
    """Each language Lika serves, by code, with its name in the reader's language."""
    return {code: _(str(name)) for code, name in settings.LANGUAGES}


def _series_labels(breakdown: Breakdown, codes: set[str], channels: Sequence[Channel]) -> dict[str, str]:
    if breakdown == Breakdown.KIND:
        kinds = dict(ChannelKind.choices)
        return {code: str(kinds.get(code, code)) for code in codes}
    if breakdown == Breakdown.CHANNEL:
        names = {str(c.pk): f"{c.name} ({c.code})" for c in channels}
        return {code: names.get(code, code) for code in codes}
    if breakdown == Breakdown.LANGUAGE:
        languages = language_labels()
        return {code: languages.get(code, code) for code in codes}
    return {code: code for code in codes}


def visit_sums(query: VisitQuery) -> list[tuple[datetime.date, str, int]]:
    """The visits of ``query`` summed in SQL by period and breakdown: ``(period start, series code, visits)``."""
    rows = ChannelVisitDay.objects.filter(day__gte=query.start, day__lte=query.end)
    if query.kind:
        rows = rows.filter(channel__kind=query.kind)
    if query.channel_id is not None:
        rows = rows.filter(channel_id=query.channel_id)
    if query.landing_page:
        rows = rows.filter(landing_page=query.landing_page)
    if query.language:
        rows = rows.filter(language=query.language)
    truncate = _TRUNCATE[query.grouping]
    column = _BREAKDOWN_COLUMN[query.breakdown]
    sums = (
        rows.annotate(period=truncate("day", output_field=models.DateField()))
        .values("period", column)
        .annotate(visits=models.Sum("visits"))
        .order_by("period", column)
        .values_list("period", column, "visits")
    )
    return [(_as_date(period), str(code), int(visits)) for period, code, visits in sums]


def _as_date(value: datetime.date | datetime.datetime) -> datetime.date:
    return value.date() if isinstance(value, datetime.datetime) else value


def visit_report(query: VisitQuery, channels: Sequence[Channel]) -> VisitReport:
    """The report of ``query``: one SQL query; ``channels`` name the channels (the page has them already)."""
    counts: dict[tuple[str, datetime.date], int] = {}
    for period, code, visits in visit_sums(query):
        counts[(code, period)] = counts.get((code, period), 0) + visits
    totals: dict[str, int] = {}
    for (code, _period), visits in counts.items():
        totals[code] = totals.get(code, 0) + visits
    labels = _series_labels(query.breakdown, set(totals), channels)
    ranked = sorted(totals, key=lambda code: (-totals[code], labels[code]))
    other_count = 0
    if len(ranked) > MAX_SERIES:
        kept, rest = ranked[: MAX_SERIES - 1], set(ranked[MAX_SERIES - 1 :])
        other_count = len(rest)
        merged: dict[tuple[str, datetime.date], int] = {}
        for (code, period), visits in counts.items():
            key = (OTHER if code in rest else code, period)
            merged[key] = merged.get(key, 0) + visits
        counts = merged
        series = [Series(code, labels[code]) for code in kept]
        series.append(Series(OTHER, _("Other (%(count)s)") % {"count": other_count}))
    else:
        series = [Series(code, labels[code]) for code in ranked]
    return VisitReport(
        query=query,
        periods=tuple(period_starts(query.start, query.end, query.grouping)),
        series=tuple(series),
        counts=counts,
        other_count=other_count,
    )


def report_caption(report: VisitReport) -> str:
    """The table's caption: what is counted, by what, per which period."""
    return _("Visits by %(breakdown)s, per %(grouping)s") % {
        "breakdown": str(Breakdown(report.query.breakdown).label).lower(),
        "grouping": str(Grouping(report.query.grouping).label).lower(),
    }


# --- The text description --------------------------------------------------------------------------------------------


def _busiest_text(grouping: Grouping, label: str, visits: int) -> str:
    values = {"period": label, "visits": number_text(visits)}
    if grouping == Grouping.DAY:
        return _("The day with the most visits was %(period)s, with %(visits)s.") % values
    if grouping == Grouping.MONTH:
        return _("The month with the most visits was %(period)s, with %(visits)s.") % values
    return _("The week with the most visits was %(period)s, with %(visits)s.") % values


def report_description(report: VisitReport) -> str:
    """The chart in words, written from the same numbers: the total, the largest series, the busiest period."""
    query = report.query
    sentences = [
        _("From %(start)s to %(end)s there were %(total)s visits.")
        % {"start": query.start.isoformat(), "end": query.end.isoformat(), "total": number_text(report.total)}
    ]
    if report.total == 0:
        return sentences[0]
    largest = max(report.series, key=lambda s: report.series_total(s.code))
    largest_total = report.series_total(largest.code)
    sentences.append(
        _("The most came through %(series)s: %(visits)s, or %(share)s of all.")
        % {
            "series": largest.label,
            "visits": number_text(largest_total),
            "share": percent_text(largest_total / report.total),
        }
        if query.breakdown in {Breakdown.KIND, Breakdown.CHANNEL}
        else _("The largest group was %(series)s: %(visits)s, or %(share)s of all.")
        % {
            "series": largest.label,
            "visits": number_text(largest_total),
            "share": percent_text(largest_total / report.total),
        }
    )
    busiest = max(report.periods, key=report.period_total)
    sentences.append(_busiest_text(query.grouping, period_label(busiest, query.grouping), report.period_total(busiest)))
    if len(report.series) > 1:
        sentences.append(
            _("The chart has one line for each of: %(series)s.") % {"series": ", ".join(s.label for s in report.series)}
        )
    return " ".join(sentences)


# --- The chart -------------------------------------------------------------------------------------------------------


def chart_spec(report: VisitReport) -> dict[str, object]:
    """The Vega-Lite specification of the report's lines: visits over time, one line for each series."""
    grouping = report.query.grouping
    labels = [s.label for s in report.series]
    styles = [SERIES_STYLES[index % len(SERIES_STYLES)] for index in range(len(report.series))]
    rows = [
        {"period": period.isoformat(), "series": s.label, "visits": report.count(s.code, period)}
        for s in report.series
        for period in report.periods
    ]
    date_format = {Grouping.DAY: "%-d %b", Grouping.WEEK: "%-d %b", Grouping.MONTH: "%b %Y"}[grouping]
    x_title = {Grouping.DAY: _("Day"), Grouping.WEEK: _("Week beginning"), Grouping.MONTH: _("Month")}[grouping]
    x = alt.X(
        "period:T",
        title=x_title,
        scale=alt.Scale(type="utc"),
        axis=alt.Axis(format=date_format, formatType="time", labelAngle=0, labelOverlap=True),
    )
    y = alt.Y("visits:Q", title=_("Visits"), scale=alt.Scale(zero=True), axis=alt.Axis(format=",.0f", tickMinStep=1))
    legend = alt.Legend(title=str(Breakdown(report.query.breakdown).label), orient="bottom", columns=2, labelLimit=0)
    colour = alt.Color("series:N", scale=alt.Scale(domain=labels, range=[s.colour for s in styles]), legend=legend)
    dash = alt.StrokeDash("series:N", scale=alt.Scale(domain=labels, range=[s.dash_list for s in styles]), legend=None)
    shape = alt.Shape("series:N", scale=alt.Scale(domain=labels, range=[s.shape for s in styles]), legend=legend)
    base = alt.Chart(alt.InlineData(values=rows))
    lines = base.mark_line(strokeWidth=2.5).encode(x=x, y=y, color=colour, strokeDash=dash)
    # Many days make many points; the line alone then carries the shape of the series.
    point_size = 60 if len(report.periods) <= 31 else 20
    points = base.mark_point(size=point_size, filled=True, opacity=1).encode(x=x, y=y, color=colour, shape=shape)
    chart = alt.layer(lines, points).properties(width=560, height=300)
    return styled_spec(chart)


# --- The file --------------------------------------------------------------------------------------------------------


def report_lines(
    report: VisitReport, *, filters: Sequence[tuple[str, str]], today: datetime.date
) -> list[list[object]]:
    """The report as the lines of a file: what it counts and for which choices, then the table."""
    query = report.query
    lines: list[list[object]] = [
        [_("Visits to Om Sverige through its channels")],
        [_("Counted"), _("Visits, not persons: one person can visit many times. No visitor is recorded.")],
        [_("From"), query.start.isoformat()],
        [_("To"), query.end.isoformat()],
        [_("Grouped by"), str(Grouping(query.grouping).label)],
        [_("Broken down by"), str(Breakdown(query.breakdown).label)],
    ]
    lines += [[label, value] for label, value in filters]
    lines += [
        [_("Exported"), today.isoformat()],
        [],
        [_("Period begins"), _("Period"), *(s.label for s in report.series), _("Total")],
    ]
    for period, label, counts, total in report.rows():
        lines.append([period.isoformat(), label, *counts, total])
    lines.append(["", _("Total"), *(report.series_total(s.code) for s in report.series), report.total])
    return lines
