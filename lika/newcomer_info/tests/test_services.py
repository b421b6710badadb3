"""Creating and changing channels (validated, audited) and the counter (exact, not audited)."""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lika.accounts.models import User
from lika.accounts.roles import Role
from lika.audit.acting import Acting
from lika.audit.models import AuditEvent
from lika.newcomer_info.models import Channel, ChannelKind, ChannelVisitDay
from lika.newcomer_info.services import (
    VisitCount,
    channel_change,
    channel_create,
    channel_visit_count,
    channel_visits_add,
    landing_path_problem,
)

pytestmark = pytest.mark.django_db

DAY = datetime.date(2026, 3, 3)


def test_channel_create_stores_the_channel_and_audits_it(acting: Acting) -> None:
    channel = channel_create(
        acting=acting,
        code=" Skarm-Malmo ",
        kind=ChannelKind.OFFICE_SCREEN,
        name=" Screen in the Malmö office ",
        landing_path="/om-sverige/",
        office="Malmö",
    )
    assert (channel.code, channel.kind, channel.name, channel.office, channel.active) == (
        "skarm-malmo",
        "office_screen",
        "Screen in the Malmö office",
        "Malmö",
        True,
    )
    event = AuditEvent.objects.get()
    assert (event.action, event.object_type, event.object_id) == (
        "newcomer_info.channel_create",
        "newcomer_info.channel",
        str(channel.pk),
    )
    assert (event.actor_label, event.reason) == ("test suite", "Test")
    assert event.details == {
        "code": "skarm-malmo",
        "kind": "office_screen",
        "landing_path": "/om-sverige/",
        "office": "Malmö",
    }


VALID: dict[str, Any] = {
    "code": "brev",
    "kind": ChannelKind.PERMIT_LETTER,
    "name": "Letter with the permit card",
    "landing_path": "/om-sverige/",
}


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"code": ""}, "code", "Use lower-case letters a–z"),
        ({"code": "brev 2"}, "code", "Use lower-case letters a–z"),
        ({"code": "brev--2"}, "code", "Use lower-case letters a–z"),
        ({"code": "bräv"}, "code", "Use lower-case letters a–z"),
        ({"code": "-brev"}, "code", "Use lower-case letters a–z"),
        ({"code": "b" * 41}, "code", "longer than 40"),
        ({"kind": "poster"}, "kind", "Choose one of the kinds"),
        ({"name": "  "}, "name", "Give the channel a name"),
        ({"name": "n" * 101}, "name", "longer than 100"),
        ({"landing_path": "om-sverige/"}, "landing_path", "beginning with /"),
        ({"landing_path": "https://elsewhere.example/"}, "landing_path", "beginning with /"),
        ({"landing_path": "//elsewhere.example/"}, "landing_path", "single slashes"),
        ({"landing_path": "/\\elsewhere.example/"}, "landing_path", "single slashes"),
        ({"landing_path": "/om-sverige/?utm=x"}, "landing_path", "no ?"),
        ({"landing_path": "/om-sverige/#arbete"}, "landing_path", "no #"),
        ({"landing_path": "/om-sverige/../admin/"}, "landing_path", "single slashes"),
        ({"landing_path": "/om sverige/"}, "landing_path", "single slashes"),
        ({"landing_path": "/" + "a" * 200}, "landing_path", "longer than 200"),
        ({"kind": ChannelKind.OFFICE_SCREEN}, "office", "Say which office"),
        ({"office": "o" * 61}, "office", "longer than 60"),
    ],
)
def test_channel_create_refuses_bad_input_naming_the_field_and_changes_nothing(
    acting: Acting, changes: dict[str, Any], field: str, message: str
) -> None:
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        channel_create(acting=acting, **{**VALID, **changes})
    assert list(refused.value.message_dict) == [field]
    assert message in refused.value.message_dict[field][0]
    assert Channel.objects.count() == 0
    assert AuditEvent.objects.count() == 0


def test_channel_create_names_every_field_at_fault_at_once(acting: Acting) -> None:
    with pytest.raises(ValidationError) as refused:
        channel_create(acting=acting, code="", kind="poster", name="", landing_path="x")
    assert set(refused.value.message_dict) == {"code", "kind", "name", "landing_path"}


def test_channel_create_refuses_a_code_in_use(make_channel: Callable[..., Channel], acting: Acting) -> None:
    make_channel(code="brev")
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        channel_create(acting=acting, **{**VALID, "code": "BREV"})
    assert refused.value.message_dict == {"code": ["Another channel already has this code."]}
    assert Channel.objects.count() == 1


def test_channel_create_needs_a_reason() -> None:
    with pytest.raises(ValidationError) as refused:
        channel_create(acting=Acting(actor=None, actor_label="test suite", reason=" "), **VALID)
    assert list(refused.value.message_dict) == ["reason"]
    assert Channel.objects.count() == 0


def test_communicators_create_channels_and_case_officers_may_not(make_staff: Callable[..., User]) -> None:
    communicator = Acting(actor=make_staff(Role.COMMUNICATOR), reason="New letter")
    channel_create(acting=communicator, **VALID)
    officer = Acting(actor=make_staff(Role.CASE_OFFICER), reason="New letter")
    with pytest.raises(ValidationError) as refused:
        channel_create(acting=officer, **{**VALID, "code": "brev-2"})
    assert list(refused.value.message_dict) == ["reason"]
    assert list(Channel.objects.values_list("code", flat=True)) == ["brev"]
    assert AuditEvent.objects.get(action="newcomer_info.channel_create").actor_label == "communicator"


def test_channel_change_records_what_changed_and_keeps_the_code(
    make_channel: Callable[..., Channel], acting: Acting
) -> None:
    channel = make_channel()
    changed = channel_change(acting=acting, channel=channel, landing_path="/om-sverige/arbete/", active=False)
    channel.refresh_from_db()
    assert (channel.code, channel.landing_path, channel.active) == ("brev", "/om-sverige/arbete/", False)
    assert changed == channel
    event = AuditEvent.objects.get(action="newcomer_info.channel_change")
    assert event.details == {
        "before": {"landing_path": "/om-sverige/", "active": True},
        "after": {"landing_path": "/om-sverige/arbete/", "active": False},
    }


def test_channel_change_without_a_difference_writes_nothing(
    make_channel: Callable[..., Channel], acting: Acting
) -> None:
    channel_change(acting=acting, channel=make_channel(), name="Letter with the permit card", active=True)
    assert not AuditEvent.objects.filter(action="newcomer_info.channel_change").exists()


def test_channel_change_refuses_bad_input_and_changes_nothing(
    make_channel: Callable[..., Channel], acting: Acting
) -> None:
    screen = make_channel(code="skarm-malmo", kind=ChannelKind.OFFICE_SCREEN, office="Malmö")
    with pytest.raises(ValidationError) as refused:
        channel_change(acting=acting, channel=screen, name="", landing_path="//x", office="", active=False)
    assert set(refused.value.message_dict) == {"name", "landing_path", "office"}
    screen.refresh_from_db()
    assert (screen.office, screen.active) == ("Malmö", True)


def test_counting_adds_to_the_days_row_and_is_not_audited(make_channel: Callable[..., Channel]) -> None:
    channel = make_channel()
    audited = AuditEvent.objects.count()
    channel_visit_count(channel=channel, landing_page="/om-sverige/", language="ar", day=DAY)
    channel_visit_count(channel=channel, landing_page="/om-sverige/", language="ar", day=DAY, visits=4)
    row = ChannelVisitDay.objects.get()
    assert (row.day, row.channel_id, row.landing_page, row.language, row.visits) == (
        DAY,
        channel.pk,
        "/om-sverige/",
        "ar",
        5,
    )
    assert AuditEvent.objects.count() == audited


@pytest.mark.parametrize(
    ("changes", "problem"),
    [
        ({"visits": 0}, "1 or more"),
        ({"visits": -3}, "1 or more"),
        ({"language": "de"}, "settings.LANGUAGES"),
        ({"landing_page": "https://elsewhere.example/"}, "not a landing path"),
    ],
)
def test_counting_refuses_what_only_a_programming_error_produces(
    make_channel: Callable[..., Channel], changes: dict[str, Any], problem: str
) -> None:
    arguments: dict[str, Any] = {"landing_page": "/om-sverige/", "language": "sv", "day": DAY, "visits": 1}
    with pytest.raises(ValueError, match=problem):
        channel_visit_count(channel=make_channel(), **{**arguments, **changes})
    assert not ChannelVisitDay.objects.exists()


_keys = st.tuples(
    st.sampled_from([DAY, DAY + datetime.timedelta(days=1)]),
    st.sampled_from(["/om-sverige/", "/om-sverige/arbete/"]),
    st.sampled_from(["sv", "ar", "ti"]),
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(additions=st.lists(st.tuples(_keys, st.integers(min_value=1, max_value=1000)), max_size=30))
def test_counter_holds_the_sum_of_what_was_added_to_each_key(
    make_channel: Callable[..., Channel], additions: list[tuple[tuple[datetime.date, str, str], int]]
) -> None:
    """Whatever the order of additions, each row is the sum of its own, and no row is empty."""
    channel = Channel.objects.first() or make_channel()
    ChannelVisitDay.objects.all().delete()
    expected: Counter[tuple[datetime.date, str, str]] = Counter()
    for (day, page, language), visits in additions:
        channel_visit_count(channel=channel, landing_page=page, language=language, day=day, visits=visits)
        expected[(day, page, language)] += visits
    rows = ChannelVisitDay.objects.values_list("day", "landing_page", "language", "visits")
    assert {(day, page, language): visits for day, page, language, visits in rows} == dict(expected)


def test_bulk_add_merges_into_existing_rows_and_audits_once(
    make_channel: Callable[..., Channel], acting: Acting
) -> None:
    channel = make_channel()
    channel_visit_count(channel=channel, landing_page="/om-sverige/", language="so", day=DAY, visits=2)
    added = channel_visits_add(
        acting=acting,
        what="Counts moved from the old web statistics",
        counts=[
            VisitCount(DAY, channel.pk, "/om-sverige/", "so", 10),
            VisitCount(DAY + datetime.timedelta(days=1), channel.pk, "/om-sverige/", "so", 7),
        ],
    )
    assert added == 17
    assert list(ChannelVisitDay.objects.order_by("day").values_list("visits", flat=True)) == [12, 7]
    event = AuditEvent.objects.get(action="newcomer_info.channel_visits_add")
    assert event.object_id == "2026-03-03/2026-03-04"
    assert event.details == {
        "what": "Counts moved from the old web statistics",
        "channels": [channel.pk],
        "rows": 2,
        "visits": 17,
    }


def test_bulk_add_is_all_or_nothing(make_channel: Callable[..., Channel], acting: Acting) -> None:
    channel = make_channel()
    with pytest.raises(ValidationError) as refused:
        channel_visits_add(
            acting=acting,
            what="Test",
            counts=[
                VisitCount(DAY, channel.pk, "/om-sverige/", "sv", 1),
                VisitCount(DAY, channel.pk + 1, "/om-sverige/", "sv", 1),
            ],
        )
    assert list(refused.value.message_dict) == ["counts"]
    assert not ChannelVisitDay.objects.exists()
    assert not AuditEvent.objects.filter(action="newcomer_info.channel_visits_add").exists()


@given(path=st.text(alphabet="/\\?#:.%-aZ9 @é", max_size=30))
def test_every_accepted_landing_path_stays_on_this_site(path: str) -> None:
    """An accepted path has no host, scheme, query or fragment, so a redirect to it stays on Lika."""
    if landing_path_problem(path):
        return
    parts = urlsplit(path)
    assert (parts.scheme, parts.netloc, parts.query, parts.fragment) == ("", "", "", "")
    assert path.startswith("/")
    assert not path.startswith("//")
    assert "\\" not in path


@given(
    path=st.lists(st.from_regex(r"[a-z0-9][a-z0-9-]{0,15}", fullmatch=True), max_size=5).map(
        lambda segments: "/" + "/".join(segments) + ("/" if segments else "")
    )
)
def test_ordinary_page_paths_are_accepted(path: str) -> None:
    assert landing_path_problem(path) == ""
