"""The survey's services: set-up, rules fixed before fieldwork, the sampling plan, recording and importing observations."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterator
from dataclasses import replace
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from lika.accounts.models import User
from lika.accounts.roles import Role
from lika.audit.acting import Acting
from lika.audit.models import AuditEvent
from lika.treatment_survey import selectors, services
from lika.treatment_survey.imports.example_files import kobo_xlsx, odk_files, odk_tables
from lika.treatment_survey.imports.readers import ExportError
from lika.treatment_survey.models import Observation, ObservationImport, OfficerCode, Session, Slot, Survey
from lika.treatment_survey.services import OFFICER_CODE_ALPHABET
from lika.treatment_survey.tests.factories import Planned

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    """The messages checked here are the English source texts."""
    with translation.override("en"):
        yield


def _values(planned: Planned, **overrides: str) -> dict[str, str]:
    values = {
        "contact_code": "S001-1",
        "second_observer": "no",
        "officer_code": planned.officers[0],
        "client_sex": "female",
        "client_sex_basis": "perceived",
        "interpreter": "no",
        "companion": "no",
        "officer_left": "yes",
        "client_humour": "no",
        "client_question": "no",
        "offered_choice": "no",
        "unrequested_information": "yes",
        "told_why_leaving": "no",
        "humour_returned": "",
        "smiled": "",
        "eye_contact": "",
        "questions_answered": "",
        "spoke_to_client": "",
    }
    return values | overrides


def _phone_session(planned: Planned) -> Session:
    return services.session_open(
        acting=planned.acting,
        survey=planned.survey,
        observer=planned.observers["OBS-1"],
        site=planned.sites["KC"],
        channel="phone",
        day=datetime.date(2026, 9, 14),
    )


def test_creating_a_survey_orders_its_channels_and_is_audited(planned: Planned) -> None:
    assert planned.survey.channels == ["phone", "office", "digital", "embassy"]
    assert AuditEvent.objects.filter(action="treatment_survey.survey_create").count() == 1


def test_only_survey_leads_set_surveys_up(make_staff: Callable[..., User]) -> None:
    observer = make_staff(Role.OBSERVER)
    with pytest.raises(ValidationError, match="may not"):
        services.survey_create(
            acting=Acting(actor=observer, reason="Try"),
            name="Mine",
            first_day=datetime.date(2026, 9, 1),
            last_day=datetime.date(2026, 9, 30),
            channels=["phone"],
        )
    assert not Survey.objects.exists()


def test_officer_codes_are_random_pseudonyms_from_an_unambiguous_alphabet(planned: Planned) -> None:
    codes = planned.officers
    assert len(set(codes)) == 38
    assert all(len(code) == 5 and set(code) <= set(OFFICER_CODE_ALPHABET) for code in codes)
    more = services.officer_codes_issue(acting=planned.acting, survey=planned.survey, count=5)
    assert not {c.code for c in more} & set(codes)
    assert OfficerCode.objects.filter(survey=planned.survey).count() == 43


def test_the_pass_mark_is_fixed_once_observations_exist(planned: Planned) -> None:
    survey = services.survey_rules_change(
        acting=planned.acting,
        survey=planned.survey,
        pass_mark=Decimal("0.667"),
        double_coded_share=Decimal("0.100"),
        min_officers=5,
        min_contacts=20,
    )
    assert survey.pass_mark == Decimal("0.667")
    services.observation_record(acting=planned.acting, session=_phone_session(planned), values=_values(planned))
    with pytest.raises(ValidationError) as refused:
        services.survey_rules_change(
            acting=planned.acting,
            survey=planned.survey,
            pass_mark=Decimal("0.800"),
            double_coded_share=Decimal("0.100"),
            min_officers=5,
            min_contacts=20,
        )
    assert "pass_mark" in refused.value.message_dict
    stricter = services.survey_rules_change(
        acting=planned.acting,
        survey=planned.survey,
        pass_mark=Decimal("0.667"),
        double_coded_share=Decimal("0.100"),
        min_officers=8,
        min_contacts=30,
    )
    assert (stricter.min_officers, stricter.min_contacts) == (8, 30)
    with pytest.raises(ValidationError, match="stricter"):
        services.survey_rules_change(
            acting=planned.acting,
            survey=planned.survey,
            pass_mark=Decimal("0.667"),
            double_coded_share=Decimal("0.100"),
            min_officers=5,
            min_contacts=30,
        )


def test_the_sampling_plan_is_drawn_once_and_reproducibly(planned: Planned) -> None:
    strata = [(planned.sites["KC"], "phone", 10), (planned.sites["NAIROBI"], "embassy", 5)]
    opens, closes = datetime.time(9), datetime.time(16)
    slots = services.sampling_plan_draw(
        acting=planned.acting, survey=planned.survey, strata=strata, opens=opens, closes=closes, minutes=60, seed=4
    )
    assert len(slots) == 15
    assert sum(slot.double_coded for slot in slots) == 2  # 10 % of 15, rounded
    seed = AuditEvent.objects.get(action="treatment_survey.sampling_plan_draw").details["seed"]
    assert seed == 4
    with pytest.raises(ValidationError, match="drawn once"):
        services.sampling_plan_draw(
            acting=planned.acting, survey=planned.survey, strata=strata, opens=opens, closes=closes, minutes=60, seed=5
        )
    assert Slot.objects.count() == 15


def test_the_double_coded_share_is_fixed_once_the_plan_marks_its_slots(planned: Planned) -> None:
    """The plan marks the slots for two observers at the share in force; another share would misdescribe it."""
    services.sampling_plan_draw(
        acting=planned.acting,
        survey=planned.survey,
        strata=[(planned.sites["KC"], "phone", 10)],
        opens=datetime.time(9),
        closes=datetime.time(16),
        minutes=60,
        seed=4,
    )
    with pytest.raises(ValidationError) as refused:
        services.survey_rules_change(
            acting=planned.acting,
            survey=planned.survey,
            pass_mark=Decimal("0.800"),
            double_coded_share=Decimal("0.300"),
            min_officers=5,
            min_contacts=20,
        )
    assert "double_coded_share" in refused.value.message_dict
    planned.survey.refresh_from_db()
    assert planned.survey.double_coded_share == Decimal("0.100")


def test_a_stratum_must_be_a_channel_of_its_site(planned: Planned) -> None:
    with pytest.raises(ValidationError, match="one of its channels"):
        services.sampling_plan_draw(
            acting=planned.acting,
            survey=planned.survey,
            strata=[(planned.sites["MALMO"], "phone", 3)],
            opens=datetime.time(9),
            closes=datetime.time(16),
            minutes=60,
        )


def test_recording_keeps_only_the_items_that_apply(planned: Planned) -> None:
    observation = services.observation_record(
        acting=planned.acting, session=_phone_session(planned), values=_values(planned)
    )
    assert observation.client_sex == "female"
    assert "eye_contact" not in observation.answers
    assert observation.answers["told_why_leaving"] == "no"
    assert "humour_returned" not in observation.answers


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"eye_contact": "no"}, "eye_contact"),  # does not apply on the phone
        ({"told_why_leaving": ""}, "told_why_leaving"),  # the officer left, so it applies
        ({"officer_code": "ANNA"}, "officer_code"),  # not a code of the survey
        ({"client_sex_basis": ""}, "client_sex_basis"),
    ],
)
def test_recording_refuses_answers_the_protocol_does_not_allow(
    planned: Planned, overrides: dict[str, str], field: str
) -> None:
    with pytest.raises(ValidationError) as refused:
        services.observation_record(
            acting=planned.acting, session=_phone_session(planned), values=_values(planned, **overrides)
        )
    assert field in refused.value.message_dict
    assert not Observation.objects.exists()


def test_a_contact_has_one_first_and_one_different_second_observer(planned: Planned) -> None:
    session = _phone_session(planned)
    services.observation_record(acting=planned.acting, session=session, values=_values(planned))
    with pytest.raises(ValidationError, match="already recorded"):
        services.observation_record(acting=planned.acting, session=session, values=_values(planned))
    with pytest.raises(ValidationError, match="already recorded this contact"):
        services.observation_record(
            acting=planned.acting, session=session, values=_values(planned, second_observer="yes")
        )
    other = services.session_open(
        acting=planned.acting,
        survey=planned.survey,
        observer=planned.observers["OBS-2"],
        site=planned.sites["KC"],
        channel="phone",
        day=datetime.date(2026, 9, 14),
    )
    services.observation_record(acting=planned.acting, session=other, values=_values(planned, second_observer="yes"))
    assert Observation.objects.count() == 2


def test_a_second_observer_records_the_contact_where_and_when_the_first_did(planned: Planned) -> None:
    services.observation_record(acting=planned.acting, session=_phone_session(planned), values=_values(planned))
    elsewhere = services.session_open(
        acting=planned.acting,
        survey=planned.survey,
        observer=planned.observers["OBS-2"],
        site=planned.sites["KC"],
        channel="digital",
        day=datetime.date(2026, 9, 14),
    )
    with pytest.raises(ValidationError, match="same site, in the same channel and on the same day") as refused:
        services.observation_record(
            acting=planned.acting, session=elsewhere, values=_values(planned, second_observer="yes", smiled="yes")
        )
    assert "contact_code" in refused.value.message_dict
    assert Observation.objects.count() == 1


def test_an_imported_second_record_must_match_the_stored_first_one(planned: Planned) -> None:
    records = planned.records()
    second = next(r for r in records if r.second_observer)
    first = next(r for r in records if r.contact_code == second.contact_code and not r.second_observer)
    services.observations_import(
        acting=planned.acting, survey=planned.survey, files=odk_files([r for r in records if r != second])
    )
    moved = replace(second, day=second.day + datetime.timedelta(days=1 if second.day.weekday() < 4 else -1))
    assert moved.day != first.day
    main, repeat = odk_tables([moved])
    for table, column in ((main, "meta-instanceID"), (main, "KEY"), (repeat, "PARENT_KEY")):
        table[1][table[0].index(column)] = "uuid:a-new-submission"
    files = [
        (name, "\n".join(",".join(str(cell) for cell in row) for row in table).encode())
        for name, table in (("late.csv", main), ("late-contact.csv", repeat))
    ]
    with pytest.raises(ExportError, match="same site, in the same channel and on the same day"):
        services.observations_import(acting=planned.acting, survey=planned.survey, files=files)
    assert not Observation.objects.filter(second_observer=True, contact_code=second.contact_code).exists()


def test_import_stores_every_observation_and_gives_the_same_analysis(planned: Planned) -> None:
    records = planned.records()
    imported = services.observations_import(acting=planned.acting, survey=planned.survey, files=odk_files(records))
    assert imported.observations_count == len(records)
    assert imported.dialect == "odk"
    stored = sorted(selectors.survey_records(planned.survey), key=lambda r: r.sort_key)
    assert stored == sorted(records, key=lambda r: r.sort_key)
    assert AuditEvent.objects.filter(action="treatment_survey.observations_import").count() == 1


def test_importing_a_cumulative_export_again_skips_what_is_there(planned: Planned) -> None:
    records = planned.records()
    services.observations_import(acting=planned.acting, survey=planned.survey, files=odk_files(records))
    again = services.observations_import(acting=planned.acting, survey=planned.survey, files=odk_files(records))
    assert (again.observations_count, again.sessions_count) == (0, 0)
    assert again.skipped == Session.objects.filter(survey=planned.survey).count()
    assert Observation.objects.count() == len(records)


def test_an_export_that_clashes_with_stored_contacts_writes_nothing(planned: Planned) -> None:
    records = planned.records()
    services.observations_import(acting=planned.acting, survey=planned.survey, files=odk_files(records[:50]))
    # The same contacts from KoboToolbox have other submission ids, so they are not skipped: they clash.
    with pytest.raises(ExportError) as refused:
        services.observations_import(acting=planned.acting, survey=planned.survey, files=kobo_xlsx(records))
    assert "already in the survey" in refused.value.messages[0]
    assert "[contact], row " in refused.value.messages[0]
    assert Observation.objects.count() == 50
    assert ObservationImport.objects.count() == 1


def test_an_observer_sees_only_the_surveys_they_observe_in(planned: Planned, make_staff: Callable[..., User]) -> None:
    stranger = make_staff(Role.OBSERVER, username="stranger")
    assert list(selectors.surveys_visible(planned.observer_user)) == [planned.survey]
    assert not selectors.surveys_visible(stranger).exists()
    assert list(selectors.surveys_visible(planned.lead)) == [planned.survey]
