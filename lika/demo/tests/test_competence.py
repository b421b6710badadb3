"""The demo's competence part: a guide of about thirty activities, sessions in a stepped roll-out, and an
effect indicator with something to show."""

from __future__ import annotations

import datetime

import pytest

from lika.competence.models import Activity, Dialogue, GroupSession, MeetingKind, Subject
from lika.core.disclosure import disclosure_rules
from lika.demo.competence import demo_competence_load
from lika.demo.logins import demo_logins_ensure
from lika.demo.treatment_survey import demo_treatment_survey_before_load, demo_treatment_survey_load
from lika.followup.facts.training import training_rebuild
from lika.followup.indicators.training_effect import training_effect

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 22)


@pytest.mark.slow  # about 20 s on 2 cores: two surveys of made-up observations and the whole competence demo
def test_the_demo_trains_units_between_two_surveys_and_the_indicator_has_an_interval() -> None:
    demo_logins_ensure()
    demo_treatment_survey_before_load(today=TODAY, seed=2026)
    demo_treatment_survey_load(today=TODAY, seed=2026)
    assert demo_competence_load(today=TODAY, seed=2026) >= 28
    assert demo_competence_load(today=TODAY, seed=2026) == 0  # loading again changes nothing

    subjects = {code for activity in Activity.objects.all() for code in activity.subjects}
    assert subjects == set(Subject.values)
    assert Activity.objects.filter(title__startswith="Rasism och likabehandling").exists()
    assert {s.meeting_kind for s in GroupSession.objects.all()} == set(MeetingKind.values)
    first, last = GroupSession.objects.order_by("held_on").first(), GroupSession.objects.order_by("held_on").last()
    assert first is not None
    assert last is not None
    assert (last.held_on - first.held_on).days > 365
    assert Dialogue.objects.filter(status="agreed").count() > 10

    training_rebuild(as_of=TODAY)
    indicator = training_effect(rules=disclosure_rules())
    assert indicator.trained_units == ["KC-NORRKOPING", "SK-MALMO", "SK-SOLNA"]
    assert indicator.untrained_units == ["UM-ADDIS", "UM-NAIROBI"]
    assert indicator.effect is not None
    assert indicator.effect.estimable
    assert indicator.effect.low is not None
    assert indicator.effect.high is not None
    assert indicator.effect.low < indicator.effect.high
