from __future__ import annotations

from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from lika.accounts.access import public_view, staff_view
from lika.people.selectors import registry_summary_latest


@staff_view()
def start(request: HttpRequest) -> HttpResponse:
    """The staff start page: what Lika holds today, split by sex."""
    may_see_figures = request.user.has_perm("people.view_registry_statistics")
    summary = registry_summary_latest() if may_see_figures else None
    return render(request, "core/start.html", {"summary": summary, "may_see_figures": may_see_figures})


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
