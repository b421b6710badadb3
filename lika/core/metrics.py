"""Metrics for the hosting team, in Prometheus's text format at ``/metrics`` (prometheus-client; decision 0016).

* ``lika_http_request_duration_seconds{method, route, status}``: every request's latency, by the URL
  pattern it matched (``route``, never the address itself, which may hold an id) and status class.
* ``lika_job_duration_seconds{job, outcome}``, ``lika_job_failures_total{job}`` and
  ``lika_job_last_success_timestamp_seconds{job}``: the scheduled jobs (:func:`job_observe`).
* Figures each part adds from its own tables when scraped (:func:`collector_add`): the allowance adds its
  payment runs' totals.

Each web or job process counts in its own memory. Under gunicorn, with several processes, set
``PROMETHEUS_MULTIPROC_DIR`` to an empty directory shared by the web processes and the jobs (and cleared
at start): every process then writes its counts there and a scrape adds them up
(``deploy/gunicorn.conf.py`` marks a stopped worker's files). ``/metrics`` (:func:`lika.core.views.metrics`)
answers only with ``Authorization: Bearer <LIKA_METRICS_TOKEN>``; without a token set it does not exist (404).
The ``lika`` command imports this module before Django is set up, so it imports no model or view.
"""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Callable, Iterable, Iterator

from django.http import HttpRequest
from prometheus_client import REGISTRY, CollectorRegistry, Counter, Gauge, Histogram, Metric, generate_latest
from prometheus_client.multiprocess import MultiProcessCollector
from prometheus_client.registry import Collector

REQUEST_SECONDS = Histogram(
    "lika_http_request_duration_seconds",
    "Time from a request reaching Lika to its answer, by URL pattern and status class.",
    ["method", "route", "status"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0),
)
JOB_SECONDS = Histogram(
    "lika_job_duration_seconds",
    "How long a scheduled job ran, by job and outcome (ok or failed).",
    ["job", "outcome"],
    buckets=(0.1, 0.5, 1.0, 5.0, 15.0, 60.0, 300.0, 900.0, 3600.0),
)
JOB_FAILURES = Counter("lika_job_failures_total", "Scheduled jobs that ended in an error.", ["job"])
JOB_LAST_SUCCESS = Gauge(
    "lika_job_last_success_timestamp_seconds",
    "When the job last ended without an error (Unix time).",
    ["job"],
    multiprocess_mode="mostrecent",
)
_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
_collectors: list[Callable[[], Iterable[Metric]]] = []


def collector_add(collect: Callable[[], Iterable[Metric]]) -> None:
    """Adds figures that a part computes from its own tables at each scrape (call from ``AppConfig.ready``)."""
    if collect not in _collectors:
        _collectors.append(collect)


def request_observe(request: HttpRequest, status: int, seconds: float) -> None:
    match = getattr(request, "resolver_match", None)
    route = (match.route or match.view_name) if match is not None else "(unmatched)"
    method = request.method if request.method in _METHODS else "other"
    REQUEST_SECONDS.labels(method=method, route=route, status=f"{status // 100}xx").observe(seconds)


@contextlib.contextmanager
def job_observe(job: str) -> Iterator[None]:
    """Times the job run inside, counting it as failed when it raises (and letting the error through)."""
    started = time.perf_counter()
    failed = True
    try:
        yield
        failed = False
    except SystemExit as leaving:  # a command that ends with sys.exit(0) ended well
        failed = leaving.code not in (0, None)
        raise
    finally:
        JOB_SECONDS.labels(job=job, outcome="failed" if failed else "ok").observe(time.perf_counter() - started)
        if failed:
            JOB_FAILURES.labels(job=job).inc()
        else:
            JOB_LAST_SUCCESS.labels(job=job).set(time.time())


class _Parts(Collector):
    def collect(self) -> Iterable[Metric]:
        for collect in _collectors:
            yield from collect()


class _ThisProcess(Collector):
    def collect(self) -> Iterable[Metric]:
        yield from REGISTRY.collect()


def metrics_text() -> bytes:
    """Every metric in Prometheus's text format: all processes' counts where they share a directory."""
    registry = CollectorRegistry(auto_describe=False)
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
    else:
        registry.register(_ThisProcess())
    registry.register(_Parts())
    return generate_latest(registry)
