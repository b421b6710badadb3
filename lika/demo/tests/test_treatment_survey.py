"""The demo's treatment survey: a complete report in which women are offered choices less often than men."""

from __future__ import annotations

import datetime

import pytest
from django.utils import translation

from lika.demo.logins import demo_logins_ensure
from lika.demo.treatment_survey import DEMO_CONTACTS, demo_treatment_survey_load
from lika.treatment_survey import selectors
from lika.treatment_survey.models import Observation, Slot, Survey
from lika.treatment_survey.report import report_build

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 22)


def test_the_demo_survey_shows_the_planted_difference_with_its_interval() -> None:
    demo_logins_ensure()
    survey = demo_treatment_survey_load(today=TODAY, seed=2026)
    assert survey is not None
    assert survey.last_day < TODAY
    assert Observation.objects.filter(survey=survey, second_observer=False).count() == DEMO_CONTACTS
    assert Observation.objects.filter(survey=survey, second_observer=True).exists()
    assert Slot.objects.filter(survey=survey).exists()

    analysis = selectors.survey_analysis(survey)
    choice = analysis.behaviour("offered_choice")
    assert choice.differs
    assert choice.overall.difference is not None
    assert choice.overall.difference.high < 0  # women offered choices less often, interval clear of zero
    assert [b.name for b in analysis.behaviours if b.differs] == ["offered_choice"]

    with translation.override("en"):
        report = report_build(survey, analysis, "en")
    section = next(b for b in report.behaviours if b.name == "offered_choice")
    assert section.differs
    assert "95 % confidence interval" in section.summary
    assert section.chart_svg.startswith("<svg")
    assert section.summary in report.summary


def test_loading_the_demo_survey_again_changes_nothing() -> None:
    demo_logins_ensure()
    demo_treatment_survey_load(today=TODAY, seed=2026)
    observations = Observation.objects.count()
    assert demo_treatment_survey_load(today=TODAY, seed=2026) is None
    assert Survey.objects.count() == 1
    assert Observation.objects.count() == observations
