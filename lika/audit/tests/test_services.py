"""An audit event is added by one INSERT written once, and is the event the ORM then reads back."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import DatabaseError, connection, transaction
from django.db.models import Model
from django.db.models.signals import post_save, pre_save
from django.test.utils import CaptureQueriesContext

from lika.accounts.models import User
from lika.audit import services
from lika.audit.actions import Action
from lika.audit.models import AuditEvent, Channel
from lika.audit.services import audit_event_record


def test_audit_events_have_no_save_of_their_own_that_the_insert_would_skip() -> None:
    assert AuditEvent.save is Model.save
    assert not AuditEvent._meta.parents


@pytest.mark.django_db
def test_the_save_signals_go_out_as_for_a_save() -> None:
    heard: list[tuple[str, object, bool | None]] = []

    def before(instance: AuditEvent, **kwargs: Any) -> None:
        heard.append(("pre", instance.pk, None))

    def after(instance: AuditEvent, created: bool, **kwargs: Any) -> None:
        heard.append(("post", instance.pk, created))

    pre_save.connect(before, sender=AuditEvent, weak=False)
    post_save.connect(after, sender=AuditEvent, weak=False)
    try:
        event = audit_event_record(
            actor=None, actor_label="job", action=Action.PORTAL_DECISION_OPEN, target=("a.b", "1"), reason="R"
        )
    finally:
        pre_save.disconnect(before, sender=AuditEvent)
        post_save.disconnect(after, sender=AuditEvent)
    assert heard == [("pre", None, None), ("post", event.pk, True)]


@pytest.mark.django_db
def test_an_event_is_one_insert_and_reads_back_whole() -> None:
    with CaptureQueriesContext(connection) as queries:
        event = audit_event_record(
            actor=None,
            actor_label="job",
            action=Action.PORTAL_DECISION_OPEN,
            target=("allowance.decision", "42"),
            reason="  Opened in Min Sida ",
            details={"person": 7, "form": "pdf", "language": "ar"},
            channel=Channel.COMMAND,
            os_user="alice",
        )
    assert [q["sql"].split(" ", 1)[0] for q in queries.captured_queries] == ["INSERT"]
    assert event.pk is not None
    assert not event._state.adding
    stored = AuditEvent.objects.get(pk=event.pk)
    assert (stored.actor_id, stored.actor_label, stored.action, stored.object_type, stored.object_id) == (
        None,
        "job",
        Action.PORTAL_DECISION_OPEN,
        "allowance.decision",
        "42",
    )
    assert (stored.reason, stored.details, stored.channel, stored.os_user) == (
        "Opened in Min Sida",
        {"person": 7, "form": "pdf", "language": "ar"},
        Channel.COMMAND,
        "alice",
    )
    assert stored.occurred_at == event.occurred_at
    assert stored.occurred_at.tzinfo is not None


@pytest.mark.django_db
def test_two_events_get_two_keys() -> None:
    first, second = (
        audit_event_record(
            actor=None, actor_label="job", action=Action.PORTAL_DECISION_OPEN, target=("a.b", str(n)), reason="R"
        )
        for n in range(2)
    )
    assert first.pk != second.pk
    assert AuditEvent.objects.filter(pk__in=[first.pk, second.pk]).count() == 2


@pytest.mark.django_db
def test_an_unsaved_actor_is_refused_not_stored_as_nobody() -> None:
    with pytest.raises(ValueError, match="unsaved"):
        audit_event_record(
            actor=User(username="not-saved"), action=Action.PORTAL_DECISION_OPEN, target=("a.b", "1"), reason="R"
        )
    assert not AuditEvent.objects.exists()


@pytest.mark.django_db
def test_a_failed_insert_marks_the_transaction_for_rollback(monkeypatch: pytest.MonkeyPatch) -> None:
    """As with save(): a caller who catches the error cannot commit the transaction without its event."""
    sql, fields = services._insert_sql(connection.vendor)
    monkeypatch.setattr(
        services, "_insert_sql", lambda vendor: (sql.replace("audit_auditevent", "no_such_table"), fields)
    )
    with transaction.atomic():
        with pytest.raises(DatabaseError):
            audit_event_record(
                actor=None, actor_label="job", action=Action.PORTAL_DECISION_OPEN, target=("a.b", "1"), reason="R"
            )
        assert transaction.get_rollback()
    # The block was rolled back as it ended, and the test's own transaction goes on.
    assert not AuditEvent.objects.exists()
