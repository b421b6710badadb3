"""Runs an indicator: the engine's grouped counts, their margins, shares, intervals and disclosure control.

What leaves this module is safe to publish: every figure of a person-level indicator has been
through :func:`lika.statistics.disclosure.suppress`, and a masked figure carries no
number, only its reason.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from lika.followup.indicators.catalogue import CATALOGUE, OTHER, RECODES, TIME, Coverage, Indicator, Kind
from lika.followup.indicators.engines import Engine
from lika.followup.indicators.query import indicator_sql, years_sql
from lika.statistics.cellkey import cell_key, ptable, record_key_sql
from lika.statistics.disclosure import (
    KEEP_FACTOR,
    TOTAL,
    DisclosureRules,
    Keep,
    Masked,
    Reason,
    suppress,
    table_complete,
)
from lika.statistics.proportions import Interval, newcombe_difference, wilson_interval

Key = tuple[str, ...]
FEMALE, MALE = "female", "male"
# The cell-key method never shows a count from 1 to this (nor beyond the rules' smallest published count).
CELL_KEY_SMALL = 2
# A recoded value is kept when its cells need no hiding in all but this share of the years and sexes: the
# first and the current year are often small, and should not take a breakdown from every other year.
RECODE_TOLERANCE = 1 / 3


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
    perturbed: bool = False  # a free breakdown: every count changed slightly by the cell-key method, none hidden

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


@dataclass(frozen=True)
class ProtectedCube:
    """An indicator's published cells over all its dimensions and years, protected once.

    ``tables`` holds the cells of the published tables (population, and numerator or amount where the
    indicator has them); a masked cell holds 0 and has its reason in ``masked``, so no hidden number
    is kept. Every view the dashboard, the exports and the command show is cut from this.
    """

    code: str
    dims: tuple[str, ...]
    years: tuple[int, ...]
    tables: dict[str, dict[Key, int]]
    masked: dict[str, dict[Key, Masked]]


def indicator_run(
    indicator: Indicator,
    *,
    engine: Engine,
    rules: DisclosureRules,
    breakdown: Sequence[str] | None = None,
    years: Sequence[int] | None = None,
    intervals: bool | None = None,
    confidence: float = 0.95,
    cube: ProtectedCube | None = None,
    salt: int = 0,
) -> IndicatorResult:
    """The indicator's published figures by ``breakdown`` (year and sex are always in it) for ``years``.

    ``breakdown`` None takes the indicator's default; ``years`` None takes every year with data.
    ``cube``: the indicator's protected cube when it is stored (see ``indicator_protect``); computed here
    when not given. A free breakdown (``Indicator.free_pairs``) is not cut from the cube: its counts are
    changed slightly by the cell-key method instead, with record keys salted by ``salt``.
    """
    columns = indicator.breakdown(None if breakdown is None else tuple(breakdown))
    asked_years = tuple(sorted(set(years))) if years else None
    perturbed = indicator.is_free(columns)
    if perturbed:
        seen: set[int] = set()
        complete = _perturbed(indicator, columns, engine, asked_years, seen, salt=salt, rules=rules)
        chosen_years = asked_years if asked_years is not None else tuple(sorted(seen))
        masked: dict[str, dict[Key, Masked]] = {name: {} for name in complete}
        masked_count = 0
    elif indicator.person_level:
        # Every view of a person-level indicator is cut from one cube over all its dimensions and
        # years whose published tables were protected together: a figure hidden in one view is hidden
        # in every view that shows it, so no two views together give it away.
        protected = cube if cube is not None else indicator_protect(indicator, engine=engine, rules=rules)
        chosen_years = asked_years if asked_years is not None else protected.years
        complete, masked = _view(protected.dims, columns, protected.tables, protected.masked, chosen_years)
        masked_count = sum(len(cells) for cells in masked.values())
    else:
        # Visits have no person behind them: grouped as asked, nothing hidden.
        seen_years: set[int] = set()
        tables = _grouped(indicator, columns, engine, asked_years, seen_years)
        chosen_years = asked_years if asked_years is not None else tuple(sorted(seen_years))
        complete = {name: table_complete(columns, finest) for name, finest in tables.items()}
        complete, masked = _view(columns, columns, complete, {name: {} for name in complete}, chosen_years)
        masked_count = 0
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
        masked_count=masked_count,
        perturbed=perturbed,
    )


Block = tuple[str, frozenset[str]]
"""A year and the breakdown dimensions of a published table: that table's cells for that year."""


def published_cell(indicator: Indicator, withheld: frozenset[Block] = frozenset()) -> Callable[[Key], bool]:
    """Whether a cell of ``indicator``'s cube is published: in one of its tables, for one year.

    The all-years margin is shown nowhere, so it is not published either; nor the ``withheld`` blocks.
    """
    dims = indicator.dimensions
    year_at = dims.index(TIME)
    shown = [frozenset(indicator.view_columns(table)) for table in indicator.published_tables()]

    def published(key: Key) -> bool:
        if key[year_at] == TOTAL:
            return False
        broken = frozenset(dim for dim, part in zip(dims, key, strict=True) if part != TOTAL)
        if withheld and (key[year_at], _breakdown_of(indicator, broken)) in withheld:
            return False
        return any(broken <= view for view in shown)

    return published


def _breakdown_of(indicator: Indicator, broken: frozenset[str]) -> frozenset[str]:
    """The dimensions besides year and sex that a cell is broken down by."""
    return broken - {TIME, indicator.sex or TIME}


def indicator_protect(indicator: Indicator, *, engine: Engine, rules: DisclosureRules) -> ProtectedCube:
    """Groups ``indicator``'s rows over all its dimensions, recodes them and protects its published tables together.

    The indicators that count the same rows (:func:`_protected_together`) are grouped, recoded and
    protected with it as one, so that each hides the same cells of the population they share.

    The figures by year and sex come first: where protecting a finer table's cell of some year would
    hide one of them, that table is withheld for that year (its cells masked as ``WITHHELD``) and the
    protection is worked out again, as a statistical agency leaves out a breakdown that is too thin
    rather than blank its totals.

    This is the expensive part of an indicator; the nightly rebuild does it once and stores the result
    (:mod:`lika.followup.indicators.store`).
    """
    if not indicator.person_level:
        raise ValueError(f"{indicator.code} has no persons behind it and is not protected.")
    cube = indicator.dimensions
    seen_years: set[int] = set()
    mine = _grouped(indicator, cube, engine, None, seen_years)
    finest: dict[str, dict[Key, int]] = {"population": mine["population"]}
    names = {"population": "population"}
    for member in sorted(_protected_together(indicator), key=lambda member: member.code):
        measures = [m for m in ("numerator", "amount") if (member.numerator if m == "numerator" else member.amount)]
        if not measures:
            continue
        grouped = mine if member is indicator else _grouped(member, cube, engine, None, set())
        for measure in measures:
            finest[f"{measure}.{member.code}"] = grouped[measure]
            if member is indicator:
                names[measure] = f"{measure}.{member.code}"
    finest = _recoded(indicator, cube, finest, rules)
    tables = {name: table_complete(cube, cells) for name, cells in finest.items()}
    masked: dict[str, dict[Key, Masked]] = {name: {} for name in tables}

    def protect(published: Callable[[Key], bool]) -> dict[str, dict[Key, Masked]]:
        outcome = suppress(
            tables,
            dims=cube,
            rules=rules,
            shares=[(name, "population") for name in tables if name.startswith("numerator.")],
            amounts=[(name, "population") for name in tables if name.startswith("amount.")],
            keep=_keep(indicator, cube),
            published=published,
        )
        return {name: dict(outcome.cells.get(name, {})) for name in tables}

    withheld: frozenset[Block] = frozenset()
    if tables["population"]:
        # What the year × sex table hides on its own; anything more it hides is on a finer table's account.
        alone = protect(lambda key: key[cube.index(TIME)] != TOTAL and not _breakdown_of(indicator, _broken(cube, key)))
        needed = {(name, key) for name, cells in alone.items() for key in cells}
        while True:
            masked = protect(published_cell(indicator, withheld))
            thin = _thin_blocks(indicator, masked, needed) - withheld
            if not thin:
                break
            withheld |= thin
    published = published_cell(indicator)
    for name, table in tables.items():
        for key in table:
            if published(key) and (key[cube.index(TIME)], _breakdown_of(indicator, _broken(cube, key))) in withheld:
                masked[name][key] = Masked(name, key, Reason.WITHHELD)
    return ProtectedCube(
        code=indicator.code,
        dims=cube,
        years=tuple(sorted(seen_years)),
        tables={
            measure: {
                key: (0 if key in masked[name] else value) for key, value in tables[name].items() if published(key)
            }
            for measure, name in names.items()
        },
        masked={measure: masked[name] for measure, name in names.items()},
    )


def _broken(cube: tuple[str, ...], key: Key) -> frozenset[str]:
    return frozenset(dim for dim, part in zip(cube, key, strict=True) if part != TOTAL)


def _thin_blocks(
    indicator: Indicator, masked: dict[str, dict[Key, Masked]], needed: set[tuple[str, Key]]
) -> frozenset[Block]:
    """The finer tables, by year, whose protection hid a figure by year and sex beyond those ``needed`` anyway."""
    cube = indicator.dimensions
    thin: set[Block] = set()
    for name, cells in masked.items():
        for key, mask in cells.items():
            if (name, key) in needed or mask.reason != Reason.SECONDARY or mask.protects is None:
                continue
            if _breakdown_of(indicator, _broken(cube, key)):
                continue
            protected = mask.protects[1]
            breakdown = _breakdown_of(indicator, _broken(cube, protected))
            if breakdown:
                thin.add((protected[cube.index(TIME)], breakdown))
    return frozenset(thin)


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


def _perturbed(
    indicator: Indicator,
    columns: tuple[str, ...],
    engine: Engine,
    years: tuple[int, ...] | None,
    seen_years: set[int],
    *,
    salt: int,
    rules: DisclosureRules,
) -> dict[str, dict[Key, int]]:
    """A free breakdown's counts, each changed by the cell-key method: the same cell gets the same change in every
    table, no count is hidden, none from 1 to the table's smallest is shown, and a share's numerator never
    exceeds its population. Margins are changed on their own, so they need not add up."""
    table = ptable(small=min(CELL_KEY_SMALL, rules.min_count - 1))
    sql = indicator_sql(indicator, columns, engine.dialect, years, record_key=record_key_sql(indicator.record, salt))
    width, year_at = len(columns), columns.index(TIME)
    rate = indicator.kind == Kind.RATE
    finest: dict[str, dict[Key, int]] = {"population": {}, "key.population": {}}
    if rate:
        finest |= {"numerator": {}, "key.numerator": {}}
    for row in engine.rows(sql, [indicator.table]):
        seen_years.add(int(row[year_at]))
        key = tuple(str(v) for v in row[:width])
        values = iter(row[width:])
        finest["population"][key] = _number(next(values))
        if rate:
            finest["numerator"][key] = _number(next(values))
        finest["key.population"][key] = _number(next(values))
        if rate:
            finest["key.numerator"][key] = _number(next(values))
    # The same groups as the published tables (other countries, age bands); key sums add up like counts.
    finest = _recoded(indicator, columns, finest, rules)
    complete = {name: table_complete(columns, cells) for name, cells in finest.items()}
    shown: dict[str, dict[Key, int]] = {"population": {}}
    if rate:
        shown["numerator"] = {}
    for key, count in complete["population"].items():
        if key[year_at] == TOTAL:
            continue  # no sum over all years is published
        population = table.perturbed(count, cell_key(complete["key.population"][key]))
        shown["population"][key] = population
        if rate:
            counted = table.perturbed(complete["numerator"][key], cell_key(complete["key.numerator"][key]))
            shown["numerator"][key] = min(counted, population)
    return shown


def _recoded(
    indicator: Indicator, cube: tuple[str, ...], tables: dict[str, dict[Key, int]], rules: DisclosureRules
) -> dict[str, dict[Key, int]]:
    """The grouped cells with each recoded dimension's values grouped so that its cells are large enough.

    See :class:`~lika.followup.indicators.catalogue.Recode`. ``tables`` holds the population and the
    numerators (``numerator.<code>``) and amounts of the indicators protected together; a value is kept
    only where every numerator's cells, and those without, are large enough too, so all of them are
    grouped alike.
    """
    rate = any(name.startswith("numerator") for name in tables)
    threshold = max(rules.min_count, rules.min_denominator if rate else 0)

    def small(value: int) -> bool:
        return 0 < value < rules.min_count or (value == 0 and rules.suppress_zero)

    year_at = cube.index(TIME)
    sex_at = cube.index(indicator.sex) if indicator.sex is not None else None
    for place, dim in enumerate(cube):
        recode = RECODES.get(dim)
        if recode is None:
            continue
        # Each value's population (and numerator) in each year and sex: women and men, since unknown sex
        # is always a small group of its own.
        numerators = [table for name, table in tables.items() if name.startswith("numerator")]
        cells: dict[tuple[str, str, str], tuple[int, int, int]] = {}  # population, least and most counted
        totals: dict[str, int] = {}
        for key, value in tables["population"].items():
            sex = key[sex_at] if sex_at is not None else TOTAL
            if sex_at is not None and sex not in {FEMALE, MALE}:
                continue
            at = (key[place], key[year_at], sex)
            before = cells.get(at, (0, 0, 0))
            cells[at] = (
                before[0] + value,
                before[1] + min((table.get(key, 0) for table in numerators), default=0),
                before[2] + max((table.get(key, 0) for table in numerators), default=0),
            )
            totals[key[place]] = totals.get(key[place], 0) + value
        groups = sorted({(year, sex) for _value, year, sex in cells})

        def fits(
            values: Sequence[str],
            cells: dict[tuple[str, str, str], tuple[int, int, int]] = cells,
            groups: list[tuple[str, str]] = groups,
        ) -> bool:
            """Whether ``values`` together make cells that need no hiding in most years and sexes."""
            failing = 0
            for year, sex in groups:
                found = [cells.get((value, year, sex), (0, 0, 0)) for value in values]
                population = sum(cell[0] for cell in found)
                least, most = sum(cell[1] for cell in found), sum(cell[2] for cell in found)
                if population < threshold or (rate and (small(least) or small(population - most))):
                    failing += 1
            return failing <= len(groups) * RECODE_TOLERANCE

        mapping = _bands(sorted(totals), fits) if recode.ordered else _top(totals, fits, recode.top or 0)
        for name, table in list(tables.items()):
            gathered: dict[Key, int] = {}
            for key, value in table.items():
                grouped = (*key[:place], mapping.get(key[place], key[place]), *key[place + 1 :])
                gathered[grouped] = gathered.get(grouped, 0) + value
            tables[name] = gathered
    return tables


def _top(totals: dict[str, int], fits: Callable[[Sequence[str]], bool], top: int) -> dict[str, str]:
    """Keeps the largest values whose cells need no hiding, at most ``top``; the others become ``OTHER``."""
    ranked = sorted(totals, key=lambda value: (-totals[value], value))
    kept = [value for value in ranked if fits([value])][:top]
    return {value: OTHER for value in ranked if value not in kept}


def _bands(values: list[str], fits: Callable[[Sequence[str]], bool]) -> dict[str, str]:
    """Merges neighbouring ordered values ("18-24", "25-34" ...) into bands whose cells need no hiding ("18-34")."""
    bands: list[list[str]] = []
    current: list[str] = []
    for value in values:
        current.append(value)
        if fits(current):
            bands.append(current)
            current = []
    if current:
        if bands:
            bands[-1].extend(current)
        else:
            bands.append(current)
    mapping: dict[str, str] = {}
    for band in bands:
        low, last = band[0].split("-")[0], band[-1]
        name = band[0] if len(band) == 1 else (f"{low}+" if last.endswith("+") else f"{low}-{last.split('-')[-1]}")
        mapping.update(dict.fromkeys(band, name))
    return mapping


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


def _keep(indicator: Indicator, cube: tuple[str, ...]) -> Keep:
    """What secondary suppression hides last: women's and men's figures, the comparison the follow-up is
    for, then totals (each dimension's total weighs again, so the figures most read — year by sex — go
    last of all); fine cells and unknown sex are hidden first."""
    keep: dict[str, dict[str, float]] = {dimension: {TOTAL: KEEP_FACTOR} for dimension in cube if dimension != TIME}
    if indicator.sex is not None:
        keep[indicator.sex] = {TOTAL: KEEP_FACTOR, FEMALE: 2 * KEEP_FACTOR, MALE: 2 * KEEP_FACTOR}
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


__all__ = [
    "Difference",
    "Figure",
    "IndicatorResult",
    "ProtectedCube",
    "indicator_protect",
    "indicator_run",
    "indicator_years",
    "published_cell",
]
