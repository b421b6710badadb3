from __future__ import annotations

import hmac
import uuid

from django.apps import apps
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import connection
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe

from lika.core.access import StaffRequest, public_view, staff_view
from lika.core.jobs import job_restart, job_visible_to, jobs_visible
from lika.core.metrics import metrics_text
from lika.core.models import Job


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


def _job(request: StaffRequest, job_id: uuid.UUID) -> Job:
    """The job ``job_id`` if this member of staff may follow it; 404 otherwise (no hint that it exists)."""
    job = Job.objects.filter(pk=job_id).first()
    if job is None or not job_visible_to(job, request.user):
        raise Http404
    return job


@staff_view()
@require_safe
@never_cache
def job_list(request: StaffRequest) -> HttpResponse:
    """The jobs this member of staff started, newest first."""
    return render(request, "core/job_list.html", {"jobs": jobs_visible(request.user)})


@staff_view()
@require_safe
@never_cache
def job(request: StaffRequest, job_id: uuid.UUID) -> HttpResponse:
    """One job: how far it has come and how it ended. A script refreshes its status while it runs;
    without scripts the page says so and offers a link to look again."""
    return render(request, "core/job.html", {"job": _job(request, job_id)})


@staff_view()
@require_POST
def job_start_again(request: StaffRequest, job_id: uuid.UUID) -> HttpResponse:
    """Starts a job that stopped by an error again; it does only what is still undone."""
    found = _job(request, job_id)
    try:
        job_restart(found)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("core:job", job_id=found.pk)


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
