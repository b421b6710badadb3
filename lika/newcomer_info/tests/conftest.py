"""Channels built through the real service."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from lika.audit.acting import Acting
from lika.newcomer_info.models import Channel, ChannelKind
from lika.newcomer_info.services import channel_create


@pytest.fixture
def make_channel(acting: Acting, db: None) -> Callable[..., Channel]:
    """Creates a channel through :func:`channel_create`; keyword arguments override the letter's defaults."""

    def make(**overrides: Any) -> Channel:
        values: dict[str, Any] = {
            "code": "brev",
            "kind": ChannelKind.PERMIT_LETTER,
            "name": "Letter with the permit card",
            "landing_path": "/om-sverige/",
        }
        values.update(overrides)
        return channel_create(acting=acting, **values)

    return make
