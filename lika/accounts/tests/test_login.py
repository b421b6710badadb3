from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from lika.accounts.models import User
from lika.accounts.roles import Role

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery"  # noqa: S105


def _login(client: Client, username: str, password: str) -> int:
    return client.post(reverse("accounts:login"), {"username": username, "password": password}).status_code


def test_login_with_right_password_leads_to_start(client: Client, make_staff: Callable[..., User]) -> None:
    make_staff(Role.CASE_OFFICER, username="anna")
    response = client.post(reverse("accounts:login"), {"username": "anna", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("core:start")


def test_wrong_password_shows_the_form_again_with_an_error(client: Client, make_staff: Callable[..., User]) -> None:
    make_staff(Role.CASE_OFFICER, username="anna")
    response = client.post(reverse("accounts:login"), {"username": "anna", "password": "wrong"})
    assert response.status_code == 200
    assert response.context["form"].errors


@override_settings(AXES_FAILURE_LIMIT=3, AXES_COOLOFF_TIME=0.5)
def test_repeated_failures_lock_the_login_even_for_the_right_password(
    client: Client, make_staff: Callable[..., User]
) -> None:
    make_staff(Role.CASE_OFFICER, username="anna")
    for _attempt in range(3):
        _login(client, "anna", "wrong")
    response = client.post(reverse("accounts:login"), {"username": "anna", "password": PASSWORD})
    assert response.status_code == 429
    assert "30" in response.content.decode()  # the cool-off of half an hour, in minutes
    # Another user from the same address is not locked out by anna's failures.
    make_staff(Role.ANALYST, username="bo")
    assert _login(client, "bo", PASSWORD) == 302


def test_logout_only_by_post(client: Client, make_staff: Callable[..., User]) -> None:
    client.force_login(make_staff(Role.ANALYST))
    assert client.get(reverse("accounts:logout")).status_code == 405
    assert client.post(reverse("accounts:logout")).status_code == 302
    assert client.get(reverse("core:start")).status_code == 302
