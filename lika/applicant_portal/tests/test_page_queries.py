"""Min Sida's busiest pages cost a fixed number of queries, and a page view writes nothing it need not.

The timeline and a decision page are what every logged-in person opens; under load each query and
each write counts (``benchmarks/min_sida_load.py``). A page's query count does not grow with the
number of decisions, cards or messages, and the session row is written only when the idle clock moves.
"""

from __future__ import annotations

import datetime
import re
import time
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lika.allowance import services as allowance
from lika.allowance.models import Decision
from lika.applicant_portal import selectors
from lika.applicant_portal.models import Sender, Thread
from lika.applicant_portal.services.documents import decision_open_record
from lika.applicant_portal.services.messages import message_send, portal_acting, thread_start
from lika.applicant_portal.session import SESSION_SEEN_KEY
from lika.applicant_portal.timeline import EventKind
from lika.audit.acting import Acting
from lika.audit.actions import Action
from lika.audit.models import AuditEvent
from lika.people import services
from lika.people.models import LmaEligibilityPeriod
from lika.testing.portal import DECEMBER, World, permit_grant, portal_client

# The session, the person, then the timeline's one read (applications, permit decisions, allowance
# decisions with their openings, cards and messages in one statement).
TIMELINE_QUERIES = 3
# The session, the person, the decision with its document languages, the audit event of the opening
# (one INSERT, no savepoint or transaction of its own) and the names of the children in the explanation.
DECISION_QUERIES = 5


def _session_writes(queries: CaptureQueriesContext) -> list[str]:
    return [
        q["sql"] for q in queries.captured_queries if q["sql"].startswith("UPDATE") and "django_session" in q["sql"]
    ]


def _seen_set(client: Client, seconds_ago: float) -> float:
    session = client.session
    session[SESSION_SEEN_KEY] = time.time() - seconds_ago
    session.save()
    return float(session[SESSION_SEEN_KEY])


def _busy_case(world: World, acting: Acting, by_officer: Acting) -> None:
    """Gives Amina a permit decision, five threads with answers and openings of her decisions."""
    amina = world.amina
    permit = permit_grant(acting, world.applications[amina.pk])
    for number in range(5):
        message = thread_start(acting=by_officer, person=amina, sender=Sender.AGENCY, subject=f"S{number}", body="B")
        message_send(acting=portal_acting(amina, "Answer"), thread=message.thread, sender=Sender.PERSON, body="A")
    decision_open_record(person=amina, decision=permit, form="html", language="en")
    decision_open_record(person=amina, decision=world.decisions[amina.pk], form="pdf", language="en")


@pytest.mark.django_db
def test_the_timeline_page_costs_the_same_queries_however_busy_the_case(
    world: World, acting: Acting, by_officer: Acting, django_assert_num_queries: Any
) -> None:
    client = portal_client(world.amina)
    url = reverse("applicant_portal:timeline")
    client.get(url)  # the first request of a session may move the idle clock
    with django_assert_num_queries(TIMELINE_QUERIES):
        assert client.get(url).status_code == 200
    _busy_case(world, acting, by_officer)
    with django_assert_num_queries(TIMELINE_QUERIES):
        page = client.get(url)
    assert page.status_code == 200
    body = page.content.decode()
    for thread in Thread.objects.filter(person=world.amina):
        assert reverse("applicant_portal:thread", args=[thread.pk]) in body


@pytest.mark.django_db
def test_a_decision_page_costs_a_fixed_number_of_queries_and_still_records_the_opening(
    world: World, acting: Acting, by_officer: Acting, django_assert_num_queries: Any
) -> None:
    _busy_case(world, acting, by_officer)
    decision = world.decisions[world.amina.pk]
    client = portal_client(world.amina)
    url = reverse("applicant_portal:allowance_decision", args=[decision.pk])
    client.get(url)
    openings = AuditEvent.objects.filter(action=Action.PORTAL_DECISION_OPEN, object_id=str(decision.pk)).count()
    with django_assert_num_queries(DECISION_QUERIES) as captured:
        page = client.get(url)
    assert page.status_code == 200
    # The opening is one INSERT: no savepoint, no transaction, no other write.
    writes = [q["sql"] for q in captured.captured_queries if not q["sql"].startswith("SELECT")]
    assert len(writes) == 1
    assert writes[0].startswith('INSERT INTO "audit_auditevent"')
    assert decision.number in page.content.decode()
    assert (
        AuditEvent.objects.filter(action=Action.PORTAL_DECISION_OPEN, object_id=str(decision.pk)).count()
        == openings + 1
    )


@pytest.mark.django_db
def test_a_request_within_a_minute_of_the_clock_does_not_write_the_session(world: World) -> None:
    client = portal_client(world.amina)
    seen = _seen_set(client, 30)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("applicant_portal:timeline")).status_code == 200
    assert _session_writes(queries) == []
    assert client.session[SESSION_SEEN_KEY] == seen


@pytest.mark.django_db
def test_a_request_a_minute_or_more_after_the_clock_moves_it(world: World) -> None:
    client = portal_client(world.amina)
    _seen_set(client, 61)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("applicant_portal:timeline")).status_code == 200
    assert len(_session_writes(queries)) == 1
    assert time.time() - client.session[SESSION_SEEN_KEY] < 5


@pytest.mark.django_db
def test_the_page_shows_the_end_the_clock_gives(world: World) -> None:
    """The end shown is the stored clock plus the limit: the session never lasts longer than the page says."""
    client = portal_client(world.amina)
    _seen_set(client, 45)
    text = client.get(reverse("applicant_portal:timeline")).content.decode()
    found = re.search(r'data-session-seconds-left="(\d+)"', text)
    assert found is not None
    # 20 minutes less the 45 seconds since the clock last moved (and a moment for the request).
    assert 20 * 60 - 45 - 5 <= int(found.group(1)) <= 20 * 60 - 45


@pytest.mark.django_db
def test_a_session_ends_when_the_lagging_clock_says_so(world: World) -> None:
    """A session whose clock lags past the limit ends, although the last request was later."""
    client = portal_client(world.amina)
    _seen_set(client, 20 * 60 + 1)
    response = client.get(reverse("applicant_portal:timeline"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("applicant_portal:login"))


@pytest.fixture
def reissued(world: World, acting: Acting, by_officer: Acting) -> tuple[Decision, Decision]:
    """Leyla's December decision and the one that replaces it: her right to the allowance ends mid-December."""
    services.lma_eligibility_end(
        acting=acting, period=LmaEligibilityPeriod.objects.get(person=world.leyla), end_date=datetime.date(2026, 12, 15)
    )
    (newer,) = allowance.decisions_issue(acting=by_officer, month=DECEMBER, household_ids=[world.households[2].pk])
    return world.decisions[world.leyla.pk], newer


@pytest.mark.django_db
def test_only_the_newest_version_of_a_months_decision_asks_to_be_read(
    world: World, reissued: tuple[Decision, Decision]
) -> None:
    leyla = world.leyla
    older, newer = reissued
    assert newer.supersedes_id == older.pk
    unread = {e.ref for e in selectors.timeline_events(leyla) if e.kind == EventKind.ALLOWANCE_DECIDED and e.unread}
    assert unread == {newer.pk}
    decision_open_record(person=leyla, decision=newer, form="html", language="en")
    assert not any(e.unread for e in selectors.timeline_events(leyla) if e.kind == EventKind.ALLOWANCE_DECIDED)


@pytest.mark.django_db
def test_a_decision_that_replaces_another_names_it_and_the_older_names_none(
    world: World, reissued: tuple[Decision, Decision]
) -> None:
    older, newer = reissued
    client = portal_client(world.leyla)
    newer_page = client.get(reverse("applicant_portal:allowance_decision", args=[newer.pk])).content.decode()
    older_page = client.get(reverse("applicant_portal:allowance_decision", args=[older.pk])).content.decode()
    assert "Replaces" in newer_page
    assert older.number in newer_page
    assert "Replaces" not in older_page


def _field_values(decision: Decision) -> dict[str, object]:
    return {field.attname: getattr(decision, field.attname) for field in Decision._meta.concrete_fields}


@pytest.mark.django_db
def test_the_decision_page_reads_the_decision_the_orm_reads(world: World, reissued: tuple[Decision, Decision]) -> None:
    """The page's own statement (decision 0029) gives the same decision, on SQLite and PostgreSQL alike."""
    older, newer = reissued
    for decision, replaced in ((newer, older.number), (older, None)):
        page_decision, languages = selectors.own_allowance_decision_page(world.leyla, decision.pk)
        assert _field_values(page_decision) == _field_values(Decision.objects.get(pk=decision.pk))
        assert page_decision.supersedes_number == replaced  # type: ignore[attr-defined]
        assert languages == sorted(decision.documents.values_list("language", flat=True))


@pytest.mark.django_db
@pytest.mark.parametrize("decision_id", [2**63, 2**64, 10**30])
def test_a_decision_number_too_large_to_be_a_key_is_not_found(world: World, decision_id: int) -> None:
    client = portal_client(world.amina)
    assert client.get(f"/min-sida/dokument/dagersattning/{decision_id}/").status_code == 404
