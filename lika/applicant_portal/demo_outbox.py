"""The demo's inbox: the codes and notices Lika "sent", for whoever tries Min Sida without a phone.

It exists only where ``settings.LIKA_PORTAL_DEV_PROVIDER`` is on (the demo and the tests), like the
development e-ID provider; elsewhere it answers 404. The messages come from the demo's mail and SMS
backends (:mod:`lika.applicant_portal.notify`) and are kept in the web process's memory only.
"""

from __future__ import annotations

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from lika.accounts.access import public_view
from lika.applicant_portal.notify import DEMO_OUTBOX

SHOWN = 10


@public_view
@require_safe
def demo_outbox(request: HttpRequest) -> HttpResponse:
    if not settings.LIKA_PORTAL_DEV_PROVIDER:
        raise Http404
    messages = list(reversed(DEMO_OUTBOX))[:SHOWN]
    response = render(request, "applicant_portal/demo_outbox.html", {"outbox": messages})
    response["Cache-Control"] = "no-store"
    return response
