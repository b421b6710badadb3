"""Om Sverige's page cache on Redis, the shared cache production uses (docs/operations.md, "Caching").

The other cache tests use the per-process memory cache; these run the same cache through Django's
RedisCache and the locked ``redis`` client against a real server, and show that a second process,
with its own connection, sees what the first one cached and what a publish put out of use. They need
Redis at ``LIKA_TEST_REDIS_URL`` (default ``redis://127.0.0.1:6379/15``) and are skipped, saying so,
where none answers. Database 15 is emptied before and after each test.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import redis
from django.test import Client

from lika.audit.acting import Acting
from lika.newcomer_info import caching
from lika.newcomer_info.content import om_sverige_install
from lika.newcomer_info.models import TopicPage
from lika.testing.shared_cache import REDIS_URL, other_process_cache, redis_server

pytestmark = pytest.mark.django_db

TOPIC = "/sv/om-sverige/arbete/"
BROWSER = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"


@pytest.fixture
def server() -> Iterator[redis.Redis]:
    client = redis_server()
    client.flushdb()
    yield client
    client.flushdb()
    client.close()


@pytest.fixture
def redis_cache(server: redis.Redis, settings: Any) -> redis.Redis:
    """Django's default cache on the Redis server, as production sets it with LIKA_CACHE_BACKEND."""
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
    return server


@pytest.fixture
def topic(acting: Acting) -> TopicPage:
    start = om_sverige_install(acting=acting)
    page = TopicPage(title="Arbete", slug="arbete", summary="Så hittar du ett arbete.")
    start.add_child(instance=page)
    page.save_revision().publish()
    return page


def test_a_page_is_kept_in_redis_and_served_from_it_without_the_database(
    redis_cache: redis.Redis, topic: TopicPage, django_assert_num_queries: Any
) -> None:
    reader = Client(HTTP_USER_AGENT=BROWSER)
    first = reader.get(TOPIC)
    assert first.status_code == 200
    assert redis_cache.dbsize() > 0
    with django_assert_num_queries(0):
        second = reader.get(TOPIC)
    assert second.content == first.content


def test_another_process_sees_the_same_generation_and_a_publish_changes_it_for_both(
    redis_cache: redis.Redis, topic: TopicPage, django_capture_on_commit_callbacks: Any
) -> None:
    Client(HTTP_USER_AGENT=BROWSER).get(TOPIC)
    before = caching.content_generation()
    other = other_process_cache()
    assert other.get(caching._GENERATION_KEY) == before
    topic.summary = "Arbetsförmedlingen hjälper dig."
    with django_capture_on_commit_callbacks(execute=True):
        topic.save_revision().publish()
    after = other.get(caching._GENERATION_KEY)
    assert after is not None
    assert after != before
    assert "Arbetsförmedlingen hjälper dig." in Client(HTTP_USER_AGENT=BROWSER).get(TOPIC).content.decode()
