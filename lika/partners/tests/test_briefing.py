"""The quarterly briefing for municipalities: who is counted, small cells hidden so that no total reveals them,
CSV and PDF, and refusals that name the option and write nothing."""

from __future__ import annotations

import datetime
import io
from collections.abc import Callable
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lika.audit.acting import Acting
from lika.partners.briefing import (
    DIMS,
    HIDDEN,
    briefing_build,
    briefings_csv,
    briefings_pdf,
    municipality_briefings,
    published_cell,
    quarter_parse,
)
from lika.people import services
from lika.people.models import DecisionOutcome, PermitGround, PermitKind, Person, Sex
from lika.statistics.disclosure import DisclosureRules, Reason, audit_tables, table_complete
from lika.testing.pdf import page_text

RULES = DisclosureRules(min_count=3, min_denominator=3)


def _settle(
    acting: Acting, person: Person, *, ground: str, decided: datetime.date, municipality: str, start: datetime.date
) -> None:
    application = services.permit_application_submit(
        acting=acting, person=person, ground=ground, submitted_on=decided - datetime.timedelta(days=200)
    )
    services.permit_decision_record(
        acting=acting,
        application=application,
        decided_on=decided,
        outcome=DecisionOutcome.GRANTED,
        permit_kind=PermitKind.TEMPORARY,
        valid_from=decided,
        valid_until=decided + datetime.timedelta(days=3 * 365),
    )
    services.municipality_of_residence_record(
        acting=acting, person=person, municipality_code=municipality, start_date=start
    )


@pytest.mark.usefixtures("english")
def test_a_quarter_is_written_yyyyqn() -> None:
    assert quarter_parse("2026Q4") == (datetime.date(2026, 10, 1), datetime.date(2026, 12, 31))
    with pytest.raises(ValidationError) as caught:
        quarter_parse("2026-3")
    assert "YYYYQn" in caught.value.message_dict["quarter"][0]


@pytest.mark.django_db
@pytest.mark.usefixtures("english")
def test_the_briefing_counts_the_newly_granted_who_settled_in_the_quarter(
    acting: Acting, make_person: Callable[..., Person]
) -> None:
    summer = datetime.date(2026, 8, 1)
    for number in range(8):
        woman = make_person(sex=Sex.FEMALE, preferred_language="ar")
        _settle(acting, woman, ground=PermitGround.FAMILY_TIES, decided=summer, municipality="2180", start=summer)
        man = make_person(sex=Sex.MALE, preferred_language="ar" if number < 6 else "ti")
        _settle(acting, man, ground=PermitGround.ASYLUM, decided=summer, municipality="2180", start=summer)
    # Settled in another quarter, or granted long before: not counted.
    early = make_person(sex=Sex.FEMALE)
    _settle(
        acting, early, ground=PermitGround.WORK, decided=summer, municipality="2180", start=datetime.date(2026, 6, 1)
    )
    old = make_person(sex=Sex.FEMALE)
    _settle(
        acting, old, ground=PermitGround.WORK, decided=datetime.date(2024, 1, 10), municipality="2180", start=summer
    )
    (briefing,) = municipality_briefings(quarter="2026Q3", municipality="2180", rules=RULES)
    total = briefing.cube[("*", "*", "*", "*")]
    assert total == 16
    rows = dict(briefing.rows("ground"))
    assert rows["family_ties"] == ["8", "0", "0", "8"]
    assert rows["asylum"] == ["0", "8", "0", "8"]
    languages = dict(briefing.rows("language"))
    # Two men speak Tigrinya: too few to show, and the figures that would give them away are hidden too.
    assert languages["ti"][1] == HIDDEN
    assert HIDDEN in languages["ar"][1:] or HIDDEN in languages["ti"][3:]
    csv_text = briefings_csv([briefing])
    assert "2180,Gävle kommun,2026Q3,ground,family_ties,8,0,0,8" in csv_text
    assert ",language,ti,0,..," in csv_text
    pdf = briefings_pdf([briefing], language="en")
    text = " ".join(page_text(pdf))
    assert "Gävle kommun (2180)" in text
    assert ".." in text


@pytest.mark.django_db
def test_a_named_municipality_with_no_one_gets_zeros_and_an_unknown_code_is_refused() -> None:
    (briefing,) = municipality_briefings(quarter="2026Q1", municipality="0980", rules=RULES)
    assert briefing.cube[("*", "*", "*", "*")] == 0
    assert municipality_briefings(quarter="2026Q1", rules=RULES) == []
    with pytest.raises(ValidationError) as caught:
        municipality_briefings(quarter="2026Q1", municipality="9999")
    assert set(caught.value.message_dict) == {"municipality"}


@pytest.mark.django_db
@pytest.mark.usefixtures("english")
def test_the_command_names_the_bad_option_and_writes_nothing(tmp_path: Path) -> None:
    output = tmp_path / "briefing.csv"
    with pytest.raises(CommandError, match="--quarter"):
        call_command("partners", "municipality-briefing", "--quarter", "Q3", "--format", "csv", "--output", str(output))
    with pytest.raises(CommandError, match="--municipality"):
        call_command(
            "partners",
            "municipality-briefing",
            "--quarter",
            "2026Q3",
            "--municipality",
            "12",
            "--format",
            "csv",
            "--output",
            str(output),
        )
    assert list(tmp_path.iterdir()) == []
    out = io.StringIO()
    call_command(
        "partners",
        "municipality-briefing",
        "--quarter",
        "2026Q3",
        "--municipality",
        "1280",
        "--format",
        "csv",
        "--output",
        str(output),
        stdout=out,
    )
    assert output.read_text().startswith("municipality_code,municipality,quarter,breakdown,value,women,men")
    assert [p.name for p in tmp_path.iterdir()] == ["briefing.csv"]


_CELL = st.tuples(
    st.sampled_from(["female", "male", "unknown"]),
    st.sampled_from(["family_ties", "asylum", "work"]),
    st.sampled_from(["18-29", "30-44", "45-64"]),
    st.sampled_from(["ar", "ti", "so"]),
)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(_CELL, st.integers(min_value=0, max_value=12), min_size=1, max_size=12))
def test_no_hidden_cell_can_be_narrowed_from_the_published_totals(finest: dict[tuple[str, ...], int]) -> None:
    """The follow-up's property: an attacker who knows every published figure, that margins add up and that
    nothing is negative cannot narrow a small cell to a range narrower than the rules' protection width."""
    briefing = briefing_build("2180", "2026Q3", finest, RULES)
    masked = briefing.suppression.masked("persons")
    cube_keys = set(briefing.cube)
    cube = table_complete(DIMS, finest)
    unknown = {key for key in cube if not published_cell(key)} | set(masked)
    intervals = audit_tables({"persons": cube}, {"persons": unknown}, dims=DIMS).cells
    for key, cell in briefing.suppression.cells["persons"].items():
        assert key in cube_keys
        low, high = intervals[("persons", key)]
        if cell.reason == Reason.SMALL_COUNT:
            assert high - low >= RULES.width - 1e-6, (key, cube[key], low, high)
        else:
            assert high - low > 1 - 1e-6, (key, low, high)
    # Every small published cell is hidden.
    for key, value in briefing.cube.items():
        if 0 < value < RULES.min_count:
            assert key in masked, key
