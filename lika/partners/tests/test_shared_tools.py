"""The tools the agency shares with its partners: kept by communicators, listed on every organisation's page."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from lika.accounts.models import User
from lika.accounts.roles import Role
from lika.audit.acting import Acting
from lika.partners import services
from lika.partners.models import Organisation, OrganisationKind, SharedTool

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english(english: None) -> None:
    """Messages are checked in English."""


def test_a_tool_needs_a_name_a_use_and_an_address(make_staff: Callable[..., User]) -> None:
    communicator = Acting(actor=make_staff(Role.COMMUNICATOR, username="c"), reason="Shared in the network")
    with pytest.raises(ValidationError) as refused:
        services.shared_tool_save(
            acting=communicator, tool=None, name="", description="", address="ftp://x", languages="", active=True
        )
    assert set(refused.value.message_dict) == {"name", "description", "address"}
    assert not SharedTool.objects.exists()
    officer = Acting(actor=make_staff(Role.CASE_OFFICER, username="o"), reason="Try")
    with pytest.raises(ValidationError, match="may not"):
        services.shared_tool_save(
            acting=officer, tool=None, name="X", description="Y", address="https://x.example", languages="", active=True
        )


def test_every_organisation_page_lists_the_shared_tools(make_staff: Callable[..., User], client: Client) -> None:
    communicator = make_staff(Role.COMMUNICATOR, username="c")
    organisation = Organisation.objects.create(kind=OrganisationKind.CIVIL_SOCIETY, name="Föreningen")
    client.force_login(communicator)
    saved = client.post(
        "/samverkan/verktyg/nytt/",
        {
            "name": "Information Sverige",
            "description": "Samhällsorientering på många språk.",
            "address": "https://www.informationsverige.se/",
            "active": "on",
            "reason": "Delas i nätverket",
        },
    )
    assert saved.status_code == 302
    page = client.get(f"/samverkan/{organisation.pk}/").content.decode()
    assert 'href="https://www.informationsverige.se/"' in page
    tool = SharedTool.objects.get()
    ended = client.post(
        f"/samverkan/verktyg/{tool.pk}/",
        {"name": tool.name, "description": tool.description, "address": tool.address, "reason": "Slutat dela"},
    )
    assert ended.status_code == 302
    assert (
        'href="https://www.informationsverige.se/"' not in client.get(f"/samverkan/{organisation.pk}/").content.decode()
    )
    client.force_login(make_staff(Role.CASE_OFFICER, username="o"))
    assert client.get("/samverkan/verktyg/").status_code == 200
    assert client.get("/samverkan/verktyg/nytt/").status_code == 403
