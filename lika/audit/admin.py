"""The audit trail in Django's admin, read-only."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import Model
from django.http import HttpRequest

from lika.audit.models import AuditEvent


class ReadOnlyAdmin(admin.ModelAdmin[Any]):
    """An admin page that shows but never writes: writes go through the services."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    list_display = ("occurred_at", "actor_label", "channel", "action", "object_type", "object_id")
    list_filter = ("action", "channel")
    search_fields = ("object_id", "actor_label")
