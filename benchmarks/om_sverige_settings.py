"""Settings for ``benchmarks/om_sverige_load.py``: Lika as deployed, on loopback, with any database.

Production's own settings insist on PostgreSQL and TLS; the benchmark also measures the embedded
SQLite file, so it takes the local settings and switches off what a deployment switches off:
debugging, and WhiteNoise's looking for files at each request (it serves the collected files).
"""

from __future__ import annotations

import os
from pathlib import Path

from config.settings.local import *  # noqa: F403

DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1"]
STATIC_ROOT = Path(os.environ["LIKA_BENCH_STATIC_ROOT"])
WHITENOISE_USE_FINDERS = False
WHITENOISE_AUTOREFRESH = False
