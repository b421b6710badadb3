"""The gender impact assessment from the registry: protected tables, the command's files, and located errors."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from lika.allowance.impact import impact_assess, impact_html, impact_report
from lika.allowance.rules.impact import proposal_parse
from lika.allowance.rules.month import Month
from lika.statistics.disclosure import DisclosureRules
from lika.testing.pdf import page_text, structure_types
from lika.testing.personas import Family

pytestmark = pytest.mark.django_db

MONTH = Month(2026, 10)
PROPOSALS = Path(__file__).resolve().parents[1] / "parameters" / "proposals"
ONE_ADULT = proposal_parse((PROPOSALS / "children-paid-to-one-adult.yaml").read_text())
OPEN = DisclosureRules(min_count=1, min_denominator=1)


def _rows(data: dict[str, Any], table: str) -> dict[str, dict[str, Any]]:
    return {row["sex"]: row for row in data[table]}


def test_paying_the_children_to_one_adult_moves_the_childrens_money_between_the_parents(family: Family) -> None:
    """The Haddad parents share their two children's allowance. Paid to one adult (the guardian registered
    first, Amina), Omar's card loses exactly what Amina's gains; every row reconciles to the öre."""
    data = impact_assess(MONTH, ONE_ADULT, rules=OPEN).data
    adults = _rows(data, "adults")
    women, men, everyone = adults["female"], adults["male"], adults["*"]
    assert women["persons"] == men["persons"] == 1
    assert women["payout"]["change"] == -men["payout"]["change"] > 0
    assert everyone["payout"]["change"] == 0
    assert data["cost"]["change"] == 0
    for row in data["adults"]:
        for what in ("allowance", "payout"):
            assert row[what]["baseline"] + row[what]["change"] == row[what]["proposal"]
    assert (
        sum(adults[sex]["payout"]["proposal"] for sex in ("female", "male", "unknown"))
        == everyone["payout"]["proposal"]
    )
    share = {entry["household_type"]: entry for entry in data["share_on_womens_cards"]}
    assert share["two_adults_children"]["baseline"] == pytest.approx(0.5)
    assert share["two_adults_children"]["proposal"] > 0.5


def test_under_the_default_rules_a_family_of_two_adults_is_hidden_with_its_money(family: Family) -> None:
    data = impact_assess(MONTH, ONE_ADULT, rules=DisclosureRules()).data
    for table in ("adults", "by_household_type", "by_children", "by_outcome"):
        for row in data[table]:
            assert row["persons"] in {None, 0}, (table, row)
            if row["persons"] is None:
                assert "payout" not in row
                assert row["hidden"]
    assert all(entry.get("hidden") for entry in data["share_on_womens_cards"] if entry["household_type"] != "one_adult")
    assert data["cost"] == {"hidden": "small_count"}, "a caseload of two adults: even the total is theirs"


def test_the_command_writes_json_html_and_a_tagged_pdf(family: Family, tmp_path: Path, settings: Any) -> None:
    settings.LIKA_DISCLOSURE_MIN_COUNT = 1
    settings.LIKA_DISCLOSURE_MIN_DENOMINATOR = 1
    proposal = str(PROPOSALS / "children-paid-to-one-adult.yaml")
    out = io.StringIO()
    call_command(
        "allowance",
        "impact",
        "--proposal",
        proposal,
        "--month",
        "2026-10",
        "--output",
        str(tmp_path / "a.json"),
        stdout=out,
    )
    data = json.loads((tmp_path / "a.json").read_text())
    assert data["proposal"]["children_paid_to"] == "one_adult"
    call_command(
        "allowance",
        "impact",
        "--proposal",
        proposal,
        "--month",
        "2026-10",
        "--format",
        "pdf",
        "--language",
        "en",
        "--output",
        str(tmp_path / "a.pdf"),
        stdout=out,
    )
    pdf = (tmp_path / "a.pdf").read_bytes()
    text = " ".join(page_text(pdf))
    assert "Gender impact of a proposed change" in text
    assert "Table" in structure_types(pdf)
    html = impact_html(impact_report(impact_assess(MONTH, ONE_ADULT, rules=OPEN)))
    assert '<html lang="en">' in html
    assert "<caption>Money on own cards, by sex</caption>" in html


def test_a_broken_proposal_is_refused_with_its_line_and_nothing_is_computed(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text(
        "title: Higher single rate\nsources:\n  proposal: A memo\nparameters:\n  adult_single:\n    values:\n"
        "      - valid_from: 2027-01-01\n        value: {food_not_included: 7250.5, food_included: 2400}\n"
        "        reference: Memo 1\n        source: proposal\n"
    )
    with pytest.raises(
        CommandError,
        match=r"broken.yaml, line 7: Parameter adult_single.food_not_included: 7250.5 .* Nothing was computed",
    ):
        call_command("allowance", "impact", "--proposal", str(broken), "--month", "2026-10")
    with pytest.raises(CommandError, match="no such file"):
        call_command("allowance", "impact", "--proposal", str(tmp_path / "none.yaml"), "--month", "2026-10")
