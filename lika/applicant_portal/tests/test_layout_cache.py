"""Min Sida's menu, language list and layout addresses are made once per process, yet a language switch shows at once."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import translation

from lika.testing.portal import World, portal_client


def _current_language_button(page: str) -> str:
    found = re.search(r'value="(\w+)"[^>]*aria-current="true"', page)
    assert found is not None
    return found.group(1)


@pytest.mark.django_db
def test_a_language_switch_shows_in_the_menu_and_the_language_list_at_once(world: World) -> None:
    client = portal_client(world.amina, language="en")
    url = reverse("applicant_portal:timeline")
    english = client.get(url).content.decode()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "sv"
    swedish = client.get(url).content.decode()
    assert _current_language_button(english) == "en"
    assert _current_language_button(swedish) == "sv"
    with translation.override("sv"):
        overview_sv, documents_sv = translation.gettext("Overview"), translation.gettext("Documents")
    assert overview_sv != "Overview"
    assert f'aria-current="page">{overview_sv}</a>' in swedish
    assert f">{documents_sv}</a>" in swedish
    assert 'aria-current="page">Overview</a>' in english


@pytest.mark.django_db
def test_the_menu_marks_the_page_it_is_on(world: World) -> None:
    client = portal_client(world.amina, language="en")
    timeline = client.get(reverse("applicant_portal:timeline")).content.decode()
    documents = client.get(reverse("applicant_portal:documents")).content.decode()
    assert 'aria-current="page">Overview</a>' in timeline
    assert 'aria-current="page">Documents</a>' in documents
    assert 'aria-current="page">Overview</a>' not in documents


@pytest.mark.django_db
def test_the_header_notice_and_dialog_link_to_the_portals_own_addresses(world: World) -> None:
    page = portal_client(world.amina).get(reverse("applicant_portal:timeline")).content.decode()
    assert page.count(f'action="{reverse("applicant_portal:logout")}"') == 2
    assert page.count(f'action="{reverse("applicant_portal:session_extend")}"') == 2
    assert f'data-session-login-url="{reverse("applicant_portal:login")}"' in page


@pytest.mark.django_db
def test_the_session_script_is_on_logged_in_pages_only_whichever_came_first(world: World) -> None:
    """The layout's head is made once for everyone logged in and once for everyone not, never one for both."""
    script = "applicant_portal/session-timeout"
    login = reverse("applicant_portal:login")
    anonymous = Client()
    assert script not in anonymous.get(login).content.decode()
    assert script in portal_client(world.amina).get(reverse("applicant_portal:timeline")).content.decode()
    assert script not in anonymous.get(login).content.decode()
