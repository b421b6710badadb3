"""Access checks for views. Every view in Lika is wrapped in one of these, and a test walks the
URL configuration to prove it."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import TYPE_CHECKING, Concatenate, ParamSpec, cast

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponseBase

if TYPE_CHECKING:
    from lika.accounts.models import User

View = Callable[..., HttpResponseBase]
P = ParamSpec("P")


class StaffRequest(HttpRequest):
    """A request that :func:`staff_view` let through: its user is a logged-in member of staff.

    Views wrapped in ``staff_view`` annotate their request with this type and read ``request.user``
    as a :class:`~lika.accounts.models.User`, with no cast of their own.
    """

    user: User


StaffViewFunction = Callable[Concatenate[StaffRequest, P], HttpResponseBase]


def staff_view(
    *permissions: str,
) -> Callable[[StaffViewFunction[P]], Callable[Concatenate[HttpRequest, P], HttpResponseBase]]:
    """Requires a logged-in member of staff holding every one of ``permissions``.

    Anonymous visitors are sent to the login page; staff without the permissions get 403. The view
    receives a :class:`StaffRequest`.
    """

    def decorate(view: StaffViewFunction[P]) -> Callable[Concatenate[HttpRequest, P], HttpResponseBase]:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: P.args, **kwargs: P.kwargs) -> HttpResponseBase:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if permissions and not request.user.has_perms(permissions):
                raise PermissionDenied
            return view(cast("StaffRequest", request), *args, **kwargs)

        wrapper.lika_access = ("staff", permissions)  # type: ignore[attr-defined]
        return cast("Callable[Concatenate[HttpRequest, P], HttpResponseBase]", wrapper)

    return decorate


def public_view(view: View) -> View:
    """Marks a view as open to anyone on purpose (login page, health check)."""
    view.lika_access = ("public", ())  # type: ignore[attr-defined]
    return view
