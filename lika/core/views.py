from __future__ import annotations

from django.apps import apps
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from lika.core.access import StaffRequest, public_view, staff_view


@staff_view()
def start(request: StaffRequest) -> HttpResponse:
    """The staff start page: what Lika holds today, split by sex.

    Each part that has something to show there says so through its app's ``start_page_context``,
    so that the ground floor needs to know no part.
    """
    context: dict[str, object] = {}
    for config in apps.get_app_configs():
        part_context = getattr(config, "start_page_context", None)
        if part_context is not None:
            context.update(part_context(request))
    return render(request, "core/start.html", context)


@public_view
@never_cache
def health(request: HttpRequest) -> JsonResponse:
    """Says whether Lika and its database answer. Holds no personal data."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # noqa: BLE001 - any failure means the database is not usable
        return JsonResponse({"status": "error", "database": "unavailable"}, status=503)
    return JsonResponse({"status": "ok", "database": connection.vendor})
