"""Planning a survey: the sample-size calculator and the stratified sampling plan."""

from __future__ import annotations

import datetime
import math
from collections import Counter
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lika.treatment_survey.analysis.sample_size import (
    design_effect,
    sample_size_two_proportions,
    survey_sample_size,
)
from lika.treatment_survey.analysis.sampling import Stratum, opening_slots, sampling_plan

# --- sample size ---------------------------------------------------------------------------------


def test_reproduces_fleiss_table_value_with_continuity_correction() -> None:
    """Fleiss, Levin & Paik (2003), Table A.4: 0.40 against 0.60, alpha 0.05 two-sided, power 0.80 → 107 per group."""
    assert math.ceil(sample_size_two_proportions(0.40, 0.60)) == 107


def test_without_correction_agrees_with_the_normal_approximation_of_r_and_statsmodels() -> None:
    """R's power.prop.test(p1 = .50, p2 = .75, power = .90) prints n = 76.7; statsmodels gives 96.92 for 0.4/0.6."""
    from statsmodels.stats.proportion import samplesize_proportions_2indep_onetail

    assert sample_size_two_proportions(0.50, 0.75, power=0.90, continuity=False) == pytest.approx(76.7, abs=0.05)
    expected = samplesize_proportions_2indep_onetail(0.2, 0.4, 0.8, alternative="two-sided")
    assert sample_size_two_proportions(0.40, 0.60, continuity=False) == pytest.approx(expected, rel=1e-9)


def test_design_effect_is_kish_s_formula() -> None:
    assert design_effect(20, 0.05) == pytest.approx(1.95)
    assert design_effect(10, 0.0) == 1.0


def test_clustering_inflates_the_sample_and_sets_the_officers_needed() -> None:
    size = survey_sample_size(share_women=0.40, share_men=0.60, contacts_per_officer=11, icc=0.1)
    assert size.design_effect == pytest.approx(2.0)
    assert size.per_group == math.ceil(size.per_group_independent * 2.0)
    assert size.total == 2 * size.per_group
    assert size.officers == math.ceil(size.total / 11)


def test_a_behaviour_that_applies_in_few_contacts_needs_more_contacts_in_all() -> None:
    base = survey_sample_size(share_women=0.45, share_men=0.62, contacts_per_officer=8, icc=0.05)
    rare = survey_sample_size(share_women=0.45, share_men=0.62, contacts_per_officer=8, icc=0.05, applicable_share=0.25)
    assert rare.total > base.total
    assert rare.total == math.ceil(2 * rare.per_group / 0.25)
    assert rare.officers == math.ceil(rare.total / 8)


def test_the_design_effect_counts_only_the_contacts_in_which_the_behaviour_applies() -> None:
    """Kish's cross-classes: of 10 contacts per officer a behaviour applies in 3, so clusters hold 3 analysed contacts."""
    size = survey_sample_size(share_women=0.45, share_men=0.62, contacts_per_officer=10, icc=0.05, applicable_share=0.3)
    assert size.design_effect == pytest.approx(1 + (3 - 1) * 0.05)
    assert size.per_group == math.ceil(size.per_group_independent * 1.1)
    sparse = survey_sample_size(share_women=0.45, share_men=0.62, contacts_per_officer=2, icc=0.3, applicable_share=0.2)
    assert sparse.design_effect == 1.0


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({"p1": 0.5, "p2": 0.5}, "equal"),
        ({"p1": 0.0, "p2": 0.5}, "p1"),
        ({"p1": 0.4, "p2": 0.6, "power": 1.0}, "power"),
    ],
)
def test_impossible_plans_are_refused(arguments: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        sample_size_two_proportions(**arguments)


@given(
    p1=st.floats(0.05, 0.95),
    gap=st.floats(0.02, 0.4),
    power=st.floats(0.5, 0.95),
    more=st.floats(0.01, 0.04),
)
def test_more_power_or_a_smaller_difference_never_needs_fewer_contacts(
    p1: float, gap: float, power: float, more: float
) -> None:
    p2 = min(0.99, p1 + gap)
    if p2 - p1 < 0.01:
        return
    n = sample_size_two_proportions(p1, p2, power=power)
    assert sample_size_two_proportions(p1, p2, power=min(0.99, power + more)) >= n
    assert sample_size_two_proportions(p1, p2 - (p2 - p1) / 4, power=power) >= n
    assert sample_size_two_proportions(p1, p2, power=power, continuity=False) <= n


# --- sampling plan -------------------------------------------------------------------------------

SEPTEMBER = opening_slots(
    datetime.date(2026, 9, 1),
    datetime.date(2026, 9, 30),
    opens=datetime.time(9),
    closes=datetime.time(16),
    minutes=60,
)


def test_opening_slots_cover_weekdays_only() -> None:
    assert len(SEPTEMBER) == 22 * 7  # 22 weekdays in September 2026, seven hours each
    assert {day.weekday() for day, _ in SEPTEMBER} == {0, 1, 2, 3, 4}


def _strata() -> list[Stratum]:
    return [
        Stratum("KC", "phone", 30, SEPTEMBER),
        Stratum("MALMO", "office", 12, SEPTEMBER),
        Stratum("NAIROBI", "embassy", 8, SEPTEMBER[:20]),
    ]


def test_each_stratum_gets_the_slots_asked_for_without_repeats() -> None:
    plan = sampling_plan(_strata(), double_coded_share=0.1, seed=7)
    assert Counter((slot.site, slot.channel) for slot in plan) == {
        ("KC", "phone"): 30,
        ("MALMO", "office"): 12,
        ("NAIROBI", "embassy"): 8,
    }
    assert len({(s.site, s.channel, s.day, s.start) for s in plan}) == len(plan)
    assert all((slot.day, slot.start) in SEPTEMBER[:20] for slot in plan if slot.site == "NAIROBI")


def test_the_planned_share_is_double_coded_in_every_large_stratum() -> None:
    plan = sampling_plan(_strata(), double_coded_share=0.1, seed=7)
    assert sum(slot.double_coded for slot in plan) == 5  # 10 % of 50
    assert sum(slot.double_coded for slot in plan if slot.site == "KC") == 3


def test_the_plan_is_reproducible_and_numbered_in_time_order() -> None:
    first = sampling_plan(_strata(), double_coded_share=0.1, seed=7)
    assert first == sampling_plan(list(reversed(_strata())), double_coded_share=0.1, seed=7)
    assert first != sampling_plan(_strata(), double_coded_share=0.1, seed=8)
    assert [slot.code for slot in first] == [f"S{n:03d}" for n in range(1, 51)]
    assert [(s.day, s.start) for s in first] == sorted((s.day, s.start) for s in first)


def test_a_stratum_cannot_have_more_slots_than_its_opening_hours() -> None:
    with pytest.raises(ValueError, match="cannot be drawn"):
        sampling_plan([Stratum("NAIROBI", "embassy", 21, SEPTEMBER[:20])], double_coded_share=0.1, seed=1)
