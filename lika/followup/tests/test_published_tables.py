"""Published tables: what an indicator publishes, how its breakdowns are recoded, and the cube stored once.

The figures by year and sex are what the follow-up exists for; these tests hold that a small group deep
in a breakdown cannot blank them, that a breakdown too thin for a year is withheld for that year
instead, and that the stored cube, the dashboard's view of it and ``lika followup-indicator`` agree.
"""

from __future__ import annotations

import csv
import io
import json
import random
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from lika.followup.facts.export import facts_export
from lika.followup.indicators import dashboard
from lika.followup.indicators.catalogue import BY_CODE, OTHER
from lika.followup.indicators.engines import DuckDBEngine
from lika.followup.indicators.results import indicator_protect, indicator_run
from lika.followup.indicators.store import cube_path, cube_version, cubes_store, protected_cube
from lika.followup.indicators.tables import dashboard_layout
from lika.followup.tests.factories import PERSON_SCHEMA, MemoryEngine, person_rows, random_facts_write
from lika.statistics.disclosure import TOTAL, DisclosureRules, Reason, audit_tables, table_complete

OWN_CARD = BY_CODE["own_card_adults"]
TABLE = "followup_factpersonyear"
RULES = DisclosureRules()


def _engine(counts: dict[tuple[int, str, str], tuple[int, int]], **fixed: Any) -> MemoryEngine:
    return MemoryEngine({TABLE: person_rows(counts, **fixed)}, {TABLE: PERSON_SCHEMA})


def _large(years: tuple[int, ...] = (2022, 2023, 2024)) -> dict[tuple[int, str, str], tuple[int, int]]:
    """Three countries with groups large enough everywhere: 60 women and 60 men each, 40 and 45 with a card."""
    return {
        (year, sex, country): (60, 40 if sex == "female" else 45)
        for year in years
        for sex in ("female", "male")
        for country in ("SY", "AF", "ER")
    }


def test_one_small_deep_cell_leaves_the_figures_by_year_and_sex_visible() -> None:
    """Protecting the whole cube used to spread a deep cell's masks to the totals. Now the small group is
    hidden in its own table only, and every figure by year and sex is published."""
    counts = _large()
    counts[(2023, "female", "UA")] = (3, 2)  # Ukrainian women in 2023: three, two with a card
    counts[(2023, "male", "UA")] = (9, 8)
    for year in (2022, 2024):
        for sex in ("female", "male"):
            counts[(year, sex, "UA")] = (30, 20)
    engine = _engine(counts)
    by_sex = indicator_run(OWN_CARD, engine=engine, rules=RULES, breakdown=())
    assert by_sex.masked_count == 0
    assert by_sex.figure(year=2023, sex="female").numerator == 3 * 40 + 2
    by_country = indicator_run(OWN_CARD, engine=engine, rules=RULES, breakdown=("country_of_birth",))
    hidden = {key for key, figure in by_country.figures.items() if figure.masked is not None}
    assert ("2023", "female", "UA") in hidden
    assert all(key[2] != TOTAL for key in hidden), "no figure by year and sex is hidden"


def test_the_protection_of_the_published_tables_holds_against_an_attacker() -> None:
    """The audit (linear programming over every published cell, the unpublished ones as unknowns) cannot
    narrow any small group below the protection width."""
    counts = _large()
    counts[(2023, "female", "UA")] = (3, 2)
    counts[(2023, "male", "UA")] = (9, 8)
    for year in (2022, 2024):
        for sex in ("female", "male"):
            counts[(year, sex, "UA")] = (30, 20)
    cube = indicator_protect(OWN_CARD, engine=_engine(counts), rules=RULES)
    dims = OWN_CARD.dimensions
    finest: dict[str, dict[tuple[str, ...], int]] = {"population": {}, "numerator": {}}
    for (year, sex, country), (persons, own) in counts.items():
        key = (str(year), sex, "25-34", country)
        finest["population"][key] = persons
        finest["numerator"][key] = own
    tables = {name: table_complete(dims, cells) for name, cells in finest.items()}
    hidden = {
        name: {key for key in tables[name] if key not in cube.tables[name] or key in cube.masked[name]}
        for name in tables
    }
    found = audit_tables(tables, hidden, dims=dims, shares=[("numerator", "population")])
    small = ("2023", "female", TOTAL, "UA")
    low, high = found.cells[("population", small)]
    assert high - low >= RULES.width
    assert small in cube.masked["population"]


def test_a_breakdown_too_thin_for_a_year_is_withheld_for_that_year() -> None:
    """In 2024 every country is small. Protecting them in their own table would hide the figures for women
    and men; the breakdown by country is withheld for 2024 instead, and those figures stay."""
    counts = _large((2022, 2023))
    for country in ("SY", "AF", "ER"):
        counts[(2024, "female", country)] = (4, 2)
        counts[(2024, "male", country)] = (3, 2)
    engine = _engine(counts)
    by_country = indicator_run(OWN_CARD, engine=engine, rules=RULES, breakdown=("country_of_birth",))
    withheld = [f for key, f in by_country.figures.items() if key[0] == "2024" and key[2] != TOTAL]
    assert withheld
    assert {f.masked.reason for f in withheld if f.masked} == {Reason.WITHHELD}
    assert by_country.figure(year=2024, sex="female").population == 12
    assert by_country.figure(year=2023, sex="female", country_of_birth="SY").population == 60


def test_small_countries_are_gathered_into_other_countries() -> None:
    counts = _large()
    for year in (2022, 2023, 2024):
        counts[(year, "female", "GE")] = (2, 1)
        counts[(year, "male", "GE")] = (1, 1)
    result = indicator_run(OWN_CARD, engine=_engine(counts), rules=RULES, breakdown=("country_of_birth",))
    countries = {key[2] for key in result.figures}
    assert countries == {"SY", "AF", "ER", OTHER, TOTAL}
    gathered = result.figure(year=2022, sex="female", country_of_birth=OTHER).masked
    assert gathered is not None, "two women: still too few once gathered, so hidden"
    assert gathered.reason == Reason.SMALL_COUNT


@pytest.mark.django_db
def test_the_stored_cube_is_read_back_and_refreshed_when_the_facts_change(facts_dir: Path) -> None:
    random_facts_write(facts_dir, rows=120, seed=3)
    engine = DuckDBEngine(facts_dir)
    stored = dict(cubes_store(engine, RULES))
    assert OWN_CARD in stored
    path = cube_path(OWN_CARD, engine)
    data = json.loads(path.read_text())
    masked_keys = {tuple(key) for key, _reason, _protects in data["masked"]["population"]}
    width = len(data["dims"])
    assert all(row[width] is None for row in data["tables"]["population"] if tuple(row[:width]) in masked_keys), (
        "no hidden number is stored"
    )
    first = protected_cube(OWN_CARD, engine=engine, rules=RULES)
    assert first == indicator_protect(OWN_CARD, engine=engine, rules=RULES)
    version = cube_version(OWN_CARD, engine, RULES)
    facts_export(facts_dir)  # the nightly job writes the facts again: the stored cube no longer matches
    assert cube_version(OWN_CARD, engine, RULES) != version
    assert protected_cube(OWN_CARD, engine=engine, rules=RULES) == first
    assert json.loads(path.read_text())["version"] == cube_version(OWN_CARD, engine, RULES)


@pytest.mark.django_db
def test_the_command_prints_what_the_dashboard_shows(facts_dir: Path, settings: Any) -> None:
    random_facts_write(facts_dir, rows=150, seed=5)
    settings.LIKA_FACTS_DIR = facts_dir
    out = io.StringIO()
    call_command("followup_indicator", "own_card_adults", "--format", "json", "--language", "en", stdout=out)
    printed = json.loads(out.getvalue())
    shares = printed["tables"][0]
    assert shares["name"] == "shares"
    headers = [row["headers"] for row in shares["rows"]]
    assert ["Women"] in headers
    assert ["Men"] in headers
    assert headers[-1] == ["All"]
    result = indicator_run(OWN_CARD, engine=DuckDBEngine(facts_dir), rules=RULES, breakdown=())
    women = next(row for row in shares["rows"] if row["headers"] == ["Women"])
    for index, year in enumerate(printed["years"]):
        figure = result.figure(year=year, sex="female")
        cell = women["cells"][index]
        assert (cell["text"] == "..") == (figure.masked is not None)
    listing = io.StringIO()
    call_command("followup_indicator", "--list", stdout=listing)
    assert "own_card_couples" in listing.getvalue()
    assert "--by household_type; country_of_birth" in listing.getvalue()


@pytest.mark.django_db
def test_the_command_writes_the_dashboards_csv_and_refuses_unpublished_breakdowns(
    facts_dir: Path, settings: Any, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    random_facts_write(facts_dir, rows=150, seed=5)
    settings.LIKA_FACTS_DIR = facts_dir
    call_command(
        "followup_indicator", "at_und_granted", "--by", "age_group", "--years", "2022-2024", "--language", "en"
    )
    text = capsysbinary.readouterr().out.decode("utf-8-sig")
    lines = list(csv.reader(io.StringIO(text)))
    assert lines[0][0] == "Indicator"
    assert any(line[:2] == ["All", "Women"] for line in lines)
    with pytest.raises(CommandError, match="region is not one of the available choices"):
        call_command("followup_indicator", "at_und_granted", "--by", "region", "--language", "en")
    with pytest.raises(CommandError, match="no indicator called"):
        call_command("followup_indicator", "nothing_here")
    with pytest.raises(CommandError, match="--years"):
        call_command("followup_indicator", "at_und_granted", "--years", "twenty")


def _many(seed: int) -> dict[tuple[int, str, str], tuple[int, int]]:
    rng = random.Random(seed)  # noqa: S311 - test data
    return {
        (year, sex, country): (persons, rng.randint(0, persons))
        for year in (2022, 2023, 2024)
        for sex in ("female", "male")
        for country in ("SY", "AF", "ER", "UA", "IQ")
        for persons in [rng.choice([0, 1, 2, 3, 6, 15, 40])]
    }


@pytest.mark.parametrize("seed", range(4))
def test_a_free_breakdown_changes_every_count_a_little_and_hides_none(seed: int) -> None:
    """Age × country is no published table of own_card_adults: it is shown with the cell-key method. Every
    count is within 2 of the truth, none is 1 or 2, no share exceeds 100 %, nothing is hidden, and the same
    cell shows the same number whichever years are asked for."""
    counts = _many(seed)
    engine = _engine(counts, age_group="25-34")
    assert OWN_CARD.is_free(("age_group", "country_of_birth"))
    free = indicator_run(OWN_CARD, engine=engine, rules=RULES, breakdown=("country_of_birth", "age_group"), salt=9)
    assert free.perturbed
    assert free.masked_count == 0
    shown_countries = {key[3] for key in free.figures} - {OTHER, TOTAL}

    def truth(key: tuple[str, ...], measure: int) -> int:
        """The exact count of a cell (year, sex, age, country), "other" and margins summed from the rows."""
        year, sex, _age, country = key
        return sum(
            values[measure]
            for (y, s, c), values in counts.items()
            if str(y) == year
            and sex in {s, TOTAL}
            and (country in {c, TOTAL} or (country == OTHER and c not in shown_countries))
        )

    changed = 0
    for key, figure in free.figures.items():
        assert figure.masked is None
        assert figure.population is not None
        assert figure.numerator is not None
        for shown, true in ((figure.population, truth(key, 0)), (figure.numerator, truth(key, 1))):
            assert abs(shown - true) <= 2, key
            assert not 0 < shown <= 2
        assert figure.numerator <= figure.population
        changed += figure.population != truth(key, 0)
    assert changed, "some count is changed"
    later = indicator_run(
        OWN_CARD, engine=engine, rules=RULES, breakdown=("age_group", "country_of_birth"), years=[2023, 2024], salt=9
    )
    for key, figure in later.figures.items():
        assert (figure.population, figure.numerator) == (free.figures[key].population, free.figures[key].numerator)
    other_salt = indicator_run(OWN_CARD, engine=engine, rules=RULES, breakdown=("age_group", "country_of_birth"))
    assert {k: f.population for k, f in other_salt.figures.items()} != {
        k: f.population for k, f in free.figures.items()
    }


def test_amounts_have_no_free_breakdowns() -> None:
    assert BY_CODE["allowance_entitled"].free_pairs() == ()
    assert BY_CODE["at_und_granted"].free_pairs() == (("age_group", "country_of_birth"),)
    with pytest.raises(ValueError, match="not published"):
        BY_CODE["allowance_entitled"].breakdown(("age_group", "country_of_birth"))


@pytest.mark.django_db
def test_a_page_takes_its_years_from_the_stored_cube_not_from_a_scan_of_the_facts(
    facts_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The years query scanned the fact file on every page and export; the stored cube already knows them."""
    random_facts_write(facts_dir, rows=120, seed=3)
    engine = DuckDBEngine(facts_dir)
    cubes_store(engine, RULES)

    def scan(*_args: object, **_kwargs: object) -> list[int]:
        raise AssertionError("the facts were scanned for their years")

    monkeypatch.setattr(dashboard, "indicator_years", scan)
    assert dashboard.published_years(OWN_CARD, engine=engine, rules=RULES) == [2022, 2023, 2024]


def test_a_free_breakdown_says_its_figures_are_changed_not_hidden() -> None:
    engine = _engine(_many(1), age_group="25-34")
    free = dashboard_layout(
        indicator_run(OWN_CARD, engine=engine, rules=RULES, breakdown=("age_group", "country_of_birth"), salt=9)
    )
    assert "changed a little" in free.chart_key
    assert "Hidden figures" not in free.chart_key
    assert "changed a little" in free.rules_text
