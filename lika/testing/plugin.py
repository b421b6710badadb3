"""Registers the fixtures of :mod:`lika.testing` with pytest (``pytest_plugins`` in the root conftest)."""

from __future__ import annotations

pytest_plugins = ["lika.testing.clock", "lika.testing.personas"]
