"""Training reaches the follow-up: the training facts, the triple difference on them with a known answer, and
the dashboard page that shows it (with its interval, or "not estimable"), protected like the rest."""

from __future__ import annotations

import datetime
from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from lika.accounts.models import User
from lika.accounts.roles import Role
from lika.audit.acting import Acting
from lika.competence import services
from lika.competence.models import MeetingKind
from lika.competence.tests.factories import Organisation
from lika.core.disclosure import disclosure_rules
from lika.followup.facts.build import facts_rebuild
from lika.followup.facts.training import training_rebuild
from lika.followup.indicators.training_effect import training_effect
from lika.followup.models import FactRebuild, FactTrainingExposure, FactTreatmentContact
from lika.people.models import Sex
from lika.treatment_survey.models import Observation, Observer, OfficerCode, Session, Site, Survey

pytestmark = pytest.mark.django_db

BEFORE = (datetime.date(2026, 2, 2), datetime.date(2026, 2, 27))
AFTER = (datetime.date(2026, 9, 1), datetime.date(2026, 9, 30))
TODAY = datetime.date(2026, 11, 1)
# Shares answered yes, per (trained, wave, woman). Men 60 % everywhere; women in trained units 40 % → 55 %,
# in untrained units 40 % → 45 %. The gaps narrow by 15 and 5 points: the triple difference is -10 points.
SHARES = {
    (True, 0, True): 0.40,
    (True, 0, False): 0.60,
    (True, 1, True): 0.55,
    (True, 1, False): 0.60,
    (False, 0, True): 0.40,
    (False, 0, False): 0.60,
    (False, 1, True): 0.45,
    (False, 1, False): 0.60,
}
OFFICERS = 4
PER_OFFICER = 20  # women, and as many men, per officer and survey


def _survey(number: int, days: tuple[datetime.date, datetime.date], sites: dict[str, bool]) -> Survey:
    """A survey whose every officer answers ``offered_choice`` yes in exactly the shares of :data:`SHARES`."""
    survey = Survey.objects.create(name=f"Survey {number}", first_day=days[0], last_day=days[1])
    observer = Observer.objects.create(survey=survey, code="OBS-1")
    rows = []
    for code, trained in sites.items():
        site = Site.objects.create(survey=survey, code=code, name=code, channels=["office"])
        session = Session.objects.create(survey=survey, observer=observer, site=site, channel="office", day=days[0])
        for officer_number in range(OFFICERS):
            officer = OfficerCode.objects.create(survey=survey, code=f"{code}-{officer_number}")
            for woman in (True, False):
                yes = round(SHARES[(trained, number, woman)] * PER_OFFICER)
                for contact in range(PER_OFFICER):
                    answer = "yes" if contact < yes else "no"
                    rows.append(
                        Observation(
                            survey=survey,
                            session=session,
                            contact_code=f"{officer.code}-{'W' if woman else 'M'}{contact}",
                            officer=officer,
                            client_sex=Sex.FEMALE if woman else Sex.MALE,
                            answers={"offered_choice": answer, "explained_next_step": "yes"},
                        )
                    )
        # The second observer's record of a contact does not count twice.
        first = rows[-1]
        rows.append(
            Observation(
                survey=survey,
                session=session,
                contact_code=first.contact_code,
                second_observer=True,
                officer=first.officer,
                client_sex=first.client_sex,
                answers={"offered_choice": "yes"},
            )
        )
    Observation.objects.bulk_create(rows)
    return survey


@pytest.fixture
def trained_and_not(org: Organisation, make_staff: Callable[..., User]) -> dict[str, list[User]]:
    """Two units trained between the surveys (all their staff) and two that were not (one member trained earlier)."""
    units = {"T-1": True, "T-2": True, "U-1": False, "U-2": False}
    staff: dict[str, list[User]] = {}
    for code in units:
        unit = services.unit_ensure(code=code, name=f"Unit {code}")
        staff[code] = []
        for number, sex in enumerate((Sex.FEMALE, Sex.FEMALE, Sex.MALE)):
            user = User.objects.create_user(username=f"{code.lower()}-{number}")
            services.placement_set(user=user, unit=unit, manager=org.manager, sex=sex)
            staff[code].append(user)
    acting = Acting(actor=org.facilitator, reason="Test sessions")
    for code, trained in units.items():
        unit = services.unit_ensure(code=code, name="")
        held_on = datetime.date(2026, 5, 4) if trained else datetime.date(2025, 11, 3)
        services.group_session_record(
            acting=acting,
            exercise="telefon-aterkomst",
            held_on=held_on,
            unit=unit,
            meeting_kind=MeetingKind.TELEPHONE,
            participants=staff[code] if trained else staff[code][:1],
            reflection="Vi talade om hur vi erbjuder val.",
        )
    _survey(0, BEFORE, units)
    _survey(1, AFTER, units)
    return staff


def test_the_facts_count_staff_trained_before_each_survey_and_the_contacts(trained_and_not: object) -> None:
    results = training_rebuild(as_of=TODAY)
    assert [r.table for r in results] == ["followup_facttrainingexposure", "followup_facttreatmentcontact"]
    after = {
        (row.unit_code, row.sex): (row.staff, row.trained_before, row.trained_since_previous)
        for row in FactTrainingExposure.objects.filter(first_day=AFTER[0])
    }
    assert after[("T-1", Sex.FEMALE)] == (2, 2, 2)
    assert after[("T-1", Sex.MALE)] == (1, 1, 1)
    # U-1's first member trained before the first survey: trained before the later one too, but not since.
    assert after[("U-1", Sex.FEMALE)] == (2, 1, 0)
    before = FactTrainingExposure.objects.get(first_day=BEFORE[0], unit_code="U-1", sex=Sex.FEMALE)
    assert (before.trained_before, before.trained_since_previous) == (1, 1)
    # One row per survey, site, officer, sex and behaviour; the second observer's record is left out.
    choice = FactTreatmentContact.objects.filter(behaviour="offered_choice")
    assert choice.count() == 2 * 4 * OFFICERS * 2
    assert {row.contacts for row in choice} == {PER_OFFICER}
    assert FactTreatmentContact.objects.filter(behaviour="explained_next_step").count() == choice.count()
    assert FactRebuild.objects.filter(table="followup_facttreatmentcontact").exists()


def test_the_nightly_rebuild_includes_the_training_facts(trained_and_not: object) -> None:
    tables = {result.table for result in facts_rebuild(as_of=TODAY)}
    assert {"followup_facttrainingexposure", "followup_facttreatmentcontact"} <= tables


def test_the_indicator_on_the_facts_has_the_known_answer_and_protected_shares(trained_and_not: object) -> None:
    training_rebuild(as_of=TODAY)
    indicator = training_effect(rules=disclosure_rules())
    assert indicator.trained_units == ["T-1", "T-2"]
    assert indicator.untrained_units == ["KC-TEST", "U-1", "U-2"]
    assert indicator.effect is not None
    assert indicator.effect.estimate == pytest.approx(-0.10)
    assert indicator.effect.low == pytest.approx(-0.10)
    assert indicator.effect.high == pytest.approx(-0.10)
    # Three staff per unit: every sex's cell is too small to publish.
    for row in indicator.shares:
        if row.unit:
            assert row.cells[0].masked
            assert row.cells[1].masked


def test_one_survey_is_not_estimable(trained_and_not: object) -> None:
    training_rebuild(as_of=AFTER[0] - datetime.timedelta(days=1))  # before the later survey began
    indicator = training_effect(rules=disclosure_rules())
    assert indicator.effect is None
    assert indicator.shares == []


def test_the_page_shows_the_interval_to_those_who_read_indicators(
    client: Client, org: Organisation, trained_and_not: object
) -> None:
    training_rebuild(as_of=TODAY)
    url = reverse("indicators:training_effect")
    client.force_login(org.staff)
    assert client.get(url).status_code == 403
    client.force_login(org.manager)
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "changed by -10.0 percentage points" in page
    assert "interval -10.0 to -10.0" in page
    assert "association, not proof" in page
    assert "T-1" in page


def test_the_page_says_not_estimable_before_the_facts_are_built(
    client: Client, make_staff: Callable[..., User]
) -> None:
    client.force_login(make_staff(Role.ANALYST, username="analytiker"))
    page = client.get(reverse("indicators:training_effect"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Not estimable: this needs two treatment surveys" in page
    assert "have not been built yet" in page
