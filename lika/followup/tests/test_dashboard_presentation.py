"""The dashboard's tables, labels, chart and description, built from figures run on rows held in memory."""

from __future__ import annotations

import csv
import dataclasses
import io
from collections.abc import Mapping
from pathlib import Path

import openpyxl
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from django.apps import apps
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lika.core.formats import number_text
from lika.followup.indicators import dashboard as cached_dashboard
from lika.followup.indicators import tables
from lika.followup.indicators.catalogue import BY_CODE, OTHER, Coverage
from lika.followup.indicators.charts import chart_points, chart_spec
from lika.followup.indicators.dashboard import Freshness, dashboard_build, dashboard_cached
from lika.followup.indicators.engines import DuckDBEngine
from lika.followup.indicators.exports import csv_export, hidden_figures, xlsx_export
from lika.followup.indicators.forms import IndicatorQueryForm
from lika.followup.indicators.labels import CHANNEL_KINDS, value_label
from lika.followup.indicators.results import IndicatorResult, indicator_run
from lika.followup.indicators.tables import Dashboard, Table, chart_description
from lika.followup.tests.factories import PERSON_SCHEMA, MemoryEngine, person_rows
from lika.statistics.disclosure import LEGEND, REASON_TEXT, TOTAL, DisclosureRules

OPEN = DisclosureRules(min_count=1, min_denominator=1)  # publishes every figure
STRICT = DisclosureRules()
OWN_CARD = BY_CODE["own_card_adults"]
TABLE = "followup_factpersonyear"
YEARS = (2022, 2023, 2024)

Counts = Mapping[tuple[int, str, str], tuple[int, int]]


def _series() -> dict[tuple[int, str, str], tuple[int, int]]:
    counts: dict[tuple[int, str, str], tuple[int, int]] = {}
    for year, women, men in [(2022, (40, 30), (40, 35)), (2023, (50, 40), (45, 40)), (2024, (60, 55), (55, 50))]:
        counts[(year, "female", "SY")] = women
        counts[(year, "male", "SY")] = men
    counts[(2023, "unknown", "SY")] = (3, 2)
    return counts


def _run(counts: Counts, rules: DisclosureRules = OPEN, **options: object) -> IndicatorResult:
    engine = MemoryEngine({TABLE: person_rows(counts)}, {TABLE: PERSON_SCHEMA})
    return indicator_run(OWN_CARD, engine=engine, rules=rules, **options)  # type: ignore[arg-type]


def _dashboard(counts: Counts, rules: DisclosureRules = OPEN, **options: object) -> Dashboard:
    engine = MemoryEngine({TABLE: person_rows(counts)}, {TABLE: PERSON_SCHEMA})
    return dashboard_build(OWN_CARD, engine=engine, rules=rules, **options)  # type: ignore[arg-type]


def _by_slug(dashboard: Dashboard, slug: str) -> Table:
    return next(table for table in dashboard.tables if table.slug == slug)


def _row(table: Table, *headers: str) -> int:
    return next(index for index, row in enumerate(table.rows) if row.headers == headers)


# --- Numbers and labels ---------------------------------------------------------------------------------------------


def test_numbers_are_written_the_swedish_way_in_swedish() -> None:
    with translation.override("sv"):
        assert number_text(1234.5, 1) == "1\u00a0234,5"
        assert number_text(-4.25, 1) == "\u22124,2"  # the minus sign; a half rounds to even
    with translation.override("en"):
        assert number_text(1234567) == "1,234,567"


@pytest.mark.parametrize(
    ("column", "code", "english", "swedish"),
    [
        ("sex", "female", "Women", "Kvinnor"),
        ("holder_sex", "male", "Men", "Män"),
        ("country_of_birth", "SY", "Syria", "Syrien"),
        ("age_group", "25-34", "25-34", "25-34"),
        ("age_group", TOTAL, "All", None),
        ("region", "14", "Västra Götalands län", "Västra Götalands län"),
        ("channel", "skarm-malmo", "skarm-malmo", "skarm-malmo"),
    ],
)
def test_codes_are_shown_with_readable_labels(column: str, code: str, english: str, swedish: str | None) -> None:
    with translation.override("en"):
        assert value_label(column, code) == english
    if swedish is not None:
        with translation.override("sv"):
            assert value_label(column, code) == swedish


def test_the_follow_ups_own_codes_and_the_models_choices_have_labels() -> None:
    assert value_label("household_type", "two_adults_children") == "Two adults with children"
    assert value_label("household_type", "none") == "Not in a household"
    assert value_label("permit_ground", "family_ties") == "Family ties"
    assert value_label("permit_ground", "none") == "No application"
    assert value_label("reason", "cannot_use_card").startswith("The person cannot use a card")
    assert value_label("quarter", "2") == "April–June"
    assert value_label("language", "ar") == "Arabic"


def test_every_kind_of_channel_the_counter_knows_has_the_same_label_in_the_follow_up() -> None:
    """The follow-up names the channel kinds of its fact table itself; they must not drift from Om Sverige's.

    The choices are read through Django's app registry: the follow-up imports nothing of newcomer_info.
    """
    kinds = apps.get_model("newcomer_info", "Channel")._meta.get_field("kind").choices
    assert kinds
    for language in ("en", "sv"):
        with translation.override(language):
            shown = {code: str(label) for code, label in kinds}
            assert {code: str(label) for code, label in CHANNEL_KINDS.items()} == shown
            assert all(value_label("channel_kind", code) == label for code, label in shown.items())


# --- The tables -----------------------------------------------------------------------------------------------------------


def test_the_share_table_has_groups_as_rows_and_each_measures_years_side_by_side() -> None:
    shares = _by_slug(_dashboard(_series()), "shares")
    assert shares.years == YEARS
    assert [group.label for group in shares.groups] == ["Share of the group, %", "Counted (n)", "In the group (N)"]
    assert [row.headers for row in shares.rows] == [("Women",), ("Men",), ("Unknown sex",), ("All",)]
    women = shares.rows[0]
    assert [cell.text for cell in women.cells] == ["75.0", "80.0", "91.7", "30", "40", "55", "40", "50", "60"]
    assert [cell.value for cell in women.cells[3:]] == [30, 40, 55, 40, 50, 60]
    assert shares.rows[-1].total


def test_a_share_of_nobody_prints_a_dot_and_a_zero_count_a_dash() -> None:
    shares = _by_slug(_dashboard(_series()), "shares")
    unknown = shares.rows[_row(shares, "Unknown sex")]
    assert [cell.text for cell in unknown.cells] == [".", "66.7", ".", "–", "2", "–", "–", "3", "–"]
    assert unknown.cells[0].value is None


def test_the_sex_split_and_the_share_are_different_tables_with_different_labels() -> None:
    dashboard = _dashboard(_series())
    assert [table.slug for table in dashboard.tables] == ["shares", "split", "differences"]
    split = _by_slug(dashboard, "split")
    assert split.groups[0].label == "Part of those counted, %"
    assert "not the share of women who" in split.explanation
    assert "not women's part of all" in _by_slug(dashboard, "shares").explanation
    women = split.rows[_row(split, "Women")]
    assert [cell.text for cell in women.cells] == ["46.2", "48.8", "52.4"]  # 30 of 65, 40 of 82, 55 of 105


def test_the_difference_is_women_minus_men_in_percentage_points() -> None:
    differences = _by_slug(_dashboard(_series()), "differences")
    assert [cell.text for cell in differences.rows[0].cells] == ["\u221212.5", "\u22128.9", "0.8"]
    assert differences.rows[0].cells[0].value == -12.5


def test_intervals_come_as_their_own_columns_only_when_asked_for() -> None:
    assert all(not group.interval for table in _dashboard(_series()).tables for group in table.groups)
    shares = _by_slug(_dashboard(_series(), intervals=True), "shares")
    assert shares.groups[1].interval
    interval = shares.rows[0].cells[3]  # women, 2022: 30 of 40
    assert interval.value is not None
    assert interval.upper is not None
    assert interval.value < 75.0 < interval.upper
    assert interval.text == f"{number_text(interval.value, 1)} – {number_text(interval.upper, 1)}"


def test_a_small_group_is_masked_with_a_numbered_reason_and_no_number() -> None:
    dashboard = _dashboard(_series(), STRICT)
    shares = _by_slug(dashboard, "shares")
    unknown = shares.rows[_row(shares, "Unknown sex")]
    for cell in (unknown.cells[1], unknown.cells[4], unknown.cells[7]):  # share, n and N in 2023
        assert cell.masked
        assert cell.value is None
        assert cell.note is not None
    texts = {note.number: note.text for note in dashboard.notes}
    hidden = _run(_series(), STRICT).figure(year=2023, sex="unknown").masked
    assert hidden is not None
    assert unknown.cells[4].note is not None
    assert texts[unknown.cells[4].note] == REASON_TEXT[hidden.reason]
    used = {cell.note for table in dashboard.tables for row in table.rows for cell in row.cells if cell.note}
    assert used == set(texts)
    for table in dashboard.tables:
        in_table = {cell.note for row in table.rows for cell in row.cells if cell.note}
        assert {note.number for note in table.notes} == in_table


counts_strategy = st.dictionaries(
    st.tuples(st.sampled_from(YEARS), st.sampled_from(["female", "male", "unknown"]), st.sampled_from(["SY", "ER"])),
    st.integers(0, 30).flatmap(lambda persons: st.tuples(st.just(persons), st.integers(0, persons))),
    min_size=1,
    max_size=12,
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(counts=counts_strategy)
def test_every_printed_cell_is_the_published_figure_or_a_symbol(counts: Counts) -> None:
    """Property: a masked figure prints ``..`` with a reason; a published one prints its own value."""
    result = _run(counts, STRICT, breakdown=("country_of_birth",))
    dashboard = tables.dashboard_layout(result)
    shares = _by_slug(dashboard, "shares")
    countries = {value_label("country_of_birth", code): code for code in ("SY", "ER", OTHER, TOTAL)}
    sexes = {value_label("sex", code): code for code in ("female", "male", "unknown", TOTAL)}
    years = len(shares.years)
    for row in shares.rows:
        country, sex = countries[row.headers[0]], sexes[row.headers[1]]
        for position, year in enumerate(shares.years):
            figure = result.figures[(str(year), sex, country)]
            share, n, population = (row.cells[group * years + position] for group in range(3))
            if figure.masked is not None:
                assert (share.text, n.text) == ("..", "..")
                assert (share.value, n.value) == (None, None)
                assert share.note
                assert n.note
                continue
            assert n.value == (figure.numerator or None)
            assert population.value == (figure.population or None)
            assert share.value == (round(100 * figure.share, 1) if figure.share else None)
    reasons = set(REASON_TEXT.values())
    for note in dashboard.notes:
        assert note.text in reasons or note.text.startswith("The number in the group is hidden")


@settings(max_examples=25, deadline=None)
@given(counts=counts_strategy)
def test_where_every_part_is_published_the_sex_split_adds_up_to_a_hundred(counts: Counts) -> None:
    split = _by_slug(tables.dashboard_layout(_run(counts, OPEN)), "split")
    for position in range(len(split.years)):
        parts = [row.cells[position] for row in split.rows]
        values = [cell.value for cell in parts if cell.value is not None]
        if values and all(cell.value is not None or cell.text == "–" for cell in parts):
            assert sum(values) == pytest.approx(100, abs=0.2)


def test_a_split_shows_kronor_and_each_sexs_part() -> None:
    rows = [
        {"year": 2024, "quarter": 1, "holder_sex": sex, "amount_ore": ore} for sex, ore in [("female", 150_050)] * 6
    ]
    rows += [{"year": 2024, "quarter": 1, "holder_sex": "male", "amount_ore": 100_000}] * 6
    engine = MemoryEngine({"followup_factpayment": rows})
    dashboard = dashboard_build(BY_CODE["allowance_paid"], engine=engine, rules=OPEN)
    (amounts,) = dashboard.tables
    assert [group.label for group in amounts.groups] == ["Kronor", "Part of the group's total, %"]
    assert [(row.headers, [c.text for c in row.cells]) for row in amounts.rows] == [
        (("Women",), ["9,003", "60.0"]),
        (("Men",), ["6,000", "40.0"]),
        (("All",), ["15,003", "100.0"]),
    ]
    assert "9,003 kronor went to women and 6,000 kronor to men" in dashboard.description


# --- The chart and its description --------------------------------------------------------------------------------------------


def test_the_description_gives_the_latest_year_beside_the_first() -> None:
    text = chart_description(_run(_series()))
    assert text.startswith("In 2024 the share was 92\u00a0% for women and 91\u00a0% for men.")
    assert "The difference was 0.8 percentage points." in text
    assert "In 2022 the share was 75\u00a0% for women and 88\u00a0% for men." in text


def test_hidden_figures_are_gaps_in_the_chart_never_zeros() -> None:
    counts = _series()
    counts[(2023, "female", "SY")] = (50, 48)  # only two women lack it: hidden
    result = _run(counts, STRICT)
    points = chart_points(result)
    hidden = [p for p in points if p.masked]
    assert hidden, "the small group hides some figures"
    assert all(p.value is None for p in hidden)
    spec = chart_spec(result)
    rows: list[dict[str, object]] = spec["datasets"][spec["data"]["name"]]  # type: ignore[index]
    assert [row["value"] for row in rows if row["masked"]] == [None] * len(hidden)
    assert "datum.value !== null" in str(spec)  # only published values are drawn


def test_the_chart_tells_women_and_men_apart_by_colour_dash_and_shape() -> None:
    spec = str(chart_spec(_run(_series())))
    for channel in ("strokeDash", "shape", "color"):
        assert f"'{channel}'" in spec
    assert "circle" in spec
    assert "square" in spec


# --- Exports -----------------------------------------------------------------------------------------------------------------------


def test_every_hidden_figure_is_listed_with_its_reason_in_the_exports() -> None:
    dashboard = _dashboard(_series(), STRICT)
    masked = sum(cell.masked for table in dashboard.tables for row in table.rows for cell in row.cells)
    listed = hidden_figures(dashboard)
    assert len(listed) == masked > 0
    assert all(line[5] in {note.text for note in dashboard.notes} for line in listed)
    lines = list(csv.reader(io.StringIO(csv_export(dashboard, Freshness()).decode("utf-8-sig"))))
    for symbol, legend in LEGEND.items():
        assert [str(symbol), legend] in lines


def test_the_xlsx_file_opens_with_the_header_block_first() -> None:
    content = xlsx_export(_dashboard(_series()), Freshness())
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    assert sheet is not None
    assert sheet["A1"].value == "Indicator"
    assert sheet["B1"].value == "Adults in couples who have their own card (own_card_adults)"


# --- The form and the cache -----------------------------------------------------------------------------------------------------------


def test_the_form_defaults_to_all_years_and_intervals_by_coverage() -> None:
    form = IndicatorQueryForm({}, indicator=OWN_CARD, years=[2021, 2022, 2023, 2024])
    query = form.query()
    assert query.years == (2021, 2022, 2023, 2024)
    assert not query.intervals
    sample = dataclasses.replace(OWN_CARD, coverage=Coverage.SAMPLE)
    assert IndicatorQueryForm({}, indicator=sample, years=[2024]).query().intervals


def test_the_form_offers_the_published_tables_then_the_free_pairs_and_takes_a_breakdown_in_any_order() -> None:
    form = IndicatorQueryForm({}, indicator=OWN_CARD, years=[2022, 2023, 2024])
    choices = dict(form.fields["breakdown"].choices)  # type: ignore[attr-defined]
    assert list(choices) == ["", "age_group", "country_of_birth", "age_group,country_of_birth"]
    assert "changed slightly" in choices["age_group,country_of_birth"]
    chosen = IndicatorQueryForm({"breakdown": "country_of_birth"}, indicator=OWN_CARD, years=[2022, 2023, 2024])
    assert chosen.query().breakdown == ("country_of_birth",)
    both = IndicatorQueryForm({"breakdown": "country_of_birth,age_group"}, indicator=OWN_CARD, years=[2022, 2023])
    assert both.query().breakdown == ("age_group", "country_of_birth")
    amounts = BY_CODE["allowance_entitled"]
    refused = IndicatorQueryForm({"breakdown": "country_of_birth,age_group"}, indicator=amounts, years=[2022, 2023])
    assert not refused.is_valid(), "amounts have no free pairs"
    assert "age_group,country_of_birth is not one of the available choices" in str(refused.errors["breakdown"])


def test_with_fewer_than_three_years_of_data_all_of_them_are_enough() -> None:
    form = IndicatorQueryForm({"first_year": "2023", "last_year": "2024"}, indicator=OWN_CARD, years=[2023, 2024])
    assert form.is_valid(), form.errors
    assert form.query().years == (2023, 2024)


def test_the_figures_are_reused_until_the_parquet_file_is_rewritten(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / f"{TABLE}.parquet"
    pq.write_table(pa.Table.from_pylist(person_rows(_series())), path)
    runs: list[object] = []
    real_run = indicator_run

    def counting_run(*args: object, **kwargs: object) -> IndicatorResult:
        runs.append(args)
        return real_run(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(cached_dashboard, "indicator_run", counting_run)
    engine = DuckDBEngine(tmp_path)
    first = dashboard_cached(OWN_CARD, engine=engine, rules=OPEN, years=YEARS)
    second = dashboard_cached(OWN_CARD, engine=engine, rules=OPEN, years=YEARS)
    assert len(runs) == 1
    assert second.result == first.result
    changed = _series()
    changed[(2024, "female", "SY")] = (60, 20)
    pq.write_table(pa.Table.from_pylist(person_rows(changed)), path)
    third = dashboard_cached(OWN_CARD, engine=engine, rules=OPEN, years=YEARS)
    assert len(runs) == 2
    assert third.result.figure(year=2024, sex="female").numerator == 20
