"""Demo: one mailing through Min Sida — the childcare topic to everyone granted a permit on family ties in
the last full quarter — sent by the demo's communicator, with made-up opening and following.

The made-up rates differ a little by sex, so the mailing's page has something to show; its small groups
are hidden as on any person-level table.
"""

from __future__ import annotations

import datetime
import random

from django.contrib.auth import get_user_model
from django.db import transaction

from lika.applicant_portal.models import Mailing, MailingRecipient, Message
from lika.applicant_portal.services.mailings import mailing_create, mailing_group, mailing_send
from lika.audit.acting import Acting
from lika.newcomer_info.models import TopicPage
from lika.newcomer_info.services import VisitCount, channel_visits_add
from lika.people.models import PermitGround, Sex

TOPIC_SLUG = "forskola"
REASON = "Demo: the plan's measure on directed information through Min Sida"
# The chance that a recipient opened the message, and that one who opened it followed its link (made up).
OPENED: dict[str, float] = {Sex.FEMALE: 0.71, Sex.MALE: 0.64}
FOLLOWED: dict[str, float] = {Sex.FEMALE: 0.46, Sex.MALE: 0.33}
SMALLEST_GROUP = 20


def _quarter_before(today: datetime.date) -> tuple[datetime.date, datetime.date]:
    first = datetime.date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
    end = first - datetime.timedelta(days=1)
    return datetime.date(end.year, end.month - 2, 1), end


def demo_mailing(*, today: datetime.date, seed: int) -> int:
    """Sends the demo's mailing once and makes up who opened and followed it; returns how many got it."""
    if Mailing.objects.exists():
        return 0
    communicator = get_user_model().objects.filter(username="communicator").first()
    topic = TopicPage.objects.live().filter(slug=TOPIC_SLUG, locale__language_code="sv").first()
    if communicator is None or topic is None:
        return 0
    start, end = _quarter_before(today)
    # A quarter with too few grants in a small demo widens to the half-year before it.
    group = mailing_group(ground=PermitGround.FAMILY_TIES, granted_from=start, granted_to=end)
    if group.count() < SMALLEST_GROUP:
        start = datetime.date(start.year - (start.month <= 3), (start.month - 4) % 12 + 1, 1)
    acting = Acting(actor=communicator, reason=REASON)
    mailing = mailing_create(
        acting=acting,
        title=f"Childcare, family ties {start:%Y-%m} to {end:%Y-%m}",
        topic=topic,
        ground=PermitGround.FAMILY_TIES,
        granted_from=start,
        granted_to=end,
    )
    if not mailing_group(ground=mailing.ground, granted_from=start, granted_to=end).exists():
        return 0
    sent = mailing_send(acting=acting, mailing=mailing)
    rng = random.Random(seed)  # noqa: S311 - made-up demo data, not security
    opened_messages, followed_rows = [], []
    visits: dict[str, int] = {}
    sent_at = mailing.sent_at
    assert sent_at is not None  # noqa: S101 - just sent
    for recipient in MailingRecipient.objects.filter(mailing=mailing).select_related("person"):
        sex = recipient.person.sex
        if rng.random() < OPENED.get(sex, 0.6):
            opened_messages.append(recipient.message_id)
            if rng.random() < FOLLOWED.get(sex, 0.4):
                followed_rows.append(recipient.pk)
                visits[recipient.language] = visits.get(recipient.language, 0) + 1
    with transaction.atomic():
        Message.objects.filter(pk__in=opened_messages).update(read_at=sent_at + datetime.timedelta(hours=5))
        MailingRecipient.objects.filter(pk__in=followed_rows).update(followed_at=sent_at + datetime.timedelta(hours=5))
        channel_visits_add(
            acting=Acting(actor=None, actor_label="lika demo-data", reason=REASON),
            counts=[
                VisitCount(
                    day=sent_at.date(),
                    channel_id=mailing.channel_id,
                    landing_page=f"/om-sverige/{TOPIC_SLUG}/",
                    language=language,
                    visits=count,
                )
                for language, count in sorted(visits.items())
            ],
            what="visits through the demo's Min Sida mailing",
        )
    return sent
