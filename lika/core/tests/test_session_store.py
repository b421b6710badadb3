"""The session store of a deployment with a shared cache: a logout the cache cannot take changes nothing."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.core.cache import caches

from lika.core.session_store import SessionStore


class CacheDownError(ConnectionError):
    pass


@pytest.mark.django_db
def test_a_logout_the_cache_cannot_take_leaves_the_session_whole(monkeypatch: pytest.MonkeyPatch) -> None:
    store = SessionStore()
    store["person"] = 7
    store.save()
    key = store.session_key
    assert key is not None

    def unreachable(_key: str) -> None:
        raise CacheDownError

    monkeypatch.setattr(caches[settings.SESSION_CACHE_ALIAS], "delete", unreachable)
    with pytest.raises(CacheDownError):
        store.delete()
    # Neither copy is gone: the session is not left alive in the cache alone, to come back later.
    assert Session.objects.filter(session_key=key).exists()
    assert SessionStore(key).load() == {"person": 7}
    monkeypatch.undo()
    SessionStore(key).delete()
    assert not Session.objects.filter(session_key=key).exists()
    assert SessionStore(key).load() == {}
