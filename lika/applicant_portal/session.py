"""Who is logged in to Min Sida: one person, never a household, and never a member of staff.

An applicant's login lives in the session under its own key, apart from Django's staff login, so
that no staff permission ever applies to an applicant and no applicant can reach a staff page.
Every portal view is wrapped in :func:`portal_view`, which answers an anonymous visitor with the
portal's login page and hands the view the logged-in :class:`~lika.people.models.Person`.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Concatenate, ParamSpec, cast

from django.http import HttpRequest, HttpResponseBase, HttpResponseRedirect
from django.urls import reverse
from django.utils.http import urlencode

from lika.people.models import Person

SESSION_PERSON_KEY = "lika_portal_person"
SESSION_METHOD_KEY = "lika_portal_method"

P = ParamSpec("P")
PortalViewFunction = Callable[Concatenate[HttpRequest, Person, P], HttpResponseBase]


def portal_login(request: HttpRequest, person: Person, *, method: str) -> None:
    """Logs ``person`` in to Min Sida, in a new session (so a session fixed before login is worthless)."""
    request.session.cycle_key()
    request.session[SESSION_PERSON_KEY] = person.pk
    request.session[SESSION_METHOD_KEY] = method


def portal_logout(request: HttpRequest) -> None:
    """Ends the applicant's session and everything in it."""
    request.session.flush()


def portal_person(request: HttpRequest) -> Person | None:
    """The person logged in to Min Sida on this request, or None."""
    person_id = request.session.get(SESSION_PERSON_KEY)
    if person_id is None:
        return None
    return Person.objects.filter(pk=person_id).first()


def portal_view(view: PortalViewFunction[P]) -> Callable[Concatenate[HttpRequest, P], HttpResponseBase]:
    """Requires a person logged in to Min Sida and passes them to the view as its second argument."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: P.args, **kwargs: P.kwargs) -> HttpResponseBase:
        person = portal_person(request)
        if person is None:
            login = reverse("applicant_portal:login")
            return HttpResponseRedirect(f"{login}?{urlencode({'next': request.get_full_path()})}")
        return view(request, person, *args, **kwargs)

    wrapper.lika_access = ("portal", ())  # type: ignore[attr-defined]
    return cast("Callable[Concatenate[HttpRequest, P], HttpResponseBase]", wrapper)
