"""The demo's channels and their made-up visit history."""

from __future__ import annotations

import datetime

import pytest
from django.db.models import Min, Sum

from lika.audit.models import AuditEvent
from lika.demo.channels import DEMO_CHANNELS, MIN_SIDA_AND_LETTER_START, demo_channels_load, demo_visit_counts
from lika.newcomer_info.models import Channel, ChannelKind, ChannelVisitDay

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 6, 30)


def test_load_creates_the_channels_through_the_service_and_the_history_it_reports() -> None:
    added = demo_channels_load(today=TODAY, seed=7)
    assert Channel.objects.count() == len(DEMO_CHANNELS) == 9
    kinds = sorted(Channel.objects.values_list("kind", flat=True))
    assert kinds.count(ChannelKind.OFFICE_SCREEN) == 3
    assert kinds.count(ChannelKind.SOCIAL_POST) == 2
    assert kinds.count(ChannelKind.STAFF_REFERRAL) == 1
    assert kinds.count(ChannelKind.CIVIC_INTRODUCTION) == 1
    assert sorted(Channel.objects.filter(kind=ChannelKind.OFFICE_SCREEN).values_list("office", flat=True)) == [
        "Göteborg",
        "Malmö",
        "Stockholm",
    ]
    assert AuditEvent.objects.filter(action="newcomer_info.channel_create").count() == 9
    assert AuditEvent.objects.filter(action="newcomer_info.channel_visits_add").count() == 1
    assert added == ChannelVisitDay.objects.aggregate(total=Sum("visits"))["total"]
    assert added > 10_000


def test_history_follows_the_report_and_the_offices_opening_days() -> None:
    demo_channels_load(today=TODAY, seed=7)
    visits = ChannelVisitDay.objects.select_related("channel")
    assert visits.aggregate(first=Min("day"))["first"] == datetime.date(2021, 1, 1)
    assert max(visits.values_list("day", flat=True)) <= TODAY
    newest_channels = visits.filter(channel__kind__in=[ChannelKind.MIN_SIDA, ChannelKind.PERMIT_LETTER])
    assert newest_channels.exists()
    assert newest_channels.aggregate(first=Min("day"))["first"] >= MIN_SIDA_AND_LETTER_START
    screen_days = set(visits.filter(channel__kind=ChannelKind.OFFICE_SCREEN).values_list("day", flat=True))
    assert screen_days
    assert all(day.weekday() < 5 for day in screen_days)
    assert set(visits.values_list("language", flat=True)) == {"sv", "en", "ar", "fa", "prs", "ti", "so"}
    assert len(set(visits.values_list("landing_page", flat=True))) == 3
    assert visits.filter(visits=0).count() == 0


def test_same_seed_gives_the_same_counts_and_another_seed_others() -> None:
    ids = {channel.code: number for number, channel in enumerate(DEMO_CHANNELS, start=1)}
    first = demo_visit_counts(channels=ids, today=TODAY, seed=7)
    assert first == demo_visit_counts(channels=ids, today=TODAY, seed=7)
    assert first != demo_visit_counts(channels=ids, today=TODAY, seed=8)


def test_nothing_is_counted_before_the_history_starts() -> None:
    ids = {channel.code: number for number, channel in enumerate(DEMO_CHANNELS, start=1)}
    assert demo_visit_counts(channels=ids, today=datetime.date(2020, 12, 31), seed=7) == []


def test_loading_again_changes_nothing() -> None:
    demo_channels_load(today=TODAY, seed=7)
    rows = ChannelVisitDay.objects.count()
    events = AuditEvent.objects.count()
    assert demo_channels_load(today=TODAY, seed=8) == 0
    assert ChannelVisitDay.objects.count() == rows
    assert AuditEvent.objects.count() == events
