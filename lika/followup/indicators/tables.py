"""Turns an indicator's published figures into the dashboard's tables, notes and text description.

The page and the exports show the same tables: groups as rows, years as columns side by side, a
printed text for every cell (a localised number or one of Statistics Sweden's symbols) and, for a
masked cell, the number of the note that says why it is hidden. The two kinds of percentage are kept
in different tables: the *share of the group* (women who ... out of all women in the group) and the
*sex split* (women's part of those counted).

Reads only :class:`~lika.followup.indicators.results.IndicatorResult`: a masked figure has no number
here, so nothing below can print one. Pure: no database, cache or settings; the cached dashboard that
runs the indicators is :mod:`lika.followup.indicators.dashboard`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from lika.core.formats import number_text, percent_text
from lika.followup.indicators.catalogue import DIMENSIONS, TIME, UNIT_LABELS, Coverage, Indicator, Kind
from lika.followup.indicators.charts import chart_panel_dimension
from lika.followup.indicators.labels import SEX_ORDER, value_label, value_order
from lika.followup.indicators.results import Difference, Figure, IndicatorResult, Key
from lika.statistics.disclosure import LEGEND, REASON_TEXT, TOTAL, DisclosureRules, Reason, Symbol, cell_symbol
from lika.statistics.proportions import Interval

PERCENT_DECIMALS = 1
FEMALE, MALE = "female", "male"
# A masked population (N) has no reason of its own in a Figure; its note says what the reason can be.
POPULATION_NOTE = "population"


def kind_labels() -> dict[Kind, str]:
    """What each kind of indicator shows, in a few words."""
    return {
        Kind.RATE: _("Share of a group"),
        Kind.SPLIT: _("Split between women and men"),
        Kind.COUNT: _("Number"),
    }


# --- Cells and tables --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Cell:
    """One printed cell: ``text`` as shown, ``value`` the published number (``None`` where a symbol is printed).

    An interval cell has ``value`` as its lower and ``upper`` as its upper limit. A masked cell has
    ``note``, the number of the note that says why it is hidden.
    """

    text: str
    value: float | None = None
    upper: float | None = None
    note: int | None = None

    @property
    def masked(self) -> bool:
        return self.text == Symbol.MASKED


@dataclass(frozen=True)
class Note:
    number: int
    text: str


@dataclass(frozen=True)
class ColumnGroup:
    """A measure shown for every year, such as the share in per cent or the number counted."""

    label: str
    decimals: int = 0
    interval: bool = False


@dataclass(frozen=True)
class Row:
    headers: tuple[str, ...]  # one label per row dimension
    cells: tuple[Cell, ...]  # for each column group, one cell per year
    total: bool = False  # a margin: every value of some dimension added up


@dataclass(frozen=True)
class Table:
    slug: str
    caption: str
    explanation: str
    row_labels: tuple[str, ...]
    groups: tuple[ColumnGroup, ...]
    years: tuple[int, ...]
    rows: tuple[Row, ...]
    notes: tuple[Note, ...]

    def cell(self, row: int, group: int, year: int) -> Cell:
        return self.rows[row].cells[group * len(self.years) + self.years.index(year)]


@dataclass(frozen=True)
class Dashboard:
    indicator: Indicator
    result: IndicatorResult
    tables: tuple[Table, ...]
    notes: tuple[Note, ...]
    description: str
    chart_key: str  # how the chart tells the series apart, in words
    legend: tuple[tuple[str, str], ...]
    rules_text: str
    coverage_text: str
    breakdown_labels: tuple[str, ...] = field(default=())


class _Notes:
    """Numbers the reasons for masked cells in the order they first appear on the page."""

    def __init__(self) -> None:
        self.numbers: dict[str, int] = {}
        self.texts: dict[int, str] = {}

    def number(self, reason: Reason | str) -> int:
        key = str(reason)
        if key not in self.numbers:
            number = len(self.numbers) + 1
            self.numbers[key] = number
            if key == POPULATION_NOTE:
                text = _(
                    "The number in the group is hidden: it is small, or it would let another hidden figure be "
                    "worked out."
                )
            else:
                text = _(REASON_TEXT[Reason(key)])
            self.texts[number] = text
        return self.numbers[key]

    def all(self) -> tuple[Note, ...]:
        return tuple(Note(number, text) for number, text in sorted(self.texts.items()))


# --- Printed cells ---------------------------------------------------------------------------------------------


def _number_cell(value: float | None, decimals: int = 0) -> Cell:
    symbol = cell_symbol(value, decimals=decimals)
    if symbol is None and value is not None:
        shown = round(value, decimals)
        return Cell(number_text(shown, decimals), value=shown if decimals else int(shown))
    if symbol == Symbol.LESS_THAN_HALF and decimals:
        return Cell(number_text(0, decimals))
    return Cell(str(symbol))


def _masked_cell(note: int) -> Cell:
    return Cell(str(Symbol.MASKED), note=note)


def _interval_cell(interval: Interval | None, decimals: int) -> Cell:
    """An interval of shares (0 to 1) in per cent or percentage points; ``.`` where there is none."""
    if interval is None:
        return Cell(str(Symbol.NOT_APPLICABLE))
    low, high = round(100 * interval.low, decimals), round(100 * interval.high, decimals)
    return Cell(f"{number_text(low, decimals)} – {number_text(high, decimals)}", value=low, upper=high)


# --- Building the tables ---------------------------------------------------------------------------------------------


class _Layout:
    """Where each dimension sits in a figure's key, and the table's row groups in reading order."""

    def __init__(self, result: IndicatorResult) -> None:
        self.result = result
        self.indicator = result.indicator
        self.sex = self.indicator.sex
        self.columns = result.breakdown
        self.others = tuple(d for d in self.columns if d not in {TIME, self.sex})
        self.row_dims = self.others + ((self.sex,) if self.sex else ())
        self.years = result.years
        seen = {
            tuple(key[self.columns.index(d)] for d in self.row_dims)
            for key in result.figures
            if key[self.columns.index(TIME)] != TOTAL
        }
        self.rows = sorted(seen, key=self._order)

    def _order(self, row: tuple[str, ...]) -> tuple[tuple[int, int, str], ...]:
        return tuple(
            (0, SEX_ORDER.index(value), "") if dim == self.sex and value in SEX_ORDER else value_order(dim, value)
            for dim, value in zip(self.row_dims, row, strict=True)
        )

    def key(self, row: tuple[str, ...], year: int | str, *, sex: str | None = None) -> Key:
        values = dict(zip(self.row_dims, row, strict=True))
        if sex is not None and self.sex is not None:
            values[self.sex] = sex
        values[TIME] = str(year)
        return tuple(values[d] for d in self.columns)

    def figure(self, row: tuple[str, ...], year: int, *, sex: str | None = None) -> Figure | None:
        return self.result.figures.get(self.key(row, year, sex=sex))

    def row_labels(self) -> tuple[str, ...]:
        if not self.row_dims:
            return (_("Group"),)
        return tuple(str(DIMENSIONS[d].label) for d in self.row_dims)

    def headers(self, row: tuple[str, ...]) -> tuple[str, ...]:
        if not self.row_dims:
            return (value_label("", TOTAL),)
        return tuple(value_label(d, v) for d, v in zip(self.row_dims, row, strict=True))

    def empty(self, row: tuple[str, ...]) -> bool:
        """Whether every year's group is published and empty: such a row says nothing and is left out."""
        figures = [self.figure(row, year) for year in self.years]
        return all(f is not None and f.population == 0 for f in figures)

    def sex_of(self, row: tuple[str, ...]) -> str | None:
        return row[-1] if self.sex is not None else None

    def difference(self, group: tuple[str, ...], year: int) -> Difference | None:
        """Women − men for ``group`` (the row without its sex) in ``year``."""
        if self.sex is None:
            return None
        key, sex_at = self.key((*group, FEMALE), year), self.columns.index(self.sex)
        return self.result.differences.get(key[:sex_at] + key[sex_at + 1 :])


def _headline(indicator: Indicator, figure: Figure) -> int | None:
    """The figure's main number: the numerator of a rate, the amount of a split or a summed count, else the count."""
    if indicator.kind == Kind.RATE:
        return figure.numerator
    if indicator.amount is not None:
        return figure.amount
    return figure.population


def _table(
    layout: _Layout,
    notes: _Notes,
    *,
    slug: str,
    caption: str,
    explanation: str,
    groups: Sequence[ColumnGroup],
    cells: Callable[[tuple[str, ...], int, int], Cell],
    rows: Iterable[tuple[str, ...]] | None = None,
    row_labels: tuple[str, ...] | None = None,
    headers: Callable[[tuple[str, ...]], tuple[str, ...]] | None = None,
) -> Table:
    built = []
    used: set[int] = set()
    for row in layout.rows if rows is None else rows:
        row_cells = tuple(cells(row, index, year) for index in range(len(groups)) for year in layout.years)
        used.update(cell.note for cell in row_cells if cell.note is not None)
        built.append(Row((headers or layout.headers)(row), row_cells, total=TOTAL in row))
    return Table(
        slug=slug,
        caption=caption,
        explanation=explanation,
        row_labels=row_labels or layout.row_labels(),
        groups=tuple(groups),
        years=layout.years,
        rows=tuple(built),
        notes=tuple(note for note in notes.all() if note.number in used),
    )


def _share_table(layout: _Layout, notes: _Notes, rows: list[tuple[str, ...]]) -> Table:
    indicator, intervals = layout.indicator, layout.result.intervals
    unit = str(UNIT_LABELS[indicator.unit])
    groups = [ColumnGroup(_("Share of the group, %"), PERCENT_DECIMALS)]
    if intervals:
        groups.append(ColumnGroup(_("95 % interval, %"), PERCENT_DECIMALS, interval=True))
    groups += [ColumnGroup(_("Counted (n)")), ColumnGroup(_("In the group (N)"))]
    measures = ["share", *(["interval"] if intervals else []), "n", "N"]

    def cell(row: tuple[str, ...], group: int, year: int) -> Cell:
        figure = layout.figure(row, year)
        measure = measures[group]
        if figure is None:  # no row at all in that group and year
            return Cell(str(Symbol.NOTHING)) if measure in {"n", "N"} else Cell(str(Symbol.NOT_APPLICABLE))
        if measure == "N":
            hidden = figure.population_masked
            return _number_cell(figure.population) if hidden is None else _masked_cell(notes.number(hidden.reason))
        if figure.masked is not None:
            return _masked_cell(notes.number(figure.masked.reason))
        if measure == "n":
            return _number_cell(figure.numerator)
        if measure == "interval":
            return _interval_cell(figure.interval, PERCENT_DECIMALS)
        return _number_cell(None if figure.share is None else 100 * figure.share, PERCENT_DECIMALS)

    return _table(
        layout,
        notes,
        slug="shares",
        caption=_("%(title)s: share of each group") % {"title": indicator.title},
        explanation=_(
            "The share is n out of N within each group, for women and for men on their own: the share of women "
            "who …, not women's part of all. N counts the %(unit)s in the group; n those the question asks about."
        )
        % {"unit": unit},
        groups=groups,
        cells=cell,
        rows=rows,
    )


def _split_cell(layout: _Layout, notes: _Notes, row: tuple[str, ...], year: int) -> Cell:
    """This sex's part of the group's headline number, in per cent; 100 for all sexes together."""
    figure = layout.figure(row, year)
    whole = layout.figure(row, year, sex=TOTAL)
    if figure is None or whole is None:
        return Cell(str(Symbol.NOT_APPLICABLE))
    if figure.split is not None:
        return _number_cell(100 * figure.split, PERCENT_DECIMALS)
    hidden = [f.masked for f in (figure, whole) if f.masked is not None]
    if hidden:
        return _masked_cell(notes.number(hidden[0].reason))
    if layout.sex_of(row) == TOTAL and _headline(layout.indicator, whole):
        return _number_cell(100.0, PERCENT_DECIMALS)
    return Cell(str(Symbol.NOT_APPLICABLE))


def _sex_split_table(layout: _Layout, notes: _Notes, rows: list[tuple[str, ...]]) -> Table:
    split_rows = [row for row in rows if layout.sex_of(row) != TOTAL]
    return _table(
        layout,
        notes,
        slug="split",
        caption=_("%(title)s: women's and men's part of those counted") % {"title": layout.indicator.title},
        explanation=_(
            "Of those counted (n) in each group, the part who are women and the part who are men, in per cent. "
            "This is the sex split within the group, not the share of women who …"
        ),
        groups=[ColumnGroup(_("Part of those counted, %"), PERCENT_DECIMALS)],
        cells=lambda row, _group, year: _split_cell(layout, notes, row, year),
        rows=split_rows,
    )


def _difference_table(layout: _Layout, notes: _Notes, rows: list[tuple[str, ...]]) -> Table:
    result = layout.result
    groups_rows = sorted({row[:-1] for row in rows}, key=lambda group: layout._order((*group, TOTAL)))
    intervals = result.intervals
    groups = [ColumnGroup(_("Women − men, percentage points"), PERCENT_DECIMALS)]
    if intervals:
        groups.append(ColumnGroup(_("95 % interval, percentage points"), PERCENT_DECIMALS, interval=True))

    def cell(group: tuple[str, ...], index: int, year: int) -> Cell:
        difference = layout.difference(group, year)
        if difference is None:
            for sex in (FEMALE, MALE):
                figure = layout.figure((*group, sex), year)
                if figure is not None and figure.masked is not None:
                    return _masked_cell(notes.number(figure.masked.reason))
            return Cell(str(Symbol.NOT_APPLICABLE))
        if index == 1:
            return _interval_cell(difference.interval, PERCENT_DECIMALS)
        return _number_cell(100 * difference.estimate, PERCENT_DECIMALS)

    return _table(
        layout,
        notes,
        slug="differences",
        caption=_("%(title)s: difference between women and men") % {"title": layout.indicator.title},
        explanation=_(
            "Women's share minus men's share in each group, in percentage points: above zero when the share is "
            "higher for women."
        ),
        groups=groups,
        cells=cell,
        rows=groups_rows,
        row_labels=layout.row_labels()[:-1] or (_("Group"),),
        headers=lambda group: layout.headers((*group, FEMALE))[:-1] or (value_label("", TOTAL),),
    )


def _amount_table(layout: _Layout, notes: _Notes, rows: list[tuple[str, ...]]) -> Table:
    indicator = layout.indicator
    is_money = indicator.kind == Kind.SPLIT
    unit = str(UNIT_LABELS[indicator.unit])
    first = ColumnGroup(_("Kronor") if is_money else _("Number of %(unit)s") % {"unit": unit})
    groups = [first]
    if indicator.sex is not None:
        groups.append(ColumnGroup(_("Part of the group's total, %"), PERCENT_DECIMALS))

    def cell(row: tuple[str, ...], group: int, year: int) -> Cell:
        if group == 1:
            return _split_cell(layout, notes, row, year)
        figure = layout.figure(row, year)
        if figure is None:
            return Cell(str(Symbol.NOTHING))
        if figure.masked is not None:
            return _masked_cell(notes.number(figure.masked.reason))
        headline = _headline(indicator, figure)
        if headline is None:
            return _masked_cell(notes.number(POPULATION_NOTE))
        return _number_cell(headline / 100 if is_money else headline)

    if is_money:
        caption = _("%(title)s: kronor and each sex's part") % {"title": indicator.title}
        explanation = _(
            "The amount in whole kronor, and each sex's part of the group's total in per cent (the sex split)."
        )
    else:
        caption = _("%(title)s: number and each sex's part") % {"title": indicator.title}
        explanation = (
            _("The number of %(unit)s, and each sex's part of the group's total in per cent (the sex split).")
            if indicator.sex is not None
            else _("The number of %(unit)s.")
        ) % {"unit": unit}
    return _table(
        layout,
        notes,
        slug="amounts" if is_money else "counts",
        caption=caption,
        explanation=explanation,
        groups=groups,
        cells=cell,
        rows=rows,
    )


def dashboard_tables(result: IndicatorResult, notes: _Notes | None = None) -> tuple[Table, ...]:
    """The tables of ``result``: for a rate the shares, the sex split and the differences; else amounts or counts."""
    layout = _Layout(result)
    notes = notes or _Notes()
    rows = [row for row in layout.rows if not layout.empty(row)]
    if result.indicator.kind != Kind.RATE:
        return (_amount_table(layout, notes, rows),)
    tables = [_share_table(layout, notes, rows)]
    if layout.sex is not None:
        tables += [_sex_split_table(layout, notes, rows), _difference_table(layout, notes, rows)]
    return tuple(tables)


# --- The text description --------------------------------------------------------------------------------------------


def _described(indicator: Indicator, figure: Figure | None) -> str:
    if figure is None:
        return _("no one in the group")
    if figure.masked is not None:
        return _("not shown")
    if indicator.kind == Kind.RATE:
        return _("no one in the group") if figure.share is None else percent_text(figure.share)
    headline = _headline(indicator, figure)
    if headline is None:
        return _("not shown")
    if indicator.kind == Kind.SPLIT:
        return _("%(amount)s kronor") % {"amount": number_text(headline / 100)}
    return number_text(headline)


def chart_description(result: IndicatorResult) -> str:
    """What the chart shows, in words, from the same published figures: the latest year and the first."""
    indicator = result.indicator
    if not result.years:
        return _("There are no figures for the years chosen.")
    layout = _Layout(result)
    all_groups = tuple(TOTAL for _dim in layout.others)
    latest, first = result.years[-1], result.years[0]
    sentences = []
    for year in dict.fromkeys((latest, first)):
        if layout.sex is None:
            value = _described(indicator, layout.figure(all_groups, year))
            if indicator.kind == Kind.RATE:
                sentences.append(_("In %(year)s the share was %(value)s.") % {"year": year, "value": value})
            else:
                sentences.append(_("In %(year)s the number was %(value)s.") % {"year": year, "value": value})
            continue
        pair = [layout.figure((*all_groups, sex), year) for sex in (FEMALE, MALE)]
        if all(figure is None or figure.masked is not None for figure in pair):
            sentences.append(_("In %(year)s the figures for women and men are hidden.") % {"year": year})
            continue
        women, men = (_described(indicator, figure) for figure in pair)
        values = {"year": year, "women": women, "men": men}
        if indicator.kind == Kind.RATE:
            sentence = _("In %(year)s the share was %(women)s for women and %(men)s for men.") % values
            difference = layout.difference(all_groups, year)
            if difference is not None and year == latest:
                sentence += " " + _("The difference was %(points)s percentage points.") % {
                    "points": number_text(100 * difference.estimate, PERCENT_DECIMALS)
                }
        elif indicator.kind == Kind.SPLIT:
            sentence = _("In %(year)s, %(women)s went to women and %(men)s to men.") % values
        else:
            sentence = _("In %(year)s the number was %(women)s for women and %(men)s for men.") % values
        sentences.append(sentence)
    return " ".join(sentences)


def chart_key_text(result: IndicatorResult) -> str:
    """How the chart is laid out and tells women and men apart, for readers who do not see the colours."""
    indicator = result.indicator
    if indicator.sex is None:
        key = _("The chart has one line for everyone.")
    elif indicator.kind == Kind.SPLIT:
        key = _("Bars for women are filled, bars for men are outlined.")
    else:
        key = _(
            "Women's line is solid with round points, men's is dashed with square points and unknown sex dotted "
            "with triangles."
        )
    panels = chart_panel_dimension(result)
    if panels is not None:
        key += " " + _("Each small chart is one group by %(dimension)s; the other breakdowns are added up.") % {
            "dimension": str(DIMENSIONS[panels].label).lower()
        }
    if result.perturbed:
        # A free breakdown hides nothing: what the reader must know is that every point is a little off.
        return key + " " + _("Every point is changed a little, by at most 2 people, as the table below explains.")
    return key + " " + _("Hidden figures are left out, never drawn as zeros; the table below has every figure.")


# --- The whole page ---------------------------------------------------------------------------------------------------


def rules_text(indicator: Indicator, rules: DisclosureRules, *, perturbed: bool = False) -> str:
    if not indicator.person_level:
        return _("These figures are not about persons, so none of them is hidden.")
    if perturbed:
        return _(
            "This breakdown is one you chose freely, so instead of hiding figures every number has been changed "
            "a little, by at most 2 up or down, at random but the same way each time it is shown; no number of 1 "
            "or 2 is shown. A total may therefore differ slightly from the sum of its parts, and from the same "
            "figure in the published tables. Use the published tables for the yearly report."
        )
    return _(
        "To protect the people behind the figures, a number from 1 to %(small)s and a share of a group of fewer "
        "than %(denominator)s are hidden (..), and so is every figure from which a hidden one could be worked out."
    ) % {"small": rules.min_count - 1, "denominator": rules.min_denominator}


def coverage_text(indicator: Indicator, intervals: bool) -> str:
    if indicator.coverage == Coverage.SAMPLE:
        return _("The figures come from a sample; the 95 % intervals show how uncertain they are.")
    if intervals:
        return _(
            "The figures count everyone in the register. The 95 % intervals you asked for treat each year as one "
            "outcome of a process that could have turned out otherwise (Wilson's interval; Newcombe's for "
            "differences)."
        )
    return _("The figures count everyone in the register, so they have no sampling error and no intervals.")


def dashboard_layout(result: IndicatorResult) -> Dashboard:
    """The tables, notes and texts of ``result``, in the active language."""
    indicator = result.indicator
    notes = _Notes()
    tables = dashboard_tables(result, notes)
    return Dashboard(
        indicator=indicator,
        result=result,
        tables=tables,
        notes=notes.all(),
        description=chart_description(result),
        chart_key=chart_key_text(result),
        legend=tuple((str(symbol), _(text)) for symbol, text in LEGEND.items()),
        rules_text=rules_text(indicator, result.rules, perturbed=result.perturbed),
        coverage_text=coverage_text(indicator, result.intervals),
        breakdown_labels=tuple(str(DIMENSIONS[d].label) for d in result.breakdown if d != TIME),
    )
