"""Payments are marked paid in place: no index on the status, and on PostgreSQL pages kept half free for the update."""

from django.db import migrations

# Half of each page is left free when rows are written, so that each payment's one update (pending to paid,
# or held) fits on its own page: PostgreSQL then changes no index (a heap-only tuple update).
PAYMENT_FILLFACTOR = 50


def pages_half_free(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"ALTER TABLE allowance_payment SET (fillfactor = {PAYMENT_FILLFACTOR})")


def pages_full(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE allowance_payment RESET (fillfactor)")


class Migration(migrations.Migration):
    dependencies = [
        ("allowance", "0005_impact_assessment"),
    ]

    operations = [
        migrations.RemoveIndex(model_name="payment", name="payment_run_status_idx"),
        migrations.RunPython(pages_half_free, pages_full),
    ]
