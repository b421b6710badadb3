"""Disclosure control: primary and secondary suppression over margins and linked tables, checked by an attacker.

The hand-worked tables below are small enough to follow on paper; the working is in each docstring.
The property test draws random tables and rules, and checks every result with the linear-programming
audit (and, for small results, with the whole-number audit): no masked cell can be worked out from
what is published, and every protected quantity keeps the width the rules ask for.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lika.statistics.disclosure import (
    KEEP_FACTOR,
    LEGEND,
    REASON_TEXT,
    TOTAL,
    DisclosureRules,
    Key,
    Masked,
    Reason,
    Suppression,
    Symbol,
    audit,
    audit_tables,
    cell_symbol,
    suppress,
    table_complete,
)

SEX = ("sex",)
KEEP = KEEP_FACTOR
PRIMARY = {Reason.SMALL_COUNT, Reason.SMALL_COMPLEMENT, Reason.SMALL_DENOMINATOR}


def by_sex(female: int, male: int, unknown: int | None = None) -> dict[Key, int]:
    finest: dict[Key, int] = {("female",): female, ("male",): male}
    if unknown is not None:
        finest[("unknown",)] = unknown
    return table_complete(SEX, finest)


def width(interval: tuple[float, float]) -> float:
    """The width of an audit interval once rounded inward to whole numbers, as an attacker would."""
    low, high = interval
    return (high if math.isinf(high) else math.floor(high + 1e-6)) - math.ceil(low - 1e-6)


def reasons(result: Suppression, table: str) -> dict[Key, Reason]:
    return {key: masked.reason for key, masked in result.cells[table].items()}


# --- Tables -----------------------------------------------------------------------------------------------------


def test_table_complete_adds_every_margin_and_the_missing_zeros() -> None:
    """Two years by two sexes: four finest cells (one missing, so zero), four subtotals, one grand total."""
    table = table_complete(("year", "sex"), {("2025", "female"): 3, ("2025", "male"): 4, ("2026", "female"): 10})

    assert table == {
        ("2025", "female"): 3,
        ("2025", "male"): 4,
        ("2026", "female"): 10,
        ("2026", "male"): 0,
        ("2025", TOTAL): 7,
        ("2026", TOTAL): 10,
        (TOTAL, "female"): 13,
        (TOTAL, "male"): 4,
        (TOTAL, TOTAL): 17,
    }


def test_table_complete_takes_categories_that_have_no_cells() -> None:
    table = table_complete(SEX, {("female",): 3}, categories={"sex": ["female", "male", "unknown"]})

    assert table[("unknown",)] == 0
    assert table[(TOTAL,)] == 3
    assert len(table) == 4


@pytest.mark.parametrize(
    ("finest", "message"),
    [
        ({(TOTAL,): 3}, "cannot hold margins"),
        ({("female", "2025"): 3}, "one text per dimension"),
    ],
)
def test_table_complete_rejects_bad_keys(finest: dict[Key, int], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        table_complete(SEX, finest)


def test_suppress_rejects_tables_that_do_not_add_up_lack_margins_or_break_links() -> None:
    table = by_sex(10, 20)
    with pytest.raises(ValueError, match="does not add up"):
        suppress({"persons": {**table, (TOTAL,): 31}}, dims=SEX)
    with pytest.raises(ValueError, match="lacks some cells or margins"):
        suppress({"persons": {("female",): 10, ("male",): 20}}, dims=SEX)
    with pytest.raises(ValueError, match="negative"):
        suppress({"persons": by_sex(-1, 20)}, dims=SEX)
    with pytest.raises(ValueError, match="exceeds its population"):
        suppress({"n": by_sex(11, 20), "N": table}, dims=SEX, shares=[("n", "N")])
    with pytest.raises(ValueError, match="same cells"):
        suppress({"n": by_sex(1, 2, 3), "N": table}, dims=SEX, shares=[("n", "N")])
    with pytest.raises(ValueError, match="no table called"):
        suppress({"N": table}, dims=SEX, shares=[("n", "N")])
    with pytest.raises(ValueError, match="cannot also be a count table"):
        suppress({"N": table, "n": table}, dims=SEX, shares=[("n", "N")], amounts=[("n", "N")])


def test_rules_reject_impossible_thresholds() -> None:
    with pytest.raises(ValueError, match="minimum count"):
        DisclosureRules(min_count=0)
    with pytest.raises(ValueError, match="denominator"):
        DisclosureRules(min_denominator=-1)
    with pytest.raises(ValueError, match="protection width"):
        DisclosureRules(protection=0)
    with pytest.raises(ValueError, match="amount protection"):
        DisclosureRules(amount_protection=-0.1)
    assert DisclosureRules(min_count=3).width == 3
    assert DisclosureRules(min_count=3, protection=8).width == 8


# --- Hand-worked tables -----------------------------------------------------------------------------------------


def test_table_without_small_cells_masks_nothing() -> None:
    """Every count is at least five and every share's group at least ten: nothing to hide."""
    population = by_sex(40, 50, 12)
    employed = by_sex(20, 30, 6)

    result = suppress({"N": population, "n": employed}, dims=SEX, shares=[("n", "N")])

    assert result.all_masked() == []
    assert result.published("N", population) == population


def test_one_dimension_total_would_reveal_the_only_masked_cell() -> None:
    """Women 2, men 30, unknown 40, total 72. Masking only the 2 leaves 72 - 30 - 40 = 2 for anyone to
    compute, so one more cell goes: the men (30), cheaper than the unknown (40) or the total (72).
    Then women + men = 32, and the women can be anything from 0 to 32."""
    persons = by_sex(2, 30, 40)

    assert audit(persons, {("female",)}, dims=SEX) == {("female",): (2.0, 2.0)}

    result = suppress({"persons": persons}, dims=SEX)

    assert result.all_masked() == [
        Masked("persons", ("female",), Reason.SMALL_COUNT),
        Masked("persons", ("male",), Reason.SECONDARY, protects=("persons", ("female",))),
    ]
    assert audit(persons, result.masked("persons"), dims=SEX) == {("female",): (0.0, 32.0), ("male",): (0.0, 32.0)}


def two_by_two() -> dict[Key, int]:
    """Rows r1, r2 and columns c1, c2: 2 and 40 in r1, 50 and 60 in r2, with every margin."""
    return table_complete(("row", "column"), {("r1", "c1"): 2, ("r1", "c2"): 40, ("r2", "c1"): 50, ("r2", "c2"): 60})


def test_primary_suppression_alone_leaks_through_the_margins() -> None:
    """With only the 2 masked, its row total 42 minus the published 40 gives it back exactly; so do
    its column total and the grand total. Secondary suppression is what closes the leak: without it
    the masked 2 would be recomputed, and this test would fail."""
    table = two_by_two()
    primary = {("r1", "c1")}
    assert audit(table, primary, dims=("row", "column")) == {("r1", "c1"): (2.0, 2.0)}

    result = suppress({"table": table}, dims=("row", "column"))

    assert result.masked("table") > primary
    intervals = audit(table, result.masked("table"), dims=("row", "column"))
    assert width(intervals[("r1", "c1")]) >= 5
    assert all(width(interval) >= 1 for interval in intervals.values())


def test_two_by_two_one_small_cell_forces_three_more_masks() -> None:
    """The classic rectangle: masking the 2, the 40 beside it, the 50 below it and the 60 opposite keeps
    every margin published (42, 110, 52, 100, 152). The attacker knows a + b = 42, a + c = 52,
    b + d = 100 and c + d = 110, so a can be anything from 0 (b = 42, c = 52, d = 58) to 42
    (b = 0, c = 10, d = 100). The rectangle costs less than any hypercube through a margin."""
    table = two_by_two()

    result = suppress({"table": table}, dims=("row", "column"))

    assert reasons(result, "table") == {
        ("r1", "c1"): Reason.SMALL_COUNT,
        ("r1", "c2"): Reason.SECONDARY,
        ("r2", "c1"): Reason.SECONDARY,
        ("r2", "c2"): Reason.SECONDARY,
    }
    assert {masked.protects for masked in result.all_masked()} == {None, ("table", ("r1", "c1"))}
    intervals = audit(table, result.masked("table"), dims=("row", "column"))
    assert intervals[("r1", "c1")] == (0.0, 42.0)


def test_masked_population_cell_masks_its_numerator_cell() -> None:
    """Population: women 3, men 40, unknown 50. The 3 is a small count; the men are masked beside it.
    The employed among the men (20) are then masked too (linked), since their share has no
    published denominator; the employed women (1) are a small count of their own."""
    population = by_sex(3, 40, 50)
    employed = by_sex(1, 20, 25)
    tables = {"population": population, "employed": employed}
    shares = [("employed", "population")]

    result = suppress(tables, dims=SEX, shares=shares)

    assert reasons(result, "population") == {("female",): Reason.SMALL_COUNT, ("male",): Reason.SECONDARY}
    assert reasons(result, "employed") == {("female",): Reason.SMALL_COUNT, ("male",): Reason.LINKED}
    assert result.cells["employed"][("male",)].protects == ("population", ("male",))
    found = audit_tables(tables, {name: result.masked(name) for name in tables}, dims=SEX, shares=shares)
    assert found.cells[("population", ("female",))] == (0.0, 43.0)
    assert found.cells[("employed", ("female",))] == (0.0, 21.0)


def test_small_complement_masks_the_numerator_and_protects_those_without() -> None:
    """38 of 40 women are employed: publishing 38 would say that all but 2 are. The 38 is masked, and the
    20 employed men with it (their total 58 is published). The attacker knows n_women + n_men = 58,
    n_women <= 40 and n_men <= 50, so n_women lies in 8..40 and the 2 without work in 0..32."""
    population = by_sex(40, 50)
    employed = by_sex(38, 20)
    tables = {"population": population, "employed": employed}
    shares = [("employed", "population")]

    result = suppress(tables, dims=SEX, shares=shares)

    assert result.masked("population") == frozenset()
    assert reasons(result, "employed") == {("female",): Reason.SMALL_COMPLEMENT, ("male",): Reason.SECONDARY}
    found = audit_tables(tables, {name: result.masked(name) for name in tables}, dims=SEX, shares=shares)
    assert found.cells[("employed", ("female",))] == (8.0, 40.0)
    assert found.complements[("employed", "population", ("female",))] == (0.0, 32.0)


def test_attacker_who_uses_n_at_most_population_is_taken_into_account() -> None:
    """7 of 8 women and 44 of 50 men are employed; the rules ask for a width of 10. Masking the two
    employed figures looks safe in the employed table alone (0..51), but the published population
    gives n_women <= 8 and n_men <= 50, so n_women >= 1: only 1..8, and those without work 0..7.
    Suppression therefore also masks the population of women and the population total (with the
    employed total, linked), after which nothing bounds the women from above."""
    population = by_sex(8, 50)
    employed = by_sex(7, 44)
    tables = {"population": population, "employed": employed}
    shares = [("employed", "population")]
    both = {("female",), ("male",)}

    assert audit(employed, both, dims=SEX)[("female",)] == (0.0, 51.0)
    naive = audit_tables(tables, {"employed": both}, dims=SEX, shares=shares)
    assert naive.cells[("employed", ("female",))] == (1.0, 8.0)
    assert naive.complements[("employed", "population", ("female",))] == (0.0, 7.0)

    result = suppress(tables, dims=SEX, shares=shares, rules=DisclosureRules(protection=10))

    assert reasons(result, "employed")[("female",)] == Reason.SMALL_COMPLEMENT
    found = audit_tables(tables, {name: result.masked(name) for name in tables}, dims=SEX, shares=shares)
    assert width(found.cells[("employed", ("female",))]) >= 10
    assert width(found.complements[("employed", "population", ("female",))]) >= 10


def test_share_of_a_small_group_is_masked() -> None:
    """Eight women, of whom 4 are employed: no count is below three, but the group is below the minimum
    denominator of ten, so the employed women (and their share) are masked, not the eight."""
    population = by_sex(8, 50, 20)
    employed = by_sex(4, 20, 10)
    rules = DisclosureRules(min_count=3)

    result = suppress({"N": population, "n": employed}, dims=SEX, shares=[("n", "N")], rules=rules)

    assert result.cells["n"][("female",)].reason == Reason.SMALL_DENOMINATOR
    assert not result.is_masked("N", ("female",))
    found = audit_tables({"N": population, "n": employed}, {"n": result.masked("n")}, dims=SEX, shares=[("n", "N")])
    assert width(found.cells[("n", ("female",))]) >= 3


def test_amount_table_is_masked_where_the_persons_behind_it_are() -> None:
    """Two women were paid 2,500 kronor together: their amount is masked with their count, and the
    men's with the men's count. The attacker knows only that the two amounts add up to 32,500 kronor."""
    persons = by_sex(2, 30, 40)
    paid_ore = by_sex(250_000, 3_000_000, 4_100_000)
    tables = {"persons": persons, "paid_ore": paid_ore}

    result = suppress(tables, dims=SEX, amounts=[("paid_ore", "persons")])

    assert result.masked("paid_ore") == result.masked("persons") == {("female",), ("male",)}
    assert result.cells["paid_ore"][("female",)].reason == Reason.LINKED
    women = audit(paid_ore, result.masked("paid_ore"), dims=SEX)[("female",)]
    assert women == (0.0, 3_250_000.0)


def test_zeros_are_published_unless_the_rules_say_otherwise() -> None:
    persons = by_sex(0, 30, 40)

    assert suppress({"persons": persons}, dims=SEX).all_masked() == []
    masked = suppress({"persons": persons}, dims=SEX, rules=DisclosureRules(suppress_zero=True))
    assert masked.cells["persons"][("female",)].reason == Reason.SMALL_COUNT


def test_suppression_is_deterministic() -> None:
    """The same tables, even given in another order, give the same masks and reasons."""
    table = table_complete(
        ("year", "sex"),
        {
            (year, sex): value
            for (year, sex), value in zip(
                itertools.product(("2024", "2025", "2026"), ("female", "male", "unknown")),
                (12, 3, 0, 40, 41, 1, 2, 60, 4),
                strict=True,
            )
        },
    )
    reversed_table = dict(reversed(list(table.items())))

    first = suppress({"persons": table}, dims=("year", "sex"))
    again = suppress({"persons": reversed_table}, dims=("year", "sex"))

    assert first == again
    assert first.all_masked() != []


# --- Reasons and symbols ----------------------------------------------------------------------------------------


def test_every_reason_and_symbol_has_a_text_for_readers() -> None:
    assert set(REASON_TEXT) == set(Reason)
    assert set(LEGEND) == set(Symbol)
    assert all(text.strip() for text in (*REASON_TEXT.values(), *LEGEND.values()))


@pytest.mark.parametrize(
    ("value", "masked", "decimals", "symbol"),
    [
        (3, True, 0, Symbol.MASKED),
        (0, False, 0, Symbol.NOTHING),
        (0.0, False, 1, Symbol.NOTHING),
        (0.4, False, 0, Symbol.LESS_THAN_HALF),
        (0.04, False, 1, Symbol.LESS_THAN_HALF),
        (-0.2, False, 0, Symbol.LESS_THAN_HALF),
        (0.4, False, 1, None),
        (0.5, False, 0, None),
        (None, False, 0, Symbol.NOT_APPLICABLE),
        (math.nan, False, 0, Symbol.NOT_APPLICABLE),
        (None, True, 0, Symbol.MASKED),
    ],
)
def test_cell_symbol_follows_statistics_swedens_conventions(
    value: float | None, masked: bool, decimals: int, symbol: Symbol | None
) -> None:
    assert cell_symbol(value, masked=masked, decimals=decimals) == symbol


def test_symbols_are_statistics_swedens_characters() -> None:
    assert [symbol.value for symbol in Symbol] == ["..", "\N{EN DASH}", "0", "."]


# --- Properties -------------------------------------------------------------------------------------------------


@st.composite
def published_tables(draw: st.DrawFn) -> tuple[dict[str, dict[Key, int]], tuple[str, ...], str, DisclosureRules]:
    """One to three dimensions of one to three categories, small and large counts, and random rules;
    a plain count table, a share (numerator and population) or an amount with its count table."""
    dims = tuple(f"d{number}" for number in range(draw(st.integers(1, 3))))
    categories = [[f"c{number}" for number in range(draw(st.integers(1, 3)))] for _ in dims]
    count = st.one_of(st.integers(0, 5), st.integers(6, 150))
    population: dict[Key, int] = {}
    numerator: dict[Key, int] = {}
    amount: dict[Key, int] = {}
    for key in itertools.product(*categories):
        population[key] = draw(count)
        numerator[key] = draw(st.integers(0, population[key]))
        amount[key] = population[key] * draw(st.integers(0, 90_000))
    kind = draw(st.sampled_from(["count", "share", "amount"]))
    tables = {"population": table_complete(dims, population)}
    if kind == "share":
        tables["numerator"] = table_complete(dims, numerator)
    if kind == "amount":
        tables["amount"] = table_complete(dims, amount)
    rules = DisclosureRules(
        min_count=draw(st.integers(2, 6)),
        min_denominator=draw(st.integers(0, 12)),
        suppress_zero=draw(st.booleans()),
        protection=draw(st.one_of(st.none(), st.integers(1, 10))),
        amount_protection=draw(st.sampled_from([0.0, 0.1, 0.5])),
    )
    return tables, dims, kind, rules


Views = tuple[tuple[frozenset[str], ...], bool] | None


@st.composite
def published_views(draw: st.DrawFn, dims: tuple[str, ...]) -> Views:
    """``None`` (every cell published) or the views that are: sets of dimensions shown (the first always among
    them, as year is in the follow-up), and whether the first dimension's margin is left out."""
    if draw(st.booleans()):
        return None
    rest = dims[1:]
    subsets = [frozenset(chosen) for size in range(len(rest) + 1) for chosen in itertools.combinations(rest, size)]
    views = draw(st.lists(st.sampled_from(subsets), min_size=1, max_size=3, unique=True))
    return tuple(frozenset({dims[0]}) | view for view in views), draw(st.booleans())


def is_published(views: Views, dims: tuple[str, ...], key: Key) -> bool:
    if views is None:
        return True
    shown, first_margin_hidden = views
    if first_margin_hidden and key[0] == TOTAL:
        return False
    return any(all(part == TOTAL or dim in view for dim, part in zip(dims, key, strict=True)) for view in shown)


def expected_primaries(
    tables: Mapping[str, Mapping[Key, int]], kind: str, rules: DisclosureRules, published: object = None
) -> dict[tuple[str, Key], float]:
    """The cells the rules make primary, worked out afresh, with the width each one's own interval needs
    (for a small complement alone, only 1: there the complement N - n carries the width)."""

    def small(value: int) -> bool:
        return 0 < value < rules.min_count or (value == 0 and rules.suppress_zero)

    shown = published if callable(published) else lambda _key: True
    primaries: dict[tuple[str, Key], float] = {}
    if kind == "share":
        for key, value in tables["numerator"].items():
            if shown(key) and small(tables["population"][key] - value):
                primaries[("numerator", key)] = 1.0
    for name in ("population", "numerator"):
        for key, value in tables.get(name, {}).items():
            if not shown(key):
                continue
            if small(value) or (name == "numerator" and 0 < tables["population"][key] < rules.min_denominator):
                primaries[(name, key)] = rules.width
    return primaries


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(published_tables(), st.data())
def test_no_masked_cell_can_be_worked_out_from_what_is_published(
    drawn: tuple[dict[str, dict[Key, int]], tuple[str, ...], str, DisclosureRules], data: st.DataObject
) -> None:
    """For random tables and rules: the primary cells are exactly those the rules name; every masked
    cell has a reason, and a secondary or linked one names a masked cell; the published cells are
    exactly the unmasked ones; and the attacker's audit cannot narrow any masked cell to a single
    value, nor a protected quantity (a small count, the complement of a share, a small group's
    numerator, an amount of few persons) below its width. Small results are audited again over
    whole numbers. The same input gives the same masks.

    Half the time only some views of the table are published (linked tables cut from one cube, as
    the follow-up publishes year × sex and year × sex × one breakdown): then only their cells are
    masked or protected, and the attacker also reasons with the cells no view shows, as unknowns."""
    tables, dims, kind, rules = drawn
    views = data.draw(published_views(dims))

    def published(key: Key) -> bool:
        return is_published(views, dims, key)

    shares = [("numerator", "population")] if kind == "share" else []
    amounts = [("amount", "population")] if kind == "amount" else []

    chosen = published if views is not None else None
    result = suppress(tables, dims=dims, rules=rules, shares=shares, amounts=amounts, published=chosen)

    primaries = expected_primaries(tables, kind, rules, published)
    flagged = {(masked.table, masked.key) for masked in result.all_masked() if masked.reason in PRIMARY}
    assert flagged == set(primaries)
    for masked in result.all_masked():
        assert masked.reason in Reason
        assert (masked.reason in PRIMARY) == (masked.protects is None)
        if masked.protects is not None:
            assert result.is_masked(*masked.protects)
    for name, table in tables.items():
        assert set(result.published(name, table)) == set(table) - result.masked(name)
        assert all(published(key) for key in result.masked(name)), "only published cells are masked"
    if kind == "amount":
        assert result.masked("amount") == result.masked("population")

    unpublished = {name: {key for key in table if not published(key)} for name, table in tables.items()}
    hidden = {name: result.masked(name) | unpublished[name] for name in tables}
    audits = [audit_tables(tables, hidden, dims=dims, shares=shares)]
    if sum(len(keys) for keys in hidden.values()) <= 8:
        audits.append(audit_tables(tables, hidden, dims=dims, shares=shares, exact=True))
    for found in audits:
        for (name, key), interval in found.cells.items():
            if not published(key):
                continue
            needed = primaries.get((name, key), 1.0)
            if name == "amount" and ("population", key) in primaries:
                needed = max(1.0, math.ceil(rules.amount_protection * tables["amount"][key]))
            assert width(interval) >= needed, (name, key, interval)
        for (_, _, key), interval in found.complements.items():
            if not published(key):
                continue
            complement = tables["population"][key] - tables["numerator"][key]
            if 0 < complement < rules.min_count or (complement == 0 and rules.suppress_zero):
                assert width(interval) >= rules.width, (key, interval)

    assert suppress(tables, dims=dims, rules=rules, shares=shares, amounts=amounts, published=chosen) == result


def test_keeping_women_and_men_hides_totals_instead_and_protects_as_well() -> None:
    """A small unknown-sex cell is covered by hiding totals, not the women's or men's figures."""
    dims = ("year", "sex")
    finest: dict[tuple[str, ...], int] = {
        ("2024", "female"): 40,
        ("2024", "male"): 35,
        ("2024", "unknown"): 2,
        ("2025", "female"): 50,
        ("2025", "male"): 45,
        ("2025", "unknown"): 30,
    }
    table = table_complete(dims, finest)
    plain = suppress({"persons": table}, dims=dims).masked("persons")
    kept = suppress({"persons": table}, dims=dims, keep={"sex": {"female", "male"}}).masked("persons")
    assert not any(key[1] in {"female", "male"} for key in kept)
    assert ("2024", "unknown") in kept
    assert plain == {("2024", "male"), ("2024", "unknown"), ("2025", "male"), ("2025", "unknown")}
    assert kept == {("2024", "*"), ("2024", "unknown"), ("2025", "*"), ("2025", "unknown")}
    low, high = audit(table, kept, dims=dims)[("2024", "unknown")]
    assert high - low >= DisclosureRules().width


def test_keeping_values_of_an_unknown_dimension_is_refused() -> None:
    table = table_complete(("sex",), {("female",): 3, ("male",): 30})
    with pytest.raises(ValueError, match="not among the dimensions"):
        suppress({"persons": table}, dims=("sex",), keep={"year": {"2024"}})


def test_one_small_deep_cell_leaves_the_year_by_sex_table_visible() -> None:
    """Year × sex and year × sex × country are published, year × sex × country × age is not. One group,
    Eritrean women aged 18–24 in 2024, has 2 persons; it is not published, so nothing needs hiding for it.
    The year × sex × country table has one small cell (women born in Eritrea in 2025: 3): it is hidden with
    the fewest cells of its own table, and every year × sex figure stays visible — where protecting the
    whole cube would have spread masks to the totals."""
    dims = ("year", "sex", "country", "age")
    finest: dict[Key, int] = {}
    for year, sex, country, age in itertools.product(
        ["2024", "2025"], ["female", "male"], ["ER", "SY", "XX"], ["a", "b"]
    ):
        finest[(year, sex, country, age)] = 40
    finest[("2024", "female", "ER", "a")] = 2
    finest[("2025", "female", "ER", "a")] = 1
    finest[("2025", "female", "ER", "b")] = 2
    table = table_complete(dims, finest)
    views = ((frozenset({"year", "sex"}), frozenset({"year", "sex", "country"})), True)

    def published(key: Key) -> bool:
        return is_published(views, dims, key)

    keep = {"sex": {TOTAL: KEEP, "female": 2 * KEEP, "male": 2 * KEEP}, "year": {TOTAL: KEEP}}
    result = suppress({"persons": table}, dims=dims, keep=keep, published=published)
    masked = result.masked("persons")
    assert ("2025", "female", "ER", TOTAL) in masked
    assert not any(key[2] == TOTAL for key in masked), "no year × sex figure is hidden"
    assert not any(key[3] != TOTAL for key in masked), "nothing unpublished is reported as masked"
    assert len(masked) == 4, sorted(masked)
    hidden = masked | {key for key in table if not published(key)}
    low, high = audit_tables({"persons": table}, {"persons": hidden}, dims=dims).cells[
        ("persons", ("2025", "female", "ER", TOTAL))
    ]
    assert width((low, high)) >= DisclosureRules().width

    whole = suppress({"persons": table}, dims=dims, keep=keep).masked("persons")
    assert ("2024", "female", "ER", "a") in whole, "protected over the whole cube, the deep cell is masked too"
