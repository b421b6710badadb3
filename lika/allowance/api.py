"""``POST /api/allowance/quote``: the quote as a web service for officers' tools and other systems.

The endpoint reads nothing from the registry and writes nothing: it computes what the rules give
for the households in the request. It therefore needs no login and no CSRF token, and is the same
calculation as ``lika allowance quote``.
"""

from __future__ import annotations

import json

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import translation
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from lika.accounts.access import public_view
from lika.allowance import explanations
from lika.allowance.rules.parameters import parameters_load
from lika.allowance.rules.quote import QuoteError, quote

MAX_BODY_BYTES = 20 * 1024 * 1024


@public_view
@csrf_exempt
@require_POST
def quote_view(request: HttpRequest) -> HttpResponse:
    if request.content_type != "application/json":
        return JsonResponse(
            {"errors": [{"field": "(body)", "message": "Send JSON with Content-Type: application/json."}]}, status=415
        )
    if len(request.body) > MAX_BODY_BYTES:
        return JsonResponse(
            {"errors": [{"field": "(body)", "message": "The request is larger than 20 MB."}]}, status=413
        )
    try:
        payload = json.loads(request.body)
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        return JsonResponse({"errors": [{"field": "(body)", "message": f"Not valid JSON: {error}"}]}, status=400)
    try:
        answers = quote(payload, parameters_load())
    except QuoteError as error:
        problems = [
            {
                "household": p.household + 1,
                "household_id": p.household_id,
                "person": p.person,
                "field": p.field,
                "message": p.message,
                "text": str(p),
            }
            for p in error.problems
        ]
        return JsonResponse({"errors": problems}, status=400)
    language = "sv" if (translation.get_language() or "").startswith("sv") else "en"
    with translation.override(language):
        explanations.texts_add(answers)
    body = answers if isinstance(payload, list) else answers[0]
    return JsonResponse(body, safe=False, json_dumps_params={"ensure_ascii": False})
