"""Security headers (issue 16, defect 8): a Content-Security-Policy on Lika's pages, and personal pages never stored."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from lika.accounts.models import User
from lika.accounts.roles import Role

pytestmark = pytest.mark.django_db

CSP = "Content-Security-Policy"


def test_staff_pages_carry_the_policy_and_are_never_stored(client: Client, make_staff: Callable[..., User]) -> None:
    client.force_login(make_staff(Role.CASE_OFFICER, username="officer"))
    for path in ("/", "/register/personer/", "/dagersattning/"):
        response = client.get(path)
        assert response.status_code == 200, path
        policy = response[CSP]
        assert "default-src 'self'" in policy
        assert "script-src 'self'" in policy
        assert "frame-ancestors 'none'" in policy
        assert "unsafe-inline" not in policy.split("style-src-attr")[0], "no inline scripts or style elements"
        assert "no-store" in response["Cache-Control"], path


def test_min_sida_is_never_stored_even_before_login(client: Client) -> None:
    response = client.get("/min-sida/", follow=True)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert CSP in response


def test_the_login_page_has_the_policy_and_the_editor_is_left_to_its_own(client: Client) -> None:
    login = client.get("/konto/logga-in/")
    assert "default-src 'self'" in login[CSP]
    editor = client.get("/cms/", follow=False)
    assert CSP not in editor
