"""Staff record and verify the phone or e-mail a person logs in to Min Sida with (issue 15: most adults in LMA
have no Swedish personal number, so the code is their only way in, and no page recorded one)."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from lika.accounts.models import User
from lika.accounts.roles import Role
from lika.applicant_portal.models import PortalContact
from lika.applicant_portal.services.login import login_acting, one_time_code_send
from lika.audit.models import AuditEvent
from lika.testing.portal import World

pytestmark = pytest.mark.django_db

PHONE = "070-174 06 05"  # in the range the Swedish regulator keeps for fiction
CaptureCommits = Callable[..., Any]


@pytest.fixture
def texts(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    sent: list[tuple[str, str]] = []
    monkeypatch.setattr(
        "lika.applicant_portal.notify.ConsoleSmsBackend.send", lambda self, phone, text: sent.append((phone, text))
    )
    return sent


def _client(user: User) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


def _code(text: str) -> str:
    found = re.search(r"\b([0-9]{6})\b", text)
    assert found is not None, text
    return found.group(1)


def test_an_officer_adds_a_phone_and_verifies_it_with_the_code_the_person_reads_back(
    world: World, officer: User, texts: list[tuple[str, str]], django_capture_on_commit_callbacks: CaptureCommits
) -> None:
    client = _client(officer)
    url = reverse("portal_staff:person_contacts", args=[world.amina.pk])
    assert url in client.get(reverse("people:person_detail", args=[world.amina.pk])).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        added = client.post(url, {"value": PHONE, "reason": "For logging in to Min Sida"})
    assert added.status_code == 302
    contact = PortalContact.objects.get(person=world.amina)
    assert (contact.value, contact.verified_at) == ("+46701740605", None)
    [(phone, text)] = texts
    assert phone == "+46701740605"
    code = _code(text)
    check = reverse("portal_staff:contact_check_complete", args=[world.amina.pk, contact.pk])
    prefix = f"check-{contact.pk}"
    wrong = client.post(check, {f"{prefix}-code": "000000" if code != "000000" else "111111"})
    assert wrong.status_code == 400
    assert "you can try 2 more times" in wrong.content.decode()
    contact.refresh_from_db()
    assert contact.verified_at is None
    right = client.post(check, {f"{prefix}-code": f"{code[:3]} {code[3:]}"})
    assert right.status_code == 302
    contact.refresh_from_db()
    assert contact.verified_by == officer
    actions = list(AuditEvent.objects.filter(object_id=str(contact.pk)).values_list("action", flat=True))
    assert {"portal.contact_add", "portal.contact_check_send", "portal.contact_verify"} <= set(actions)
    # Now Amina can ask for a login code to her own phone.
    assert one_time_code_send(acting=login_acting(), value=PHONE, ip="192.0.2.1") == contact


def test_an_e_mail_gets_its_code_by_e_mail_and_a_new_code_replaces_the_old(
    world: World, officer: User, django_capture_on_commit_callbacks: CaptureCommits
) -> None:
    client = _client(officer)
    url = reverse("portal_staff:person_contacts", args=[world.omar.pk])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"value": "Omar.Demo@Example.org", "reason": "For logging in to Min Sida"})
    contact = PortalContact.objects.get(person=world.omar)
    first = _code(str(mail.outbox[-1].body))
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("portal_staff:contact_check_send", args=[world.omar.pk, contact.pk]))
    second = _code(str(mail.outbox[-1].body))
    assert [m.to for m in mail.outbox] == [["omar.demo@example.org"]] * 2
    check = reverse("portal_staff:contact_check_complete", args=[world.omar.pk, contact.pk])
    if first != second:  # one time in a million the two codes are the same
        stale = client.post(check, {f"check-{contact.pk}-code": first})
        assert stale.status_code == 400
        assert "The code is wrong" in stale.content.decode()
    assert client.post(check, {f"check-{contact.pk}-code": second}).status_code == 302
    contact.refresh_from_db()
    assert contact.verified_at is not None


def test_a_contact_another_adult_logs_in_with_is_refused_on_the_page(
    world: World, officer: User, texts: list[tuple[str, str]], django_capture_on_commit_callbacks: CaptureCommits
) -> None:
    client = _client(officer)
    for person in (world.amina, world.omar):
        with django_capture_on_commit_callbacks(execute=True):
            client.post(
                reverse("portal_staff:person_contacts", args=[person.pk]), {"value": PHONE, "reason": "Min Sida"}
            )
    amina, omar = (PortalContact.objects.get(person=p) for p in (world.amina, world.omar))
    assert len(texts) == 2
    client.post(
        reverse("portal_staff:contact_check_complete", args=[world.amina.pk, amina.pk]),
        {f"check-{amina.pk}-code": _code(texts[0][1])},
    )
    refused = client.post(
        reverse("portal_staff:contact_check_complete", args=[world.omar.pk, omar.pk]),
        {f"check-{omar.pk}-code": _code(texts[1][1])},
    )
    assert refused.status_code == 400
    assert "Each adult needs their own" in refused.content.decode()
    omar.refresh_from_db()
    assert omar.verified_at is None


def test_a_badly_written_number_is_refused_and_nothing_is_sent(
    world: World, officer: User, texts: list[tuple[str, str]]
) -> None:
    response = _client(officer).post(
        reverse("portal_staff:person_contacts", args=[world.amina.pk]), {"value": "07-12", "reason": "Min Sida"}
    )
    assert response.status_code == 400
    assert "Write a mobile number such as" in response.content.decode()
    assert not PortalContact.objects.exists()
    assert texts == []


def test_only_staff_who_may_verify_contacts_reach_the_page(
    world: World, officer: User, make_staff: Callable[..., User]
) -> None:
    url = reverse("portal_staff:person_contacts", args=[world.amina.pk])
    assert _client(make_staff(Role.COMMUNICATOR)).get(url).status_code == 403
    assert _client(make_staff(Role.APPROVER)).get(url).status_code == 403
    other = reverse("portal_staff:contact_check_send", args=[world.amina.pk, 999_999])
    assert _client(officer).post(other).status_code == 404
