"""The ``language`` switch: a test reads Lika in one language, and the next test starts from the default."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from django.utils import translation


@pytest.fixture
def use_language() -> Iterator[Callable[[str], None]]:
    """Activates a language (``use_language("ar")``) for the rest of the test; the one before comes back after it.

    For a few lines in another language inside a test, ``translation.override`` reads better.
    """
    with translation.override(translation.get_language()):  # brings back on leaving what was active on entering
        yield translation.activate


@pytest.fixture
def english(use_language: Callable[[str], None]) -> None:
    """Reads services' messages in English, the source language, whatever ran before (use with ``usefixtures``)."""
    use_language("en")
