"""The payment runs' figures for the hosting team's metrics, read from the runs themselves at each scrape."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Count, Sum
from prometheus_client import Metric
from prometheus_client.core import GaugeMetricFamily

from lika.allowance.models import PaymentRun, RunStatus


def payment_run_metrics() -> Iterable[Metric]:
    """Runs by status, and what executed runs paid and held (counts and öre) — no person."""
    by_status = dict(PaymentRun.objects.values_list("status").annotate(n=Count("id")).values_list("status", "n"))
    runs = GaugeMetricFamily("lika_payment_runs", "Payment runs by status.", labels=["status"])
    for status in RunStatus:
        runs.add_metric([status.value], by_status.get(status.value, 0))
    yield runs
    executed = PaymentRun.objects.filter(status=RunStatus.EXECUTED).aggregate(
        payments=Sum("payments_count"), paid=Sum("total_ore"), held=Sum("held_count"), held_ore=Sum("held_ore")
    )
    for name, key, text in (
        ("lika_payment_runs_executed_payments", "payments", "Payments made by every executed run."),
        ("lika_payment_runs_executed_ore", "paid", "Öre paid by every executed run."),
        ("lika_payment_runs_executed_held_payments", "held", "Payments held back by executed runs."),
        ("lika_payment_runs_executed_held_ore", "held_ore", "Öre held back by executed runs."),
    ):
        yield GaugeMetricFamily(name, text, value=executed[key] or 0)
    last = PaymentRun.objects.filter(status=RunStatus.EXECUTED).order_by("-executed_at").first()
    if last is not None and last.executed_at is not None:
        yield GaugeMetricFamily(
            "lika_payment_run_last_executed_timestamp_seconds",
            "When the last run was executed (Unix time).",
            value=last.executed_at.timestamp(),
        )
