"""Registers the fixtures of :mod:`lika.testing` with pytest (``pytest_plugins`` in the root conftest).

* :mod:`lika.testing.personas`: ``acting``, ``make_person``, ``make_staff`` and the personas' builders;
* :mod:`lika.testing.clock`: ``clock``, and the real clock back after every test;
* :mod:`lika.testing.language`: ``use_language`` and ``english``;
* :mod:`lika.testing.api`: ``api_token``, a token for Lika's APIs;
* :mod:`lika.testing.browser`: ``browser`` and ``page``, and the skip of ``browser`` tests without Chromium;
* :mod:`lika.testing.data_migrations`: ``case_exercises``, rows of data migrations back after a transactional test;
* pytest's own ``pytester``, with which the plugin tests itself.
"""

from __future__ import annotations

pytest_plugins = [
    "lika.testing.api",
    "lika.testing.browser",
    "lika.testing.clock",
    "lika.testing.data_migrations",
    "lika.testing.language",
    "lika.testing.personas",
    "pytester",
]
