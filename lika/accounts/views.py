"""Staff login: through the agency's identity provider (OpenID Connect), or with a password.

Views stay thin: the OIDC client is in :mod:`lika.core.oidc`, the provider's configuration in
:mod:`lika.accounts.providers`, every record in :mod:`lika.accounts.services` and the lockout count in
:mod:`lika.accounts.lockout`.
"""

from __future__ import annotations

from typing import Any

import django_otp
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth import views as auth_views
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseBase, HttpResponseRedirect
from django.shortcuts import resolve_url
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from lika.accounts import lockout
from lika.accounts.forms import StaffLoginForm, break_glass_only
from lika.accounts.models import User
from lika.accounts.providers import staff_provider_config
from lika.accounts.services import (
    break_glass_login_record,
    staff_identity_login,
    staff_login_acting,
    staff_login_failure_record,
)
from lika.core import oidc
from lika.core.access import public_view
from lika.core.network import safe_next

SESSION_OIDC_KEY = "lika_staff_oidc"
SESSION_NEXT_KEY = "lika_staff_next"
SESSION_ERROR_KEY = "lika_staff_login_error"


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = StaffLoginForm
    redirect_authenticated_user = True

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if request.user.is_authenticated and request.GET.get(self.redirect_field_name):
            # A page that refused a member of staff who is logged in sent them here to log in (Wagtail's
            # admin does, for a role without access to it); sending them back would go round in circles.
            # Say plainly that their role does not reach the page, once, without the messages each round left.
            for _stale in messages.get_messages(request):
                pass
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["agency_sign_in"] = staff_provider_config(self.request) is not None
        context["break_glass_only"] = break_glass_only()
        # The code's field is shown only where someone needs it: the demo's accounts have no code.
        context["show_code"] = break_glass_only() or User.objects.filter(break_glass=True, is_active=True).exists()
        context["sign_in_error"] = self.request.session.pop(SESSION_ERROR_KEY, None)
        return context

    def form_valid(self, form: StaffLoginForm) -> HttpResponse:  # type: ignore[override]
        response = super().form_valid(form)
        if form.totp_device is not None:
            break_glass_login_record(acting=staff_login_acting(), user=form.get_user())
            django_otp.login(self.request, form.totp_device)
        return response


login = public_view(LoginView.as_view())


def login_redirect(request: HttpRequest) -> HttpResponseRedirect:
    """Lika's own login page, which alone applies Lika's rules, with the page asked for kept.

    Django's admin and Wagtail have login forms of their own that would accept a password alone,
    even where only the break-glass account may use one, and then only with its code.
    """
    next_url = safe_next(request, request.GET.get("next")) or reverse("admin:index")
    return redirect_to_login(next_url, login_url=reverse("accounts:login"))


@public_view
@never_cache
def login_elsewhere(request: HttpRequest) -> HttpResponse:
    """Wagtail's login address: nothing sent to it is read, nobody is logged in here."""
    return login_redirect(request)


# Logging out only works by POST (Django refuses GET), so it is safe for anyone to reach.
logout = public_view(auth_views.LogoutView.as_view())


def _login_error(request: HttpRequest, message: str) -> HttpResponseRedirect:
    # After a redirect the message must survive one request: the session keeps it until the login page shows it.
    request.session[SESSION_ERROR_KEY] = message
    return HttpResponseRedirect(reverse("accounts:login"))


def _failure_message(reason: str) -> str:
    """Why a sign-in with the agency's account failed, in words staff can act on; the audit trail keeps the reason."""
    if reason == "acr":
        return _(
            "Your agency account signed you in without multi-factor authentication, which Lika requires. "
            "Sign in again and confirm it with your second factor, such as your card or the app on your phone."
        )
    if reason == "cancelled":
        return _("You cancelled the sign-in with the agency's account.")
    if reason in oidc.PROVIDER_DOWN_REASONS:
        return _("The agency's sign-in service did not answer. Wait a moment and try again.")
    return _(
        "The sign-in with the agency's account could not be completed, so you are not signed in. "
        "Start again from this page."
    )


@public_view
@never_cache
@require_safe
def oidc_start(request: HttpRequest) -> HttpResponse:
    """Sends the browser to the agency's identity provider, keeping state, nonce and PKCE verifier in the session."""
    config = staff_provider_config(request)
    if config is None:
        return _login_error(request, _("Sign-in with the agency's account is not available here."))
    locked = lockout.lockout_response(request, None)
    if locked is not None:
        return locked
    request.session[SESSION_NEXT_KEY] = safe_next(request, request.GET.get("next")) or ""
    try:
        metadata = oidc.provider_metadata(config, oidc.http_client(settings.LIKA_STAFF_OIDC))
    except oidc.OidcError as error:
        return _login_error(request, _failure_message(error.reason))
    redirect_uri = request.build_absolute_uri(reverse("accounts:oidc_callback"))
    url, pending = oidc.authorization_start(
        config, metadata, redirect_uri=redirect_uri, language=translation.get_language() or "sv"
    )
    request.session[SESSION_OIDC_KEY] = pending.as_session()
    return HttpResponseRedirect(url)


def _refused(request: HttpRequest, *, reason: str, username: str | None, message: str) -> HttpResponse:
    staff_login_failure_record(acting=staff_login_acting(), method="oidc", reason=reason, username=username)
    lockout.failure_count(request, username)
    return lockout.lockout_response(request, username) or _login_error(request, message)


@public_view
@never_cache
@require_safe
def oidc_callback(request: HttpRequest) -> HttpResponse:
    """Checks the provider's answer and logs the member of staff in, or says why not."""
    # The pending sign-in works once: a replayed or second callback finds nothing.
    pending = oidc.PendingLogin.from_session(request.session.pop(SESSION_OIDC_KEY, None))
    config = staff_provider_config(request)
    locked = lockout.lockout_response(request, None)
    if locked is not None:
        return locked
    if pending is None or config is None:
        return _refused(request, reason="no_pending_login", username=None, message=_failure_message("no_pending_login"))
    try:
        http = oidc.http_client(settings.LIKA_STAFF_OIDC)
        verified = oidc.authorization_complete(
            config, oidc.provider_metadata(config, http), pending, request.GET.dict(), http
        )
    except oidc.OidcError as error:
        return _refused(request, reason=error.reason, username=error.identity, message=_failure_message(error.reason))
    locked = lockout.lockout_response(request, verified.identity)
    if locked is not None:
        return locked
    try:
        user = staff_identity_login(
            acting=staff_login_acting(), username=verified.identity, issuer=verified.issuer, acr=verified.acr
        )
    except ValidationError as error:
        lockout.failure_count(request, verified.identity)
        return lockout.lockout_response(request, verified.identity) or _login_error(request, " ".join(error.messages))
    return _after_login(request, user)


def _after_login(request: HttpRequest, user: User) -> HttpResponseRedirect:
    destination = safe_next(request, str(request.session.pop(SESSION_NEXT_KEY, ""))) or resolve_url(
        settings.LOGIN_REDIRECT_URL
    )
    # The password backend is named because no backend authenticated this user: the identity provider did.
    auth_login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    return HttpResponseRedirect(destination)
