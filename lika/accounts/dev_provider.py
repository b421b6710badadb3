"""A tiny OpenID provider inside Lika for the demo and the tests: sign in as any active member of staff.

It stands in for the agency's identity provider where ``settings.LIKA_STAFF_DEV_PROVIDER`` is on
(local and test settings); elsewhere every one of its addresses answers 404. The one choosing says
whether the sign-in had multi-factor authentication, and the token's ``acr`` says so, so that the
demo and the tests can show a sign-in without it being refused. What it shares with Min Sida's
development provider is in :mod:`lika.core.dev_provider`.
"""

from __future__ import annotations

from django.conf import settings
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.crypto import salted_hmac
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from lika.accounts.models import User
from lika.core import dev_provider as provider
from lika.core.access import public_view

CLIENT_ID = "lika-staff-dev"
USERNAME_CLAIM = "preferred_username"
# The REFEDS profiles' values: multi-factor and single-factor authentication.
ACR_MULTI_FACTOR = "https://refeds.org/profile/mfa"
ACR_SINGLE_FACTOR = "https://refeds.org/profile/sfa"
USERS_SHOWN = 50


def _require_enabled() -> None:
    if not settings.LIKA_STAFF_DEV_PROVIDER:
        raise Http404


def client_secret() -> str:
    """Lika's secret at the staff development provider."""
    return provider.client_secret(CLIENT_ID)


def issuer(request: HttpRequest) -> str:
    discovery = request.build_absolute_uri(reverse("accounts:dev_idp_discovery"))
    return discovery.removesuffix("/.well-known/openid-configuration")


def subject_for(user: User) -> str:
    """An opaque, stable subject, as the agency's provider gives: not the user name itself."""
    return salted_hmac("lika.accounts.dev_provider.sub", user.get_username()).hexdigest()


@provider.back_channel
@public_view
@require_safe
def discovery(request: HttpRequest) -> HttpResponse:
    """The provider's discovery document (OpenID Connect Discovery 1.0)."""
    _require_enabled()
    return provider.discovery_response(
        request,
        issuer=issuer(request),
        endpoints={
            "authorization": reverse("accounts:dev_idp_authorize"),
            "token": reverse("accounts:dev_idp_token"),
            "jwks": reverse("accounts:dev_idp_jwks"),
            "userinfo": reverse("accounts:dev_idp_userinfo"),
        },
        claims_supported=["name", "acr", USERNAME_CLAIM],
        acr_values_supported=[ACR_MULTI_FACTOR, ACR_SINGLE_FACTOR],
    )


@provider.back_channel
@public_view
@require_safe
def jwks(request: HttpRequest) -> HttpResponse:
    """The public key that ID tokens are checked with."""
    _require_enabled()
    return provider.jwks_response()


@public_view
@require_http_methods(["GET", "POST"])
def authorize(request: HttpRequest) -> HttpResponse:
    """Lists the active staff to sign in as, with or without multi-factor authentication."""
    _require_enabled()
    params = request.GET
    callback = request.build_absolute_uri(reverse("accounts:oidc_callback"))
    refusal = provider.authorize_refusal(params, client_id=CLIENT_ID, callback=callback)
    if refusal is not None:
        return refusal
    if request.method == "POST":
        if "cancel" in request.POST:
            return provider.redirect_back(callback, params.get("state", ""), error="access_denied")
        user = User.objects.filter(is_active=True, pk=request.POST.get("user", "")).first()
        if user is not None:
            subject = subject_for(user)
            acr = ACR_MULTI_FACTOR if request.POST.get("multi_factor") == "1" else ACR_SINGLE_FACTOR
            return provider.code_issue(
                params,
                callback=callback,
                issuer=issuer(request),
                claims={"sub": subject, "name": user.get_full_name(), "acr": acr, USERNAME_CLAIM: user.get_username()},
                userinfo={"sub": subject, USERNAME_CLAIM: user.get_username()},
            )
    query = request.GET.get("q", "").strip()
    users = User.objects.filter(is_active=True).order_by("username")
    if query:
        users = users.filter(
            Q(username__icontains=query) | Q(first_name__icontains=query) | Q(last_name__icontains=query)
        )
    return render(
        request,
        "accounts/dev_provider/authorize.html",
        {"users": users[:USERS_SHOWN], "query": query, "authorize_query": request.GET.urlencode()},
    )


@provider.back_channel
@public_view
@csrf_exempt  # Called server to server by the OIDC client, which authenticates with its secret instead.
@require_POST
def token(request: HttpRequest) -> HttpResponse:
    """Exchanges a code, once, for an ID token; the PKCE verifier must match the challenge."""
    _require_enabled()
    return provider.token_response(request, client_id=CLIENT_ID)


@provider.back_channel
@public_view
@csrf_exempt  # OIDC allows POST to the user info endpoint, authenticated by the bearer token.
@require_http_methods(["GET", "POST"])
def userinfo(request: HttpRequest) -> HttpResponse:
    """The member of staff's subject and user name, for the bearer of a valid access token."""
    _require_enabled()
    return provider.userinfo_response(request)
