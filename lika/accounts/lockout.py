"""django-axes's count of failed staff logins, for the logins that do not pass through a password check.

The password form is counted by django-axes itself (its authentication backend and the
``user_login_failed`` signal). Sign-in through the agency's identity provider, and a break-glass
password whose TOTP code is missing or wrong, are counted here the same way, by user name and client
address: failures before the provider has said who logged in count against a fixed name, so that
one address cannot try without end.
"""

from __future__ import annotations

from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_lockout_response
from django.contrib.auth.signals import user_login_failed
from django.http import HttpRequest, HttpResponse

# Not a possible Lika user name (Django's allow letters, digits and @.+-_ only).
UNKNOWN_USER = "(agency sign-in)"


def _credentials(username: str | None) -> dict[str, str]:
    return {"username": username or UNKNOWN_USER}


def failure_count(request: HttpRequest | None, username: str | None) -> None:
    """Counts a failed login by ``username`` (or an unknown one) from this client, as a wrong password is."""
    user_login_failed.send(sender=__name__, credentials=_credentials(username), request=request)


def lockout_response(request: HttpRequest, username: str | None) -> HttpResponse | None:
    """Django-axes's lockout page when ``username`` (or an unknown one) is locked out at this address, else None."""
    credentials = _credentials(username)
    if not AxesProxyHandler.is_locked(request, credentials):
        return None
    response: HttpResponse = get_lockout_response(request, None, credentials)
    return response
