"""The Redis server that the shared cache's tests run against.

``LIKA_TEST_REDIS_URL`` names it (default ``redis://127.0.0.1:6379/15``). Where none answers the tests are
skipped, saying so; in CI (``LIKA_REQUIRE_REDIS=1``, set by ``.ci/run``, which starts one) they fail instead,
so that the shared cache is never left untested without anyone seeing it.
"""

from __future__ import annotations

import os

import pytest
import redis
from django.core.cache.backends.redis import RedisCache

REDIS_URL = os.environ.get("LIKA_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def redis_server() -> redis.Redis:
    """A client of the test Redis server, or the test skipped (failed in CI) when none answers."""
    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1)
    try:
        client.ping()
    except redis.ConnectionError as error:
        client.close()
        message = f"no Redis answers at {REDIS_URL} ({error}); set LIKA_TEST_REDIS_URL to one"
        if os.environ.get("LIKA_REQUIRE_REDIS") == "1":
            pytest.fail(message)
        pytest.skip(message)
    return client


def other_process_cache(prefix: str = "") -> RedisCache:
    """Django's cache as another web process has it: its own connection to the same server (keys under ``prefix``)."""
    return RedisCache(REDIS_URL, {"KEY_PREFIX": prefix})
