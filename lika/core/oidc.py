"""The OpenID Connect client that logs people in through an identity provider.

Authorization code flow with PKCE (S256), ``state`` and ``nonce``. The ID token's signature (from
the provider's published keys), issuer, audience, expiry and nonce are all checked before any claim
is believed, and, where acceptable ``acr`` values are configured, the way the person authenticated.
The provider-independent part of two logins: Min Sida's through an e-ID broker
(``settings.LIKA_PORTAL_OIDC``) and staff sign-in through the agency's own provider
(``settings.LIKA_STAFF_OIDC``). Each names the claim that identifies the person, and each names its
back-channel HTTP client, so that tests and the demo can route it to a development provider in-process.
"""

from __future__ import annotations

import base64
import ipaddress
import json
import secrets
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from typing import Any, Protocol

from authlib.common.security import generate_token
from authlib.oauth2.rfc7636 import create_s256_code_challenge
from django.utils.module_loading import import_string
from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import KeySet

# Asymmetric algorithms only: a provider's tokens are signed with its private key, checked with its public one.
ID_TOKEN_ALGORITHMS = ["RS256", "RS384", "RS512", "PS256", "ES256", "ES384"]
# Clocks on two servers differ a little; a minute is the usual allowance.
CLOCK_LEEWAY_SECONDS = 60
HTTP_TIMEOUT_SECONDS = 10


# The reasons an OidcError gives when the provider itself is down or answers nonsense: the person is told to
# wait and try again, not that their login failed.
PROVIDER_DOWN_REASONS = frozenset(
    {"provider_unreachable", "provider_http_error", "provider_bad_response", "provider_bad_discovery"}
)


class OidcError(Exception):
    """A login through the provider that cannot be trusted; ``reason`` is a short code for the audit trail.

    ``identity`` is who the provider said logged in, where the refusal came after a verified token.
    """

    def __init__(self, reason: str, *, identity: str | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.identity = identity


class HttpClient(Protocol):
    """The back channel to the provider: JSON from a GET, JSON from a form POST. Raises OidcError on failure."""

    def get_json(self, url: str, *, headers: Mapping[str, str] | None = None) -> dict[str, Any]: ...

    def post_form(
        self, url: str, data: Mapping[str, str], *, headers: Mapping[str, str] | None = None
    ) -> dict[str, Any]: ...


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class UrllibHttpClient:
    """Calls the provider over HTTPS (plain HTTP only to this machine) with a timeout."""

    def _open(self, url: str, *, data: bytes | None, headers: Mapping[str, str]) -> dict[str, Any]:
        parts = urllib.parse.urlsplit(url)
        if parts.scheme != "https" and not (parts.scheme == "http" and _is_loopback(parts.hostname or "")):
            raise OidcError("insecure_url")
        # The scheme is checked above: only https, or http to this machine; never file: or others.
        request = urllib.request.Request(url, data=data, headers=dict(headers))  # noqa: S310
        try:
            with urllib.request.urlopen(request, timeout=HTTP_TIMEOUT_SECONDS) as response:  # noqa: S310
                body = response.read()
        except (urllib.error.URLError, TimeoutError, OSError) as error:
            raise OidcError("provider_unreachable") from error
        return json_object(body)

    def get_json(self, url: str, *, headers: Mapping[str, str] | None = None) -> dict[str, Any]:
        return self._open(url, data=None, headers={"Accept": "application/json", **(headers or {})})

    def post_form(
        self, url: str, data: Mapping[str, str], *, headers: Mapping[str, str] | None = None
    ) -> dict[str, Any]:
        all_headers = {
            "Accept": "application/json",
            "Content-Type": "application/x-www-form-urlencoded",
            **(headers or {}),
        }
        return self._open(url, data=urllib.parse.urlencode(data).encode(), headers=all_headers)


def json_object(body: bytes) -> dict[str, Any]:
    try:
        value = json.loads(body)
    except ValueError as error:
        raise OidcError("provider_bad_response") from error
    if not isinstance(value, dict):
        raise OidcError("provider_bad_response")
    return value


def http_client(configured: Mapping[str, Any]) -> HttpClient:
    """The back-channel client named in ``configured["HTTP_CLIENT"]`` (one of the OIDC settings)."""
    client: HttpClient = import_string(configured["HTTP_CLIENT"])()
    return client


@dataclass(frozen=True)
class ProviderConfig:
    """How Lika is registered with the provider.

    ``identity_claim`` names the claim that says who logged in (a personal number, a user name).
    When ``acr_values`` is not empty they are asked for, and a token whose ``acr`` is none of them is
    refused (a login without the multi-factor authentication the configuration requires).
    """

    discovery_url: str
    client_id: str
    client_secret: str
    scopes: str
    identity_claim: str
    acr_values: tuple[str, ...] = ()


@dataclass(frozen=True)
class ProviderMetadata:
    """The provider's endpoints, from its discovery document."""

    issuer: str
    authorization_endpoint: str
    token_endpoint: str
    jwks_uri: str
    userinfo_endpoint: str


def provider_metadata(config: ProviderConfig, http: HttpClient) -> ProviderMetadata:
    """Reads the discovery document; refuses a provider that cannot do PKCE with S256."""
    document = http.get_json(config.discovery_url)
    try:
        metadata = ProviderMetadata(
            issuer=str(document["issuer"]),
            authorization_endpoint=str(document["authorization_endpoint"]),
            token_endpoint=str(document["token_endpoint"]),
            jwks_uri=str(document["jwks_uri"]),
            userinfo_endpoint=str(document.get("userinfo_endpoint", "")),
        )
    except KeyError as error:
        raise OidcError("provider_bad_discovery") from error
    methods = document.get("code_challenge_methods_supported")
    if methods is not None and "S256" not in methods:
        raise OidcError("provider_without_pkce")
    return metadata


@dataclass(frozen=True)
class PendingLogin:
    """What the browser's session keeps between sending the person to the provider and their return."""

    state: str
    nonce: str
    code_verifier: str
    redirect_uri: str

    def as_session(self) -> dict[str, str]:
        return asdict(self)

    @classmethod
    def from_session(cls, value: object) -> PendingLogin | None:
        if not isinstance(value, dict):
            return None
        try:
            return cls(**{key: str(value[key]) for key in ("state", "nonce", "code_verifier", "redirect_uri")})
        except KeyError:
            return None


def authorization_start(
    config: ProviderConfig, metadata: ProviderMetadata, *, redirect_uri: str, language: str
) -> tuple[str, PendingLogin]:
    """The provider's address to send the browser to, and what to keep in the session until it returns."""
    pending = PendingLogin(
        state=generate_token(32), nonce=generate_token(32), code_verifier=generate_token(64), redirect_uri=redirect_uri
    )
    query = urllib.parse.urlencode(
        {
            "response_type": "code",
            "client_id": config.client_id,
            "redirect_uri": redirect_uri,
            "scope": config.scopes,
            "state": pending.state,
            "nonce": pending.nonce,
            "code_challenge": create_s256_code_challenge(pending.code_verifier),
            "code_challenge_method": "S256",
            "ui_locales": language,
            # A request, not a guarantee: the provider may authenticate otherwise, so the answer is checked.
            **({"acr_values": " ".join(config.acr_values)} if config.acr_values else {}),
        }
    )
    separator = "&" if "?" in metadata.authorization_endpoint else "?"
    return f"{metadata.authorization_endpoint}{separator}{query}", pending


@dataclass(frozen=True)
class VerifiedLogin:
    """What the provider vouches for, after every check passed; ``identity`` is the configured claim."""

    issuer: str
    subject: str
    identity: str | None
    acr: str | None = None


def client_basic_auth(client_id: str, client_secret: str) -> str:
    # RFC 6749 2.3.1: both parts are form-encoded before they are joined and base64-encoded.
    pair = f"{urllib.parse.quote_plus(client_id)}:{urllib.parse.quote_plus(client_secret)}"
    return "Basic " + base64.b64encode(pair.encode()).decode()


def id_token_verify(
    id_token: str, *, keys: Mapping[str, Any], issuer: str, client_id: str, nonce: str
) -> dict[str, Any]:
    """The claims of an ID token whose signature, issuer, audience, expiry and nonce are right."""
    try:
        key_set = KeySet.import_key_set(dict(keys))  # type: ignore[arg-type]
        token = jwt.decode(id_token, key_set, algorithms=ID_TOKEN_ALGORITHMS)
    except (JoseError, ValueError, TypeError) as error:
        raise OidcError("id_token_signature") from error
    registry = jwt.JWTClaimsRegistry(
        leeway=CLOCK_LEEWAY_SECONDS,
        iss={"essential": True, "value": issuer},
        sub={"essential": True},
        aud={"essential": True, "value": client_id},
        exp={"essential": True},
        iat={"essential": True},
        nonce={"essential": True, "value": nonce},
    )
    try:
        registry.validate(token.claims)
    except JoseError as error:
        claim = getattr(error, "claim", "") or "claims"
        raise OidcError(f"id_token_{claim}") from error
    audience = token.claims["aud"]
    # With several audiences the token must say it was issued to Lika (OIDC Core 3.1.3.7).
    if isinstance(audience, list) and len(audience) > 1 and token.claims.get("azp") != client_id:
        raise OidcError("id_token_azp")
    return dict(token.claims)


def authorization_complete(
    config: ProviderConfig,
    metadata: ProviderMetadata,
    pending: PendingLogin,
    params: Mapping[str, str],
    http: HttpClient,
) -> VerifiedLogin:
    """Checks the provider's answer, exchanges the code for tokens and returns what the ID token vouches for."""
    if params.get("error"):
        raise OidcError("cancelled" if params["error"] == "access_denied" else "provider_error")
    if not secrets.compare_digest(params.get("state", "").encode(), pending.state.encode()):
        raise OidcError("state")
    code = params.get("code", "")
    if not code:
        raise OidcError("no_code")
    try:
        tokens = http.post_form(
            metadata.token_endpoint,
            {
                "grant_type": "authorization_code",
                "code": code,
                "redirect_uri": pending.redirect_uri,
                "code_verifier": pending.code_verifier,
            },
            headers={"Authorization": client_basic_auth(config.client_id, config.client_secret)},
        )
    except OidcError as error:
        raise OidcError("token_refused") from error
    id_token = tokens.get("id_token")
    if not isinstance(id_token, str):
        raise OidcError("no_id_token")
    claims = id_token_verify(
        id_token,
        keys=http.get_json(metadata.jwks_uri),
        issuer=metadata.issuer,
        client_id=config.client_id,
        nonce=pending.nonce,
    )
    subject = str(claims["sub"])
    acr = claims.get("acr")
    identity = claims.get(config.identity_claim)
    access_token = tokens.get("access_token")
    if identity is None and metadata.userinfo_endpoint and isinstance(access_token, str):
        # Some providers give the claim only from the user info endpoint; its subject must match the token's.
        userinfo = http.get_json(metadata.userinfo_endpoint, headers={"Authorization": f"Bearer {access_token}"})
        if str(userinfo.get("sub")) != subject:
            raise OidcError("userinfo_subject")
        identity = userinfo.get(config.identity_claim)
    if config.acr_values and acr not in config.acr_values:
        raise OidcError("acr", identity=str(identity) if identity is not None else None)
    return VerifiedLogin(
        issuer=metadata.issuer,
        subject=subject,
        identity=str(identity) if identity is not None else None,
        acr=str(acr) if acr is not None else None,
    )
