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
from lika.competence.tests.factories import (
    AFTER,
    BEFORE,
    OFFICERS,
    PER_OFFICER,
    TODAY,
    Organisation,
    trained_and_not_create,
)
from lika.core.disclosure import disclosure_rules
from lika.followup.facts.build import facts_rebuild
from lika.followup.facts.training import training_rebuild
from lika.followup.indicators.training_effect import training_effect
from lika.followup.models import FactRebuild, FactTrainingExposure, FactTreatmentContact
from lika.people.models import Sex

pytestmark = pytest.mark.django_db


@pytest.fixture
def trained_and_not(org: Organisation) -> dict[str, list[User]]:
    return trained_and_not_create(org)


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
