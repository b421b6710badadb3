"""What the hosting team reads: JSON logs with request ids and no personal data, and metrics at /metrics."""

from __future__ import annotations

import io
import json
import logging
import os
import subprocess
import sys
from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client

from lika.core.logs import JsonFormatter, request_id
from lika.core.metrics import job_observe

TOKEN = "metrics-test-token"  # noqa: S105 - a test's own token


@pytest.fixture
def json_log() -> Iterator[io.StringIO]:
    """Everything logged while the test runs, as the JSON formatter writes it."""
    out = io.StringIO()
    handler = logging.StreamHandler(out)
    handler.setFormatter(JsonFormatter())
    root, access = logging.getLogger(), logging.getLogger("lika.request")
    root.addHandler(handler)
    level = access.level
    access.setLevel(logging.INFO)
    yield out
    root.removeHandler(handler)
    access.setLevel(level)


def _lines(out: io.StringIO) -> list[dict[str, Any]]:
    return [json.loads(line) for line in out.getvalue().splitlines()]


@pytest.mark.django_db
def test_every_request_gets_an_id_in_its_answer_and_its_log_line(client: Client, json_log: io.StringIO) -> None:
    response = client.get("/register/personer/?q=Amina+Haddad+199001011234")
    rid = response["X-Request-ID"]
    assert len(rid) == 32
    [line] = [entry for entry in _lines(json_log) if entry["logger"] == "lika.request"]
    assert line["request_id"] == rid
    assert (line["method"], line["status"]) == ("GET", response.status_code)
    assert isinstance(line["duration_ms"], float)
    text = json_log.getvalue()
    assert "Amina" not in text
    assert "199001011234" not in text
    assert "q=" not in text
    assert client.get("/health/", headers={"x-request-id": "proxy-abc-12345"})["X-Request-ID"] == "proxy-abc-12345"
    assert client.get("/health/", headers={"x-request-id": "<script>"})["X-Request-ID"] != "<script>"


def test_a_log_line_masks_personal_numbers_mail_and_phones(json_log: io.StringIO) -> None:
    logging.getLogger("lika.test").warning(
        "Could not notify %s at %s or %s", "19900101-1234", "amina.haddad@example.org", "+46 70 123 45 67"
    )
    [line] = _lines(json_log)
    assert line["message"] == "Could not notify [masked] at [masked] or [masked]"
    assert line["level"] == "WARNING"
    assert "request_id" not in line, "outside a request there is no id"
    assert request_id() == ""


@pytest.mark.django_db
def test_metrics_need_the_token_and_are_off_without_one(client: Client, settings: Any) -> None:
    settings.LIKA_METRICS_TOKEN = ""
    assert client.get("/metrics").status_code == 404
    settings.LIKA_METRICS_TOKEN = TOKEN
    assert client.get("/metrics").status_code == 401
    assert client.get("/metrics", headers={"authorization": "Bearer wrong"}).status_code == 401


@pytest.mark.django_db
def test_metrics_give_request_latency_jobs_and_payment_runs(client: Client, settings: Any) -> None:
    settings.LIKA_METRICS_TOKEN = TOKEN
    client.get("/health/")
    with job_observe("registry-snapshot"):
        pass
    with pytest.raises(RuntimeError), job_observe("test-job-that-fails"):
        raise RuntimeError("the facts directory is full")
    response = client.get("/metrics", headers={"authorization": f"Bearer {TOKEN}"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain; version=0.0.4")
    text = response.content.decode()
    assert 'lika_http_request_duration_seconds_count{method="GET",route="health/",status="2xx"}' in text
    assert 'lika_job_failures_total{job="test-job-that-fails"} 1.0' in text
    assert 'lika_job_last_success_timestamp_seconds{job="registry-snapshot"}' in text
    assert 'lika_payment_runs{status="executed"} 0.0' in text
    assert "lika_payment_runs_executed_ore 0.0" in text


def test_a_scheduled_job_starts_through_the_lika_command_with_its_metrics() -> None:
    """The command times jobs before Django is set up: the metrics module must not need the apps (the kill test
    found a job that could not start)."""
    done = subprocess.run(
        [sys.executable, "-m", "lika", "registry-snapshot", "--help"],
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert "usage:" in done.stdout
