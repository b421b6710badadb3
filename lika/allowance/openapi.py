"""The OpenAPI 3.1 description of the quote API, served at ``/api/allowance/openapi.json``.

Written by hand beside the view it describes (:mod:`lika.allowance.api`), and held to it by
``lika/allowance/tests/test_openapi.py``: every request the tests send is checked against the request
schema, every answer against the schema of its status, and the fields against the rules' own lists.
The limits in it are the deployment's settings, read when the document is asked for.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings

from lika.allowance.rules.quote import MAX_HOUSEHOLDS, MAX_ID_LENGTH, MAX_PERSONS_PER_HOUSEHOLD, MAX_PROBLEMS

DATE = {"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"}
IDENTIFIER = {"type": ["string", "integer"], "description": f"At most {MAX_ID_LENGTH} characters."}
ORE = {"type": "integer", "description": "An amount in öre (1/100 krona)."}

PERSON: dict[str, Any] = {
    "type": "object",
    "required": ["id", "birth_date"],
    "additionalProperties": False,
    "properties": {
        "id": {**IDENTIFIER, "description": "The person's id within the household."},
        "birth_date": {**DATE, "description": "Born on or before the month's first day."},
        "partner": {**IDENTIFIER, "description": "The id of the spouse or partner; partners name each other."},
        "parents": {
            "type": "array",
            "items": IDENTIFIER,
            "description": "Ids of the person's parents in the household; a parent is an adult older than the child.",
        },
        "eligible": {"type": "boolean", "default": True, "description": "Covered by LMA for the month."},
        "reduction_ore_per_day": {
            "type": "integer",
            "minimum": 0,
            "maximum": 10**9,
            "default": 0,
            "description": "An adult's decided reduction, in öre a day.",
        },
    },
}
HOUSEHOLD: dict[str, Any] = {
    "type": "object",
    "required": ["month", "food_included", "persons"],
    "additionalProperties": False,
    "properties": {
        "id": {**IDENTIFIER, "description": "The caller's label, given back in the answer."},
        "month": {"type": "string", "pattern": r"^\d{4}-\d{2}$", "description": "The month quoted, YYYY-MM."},
        "food_included": {"type": "boolean", "description": "Whether the accommodation includes food."},
        "persons": {"type": "array", "minItems": 1, "maxItems": MAX_PERSONS_PER_HOUSEHOLD, "items": PERSON},
    },
}
STEP: dict[str, Any] = {
    "type": "object",
    "required": ["kind", "first_day", "last_day", "days", "category", "amount_ore", "text"],
    "description": "One step of the working behind a person's amount: which days, which rate, the paragraph applied.",
    "properties": {
        "kind": {"enum": ["own", "child_share", "own_card_child"]},
        "first_day": DATE,
        "last_day": DATE,
        "days": {"type": "integer", "minimum": 0},
        "category": {
            "enum": [
                "child",
                "adult_single",
                "adult_partner",
                "adult_shared_household",
                "young_adult_with_parents",
                "not_eligible",
            ]
        },
        "age": {"type": "integer"},
        "food_included": {"type": "boolean"},
        "rate_ore": ORE,
        "halved": {"type": "boolean"},
        "child_rank": {"type": ["integer", "null"]},
        "reduction_requested_ore": ORE,
        "reduction_ore": ORE,
        "daily_ore": ORE,
        "amount_ore": ORE,
        "share_ore": ORE,
        "child": {**IDENTIFIER, "description": "For a share of a child's allowance: the child's id."},
        "payees": {"type": "integer", "minimum": 1},
        "parameter": {"type": ["string", "null"]},
        "parameter_version": DATE,
        "reference": {"type": ["string", "null"], "description": "The legal source of the rate."},
        "halving_reference": {"type": "string"},
        "reduction_reference": {"type": "string"},
        "text": {"type": "string", "description": "The step in a sentence, in Swedish or English (Accept-Language)."},
    },
}
ANSWER: dict[str, Any] = {
    "type": "object",
    "required": ["month", "total_ore", "persons"],
    "additionalProperties": False,
    "properties": {
        "id": IDENTIFIER,
        "month": {"type": "string", "pattern": r"^\d{4}-\d{2}$"},
        "total_ore": {**ORE, "description": "The household's allowance, every person's own amount added up."},
        "persons": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["id", "allowance_ore", "payout_ore", "explanation"],
                "additionalProperties": False,
                "properties": {
                    "id": IDENTIFIER,
                    "allowance_ore": {**ORE, "description": "The person's own allowance for the month."},
                    "payout_ore": {
                        **ORE,
                        "description": "What lands on the person's own card: their own allowance and their share of "
                        "their children's.",
                    },
                    "explanation": {"type": "array", "items": {"$ref": "#/components/schemas/Step"}},
                },
            },
        },
    },
}
ERRORS: dict[str, Any] = {
    "type": "object",
    "required": ["errors"],
    "additionalProperties": False,
    "properties": {
        "errors": {
            "type": "array",
            "minItems": 1,
            "maxItems": MAX_PROBLEMS,
            "items": {
                "type": "object",
                "required": ["field", "message"],
                "additionalProperties": False,
                "properties": {
                    "household": {"type": "integer", "minimum": 1, "description": "Which household, counted from 1."},
                    "household_id": {"type": ["string", "null"]},
                    "person": {"type": ["string", "null"]},
                    "field": {
                        "type": "string",
                        "description": "The field that is wrong; (body) for the request as a whole, (authorization) "
                        "for the token or the request limit.",
                    },
                    "line": {"type": ["integer", "null"], "description": "For a body that is not UTF-8: its line."},
                    "message": {"type": "string"},
                },
            },
        },
        "more_errors": {"type": "integer", "minimum": 0, "description": "Problems found but not listed."},
    },
}
RATE_HEADERS = {
    name: {"schema": {"type": "integer"}, "description": description}
    for name, description in (
        ("RateLimit-Limit", "Requests allowed a minute for this caller."),
        ("RateLimit-Remaining", "Requests left in this minute."),
        ("RateLimit-Reset", "Seconds until the count starts again."),
    )
}


def _error(description: str, *, retry: bool = False) -> dict[str, Any]:
    headers = dict(RATE_HEADERS)
    if retry:
        headers["Retry-After"] = {"schema": {"type": "integer"}, "description": "Seconds to wait."}
    return {
        "description": description,
        "headers": headers,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Errors"}}},
    }


def openapi_document(server: str) -> dict[str, Any]:
    """The description, with ``server`` (Lika's address) as the server and the deployment's limits."""
    anonymous_kb = settings.LIKA_API_ANONYMOUS_MAX_BYTES // 1024
    anonymous_rate = settings.LIKA_API_ANONYMOUS_PER_MINUTE
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Lika: LMA daily allowance quote",
            "version": "1",
            "summary": "The month's LMA daily allowance for households described in the request, person by person.",
            "description": (
                "Computes what the rules give for the households sent; reads nothing from the registry and "
                "stores nothing. Every adult's own allowance and what lands on their own card are given apart. "
                f"Anyone may call it: without a token, {anonymous_rate} requests a minute per address and "
                f"{anonymous_kb} KB a request. An integrating system gets a token from the agency's Lika "
                "administrator, with a limit of its own and requests of up to "
                f"{MAX_HOUSEHOLDS:_} households.".replace("_", " ")
            ),
            "license": {"name": "AGPL-3.0-or-later", "identifier": "AGPL-3.0-or-later"},
        },
        "servers": [{"url": server}],
        "security": [{}, {"token": []}],
        "paths": {
            "/api/allowance/quote": {
                "post": {
                    "operationId": "quote",
                    "summary": "Quote one household or a list of households",
                    "parameters": [
                        {
                            "name": "Accept-Language",
                            "in": "header",
                            "schema": {"type": "string"},
                            "description": "sv for Swedish explanation texts; anything else gives English.",
                        }
                    ],
                    "requestBody": {
                        "required": True,
                        "content": {
                            "application/json": {
                                "schema": {"$ref": "#/components/schemas/QuoteRequest"},
                                "example": {
                                    "id": "H1",
                                    "month": "2026-12",
                                    "food_included": False,
                                    "persons": [
                                        {"id": "a", "birth_date": "1990-05-01", "partner": "b"},
                                        {"id": "b", "birth_date": "1991-02-11", "partner": "a"},
                                        {"id": "c", "birth_date": "2019-08-30", "parents": ["a", "b"]},
                                    ],
                                },
                            }
                        },
                    },
                    "responses": {
                        "200": {
                            "description": "The quote: one answer for one household, a list in the same order for a list.",
                            "headers": RATE_HEADERS,
                            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/QuoteAnswer"}}},
                        },
                        "400": _error("The request is not valid; every problem names its household, person and field."),
                        "401": _error(
                            "The Authorization header or the token is not accepted (wrong, revoked, expired)."
                        ),
                        "413": _error("The request is larger than the caller may send."),
                        "415": _error("The request is not sent as application/json."),
                        "429": _error("Too many requests from this caller this minute.", retry=True),
                    },
                }
            },
            "/api/allowance/openapi.json": {
                "get": {
                    "operationId": "openapi",
                    "summary": "This description",
                    "security": [{}],
                    "responses": {"200": {"description": "OpenAPI 3.1", "content": {"application/json": {}}}},
                }
            },
        },
        "components": {
            "securitySchemes": {
                "token": {
                    "type": "http",
                    "scheme": "bearer",
                    "description": "A token the agency's Lika administrator issued to the calling system (lika_…).",
                }
            },
            "schemas": {
                "Household": HOUSEHOLD,
                "Person": PERSON,
                "QuoteRequest": {
                    "oneOf": [
                        {"$ref": "#/components/schemas/Household"},
                        {
                            "type": "array",
                            "minItems": 1,
                            "maxItems": MAX_HOUSEHOLDS,
                            "items": {"$ref": "#/components/schemas/Household"},
                        },
                    ]
                },
                "Answer": ANSWER,
                "QuoteAnswer": {
                    "oneOf": [
                        {"$ref": "#/components/schemas/Answer"},
                        {"type": "array", "items": {"$ref": "#/components/schemas/Answer"}},
                    ]
                },
                "Step": STEP,
                "Errors": ERRORS,
            },
        },
    }
