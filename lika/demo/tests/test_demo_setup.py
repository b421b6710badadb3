"""``lika demo-setup``: a login per role, the population once, and never in production."""

from __future__ import annotations

import datetime
from io import StringIO

import pytest
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command
from django.test import RequestFactory, override_settings

from lika.accounts.models import User
from lika.accounts.roles import Role
from lika.audit.acting import Acting
from lika.audit.models import AuditEvent
from lika.demo.logins import DEMO_PASSWORD
from lika.demo.management.commands.demo_setup import demo_setup_refusal
from lika.people import services
from lika.people.models import Person

pytestmark = pytest.mark.django_db


def _setup() -> str:
    out = StringIO()
    call_command("demo_setup", "--persons", "40", "--seed", "3", "--port", "8123", stdout=out, stderr=StringIO())
    return out.getvalue()


@pytest.mark.slow  # about 6 s on 2 cores: a demo population with every login, and the first to load the demo's modules
def test_creates_a_login_for_every_role_and_prints_them() -> None:
    printed = _setup()
    assert "http://127.0.0.1:8123/" in printed
    assert DEMO_PASSWORD in printed
    for role in Role:
        user = User.objects.get(username=role.value.replace("_", "-"))
        assert user.role_names() == [role.value]
        assert user.username in printed
        request = RequestFactory().post("/konto/logga-in/")
        assert authenticate(request, username=user.username, password=DEMO_PASSWORD) == user
    assert "Handläggare / Case officer" in printed
    assert User.objects.get(username="administrator").is_staff
    assert not User.objects.get(username="case-officer").is_staff


def test_second_run_keeps_the_population_and_the_logins() -> None:
    _setup()
    persons = Person.objects.count()
    assert persons == 40
    users = User.objects.count()
    printed = _setup()
    assert "already loaded" in printed
    assert Person.objects.count() == persons
    assert User.objects.count() == users
    assert User.objects.filter(username__in=[r.value.replace("_", "-") for r in Role]).count() == len(Role)
    assert AuditEvent.objects.filter(action="demo_population.load").count() == 1


@override_settings(SETTINGS_MODULE="config.settings.production")
def test_refuses_production_settings() -> None:
    with pytest.raises(CommandError, match="production"):
        _setup()
    assert not User.objects.exists()


@pytest.mark.parametrize(
    ("settings_module", "vendor", "allowed"),
    [
        ("config.settings.local", "sqlite", True),
        ("config.settings.test", "postgresql", True),
        ("config.settings.local", "postgresql", False),
        ("config.settings.production", "postgresql", False),
        ("somewhere.settings", "sqlite", False),
    ],
)
def test_demo_is_set_up_only_on_the_local_file_or_in_tests(settings_module: str, vendor: str, allowed: bool) -> None:
    assert (demo_setup_refusal(settings_module, vendor) == "") is allowed


def test_a_real_person_in_a_short_nine_range_number_is_not_taken_for_the_demo(acting: Acting) -> None:
    services.person_create(
        acting=acting,
        dossier_number="950000",
        given_name="Real",
        family_name="Case",
        birth_date=datetime.date(1990, 1, 1),
        sex="female",
        country_of_birth="SY",
        preferred_language="ar",
    )
    assert "already loaded" not in _setup()
    assert Person.objects.count() == 41
