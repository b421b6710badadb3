"""Helpers for tests of the OpenID Connect logins (Min Sida's and staff's) through the development providers."""

from __future__ import annotations

import urllib.parse
from collections.abc import Callable
from typing import Any

from django.contrib.auth import SESSION_KEY
from django.test import Client
from django.urls import reverse
from joserfc import jwt

from lika.accounts.models import User
from lika.core import dev_provider

Claims = dict[str, Any]


class RewritingHttp(dev_provider.InProcessHttpClient):
    """The in-process back channel, but the ID token's claims are changed (and re-signed) on the way."""

    def __init__(
        self, change: Callable[[Claims], Claims], sign: Callable[[Claims], str] = dev_provider.id_token_sign
    ) -> None:
        self.change = change
        self.sign = sign

    def post_form(self, url: str, data: dict[str, str], *, headers: dict[str, str] | None = None) -> dict[str, Any]:
        tokens = super().post_form(url, data, headers=headers)
        claims = dict(jwt.decode(tokens["id_token"], dev_provider.signing_key()).claims)
        tokens["id_token"] = self.sign(self.change(claims))
        return tokens


def query_of(url: str) -> dict[str, str]:
    """The query parameters of ``url``."""
    return dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(url).query))


def staff_to_callback(client: Client, user: User, *, multi_factor: bool = True) -> str:
    """Starts a staff sign-in and chooses ``user`` at staff's development provider; returns the callback URL."""
    start = client.get(reverse("accounts:oidc_start"))
    if start.status_code != 302:
        raise AssertionError(f"The sign-in did not start: {start}")
    authorize = str(start["Location"])
    chosen = client.post(authorize, {"user": str(user.pk), "multi_factor": "1" if multi_factor else "0"})
    if chosen.status_code != 302:
        raise AssertionError(f"The development provider did not send the browser back: {chosen}")
    return str(chosen["Location"])


def staff_logged_in_as(client: Client) -> int | None:
    """The primary key of the member of staff logged in with ``client``'s session, or None."""
    value = client.session.get(SESSION_KEY)
    return int(value) if value is not None else None
