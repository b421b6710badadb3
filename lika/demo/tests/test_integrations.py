"""The demo's integrating systems: one token that works, one revoked pilot, issued once."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.test import Client

from lika.demo.integrations import demo_api_tokens
from lika.integrations.models import ApiToken


@pytest.mark.django_db
def test_the_demo_token_quotes_and_the_pilots_token_is_revoked(client: Client) -> None:
    cache.clear()
    [(system, token)] = demo_api_tokens()
    assert "Malmö" in system
    household = {"month": "2026-12", "food_included": False, "persons": [{"id": "a", "birth_date": "1980-01-01"}]}
    response = client.post(
        "/api/allowance/quote", household, content_type="application/json", headers={"authorization": f"Bearer {token}"}
    )
    assert response.status_code == 200
    assert response["RateLimit-Limit"] == "600"
    assert ApiToken.objects.filter(revoked_at__isnull=False).count() == 1
    assert demo_api_tokens() == [], "a second run issues no more tokens"
    assert ApiToken.objects.count() == 2
