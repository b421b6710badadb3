"""The visits dashboard's sums (lika/newcomer_info/dashboard.py): periods, breakdowns, filters and "Other"."""

from __future__ import annotations

import datetime
from collections.abc import Callable

import pytest
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from lika.audit.acting import Acting
from lika.newcomer_info.dashboard import (
    MAX_SERIES,
    OTHER,
    Breakdown,
    Grouping,
    VisitQuery,
    chart_spec,
    period_count,
    period_label,
    period_starts,
    report_description,
    visit_report,
)
from lika.newcomer_info.models import Channel, ChannelKind
from lika.newcomer_info.services import VisitCount, channel_visits_add

MONDAY = datetime.date(2026, 3, 2)  # week 10
days = st.dates(min_value=datetime.date(2020, 1, 1), max_value=datetime.date(2030, 12, 31))


@given(start=days, length=st.integers(min_value=0, max_value=800), grouping=st.sampled_from(list(Grouping)))
def test_period_count_is_the_number_of_periods_listed(start: datetime.date, length: int, grouping: Grouping) -> None:
    end = start + datetime.timedelta(days=length)
    periods = period_starts(start, end, grouping)
    assert period_count(start, end, grouping) == len(periods)
    assert periods[0] <= start < (periods[1] if len(periods) > 1 else end + datetime.timedelta(days=1))
    assert periods[-1] <= end
    assert periods == sorted(set(periods))


def test_period_labels_name_the_week_and_the_month_in_the_readers_language() -> None:
    with translation.override("en"):
        assert period_label(MONDAY, Grouping.WEEK) == "week 10, 2026"
        assert period_label(datetime.date(2026, 3, 1), Grouping.MONTH) == "March 2026"
        assert period_label(MONDAY, Grouping.DAY) == "2026-03-02"


def _add(acting: Acting, rows: list[tuple[datetime.date, Channel, str, str, int]]) -> None:
    channel_visits_add(
        acting=acting,
        counts=[VisitCount(day, channel.pk, page, language, visits) for day, channel, page, language, visits in rows],
        what="test counts",
    )


@pytest.fixture
def letter_and_screen(make_channel: Callable[..., Channel], acting: Acting) -> tuple[Channel, Channel]:
    """Two channels with visits over two weeks in March 2026, and one visit outside the period asked for."""
    letter = make_channel(code="brev", landing_path="/om-sverige/arbete/")
    screen = make_channel(code="skarm-malmo", kind=ChannelKind.OFFICE_SCREEN, name="Screen in Malmö", office="Malmö")
    week_11 = MONDAY + datetime.timedelta(days=7)
    _add(
        acting,
        [
            (MONDAY, letter, "/om-sverige/arbete/", "ar", 5),
            (MONDAY + datetime.timedelta(days=6), letter, "/om-sverige/arbete/", "sv", 2),
            (MONDAY + datetime.timedelta(days=1), screen, "/om-sverige/", "ar", 3),
            (week_11, letter, "/om-sverige/", "ti", 4),
            (week_11 + datetime.timedelta(days=2), screen, "/om-sverige/", "so", 1),
            (MONDAY - datetime.timedelta(days=1), letter, "/om-sverige/", "ar", 100),
        ],
    )
    return letter, screen


MARCH = VisitQuery(start=MONDAY, end=datetime.date(2026, 3, 15))


@pytest.mark.django_db
def test_visits_are_summed_by_week_and_channel(letter_and_screen: tuple[Channel, Channel]) -> None:
    letter, screen = letter_and_screen
    report = visit_report(MARCH, [letter, screen])
    assert report.periods == (MONDAY, MONDAY + datetime.timedelta(days=7))
    assert [s.code for s in report.series] == [str(letter.pk), str(screen.pk)]  # most visits first
    assert [s.label for s in report.series] == ["Letter with the permit card (brev)", "Screen in Malmö (skarm-malmo)"]
    assert [counts for _period, _label, counts, _total in report.rows()] == [[7, 3], [4, 1]]
    assert report.total == 15  # the 100 visits of 1 March lie outside the period


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("breakdown", "expected"),
    [
        (Breakdown.KIND, {"permit_letter": 11, "office_screen": 4}),
        (Breakdown.LANDING_PAGE, {"/om-sverige/arbete/": 7, "/om-sverige/": 8}),
        (Breakdown.LANGUAGE, {"ar": 8, "sv": 2, "ti": 4, "so": 1}),
    ],
)
def test_each_breakdown_adds_up_to_the_same_total(
    letter_and_screen: tuple[Channel, Channel], breakdown: Breakdown, expected: dict[str, int]
) -> None:
    report = visit_report(VisitQuery(start=MARCH.start, end=MARCH.end, breakdown=breakdown), list(letter_and_screen))
    assert {s.code: report.series_total(s.code) for s in report.series} == expected
    assert report.total == 15


@pytest.mark.django_db
def test_filters_narrow_the_sums(letter_and_screen: tuple[Channel, Channel]) -> None:
    letter, screen = letter_and_screen
    channels = [letter, screen]
    by_day = VisitQuery(start=MARCH.start, end=MARCH.end, grouping=Grouping.DAY, language="ar")
    report = visit_report(by_day, channels)
    assert len(report.periods) == 14
    assert report.count(str(letter.pk), MONDAY) == 5
    assert report.count(str(screen.pk), MONDAY + datetime.timedelta(days=1)) == 3
    assert report.total == 8
    kind = VisitQuery(start=MARCH.start, end=MARCH.end, kind=ChannelKind.OFFICE_SCREEN)
    assert visit_report(kind, channels).total == 4
    one = VisitQuery(start=MARCH.start, end=MARCH.end, channel_id=letter.pk, landing_page="/om-sverige/")
    assert visit_report(one, channels).total == 4


@pytest.mark.django_db
def test_a_month_sums_every_day_of_it_inside_the_period(letter_and_screen: tuple[Channel, Channel]) -> None:
    query = VisitQuery(start=datetime.date(2026, 2, 1), end=datetime.date(2026, 3, 31), grouping=Grouping.MONTH)
    report = visit_report(query, list(letter_and_screen))
    assert report.periods == (datetime.date(2026, 2, 1), datetime.date(2026, 3, 1))
    assert [total for *_rest, total in report.rows()] == [0, 115]


@pytest.mark.django_db
def test_more_channels_than_the_chart_can_tell_apart_are_added_up_as_other(
    make_channel: Callable[..., Channel], acting: Acting
) -> None:
    channels = [make_channel(code=f"post-{n}", kind=ChannelKind.SOCIAL_POST, name=f"Post {n}") for n in range(11)]
    _add(acting, [(MONDAY, channel, "/om-sverige/", "sv", n + 1) for n, channel in enumerate(channels)])
    report = visit_report(VisitQuery(start=MONDAY, end=MONDAY), channels)
    assert len(report.series) == MAX_SERIES
    assert report.series[-1].code == OTHER
    assert report.other_count == 4
    assert report.series_total(OTHER) == 1 + 2 + 3 + 4  # the four smallest
    assert report.total == sum(range(1, 12))


@pytest.mark.django_db
def test_the_description_is_written_from_the_same_numbers(letter_and_screen: tuple[Channel, Channel]) -> None:
    report = visit_report(MARCH, list(letter_and_screen))
    with translation.override("en"):
        text = report_description(report)
    assert text.startswith("From 2026-03-02 to 2026-03-15 there were 15 visits.")
    assert "The most came through Letter with the permit card (brev): 11, or 73\u00a0% of all." in text
    assert "The week with the most visits was week 10, 2026, with 10." in text


@pytest.mark.django_db
def test_the_chart_draws_every_period_of_every_series(letter_and_screen: tuple[Channel, Channel]) -> None:
    report = visit_report(MARCH, list(letter_and_screen))
    spec = chart_spec(report)
    # Altair moves inline rows to the top-level datasets, under the name the chart's data refers to.
    rows = spec["datasets"][spec["data"]["name"]]  # type: ignore[index]
    assert sorted((row["series"], row["period"], row["visits"]) for row in rows) == sorted(
        (s.label, period.isoformat(), report.count(s.code, period)) for s in report.series for period in report.periods
    )
