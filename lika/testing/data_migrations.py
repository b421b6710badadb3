"""Rows that data migrations write, written again for tests that run after a transactional test.

A transactional test (every browser test) empties every table when it ends, rows from data
migrations too, and pytest-django runs those tests last: a later one would find the rows gone.
"""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps


@pytest.fixture
def case_exercises() -> None:
    """The four case exercises of the competence part's data migration, loaded again where they are gone."""
    migration = importlib.import_module("lika.competence.migrations.0004_the_first_four_case_exercises")
    migration.load(apps, None)
