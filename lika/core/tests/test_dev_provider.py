"""The development providers' shared back channel reaches their back-channel views and nothing else."""

from __future__ import annotations

import pytest
from django.urls import reverse

from lika.core.dev_provider import InProcessHttpClient
from lika.core.oidc import OidcError

pytestmark = pytest.mark.django_db

HOST = "http://testserver"


@pytest.mark.parametrize("name", ["accounts:dev_idp_discovery", "applicant_portal:dev_idp_discovery"])
def test_the_back_channel_reads_each_providers_discovery_document(name: str) -> None:
    document = InProcessHttpClient().get_json(f"{HOST}{reverse(name)}")
    assert document["code_challenge_methods_supported"] == ["S256"]
    assert document["token_endpoint"].startswith(HOST)


@pytest.mark.parametrize(
    "name", ["accounts:login", "accounts:dev_idp_authorize", "applicant_portal:dev_idp_authorize", "core:health"]
)
def test_the_back_channel_refuses_every_other_page(name: str) -> None:
    with pytest.raises(OidcError) as refused:
        InProcessHttpClient().get_json(f"{HOST}{reverse(name)}")
    assert refused.value.reason == "provider_unreachable"


def test_the_staff_provider_says_which_acr_values_it_knows() -> None:
    document = InProcessHttpClient().get_json(f"{HOST}{reverse('accounts:dev_idp_discovery')}")
    assert "https://refeds.org/profile/mfa" in document["acr_values_supported"]
