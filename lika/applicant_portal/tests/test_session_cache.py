"""Sessions read from a shared cache: no query for the session, and a logout or an idle timeout still ends it.

With Redis (or memcached) as the default cache, the settings keep sessions in the database and in the
cache (``cached_db``), so a Min Sida page reads its session from Redis. These tests run against a real
Redis at ``LIKA_TEST_REDIS_URL`` (default ``redis://127.0.0.1:6379/15``), under a key prefix of their
own, and are skipped, saying so, when none answers.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lika.applicant_portal.session import SESSION_SEEN_KEY
from lika.testing.portal import World, portal_client
from lika.testing.shared_cache import REDIS_URL, other_process_cache, redis_server

CACHED_DB = "lika.core.session_store"


@pytest.fixture
def shared_sessions(settings: Any) -> Iterator[str]:
    """Redis as the default cache and sessions read through it, as the settings choose with LIKA_CACHE_BACKEND."""
    client = redis_server()
    prefix = f"lika-test-{uuid.uuid4().hex}"
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": prefix,
        }
    }
    settings.SESSION_ENGINE = CACHED_DB
    yield prefix
    for key in client.scan_iter(f"{prefix}:*"):
        client.delete(key)
    client.close()


def _session_queries(queries: CaptureQueriesContext) -> list[str]:
    return [q["sql"] for q in queries.captured_queries if "django_session" in q["sql"]]


@pytest.mark.django_db
def test_a_page_reads_its_session_from_the_shared_cache_not_the_database(world: World, shared_sessions: str) -> None:
    client = portal_client(world.amina)
    url = reverse("applicant_portal:timeline")
    assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    assert _session_queries(queries) == []


@pytest.mark.django_db
def test_a_logout_ends_the_session_for_every_process(world: World, shared_sessions: str) -> None:
    client = portal_client(world.amina)
    key = client.cookies[django_settings.SESSION_COOKIE_NAME].value
    url = reverse("applicant_portal:timeline")
    assert client.get(url).status_code == 200
    cache_key = f"django.contrib.sessions.cached_db{key}"
    assert other_process_cache(shared_sessions).get(cache_key) is not None
    assert client.post(reverse("applicant_portal:logout")).status_code == 200
    assert other_process_cache(shared_sessions).get(cache_key) is None
    # The old cookie, sent again (as a copy of it would be), finds no session.
    client.cookies[django_settings.SESSION_COOKIE_NAME] = key
    answer = client.get(url)
    assert answer.status_code == 302
    assert answer["Location"].startswith(reverse("applicant_portal:login"))


@pytest.mark.django_db
def test_an_idle_session_still_ends_when_it_is_read_from_the_cache(world: World, shared_sessions: str) -> None:
    client = portal_client(world.amina)
    url = reverse("applicant_portal:timeline")
    assert client.get(url).status_code == 200
    session = client.session
    session[SESSION_SEEN_KEY] = time.time() - (20 * 60 + 1)
    session.save()
    answer = client.get(url)
    assert answer.status_code == 302
    assert answer["Location"].startswith(reverse("applicant_portal:login"))
