"""Targeted information through Min Sida (issue 15, item 7): a communicator sends one Om Sverige topic to
everyone granted a permit on family ties in a period, each in their own language and thread; the results
are counted by sex and protected."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import TYPE_CHECKING

import pytest
from django.test import Client
from django.urls import reverse

from lika.accounts.models import User
from lika.accounts.roles import Role
from lika.applicant_portal.models import Mailing, MailingRecipient, Thread
from lika.audit.acting import Acting
from lika.audit.models import AuditEvent
from lika.newcomer_info.models import Channel
from lika.people import services as people
from lika.people.models import DecisionOutcome, PermitGround, PermitKind, Person, Sex
from lika.testing.om_sverige import OmSverige, build_om_sverige
from lika.testing.portal import portal_client

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse as Response

pytestmark = pytest.mark.django_db
GRANTED_ON = datetime.date(2026, 8, 12)


def _granted(acting: Acting, person: Person, ground: str, on: datetime.date = GRANTED_ON) -> None:
    application = people.permit_application_submit(
        acting=acting, person=person, ground=ground, submitted_on=on - datetime.timedelta(days=200)
    )
    people.permit_decision_record(
        acting=acting,
        application=application,
        decided_on=on,
        outcome=DecisionOutcome.GRANTED,
        permit_kind=PermitKind.TEMPORARY,
        valid_from=on,
        valid_until=on + datetime.timedelta(days=3 * 365),
    )


@pytest.fixture
def om_sverige(acting: Acting) -> OmSverige:
    return build_om_sverige(acting, translations=("en", "ar"))


@pytest.fixture
def group(make_person: Callable[..., Person], acting: Acting) -> list[Person]:
    """Six women and six men granted a permit on family ties in August, reading Arabic, English or Swedish;
    one man granted on work, and one woman on family ties a year earlier, are outside the group."""
    languages = ("ar", "en", "sv")
    persons = [
        make_person(given_name=f"Member{i}", sex=Sex.FEMALE if i < 6 else Sex.MALE, preferred_language=languages[i % 3])
        for i in range(12)
    ]
    for person in persons:
        _granted(acting, person, PermitGround.FAMILY_TIES)
    _granted(acting, make_person(given_name="Worker", sex=Sex.MALE), PermitGround.WORK)
    _granted(acting, make_person(given_name="Earlier"), PermitGround.FAMILY_TIES, datetime.date(2025, 8, 1))
    return persons


@pytest.fixture
def communicator(make_staff: Callable[..., User]) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(make_staff(Role.COMMUNICATOR, username="communicator"))
    return client


def _create(client: Client, om_sverige: OmSverige, **changes: str) -> Response:
    data = {
        "title": "Family ties, third quarter",
        "topic": str(om_sverige.work.pk),
        "ground": "family_ties",
        "granted_from": "2026-07-01",
        "granted_to": "2026-09-30",
        "reason": "The plan's measure on directed information",
    }
    data.update(changes)
    return client.post(reverse("portal_staff:mailing_create"), data)


def test_a_communicator_previews_a_mailing_in_each_language_before_anything_is_sent(
    communicator: Client, om_sverige: OmSverige, group: list[Person]
) -> None:
    threads_before = Thread.objects.count()
    response = _create(communicator, om_sverige)
    mailing = Mailing.objects.get()
    assert response["Location"] == reverse("portal_staff:mailing_detail", args=[mailing.pk])
    assert mailing.channel.code.startswith("utskick-")
    page = communicator.get(response["Location"]).content.decode()
    assert "The group holds 12 persons today." in page
    assert "معلومات لك: العمل" in page  # the Arabic readers get it in Arabic, with the Arabic page's title
    assert "Information for you: Work" in page
    assert f"/min-sida/utskick/{mailing.pk}/" in page
    assert Thread.objects.count() == threads_before
    assert not MailingRecipient.objects.exists()


def test_each_person_gets_their_own_message_once_and_the_send_is_audited_without_names(
    communicator: Client, om_sverige: OmSverige, group: list[Person]
) -> None:
    _create(communicator, om_sverige)
    mailing = Mailing.objects.get()
    url = reverse("portal_staff:mailing_send", args=[mailing.pk])
    sent = communicator.post(url, {"reason": "Send the third quarter's mailing"}, follow=True)
    assert "Sent to 12 persons." in sent.content.decode()
    recipients = MailingRecipient.objects.select_related("message__thread", "person")
    assert sorted(r.person_id for r in recipients) == sorted(p.pk for p in group)
    for recipient in recipients:
        thread = recipient.message.thread
        assert thread.person_id == recipient.person_id
        assert recipient.language == recipient.person.preferred_language
        others = [p.given_name for p in group if p.pk != recipient.person_id]
        assert not any(name in recipient.message.body for name in others)
    arabic = recipients.filter(language="ar").first()
    assert arabic is not None
    assert arabic.message.thread.subject.endswith("العمل")
    event = AuditEvent.objects.get(action="portal.mailing_send")
    assert event.details == {"recipients": 12}
    again = communicator.post(url, {"reason": "Once more"})
    assert again.status_code == 400
    assert "This mailing has already been sent." in again.content.decode()
    assert MailingRecipient.objects.count() == 12


def test_following_the_link_is_noted_and_leads_through_the_mailings_channel(
    communicator: Client, om_sverige: OmSverige, group: list[Person], make_person: Callable[..., Person]
) -> None:
    _create(communicator, om_sverige)
    mailing = Mailing.objects.get()
    communicator.post(reverse("portal_staff:mailing_send", args=[mailing.pk]), {"reason": "Send"})
    reader = next(p for p in group if p.preferred_language == "ar")
    follow = reverse("applicant_portal:mailing_follow", args=[mailing.pk])
    response = portal_client(reader, "ar").get(follow)
    assert response["Location"] == f"/k/{mailing.channel.code}/{om_sverige.work.slug}?lang=ar"
    recipient = MailingRecipient.objects.get(person=reader)
    assert recipient.followed_at is not None
    outsider = make_person(given_name="Outsider")
    assert portal_client(outsider).get(follow).status_code == 404
    assert Channel.objects.filter(pk=mailing.channel_id, active=True).exists()


def test_the_results_are_counted_by_sex_and_small_groups_are_hidden(
    communicator: Client, om_sverige: OmSverige, group: list[Person]
) -> None:
    _create(communicator, om_sverige)
    mailing = Mailing.objects.get()
    communicator.post(reverse("portal_staff:mailing_send", args=[mailing.pk]), {"reason": "Send"})
    women = [p for p in group if p.sex == Sex.FEMALE]
    for woman in women[:2]:
        portal_client(woman).get(reverse("applicant_portal:mailing_follow", args=[mailing.pk]))
    response = communicator.get(reverse("portal_staff:mailing_detail", args=[mailing.pk]))
    received, _opened, followed = response.context["results"]
    assert received.values == [6, 6, 0, 12]
    # Two women followed the link: too few to show, and so is what would reveal them.
    assert followed.values[0] is None
    assert followed.values.count(None) >= 2
    assert "Hidden to protect small groups" in response.content.decode()


def test_the_period_must_make_sense_and_nothing_is_made_otherwise(
    communicator: Client, om_sverige: OmSverige, group: list[Person]
) -> None:
    response = _create(communicator, om_sverige, granted_from="2026-09-30", granted_to="2026-07-01")
    assert response.status_code == 400
    assert "The period ends before it starts." in response.content.decode()
    assert not Mailing.objects.exists()
    assert not Channel.objects.filter(code__startswith="utskick-").exists()


def test_only_communicators_send_and_managers_only_read(
    make_staff: Callable[..., User], om_sverige: OmSverige, communicator: Client, group: list[Person]
) -> None:
    _create(communicator, om_sverige)
    mailing = Mailing.objects.get()
    officer = Client()
    officer.force_login(make_staff(Role.CASE_OFFICER, username="officer"))
    assert officer.get(reverse("portal_staff:mailing_list")).status_code == 403
    manager = Client()
    manager.force_login(make_staff(Role.MANAGER, username="manager"))
    assert manager.get(reverse("portal_staff:mailing_detail", args=[mailing.pk])).status_code == 200
    assert manager.post(reverse("portal_staff:mailing_send", args=[mailing.pk]), {"reason": "x"}).status_code == 403
    assert manager.get(reverse("portal_staff:mailing_create")).status_code == 403
    assert not MailingRecipient.objects.exists()
