"""Runs an indicator: the engine's grouped counts, their margins, shares, intervals and disclosure control.

What leaves this module is safe to publish: every figure of a person-level indicator has been
through :func:`lika.statistics.disclosure.suppress`, and a masked figure carries no
number, only its reason.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from lika.followup.indicators.catalogue import CATALOGUE, TIME, Coverage, Indicator, Kind
from lika.followup.indicators.engines import Engine
from lika.followup.indicators.query import indicator_sql, years_sql
from lika.statistics.disclosure import TOTAL, DisclosureRules, Masked, suppress, table_complete
from lika.statistics.proportions import Interval, newcombe_difference, wilson_interval

Key = tuple[str, ...]
FEMALE, MALE = "female", "male"


@dataclass(frozen=True)
class Figure:
    """One published cell: a group (``TOTAL`` where a dimension is summed over) and what is known of it.

    ``population`` counts the rows (persons, households, decisions ...); ``numerator`` those with the
    property (rates); ``amount`` the sum (splits, visits). ``share`` is the numerator over the
    population: the *share of women who ...*. ``split`` is this sex's part of the group across the
    sexes: the *sex split within the group*. A masked figure has ``masked`` set and no numbers.
    """

    key: Key
    population: int | None
    numerator: int | None = None
    amount: int | None = None
    share: float | None = None
    interval: Interval | None = None
    split: float | None = None
    masked: Masked | None = None
    population_masked: Masked | None = None  # why the population itself is hidden, when it is


@dataclass(frozen=True)
class Difference:
    """Women's share minus men's share in one group; Newcombe's interval when intervals are shown."""

    key: Key  # the group, with the sex column left out
    estimate: float
    interval: Interval | None


@dataclass(frozen=True)
class IndicatorResult:
    indicator: Indicator
    breakdown: tuple[str, ...]
    years: tuple[int, ...]
    figures: dict[Key, Figure]
    differences: dict[Key, Difference]
    engine: str
    rules: DisclosureRules
    intervals: bool
    masked_count: int = field(default=0)

    def figure(self, **values: object) -> Figure:
        """The figure for the given dimension values; dimensions not named are totals."""
        key = tuple(str(values[d]) if d in values else TOTAL for d in self.breakdown)
        return self.figures[key]


def _number(value: object) -> int:
    """A count or sum from any engine as an int (PostgreSQL sums bigints as numeric)."""
    if isinstance(value, int | Decimal):
        return int(value)
    if value is None:
        return 0
    raise TypeError(f"An engine returned {value!r} where a whole number belongs.")


def indicator_years(indicator: Indicator, *, engine: Engine) -> list[int]:
    return [int(row[0]) for row in engine.rows(years_sql(indicator, engine.dialect), [indicator.table])]


def indicator_run(
    indicator: Indicator,
    *,
    engine: Engine,
    rules: DisclosureRules,
    breakdown: Sequence[str] | None = None,
    years: Sequence[int] | None = None,
    intervals: bool | None = None,
    confidence: float = 0.95,
) -> IndicatorResult:
    """The indicator's published figures by ``breakdown`` (year and sex are always in it) for ``years``.

    ``breakdown`` None takes the indicator's default; ``years`` None takes every year with data.
    """
    columns = indicator.breakdown(None if breakdown is None else tuple(breakdown))
    asked_years = tuple(sorted(set(years))) if years else None
    # Every view of a person-level indicator is cut from one table over all its dimensions and years,
    # protected once: a figure hidden in one view is hidden in every view that shows it, so no two
    # views together give it away. (Visits have no person behind them and are grouped as asked.)
    cube = indicator.dimensions if indicator.person_level else columns
    seen_years: set[int] = set()
    tables = _grouped(indicator, cube, engine, None if indicator.person_level else asked_years, seen_years)
    # Without years asked for, the grouped rows say which years have data: no second scan.
    chosen_years = asked_years if asked_years is not None else tuple(sorted(seen_years))
    complete = {name: table_complete(cube, finest) for name, finest in tables.items()}
    masked: dict[str, dict[Key, Masked]] = {name: {} for name in complete}
    if indicator.person_level and complete["population"]:
        complete, masked = _protected(indicator, cube, complete, engine=engine, rules=rules)
    complete, masked = _view(cube, columns, complete, masked, chosen_years)
    want_intervals = indicator.coverage == Coverage.SAMPLE if intervals is None else intervals
    figures = _figures(
        indicator, columns, tables=complete, masked=masked, intervals=want_intervals, confidence=confidence
    )
    differences = (
        _differences(indicator, columns, figures, intervals=want_intervals, confidence=confidence)
        if indicator.kind == Kind.RATE
        else {}
    )
    return IndicatorResult(
        indicator=indicator,
        breakdown=columns,
        years=chosen_years,
        figures=figures,
        differences=differences,
        engine=engine.name,
        rules=rules,
        intervals=want_intervals,
        masked_count=sum(len(cells) for cells in masked.values()),
    )


def _grouped(
    indicator: Indicator,
    cube: tuple[str, ...],
    engine: Engine,
    years: tuple[int, ...] | None,
    seen_years: set[int],
) -> dict[str, dict[Key, int]]:
    """The finest cells by ``cube``: the population, the numerator of a rate and the amount summed, where there are."""
    sql = indicator_sql(indicator, cube, engine.dialect, years)
    width, year_at = len(cube), cube.index(TIME)
    tables: dict[str, dict[Key, int]] = {"population": {}}
    if indicator.kind == Kind.RATE:
        tables["numerator"] = {}
    if indicator.amount is not None:
        tables["amount"] = {}
    for row in engine.rows(sql, [indicator.table]):
        seen_years.add(int(row[year_at]))
        key = tuple(str(v) for v in row[:width])
        values = iter(row[width:])
        tables["population"][key] = _number(next(values))
        if "numerator" in tables:
            tables["numerator"][key] = _number(next(values))
        if "amount" in tables:
            tables["amount"][key] = _number(next(values))
    return tables


def _protected_together(indicator: Indicator) -> tuple[Indicator, ...]:
    """``indicator`` and the other person-level indicators that count the same rows by the same dimensions.

    Their figures are protected as one (the registrations with Arbetsförmedlingen are counted by one
    indicator and are the population of another): protected apart, a figure hidden on one's page could
    be read on the other's.
    """
    same = (indicator.table, indicator.population, indicator.dimensions, indicator.sex)
    others = (
        other
        for other in CATALOGUE
        if other.code != indicator.code
        and other.person_level
        and (other.table, other.population, other.dimensions, other.sex) == same
    )
    return (indicator, *others)


def _protected(
    indicator: Indicator,
    cube: tuple[str, ...],
    complete: dict[str, dict[Key, int]],
    *,
    engine: Engine,
    rules: DisclosureRules,
) -> tuple[dict[str, dict[Key, int]], dict[str, dict[Key, Masked]]]:
    """``indicator``'s complete tables and their masks, suppressed with those of the indicators protected with it.

    Every indicator of the group suppresses the same tables under the same names (each member's code),
    so they all hide the same cells of the population they share.
    """
    tables = {"population": complete["population"]}
    mine = {"population": "population"}
    for member in sorted(_protected_together(indicator), key=lambda member: member.code):
        own = complete if member is indicator else None
        for measure in ("numerator", "amount"):
            if (member.numerator if measure == "numerator" else member.amount) is None:
                continue
            if own is None:
                finest = _grouped(member, cube, engine, None, set())
                own = {name: table_complete(cube, values) for name, values in finest.items()}
            name = f"{measure}.{member.code}"
            tables[name] = own[measure]
            if member is indicator:
                mine[measure] = name
    outcome = suppress(
        tables,
        dims=cube,
        rules=rules,
        shares=[(name, "population") for name in tables if name.startswith("numerator.")],
        amounts=[(name, "population") for name in tables if name.startswith("amount.")],
        keep=_keep(indicator, cube),
    )
    return (
        {measure: tables[name] for measure, name in mine.items()},
        {measure: dict(outcome.cells.get(name, {})) for measure, name in mine.items()},
    )


def _keep(indicator: Indicator, cube: tuple[str, ...]) -> dict[str, set[str]]:
    """What secondary suppression hides last: totals (each dimension's total weighs again, so the
    figures most read — year by sex — go last of all), and women's and men's figures, the comparison
    the follow-up is for; fine cells and unknown sex are hidden first."""
    keep = {dimension: {TOTAL} for dimension in cube}
    if indicator.sex is not None:
        keep[indicator.sex] = {TOTAL, FEMALE, MALE}
    return keep


def _view(
    cube: tuple[str, ...],
    columns: tuple[str, ...],
    tables: dict[str, dict[Key, int]],
    masked: dict[str, dict[Key, Masked]],
    years: tuple[int, ...],
) -> tuple[dict[str, dict[Key, int]], dict[str, dict[Key, Masked]]]:
    """The cells of ``cube`` that a view by ``columns`` shows: the others summed over (``TOTAL``), the years chosen.

    The all-years margin stays the sum over every year with data.
    """
    kept = [cube.index(column) for column in columns]
    summed = [place for place, column in enumerate(cube) if column not in columns]
    year_at, shown_years = cube.index(TIME), {str(year) for year in years} | {TOTAL}

    def shown(key: Key) -> bool:
        return key[year_at] in shown_years and all(key[place] == TOTAL for place in summed)

    def cut(key: Key) -> Key:
        return tuple(key[place] for place in kept)

    return (
        {name: {cut(key): value for key, value in table.items() if shown(key)} for name, table in tables.items()},
        {name: {cut(key): mask for key, mask in cells.items() if shown(key)} for name, cells in masked.items()},
    )


def _figures(
    indicator: Indicator,
    columns: tuple[str, ...],
    *,
    tables: dict[str, dict[Key, int]],
    masked: dict[str, dict[Key, Masked]],
    intervals: bool,
    confidence: float,
) -> dict[Key, Figure]:
    """Every cell with what may be published of it; the headline figure's mask is the figure's mask."""
    headline = "numerator" if indicator.kind == Kind.RATE else "amount" if indicator.amount else "population"

    def shown(table: str, key: Key) -> int | None:
        if table not in tables or key in masked[table]:
            return None
        return tables[table].get(key)

    sex_at = columns.index(indicator.sex) if indicator.sex is not None else None
    figures: dict[Key, Figure] = {}
    for key in sorted(tables["population"]):
        population, numerator, amount = shown("population", key), shown("numerator", key), shown("amount", key)
        share = numerator / population if numerator is not None and population else None
        interval = (
            wilson_interval(numerator, population, confidence=confidence)
            if intervals and numerator is not None and population
            else None
        )
        split = None
        if sex_at is not None and key[sex_at] != TOTAL:
            whole = (*key[:sex_at], TOTAL, *key[sex_at + 1 :])
            part, all_sexes = shown(headline, key), shown(headline, whole)
            if part is not None and all_sexes:
                split = part / all_sexes
        figures[key] = Figure(
            key=key,
            population=population,
            numerator=numerator,
            amount=amount,
            share=share,
            interval=interval,
            split=split,
            masked=masked[headline].get(key),
            population_masked=masked["population"].get(key),
        )
    return figures


def _differences(
    indicator: Indicator, columns: tuple[str, ...], figures: dict[Key, Figure], *, intervals: bool, confidence: float
) -> dict[Key, Difference]:
    """Women − men in every group where both figures are published."""
    if indicator.sex is None:
        return {}
    sex_at = columns.index(indicator.sex)
    differences: dict[Key, Difference] = {}
    for key, women in figures.items():
        if key[sex_at] != FEMALE:
            continue
        men = figures.get((*key[:sex_at], MALE, *key[sex_at + 1 :]))
        if men is None or women.share is None or men.share is None:
            continue
        if women.population is None or men.population is None or women.numerator is None or men.numerator is None:
            continue
        group = key[:sex_at] + key[sex_at + 1 :]
        interval = (
            newcombe_difference(women.numerator, women.population, men.numerator, men.population, confidence=confidence)
            if intervals
            else None
        )
        estimate = women.share - men.share
        differences[group] = Difference(key=group, estimate=estimate, interval=interval)
    return differences


__all__ = ["Difference", "Figure", "IndicatorResult", "indicator_run", "indicator_years"]
