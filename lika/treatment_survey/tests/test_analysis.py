"""The analysis: reference values through the whole pipeline, protection, multiplicity, reliability flags, the model."""

from __future__ import annotations

import datetime
import itertools
import random
from collections.abc import Iterator, Sequence

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lika.treatment_survey.analysis.model import MIN_OFFICERS, ModelRow, NotEstimable, sex_effect
from lika.treatment_survey.analysis.protection import CellBasis, MaskReason, ProtectionRule, cell_reason, row_protect
from lika.treatment_survey.analysis.records import ContactRecord
from lika.treatment_survey.analysis.results import (
    ALL_CHANNELS,
    AnalysisSettings,
    ReliabilityStatus,
    survey_analyse,
)
from lika.treatment_survey.synthetic import SyntheticSite, synthetic_contacts

DAY = datetime.date(2026, 9, 14)
CHANNELS = ("phone", "office", "digital", "embassy")


def _officers(count: int) -> Iterator[str]:
    return itertools.cycle([f"OF{n:03d}" for n in range(count)])


def _records(sex: str, occurred: int, contacts: int, *, start: int = 0, officers: int = 12) -> list[ContactRecord]:
    """``contacts`` first-observer office contacts with people of ``sex``, ``occurred`` of them offered a choice."""
    codes = _officers(officers)
    return [
        ContactRecord(
            contact_code=f"C{start + n:04d}",
            observer="OBS1",
            second_observer=False,
            site="MALMO",
            channel="office",
            day=DAY,
            officer=next(codes),
            client_sex=sex,
            client_sex_basis="recorded" if sex != "unknown" else "",
            answers={"offered_choice": "yes" if n < occurred else "no", "interpreter": "no", "companion": "no"},
        )
        for n in range(contacts)
    ]


# --- published reference values, through the survey's analysis ---------------------------------


def test_shares_carry_wilson_intervals_as_newcombe_publishes_them() -> None:
    """Newcombe (1998a), Table I, method 3: 81/263 → 0.2553 to 0.3662."""
    analysis = survey_analyse(_records("female", 81, 263) + _records("male", 40, 100, start=500), channels=CHANNELS)
    women = analysis.behaviour("offered_choice").overall.women
    assert women.interval is not None
    assert (round(women.interval.low, 4), round(women.interval.high, 4)) == (0.2553, 0.3662)


def test_the_difference_carries_newcombe_s_interval() -> None:
    """Newcombe (1998b), Table II, method 10, example (a): 56/70 against 48/80 → 0.0524 to 0.3339."""
    analysis = survey_analyse(_records("female", 56, 70) + _records("male", 48, 80, start=500), channels=CHANNELS)
    difference = analysis.behaviour("offered_choice").overall.difference
    assert difference is not None
    assert (round(difference.estimate, 4), round(difference.low, 4), round(difference.high, 4)) == (0.2, 0.0524, 0.3339)


def _double_coded(item: str, first: Sequence[str | None], second: Sequence[str | None]) -> list[ContactRecord]:
    records = []
    for number, (a, b) in enumerate(zip(first, second, strict=True)):
        for observer, value, is_second in (("OBS1", a, False), ("OBS2", b, True)):
            records.append(
                ContactRecord(
                    f"D{number:03d}",
                    observer,
                    is_second,
                    "MALMO",
                    "office",
                    DAY,
                    "OF001",
                    "female",
                    "recorded",
                    {} if value is None else {item: value},
                )
            )
    return records


def test_reliability_reproduces_krippendorff_s_binary_example() -> None:
    """Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", example A: alpha = 0.095, agreement 0.6."""
    coder_1 = [0, 1, 0, 0, 0, 0, 0, 0, 1, 0]
    coder_2 = [1, 1, 1, 0, 0, 1, 0, 0, 0, 0]

    def as_answers(values: list[int]) -> list[str | None]:
        return ["yes" if v else "no" for v in values]

    records = _double_coded("offered_choice", as_answers(coder_1), as_answers(coder_2))
    reliability = survey_analyse(records, channels=CHANNELS).reliability_of("offered_choice")
    assert reliability is not None
    assert reliability.units == 10
    assert reliability.alpha == pytest.approx(0.095, abs=5e-4)
    assert reliability.agreement == pytest.approx(0.6)
    assert reliability.status is ReliabilityStatus.FAILED


def test_an_item_below_the_pass_mark_flags_its_behaviour_and_those_that_depend_on_it() -> None:
    pass_everything = [("yes" if n % 2 else "no") for n in range(12)]
    records = _double_coded("client_humour", pass_everything, [("no" if n % 3 else "yes") for n in range(12)])
    analysis = survey_analyse(records, channels=CHANNELS)
    assert analysis.behaviour("humour_returned").flagged_by == ("client_humour",)
    assert not analysis.behaviour("offered_choice").flagged


def test_a_pass_mark_is_met_at_equality() -> None:
    values = ["yes", "no"] * 6
    records = _double_coded("offered_choice", values, values)
    analysis = survey_analyse(records, channels=CHANNELS, settings=AnalysisSettings(pass_mark=1.0))
    reliability = analysis.reliability_of("offered_choice")
    assert reliability is not None
    assert reliability.status is ReliabilityStatus.PASSED


def test_items_double_coded_too_rarely_are_not_judged() -> None:
    records = _double_coded("offered_choice", ["yes", "no", "yes"], ["yes", "no", "no"])
    reliability = survey_analyse(records, channels=CHANNELS).reliability_of("offered_choice")
    assert reliability is not None
    assert reliability.status is ReliabilityStatus.TOO_FEW


# --- protection ---------------------------------------------------------------------------------


def test_a_cell_with_too_few_officers_or_contacts_is_masked_with_its_reason() -> None:
    rule = ProtectionRule(min_officers=5, min_contacts=20)
    assert cell_reason(CellBasis(200, frozenset("abcd")), rule) is MaskReason.FEW_OFFICERS
    assert cell_reason(CellBasis(19, frozenset("abcdef")), rule) is MaskReason.FEW_CONTACTS
    assert cell_reason(CellBasis(20, frozenset("abcde")), rule) is None


def test_a_masked_cell_shows_no_figure_and_masks_the_difference() -> None:
    records = _records("female", 30, 60) + _records("male", 10, 30, start=500, officers=3)
    overall = survey_analyse(records, channels=CHANNELS).behaviour("offered_choice").overall
    assert overall.men.masked is MaskReason.FEW_OFFICERS
    assert (overall.men.occurred, overall.men.contacts, overall.men.interval) == (None, None, None)
    assert overall.women.shown
    assert overall.difference is None
    assert overall.effect is None
    assert overall.p_adjusted is None


def test_a_single_masked_channel_cannot_be_worked_out_from_the_total() -> None:
    rule = ProtectionRule(min_officers=2, min_contacts=10)
    parts = {
        "phone": CellBasis(40, frozenset("abc")),
        "office": CellBasis(30, frozenset("de")),
        "embassy": CellBasis(3, frozenset("f")),
    }
    total = CellBasis(73, frozenset("abcdef"))
    reason, masked = row_protect(total, parts, rule)
    assert reason is None
    assert masked == {"embassy": MaskReason.FEW_OFFICERS, "office": MaskReason.COMPLEMENT}


def test_a_channel_where_the_behaviour_cannot_occur_hides_no_other_channel() -> None:
    """Eye contact is not asked on the phone or in digital meetings: those empty cells need no cover."""
    records = [
        ContactRecord(
            contact_code=f"{channel[:2].upper()}{sex[0].upper()}{n:03d}",
            observer="OBS1",
            second_observer=False,
            site=site,
            channel=channel,
            day=DAY,
            officer=f"{site}-{n % 6}",
            client_sex=sex,
            client_sex_basis="recorded",
            answers={"eye_contact": "yes" if n % 2 else "no", "interpreter": "no", "companion": "no"},
        )
        for site, channel in (("MALMO", "office"), ("NAIROBI", "embassy"))
        for sex in ("female", "male")
        for n in range(30)
    ]
    result = survey_analyse(records, channels=CHANNELS).behaviour("eye_contact")
    assert [c.channel for c in result.channels] == ["office", "embassy"]
    assert all(c.women.shown and c.men.shown for c in result.channels)


def test_an_empty_part_of_a_row_needs_no_other_part_hidden() -> None:
    rule = ProtectionRule(min_officers=2, min_contacts=10)
    parts = {
        "phone": CellBasis(0, frozenset()),
        "office": CellBasis(30, frozenset("ab")),
        "embassy": CellBasis(12, frozenset("cd")),
    }
    reason, masked = row_protect(CellBasis(42, frozenset("abcd")), parts, rule)
    assert reason is None
    assert masked == {"phone": MaskReason.FEW_OFFICERS}


_basis = st.builds(
    CellBasis,
    contacts=st.integers(0, 60),
    officers=st.frozensets(st.sampled_from("abcdefghij"), max_size=8),
)


@given(parts=st.dictionaries(st.sampled_from(CHANNELS), _basis, min_size=1, max_size=4))
def test_shown_cells_meet_the_rule_and_masked_cells_together_meet_it_too(parts: dict[str, CellBasis]) -> None:
    """Whatever the counts: every shown cell meets the rule, and if the total is shown, so would the masked cells
    pooled, unless they hold no contact at all."""
    rule = ProtectionRule(min_officers=3, min_contacts=15)
    total = CellBasis(0, frozenset())
    for basis in parts.values():
        total = total | basis
    reason, masked = row_protect(total, parts, rule)
    for name, basis in parts.items():
        if name not in masked:
            assert reason is None
            assert cell_reason(basis, rule) is None
    if reason is None and masked and len(masked) < len(parts):
        pooled = CellBasis(0, frozenset())
        for name in masked:
            pooled = pooled | parts[name]
        assert pooled.contacts == 0 or cell_reason(pooled, rule) is None


def test_officer_codes_never_appear_in_the_results() -> None:
    records = synthetic_contacts(
        seed=3,
        contacts=300,
        sites=[SyntheticSite("KC", ("phone",), 15), SyntheticSite("MALMO", ("office",), 15)],
        observers=["OBS1", "OBS2"],
        first_day=DAY,
        last_day=DAY + datetime.timedelta(days=30),
        shares={},
    )
    analysis = survey_analyse(records, channels=CHANNELS)
    text = repr(analysis)
    assert not any(record.officer in text for record in records)


# --- the model and multiplicity -----------------------------------------------------------------


@pytest.fixture(scope="module")
def demo_like() -> list[ContactRecord]:
    return synthetic_contacts(
        seed=11,
        contacts=700,
        sites=[
            SyntheticSite("KC", ("phone",), 20),
            SyntheticSite("MALMO", ("office", "digital"), 14),
            SyntheticSite("NAIROBI", ("embassy",), 12),
        ],
        observers=["OBS1", "OBS2", "OBS3"],
        first_day=datetime.date(2026, 9, 1),
        last_day=datetime.date(2026, 11, 30),
        shares={"offered_choice": (0.45, 0.62)},
    )


def test_a_planted_difference_is_found_after_holm_s_adjustment(demo_like: list[ContactRecord]) -> None:
    result = survey_analyse(demo_like, channels=CHANNELS).behaviour("offered_choice")
    assert result.differs
    overall = result.overall
    assert overall.difference is not None
    assert overall.difference.high < 0
    assert overall.effect is not None
    assert overall.effect.odds_ratio is not None
    assert overall.effect.odds_ratio < 1
    assert overall.effect.p_value is not None
    assert overall.p_adjusted is not None
    assert overall.p_adjusted >= overall.effect.p_value


def test_holm_counts_the_whole_pre_registered_family(demo_like: list[ContactRecord]) -> None:
    analysis = survey_analyse(demo_like, channels=CHANNELS)
    confirmatory = [b.overall for b in analysis.behaviours if b.behaviour.confirmatory]
    smallest = min(c.effect.p_value for c in confirmatory if c.effect and c.effect.p_value is not None)
    best = min(c.p_adjusted for c in confirmatory if c.p_adjusted is not None)
    assert best == pytest.approx(min(1.0, 6 * smallest))


def test_channel_results_are_exploratory_and_adjusted_with_benjamini_hochberg(demo_like: list[ContactRecord]) -> None:
    analysis = survey_analyse(demo_like, channels=CHANNELS)
    for result in analysis.behaviours:
        for comparison in result.channels:
            assert not comparison.confirmatory
            if comparison.effect and comparison.effect.p_value is not None:
                assert comparison.p_adjusted is not None
                assert comparison.p_adjusted >= comparison.effect.p_value


def test_the_analysis_does_not_depend_on_the_order_of_the_records(demo_like: list[ContactRecord]) -> None:
    shuffled = list(demo_like)
    random.Random(5).shuffle(shuffled)  # noqa: S311 - a test's shuffle
    assert survey_analyse(shuffled, channels=CHANNELS) == survey_analyse(demo_like, channels=CHANNELS)


def test_behaviours_that_do_not_apply_to_a_channel_have_no_row_for_it(demo_like: list[ContactRecord]) -> None:
    analysis = survey_analyse(demo_like, channels=CHANNELS)
    assert "phone" not in [c.channel for c in analysis.behaviour("eye_contact").channels]
    assert {c.channel for c in analysis.behaviour("told_why_leaving").channels} <= {"phone", "digital"}
    assert analysis.sample.contacts[ALL_CHANNELS]["female"] > 0


def _rows(count: int, officers: int, occurred: object) -> list[ModelRow]:
    return [
        ModelRow(
            occurred=bool(occurred(n)),  # type: ignore[operator]
            female=n % 2 == 0,
            channel="office",
            site="MALMO",
            interpreter=False,
            officer=f"OF{n % officers}",
        )
        for n in range(count)
    ]


def test_the_model_says_why_it_cannot_estimate() -> None:
    assert sex_effect(_rows(20, 12, lambda n: n % 3)).not_estimable is NotEstimable.FEW_CONTACTS
    assert sex_effect(_rows(200, MIN_OFFICERS - 1, lambda n: n % 3)).not_estimable is NotEstimable.FEW_OFFICERS
    separated = sex_effect(_rows(200, 20, lambda n: n % 2 == 0))
    assert separated.not_estimable is NotEstimable.FEW_EVENTS
    assert separated.odds_ratio is None
    assert separated.p_value is None


def test_the_model_agrees_with_the_crude_odds_ratio_without_controls() -> None:
    """With no control varying, the model's odds ratio is the 2 × 2 table's: (30/20) / (20/30) = 2.25."""
    rng = random.Random(4)  # noqa: S311 - test data
    rows = [
        ModelRow(
            occurred=n < 30,
            female=True,
            channel="office",
            site="MALMO",
            interpreter=False,
            officer=f"A{rng.randrange(10)}",
        )
        for n in range(50)
    ] + [
        ModelRow(
            occurred=n < 20,
            female=False,
            channel="office",
            site="MALMO",
            interpreter=False,
            officer=f"A{rng.randrange(10)}",
        )
        for n in range(50)
    ]
    effect = sex_effect(rows)
    assert effect.odds_ratio == pytest.approx(2.25, rel=1e-6)
    assert effect.low is not None
    assert effect.high is not None
    assert effect.low < 2.25 < effect.high
    assert effect.controls == ()


@settings(max_examples=15, deadline=None)
@given(seed=st.integers(0, 10_000))
def test_the_odds_ratio_is_the_same_in_any_order(seed: int) -> None:
    rng = random.Random(seed)  # noqa: S311 - test data
    rows = [
        ModelRow(
            rng.random() < 0.5,
            rng.random() < 0.5,
            rng.choice(CHANNELS[:2]),
            "S",
            rng.random() < 0.3,
            f"O{rng.randrange(12)}",
        )
        for _ in range(120)
    ]
    shuffled = list(rows)
    rng.shuffle(shuffled)
    assert sex_effect(rows) == sex_effect(shuffled)
