"""Which identity provider staff sign in through: the agency's, else the development provider."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse

from lika.accounts import dev_provider
from lika.core.oidc import ProviderConfig


def staff_provider_config(request: HttpRequest) -> ProviderConfig | None:
    """The agency's provider when configured; else the development provider when it is enabled; else None."""
    configured = settings.LIKA_STAFF_OIDC
    if configured["DISCOVERY_URL"]:
        return ProviderConfig(
            discovery_url=configured["DISCOVERY_URL"],
            client_id=configured["CLIENT_ID"],
            client_secret=configured["CLIENT_SECRET"],
            scopes=configured["SCOPES"],
            identity_claim=configured["USERNAME_CLAIM"],
            acr_values=tuple(configured["ACR_VALUES"].split()),
        )
    if settings.LIKA_STAFF_DEV_PROVIDER:
        return ProviderConfig(
            discovery_url=request.build_absolute_uri(reverse("accounts:dev_idp_discovery")),
            client_id=dev_provider.CLIENT_ID,
            client_secret=dev_provider.client_secret(),
            scopes=configured["SCOPES"],
            identity_claim=dev_provider.USERNAME_CLAIM,
            acr_values=(dev_provider.ACR_MULTI_FACTOR,),
        )
    return None
