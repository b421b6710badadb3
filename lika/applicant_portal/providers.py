"""Which e-ID broker Min Sida logs in through: the configured one, else the development provider."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse

from lika.applicant_portal import dev_provider
from lika.core.oidc import ProviderConfig


def provider_config(request: HttpRequest) -> ProviderConfig | None:
    """The configured broker; else the development provider when it is enabled; else None."""
    configured = settings.LIKA_PORTAL_OIDC
    if configured["DISCOVERY_URL"]:
        return ProviderConfig(
            discovery_url=configured["DISCOVERY_URL"],
            client_id=configured["CLIENT_ID"],
            client_secret=configured["CLIENT_SECRET"],
            scopes=configured["SCOPES"],
            identity_claim=configured["PERSONAL_NUMBER_CLAIM"],
        )
    if settings.LIKA_PORTAL_DEV_PROVIDER:
        return ProviderConfig(
            discovery_url=request.build_absolute_uri(reverse("applicant_portal:dev_idp_discovery")),
            client_id=dev_provider.CLIENT_ID,
            client_secret=dev_provider.client_secret(),
            scopes=configured["SCOPES"],
            identity_claim=dev_provider.PERSONAL_NUMBER_CLAIM,
        )
    return None
