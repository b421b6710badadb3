"""The short path /k/<code>: counts a person's visit, redirects, and leaves nothing behind."""

from __future__ import annotations

import datetime
import logging
from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.sessions.models import Session
from django.db import DatabaseError
from django.http import HttpResponseBase
from django.test import Client

from lika.accounts.models import User
from lika.accounts.roles import Role
from lika.audit.acting import Acting
from lika.audit.models import AuditEvent
from lika.newcomer_info import views
from lika.newcomer_info.models import Channel, ChannelVisitDay
from lika.newcomer_info.services import channel_change
from lika.testing.clock import Clock

pytestmark = pytest.mark.django_db

FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"
IPHONE = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1"
MARCH_3 = datetime.date(2026, 3, 3)
MARCH_4 = datetime.date(2026, 3, 4)


@pytest.fixture
def browser() -> Client:
    return Client(HTTP_USER_AGENT=FIREFOX)


@pytest.fixture(autouse=True)
def on_day(clock: Clock) -> Callable[[datetime.date], None]:
    """Sets the day the view counts visits on: 3 March 2026 unless a test calls it with another."""

    def set_day(day: datetime.date) -> None:
        clock.set_today(day)

    set_day(MARCH_3)
    return set_day


def _counts() -> dict[tuple[datetime.date, str, str, str], int]:
    rows = ChannelVisitDay.objects.select_related("channel")
    return {(r.day, r.channel.code, r.landing_page, r.language): r.visits for r in rows}


def test_visit_redirects_to_the_landing_page_in_the_asked_language_and_counts_once(
    make_channel: Callable[..., Channel], browser: Client
) -> None:
    make_channel(code="brev", landing_path="/om-sverige/arbete/")
    response = browser.get("/k/brev/", {"lang": "ti"})
    assert response.status_code == 302
    assert response["Location"] == "/ti/om-sverige/arbete/"
    assert _counts() == {(MARCH_3, "brev", "/om-sverige/arbete/", "ti"): 1}


def test_visits_are_counted_per_day_landing_page_language_and_channel(
    make_channel: Callable[..., Channel],
    browser: Client,
    on_day: Callable[[datetime.date], None],
    acting: Acting,
) -> None:
    """Each combination has its own row; a row's count is the number of visits that fell in it."""
    letter = make_channel(code="brev", landing_path="/om-sverige/")
    make_channel(code="skarm-malmo", kind="office_screen", name="Screen in Malmö", office="Malmö")
    for _ in range(3):
        browser.get("/k/brev/", {"lang": "ar"})
    browser.get("/k/brev/", {"lang": "so"})
    browser.get("/k/skarm-malmo/", {"lang": "ar"})
    on_day(MARCH_4)
    browser.get("/k/brev/", {"lang": "ar"})
    channel_change(acting=acting, channel=letter, landing_path="/om-sverige/arbete/")
    browser.get("/k/brev/", {"lang": "ar"})
    browser.get("/k/brev/", {"lang": "ar"})
    assert _counts() == {
        (MARCH_3, "brev", "/om-sverige/", "ar"): 3,
        (MARCH_3, "brev", "/om-sverige/", "so"): 1,
        (MARCH_3, "skarm-malmo", "/om-sverige/", "ar"): 1,
        (MARCH_4, "brev", "/om-sverige/", "ar"): 1,
        (MARCH_4, "brev", "/om-sverige/arbete/", "ar"): 2,
    }


@pytest.mark.parametrize(
    ("query", "headers", "language"),
    [
        ({"lang": "fa"}, {"HTTP_ACCEPT_LANGUAGE": "en"}, "fa"),
        ({"lang": "PRS"}, {}, "prs"),
        ({"lang": "de"}, {"HTTP_ACCEPT_LANGUAGE": "so,en;q=0.5"}, "so"),
        ({}, {"HTTP_ACCEPT_LANGUAGE": "ar-SY,ar;q=0.9"}, "ar"),
        ({}, {"HTTP_ACCEPT_LANGUAGE": "de-DE"}, "sv"),
        ({}, {}, "sv"),
    ],
    ids=["asked", "asked-upper-case", "unknown-asked-then-browser", "browser", "unserved-browser", "default"],
)
def test_language_is_the_asked_one_if_served_else_the_browsers_else_swedish(
    make_channel: Callable[..., Channel],
    browser: Client,
    query: dict[str, str],
    headers: dict[str, Any],
    language: str,
) -> None:
    make_channel()
    response = browser.get("/k/brev/", query, **headers)
    assert response["Location"] == f"/{language}/om-sverige/"
    assert _counts() == {(MARCH_3, "brev", "/om-sverige/", language): 1}


def test_language_cookie_set_elsewhere_on_the_site_is_read_not_written(
    make_channel: Callable[..., Channel], browser: Client
) -> None:
    make_channel()
    browser.cookies["lika_language"] = "en"
    response = browser.get("/k/brev/")
    assert response["Location"] == "/en/om-sverige/"
    assert response.cookies == {}


def test_short_address_without_slash_or_in_capitals_reaches_the_counter_directly(
    make_channel: Callable[..., Channel], browser: Client
) -> None:
    """ "lika.example/k/brev" as printed on a letter needs no extra redirect to add a slash."""
    make_channel()
    assert browser.get("/k/brev")["Location"] == "/sv/om-sverige/"
    assert browser.get("/k/BREV")["Location"] == "/sv/om-sverige/"
    assert _counts() == {(MARCH_3, "brev", "/om-sverige/", "sv"): 2}


def test_short_path_is_the_channels_code_under_k(make_channel: Callable[..., Channel]) -> None:
    assert make_channel(code="fb-2026-03", kind="social_post").short_path == "/k/fb-2026-03"


ROBOTS = [
    "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
    "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
    "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)",
    "WhatsApp/2.23.20.0",
    "Mozilla/5.0 (compatible; Yahoo! Slurp; http://help.yahoo.com/help/us/ysearch/slurp)",
    "Mozilla/5.0 (compatible; Baiduspider/2.0; +http://www.baidu.com/search/spider.html)",
    "Mozilla/5.0 (Windows NT 6.1; WOW64) SkypeUriPreview Preview/0.5",
    "curl/8.5.0",
    "",
]


@pytest.mark.parametrize("user_agent", ROBOTS)
def test_robots_and_link_previews_are_redirected_but_not_counted(
    make_channel: Callable[..., Channel], user_agent: str
) -> None:
    make_channel()
    response = Client(HTTP_USER_AGENT=user_agent).get("/k/brev/")
    assert response.status_code == 302
    assert _counts() == {}


@pytest.mark.parametrize(
    "headers",
    [
        {"HTTP_SEC_PURPOSE": "prefetch"},
        {"HTTP_SEC_PURPOSE": "prefetch;prerender"},
        {"HTTP_PURPOSE": "prefetch"},
        {"HTTP_X_MOZ": "prefetch"},
        {"HTTP_X_PURPOSE": "preview"},
    ],
)
def test_prefetches_are_redirected_but_not_counted(
    make_channel: Callable[..., Channel], browser: Client, headers: dict[str, Any]
) -> None:
    make_channel()
    assert browser.get("/k/brev/", **headers).status_code == 302
    assert _counts() == {}


def test_head_request_is_redirected_but_not_counted(make_channel: Callable[..., Channel], browser: Client) -> None:
    make_channel()
    assert browser.head("/k/brev/").status_code == 302
    assert _counts() == {}


def test_post_is_refused_and_not_counted(make_channel: Callable[..., Channel], browser: Client) -> None:
    make_channel()
    assert browser.post("/k/brev/").status_code == 405
    assert _counts() == {}


@pytest.mark.parametrize("code", ["okand", "brev-2019", "x" * 41, "br%C3%A4v", "brev.html"])
def test_unknown_code_answers_a_plain_404_and_counts_nothing(
    make_channel: Callable[..., Channel], browser: Client, code: str
) -> None:
    make_channel()
    response = browser.get(f"/k/{code}/", {"lang": "en"})
    assert response.status_code == 404
    assert _counts() == {}
    assert "This link does not lead anywhere" in response.content.decode()
    assert '<html lang="en" dir="ltr">' in response.content.decode()
    _assert_leaves_no_trace(response)


def test_unknown_code_page_is_in_the_asked_language_and_direction(browser: Client) -> None:
    content = browser.get("/k/okand/", {"lang": "ar"}).content.decode()
    assert '<html lang="ar" dir="rtl">' in content


def test_inactive_channel_answers_404_and_counts_nothing(
    make_channel: Callable[..., Channel], browser: Client, acting: Acting
) -> None:
    channel_change(acting=acting, channel=make_channel(), active=False)
    assert browser.get("/k/brev/").status_code == 404
    assert _counts() == {}


def _assert_leaves_no_trace(response: HttpResponseBase) -> None:
    assert response.cookies == {}
    assert "Set-Cookie" not in response.headers
    assert response["Cache-Control"] == "no-store"
    assert response["Referrer-Policy"] == "no-referrer"
    assert response["X-Robots-Tag"] == "noindex"


def test_visit_sets_no_cookie_and_may_not_be_cached_or_referred(
    make_channel: Callable[..., Channel], browser: Client
) -> None:
    make_channel()
    _assert_leaves_no_trace(browser.get("/k/brev/", {"lang": "en"}))
    _assert_leaves_no_trace(browser.head("/k/brev/"))
    _assert_leaves_no_trace(browser.get("/k/okand/"))
    assert Session.objects.count() == 0
    assert AuditEvent.objects.filter(action__startswith="newcomer_info.channel_visit").count() == 0


def test_visit_by_logged_in_staff_touches_neither_session_nor_csrf_cookie(
    make_channel: Callable[..., Channel], make_staff: Callable[..., User]
) -> None:
    make_channel()
    client = Client(HTTP_USER_AGENT=FIREFOX)
    client.force_login(make_staff(Role.COMMUNICATOR))
    response = client.get("/k/brev/")
    _assert_leaves_no_trace(response)
    assert _counts() == {(MARCH_3, "brev", "/om-sverige/", "sv"): 1}


def test_visit_with_a_warm_cache_costs_one_query(
    make_channel: Callable[..., Channel],
    browser: Client,
    django_assert_num_queries: Any,
) -> None:
    """Where the short path leads is cached (caching.py): after the first visit, only the count is written."""
    make_channel()
    browser.get("/k/brev/", HTTP_USER_AGENT=IPHONE)
    with django_assert_num_queries(1) as captured:
        response = browser.get("/k/brev/", HTTP_USER_AGENT=IPHONE)
    assert captured.captured_queries[0]["sql"].startswith("INSERT INTO")
    assert response["Location"] == "/sv/om-sverige/"
    assert _counts() == {(MARCH_3, "brev", "/om-sverige/", "sv"): 2}


def test_visitor_reaches_the_page_when_the_count_fails(
    make_channel: Callable[..., Channel],
    browser: Client,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """A lost count is logged for the operator, with the channel's code and nothing about the visitor."""
    make_channel()

    def fail(**_kwargs: object) -> None:
        raise DatabaseError("disk full")

    monkeypatch.setattr(views, "channel_visit_count", fail)
    with caplog.at_level(logging.ERROR, logger="lika.newcomer_info.views"):
        response = browser.get("/k/brev/", REMOTE_ADDR="192.0.2.44")
    assert response.status_code == 302
    assert [r.getMessage() for r in caplog.records] == ["A visit through channel brev could not be counted."]
    assert "192.0.2.44" not in caplog.text
    assert FIREFOX not in caplog.text
