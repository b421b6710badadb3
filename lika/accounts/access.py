"""Access checks for views. Every view in Lika is wrapped in one of these, and a test walks the
URL configuration to prove it."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponseBase

View = Callable[..., HttpResponseBase]


def staff_view(*permissions: str) -> Callable[[View], View]:
    """Requires a logged-in member of staff holding every one of ``permissions``.

    Anonymous visitors are sent to the login page; staff without the permissions get 403.
    """

    def decorate(view: View) -> View:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponseBase:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if permissions and not request.user.has_perms(permissions):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        wrapper.lika_access = ("staff", permissions)  # type: ignore[attr-defined]
        return wrapper

    return decorate


def public_view(view: View) -> View:
    """Marks a view as open to anyone on purpose (login page, health check)."""
    view.lika_access = ("public", ())  # type: ignore[attr-defined]
    return view
