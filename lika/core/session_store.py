"""Sessions kept in the database and read through the shared cache, as Django's ``cached_db``, with a safer logout.

Django's ``cached_db`` deletes a session's row first and its cached copy second. If the cache cannot be reached
at that moment, the logout fails after the row is gone, and the cached copy lives on: once the cache answers
again, the session is read from it and the person is logged in again. This store deletes the cached copy first,
so that an unreachable cache fails the logout as a whole and leaves the session where it was, in both places;
the person sees an error and can log out again. The row and the cached copy are then deleted as Django does,
which also removes a copy that a request in between read back into the cache.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.sessions.backends import cached_db
from django.core.cache import caches


class SessionStore(cached_db.SessionStore):
    def delete(self, session_key: str | None = None) -> None:
        key = self.session_key if session_key is None else session_key
        if key is not None:
            caches[settings.SESSION_CACHE_ALIAS].delete(self.cache_key_prefix + key)
        super().delete(session_key)
