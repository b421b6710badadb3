"""The dashboard in a real browser (Debian's Chromium through Playwright), checked with axe-core for WCAG 2.1 AA.

Skipped, with the reason, where Chromium is not installed. With LIKA_SCREENSHOTS set, the pages are
kept as screenshots for a person to look at.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from lika.accounts.models import User
from lika.accounts.roles import Role
from lika.core import clock
from lika.followup.facts.export import facts_export
from lika.followup.models import FactPersonYear, FactRebuild
from lika.testing.browser import axe_violations, choose_language, log_in, look

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]

# Per year and country: women (persons, with own card), men (persons, with own card).
SERIES = {
    2022: {"SY": ((60, 38), (58, 47)), "AF": ((35, 21), (40, 31)), "ER": ((25, 14), (30, 22))},
    2023: {"SY": ((70, 51), (66, 55)), "AF": ((38, 26), (41, 33)), "ER": ((28, 18), (27, 20))},
    2024: {"SY": ((75, 62), (70, 61)), "AF": ((42, 33), (44, 37)), "ER": ((30, 22), (29, 23))},
}


def _facts(directory: Path) -> None:
    """The own-card facts by country, with three adults of unknown sex in 2023 whose figures must be hidden."""
    rows: list[FactPersonYear] = []

    def add(year: int, sex: str, country: str, persons: int, own_card: int) -> None:
        for index in range(persons):
            rows.append(
                FactPersonYear(
                    year=year,
                    census_date=datetime.date(year, 12, 31),
                    person_id=len(rows) + 1,
                    adult=True,
                    lma=True,
                    couple_woman_man=True,
                    own_card=index < own_card,
                    permit_ground="asylum",
                    household_type="two_adults",
                    sex=sex,
                    age_group="25-34",
                    country_of_birth=country,
                )
            )

    for year, countries in SERIES.items():
        for country, (women, men) in countries.items():
            add(year, "female", country, *women)
            add(year, "male", country, *men)
    add(2023, "unknown", "SY", 3, 2)
    FactPersonYear.objects.bulk_create(rows)
    now = clock.now()
    FactRebuild.objects.create(
        table="followup_factpersonyear",
        full=True,
        as_of=datetime.date(2024, 12, 31),
        rows_written=len(rows),
        rows_total=len(rows),
        started_at=now,
        finished_at=now,
    )
    facts_export(directory)


@pytest.mark.parametrize("language", ["sv", "en"])
def test_the_dashboard_has_no_wcag_21_aa_violations(
    page: Any, live_server: Any, make_staff: Callable[..., User], facts_dir: Path, language: str
) -> None:
    make_staff(Role.ANALYST, username="analyst")
    _facts(facts_dir)
    base = live_server.url
    log_in(page, base, "analyst")
    choose_language(page, language)
    found: dict[str, list[str]] = {}

    page.goto(f"{base}/uppfoljning/")
    assert page.locator("html").get_attribute("lang") == language
    found["catalogue"] = axe_violations(page)
    look(page, f"dashboard-catalogue-{language}")

    page.goto(f"{base}/uppfoljning/own_card_adults/")
    page.locator("input[name=breakdown][value=country_of_birth]").check()
    page.locator(".dashboard-form button[type=submit]").click()
    page.wait_for_load_state()
    assert "breakdown=country_of_birth" in page.url
    chart = page.locator("figure.chart svg[role=img]")
    assert chart.count() == 1
    assert chart.bounding_box()["width"] > 300
    assert page.locator("#shares tbody tr").count() > 4
    assert page.locator("#shares td.masked").count() > 0
    found["indicator"] = axe_violations(page)
    look(page, f"dashboard-indicator-{language}")

    # Choices refused: the page explains, with the error summary.
    page.goto(f"{base}/uppfoljning/own_card_adults/?first_year=2024&last_year=2022")
    assert page.locator(".error-summary").is_visible()
    found["indicator-errors"] = axe_violations(page)

    assert {name: v for name, v in found.items() if v} == {}
