from __future__ import annotations

import hmac

from django.apps import apps
from django.conf import settings
from django.db import connection
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from lika.core.access import StaffRequest, public_view, staff_view
from lika.core.metrics import metrics_text


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


@public_view
def metrics(request: HttpRequest) -> HttpResponse:
    """``/metrics``, for the hosting team's Prometheus; only with the bearer token ``LIKA_METRICS_TOKEN``."""
    expected = settings.LIKA_METRICS_TOKEN
    if not expected:
        raise Http404
    given = request.headers.get("Authorization", "")
    if not hmac.compare_digest(given.encode(), f"Bearer {expected}".encode()):
        response = HttpResponse("Send the metrics token: Authorization: Bearer <token>.\n", status=401)
        response["WWW-Authenticate"] = 'Bearer realm="lika-metrics"'
        return response
    return HttpResponse(metrics_text(), content_type="text/plain; version=0.0.4; charset=utf-8")
