"""The demo's plan: areas, measures with their history, studies that name the measures they informed, the
year before last approved and frozen, last year in draft, and Försäkringskassan's part imported."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from django.test import override_settings

from lika.demo.logins import demo_logins_ensure
from lika.demo.plan import JOINT, MEASURES, demo_plan_load
from lika.followup.facts.build import facts_rebuild
from lika.followup.facts.export import facts_export
from lika.plan.models import Area, ImportedPart, Measure, MeasureChange, MeasureStatus, Report, Study

TODAY = datetime.date(2026, 12, 5)


@pytest.mark.slow  # renders the approved report: two PDFs and two pages
@pytest.mark.django_db
def test_the_demo_plan_has_a_frozen_report_and_a_draft(tmp_path: Path) -> None:
    demo_logins_ensure()
    with override_settings(LIKA_FACTS_DIR=tmp_path / "facts"):
        facts_rebuild(as_of=TODAY)
        facts_export(tmp_path / "facts")
        assert demo_plan_load(today=TODAY, directory=tmp_path / "packages") == len(MEASURES) + len(JOINT)
        assert demo_plan_load(today=TODAY, directory=tmp_path / "packages") == 0
    assert Area.objects.count() == 5
    assert list(Report.objects.values_list("year", flat=True)) == [2024]
    not_pursued = Measure.objects.filter(status=MeasureStatus.NOT_PURSUED)
    assert not_pursued.count() == 2
    assert all(measure.reason for measure in not_pursued)
    # Each measure that moved on from "planned" shows the move in its history.
    done = Measure.objects.get(code="2.1")
    statuses = [
        change.fields["status"] for change in MeasureChange.objects.filter(measure=done) if "status" in change.fields
    ]
    assert statuses == [
        [None, "planned"],
        ["planned", "done"],
    ]
    assert ImportedPart.objects.get().agency.code == "forsakringskassan"
    interviews = Study.objects.get(title__startswith="Intervjuer med kvinnor i LMA")
    assert sorted(interviews.measures.values_list("code", flat=True)) == ["2.1", "2.2"]
