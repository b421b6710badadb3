"""A request limit per caller and minute, counted in Django's cache (shared Redis in production).

Each caller has a counter per fixed window of ``window_seconds``; the first request of a window
creates it, each request adds one, and the counter expires with its window. With a per-process cache
(the demo) each process counts on its own, so the limit is per process; production settings require a
shared cache, so there it holds across all web processes.
"""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass

from django.core.cache import cache

from lika.core import clock


@dataclass(frozen=True)
class RateDecision:
    allowed: bool
    limit: int
    remaining: int
    reset_seconds: int  # until the window ends and the count starts again

    def headers(self) -> dict[str, str]:
        """The ``RateLimit-*`` headers of the answer, and ``Retry-After`` when the request was refused."""
        headers = {
            "RateLimit-Limit": str(self.limit),
            "RateLimit-Remaining": str(self.remaining),
            "RateLimit-Reset": str(self.reset_seconds),
        }
        if not self.allowed:
            headers["Retry-After"] = str(self.reset_seconds)
        return headers


def rate_take(caller: str, *, limit: int, window_seconds: int = 60) -> RateDecision:
    """Counts one request of ``caller`` and says whether it is within ``limit`` requests in this window.

    ``caller`` is hashed into the key, so that no address or token prefix is stored in the cache as such.
    """
    now = clock.now().timestamp()
    window = int(now // window_seconds)
    name = hashlib.sha256(caller.encode()).hexdigest()[:32]
    key = f"lika:rate:{name}:{window_seconds}:{window}"
    cache.add(key, 0, timeout=window_seconds + 1)
    try:
        count = cache.incr(key)
    except ValueError:  # dropped between add and incr (a full local cache): start the window again
        cache.set(key, 1, timeout=window_seconds + 1)
        count = 1
    reset = max(1, math.ceil((window + 1) * window_seconds - now))
    return RateDecision(allowed=count <= limit, limit=limit, remaining=max(0, limit - count), reset_seconds=reset)
