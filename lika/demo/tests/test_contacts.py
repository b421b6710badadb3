"""Demo: every adult can log in to Min Sida by code (issue 15: 7 of 347 adults in LMA could log in)."""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from lika.applicant_portal.models import PortalContact
from lika.applicant_portal.notify import DEMO_OUTBOX
from lika.demo.contacts import demo_code_logins, demo_contact_address, demo_contacts_load
from lika.people.models import Person

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 22)


@pytest.fixture
def people(make_person: Callable[..., Person]) -> dict[str, Person]:
    made = {
        "adult": make_person(birth_date=datetime.date(1990, 5, 1)),
        "turns_18_tomorrow": make_person(birth_date=datetime.date(2008, 11, 23)),
        "child": make_person(birth_date=datetime.date(2015, 1, 1)),
        "not_demo": make_person(birth_date=datetime.date(1980, 1, 1)),
    }
    # The registry refuses demo numbers to anyone but the demo's loader; give them as the loader would.
    for number, name in enumerate(("adult", "turns_18_tomorrow", "child"), start=90000011):
        Person.objects.filter(pk=made[name].pk).update(dossier_number=str(number))
        made[name].refresh_from_db()
    return made


def test_each_demo_adult_gets_one_verified_address_once(people: dict[str, Person]) -> None:
    assert demo_contacts_load(today=TODAY) == 1
    contact = PortalContact.objects.get()
    assert (contact.person, contact.value) == (people["adult"], "lika-90000011@example.org")
    assert contact.verified_at is not None
    assert demo_contacts_load(today=TODAY) == 0, "a second run adds nothing"
    assert demo_code_logins() == [people["adult"]]


@override_settings(
    EMAIL_BACKEND="lika.applicant_portal.notify.DemoOutboxEmailBackend",
    LIKA_PORTAL_SMS_BACKEND="lika.applicant_portal.notify.DemoOutboxSmsBackend",
)
def test_a_demo_adult_logs_in_with_the_code_from_the_demo_inbox(
    people: dict[str, Person], django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    demo_contacts_load(today=TODAY)
    DEMO_OUTBOX.clear()
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    login = client.get(reverse("applicant_portal:login")).content.decode()
    assert reverse("applicant_portal:demo_outbox") in login
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("applicant_portal:code_request"), {"contact": demo_contact_address("90000011")})
    inbox = client.get(reverse("applicant_portal:demo_outbox"))
    assert inbox["Cache-Control"] == "no-store"
    found = re.search(r"\b([0-9]{6})\b", inbox.content.decode())
    assert found is not None
    done = client.post(reverse("applicant_portal:code_verify"), {"code": found.group(1)})
    assert done.status_code == 302
    overview = client.get(done["Location"], follow=True)
    assert overview.redirect_chain[-1][0] == reverse("applicant_portal:timeline")
    assert overview.status_code == 200


@override_settings(LIKA_PORTAL_DEV_PROVIDER=False)
def test_outside_the_demo_there_is_no_inbox_and_no_hint(client: Client) -> None:
    assert client.get(reverse("applicant_portal:demo_outbox")).status_code == 404
    assert reverse("applicant_portal:demo_outbox") not in client.get(reverse("applicant_portal:login")).content.decode()
