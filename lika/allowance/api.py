"""``POST /api/allowance/quote``: the quote as a web service for officers' tools and other systems.

The endpoint reads nothing from the registry and writes nothing: it computes what the rules give
for the households in the request. It therefore needs no login and no CSRF token, and is the same
calculation as ``lika allowance quote``.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import translation
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from lika.accounts.access import public_view
from lika.allowance import explanations
from lika.allowance.rules.parameters import parameters_load
from lika.allowance.rules.quote import QuoteError, QuoteInputError, quote, quote_json

# 100,000 households (the most one quote takes) are about 25 MB of JSON.
MAX_BODY_BYTES = 32 * 1024 * 1024


@public_view
@csrf_exempt
@require_POST
def quote_view(request: HttpRequest) -> HttpResponse:
    if request.content_type != "application/json":
        return JsonResponse(
            {"errors": [{"field": "(body)", "message": "Send JSON with Content-Type: application/json."}]}, status=415
        )
    too_large = JsonResponse(
        {"errors": [{"field": "(body)", "message": "The request is larger than 32 MB."}]}, status=413
    )
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = MAX_BODY_BYTES + 1
    if length > MAX_BODY_BYTES:
        return too_large
    # Read the stream, not request.body, whose general limit (DATA_UPLOAD_MAX_MEMORY_SIZE, 2.5 MB)
    # is set for forms; this endpoint's own limit is the one above.
    body = request.read(MAX_BODY_BYTES + 1)
    if len(body) > MAX_BODY_BYTES:
        return too_large
    try:
        payload = quote_json(body)
    except QuoteInputError as error:
        return JsonResponse({"errors": [{"field": "(body)", "message": str(error)}]}, status=400)
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
            }
            for p in error.problems
        ]
        return JsonResponse({"errors": problems, "more_errors": error.more}, status=400)
    language = "sv" if (translation.get_language() or "").startswith("sv") else "en"
    with translation.override(language):
        explanations.texts_add(answers)
    answer = answers if isinstance(payload, list) else answers[0]
    return JsonResponse(answer, safe=False, json_dumps_params={"ensure_ascii": False})
