"""The quote API's OpenAPI description matches the API: its paths, its fields, and what the API really answers."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from jsonschema import Draft202012Validator

from lika.allowance.rules.quote import _HOUSEHOLD_KEYS, _PERSON_KEYS
from lika.audit.acting import Acting
from lika.integrations.services import api_token_issue

QUOTE = "/api/allowance/quote"
FAMILY: dict[str, Any] = {
    "id": "H1",
    "month": "2026-12",
    "food_included": False,
    "persons": [
        {"id": "a", "birth_date": "1990-05-01", "partner": "b"},
        {"id": "b", "birth_date": "1991-02-11", "partner": "a"},
        {"id": "c", "birth_date": "2019-08-30", "parents": ["a", "b"]},
        {"id": "d", "birth_date": "2004-03-01", "parents": ["a"], "eligible": True},
        {"id": "e", "birth_date": "1960-01-01", "reduction_ore_per_day": 500},
    ],
}


@pytest.fixture
def document(client: Client) -> dict[str, Any]:
    response = client.get("/api/allowance/openapi.json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    served: dict[str, Any] = response.json()
    return served


def _validator(document: dict[str, Any], schema: str) -> Draft202012Validator:
    # The description's own components, under a root that points into them, so that its $refs resolve as written.
    return Draft202012Validator({"$ref": f"#/components/schemas/{schema}", "components": document["components"]})


def _assert_valid(document: dict[str, Any], schema: str, instance: Any) -> None:
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in _validator(document, schema).iter_errors(instance)]
    assert not errors, errors


def _response_schema(document: dict[str, Any], status: int) -> str:
    content = document["paths"][QUOTE]["post"]["responses"][str(status)]["content"]["application/json"]
    return str(content["schema"]["$ref"]).rsplit("/", 1)[1]


@pytest.mark.django_db
def test_the_description_is_served_as_openapi_3_1_with_valid_schemas(document: dict[str, Any]) -> None:
    assert document["openapi"] == "3.1.0"
    assert document["servers"] == [{"url": "http://testserver"}]
    for schema in document["components"]["schemas"].values():
        Draft202012Validator.check_schema(schema)


@pytest.mark.django_db
def test_every_path_described_is_an_api_address_and_every_api_address_is_described(document: dict[str, Any]) -> None:
    [api] = [
        p for p in get_resolver().url_patterns if isinstance(p, URLResolver) and str(p.pattern) == "api/allowance/"
    ]
    addresses = {f"/api/allowance/{p.pattern}" for p in api.url_patterns if isinstance(p, URLPattern)}
    assert len(addresses) == 2
    assert set(document["paths"]) == addresses


@pytest.mark.django_db
def test_the_request_schema_has_exactly_the_fields_the_quote_reads(document: dict[str, Any]) -> None:
    schemas = document["components"]["schemas"]
    assert set(schemas["Household"]["properties"]) == _HOUSEHOLD_KEYS
    assert set(schemas["Person"]["properties"]) == _PERSON_KEYS


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["sv", "en"])
def test_the_example_and_real_answers_match_the_schemas(
    document: dict[str, Any], client: Client, language: str
) -> None:
    example = document["paths"][QUOTE]["post"]["requestBody"]["content"]["application/json"]["example"]
    for request in (example, FAMILY, [example, FAMILY]):
        _assert_valid(document, "QuoteRequest", request)
        response = client.post(QUOTE, request, content_type="application/json", headers={"accept-language": language})
        assert response.status_code == 200, response.content
        _assert_valid(document, _response_schema(document, 200), response.json())
        assert set(document["paths"][QUOTE]["post"]["responses"]["200"]["headers"]) <= set(response.headers)
    kinds = {
        step["kind"]
        for person in client.post(QUOTE, FAMILY, content_type="application/json").json()["persons"]
        for step in person["explanation"]
    }
    assert {"own", "child_share"} <= kinds, "the answers checked hold the step kinds a family has"


@pytest.mark.django_db
def test_every_refusal_is_described_and_matches_the_error_schema(
    document: dict[str, Any], client: Client, settings: Any
) -> None:
    described = {int(status) for status in document["paths"][QUOTE]["post"]["responses"]}
    bad = json.loads(json.dumps(FAMILY))
    bad["persons"][0]["shoe_size"] = 42
    refused = list(_validator(document, "QuoteRequest").iter_errors(bad))
    assert refused, "the schema refuses a field the quote does not know, as the quote does"
    answers = {
        400: client.post(QUOTE, bad, content_type="application/json"),
        401: client.post(QUOTE, FAMILY, content_type="application/json", headers={"authorization": "Bearer lika_0"}),
        413: client.post(QUOTE, " " * (settings.LIKA_API_ANONYMOUS_MAX_BYTES + 1), content_type="application/json"),
        415: client.post(QUOTE, "x=1", content_type="application/x-www-form-urlencoded"),
    }
    settings.LIKA_API_ANONYMOUS_PER_MINUTE = 0
    answers[429] = client.post(QUOTE, FAMILY, content_type="application/json", REMOTE_ADDR="192.0.2.99")
    assert set(answers) | {200} == described
    for status, response in answers.items():
        assert response.status_code == status, (status, response.content)
        _assert_valid(document, _response_schema(document, status), response.json())
        headers = document["paths"][QUOTE]["post"]["responses"][str(status)]["headers"]
        assert set(headers) <= set(response.headers), status


@pytest.mark.django_db
def test_the_description_gives_this_deployments_limits(client: Client, settings: Any) -> None:
    settings.LIKA_API_ANONYMOUS_PER_MINUTE = 7
    settings.LIKA_API_ANONYMOUS_MAX_BYTES = 10 * 1024
    text = client.get("/api/allowance/openapi.json").json()["info"]["description"]
    assert "7 requests a minute per address and 10 KB a request" in text


@pytest.mark.django_db
def test_a_system_with_a_token_is_described_and_served(
    document: dict[str, Any], client: Client, acting: Acting
) -> None:
    assert document["components"]["securitySchemes"]["token"] == {
        "type": "http",
        "scheme": "bearer",
        "description": document["components"]["securitySchemes"]["token"]["description"],
    }
    _token, text = api_token_issue(acting=acting, system="Kommunens ekonomisystem")
    response = client.post(
        QUOTE, [FAMILY] * 3, content_type="application/json", headers={"authorization": f"Bearer {text}"}
    )
    assert response.status_code == 200
    _assert_valid(document, "QuoteAnswer", response.json())
