"""The follow-up's figures as the yearly report prints them: protected, split by sex, with progress to the target.

Every number here comes from the follow-up's published results (:func:`published_run`), after its
disclosure control: the report never counts persons itself. A figure the follow-up hides is printed
as the follow-up prints it (``..``) with the same note.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from lika.core.disclosure import disclosure_rules
from lika.core.formats import number_text
from lika.documents.layouts import Table as LayoutTable
from lika.followup.indicators.catalogue import BY_CODE, TIME, UNIT_LABELS, Indicator, Kind
from lika.followup.indicators.charts import chart_svg
from lika.followup.indicators.dashboard import published_run
from lika.followup.indicators.engines import Engine, FactsMissingError, engine_default
from lika.followup.indicators.results import FEMALE, MALE, Figure, IndicatorResult
from lika.followup.indicators.tables import Table, dashboard_layout
from lika.statistics.disclosure import REASON_TEXT, TOTAL, Reason
from lika.statistics.disclosure.symbols import Symbol

YEARS_SHOWN = 3  # the report's year and the two before it
SEXES = ((FEMALE, "Women"), (MALE, "Men"), (TOTAL, "All"))


def indicator_known(code: str) -> bool:
    return code in BY_CODE


def indicator_choices() -> list[tuple[str, str]]:
    """The follow-up's indicators as choices: code and title in the active language."""
    return [(code, f"{indicator.title} ({code})") for code, indicator in BY_CODE.items()]


def indicator_title(code: str) -> str:
    indicator = BY_CODE.get(code)
    return str(indicator.title) if indicator else code


@dataclass(frozen=True)
class Progress:
    baseline: Decimal | None
    baseline_year: int | None
    target: Decimal | None
    target_year: int | None
    direction: str


def _headline_value(indicator: Indicator, figure: Figure | None) -> float | None:
    """The one number a reader follows: the share for a rate, a sex's part for a split, the count otherwise."""
    if figure is None or figure.masked is not None:
        return None
    if indicator.kind == Kind.RATE:
        return None if figure.share is None else 100 * figure.share
    if indicator.kind == Kind.SPLIT:
        return None if figure.split is None else 100 * figure.split
    return float((figure.amount if indicator.amount else figure.population) or 0)


class _Notes:
    """Numbers the reasons for the headline's hidden cells in the order they first appear."""

    def __init__(self) -> None:
        self.reasons: list[Reason] = []

    def mark(self, reason: Reason) -> str:
        if reason not in self.reasons:
            self.reasons.append(reason)
        return f"{Symbol.MASKED} ({self.reasons.index(reason) + 1})"

    def texts(self) -> list[str]:
        return [f"({number}) {_(REASON_TEXT[reason])}" for number, reason in enumerate(self.reasons, start=1)]


def _headline_text(indicator: Indicator, figure: Figure | None, notes: _Notes) -> str:
    if figure is None:
        return str(Symbol.NOTHING)
    if figure.masked is not None:
        return notes.mark(figure.masked.reason)
    value = _headline_value(indicator, figure)
    if value is None:
        return str(Symbol.NOT_APPLICABLE)
    if indicator.kind == Kind.COUNT:
        return number_text(round(value))
    return f"{number_text(round(value, 1), 1)} %"


def _figure(result: IndicatorResult, year: int, sex: str) -> Figure | None:
    indicator = result.indicator
    values: dict[str, object] = {TIME: year}
    if indicator.sex is not None:
        values[indicator.sex] = sex
    try:
        return result.figure(**values)
    except KeyError:
        return None


def _sexes(indicator: Indicator) -> list[tuple[str, str]]:
    labels = {"Women": _("Women"), "Men": _("Men"), "All": _("All")}
    if indicator.sex is None:
        return [(TOTAL, labels["All"])]
    if indicator.kind == Kind.SPLIT:
        return [(FEMALE, labels["Women"]), (MALE, labels["Men"])]
    return [(code, labels[label]) for code, label in SEXES]


def _measure_label(indicator: Indicator) -> str:
    if indicator.kind == Kind.RATE:
        return _("Share, per cent")
    if indicator.kind == Kind.SPLIT:
        return _("Part of the total, per cent")
    return _("Number of %(unit)s") % {"unit": UNIT_LABELS[indicator.unit]}


def _layout_table(table: Table, caption: str) -> LayoutTable:
    """The published table's first measure (the share, or the number) by year; its counts stay in the follow-up,
    so that the table fits a page beside the others."""
    group = table.groups[0]
    columns = [*table.row_labels, *(str(year) for year in table.years)]
    rows = [
        list(row.headers) + [f"{cell.text}{_note_mark(cell.note)}" for cell in row.cells[: len(table.years)]]
        for row in table.rows
    ]
    return {"caption": f"{caption} ({group.label})", "columns": columns, "rows": rows}


def _note_mark(note: int | None) -> str:
    return "" if note is None else f" ({note})"


def _progress_text(indicator: Indicator, progress: Progress, latest: float | None, year: int) -> str:
    if progress.target is None:
        return ""
    target = float(progress.target)
    unit = "" if indicator.kind == Kind.COUNT else " %"
    parts = []
    if progress.baseline is not None:
        parts.append(
            _("Baseline %(year)s: %(value)s.")
            % {"year": progress.baseline_year, "value": number_text(float(progress.baseline), 1) + unit}
        )
    parts.append(
        _("Target %(year)s: %(value)s.") % {"year": progress.target_year, "value": number_text(target, 1) + unit}
    )
    if latest is None:
        parts.append(_("The figure for %(year)s cannot be shown, so progress cannot be judged.") % {"year": year})
    else:
        reached = latest >= target if progress.direction == "up" else latest <= target
        parts.append(
            (
                _("%(year)s: %(value)s, the target is reached.")
                if reached
                else _("%(year)s: %(value)s, the target is not yet reached.")
            )
            % {"year": year, "value": number_text(round(latest, 1), 1) + unit}
        )
    return " ".join(parts)


def _has_figure(row: list[str]) -> bool:
    return any(cell not in {Symbol.NOTHING, Symbol.NOT_APPLICABLE} for cell in row[1:])


def _alt_text(indicator: Indicator, rows: list[list[str]], years: Sequence[int]) -> str:
    """The chart in words: each series' figure for each year, as the headline table has them."""
    series = "; ".join(
        f"{row[0]}: " + ", ".join(f"{year} {value}" for year, value in zip(years, row[1:], strict=True)) for row in rows
    )
    return _("%(title)s by year. %(series)s.") % {"title": indicator.title, "series": series}


def indicator_block(
    code: str, *, year: int, progress: Progress, engine: Engine | None = None, chart_id: str | None = "chart"
) -> dict[str, Any]:
    """One indicator as the report prints it, in the active language; JSON-serialisable, so it can be frozen.

    ``missing`` is set when the follow-up's facts are not built; the block then holds no figures. The chart is
    labelled by the element with id ``chart_id``; with None no chart is drawn.
    """
    indicator = BY_CODE[code]
    engine = engine or engine_default()
    rules = disclosure_rules()
    years = list(range(year - YEARS_SHOWN + 1, year + 1))
    block: dict[str, Any] = {
        "code": code,
        "title": str(indicator.title),
        "question": str(indicator.question),
        "source": str(indicator.source),
        "missing": False,
    }
    try:
        headline = published_run(indicator, engine=engine, rules=rules, breakdown=(), years=years)
        detail = (
            published_run(indicator, engine=engine, rules=rules, breakdown=indicator.default_breakdown, years=years)
            if indicator.default_breakdown
            else headline
        )
    except FactsMissingError:
        block["missing"] = True
        block["progress"] = ""
        return block
    shown_years = [y for y in years if y in headline.years]
    notes = _Notes()
    rows = [
        [label, *(_headline_text(indicator, _figure(headline, y, sex), notes) for y in shown_years)]
        for sex, label in _sexes(indicator)
    ]
    headline_table: LayoutTable = {
        "caption": _("%(title)s: %(measure)s") % {"title": indicator.title, "measure": _measure_label(indicator)},
        "columns": ["", *(str(y) for y in shown_years)],
        "rows": rows,
    }
    sex_total = FEMALE if indicator.kind == Kind.SPLIT else TOTAL
    latest = _headline_value(indicator, _figure(headline, year, sex_total)) if year in shown_years else None
    tables = []
    detail_notes: list[str] = []
    if indicator.default_breakdown:
        # The published table of the indicator's default breakdown, with its counts; without a breakdown the
        # headline table already says what it would.
        dashboard = dashboard_layout(detail)
        tables = [_layout_table(table, table.caption) for table in dashboard.tables[:1]]
        detail_notes = [f"({note.number}) {note.text}" for note in dashboard.notes]
    block |= {
        "headline": headline_table,
        "tables": tables,
        "headline_notes": notes.texts(),
        "notes": detail_notes,
        "progress": _progress_text(indicator, progress, latest, year),
        # A chart with nothing to draw says nothing the table's dashes do not.
        "chart": chart_svg(headline, labelled_by=chart_id)
        if chart_id is not None and any(_has_figure(row) for row in rows)
        else "",
        "alt": _alt_text(indicator, rows, shown_years),
        "latest": latest,
    }
    return block
