"""A tiny OpenID provider inside Lika for the demo and the tests: pick a demo person and log in as them.

It exists only where ``settings.LIKA_PORTAL_DEV_PROVIDER`` is on (local and test settings); elsewhere
every one of its addresses answers 404. What it shares with staff's development provider (the key,
PKCE-checked codes handed out once, tokens, the in-process back channel) is in
:mod:`lika.core.dev_provider`. It lists only made-up demo persons (dossier numbers in the demo range)
that have a personal number.
"""

from __future__ import annotations

from django.conf import settings
from django.db.models import Q, QuerySet
from django.db.models.functions import Length
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.crypto import salted_hmac
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from lika.accounts.access import public_view
from lika.core import dev_provider as provider
from lika.people.identifiers import DEMO_DOSSIER_DIGITS, DEMO_DOSSIER_FIRST, DEMO_DOSSIER_LAST
from lika.people.models import Person

CLIENT_ID = "lika-dev"
PERSONAL_NUMBER_CLAIM = "https://id.oidc.se/claim/personalIdentityNumber"
PERSONS_SHOWN = 50


def _require_enabled() -> None:
    if not settings.LIKA_PORTAL_DEV_PROVIDER:
        raise Http404


def client_secret() -> str:
    """Min Sida's secret at the development provider."""
    return provider.client_secret(CLIENT_ID)


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
            "authorization": reverse("applicant_portal:dev_idp_authorize"),
            "token": reverse("applicant_portal:dev_idp_token"),
            "jwks": reverse("applicant_portal:dev_idp_jwks"),
            "userinfo": reverse("applicant_portal:dev_idp_userinfo"),
        },
        claims_supported=["name", "given_name", "family_name", PERSONAL_NUMBER_CLAIM],
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
    """Lists the demo persons to log in as; choosing one sends the browser back to Min Sida with a code."""
    _require_enabled()
    params = request.GET
    callback = request.build_absolute_uri(reverse("applicant_portal:oidc_callback"))
    refusal = provider.authorize_refusal(params, client_id=CLIENT_ID, callback=callback)
    if refusal is not None:
        return refusal
    if request.method == "POST":
        if "cancel" in request.POST:
            return provider.redirect_back(callback, params.get("state", ""), error="access_denied")
        person = _demo_persons().filter(pk=request.POST.get("person", "")).first()
        if person is not None:
            subject = subject_for(person)
            return provider.code_issue(
                params,
                callback=callback,
                issuer=issuer(request),
                claims={
                    "sub": subject,
                    "name": person.full_name,
                    "given_name": person.given_name,
                    "family_name": person.family_name,
                    PERSONAL_NUMBER_CLAIM: person.personal_number,
                },
                userinfo={"sub": subject, PERSONAL_NUMBER_CLAIM: person.personal_number},
            )
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
    """The person's subject and personal number, for the bearer of a valid access token."""
    _require_enabled()
    return provider.userinfo_response(request)
