"""The register of studies: its services (audit, refusals, permissions), the protection of participant counts and
the yearly report's selector."""

from __future__ import annotations

import dataclasses
import datetime
import json
from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lika.accounts.models import User
from lika.accounts.roles import Role
from lika.audit.acting import Acting
from lika.audit.actions import Action
from lika.audit.models import AuditEvent
from lika.plan import studies
from lika.plan.models.studies import ConsentBasis, Method, Study, StudyParticipants, StudyStatus
from lika.plan.studies import DIMS, ParticipantCount, participants_protect, participants_suppress, published_cell
from lika.statistics.disclosure import TOTAL, DisclosureRules, Reason, audit_tables, table_complete

pytestmark = pytest.mark.usefixtures("english")

RULES = DisclosureRules(min_count=5)


def _with(user: User, *codenames: str) -> User:
    user.user_permissions.add(*Permission.objects.filter(content_type__app_label="plan", codename__in=codenames))
    return User.objects.get(pk=user.pk)  # a fresh copy: permissions are cached on the object


@pytest.fixture
def keeper(make_staff: Callable[..., User]) -> User:
    return _with(make_staff(Role.ANALYST, username="strateg"), "add_study", "change_study", "view_study")


@pytest.fixture
def reader(make_staff: Callable[..., User]) -> User:
    return _with(make_staff(Role.MANAGER, username="chef"), "view_study")


def _values(**overrides: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "title": "Intervjuer om eget kort",
        "purpose": "Why some women in LMA do not use their own card.",
        "method": Method.INTERVIEW,
        "start_date": datetime.date(2025, 3, 1),
        "owner": "Enheten för mottagning Syd",
        "consent_basis": ConsentBasis.INFORMED_CONSENT,
        "consent_text": "Asked in the participant's language with an interpreter; taking part never affects the case.",
    }
    values.update(overrides)
    return values


@pytest.mark.django_db
def test_a_study_is_created_and_changed_with_audit(keeper: User) -> None:
    study = studies.study_create(acting=Acting(actor=keeper, reason="New study"), **_values())
    assert study.status == StudyStatus.PLANNED
    studies.study_change(
        acting=Acting(actor=keeper, reason="Fieldwork over"),
        study=study,
        status=StudyStatus.DONE,
        end_date=datetime.date(2025, 5, 30),
        findings="  Many did not know the card was theirs.  ",
    )
    study.refresh_from_db()
    assert study.findings == "Many did not know the card was theirs."
    events = list(AuditEvent.objects.filter(object_type="plan.study", object_id=str(study.pk)).order_by("id"))
    assert [e.action for e in events] == [Action.STUDY_CREATE, Action.STUDY_CHANGE]
    assert events[1].reason == "Fieldwork over"
    assert events[1].details["fields"] == ["end_date", "findings", "status"]
    assert events[1].details["before"] == {"end_date": None, "findings": "", "status": "planned"}


@pytest.mark.django_db
def test_a_change_that_changes_nothing_writes_no_audit(keeper: User) -> None:
    study = studies.study_create(acting=Acting(actor=keeper, reason="New"), **_values())
    studies.study_change(acting=Acting(actor=keeper, reason="Again"), study=study, title=" Intervjuer om eget kort ")
    assert AuditEvent.objects.filter(action=Action.STUDY_CHANGE).count() == 0


@pytest.mark.django_db
def test_a_reader_may_not_create_or_change_and_nothing_is_written(keeper: User, reader: User) -> None:
    with pytest.raises(ValidationError) as refused:
        studies.study_create(acting=Acting(actor=reader, reason="Try"), **_values())
    assert "chef may not do this." in refused.value.message_dict["reason"]
    study = studies.study_create(acting=Acting(actor=keeper, reason="New"), **_values())
    with pytest.raises(ValidationError):
        studies.study_change(acting=Acting(actor=reader, reason="Try"), study=study, title="Other")
    with pytest.raises(ValidationError):
        studies.study_participants_set(
            acting=Acting(actor=reader, reason="Try"),
            study=study,
            counts=[ParticipantCount("female", "18-29", "ar", 3)],
        )
    assert Study.objects.get().title == "Intervjuer om eget kort"
    assert not StudyParticipants.objects.exists()
    assert AuditEvent.objects.filter(object_type="plan.study").count() == 1


@pytest.mark.django_db
def test_a_change_must_say_why(keeper: User) -> None:
    with pytest.raises(ValidationError) as refused:
        studies.study_create(acting=Acting(actor=keeper, reason=" "), **_values())
    assert refused.value.message_dict["reason"] == ["Say why you make this change."]
    assert not Study.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"title": ""}, "title", "Give the study a title."),
        ({"method": "focus_group"}, "method", "Choose one of the methods."),
        (
            {"end_date": datetime.date(2025, 2, 1)},
            "end_date",
            "The end date cannot come before the start date, 2025-03-01.",
        ),
        ({"owner": " "}, "owner", "Name the unit or person responsible for the study."),
        ({"consent_basis": "implied"}, "consent_basis", "Choose the basis on which people take part."),
        (
            {"consent_text": ""},
            "consent_text",
            "Say how consent is asked and recorded, and that taking part never affects a case.",
        ),
        ({"status": StudyStatus.DONE}, "findings", "A study that is done has findings: write what was learned."),
        ({"status": StudyStatus.DONE, "findings": "Learned."}, "end_date", "A study that is done has an end date."),
    ],
)
def test_refusals_name_the_field_and_write_nothing(
    keeper: User, overrides: dict[str, Any], field: str, message: str
) -> None:
    with pytest.raises(ValidationError) as refused:
        studies.study_create(acting=Acting(actor=keeper, reason="New"), **_values(**overrides))
    assert refused.value.message_dict[field] == [message]
    assert not Study.objects.exists()
    assert not AuditEvent.objects.filter(object_type="plan.study").exists()


@pytest.mark.django_db
def test_participant_counts_are_replaced_as_a_whole_with_audit(keeper: User) -> None:
    study = studies.study_create(acting=Acting(actor=keeper, reason="New"), **_values())
    acting = Acting(actor=keeper, reason="Counted after the interviews")
    studies.study_participants_set(acting=acting, study=study, counts=[ParticipantCount("female", "30-44", "ar", 9)])
    studies.study_participants_set(
        acting=acting,
        study=study,
        counts=[ParticipantCount("female", "30-44", "ar", 8), ParticipantCount("male", "30-44", " prs ", 2)],
    )
    rows = sorted(StudyParticipants.objects.values_list("sex", "age_band", "language", "count"))
    assert rows == [("female", "30-44", "ar", 8), ("male", "30-44", "prs", 2)]
    event = AuditEvent.objects.filter(action=Action.STUDY_PARTICIPANTS_SET).order_by("id").last()
    assert event is not None
    assert event.details == {"groups": 2, "participants_before": 9, "participants": 10}


@pytest.mark.django_db
def test_bad_or_repeated_groups_are_refused_naming_each_and_nothing_changes(keeper: User) -> None:
    study = studies.study_create(acting=Acting(actor=keeper, reason="New"), **_values())
    acting = Acting(actor=keeper, reason="Counts")
    studies.study_participants_set(acting=acting, study=study, counts=[ParticipantCount("female", "30-44", "ar", 9)])
    with pytest.raises(ValidationError) as refused:
        studies.study_participants_set(
            acting=acting,
            study=study,
            counts=[
                ParticipantCount("female", "30-44", "ar", 4),
                ParticipantCount("woman", "12-14", "Arabic!", 0),
                ParticipantCount("female", "30-44", "ar", 1),
            ],
        )
    assert refused.value.message_dict["participants"] == [
        "Group 2: choose women, men or sex unknown.",
        "Group 2: choose one of the age bands.",
        "Group 2: write the language as a code such as sv, ar, ti or prs.",
        "Group 2: the number of participants is a whole number from 1 upwards.",
        "Group 3 repeats group 1: give each sex, age band and language once.",
    ]
    assert list(StudyParticipants.objects.values_list("count", flat=True)) == [9]


# --- protection of participant counts --------------------------------------------------------------


def test_a_small_group_is_hidden_and_its_sex_total_cannot_give_it_away() -> None:
    finest: dict[tuple[str, ...], int] = {
        ("female", "18-29", "ar"): 12,
        ("female", "30-44", "ar"): 2,
        ("male", "18-29", "ar"): 9,
    }
    tables = participants_protect(finest, RULES)
    by_age = {row.value: row for row in tables["age_band"].rows}
    assert by_age["30-44"].women is None
    # Subtracting the other published age bands from the women's total must not give the 2 back.
    assert by_age["18-29"].women is None or by_age[TOTAL].women is None
    assert by_age["30-44"].cells()[0] == ".."
    # With nobody of unknown sex, that column is a dash, not a hidden figure.
    assert by_age[TOTAL].cells()[2] == "–"


_CELL = st.tuples(
    st.sampled_from(["female", "male", "unknown"]),
    st.sampled_from(["18-29", "30-44", "45-64", "unknown"]),
    st.sampled_from(["ar", "prs", "sv"]),
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(_CELL, st.integers(min_value=1, max_value=14), min_size=1, max_size=10))
def test_no_hidden_count_can_be_narrowed_from_the_published_tables(finest: dict[tuple[str, ...], int]) -> None:
    """An attacker who knows every figure of both tables, that totals add up and that nothing is negative cannot
    narrow a small count to a range narrower than the rules' protection width, nor work out any hidden count."""
    cube, result = participants_suppress(finest, RULES)
    masked = result.masked("persons")
    complete = table_complete(DIMS, finest, categories={"sex": ("female", "male", "unknown")})
    unknown = {key for key in complete if not published_cell(key)} | set(masked)
    intervals = audit_tables({"persons": complete}, {"persons": unknown}, dims=DIMS).cells
    for key, cell in result.cells["persons"].items():
        low, high = intervals[("persons", key)]
        if cell.reason == Reason.SMALL_COUNT:
            assert high - low >= RULES.width - 1e-6, (key, cube[key], low, high)
        else:
            assert high - low > 1 - 1e-6, (key, low, high)
    # No published cell of either table shows a count below the threshold.
    tables = participants_protect(finest, RULES)
    for table in tables.values():
        for row in table.rows:
            for value in (row.women, row.men, row.unknown, row.total):
                assert value is None or value == 0 or value >= RULES.min_count, (table.breakdown, row)


# --- the yearly report's selector --------------------------------------------------------------------


@pytest.mark.django_db
def test_studies_of_year_lists_the_studies_active_that_year_as_plain_json(keeper: User) -> None:
    acting = Acting(actor=keeper, reason="Register")
    ended = studies.study_create(
        acting=acting,
        **_values(
            title="Done in 2024",
            start_date=datetime.date(2024, 2, 1),
            end_date=datetime.date(2024, 12, 31),
            status=StudyStatus.DONE,
            findings="Found.",
        ),
    )
    spanning = studies.study_create(
        acting=acting, **_values(title="From 2024 on", start_date=datetime.date(2024, 11, 1), status="ongoing")
    )
    later = studies.study_create(acting=acting, **_values(title="Planned 2026", start_date=datetime.date(2026, 1, 5)))
    studies.study_participants_set(
        acting=acting,
        study=spanning,
        counts=[
            ParticipantCount("female", "30-44", "ar", 11),
            ParticipantCount("female", "45-64", "ar", 3),
            ParticipantCount("male", "30-44", "ar", 8),
        ],
    )
    found = studies.studies_of_year(2025, RULES)
    assert [s.title for s in found] == ["From 2024 on"]
    (study,) = found
    assert study.method_label == "Interviews"
    assert study.end_date is None
    assert study.participants is not None
    assert study.participants.rows[-1].value == TOTAL
    rows = {row.value: row for row in study.participants.rows}
    assert rows["45-64"].women is None
    assert rows[TOTAL].total == 22 or rows[TOTAL].total is None
    json.dumps(dataclasses.asdict(study))
    assert [s.title for s in studies.studies_of_year(2024, RULES)] == ["Done in 2024", "From 2024 on"]
    assert [s.title for s in studies.studies_of_year(2026, RULES)] == ["From 2024 on", "Planned 2026"]
    assert ended.pk
    assert later.pk


# --- the demo ------------------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("today", [datetime.date(2026, 3, 2), datetime.date(2027, 6, 1)])
def test_the_demo_studies_load_once_and_show_hidden_cells(today: datetime.date) -> None:
    from lika.demo.plan_studies import DEMO_STUDIES, demo_plan_studies_load

    assert demo_plan_studies_load(today=today) == len(DEMO_STUDIES)
    assert demo_plan_studies_load(today=today) == 0
    assert Study.objects.count() == len(DEMO_STUDIES)
    report = studies.studies_of_year(2025)
    assert {s.method for s in report} >= {Method.USABILITY_TEST, Method.CO_DESIGN, Method.OBSERVATION}
    assert any(s.participants is not None and s.participants.hidden for s in report)
    json.dumps([dataclasses.asdict(s) for s in report])
    years = {year: len(studies.studies_of_year(year)) for year in (2023, 2024, 2025, 2026)}
    assert all(years.values()), years
