"""Writing audit events. Callers are services that already hold a transaction."""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import connection, models, transaction
from django.db.models.signals import post_save, pre_save
from django.utils.translation import gettext as _

from lika.audit.actions import Action
from lika.audit.models import AuditEvent, Channel

if TYPE_CHECKING:
    from lika.accounts.models import User


def audit_event_record(
    *,
    actor: User | None,
    action: Action,
    target: models.Model | tuple[str, str],
    reason: str,
    details: dict[str, Any] | None = None,
    actor_label: str = "",
    channel: Channel = Channel.WEB,
    os_user: str = "",
) -> AuditEvent:
    """Records that ``actor`` did ``action`` to ``target`` for ``reason``.

    ``target`` is a saved model instance or an explicit ``(object_type, object_id)`` pair. ``channel`` says
    how the act came in; a command also names the operating-system account that typed it (``os_user``).
    A write without a reason is refused: every change in Lika must say why.
    """
    if not reason or not reason.strip():
        raise ValidationError({"reason": _("Say why you make this change.")})
    if isinstance(target, models.Model):
        object_type = target._meta.label_lower
        object_id = str(target.pk)
    else:
        object_type, object_id = target
    if actor is not None:
        label = actor.get_username()
    elif actor_label:
        label = actor_label
    else:
        raise ValueError("A write by the system must name the job in actor_label.")
    event = AuditEvent(
        actor=actor,
        actor_label=label,
        action=action,
        object_type=object_type,
        object_id=object_id,
        reason=reason.strip(),
        details=details or {},
        channel=channel,
        os_user=os_user,
    )
    _event_insert(event)
    return event


@functools.cache
def _insert_sql(vendor: str) -> tuple[str, tuple[models.Field[Any, Any], ...]]:
    """The INSERT of one event with every field but the key, returning the key where the database can."""
    quote = connection.ops.quote_name
    meta = AuditEvent._meta
    # As the ORM's INSERT: neither the key nor a column the database generates.
    fields = tuple(field for field in meta.concrete_fields if not field.primary_key and not field.generated)
    columns = ", ".join(quote(field.column) for field in fields)
    placeholders = ", ".join("%s" for _ in fields)
    # Table and column names come from the model's _meta and are quoted; every value is a parameter.
    sql = f"INSERT INTO {quote(meta.db_table)} ({columns}) VALUES ({placeholders})"  # noqa: S608
    if connection.features.can_return_columns_from_insert:
        sql += f" RETURNING {quote(meta.pk.column)}"
    return sql, fields


def _event_insert(event: AuditEvent) -> None:
    """Adds the new event as ``event.save()`` would, by an INSERT written once per process.

    An event is recorded with nearly every page a person opens in Min Sida, and building the ORM's
    INSERT cost more than running it (decision 0029). The values pass through the fields' own
    ``pre_save`` and ``get_db_prep_save``, and the save signals go out as ``save()`` sends them; audit
    events have no save() of their own (a test keeps it so).
    """
    sql, fields = _insert_sql(connection.vendor)
    # As save(): an actor not saved yet is refused rather than stored as nobody.
    if event.actor_id is None and event.actor is not None:
        raise ValueError(f"The audit event's actor {event.actor} is unsaved; save the user first.")
    pre_save.send(sender=AuditEvent, instance=event, raw=False, using=connection.alias, update_fields=None)
    values = [field.get_db_prep_save(field.pre_save(event, True), connection) for field in fields]
    # As save(): a failed INSERT inside a transaction marks it for rollback, so it cannot commit without the event.
    with transaction.mark_for_rollback_on_error(connection.alias), connection.cursor() as cursor:
        cursor.execute(sql, values)
        key = (
            cursor.fetchone()[0]
            if connection.features.can_return_columns_from_insert
            else connection.ops.last_insert_id(cursor, AuditEvent._meta.db_table, AuditEvent._meta.pk.column)
        )
    event.pk = key
    event._state.adding = False
    event._state.db = connection.alias
    post_save.send(
        sender=AuditEvent, instance=event, created=True, raw=False, using=connection.alias, update_fields=None
    )
