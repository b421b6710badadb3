"""The provider-independent half of Lika's development OpenID providers, for the demo and the tests.

Min Sida's provider (:mod:`lika.applicant_portal.dev_provider`) lets a developer log in as a demo
person; staff's (:mod:`lika.accounts.dev_provider`) as a demo member of staff. Each has its own
addresses, its own client and its own page to choose who logs in; this module holds what they
share: one RSA key made when the process starts, the discovery document, PKCE-checked codes that
are handed out once, the token and user info answers, and a back channel that calls a provider's
views in-process. Each provider turns itself off (404) unless its setting is on; neither is on in
production.
"""

from __future__ import annotations

import functools
import secrets
import time
import urllib.parse
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from authlib.common.security import generate_token
from authlib.oauth2.rfc7636 import create_s256_code_challenge
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, HttpResponseBase, HttpResponseRedirect, JsonResponse, QueryDict
from django.test import RequestFactory
from django.urls import resolve
from django.urls.exceptions import Resolver404
from django.utils.crypto import salted_hmac
from joserfc import jwt
from joserfc.jwk import RSAKey

from lika.core.oidc import OidcError, client_basic_auth, json_object

KEY_ID = "lika-dev-1"
CODE_SECONDS = 60
TOKEN_SECONDS = 300
_CACHE_PREFIX = "lika-dev-idp"

View = Callable[..., HttpResponseBase]


def client_secret(client_id: str) -> str:
    """Lika's secret at a development provider, derived from SECRET_KEY so nobody has to set it."""
    return salted_hmac("lika.core.dev_provider.client", client_id, algorithm="sha256").hexdigest()


@functools.cache
def signing_key() -> RSAKey:
    """The key this process signs ID tokens with; a restart makes a new one, which is fine for a demo."""
    return RSAKey.generate_key(2048, parameters={"kid": KEY_ID, "use": "sig", "alg": "RS256"}, private=True)


def id_token_sign(claims: dict[str, Any]) -> str:
    """Signs ``claims`` as an ID token with the development providers' key."""
    return jwt.encode({"alg": "RS256", "kid": KEY_ID}, claims, signing_key())


def back_channel(view: View) -> View:
    """Marks a provider's view as one that :class:`InProcessHttpClient` may call."""
    view.lika_dev_provider_back_channel = True  # type: ignore[attr-defined]
    return view


def discovery_response(
    request: HttpRequest,
    *,
    issuer: str,
    endpoints: Mapping[str, str],
    claims_supported: Sequence[str],
    acr_values_supported: Sequence[str] = (),
) -> JsonResponse:
    """A discovery document (OpenID Connect Discovery 1.0); ``endpoints`` maps each endpoint to its path."""
    document: dict[str, Any] = {
        "issuer": issuer,
        **{f"{name}_endpoint": request.build_absolute_uri(path) for name, path in endpoints.items() if name != "jwks"},
        "jwks_uri": request.build_absolute_uri(endpoints["jwks"]),
        "response_types_supported": ["code"],
        "subject_types_supported": ["public"],
        "id_token_signing_alg_values_supported": ["RS256"],
        "code_challenge_methods_supported": ["S256"],
        "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"],
        "claims_supported": ["sub", *claims_supported],
    }
    if acr_values_supported:
        document["acr_values_supported"] = list(acr_values_supported)
    return JsonResponse(document)


def jwks_response() -> JsonResponse:
    """The public key that ID tokens are checked with."""
    return JsonResponse({"keys": [signing_key().as_dict(private=False)]})


def _authorize_error(message: str) -> HttpResponse:
    # A request this broken must not be sent back to a redirect address nobody has checked (RFC 6749 4.1.2.1).
    return HttpResponse(message, status=400, content_type="text/plain; charset=utf-8")


def authorize_refusal(params: QueryDict, *, client_id: str, callback: str) -> HttpResponse | None:
    """The answer to an authorization request the provider cannot serve, or None when it is fine."""
    if params.get("client_id") != client_id:
        return _authorize_error("Unknown client_id.")
    if params.get("redirect_uri") != callback:
        return _authorize_error("redirect_uri is not the client's callback.")
    state = params.get("state", "")
    if params.get("response_type") != "code" or params.get("code_challenge_method") != "S256":
        return redirect_back(callback, state, error="unsupported_response_type")
    if not params.get("code_challenge") or not params.get("nonce"):
        return redirect_back(callback, state, error="invalid_request")
    return None


def redirect_back(callback: str, state: str, **values: str) -> HttpResponseRedirect:
    """Sends the browser back to the client's callback with ``values`` and the client's ``state``."""
    return HttpResponseRedirect(f"{callback}?{urllib.parse.urlencode({**values, 'state': state})}")


def code_issue(
    params: QueryDict, *, callback: str, issuer: str, claims: dict[str, Any], userinfo: dict[str, Any]
) -> HttpResponseRedirect:
    """Hands out a code for ``claims`` (the ID token's) and ``userinfo``, and sends the browser back with it."""
    code = generate_token(32)
    cache.set(
        f"{_CACHE_PREFIX}:code:{code}",
        {
            "claims": claims,
            "userinfo": userinfo,
            "nonce": params["nonce"],
            "client_id": params["client_id"],
            "code_challenge": params["code_challenge"],
            "redirect_uri": callback,
            "issuer": issuer,
        },
        CODE_SECONDS,
    )
    return redirect_back(callback, params.get("state", ""), code=code)


def _token_error(error: str) -> JsonResponse:
    response = JsonResponse({"error": error}, status=400)
    response["Cache-Control"] = "no-store"
    return response


def _client_authenticated(request: HttpRequest, client_id: str) -> bool:
    header = request.headers.get("Authorization", "")
    if header:
        return secrets.compare_digest(header, client_basic_auth(client_id, client_secret(client_id)))
    return request.POST.get("client_id") == client_id and secrets.compare_digest(
        request.POST.get("client_secret", ""), client_secret(client_id)
    )


def token_response(request: HttpRequest, *, client_id: str) -> HttpResponse:
    """Exchanges a code, once, for an ID token; the PKCE verifier must match the challenge."""
    if not _client_authenticated(request, client_id):
        return JsonResponse({"error": "invalid_client"}, status=401)
    if request.POST.get("grant_type") != "authorization_code":
        return _token_error("unsupported_grant_type")
    key = f"{_CACHE_PREFIX}:code:{request.POST.get('code', '')}"
    grant = cache.get(key)
    cache.delete(key)
    if grant is None or grant["redirect_uri"] != request.POST.get("redirect_uri") or grant["client_id"] != client_id:
        return _token_error("invalid_grant")
    verifier = request.POST.get("code_verifier", "")
    if not verifier or not secrets.compare_digest(create_s256_code_challenge(verifier), grant["code_challenge"]):
        return _token_error("invalid_grant")
    now = int(time.time())
    claims = {
        **grant["claims"],
        "iss": grant["issuer"],
        "aud": client_id,
        "iat": now,
        "exp": now + TOKEN_SECONDS,
        "auth_time": now,
        "nonce": grant["nonce"],
    }
    access_token = generate_token(32)
    cache.set(f"{_CACHE_PREFIX}:access:{access_token}", grant["userinfo"], TOKEN_SECONDS)
    response = JsonResponse(
        {
            "access_token": access_token,
            "token_type": "Bearer",
            "expires_in": TOKEN_SECONDS,
            "id_token": id_token_sign(claims),
        }
    )
    response["Cache-Control"] = "no-store"
    return response


def userinfo_response(request: HttpRequest) -> HttpResponse:
    """The user info kept with a valid access token, for its bearer."""
    header = request.headers.get("Authorization", "")
    userinfo = (
        cache.get(f"{_CACHE_PREFIX}:access:{header.removeprefix('Bearer ')}") if header.startswith("Bearer ") else None
    )
    if userinfo is None:
        return JsonResponse({"error": "invalid_token"}, status=401)
    return JsonResponse(userinfo)


class InProcessHttpClient:
    """A back channel that calls a development provider's views directly instead of over the network.

    The demo needs no second server thread and the tests need no network. Only the views marked
    with :func:`back_channel` are reachable through it.
    """

    def _call(self, method: str, url: str, data: dict[str, str] | None, headers: dict[str, str]) -> dict[str, Any]:
        parts = urllib.parse.urlsplit(url)
        try:
            match = resolve(parts.path)
        except Resolver404 as error:
            raise OidcError("provider_unreachable") from error
        if not getattr(match.func, "lika_dev_provider_back_channel", False):
            raise OidcError("provider_unreachable")
        factory = RequestFactory(headers={**headers, "Host": parts.netloc})
        secure = parts.scheme == "https"
        request = (
            factory.post(parts.path, data or {}, secure=secure)
            if method == "POST"
            else factory.get(parts.path, dict(urllib.parse.parse_qsl(parts.query)), secure=secure)
        )
        response = match.func(request, *match.args, **match.kwargs)
        if response.status_code >= 400:
            raise OidcError("provider_http_error")
        return json_object(response.content)

    def get_json(self, url: str, *, headers: dict[str, str] | None = None) -> dict[str, Any]:
        return self._call("GET", url, None, dict(headers or {}))

    def post_form(self, url: str, data: dict[str, str], *, headers: dict[str, str] | None = None) -> dict[str, Any]:
        return self._call("POST", url, dict(data), dict(headers or {}))
