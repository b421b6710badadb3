"""The demo's Om Sverige channels and a made-up history of their daily visit counts.

The channels are created through :func:`channel_create`, as a communicator would. The counts start
on 1 January 2021 and end on the reference day: office screens on weekdays and two social media
posts from the start, the Min Sida link and the permit-card letter from November 2025, when the
agency's final report says they came. Every figure is invented; a seed makes them repeatable.
Running it again when the demo channels exist changes nothing.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import numpy as np

from lika.audit.shell import command_job
from lika.newcomer_info.models import Channel, ChannelKind
from lika.newcomer_info.services import VisitCount, channel_create, channel_visits_add

HISTORY_START = datetime.date(2021, 1, 1)
MIN_SIDA_AND_LETTER_START = datetime.date(2025, 11, 1)
# Made-up shares of the languages visitors read the pages in.
LANGUAGE_SHARES = {"sv": 0.22, "en": 0.12, "ar": 0.24, "fa": 0.08, "prs": 0.10, "ti": 0.14, "so": 0.10}
ACTOR_LABEL = "lika demo-data"
REASON = "Demo: Om Sverige's channels"


@dataclass(frozen=True)
class DemoChannel:
    code: str
    kind: ChannelKind
    name: str
    landing_path: str
    office: str
    first_day: datetime.date
    daily_visits: float  # the mean on an ordinary day (on the day of posting, for a post)
    weekdays_only: bool = False
    fades_in_days: float = 0.0  # a post's visits fall by about two thirds every this many days


DEMO_CHANNELS = (
    DemoChannel(
        "minsida", ChannelKind.MIN_SIDA, "Link on Min Sida", "/om-sverige/", "", MIN_SIDA_AND_LETTER_START, 38.0
    ),
    DemoChannel(
        "brev",
        ChannelKind.PERMIT_LETTER,
        "QR code in the letter with the permit card",
        "/om-sverige/arbete/",
        "",
        MIN_SIDA_AND_LETTER_START,
        14.0,
    ),
    DemoChannel(
        "skarm-malmo",
        ChannelKind.OFFICE_SCREEN,
        "Waiting-room screen, Malmö",
        "/om-sverige/",
        "Malmö",
        HISTORY_START,
        4.0,
        weekdays_only=True,
    ),
    DemoChannel(
        "skarm-goteborg",
        ChannelKind.OFFICE_SCREEN,
        "Waiting-room screen, Göteborg",
        "/om-sverige/",
        "Göteborg",
        HISTORY_START,
        5.0,
        weekdays_only=True,
    ),
    DemoChannel(
        "skarm-stockholm",
        ChannelKind.OFFICE_SCREEN,
        "Waiting-room screen, Stockholm",
        "/om-sverige/svenska/",
        "Stockholm",
        HISTORY_START,
        7.0,
        weekdays_only=True,
    ),
    DemoChannel(
        "disk-malmo",
        ChannelKind.STAFF_REFERRAL,
        "Card from the service desk, Malmö",
        "/om-sverige/",
        "Malmö",
        datetime.date(2025, 6, 2),
        3.0,
        weekdays_only=True,
    ),
    DemoChannel(
        "samhallsintro",
        ChannelKind.CIVIC_INTRODUCTION,
        "QR codes on the civic introduction's slides",
        "/om-sverige/",
        "",
        datetime.date(2022, 1, 10),
        2.0,
        weekdays_only=True,
    ),
    DemoChannel(
        "fb-2023-03",
        ChannelKind.SOCIAL_POST,
        "Facebook post for 8 March 2023",
        "/om-sverige/arbete/",
        "",
        datetime.date(2023, 3, 8),
        150.0,
        fades_in_days=5.0,
    ),
    DemoChannel(
        "ig-2024-09",
        ChannelKind.SOCIAL_POST,
        "Instagram post on learning Swedish, September 2024",
        "/om-sverige/svenska/",
        "",
        datetime.date(2024, 9, 2),
        90.0,
        fades_in_days=8.0,
    ),
)


def _daily_means(channel: DemoChannel, days: np.ndarray) -> np.ndarray:
    """The mean visits on each of ``days`` (numpy datetime64[D]) for one channel."""
    age = (days - np.datetime64(channel.first_day)).astype(int)
    means = np.where(age >= 0, channel.daily_visits, 0.0)
    if channel.fades_in_days:
        means = means * np.exp(-np.maximum(age, 0) / channel.fades_in_days)
    if channel.weekdays_only:
        means = np.where(np.is_busday(days), means, 0.0)
    return means


def demo_visit_counts(*, channels: dict[str, int], today: datetime.date, seed: int) -> list[VisitCount]:
    """Made-up counts per day and language for each demo channel (code → id) up to ``today``."""
    if today < HISTORY_START:
        return []
    rng = np.random.default_rng(seed)
    days = np.arange(np.datetime64(HISTORY_START), np.datetime64(today) + 1)
    languages = list(LANGUAGE_SHARES)
    shares = np.array(list(LANGUAGE_SHARES.values()))
    counts: list[VisitCount] = []
    for channel in DEMO_CHANNELS:
        visits = rng.poisson(_daily_means(channel, days)[:, None] * shares[None, :])
        for day_index, language_index in zip(*np.nonzero(visits), strict=True):
            counts.append(
                VisitCount(
                    day=days[day_index].item(),
                    channel_id=channels[channel.code],
                    landing_page=channel.landing_path,
                    language=languages[language_index],
                    visits=int(visits[day_index, language_index]),
                )
            )
    return counts


def demo_channels_load(*, today: datetime.date, seed: int) -> int:
    """Creates the demo channels and their visit history up to ``today``; returns the visits added.

    Does nothing and returns 0 if the demo channels already exist.
    """
    if Channel.objects.filter(code__in=[c.code for c in DEMO_CHANNELS]).exists():
        return 0
    ids = {
        c.code: channel_create(
            acting=command_job(label=ACTOR_LABEL, reason=REASON),
            code=c.code,
            kind=c.kind,
            name=c.name,
            landing_path=c.landing_path,
            office=c.office,
        ).pk
        for c in DEMO_CHANNELS
    }
    counts = demo_visit_counts(channels=ids, today=today, seed=seed)
    return channel_visits_add(
        acting=command_job(label=ACTOR_LABEL, reason=REASON), counts=counts, what=f"Demo visit history, seed {seed}"
    )
