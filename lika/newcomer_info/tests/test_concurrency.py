"""The counter stays exact when many visits arrive at the same moment, each on its own connection.

Each thread is one server worker with its own database connection. The threads wait for each other
at a barrier and then all count the same rows, which do not exist yet: the hardest case for a
counter that first reads and then writes. The test runs on the suite's database (SQLite's shared
in-memory database or PostgreSQL) and, on SQLite, also on a database file like the one Lika uses
when it runs embedded, whose locking differs.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import pytest
from django.db import connection, connections
from django.test import Client
from django.utils import timezone

from lika.newcomer_info.models import Channel, ChannelVisitDay
from lika.newcomer_info.services import channel_visit_count

THREADS = 8
VISITS_PER_THREAD = 250
LANGUAGES = ("ar", "so")
BROWSER = (
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Mobile Safari/537.36"
)

# How a busy embedded deployment should run SQLite (docs/channels.md): with Python's default of a
# 5-second wait and the rollback journal, eight writers at full speed on a slow disk can make one
# wait longer than that, and its visit is then logged as lost rather than counted.
SQLITE_JOURNAL_MODE = "wal"
SQLITE_BUSY_SECONDS = 30

pytestmark = pytest.mark.django_db(transaction=True)

T = TypeVar("T")


def _in_threads(work: Callable[[int], None]) -> None:
    """Runs ``work(n)`` in THREADS threads that start together; each closes its connections at the end."""
    start = threading.Barrier(THREADS)
    failures: list[BaseException] = []

    def run(number: int) -> None:
        try:
            start.wait()
            work(number)
        except BaseException as error:  # noqa: BLE001 - handed to the test thread below
            failures.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(number,)) for number in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []


def _in_own_thread(read: Callable[[], T]) -> T:
    """``read()`` on a fresh connection, which sees the database the threads wrote to."""
    results: list[T] = []

    def run() -> None:
        try:
            results.append(read())
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    return results[0]


def _visits_by_language(channel: Channel) -> dict[str, int]:
    rows = ChannelVisitDay.objects.filter(channel_id=channel.pk, day=timezone.localdate())
    return {row.language: row.visits for row in rows}


@pytest.fixture
def channel(make_channel: Callable[..., Channel]) -> Channel:
    return make_channel()


@pytest.fixture(params=["test database", "database file"])
def database(request: pytest.FixtureRequest, channel: Channel, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """The suite's database, and on SQLite a file copy of it (with ``channel``) that new connections open instead."""
    if request.param == "database file":
        if connection.vendor != "sqlite":
            pytest.skip("The file variant is for SQLite; PostgreSQL's test database is already shared by connections.")
        path = tmp_path / "lika.sqlite3"
        connection.ensure_connection()
        assert connection.connection is not None
        with sqlite3.connect(path) as copy:
            connection.connection.backup(copy)
            copy.execute(f"PRAGMA journal_mode={SQLITE_JOURNAL_MODE}")
        copy.close()
        # Connections opened from now on (those of the threads) open the file. This thread's
        # connection stays open on the in-memory database and is never closed here, since closing
        # it would drop that database.
        monkeypatch.setitem(connection.settings_dict, "NAME", str(path))
        monkeypatch.setitem(connection.settings_dict, "OPTIONS", {"timeout": SQLITE_BUSY_SECONDS})
    return str(request.param)


def test_concurrent_visits_through_the_short_path_are_all_counted(channel: Channel, database: str) -> None:
    """8 workers × 250 requests to /k/brev give exactly 2,000 visits, split by language as asked."""

    def visit(number: int) -> None:
        client = Client(HTTP_USER_AGENT=BROWSER)
        for _ in range(VISITS_PER_THREAD):
            response = client.get(f"/k/{channel.code}", {"lang": LANGUAGES[number % 2]})
            assert response.status_code == 302

    _in_threads(visit)
    per_language = THREADS // len(LANGUAGES) * VISITS_PER_THREAD
    assert _in_own_thread(lambda: _visits_by_language(channel)) == dict.fromkeys(LANGUAGES, per_language)
    if database == "database file":
        assert not ChannelVisitDay.objects.exists(), "the workers counted in the file, not in memory"


def test_concurrent_visits_with_a_warm_landing_cache_write_only_the_count_and_all_of_it(
    channel: Channel, database: str
) -> None:
    """With where /k/brev leads already cached, each of 2,000 concurrent visits is one INSERT, and none is lost.

    The cache is the real one (Django's per-process cache, shared by the threads as by a server
    process's threads), warmed by HEAD requests, which are redirected but not counted.
    """
    warm = Client(HTTP_USER_AGENT=BROWSER)
    for language in LANGUAGES:
        assert warm.head(f"/k/{channel.code}", {"lang": language}).status_code == 302
    queries_per_thread: list[list[str]] = []

    def visit(number: int) -> None:
        client = Client(HTTP_USER_AGENT=BROWSER)
        statements: list[str] = []

        # A wrapper on this thread's own connection: Django's CaptureQueriesContext switches a
        # signal for every thread at once, so it cannot count one thread's queries among eight.
        def record(execute: Callable[..., object], sql: str, *args: object) -> object:
            statements.append(sql)
            return execute(sql, *args)

        with connection.execute_wrapper(record):
            for _ in range(VISITS_PER_THREAD):
                response = client.get(f"/k/{channel.code}", {"lang": LANGUAGES[number % 2]})
                assert response.status_code == 302
        queries_per_thread.append(statements)

    _in_threads(visit)
    assert [len(queries) for queries in queries_per_thread] == [VISITS_PER_THREAD] * THREADS
    assert all(sql.startswith("INSERT INTO") for queries in queries_per_thread for sql in queries)
    per_language = THREADS // len(LANGUAGES) * VISITS_PER_THREAD
    assert _in_own_thread(lambda: _visits_by_language(channel)) == dict.fromkeys(LANGUAGES, per_language)


def test_concurrent_counts_through_the_service_add_up_exactly(channel: Channel, database: str) -> None:
    """8 workers each add 250 counts of 1 to 3 visits to one row; the row holds exactly their sum."""
    day = timezone.localdate()

    def count(number: int) -> None:
        for step in range(VISITS_PER_THREAD):
            channel_visit_count(
                channel=channel, landing_page="/om-sverige/", language="sv", day=day, visits=1 + (number + step) % 3
            )

    _in_threads(count)
    expected = sum(1 + (number + step) % 3 for number in range(THREADS) for step in range(VISITS_PER_THREAD))
    assert _in_own_thread(lambda: _visits_by_language(channel)) == {"sv": expected}
