"""Secure messages: attachments checked by content, stored under random names, served safely;
notifications that say nothing about the person or the message; the staff reply page."""

from __future__ import annotations

import datetime
from collections.abc import Callable

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header

from lika.accounts.models import User
from lika.accounts.roles import Role
from lika.applicant_portal.models import Attachment, ContactKind, Message, Notification, PortalContact, Sender, Thread
from lika.applicant_portal.services.messages import (
    Upload,
    filename_sanitise,
    message_send,
    notification_text,
    portal_acting,
    thread_start,
)
from lika.applicant_portal.tests.factories import JPEG, PDF, PNG
from lika.audit.acting import Acting
from lika.audit.models import AuditEvent
from lika.people.models import Person
from lika.testing.portal import World, portal_client


def _verified_contacts(person: Person, officer: User) -> None:
    now = timezone.now()
    PortalContact.objects.create(
        person=person, kind=ContactKind.EMAIL, value=f"p{person.pk}@example.org", verified_at=now, verified_by=officer
    )
    PortalContact.objects.create(
        person=person, kind=ContactKind.PHONE, value=f"+4670{person.pk:07d}", verified_at=now, verified_by=officer
    )


@pytest.mark.parametrize(
    ("name", "content", "stored_name", "content_type"),
    [
        ("scan.pdf", PDF, "scan.pdf", "application/pdf"),
        ("photo.PNG", PNG, "photo.png", "image/png"),
        ("passport.jpeg", JPEG, "passport.jpg", "image/jpeg"),
        # The extension lies: the content decides what the file is called and served as.
        ("notes.txt", PDF, "notes.pdf", "application/pdf"),
        ("../../../etc/ <script>.png", PNG, "script.png", "image/png"),
    ],
)
@pytest.mark.django_db
def test_attachments_are_typed_by_content_and_stored_under_a_random_name(
    world: World, name: str, content: bytes, stored_name: str, content_type: str
) -> None:
    message = thread_start(
        acting=portal_acting(world.amina, "Test"),
        person=world.amina,
        sender=Sender.PERSON,
        subject="Papers",
        body="Here they are.",
        uploads=[Upload(name, content)],
    )
    attachment = message.attachments.get()
    assert (attachment.filename, attachment.content_type, attachment.size) == (stored_name, content_type, len(content))
    assert attachment.file.name.startswith("portal/")
    assert stored_name.rsplit(".", 1)[0] not in attachment.file.name
    assert attachment.file.read() == content


@pytest.mark.parametrize(
    ("name", "content", "error"),
    [
        ("virus.pdf", b"MZ\x90\x00" + b"\x00" * 20, "virus.pdf is not a PDF, PNG or JPEG file"),
        ("page.png", b"<html><script>alert(1)</script>", "page.png is not a PDF, PNG or JPEG file"),
        ("empty.jpg", b"", "empty.jpg is not a PDF, PNG or JPEG file"),
    ],
)
@pytest.mark.django_db
def test_a_file_of_another_kind_is_refused_and_nothing_is_saved(
    world: World, name: str, content: bytes, error: str
) -> None:
    with pytest.raises(ValidationError) as refused:
        thread_start(
            acting=portal_acting(world.amina, "Test"),
            person=world.amina,
            sender=Sender.PERSON,
            subject="Papers",
            body="Here they are.",
            uploads=[Upload("ok.pdf", PDF), Upload(name, content)],
        )
    assert error in refused.value.message_dict["attachments"][0]
    assert not Thread.objects.exists()
    assert not Attachment.objects.exists()


@pytest.mark.django_db
def test_a_file_above_the_size_limit_is_refused(world: World, settings: pytest.FixtureRequest) -> None:
    settings.LIKA_PORTAL_ATTACHMENT_MAX_BYTES = 1024 * 1024  # type: ignore[attr-defined]
    big = PDF + b"0" * (1024 * 1024)
    with pytest.raises(ValidationError) as refused:
        thread_start(
            acting=portal_acting(world.amina, "Test"),
            person=world.amina,
            sender=Sender.PERSON,
            subject="Papers",
            body="Here.",
            uploads=[Upload("big.pdf", big)],
        )
    assert refused.value.message_dict["attachments"] == ["The file big.pdf is larger than 1 MB."]
    assert not Message.objects.exists()


def test_file_names_lose_folders_and_quotes() -> None:
    assert filename_sanitise('a"b;c\r\nd.pdf', ".pdf") == "a_b_c_d.pdf"
    assert filename_sanitise("..\\..\\windows\\evil.exe", ".png") == "evil.png"
    assert len(filename_sanitise("x" * 300 + ".pdf", ".pdf")) == 100


@pytest.mark.django_db
def test_an_empty_message_is_refused_with_the_field_named(world: World) -> None:
    with pytest.raises(ValidationError) as refused:
        thread_start(
            acting=portal_acting(world.amina, "Test"), person=world.amina, sender=Sender.PERSON, subject=" ", body=""
        )
    assert refused.value.message_dict == {"subject": ["Write a subject."], "body": ["Write a message."]}


@pytest.mark.django_db(transaction=True)
def test_a_notification_says_only_that_a_message_waits(
    world: World, officer: User, by_officer: Acting, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Neither the e-mail nor the SMS names the person, the dossier number, the subject or the text."""
    amina = world.amina
    _verified_contacts(amina, officer)
    texts: list[str] = []
    monkeypatch.setattr(
        "lika.applicant_portal.notify.ConsoleSmsBackend.send", lambda self, phone, text: texts.append(text)
    )
    thread_start(
        acting=by_officer,
        person=amina,
        sender=Sender.AGENCY,
        subject="Your appointment on Tuesday",
        body="Amina, please bring your passport to the Malmö office.",
    )
    assert len(mail.outbox) == 1
    assert len(texts) == 1
    email = mail.outbox[0]
    expected = notification_text("en")
    assert expected.startswith("You have a new message in Min Sida\n")
    assert expected.endswith("/min-sida/")
    for sent in (email.subject + "\n" + email.body, texts[0]):
        for secret in (
            amina.given_name,
            amina.family_name,
            amina.dossier_number,
            "appointment",
            "passport",
            "Malmö",
        ):
            assert secret not in sent
    assert email.body == texts[0] == expected
    assert set(Notification.objects.values_list("channel", flat=True)) == {"email", "phone"}
    assert Notification.objects.filter(sent_at__isnull=True).count() == 0


@pytest.mark.django_db(transaction=True)
def test_a_notification_is_in_the_persons_language(world: World, officer: User, by_officer: Acting) -> None:
    yonas = world.yonas  # reads Swedish
    PortalContact.objects.create(
        person=yonas, kind=ContactKind.EMAIL, value="y@example.org", verified_at=timezone.now(), verified_by=officer
    )
    thread_start(acting=by_officer, person=yonas, sender=Sender.AGENCY, subject="S", body="B")
    assert mail.outbox[0].body == notification_text("sv")


@pytest.mark.django_db(transaction=True)
def test_a_persons_own_message_notifies_nobody(world: World, officer: User) -> None:
    _verified_contacts(world.amina, officer)
    thread_start(
        acting=portal_acting(world.amina, "Test"), person=world.amina, sender=Sender.PERSON, subject="S", body="B"
    )
    assert mail.outbox == []
    assert not Notification.objects.exists()


@pytest.mark.django_db
def test_the_person_writes_and_reads_through_min_sida(world: World) -> None:
    client = portal_client(world.amina)
    response = client.post(
        reverse("applicant_portal:messages"),
        {"subject": "My card", "body": "My card does not work."},
    )
    thread = Thread.objects.get(person=world.amina)
    assert response.status_code == 302
    assert response["Location"] == reverse("applicant_portal:thread", args=[thread.pk])
    event = AuditEvent.objects.get(action="portal.message_send")
    assert event.actor is None
    assert event.actor_label == f"min-sida:person:{world.amina.pk}"


@pytest.mark.django_db
def test_a_refused_upload_is_shown_on_the_form(world: World) -> None:
    client = portal_client(world.amina)
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client.post(
        reverse("applicant_portal:messages"),
        {"subject": "Papers", "body": "See attached.", "attachments": [SimpleUploadedFile("x.pdf", b"GIF89a")]},
    )
    assert response.status_code == 400
    assert b"x.pdf is not a PDF, PNG or JPEG file" in response.content
    assert not Thread.objects.exists()


@pytest.mark.django_db
def test_an_attachment_is_served_as_a_download_only_to_its_person(world: World, by_officer: Acting) -> None:
    message = thread_start(
        acting=by_officer,
        person=world.amina,
        sender=Sender.AGENCY,
        subject="Form",
        body="Fill it in.",
        uploads=[Upload("form.pdf", PDF)],
    )
    attachment = message.attachments.get()
    url = reverse("applicant_portal:attachment", args=[attachment.pk])
    response = portal_client(world.amina).get(url)
    assert response.status_code == 200
    assert response.content == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="form.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert portal_client(world.omar).get(url).status_code == 404


@pytest.mark.django_db
def test_an_attachment_keeps_a_name_in_arabic_script_on_download(world: World, by_officer: Acting) -> None:
    """The name is sent as RFC 6266 UTF-8, not as a raw header the browser would show garbled."""
    message = thread_start(
        acting=by_officer,
        person=world.amina,
        sender=Sender.AGENCY,
        subject="Form",
        body="Fill it in.",
        uploads=[Upload("استمارة.pdf", PDF)],
    )
    attachment = message.attachments.get()
    response = portal_client(world.amina).get(reverse("applicant_portal:attachment", args=[attachment.pk]))
    assert response["Content-Disposition"] == content_disposition_header(True, attachment.filename)
    assert "filename*=utf-8''" in response["Content-Disposition"]


@pytest.fixture
def officer_client(officer: User) -> Client:
    client = Client()
    client.force_login(officer)
    return client


@pytest.mark.django_db
def test_a_case_officer_answers_from_the_staff_page(world: World, officer_client: Client) -> None:
    message = thread_start(
        acting=portal_acting(world.omar, "Test"), person=world.omar, sender=Sender.PERSON, subject="Q", body="Hello?"
    )
    url = reverse("portal_staff:thread", args=[world.omar.pk, message.thread_id])
    page = officer_client.get(url)
    assert page.status_code == 200
    assert b"Hello?" in page.content
    response = officer_client.post(
        url,
        {"body": "Hello Omar, we read it.", "answer_by": "2026-12-05", "reason": "Answer to the applicant"},
    )
    assert response.status_code == 302
    reply = Message.objects.get(sender=Sender.AGENCY)
    assert reply.author is not None
    assert reply.answer_by == datetime.date(2026, 12, 5)
    # The thread belongs to Omar: under another person's address it is not found.
    other = reverse("portal_staff:thread", args=[world.amina.pk, message.thread_id])
    assert officer_client.get(other).status_code == 404


@pytest.mark.django_db
def test_the_staff_page_needs_the_reply_permission(world: World, make_staff: Callable[..., User]) -> None:
    client = Client()
    client.force_login(make_staff(Role.ANALYST, username="analyst"))
    response = client.get(reverse("portal_staff:person_threads", args=[world.amina.pk]))
    assert response.status_code == 403


@pytest.mark.django_db
def test_a_staff_message_without_a_reason_changes_nothing(world: World, by_officer: Acting) -> None:
    with pytest.raises(ValidationError):
        message_send(
            acting=Acting(actor=by_officer.actor, reason=" "),
            thread=Thread.objects.create(person=world.amina, subject="x"),
            sender=Sender.AGENCY,
            body="Hi",
        )
    assert not Message.objects.exists()
