"""The gender impact of a rule change: the kernel run twice on one caseload, checked against history."""

from __future__ import annotations

import datetime
import textwrap
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lika.allowance.impact import impact_published
from lika.allowance.rules.impact import (
    PersonOutcome,
    Proposal,
    ProposalError,
    impact_outcomes,
    proposal_parse,
)
from lika.allowance.rules.month import HouseholdFacts, Month, PersonFacts
from lika.allowance.rules.parameters import parameters_load
from lika.statistics.disclosure import TOTAL, DisclosureRules

MARCH_2024 = Month(2024, 3)
OPEN: tuple[datetime.date, datetime.date | None] = (datetime.date(2023, 1, 1), None)

APRIL_2024_EARLY = textwrap.dedent(
    """
    title: The April 2024 rule a month early
    sources:
      proposal: A test proposal
    parameters:
      living_together:
        values:
          - valid_from: 2024-03-01
            value: partners_only
            reference: Proposal, only partners count as living together
            source: proposal
      young_adult_max_age:
        values:
          - valid_from: 2024-03-01
            value: 20
            reference: Proposal, 18-20-year-olds living with their parents keep the partner rate
            source: proposal
    """
)


# Every figure published: these tests check the sums, not the protection (test_impact_report.py does).
EVERY_FIGURE = DisclosureRules(min_count=1, min_denominator=1)


def _published(outcomes: list[PersonOutcome], proposal: Proposal) -> dict[str, Any]:
    return impact_published(outcomes, month=MARCH_2024, proposal=proposal, base=parameters_load(), rules=EVERY_FIGURE)


def _row(data: dict[str, Any], table: str, value: str, sex: str) -> dict[str, Any]:
    """The published row of ``table`` (by_outcome, by_household_type ...) for one group and sex."""
    dim = {"by_outcome": "outcome", "by_household_type": "household_type", "by_children": "children"}[table]
    row: dict[str, Any] = next(r for r in data[table] if r[dim] == value and r["sex"] == sex)
    return row


def _person(key: int, born: datetime.date) -> PersonFacts:
    return PersonFacts(key=key, birth_date=born, eligible=(OPEN,))


def _caseload() -> tuple[list[HouseholdFacts], dict[int, PersonFacts], dict[int, str]]:
    """Two adults sharing a home (not a couple), a couple with a child, and a woman alone."""
    persons = {
        1: _person(1, datetime.date(1990, 5, 1)),
        2: _person(2, datetime.date(1992, 6, 1)),
        3: _person(3, datetime.date(1985, 1, 1)),
        4: _person(4, datetime.date(1986, 1, 1)),
        5: _person(5, datetime.date(2018, 1, 1)),
        6: _person(6, datetime.date(1970, 1, 1)),
    }
    households = [
        HouseholdFacts(key=10, members=((1, OPEN), (2, OPEN))),
        HouseholdFacts(
            key=11,
            members=((3, OPEN), (4, OPEN), (5, OPEN)),
            partnerships=((3, 4, OPEN),),
            guardianships=((5, 3, OPEN), (5, 4, OPEN)),
            parents=frozenset({(5, 3), (5, 4)}),
        ),
        HouseholdFacts(key=12, members=((6, OPEN),)),
    ]
    sexes = {1: "female", 2: "male", 3: "female", 4: "male", 5: "female", 6: "female"}
    return households, persons, sexes


def test_the_april_2024_change_gives_adults_sharing_a_home_10_kronor_a_day_and_leaves_couples_unchanged() -> None:
    """Assessed on March 2024's caseload, the change known from April 2024 must show its known direction:
    two adults merely sharing a home each go from the partner rate (61 kr) to the single rate (71 kr)."""
    households, persons, sexes = _caseload()
    proposal = proposal_parse(APRIL_2024_EARLY)
    outcomes = {
        o.person: o
        for o in impact_outcomes(
            households, persons, sexes=sexes, month=MARCH_2024, base=parameters_load(), proposal=proposal
        )
    }
    for sharer in (1, 2):
        assert outcomes[sharer].change == 1000 * 31, "10 kronor a day for 31 days"
        assert outcomes[sharer].allowance_base == 6100 * 31
    for unchanged in (3, 4, 5, 6):
        assert outcomes[unchanged].change == 0
        assert outcomes[unchanged].allowance_proposal == outcomes[unchanged].allowance_base
    data = _published(list(outcomes.values()), proposal)
    assert _row(data, "by_outcome", "gains", "female")["persons"] == 1
    assert _row(data, "by_outcome", "gains", "male")["persons"] == 1
    assert _row(data, "by_outcome", "unchanged", TOTAL)["persons"] == 3
    sharers = _row(data, "by_household_type", "two_adults", TOTAL)["payout"]
    assert sharers["proposal"] - sharers["baseline"] == 2 * 31000


def test_a_proposal_that_changes_nothing_shows_zero_everywhere() -> None:
    households, persons, sexes = _caseload()
    same = proposal_parse(
        textwrap.dedent(
            """
            title: The same rates again
            sources:
              proposal: A test proposal
            parameters:
              adult_single:
                values:
                  - valid_from: 2024-01-01
                    value: {food_not_included: 7100, food_included: 2400}
                    reference: Proposal, unchanged
                    source: proposal
            """
        )
    )
    outcomes = impact_outcomes(
        households, persons, sexes=sexes, month=MARCH_2024, base=parameters_load(), proposal=same
    )
    assert all(o.change == 0 and o.allowance_proposal == o.allowance_base for o in outcomes)
    data = _published(outcomes, same)
    assert _row(data, "by_outcome", "gains", TOTAL)["persons"] == 0
    assert _row(data, "by_outcome", "loses", TOTAL)["persons"] == 0


def test_paying_each_childs_allowance_to_one_adult_moves_money_between_the_parents_only() -> None:
    households, persons, sexes = _caseload()
    one = proposal_parse("title: Children paid to one adult\nvariants:\n  children_paid_to: one_adult\n")
    outcomes = {
        o.person: o
        for o in impact_outcomes(
            households, persons, sexes=sexes, month=MARCH_2024, base=parameters_load(), proposal=one
        )
    }
    mother, father = outcomes[3], outcomes[4]
    assert mother.change + father.change == 0, "the household's money is the same, only whose card it lands on"
    assert mother.change > 0 > father.change, "the guardian registered first (the mother here) gets it all"
    assert all(o.allowance_proposal == o.allowance_base for o in outcomes.values())


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.tuples(st.integers(1, 3), st.integers(0, 4), st.sampled_from(["female", "male", "unknown"])),
        min_size=1,
        max_size=12,
    ),
    st.integers(6000, 8000),
)
def test_baseline_plus_change_is_the_proposal_to_the_ore_for_every_sex(
    shapes: list[tuple[int, int, str]], single_rate: int
) -> None:
    """For random households and a random new single rate, every table reconciles to the öre: for women, men,
    unknown and all, the baseline plus the change is the proposal, and the sexes add up to all."""
    persons: dict[int, PersonFacts] = {}
    households = []
    sexes: dict[int, str] = {}
    key = 0
    for number, (adults, children, sex) in enumerate(shapes):
        members = []
        for index in range(adults + children):
            key += 1
            born = datetime.date(1980 + index, 1, 1) if index < adults else datetime.date(2015 + index % 8, 3, 1)
            persons[key] = _person(key, born)
            sexes[key] = sex if index % 2 == 0 else "male"
            members.append((key, OPEN))
        households.append(HouseholdFacts(key=100 + number, members=tuple(members)))
    proposal = proposal_parse(
        textwrap.dedent(
            f"""
            title: A new single rate
            sources:
              proposal: A test proposal
            parameters:
              adult_single:
                values:
                  - valid_from: 2024-02-01
                    value: {{food_not_included: {single_rate}, food_included: 2400}}
                    reference: Proposal
                    source: proposal
            """
        )
    )
    outcomes = impact_outcomes(
        households, persons, sexes=sexes, month=MARCH_2024, base=parameters_load(), proposal=proposal
    )
    by_sex = {row["sex"]: row for row in _published(outcomes, proposal)["adults"]}
    for sex, cell in by_sex.items():
        mine = [o for o in outcomes if o.adult and sex in {o.sex, TOTAL}]
        assert cell["payout"]["baseline"] + sum(o.change for o in mine) == cell["payout"]["proposal"]
        assert (
            cell["allowance"]["baseline"] + sum(o.allowance_proposal - o.allowance_base for o in mine)
            == cell["allowance"]["proposal"]
        )
    whole = by_sex[TOTAL]["payout"]
    assert sum(by_sex[s]["payout"]["proposal"] for s in ("female", "male", "unknown")) == whole["proposal"]
    assert sum(by_sex[s]["payout"]["baseline"] for s in ("female", "male", "unknown")) == whole["baseline"]


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        (
            "value: {food_not_included: 7100, food_included: 2400}\n        source: proposal",
            r"line 7: Parameter adult_single from 2025-01-01: every value needs a reference",
        ),
        (
            "value: {food_not_included: 7100.5, food_included: 2400}\n        reference: Proposal\n        source: proposal",
            r"line 7: Parameter adult_single\.food_not_included: 7100\.5 is not a whole",
        ),
        (
            "value: {food_not_included: 7100, food_included: 2400}\n        reference: Proposal\n        source: MV-page",
            r"line 7: parameter adult_single from 2025-01-01: a proposed value's source must be 'proposal'",
        ),
    ],
    ids=["missing citation", "not whole öre", "not the proposal's source"],
)
def test_a_proposal_with_an_error_names_the_parameter_and_line_and_computes_nothing(entry: str, message: str) -> None:
    text = f"title: A broken proposal\nsources:\n  proposal: A memo\nparameters:\n  adult_single:\n    values:\n      - valid_from: 2025-01-01\n        {entry}\n"
    with pytest.raises(ProposalError, match=message):
        proposal_parse(text, path="broken.yaml")


def test_a_proposal_cannot_change_a_parameter_that_does_not_exist_or_leave_a_gap(tmp_path: Path) -> None:
    with pytest.raises(ProposalError, match=r"line 5: there is no parameter called 'adult_double'"):
        proposal_parse(
            "title: x\nsources:\n  proposal: m\nparameters:\n  adult_double:\n    values: []\n", path="p.yaml"
        )
    with pytest.raises(ProposalError, match="unknown variant children_paid_to: 'the_man'"):
        proposal_parse("title: x\nvariants:\n  children_paid_to: the_man\n")
    gap = "title: x\nsources:\n  proposal: m\nparameters:\n  adult_single:\n    values:\n      - valid_from: 1990-01-01\n        value: {food_not_included: 1, food_included: 1}\n        reference: r\n        source: proposal\n"
    with pytest.raises(ProposalError, match="same first day"):
        proposal_parse(gap, path="gap.yaml")
