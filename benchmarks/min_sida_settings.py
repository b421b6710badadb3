"""Settings for ``benchmarks/min_sida_load.py``: the Om Sverige benchmark's deployment-like settings,
plus a URL configuration that adds a trivial view to compare Min Sida's pages with."""

from __future__ import annotations

from pathlib import Path

from om_sverige_settings import *  # noqa: F403

ROOT_URLCONF = "min_sida_urls"

# Until the app's first migration is committed, its tables are made from the models (migrate --run-syncdb).
_PORTAL_MIGRATIONS = Path(__file__).resolve().parent.parent / "lika" / "applicant_portal" / "migrations"
if not any(_PORTAL_MIGRATIONS.glob("0*.py")):
    MIGRATION_MODULES = {"applicant_portal": None}
