"""The Min Sida login: choose a method, log in with e-ID (OpenID Connect) or a one-time code, log out.

Views stay thin: the OIDC client is in :mod:`lika.core.oidc`, every write in
:mod:`lika.applicant_portal.services.login`, the session in :mod:`lika.applicant_portal.session`.
"""

from __future__ import annotations

from axes.helpers import get_client_ip_address
from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseBase, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from lika.accounts.access import public_view
from lika.applicant_portal.login_forms import CodeRequestForm, CodeVerifyForm
from lika.applicant_portal.providers import provider_config
from lika.applicant_portal.services.login import (
    contact_normalize,
    login_acting,
    one_time_code_send,
    one_time_code_verify,
    portal_identity_login,
    portal_login_failure_record,
    throttle_check,
    unknown_contact_code_try,
)
from lika.applicant_portal.session import (
    SESSION_TIMED_OUT_KEY,
    portal_login,
    portal_logout,
    portal_person,
    portal_view,
)
from lika.core import oidc
from lika.core.forms import refusal_show
from lika.core.network import safe_next
from lika.people.models import Person

SESSION_NEXT_KEY = "lika_portal_next"
SESSION_OIDC_KEY = "lika_portal_oidc"
SESSION_CODE_CONTACT_KEY = "lika_portal_code_contact"
# A contact that got no code (unknown or unverified) is answered like one that did: the session keeps
# what was asked for and how many codes were tried, and every code entered is wrong.
SESSION_CODE_NO_CONTACT = 0
SESSION_CODE_ASKED_KEY = "lika_portal_code_asked"
SESSION_CODE_TRIES_KEY = "lika_portal_code_tries"


def _client_ip(request: HttpRequest) -> str | None:
    """The client's address as django-axes reads it for staff logins (so the proxy settings apply to both)."""
    address = get_client_ip_address(request)
    return str(address) if address else None


def _after_login(request: HttpRequest, person: Person, *, method: str) -> HttpResponseRedirect:
    destination = safe_next(request, str(request.session.get(SESSION_NEXT_KEY, ""))) or reverse(
        "applicant_portal:start"
    )
    portal_login(request, person, method=method)
    return HttpResponseRedirect(destination)


def _oidc_failure_message(reason: str) -> str:
    """Why an e-ID login failed, in words the person can act on; the audit trail keeps the short reason."""
    if reason == "cancelled":
        return _("You cancelled the login with e-ID. Choose a way to log in to try again.")
    if reason in oidc.PROVIDER_DOWN_REASONS:
        return _("The e-ID service did not answer. Wait a moment and try again, or log in with a code.")
    return _(
        "The login with e-ID could not be completed, so you are not logged in. Start again from this page. "
        "If it happens again, log in with a code."
    )


@public_view
@never_cache
@require_safe
def login(request: HttpRequest) -> HttpResponse:
    """Lets the person choose how to log in: e-ID, or a code to a verified phone or e-mail."""
    next_url = safe_next(request, request.GET.get("next"))
    if next_url:
        request.session[SESSION_NEXT_KEY] = next_url
    if portal_person(request) is not None:
        return HttpResponseRedirect(next_url or reverse("applicant_portal:start"))
    timed_out = request.session.pop(SESSION_TIMED_OUT_KEY, False)
    error = request.session.pop("lika_portal_login_error", None)
    return render(
        request,
        "applicant_portal/login.html",
        {
            "e_id_available": provider_config(request) is not None,
            "timed_out": timed_out,
            "error": error,
            "demo_inbox": settings.LIKA_PORTAL_DEV_PROVIDER,
        },
    )


def _login_error(request: HttpRequest, message: str) -> HttpResponseRedirect:
    # After a redirect the message must survive one request: keep it in the session until the login page shows it.
    request.session["lika_portal_login_error"] = message
    return HttpResponseRedirect(reverse("applicant_portal:login"))


@public_view
@never_cache
@require_safe
def oidc_start(request: HttpRequest) -> HttpResponse:
    """Sends the browser to the e-ID broker, keeping state, nonce and PKCE verifier in the session."""
    config = provider_config(request)
    if config is None:
        return _login_error(request, _("Login with e-ID is not available here. Log in with a code instead."))
    try:
        throttle_check(identifier=None, ip=_client_ip(request))
    except ValidationError as error:
        return _login_error(request, " ".join(error.messages))
    try:
        metadata = oidc.provider_metadata(config, oidc.http_client(settings.LIKA_PORTAL_OIDC))
    except oidc.OidcError as error:
        return _login_error(request, _oidc_failure_message(error.reason))
    redirect_uri = request.build_absolute_uri(reverse("applicant_portal:oidc_callback"))
    url, pending = oidc.authorization_start(
        config, metadata, redirect_uri=redirect_uri, language=translation.get_language() or "sv"
    )
    request.session[SESSION_OIDC_KEY] = pending.as_session()
    return HttpResponseRedirect(url)


@public_view
@never_cache
@require_safe
def oidc_callback(request: HttpRequest) -> HttpResponse:
    """Checks the broker's answer and logs the person in, or says why not."""
    acting = login_acting()
    ip = _client_ip(request)
    # The pending login works once: a replayed or second callback finds nothing.
    pending = oidc.PendingLogin.from_session(request.session.pop(SESSION_OIDC_KEY, None))
    config = provider_config(request)
    try:
        throttle_check(identifier=None, ip=ip)
    except ValidationError as error:
        return _login_error(request, " ".join(error.messages))
    if pending is None or config is None:
        portal_login_failure_record(acting=acting, method="oidc", reason="no_pending_login", ip=ip)
        return _login_error(request, _oidc_failure_message("no_pending_login"))
    try:
        http = oidc.http_client(settings.LIKA_PORTAL_OIDC)
        verified = oidc.authorization_complete(
            config, oidc.provider_metadata(config, http), pending, request.GET.dict(), http
        )
    except oidc.OidcError as error:
        portal_login_failure_record(acting=acting, method="oidc", reason=error.reason, ip=ip)
        return _login_error(request, _oidc_failure_message(error.reason))
    try:
        person = portal_identity_login(
            acting=acting,
            issuer=verified.issuer,
            subject=verified.subject,
            personal_number=verified.identity,
            ip=ip,
        )
    except ValidationError as error:
        return _login_error(request, " ".join(error.messages))
    return _after_login(request, person, method="oidc")


@public_view
@never_cache
@require_http_methods(["GET", "POST"])
def code_request(request: HttpRequest) -> HttpResponse:
    """Asks for the phone number or e-mail address to send a one-time code to, and sends it."""
    form = CodeRequestForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            contact = one_time_code_send(
                acting=login_acting(), value=form.cleaned_data["contact"], ip=_client_ip(request)
            )
        except ValidationError as error:
            refusal_show(form, error)
        else:
            request.session[SESSION_CODE_CONTACT_KEY] = contact.pk if contact else SESSION_CODE_NO_CONTACT
            request.session[SESSION_CODE_ASKED_KEY] = contact_normalize(form.cleaned_data["contact"])[1]
            request.session[SESSION_CODE_TRIES_KEY] = 0
            return HttpResponseRedirect(reverse("applicant_portal:code_verify"))
    return render(
        request, "applicant_portal/code_request.html", {"form": form, "demo_inbox": settings.LIKA_PORTAL_DEV_PROVIDER}
    )


@public_view
@never_cache
@require_http_methods(["GET", "POST"])
def code_verify(request: HttpRequest) -> HttpResponse:
    """Asks for the code that was sent, and logs the person in when it is right."""
    contact_id = request.session.get(SESSION_CODE_CONTACT_KEY)
    if not isinstance(contact_id, int):
        return HttpResponseRedirect(reverse("applicant_portal:code_request"))
    form = CodeVerifyForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid() and contact_id == SESSION_CODE_NO_CONTACT:
        tries = int(request.session.get(SESSION_CODE_TRIES_KEY, 0)) + 1
        request.session[SESSION_CODE_TRIES_KEY] = tries
        try:
            error = unknown_contact_code_try(
                acting=login_acting(),
                identifier=str(request.session.get(SESSION_CODE_ASKED_KEY, "")),
                tries=tries,
                ip=_client_ip(request),
            )
        except ValidationError as throttled:
            error = throttled
        refusal_show(form, error)
    elif request.method == "POST" and form.is_valid():
        try:
            person = one_time_code_verify(
                acting=login_acting(), contact_id=contact_id, code=form.cleaned_data["code"], ip=_client_ip(request)
            )
        except ValidationError as error:
            refusal_show(form, error)
        else:
            return _after_login(request, person, method="code")
    return render(
        request,
        "applicant_portal/code_verify.html",
        {
            "form": form,
            "code_minutes": settings.LIKA_PORTAL_CODE_MINUTES,
            "demo_inbox": settings.LIKA_PORTAL_DEV_PROVIDER,
        },
    )


@public_view
@require_POST
def logout(request: HttpRequest) -> HttpResponse:
    """Ends the portal session (by POST only, so no link or image can log anyone out)."""
    portal_logout(request)
    return render(request, "applicant_portal/logged_out.html")


@portal_view
@require_POST
def session_extend(request: HttpRequest, person: Person) -> HttpResponseBase:
    """Keeps the session going (reaching this view is the activity) and returns to the page the person was on."""
    destination = safe_next(request, request.POST.get("next")) or reverse("applicant_portal:start")
    return HttpResponseRedirect(destination)


@portal_view
@require_safe
def start(request: HttpRequest, person: Person) -> HttpResponseBase:
    """Min Sida's own address leads to the overview of the person's case."""
    return HttpResponseRedirect(reverse("applicant_portal:timeline"))
