"""``POST /api/allowance/quote``: the quote as a web service for officers' tools and other systems.

The endpoint reads nothing from the registry and writes nothing: it computes what the rules give
for the households in the request. It therefore needs no login and no CSRF token, and is the same
calculation as ``lika allowance quote``. It does cost work, so every caller is counted
(:mod:`lika.integrations.access`): anyone may send a small request a few times a minute, and an
integrating system with a token from an administrator sends up to ``MAX_BODY_BYTES`` within its own
limit. Its OpenAPI description is :mod:`lika.allowance.openapi`, served at ``openapi.json`` beside it.
"""

from __future__ import annotations

import orjson
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import translation
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from lika.accounts.access import public_view
from lika.allowance import explanations
from lika.allowance.openapi import openapi_document
from lika.allowance.rules.parameters import parameters_load
from lika.allowance.rules.quote import QuoteError, QuoteInputError, quote, quote_json
from lika.core import files as guard
from lika.core.collector import collection_paused
from lika.integrations.access import api_endpoint, request_caller

# 100,000 households (the most one quote takes) are about 25 MB of JSON.
MAX_BODY_BYTES = 32 * 1024 * 1024
BODY = "(body)"


def _body_error(refusal: guard.FileRefusedError) -> dict[str, object]:
    return {"field": BODY, "line": refusal.position, "message": refusal.message}


@public_view
@csrf_exempt
@require_POST
@api_endpoint
def quote_view(request: HttpRequest) -> HttpResponse:
    if request.content_type != "application/json":
        return JsonResponse(
            {"errors": [{"field": BODY, "message": "Send JSON with Content-Type: application/json."}]}, status=415
        )
    # The guard of every file Lika reads (lika/core/files.py): the size before the body is read, and the
    # encoding, with the line of the first byte that is not UTF-8.
    caller = request_caller(request)
    limit = guard.max_bytes(MAX_BODY_BYTES)
    capped = caller.max_body_bytes is not None and caller.max_body_bytes < limit
    if caller.max_body_bytes is not None:
        limit = min(limit, caller.max_body_bytes)
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = limit + 1
    # Read the stream, not request.body, whose general limit (DATA_UPLOAD_MAX_MEMORY_SIZE, 2.5 MB)
    # is set for forms; this endpoint's own limit is the one above.
    try:
        guard.size_check(length, file=BODY, limit=limit)
        body = request.read(limit + 1)
        guard.size_check(len(body), file=BODY, limit=limit)
    except guard.FileRefusedError:
        size = (
            f"{limit // 2**20} MB" if limit >= 2**20 else f"{limit // 2**10} KB" if limit >= 2**10 else f"{limit} bytes"
        )
        message = f"The request is larger than {size}."
        if capped:
            message += " Larger requests need a token: an integrating system can ask the agency for one."
        return JsonResponse({"errors": [{"field": BODY, "message": message}]}, status=413)
    try:
        text = guard.text_decode(body, file=BODY)
    except guard.FileRefusedError as refusal:
        return JsonResponse({"errors": [_body_error(refusal)]}, status=400)
    try:
        payload = quote_json(text)
    except QuoteInputError as error:
        return JsonResponse({"errors": [{"field": BODY, "message": str(error)}]}, status=400)
    try:
        with collection_paused():
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
    with translation.override(language), collection_paused():
        explanations.texts_add(answers)
    # orjson, as the command writes it: the same JSON (UTF-8, no ASCII escapes) without spaces, ten times faster.
    return HttpResponse(
        orjson.dumps(answers if isinstance(payload, list) else answers[0]), content_type="application/json"
    )


@public_view
@require_GET
def openapi_view(request: HttpRequest) -> HttpResponse:
    """The quote API's OpenAPI description, with this server's address and this deployment's limits."""
    return JsonResponse(openapi_document(request.build_absolute_uri("/").rstrip("/")), json_dumps_params={"indent": 1})
