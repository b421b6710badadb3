"""A tiny OpenID provider inside Lika for the demo and the tests: pick a demo person and log in as them.

It exists only where ``settings.LIKA_PORTAL_DEV_PROVIDER`` is on (local and test settings); elsewhere
every one of its addresses answers 404. It signs ID tokens with an RSA key made when the process
starts, publishes the public key, insists on PKCE (S256) and hands out each code once. It lists only
made-up demo persons (dossier numbers in the demo range) that have a personal number.
"""

from __future__ import annotations

import functools
import secrets
import time
import urllib.parse
from typing import Any

from authlib.common.security import generate_token
from authlib.oauth2.rfc7636 import create_s256_code_challenge
from django.conf import settings
from django.core.cache import cache
from django.db.models import Q, QuerySet
from django.db.models.functions import Length
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse, QueryDict
from django.shortcuts import render
from django.test import RequestFactory
from django.urls import resolve, reverse
from django.urls.exceptions import Resolver404
from django.utils.crypto import salted_hmac
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from joserfc import jwt
from joserfc.jwk import RSAKey

from lika.accounts.access import public_view
from lika.applicant_portal.oidc import OidcError, client_basic_auth, json_object
from lika.people.identifiers import DEMO_DOSSIER_DIGITS, DEMO_DOSSIER_FIRST, DEMO_DOSSIER_LAST
from lika.people.models import Person

CLIENT_ID = "lika-dev"
PERSONAL_NUMBER_CLAIM = "https://id.oidc.se/claim/personalIdentityNumber"
KEY_ID = "lika-dev-1"
CODE_SECONDS = 60
TOKEN_SECONDS = 300
PERSONS_SHOWN = 50
_CACHE_PREFIX = "lika-dev-idp"


def _require_enabled() -> None:
    if not settings.LIKA_PORTAL_DEV_PROVIDER:
        raise Http404


def client_secret() -> str:
    """Lika's secret at the development provider, derived from SECRET_KEY so nobody has to set it."""
    return salted_hmac("lika.applicant_portal.dev_provider.client", CLIENT_ID, algorithm="sha256").hexdigest()


@functools.cache
def signing_key() -> RSAKey:
    """The key this process signs ID tokens with; a restart makes a new one, which is fine for a demo."""
    return RSAKey.generate_key(2048, parameters={"kid": KEY_ID, "use": "sig", "alg": "RS256"}, private=True)


def id_token_sign(claims: dict[str, Any]) -> str:
    """Signs ``claims`` as an ID token with the provider's key."""
    return jwt.encode({"alg": "RS256", "kid": KEY_ID}, claims, signing_key())


def issuer(request: HttpRequest) -> str:
    discovery = request.build_absolute_uri(reverse("applicant_portal:dev_idp_discovery"))
    return discovery.removesuffix("/.well-known/openid-configuration")


def subject_for(person: Person) -> str:
    """An opaque, stable subject for a person, as a real broker gives: not the personal number itself."""
    return salted_hmac("lika.applicant_portal.dev_provider.sub", str(person.personal_number)).hexdigest()


def _demo_persons() -> QuerySet[Person]:
    """Made-up persons only (dossier numbers in the demo range), so that no real person can be chosen."""
    # Numbers of the same length compare as text the way they compare as numbers.
    return (
        Person.objects.annotate(dossier_digits=Length("dossier_number"))
        .filter(dossier_digits=DEMO_DOSSIER_DIGITS, personal_number__isnull=False)
        .filter(dossier_number__gte=str(DEMO_DOSSIER_FIRST), dossier_number__lte=str(DEMO_DOSSIER_LAST))
    )


@public_view
@require_safe
def discovery(request: HttpRequest) -> HttpResponse:
    """The provider's discovery document (OpenID Connect Discovery 1.0)."""
    _require_enabled()
    return JsonResponse(
        {
            "issuer": issuer(request),
            "authorization_endpoint": request.build_absolute_uri(reverse("applicant_portal:dev_idp_authorize")),
            "token_endpoint": request.build_absolute_uri(reverse("applicant_portal:dev_idp_token")),
            "jwks_uri": request.build_absolute_uri(reverse("applicant_portal:dev_idp_jwks")),
            "userinfo_endpoint": request.build_absolute_uri(reverse("applicant_portal:dev_idp_userinfo")),
            "response_types_supported": ["code"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "code_challenge_methods_supported": ["S256"],
            "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"],
            "claims_supported": ["sub", "name", "given_name", "family_name", PERSONAL_NUMBER_CLAIM],
        }
    )


@public_view
@require_safe
def jwks(request: HttpRequest) -> HttpResponse:
    """The public key that ID tokens are checked with."""
    _require_enabled()
    return JsonResponse({"keys": [signing_key().as_dict(private=False)]})


def _authorize_error(message: str) -> HttpResponse:
    # A request this broken must not be sent back to a redirect address nobody has checked (RFC 6749 4.1.2.1).
    return HttpResponse(message, status=400, content_type="text/plain; charset=utf-8")


def _authorize_refusal(params: QueryDict, callback: str) -> HttpResponse | None:
    """The answer to an authorization request the provider cannot serve, or None when it is fine."""
    if params.get("client_id") != CLIENT_ID:
        return _authorize_error("Unknown client_id.")
    if params.get("redirect_uri") != callback:
        return _authorize_error("redirect_uri is not Min Sida's callback.")
    state = params.get("state", "")
    if params.get("response_type") != "code" or params.get("code_challenge_method") != "S256":
        return _redirect_back(callback, state, error="unsupported_response_type")
    if not params.get("code_challenge") or not params.get("nonce"):
        return _redirect_back(callback, state, error="invalid_request")
    return None


@public_view
@require_http_methods(["GET", "POST"])
def authorize(request: HttpRequest) -> HttpResponse:
    """Lists the demo persons to log in as; choosing one sends the browser back to Min Sida with a code."""
    _require_enabled()
    params = request.GET
    callback = request.build_absolute_uri(reverse("applicant_portal:oidc_callback"))
    state = params.get("state", "")
    refusal = _authorize_refusal(params, callback)
    if refusal is not None:
        return refusal
    if request.method == "POST":
        if "cancel" in request.POST:
            return _redirect_back(callback, state, error="access_denied")
        person = _demo_persons().filter(pk=request.POST.get("person", "")).first()
        if person is not None:
            code = generate_token(32)
            cache.set(
                f"{_CACHE_PREFIX}:code:{code}",
                {
                    "person": person.pk,
                    "nonce": params["nonce"],
                    "code_challenge": params["code_challenge"],
                    "redirect_uri": callback,
                    "issuer": issuer(request),
                },
                CODE_SECONDS,
            )
            return _redirect_back(callback, state, code=code)
    query = request.GET.get("q", "").strip()
    persons = _demo_persons().order_by("family_name", "given_name", "pk")
    # Each word must match: "Amina Haddad" finds Amina Haddad, as the registry's search does.
    for word in query.split():
        persons = persons.filter(
            Q(given_name__icontains=word) | Q(family_name__icontains=word) | Q(dossier_number__startswith=word)
        )
    return render(
        request,
        "applicant_portal/dev_provider/authorize.html",
        {"persons": persons[:PERSONS_SHOWN], "query": query, "authorize_query": request.GET.urlencode()},
    )


def _redirect_back(callback: str, state: str, **values: str) -> HttpResponseRedirect:
    return HttpResponseRedirect(f"{callback}?{urllib.parse.urlencode({**values, 'state': state})}")


def _token_error(error: str) -> JsonResponse:
    response = JsonResponse({"error": error}, status=400)
    response["Cache-Control"] = "no-store"
    return response


def _client_authenticated(request: HttpRequest) -> bool:
    header = request.headers.get("Authorization", "")
    if header:
        return secrets.compare_digest(header, client_basic_auth(CLIENT_ID, client_secret()))
    return request.POST.get("client_id") == CLIENT_ID and secrets.compare_digest(
        request.POST.get("client_secret", ""), client_secret()
    )


@public_view
@csrf_exempt  # Called server to server by the OIDC client, which authenticates with its secret instead.
@require_POST
def token(request: HttpRequest) -> HttpResponse:
    """Exchanges a code, once, for an ID token; the PKCE verifier must match the challenge."""
    _require_enabled()
    if not _client_authenticated(request):
        return JsonResponse({"error": "invalid_client"}, status=401)
    if request.POST.get("grant_type") != "authorization_code":
        return _token_error("unsupported_grant_type")
    key = f"{_CACHE_PREFIX}:code:{request.POST.get('code', '')}"
    grant = cache.get(key)
    cache.delete(key)
    if grant is None or grant["redirect_uri"] != request.POST.get("redirect_uri"):
        return _token_error("invalid_grant")
    verifier = request.POST.get("code_verifier", "")
    if not verifier or not secrets.compare_digest(create_s256_code_challenge(verifier), grant["code_challenge"]):
        return _token_error("invalid_grant")
    person = Person.objects.get(pk=grant["person"])
    now = int(time.time())
    claims = {
        "iss": grant["issuer"],
        "sub": subject_for(person),
        "aud": CLIENT_ID,
        "iat": now,
        "exp": now + TOKEN_SECONDS,
        "auth_time": now,
        "nonce": grant["nonce"],
        "name": person.full_name,
        "given_name": person.given_name,
        "family_name": person.family_name,
        PERSONAL_NUMBER_CLAIM: person.personal_number,
    }
    access_token = generate_token(32)
    cache.set(f"{_CACHE_PREFIX}:access:{access_token}", person.pk, TOKEN_SECONDS)
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


@public_view
@csrf_exempt  # OIDC allows POST to the user info endpoint, authenticated by the bearer token.
@require_http_methods(["GET", "POST"])
def userinfo(request: HttpRequest) -> HttpResponse:
    """The person's subject and personal number, for the bearer of a valid access token."""
    _require_enabled()
    header = request.headers.get("Authorization", "")
    person_id = (
        cache.get(f"{_CACHE_PREFIX}:access:{header.removeprefix('Bearer ')}") if header.startswith("Bearer ") else None
    )
    person = Person.objects.filter(pk=person_id).first() if person_id is not None else None
    if person is None:
        return JsonResponse({"error": "invalid_token"}, status=401)
    return JsonResponse({"sub": subject_for(person), PERSONAL_NUMBER_CLAIM: person.personal_number})


_ROUTES = {
    "applicant_portal:dev_idp_discovery",
    "applicant_portal:dev_idp_jwks",
    "applicant_portal:dev_idp_token",
    "applicant_portal:dev_idp_userinfo",
}


class InProcessHttpClient:
    """A back channel that calls the development provider's views directly instead of over the network.

    The demo needs no second server thread and the tests need no network. Only the provider's own
    addresses are reachable through it.
    """

    def _call(self, method: str, url: str, data: dict[str, str] | None, headers: dict[str, str]) -> dict[str, Any]:
        parts = urllib.parse.urlsplit(url)
        try:
            match = resolve(parts.path)
        except Resolver404 as error:
            raise OidcError("provider_unreachable") from error
        if match.view_name not in _ROUTES:
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
