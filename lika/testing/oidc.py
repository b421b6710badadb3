"""Helpers for tests of the OpenID Connect logins (Min Sida's and staff's) through the development providers."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from joserfc import jwt

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
