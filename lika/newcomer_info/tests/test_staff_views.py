"""The communicators' visits dashboard at /om-sverige-besok/ and its CSV file."""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Callable
from typing import Any

import lxml.html
import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import translation

from lika.accounts.models import User
from lika.accounts.roles import Role
from lika.audit.acting import Acting
from lika.audit.models import AuditEvent
from lika.newcomer_info.models import Channel, ChannelKind, ChannelVisitDay
from lika.newcomer_info.services import VisitCount, channel_visits_add
from lika.testing.clock import Clock
from lika.testing.spreadsheets import FORMULA_TEXTS, live_formulas

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 3, 25)  # a Wednesday in week 13
DASHBOARD = "/om-sverige-besok/"
CSV = "/om-sverige-besok/besok.csv"


@pytest.fixture(autouse=True)
def today(clock: Clock) -> None:
    clock.set_today(TODAY)


@pytest.fixture
def communicator(client: Client, make_staff: Callable[..., User]) -> User:
    user = make_staff(Role.COMMUNICATOR)
    client.force_login(user)
    # The pages in English, whose texts the tests match; a test of Swedish sets its own cookie.
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return user


def _visits(acting: Acting, channel: Channel, per_day: dict[datetime.date, int], language: str = "sv") -> None:
    channel_visits_add(
        acting=acting,
        counts=[VisitCount(day, channel.pk, channel.landing_path, language, n) for day, n in per_day.items()],
        what="test counts",
    )


@pytest.fixture
def channels(make_channel: Callable[..., Channel], acting: Acting) -> tuple[Channel, Channel]:
    letter = make_channel(code="brev", landing_path="/om-sverige/arbete/")
    page = make_channel(code="minsida", kind=ChannelKind.MIN_SIDA, name="Min Sida", landing_path="/om-sverige/")
    _visits(acting, letter, {datetime.date(2026, 3, 23): 4, datetime.date(2026, 3, 16): 6}, language="ar")
    _visits(acting, page, {datetime.date(2026, 3, 24): 2, datetime.date(2025, 12, 1): 50})
    return letter, page


def _html(content: bytes) -> Any:
    return lxml.html.fromstring(content)


def _table(content: bytes, table_id: str = "visits") -> Any:
    return _html(content).get_element_by_id(table_id)


def _rows(table: Any) -> dict[str, list[str]]:
    return {
        row.xpath("./th")[0].text_content().strip(): [td.text_content().strip() for td in row.xpath("./td")]
        for row in table.xpath("./tbody/tr | ./tfoot/tr")
    }


# --- Access ------------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", [Role.ANALYST, Role.CASE_OFFICER, Role.MANAGER])
def test_roles_without_the_visits_permission_get_403(
    client: Client, make_staff: Callable[..., User], role: Role
) -> None:
    client.force_login(make_staff(role))
    assert client.get(DASHBOARD).status_code == 403
    assert client.get(CSV).status_code == 403


def test_an_anonymous_visitor_is_sent_to_log_in(client: Client) -> None:
    for url in (DASHBOARD, CSV):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))


def test_the_menu_links_to_the_dashboard_only_for_communicators(
    client: Client, make_staff: Callable[..., User]
) -> None:
    link = f'href="{reverse("om_sverige_visits:dashboard")}"'
    client.force_login(make_staff(Role.COMMUNICATOR))
    assert link in client.get(reverse("core:start")).content.decode()
    client.force_login(make_staff(Role.ANALYST))
    assert link not in client.get(reverse("core:start")).content.decode()


# --- The page ----------------------------------------------------------------------------------------------------------


def test_the_page_shows_the_last_twelve_weeks_by_channel_with_chart_table_and_channels(
    client: Client, communicator: User, channels: tuple[Channel, Channel]
) -> None:
    response = client.get(DASHBOARD)
    assert response.status_code == 200
    rows = _rows(_table(response.content))
    assert len(rows) == 12 + 1  # twelve weeks, from week 2, and the total
    assert next(iter(rows)) == "week 2, 2026"
    assert rows["week 12, 2026"] == ["6", "0", "6"]
    assert rows["week 13, 2026"] == ["4", "2", "6"]
    assert rows["Total"] == ["10", "2", "12"]  # December's 50 lie before the period
    page = _html(response.content)
    assert page.xpath("//figure[@class='chart']//svg[@role='img']/@aria-labelledby") == ["visits-chart-description"]
    description = page.get_element_by_id("visits-chart-description").text_content()
    assert "there were 12 visits" in description
    assert "not persons" in response.content.decode()
    channel_rows = _rows(_table(response.content, "channel-list"))
    assert channel_rows["Min Sida"][1] == "http://testserver/k/minsida"
    assert channel_rows["Letter with the permit card"][2] == "/om-sverige/arbete/"


def test_choices_group_by_day_and_break_down_by_language(
    client: Client, communicator: User, channels: tuple[Channel, Channel]
) -> None:
    with translation.override("en"):
        response = client.get(
            DASHBOARD, {"start": "2026-03-16", "end": "2026-03-24", "grouping": "day", "breakdown": "language"}
        )
    rows = _rows(_table(response.content))
    header = [th.text_content().strip() for th in _table(response.content).xpath("./thead/tr/th")]
    assert header == ["Period", "Arabic", "Swedish", "Total"]
    assert rows["2026-03-16"] == ["6", "0", "6"]
    assert rows["2026-03-24"] == ["0", "2", "2"]
    assert rows["Total"] == ["10", "2", "12"]


def test_a_filter_keeps_only_its_channel(client: Client, communicator: User, channels: tuple[Channel, Channel]) -> None:
    letter, _page = channels
    with translation.override("en"):
        response = client.get(DASHBOARD, {"channel": str(letter.pk), "breakdown": "kind"})
    assert _rows(_table(response.content))["Total"] == ["10", "10"]


@pytest.mark.parametrize(
    ("choices", "message"),
    [
        ({"start": "2026-03-20", "end": "2026-03-01"}, "To: The last day comes before the first day."),
        ({"start": "2024-01-01", "end": "2026-03-01", "grouping": "day"}, "Group the days by: This period has more"),
        ({"start": "1 March"}, "From: Enter a valid date."),
        ({"channel": "999"}, "Channel: Select a valid choice."),
    ],
)
def test_choices_that_cannot_be_shown_are_refused_in_plain_words_and_change_nothing(
    client: Client, communicator: User, channels: tuple[Channel, Channel], choices: dict[str, str], message: str
) -> None:
    before = (ChannelVisitDay.objects.count(), AuditEvent.objects.count())
    with translation.override("en"):
        response = client.get(DASHBOARD, choices)
        file = client.get(CSV, choices)
    assert response.status_code == 400
    summary = _html(response.content).find_class("error-summary")[0].text_content()
    assert message in " ".join(summary.split())
    assert file.status_code == 400
    assert message in file.content.decode()
    assert (ChannelVisitDay.objects.count(), AuditEvent.objects.count()) == before


def test_the_page_says_so_when_there_are_no_visits(client: Client, communicator: User) -> None:
    with translation.override("en"):
        response = client.get(DASHBOARD)
    assert response.status_code == 200
    assert "There were no visits for these choices." in response.content.decode()
    assert "There are no channels yet." in response.content.decode()
    assert b"<svg" not in response.content


def _queries(client: Client, django_assert_num_queries: Any, count: int) -> None:
    with django_assert_num_queries(count):
        assert client.get(DASHBOARD, {"grouping": "day"}).status_code == 200


def test_the_page_sums_in_sql_with_the_same_queries_however_many_channels_and_days(
    client: Client,
    communicator: User,
    make_channel: Callable[..., Channel],
    acting: Acting,
    django_assert_num_queries: Any,
) -> None:
    # Session, user, the user's and the groups' permissions, channels, landing pages, the sums.
    expected = 7
    first = make_channel(code="brev")
    _visits(acting, first, {TODAY: 1})
    _queries(client, django_assert_num_queries, expected)
    for n in range(6):
        channel = make_channel(
            code=f"post-{n}", kind=ChannelKind.SOCIAL_POST, name=f"Post {n}", landing_path=f"/om-sverige/{n}/"
        )
        _visits(acting, channel, {TODAY - datetime.timedelta(days=d): d + 1 for d in range(40)}, language="en")
    _queries(client, django_assert_num_queries, expected)


# --- The file -----------------------------------------------------------------------------------------------------------


def _csv(content: bytes, delimiter: str) -> list[list[str]]:
    assert content.startswith("\ufeff".encode())
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=delimiter))


def test_the_csv_file_holds_the_same_table_with_semicolons_in_swedish(
    client: Client, communicator: User, channels: tuple[Channel, Channel]
) -> None:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "sv"
    response = client.get(CSV, {"start": "2026-03-16", "end": "2026-03-24", "breakdown": "kind"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert 'filename="lika-om-sverige-visits-2026-03-25.csv"' in response["Content-Disposition"]
    lines = _csv(response.content, ";")
    table = lines[next(i for i, line in enumerate(lines) if line == []) + 1 :]
    assert len(table[0]) == 5  # period begins, period, letter, Min Sida, total
    # The labels are in Swedish once the catalogue has them; the numbers are the page's.
    assert [[line[0], *line[2:]] for line in table[1:]] == [
        ["2026-03-16", "6", "0", "6"],
        ["2026-03-23", "4", "2", "6"],
        ["", "10", "2", "12"],
    ]
    assert all(line[1] for line in table)


def test_the_csv_file_is_written_with_commas_in_english_and_names_the_filters(
    client: Client, communicator: User, channels: tuple[Channel, Channel]
) -> None:
    letter, _page = channels
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    lines = _csv(client.get(CSV, {"channel": str(letter.pk), "language": "ar"}).content, ",")
    header = {line[0]: line[1] for line in lines if len(line) == 2}
    assert header["Channel"] == "Letter with the permit card (brev)"
    assert header["Language"] == "Arabic"
    assert header["From"] == "2026-01-05"
    assert header["To"] == "2026-03-25"
    assert lines[-1] == ["", "Total", "10", "10"]


# --- channels in the browser (issue 15) -------------------------------------------------------------


def test_a_communicator_creates_a_staff_referral_channel_and_its_address_counts(
    client: Client, communicator: User
) -> None:
    """Issue 15: communicators could not create or change a channel without the command line."""
    dashboard = client.get(DASHBOARD).content.decode()
    new = reverse("om_sverige_visits:channel_new")
    assert new in dashboard
    refused = client.post(
        new,
        {"code": "disk-malmo", "kind": "staff_referral", "name": "Desk card, Malmö", "landing_path": "/om-sverige/",
         "office": "", "reason": "Service office referrals"},
    )  # fmt: skip
    assert refused.status_code == 400
    assert "Say which office&#x27;s staff hand out this address." in refused.content.decode()
    assert not Channel.objects.exists()
    created = client.post(
        new,
        {"code": "disk-malmo", "kind": "staff_referral", "name": "Desk card, Malmö", "landing_path": "/om-sverige/",
         "office": "Malmö", "reason": "Service office referrals"},
    )  # fmt: skip
    channel = Channel.objects.get(code="disk-malmo")
    assert created["Location"] == reverse("om_sverige_visits:channel_change", args=[channel.pk])
    assert (channel.kind, channel.office, channel.active) == (ChannelKind.STAFF_REFERRAL, "Malmö", True)
    assert AuditEvent.objects.filter(action="newcomer_info.channel_create", actor=communicator).exists()
    assert Client().get("/k/disk-malmo/")["Location"].endswith("/om-sverige/")
    twice = client.post(
        new,
        {"code": "disk-malmo", "kind": "social_post", "name": "Again", "landing_path": "/om-sverige/",
         "reason": "x"},
    )  # fmt: skip
    assert "Another channel already has this code." in twice.content.decode()


def test_a_communicator_renames_and_retires_a_channel(
    client: Client, communicator: User, make_channel: Callable[..., Channel]
) -> None:
    channel = make_channel(code="brev", landing_path="/om-sverige/arbete/")
    url = reverse("om_sverige_visits:channel_change", args=[channel.pk])
    assert url in client.get(DASHBOARD).content.decode()
    page = client.get(url).content.decode()
    assert "/k/brev" in page
    saved = client.post(
        url, {"name": "Letter, 2027 edition", "landing_path": "/om-sverige/", "office": "", "reason": "Retired"}
    )
    assert saved.status_code == 302
    channel.refresh_from_db()
    assert (channel.name, channel.landing_path, channel.active) == ("Letter, 2027 edition", "/om-sverige/", False)
    assert Client().get("/k/brev/").status_code == 404


def test_only_communicators_change_channels(
    make_channel: Callable[..., Channel], make_staff: Callable[..., User]
) -> None:
    channel = make_channel(code="brev")
    officer = Client()
    officer.force_login(make_staff(Role.CASE_OFFICER))
    assert officer.get(reverse("om_sverige_visits:channel_new")).status_code == 403
    assert officer.get(reverse("om_sverige_visits:channel_change", args=[channel.pk])).status_code == 403


def test_a_channel_name_typed_as_a_formula_runs_nowhere_in_the_csv_file(
    client: Client, communicator: User, channels: tuple[Channel, Channel]
) -> None:
    Channel.objects.filter(pk=channels[0].pk).update(name=FORMULA_TEXTS[0])
    response = client.get(CSV, {"start": "2026-03-16", "end": "2026-03-24", "breakdown": "channel"})
    assert response.status_code == 200
    assert live_formulas(response.content) == []
    assert "'=HYPERLINK" in response.content.decode("utf-8-sig")
