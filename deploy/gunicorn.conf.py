"""gunicorn's settings for Lika (the container image; deploy/systemd/lika-web.service can use them too).

Two workers per core with a few threads each, for a database on another machine; with the database on
the same machine one per core did better (docs/operations.md, Caching). With
``PROMETHEUS_MULTIPROC_DIR`` set, each worker writes its metrics to files there and /metrics adds them up:
the directory is emptied when gunicorn starts, and a stopped worker's live figures are dropped.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")  # inside a container, behind the proxy
workers = int(os.environ.get("GUNICORN_WORKERS", str(2 * (os.cpu_count() or 1))))
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
keepalive = 5
# No access log: Lika writes its own line per request, without addresses (lika/core/logs.py).
accesslog = None
errorlog = "-"


def on_starting(server: Any) -> None:
    directory = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if directory:
        Path(directory).mkdir(parents=True, exist_ok=True)
        for entry in Path(directory).glob("*.db"):  # the last run's counts
            entry.unlink()


def child_exit(server: Any, worker: Any) -> None:
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)  # type: ignore[no-untyped-call]
