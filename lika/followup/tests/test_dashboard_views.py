"""The analysts' dashboard pages and exports: who may see them, what they show, and that hidden figures stay hidden."""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import lxml.html
import openpyxl
import pytest
from django.conf import settings
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from lika.accounts.models import User
from lika.accounts.roles import Role
from lika.core import clock
from lika.core.disclosure import disclosure_rules
from lika.followup.facts.export import facts_export
from lika.followup.indicators.catalogue import BY_CODE, CATALOGUE, Indicator
from lika.followup.indicators.engines import DuckDBEngine
from lika.followup.indicators.results import indicator_run
from lika.followup.models import FactPersonYear, FactRebuild
from lika.followup.tests.factories import random_facts_write
from lika.testing.spreadsheets import live_formulas

pytestmark = pytest.mark.django_db

OWN_CARD = "own_card_adults"
# Per year: women (persons, with own card), men (persons, with own card). Unknown sex only in 2023: 3, 2 of them.
SERIES = {2022: ((40, 30), (40, 35)), 2023: ((50, 40), (45, 40)), 2024: ((60, 55), (55, 50))}


def _page(code: str) -> str:
    return reverse("indicators:indicator", kwargs={"code": code})


def _export(code: str, extension: str) -> str:
    return reverse(f"indicators:export_{extension}", kwargs={"code": code})


@pytest.fixture
def analyst(client: Client, make_staff: Callable[..., User]) -> User:
    user = make_staff(Role.ANALYST, username="analyst")
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # the pages' texts are checked in English
    return user


@pytest.fixture
def open_rules() -> Iterator[None]:
    """Publishes every figure: for pages whose point is the layout, not disclosure control (which is slower)."""
    with override_settings(LIKA_DISCLOSURE_MIN_COUNT=1, LIKA_DISCLOSURE_MIN_DENOMINATOR=1):
        yield


@pytest.fixture
def random_facts(facts_dir: Path) -> Path:
    return random_facts_write(facts_dir, rows=300)


def _person_rows(year: int, sex: str, persons: int, own_card: int) -> list[FactPersonYear]:
    start = FactPersonYear.objects.count() + 1
    return [
        FactPersonYear(
            year=year,
            census_date=datetime.date(year, 12, 31),
            person_id=start + index,
            adult=True,
            lma=True,
            couple_woman_man=True,
            own_card=index < own_card,
            permit_ground="asylum",
            household_type="two_adults",
            sex=sex,
            age_group="25-34",
            country_of_birth="SY",
        )
        for index in range(persons)
    ]


@pytest.fixture
def own_card_facts(facts_dir: Path) -> Path:
    """The own-card series, with a small group (three adults of unknown sex in 2023, two with a card)."""
    for year, (women, men) in SERIES.items():
        FactPersonYear.objects.bulk_create(_person_rows(year, "female", *women))
        FactPersonYear.objects.bulk_create(_person_rows(year, "male", *men))
    FactPersonYear.objects.bulk_create(_person_rows(2023, "unknown", 3, 2))
    now = clock.now()
    FactRebuild.objects.create(
        table="followup_factpersonyear",
        full=True,
        as_of=datetime.date(2024, 12, 31),
        rows_written=1,
        rows_total=1,
        started_at=now,
        finished_at=now,
    )
    facts_export(facts_dir)
    return facts_dir


def _html(content: bytes) -> Any:
    return lxml.html.fromstring(content)


def _table(content: bytes, table_id: str) -> Any:
    return _html(content).get_element_by_id(table_id)


def _row(table: Any, *headers: str) -> list[str]:
    """The printed cells of the body row whose row headers are ``headers``."""
    for row in table.xpath("./tbody/tr"):
        if tuple(th.text_content().strip() for th in row.xpath("./th")) == headers:
            return [" ".join(td.text_content().split()) for td in row.xpath("./td")]
    raise AssertionError(f"No row {headers}.")


# --- Access ---------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", [Role.ANALYST, Role.MANAGER, Role.COMMUNICATOR])
def test_roles_with_the_indicator_permission_see_the_dashboard(
    client: Client, make_staff: Callable[..., User], role: Role, own_card_facts: Path
) -> None:
    client.force_login(make_staff(role))
    assert client.get(reverse("indicators:catalogue")).status_code == 200
    assert client.get(_page(OWN_CARD)).status_code == 200
    assert client.get(_export(OWN_CARD, "csv")).status_code == 200


def test_a_case_officer_gets_403_everywhere(client: Client, make_staff: Callable[..., User]) -> None:
    client.force_login(make_staff(Role.CASE_OFFICER))
    for url in (reverse("indicators:catalogue"), _page(OWN_CARD), _export(OWN_CARD, "csv"), _export(OWN_CARD, "xlsx")):
        assert client.get(url).status_code == 403, url


def test_an_anonymous_visitor_is_sent_to_log_in(client: Client) -> None:
    for url in (reverse("indicators:catalogue"), _page(OWN_CARD), _export(OWN_CARD, "xlsx")):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))


def test_an_unknown_indicator_is_404(client: Client, analyst: User) -> None:
    assert client.get(_page("no_such_indicator")).status_code == 404


def test_the_register_imports_still_answer_beside_the_indicator_pages(client: Client, analyst: User) -> None:
    assert client.get(reverse("registers:import_list")).status_code == 200


def test_the_menu_links_to_the_dashboard_only_for_those_who_may_see_it(
    client: Client, make_staff: Callable[..., User]
) -> None:
    link = f'href="{reverse("indicators:catalogue")}"'
    client.force_login(make_staff(Role.ANALYST))
    assert link in client.get(reverse("core:start")).content.decode()
    client.force_login(make_staff(Role.CASE_OFFICER))
    assert link not in client.get(reverse("core:start")).content.decode()


# --- The catalogue ------------------------------------------------------------------------------------------------------


def test_the_catalogue_lists_every_indicator_with_its_question_and_the_rebuild_time(
    client: Client, analyst: User, own_card_facts: Path
) -> None:
    response = client.get(reverse("indicators:catalogue"))
    text = response.content.decode()
    for indicator in CATALOGUE:
        assert str(indicator.question) in text
        assert _page(indicator.code) in text
    finished = timezone.localtime(FactRebuild.objects.get().finished_at)
    assert f"last rebuilt {finished:%Y-%m-%d %H:%M}" in text
    assert "2024-12-31" in text  # the own-card facts are as of that day


def test_the_catalogue_says_when_nothing_is_built_yet(client: Client, analyst: User) -> None:
    assert "have not been built yet" in client.get(reverse("indicators:catalogue")).content.decode()


# --- One indicator --------------------------------------------------------------------------------------------------------


def _breakdowns(indicator: Indicator) -> list[tuple[str, ...]]:
    """None, the first published breakdown and the last (a pair where the indicator publishes one)."""
    tables = indicator.published_tables()
    return [(), tables[1], tables[-1]]


@pytest.mark.parametrize(
    ("indicator", "breakdown"),
    [(indicator, breakdown) for indicator in CATALOGUE for breakdown in _breakdowns(indicator)],
    ids=lambda value: value.code if isinstance(value, Indicator) else "+".join(value) or "none",
)
@pytest.mark.usefixtures("analyst", "random_facts", "open_rules")
def test_every_indicator_page_renders_its_chart_and_tables(
    client: Client, indicator: Indicator, breakdown: tuple[str, ...]
) -> None:
    response = client.get(_page(indicator.code), {"breakdown": breakdown} if breakdown else {})
    assert response.status_code == 200
    page = _html(response.content)
    svg = page.xpath("//figure[@class='chart']//svg")
    assert len(svg) == 1
    assert svg[0].get("role") == "img"
    caption = page.get_element_by_id(svg[0].get("aria-labelledby"))
    assert caption.tag == "figcaption"
    assert "2024" in caption.text_content()
    tables = page.xpath("//table[contains(@class, 'indicator-table')]")
    assert tables
    for table in tables:
        assert table.xpath("./caption")
        years = [th.text_content().strip() for th in table.xpath("./thead/tr[2]/th")]
        assert years[:3] == ["2022", "2023", "2024"]
        assert table.xpath("./tbody/tr")


def test_a_rate_shows_the_share_of_each_sex_and_the_sex_split_in_separate_tables(
    client: Client, analyst: User, own_card_facts: Path, open_rules: None
) -> None:
    response = client.get(_page(OWN_CARD))
    shares, split, differences = (_table(response.content, name) for name in ("shares", "split", "differences"))
    assert "Share of the group, %" in shares.xpath("./thead")[0].text_content()
    # Years side by side for each measure: share 2022–2024, then n 2022–2024, then N 2022–2024.
    assert _row(shares, "Women") == ["75.0", "80.0", "91.7", "30", "40", "55", "40", "50", "60"]
    assert _row(shares, "Men") == ["87.5", "88.9", "90.9", "35", "40", "50", "40", "45", "55"]
    assert _row(shares, "Unknown sex")[3:6] == ["–", "2", "–"]  # nobody of unknown sex in 2022 and 2024
    assert "Part of those counted, %" in split.xpath("./thead")[0].text_content()
    assert _row(split, "Women") == ["46.2", "48.8", "52.4"]  # 30 of 65, 40 of 82, 55 of 105
    assert _row(differences, "All") == ["−12.5", "−8.9", "0.8"]


def test_a_small_group_is_hidden_with_a_note_that_gives_the_reason(
    client: Client, analyst: User, own_card_facts: Path
) -> None:
    response = client.get(_page(OWN_CARD))
    page = _html(response.content)
    shares = page.get_element_by_id("shares")
    unknown = _row(shares, "Unknown sex")
    assert unknown[1].startswith("..")  # the share in 2023
    assert unknown[4].startswith("..")  # n = 2 in 2023, not printed
    for cell in shares.xpath(".//td[contains(@class, 'masked')]"):
        target = cell.xpath(".//a/@href")[0].lstrip("#")
        note = page.get_element_by_id(target)
        assert note.text_content().split(maxsplit=1)[1].strip()  # a reason in words
    assert "Too few people." in response.content.decode()


def test_intervals_are_off_for_a_register_until_asked_for(
    client: Client, analyst: User, own_card_facts: Path, open_rules: None
) -> None:
    without = client.get(_page(OWN_CARD)).content.decode()
    assert "95 % interval" not in _table(without.encode(), "shares").text_content()
    choices: dict[str, Any] = {"first_year": 2022, "last_year": 2024, "intervals": "yes"}
    asked = client.get(_page(OWN_CARD), choices)
    shares = _table(asked.content, "shares")
    assert "95 % interval, %" in shares.xpath("./thead")[0].text_content()
    assert "95 % interval, percentage points" in _table(asked.content, "differences").text_content()


@pytest.mark.parametrize(
    ("choices", "message"),
    [
        ({"breakdown": ["age_group", "permit_ground"]}, "permit_ground is not one of the available choices"),
        ({"first_year": 2023, "last_year": 2024}, "Choose at least 3 years"),
        ({"first_year": 2024, "last_year": 2022}, "cannot come before the first"),
    ],
)
def test_choices_that_would_make_a_poor_table_are_refused_in_plain_words(
    client: Client, analyst: User, own_card_facts: Path, choices: dict[str, Any], message: str
) -> None:
    response = client.get(_page(OWN_CARD), {"first_year": 2022, "last_year": 2024, "intervals": "no", **choices})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert b"indicator-table" not in response.content


def test_a_page_without_built_facts_says_which_job_to_run(client: Client, analyst: User) -> None:
    response = client.get(_page(OWN_CARD))
    assert response.status_code == 200
    assert "lika followup-rebuild" in response.content.decode()
    assert b"<svg" not in response.content
    export = client.get(_export(OWN_CARD, "csv"))
    assert export.status_code == 302
    assert export["Location"] == _page(OWN_CARD)


def test_the_page_runs_a_bounded_number_of_queries(
    client: Client, analyst: User, random_facts: Path, open_rules: None, django_assert_max_num_queries: Any
) -> None:
    with django_assert_max_num_queries(8):
        response = client.get(_page("own_decision"), {"breakdown": "country_of_birth"})
    assert response.status_code == 200


# --- Exports -----------------------------------------------------------------------------------------------------------


def _csv(content: bytes, delimiter: str) -> list[list[str]]:
    assert content.startswith("\ufeff".encode())
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=delimiter))


def _csv_row(lines: list[list[str]], caption_start: str, first: str) -> list[str]:
    start = next(i for i, line in enumerate(lines) if line and line[0].startswith(caption_start))
    for line in lines[start:]:
        if line and line[0] == first:
            return line
    raise AssertionError(f"No row {first} after {caption_start}.")


def _published(facts_dir: Path, sex: str) -> list[str | int | float]:
    """The share, n and N of ``sex`` by year as the figures publish them, worked out apart from the tables."""
    result = indicator_run(BY_CODE[OWN_CARD], engine=DuckDBEngine(facts_dir), rules=disclosure_rules())
    shares: list[str | int | float] = []
    counted: list[str | int | float] = []
    groups: list[str | int | float] = []
    for year in SERIES:
        figure = result.figure(year=year, sex=sex)
        if figure.masked is not None:
            shares.append("..")
            counted.append("..")
        else:
            shares.append("." if figure.share is None else round(100 * figure.share, 1))
            counted.append(figure.numerator or "–")
        groups.append(".." if figure.population is None else figure.population or "–")
    return shares + counted + groups


def test_the_csv_export_holds_the_published_table_and_never_a_hidden_number(
    client: Client, analyst: User, own_card_facts: Path
) -> None:
    response = client.get(_export(OWN_CARD, "csv"))
    assert response["Content-Type"].startswith("text/csv")
    day = clock.today().isoformat()
    assert f'filename="lika-own_card_adults-{day}.csv"' in response["Content-Disposition"]
    lines = _csv(response.content, ",")
    header = {line[0]: line[1] for line in lines[:14] if len(line) == 2}
    assert header["Question"].startswith("Of the women and the men in LMA")
    assert header["Figures as of"] == "2024-12-31"
    assert "1 to 4" in header["Disclosure control"]
    for sex, label in (("female", "Women"), ("male", "Men"), ("unknown", "Unknown sex")):
        exported = _csv_row(lines, "Adults in couples who have their own card: share", label)[1:]
        expected = [
            f"{value:.1f}" if isinstance(value, float) else str(value) for value in _published(own_card_facts, sex)
        ]
        assert exported == expected, sex
    unknown = _csv_row(lines, "Adults in couples who have their own card: share", "Unknown sex")
    assert unknown[5] == ".."  # n in 2023: two of the three, never printed
    hidden = lines[next(i for i, line in enumerate(lines) if line == ["Hidden figures and why"]) + 2 :]
    assert hidden, "every hidden figure is listed"
    assert all(line[5] for line in hidden), "each with its reason"
    assert any(line[1] == "Unknown sex" and line[2] == "Counted (n)" and line[3] == "2023" for line in hidden)


def test_the_csv_export_is_written_with_semicolons_and_decimal_commas_in_swedish(
    client: Client, analyst: User, own_card_facts: Path, open_rules: None
) -> None:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "sv"
    lines = _csv(client.get(_export(OWN_CARD, "csv")).content, ";")
    women = next(line for line in lines if line and line[0] == "Kvinnor")
    assert women[1:4] == ["75,0", "80,0", "91,7"]


def test_the_xlsx_export_has_numbers_as_numbers_and_symbols_as_text(
    client: Client, analyst: User, own_card_facts: Path
) -> None:
    choices: dict[str, Any] = {"first_year": 2022, "last_year": 2024, "intervals": "no"}
    response = client.get(_export(OWN_CARD, "xlsx"), choices)
    assert response.status_code == 200
    assert "lika-own_card_adults-" in response["Content-Disposition"]
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert sheet is not None
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    for sex, label in (("female", "Women"), ("male", "Men"), ("unknown", "Unknown sex")):
        exported = next(row for row in rows if row[0] == label)[1:10]
        assert exported == _published(own_card_facts, sex), sex
    women = next(row for row in rows if row[0] == "Women")
    assert any(isinstance(value, float) for value in women[1:4]), "shares are numbers"
    assert ".." in next(row for row in rows if row[0] == "Unknown sex")


@pytest.mark.parametrize("extension", ["csv", "xlsx"])
def test_no_cell_of_an_export_runs_as_a_formula(
    client: Client, analyst: User, own_card_facts: Path, extension: str
) -> None:
    """Symbols such as "–" and negative changes are written so that a spreadsheet shows them and runs nothing."""
    response = client.get(_export(OWN_CARD, extension))
    assert response.status_code == 200
    assert live_formulas(response.content) == []


def test_in_arabic_numbers_years_and_dates_read_left_to_right_and_the_chart_keeps_its_layout(
    client: Client, analyst: User, own_card_facts: Path, open_rules: None
) -> None:
    """On a right-to-left page a minus sign, a decimal comma or a date would otherwise be reordered
    ("29,8−"), and the chart's legend labels would be anchored from their ends, over their symbols."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ar"
    response = client.get(_page(OWN_CARD))
    page = _html(response.content)
    assert page.xpath("/html/@dir") == ["rtl"]
    shares = page.get_element_by_id("shares")
    cells = shares.xpath(".//td[contains(@class, 'number') and not(contains(@class, 'masked'))]")
    assert cells
    assert all(cell.xpath("./bdi[@dir='ltr']") for cell in cells)
    assert all(th.xpath("./bdi[@dir='ltr']") for th in shares.xpath("./thead/tr[2]/th"))
    svg = page.xpath("//figure[@class='chart']//svg")[0]
    assert svg.get("direction") == "ltr"
