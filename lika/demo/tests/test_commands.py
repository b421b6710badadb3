"""``lika demo-data``: argument checks, the production guard, and the summary it prints."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings

from lika.people.models import Person

pytestmark = pytest.mark.django_db


def test_rejects_zero_persons_with_a_clear_message() -> None:
    with pytest.raises(CommandError, match=r"--persons must be at least 1; 0 was given"):
        call_command("demo_data", "--persons", "0", "--no-progress")
    assert not Person.objects.exists()


def test_rejects_a_date_that_is_not_a_date() -> None:
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("demo_data", "--persons", "5", "--today", "30/06/2026")


@override_settings(SETTINGS_MODULE="config.settings.production")
def test_refuses_production_settings_unless_told() -> None:
    with pytest.raises(CommandError, match="production settings"):
        call_command("demo_data", "--persons", "5", "--no-progress")
    assert not Person.objects.exists()


@override_settings(SETTINGS_MODULE="config.settings.production")
def test_runs_with_production_settings_when_allowed() -> None:
    call_command(
        "demo_data", "--persons", "5", "--today", "2026-06-30", "--no-progress", "--allow-production", stdout=StringIO()
    )
    assert Person.objects.count() == 5


def test_loads_and_prints_a_summary_by_table_and_sex() -> None:
    out = StringIO()
    call_command("demo_data", "--persons", "120", "--seed", "4", "--today", "2026-06-30", "--no-progress", stdout=out)
    text = out.getvalue()
    assert "Loaded 120 persons" in text
    assert "seed 4, as of 2026-06-30" in text
    assert "Persons by sex: women" in text
    assert "people.HouseholdMembership" in text
    assert Person.objects.count() == 120


def test_refuses_an_impossible_service_request_as_a_command_error() -> None:
    with pytest.raises(CommandError, match="reference day"):
        call_command("demo_data", "--persons", "5", "--today", "2021-02-01", "--no-progress")
