"""Writing very large values at once: the same bytes come back, on SQLite and on PostgreSQL."""

from __future__ import annotations

import pytest
from django.db import DataError, connection, transaction

from lika.core.bulk import large_fields_save
from lika.core.models import Job

pytestmark = pytest.mark.django_db


def test_large_fields_are_saved_whole_and_the_rest_of_the_row_is_left_alone() -> None:
    job = Job.objects.create(kind="lika.tests.bulk", title="Before", outcome="")
    # Megabytes of text with the characters a literal or COPY's text format would have to escape.
    outcome = "Rad\tmed\\tecken 'och' \"citat\"\nÅsa Ödegård – ✓\r\n" * 60_000
    job.outcome, job.reason, job.title = outcome, "Årsrapport\x7f", "Not saved"
    large_fields_save(job, ["outcome", "reason"])
    job.refresh_from_db()
    assert job.outcome == outcome
    assert job.reason == "Årsrapport\x7f"
    assert job.title == "Before"


def test_a_value_the_column_cannot_hold_is_refused_as_djangos_error_and_nothing_is_saved() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("SQLite does not hold a text column to its length; the error's wrapping is PostgreSQL's path")
    job = Job.objects.create(kind="lika.tests.bulk", title="Before", outcome="")
    job.kind = "k" * 10_000  # longer than the column holds
    with pytest.raises(DataError), transaction.atomic():
        large_fields_save(job, ["kind"])
    job.refresh_from_db()
    assert job.kind == "lika.tests.bulk"
