"""Each indicator on a small dataset whose figures are worked out by hand, on DuckDB and on the database.

The fact rows are written directly (the fact job has its own tests in test_facts.py), except for the
own-card series, which goes from the services through the fact job to the published figure.
"""

from __future__ import annotations

import datetime
import random
from pathlib import Path
from typing import Any

import pytest
from django.db import models

from lika.followup.facts.build import facts_rebuild
from lika.followup.facts.export import facts_export
from lika.followup.indicators.catalogue import BY_CODE, CATALOGUE
from lika.followup.indicators.engines import DatabaseEngine, DuckDBEngine, Engine
from lika.followup.indicators.results import IndicatorResult, indicator_run
from lika.followup.models import (
    AtUndDecision,
    CivicIntroductionAttendance,
    EmploymentServiceRegistration,
    FactAllowanceMonth,
    FactCardException,
    FactChannelVisit,
    FactPayment,
    FactPermitDecision,
    RegisterImport,
    RegisterKind,
)
from lika.followup.tests.factories import MemoryEngine, random_facts_write
from lika.statistics.disclosure import TOTAL, DisclosureRules, Reason
from lika.testing.personas import MakeCouple

pytestmark = pytest.mark.django_db

OPEN = DisclosureRules(min_count=1, min_denominator=1)  # publish everything: the figures are checked by hand
AS_OF = datetime.date(2026, 11, 22)
# Stricter than the default, so that the small random facts have hidden figures in every indicator.
STRICT = DisclosureRules(min_count=8, min_denominator=12)


@pytest.fixture(params=["duckdb", "database"])
def engine(request: pytest.FixtureRequest, facts_dir: Path) -> Engine:
    """Both engines; the Parquet files are written when the test asks for the figures."""
    return DuckDBEngine(facts_dir) if request.param == "duckdb" else DatabaseEngine()


def _run(code: str, engine: Engine, facts_dir: Path, **options: Any) -> IndicatorResult:
    facts_export(facts_dir)
    options.setdefault("rules", OPEN)
    return indicator_run(BY_CODE[code], engine=engine, **options)


def _rows(model: type[models.Model], count: int, **values: Any) -> None:
    start = model._default_manager.count()
    objects = []
    for index in range(count):
        row = dict(values)
        for key in ("payment_id", "exception_id", "decision_id", "person_id"):
            if key in {f.name for f in model._meta.fields}:
                row.setdefault(key, start + index + 1)
        if "record_id" in {f.name for f in model._meta.fields}:
            row["record_id"] = f"{model.__name__}-{start + index}"
        objects.append(model(**row))
    model._default_manager.bulk_create(objects)


_PERSON = {"age_group": "25-34", "country_of_birth": "SY"}


def test_own_card_series_76_to_93_percent(make_couple: MakeCouple, engine: Engine, facts_dir: Path) -> None:
    """The seed report's series: 19 of 25 couples with a card each in 2021 (76 %), 13 of 14 in 2024 (93 %)."""
    for index in range(25):
        make_couple(datetime.date(2021, 1, 1), datetime.date(2021, 12, 31), joint_card=index < 6)
    for index in range(14):
        make_couple(datetime.date(2024, 1, 1), datetime.date(2024, 12, 31), joint_card=index < 1)
    facts_rebuild(as_of=AS_OF)
    result = _run("own_card_couples", engine, facts_dir)
    assert result.years == (2021, 2024)
    assert round(100 * (result.figure(year=2021).share or 0)) == 76
    assert round(100 * (result.figure(year=2024).share or 0)) == 93
    # Under the default rules the 2024 figure says that exactly one couple shared a card: it is masked.
    guarded = _run("own_card_couples", engine, facts_dir, rules=DisclosureRules())
    masked = guarded.figure(year=2024).masked
    assert masked is not None
    assert masked.reason == Reason.SMALL_COMPLEMENT
    assert guarded.figure(year=2024).numerator is None
    # No sum over the years is published, so nothing else needs hiding: 2021 stays, and so does 2024's N.
    assert guarded.figure(year=2021).share == pytest.approx(19 / 25)
    assert guarded.figure(year=2024).population == 14
    assert (TOTAL,) not in guarded.figures, "the all-years margin is published nowhere"
    # By sex, every adult lacking a card is a woman: 19/25 of women, 25/25 of men in 2021.
    adults = _run("own_card_adults", engine, facts_dir)
    assert adults.figure(year=2021, sex="female").share == pytest.approx(19 / 25)
    assert adults.figure(year=2021, sex="male").share == 1.0
    assert adults.differences[("2021",)].estimate == pytest.approx(19 / 25 - 1)


def test_own_decision_counts_adults_without_a_decision_of_their_own(engine: Engine, facts_dir: Path) -> None:
    _rows(
        FactAllowanceMonth,
        9,
        month="2026-12",
        year=2026,
        quarter=4,
        sex="female",
        own_decision=True,
        permit_ground="asylum",
        household_type="two_adults",
        allowance_ore=100,
        payout_ore=100,
        exception_kind="none",
        **_PERSON,
    )
    _rows(
        FactAllowanceMonth,
        1,
        month="2026-12",
        year=2026,
        quarter=4,
        sex="female",
        own_decision=False,
        permit_ground="asylum",
        household_type="two_adults",
        allowance_ore=0,
        payout_ore=0,
        exception_kind="none",
        **_PERSON,
    )
    _rows(
        FactAllowanceMonth,
        10,
        month="2026-12",
        year=2026,
        quarter=4,
        sex="male",
        own_decision=True,
        permit_ground="asylum",
        household_type="two_adults",
        allowance_ore=100,
        payout_ore=100,
        exception_kind="none",
        **_PERSON,
    )
    result = _run("own_decision", engine, facts_dir)
    assert result.figure(year=2026, sex="female").share == pytest.approx(0.9)
    assert result.figure(year=2026, sex="male").share == 1.0
    assert result.figure(year=2026).population == 20
    assert result.figure(year=2026).numerator == 19
    # The sex split of those with an own decision: 9 of 19 are women.
    assert result.figure(year=2026, sex="female").split == pytest.approx(9 / 19)


def test_allowance_paid_splits_the_money_by_the_card_holders_sex(engine: Engine, facts_dir: Path) -> None:
    """A woman's 600 kr paid to a man's card counts as paid to a man; decided for a woman."""
    common = {"month": "2026-12", "year": 2026, "quarter": 4, "paid_on": datetime.date(2026, 11, 25), **_PERSON}
    _rows(FactPayment, 3, sex="female", holder_sex="female", amount_ore=100_000, **common)
    _rows(FactPayment, 1, sex="female", holder_sex="male", amount_ore=60_000, **common)
    _rows(FactPayment, 4, sex="male", holder_sex="male", amount_ore=100_000, **common)
    paid = _run("allowance_paid", engine, facts_dir)
    assert paid.figure(year=2026, holder_sex="female").amount == 300_000
    assert paid.figure(year=2026, holder_sex="male").amount == 460_000
    assert paid.figure(year=2026, holder_sex="female").split == pytest.approx(300_000 / 760_000)
    entitled = _run("allowance_entitled", engine, facts_dir)
    assert entitled.figure(year=2026, sex="female").amount == 360_000
    assert entitled.figure(year=2026).amount == 760_000


def test_card_exceptions_are_counted_by_reason_and_sex(engine: Engine, facts_dir: Path) -> None:
    common = {"start_date": datetime.date(2025, 3, 1), "year": 2025, "quarter": 1, "kind": "joint_card", **_PERSON}
    _rows(FactCardException, 4, sex="female", payee_sex="male", reason="asked_by_both", **common)
    _rows(FactCardException, 2, sex="female", payee_sex="male", reason="no_id_document", **common)
    _rows(FactCardException, 1, sex="male", payee_sex="female", reason="asked_by_both", **common)
    result = _run("card_exceptions", engine, facts_dir)
    assert result.figure(year=2025, sex="female", reason="asked_by_both").population == 4
    assert result.figure(year=2025, reason="asked_by_both").population == 5
    assert result.figure(year=2025, sex="female").population == 6
    assert result.figure(year=2025, sex="female").split == pytest.approx(6 / 7)
    # With the default rules, the one man and the two "no id" women are too few to show.
    guarded = _run("card_exceptions", engine, facts_dir, rules=DisclosureRules())
    assert guarded.figure(year=2025, sex="male", reason="asked_by_both").masked is not None
    assert guarded.figure(year=2025, sex="female", reason="no_id_document").population is None


def test_permits_granted_share_by_sex_and_ground(engine: Engine, facts_dir: Path) -> None:
    common = {
        "decided_on": datetime.date(2024, 5, 1),
        "year": 2024,
        "quarter": 2,
        "permit_kind": "temporary",
        **_PERSON,
    }
    _rows(FactPermitDecision, 3, sex="female", outcome="granted", ground="family_ties", **common)
    _rows(FactPermitDecision, 1, sex="female", outcome="refused", ground="family_ties", **common)
    _rows(FactPermitDecision, 2, sex="male", outcome="granted", ground="family_ties", **common)
    _rows(FactPermitDecision, 2, sex="male", outcome="dismissed", ground="family_ties", **common)
    result = _run("permits_granted", engine, facts_dir)
    assert result.figure(year=2024, sex="female", ground="family_ties").share == 0.75
    assert result.figure(year=2024, sex="male", ground="family_ties").share == 0.5
    assert result.differences[("2024", "family_ties")].estimate == pytest.approx(0.25)


@pytest.fixture
def register_import(db: None) -> RegisterImport:
    return RegisterImport.objects.create(
        kind=RegisterKind.AT_UND, file_name="hand.csv", sha256="1" * 64, rows=0, rows_new=0, reason="Test"
    )


def test_at_und_granted_by_sex(engine: Engine, facts_dir: Path, register_import: RegisterImport) -> None:
    common = {
        "register_import": register_import,
        "birth_year": 1990,
        "region": "12",
        "year": 2024,
        "quarter": 3,
        "decided_on": datetime.date(2024, 8, 1),
        **_PERSON,
    }
    _rows(AtUndDecision, 6, sex="male", granted=True, **common)
    _rows(AtUndDecision, 2, sex="male", granted=False, **common)
    _rows(AtUndDecision, 3, sex="female", granted=True, **common)
    _rows(AtUndDecision, 3, sex="female", granted=False, **common)
    result = _run("at_und_granted", engine, facts_dir)
    assert result.figure(year=2024, sex="male").share == 0.75
    assert result.figure(year=2024, sex="female").share == 0.5
    assert result.differences[("2024",)].estimate == pytest.approx(-0.25)
    assert result.differences[("2024",)].interval is None, "a register counts everyone: no interval unless asked"
    asked = _run("at_und_granted", engine, facts_dir, intervals=True)
    interval = asked.differences[("2024",)].interval
    assert interval is not None
    assert interval.low < -0.25 < interval.high


def test_civic_introduction_by_sex_country_and_age(
    engine: Engine, facts_dir: Path, register_import: RegisterImport
) -> None:
    common = {
        "register_import": register_import,
        "birth_year": 1990,
        "region": "01",
        "year": 2025,
        "quarter": 1,
        "called_on": datetime.date(2025, 2, 1),
    }
    _rows(
        CivicIntroductionAttendance, 4, sex="female", country_of_birth="ER", age_group="25-34", attended=True, **common
    )
    _rows(
        CivicIntroductionAttendance, 4, sex="female", country_of_birth="ER", age_group="25-34", attended=False, **common
    )
    _rows(CivicIntroductionAttendance, 5, sex="male", country_of_birth="ER", age_group="25-34", attended=True, **common)
    _rows(
        CivicIntroductionAttendance, 2, sex="female", country_of_birth="AF", age_group="45-54", attended=True, **common
    )
    # The register's rows reach the indicator through the civic-introduction facts, beside Lika's own sessions.
    facts_rebuild(as_of=AS_OF)
    result = _run("civic_introduction_attended", engine, facts_dir, breakdown=("country_of_birth",))
    assert result.breakdown == ("year", "sex", "country_of_birth")
    assert result.figure(year=2025, sex="female", country_of_birth="ER").share == 0.5
    assert result.figure(year=2025, sex="female").share == pytest.approx(6 / 10)
    # No man was born in Afghanistan: too thin a group alone, so it is counted among other countries.
    assert result.figure(year=2025, sex="female", country_of_birth="other").population == 2
    assert result.figure(year=2025, sex="male", country_of_birth="other").population == 0
    assert result.figure(year=2025, sex="male", country_of_birth="other").share is None
    by_age = _run("civic_introduction_attended", engine, facts_dir, breakdown=("age_group",))
    assert by_age.breakdown == ("year", "sex", "age_group")
    # Nobody aged 45–54 among the men: that band is too thin alone and is merged with the one before it.
    assert by_age.figure(year=2025, sex="female", age_group="25-54").population == 10


def test_employment_service_counts_and_disability_share(
    engine: Engine, facts_dir: Path, register_import: RegisterImport
) -> None:
    common = {
        "register_import": register_import,
        "birth_year": 1985,
        "region": "14",
        "year": 2026,
        "quarter": 2,
        "registered_on": datetime.date(2026, 4, 1),
        **_PERSON,
    }
    _rows(EmploymentServiceRegistration, 7, sex="female", disability_reported=False, **common)
    _rows(EmploymentServiceRegistration, 1, sex="female", disability_reported=True, **common)
    _rows(EmploymentServiceRegistration, 8, sex="male", disability_reported=True, **common)
    _rows(EmploymentServiceRegistration, 8, sex="male", disability_reported=False, **common)
    count = _run("employment_service_registered", engine, facts_dir)
    assert count.figure(year=2026, sex="female").population == 8
    assert count.figure(year=2026, sex="female").split == pytest.approx(8 / 24)
    share = _run("employment_service_disability", engine, facts_dir)
    assert share.figure(year=2026, sex="female").share == pytest.approx(1 / 8)
    assert share.figure(year=2026, sex="male").share == 0.5


def test_channel_visits_are_summed_and_never_masked(engine: Engine, facts_dir: Path) -> None:
    FactChannelVisit.objects.bulk_create(
        [
            FactChannelVisit(
                day=datetime.date(2026, 1, d),
                year=2026,
                quarter=1,
                channel=code,
                channel_kind=kind,
                landing_page="/om-sverige/",
                language="ar",
                visits=visits,
            )
            for d, code, kind, visits in [
                (1, "brev", "permit_letter", 3),
                (2, "brev", "permit_letter", 1),
                (1, "minsida", "min_sida", 40),
            ]
        ]
    )
    result = _run("channel_visits", engine, facts_dir, rules=DisclosureRules())
    assert result.breakdown == ("year", "channel_kind")
    assert result.figure(year=2026, channel_kind="permit_letter").amount == 4
    assert result.figure(year=2026).amount == 44
    assert result.masked_count == 0, "visits are not persons: small numbers are shown"


def test_every_figure_has_every_margin(engine: Engine, facts_dir: Path) -> None:
    _rows(
        FactPermitDecision,
        2,
        sex="female",
        outcome="granted",
        ground="work",
        year=2023,
        quarter=1,
        decided_on=datetime.date(2023, 1, 5),
        permit_kind="temporary",
        **_PERSON,
    )
    result = _run("permits_granted", engine, facts_dir)
    assert ("2023", TOTAL, TOTAL) in result.figures
    assert result.figure(year=2023).population == 2
    assert result.figure(year=2023, sex="female").population == 2
    assert (TOTAL, TOTAL, TOTAL) not in result.figures, "the sum over all years is shown nowhere, so not published"


@pytest.mark.parametrize("code", [i.code for i in CATALOGUE if i.person_level])
def test_every_view_of_an_indicator_hides_the_same_figures(code: str, facts_dir: Path) -> None:
    """Views by different breakdowns are cut from one protected table: a figure hidden in one view is hidden in
    every view that shows it, and a figure shown is the same number in each, so no two views give a hidden one away."""
    random_facts_write(facts_dir, rows=80, seed=11)
    indicator = BY_CODE[code]
    engine = DuckDBEngine(facts_dir)
    views = indicator.published_tables()
    seen: dict[tuple[tuple[str, str], ...], tuple[object, ...]] = {}
    for view in views:
        result = indicator_run(indicator, engine=engine, rules=STRICT, breakdown=view)
        for key, figure in result.figures.items():
            full = dict.fromkeys(indicator.dimensions, TOTAL) | dict(zip(result.breakdown, key, strict=True))
            cell = tuple(sorted(full.items()))
            shown = (figure.masked is None, figure.population, figure.numerator, figure.amount)
            assert seen.setdefault(cell, shown) == shown, (view, key)
    assert any(not shown[0] for shown in seen.values()), "the random facts give some hidden figure"


@pytest.mark.parametrize("seed", range(6))
def test_indicators_that_count_the_same_rows_hide_the_same_figures(seed: int) -> None:
    """The registrations with Arbetsförmedlingen are counted by one indicator and are the population (N) of
    another, the share who made a disability known. Protected apart, a group's N hidden on the share's page
    could be read on the count's page, and together the two pages narrowed a hidden one-person group to a
    range of two. Protected together, each N is hidden on both pages or shown on both."""
    rng = random.Random(seed)  # noqa: S311 - test data
    rows = [
        {
            "year": rng.choice([2023, 2024, 2025]),
            "sex": rng.choice(["female", "male", "male", "female", "unknown"]),
            "age_group": rng.choice(["18-24", "25-34", "35-44"]),
            "region": rng.choice(["01", "12", "14"]),
            "disability_reported": rng.random() < 0.3,
        }
        for _ in range(rng.choice([40, 80, 150]))
    ]
    engine = MemoryEngine({"followup_employmentserviceregistration": rows})
    for view in BY_CODE["employment_service_registered"].published_tables():
        counted, share = (
            indicator_run(BY_CODE[code], engine=engine, rules=DisclosureRules(), breakdown=view)
            for code in ("employment_service_registered", "employment_service_disability")
        )
        assert {key: figure.population for key, figure in counted.figures.items()} == {
            key: figure.population for key, figure in share.figures.items()
        }, view
