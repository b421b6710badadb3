"""Who is logged in to Min Sida: one person, never a household, and never a member of staff.

An applicant's login lives in the session under its own key, apart from Django's staff login, so
that no staff permission ever applies to an applicant and no applicant can reach a staff page. A
session that holds a staff login never counts as a portal login, and a portal login ends any staff
login in the same browser.

The portal session ends after ``LIKA_PORTAL_IDLE_MINUTES`` without a request; every portal page
shows the time it will end. The clock that counts from the last request moves at most once a
minute (:data:`SEEN_RESOLUTION`), so that a person reading page after page does not cost a session
write on every request; the session therefore ends up to a minute early, never late, and always at
the time the page shows. Every portal view is wrapped in :func:`portal_view`, which answers an
anonymous visitor with the portal's login page and hands the view the logged-in
:class:`~lika.people.models.Person`.
"""

from __future__ import annotations

import datetime
import functools
from collections.abc import Callable
from functools import wraps
from typing import Concatenate, ParamSpec, cast

from django.conf import settings
from django.db import connection
from django.http import HttpRequest, HttpResponseBase, HttpResponseRedirect
from django.urls import reverse
from django.utils.http import urlencode

from lika.core import clock
from lika.core.rows import model_columns, model_from_row, statement_cursor
from lika.people.models import Person

SESSION_PERSON_KEY = "lika_portal_person"
SESSION_METHOD_KEY = "lika_portal_method"
# When the person last made a request, in seconds since the epoch: the idle timeout counts from it.
SESSION_SEEN_KEY = "lika_portal_seen"
# How far the idle clock may lag behind the last request. Each move of the clock writes the session
# row: on SQLite that takes the database's one write lock.
SEEN_RESOLUTION = datetime.timedelta(minutes=1)
# Set when a session ended for being idle, so the login page can say why the person must log in again.
SESSION_TIMED_OUT_KEY = "lika_portal_timed_out"

P = ParamSpec("P")
PortalViewFunction = Callable[Concatenate[HttpRequest, Person, P], HttpResponseBase]


def _idle_limit() -> datetime.timedelta:
    return datetime.timedelta(minutes=settings.LIKA_PORTAL_IDLE_MINUTES)


def portal_login(request: HttpRequest, person: Person, *, method: str) -> None:
    """Logs ``person`` in to Min Sida, in a new session (so a session fixed before login is worthless).

    Anything else in the old session ends with it, a staff login included.
    """
    request.session.flush()
    request.session[SESSION_PERSON_KEY] = person.pk
    request.session[SESSION_METHOD_KEY] = method
    request.session[SESSION_SEEN_KEY] = clock.now().timestamp()


def portal_logout(request: HttpRequest) -> None:
    """Ends the applicant's session and everything in it."""
    request.session.flush()


def _staff_logged_in(request: HttpRequest) -> bool:
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated)


def portal_person(request: HttpRequest) -> Person | None:
    """The person logged in to Min Sida on this request, or None.

    Each call counts as activity and moves the end of the session forward, once the clock lags by
    :data:`SEEN_RESOLUTION` or more. A session idle for longer than the limit is ended here, and the
    next login page says so.
    """
    person_id = request.session.get(SESSION_PERSON_KEY)
    if person_id is None or _staff_logged_in(request):
        return None
    now = clock.now()
    seen = request.session.get(SESSION_SEEN_KEY)
    if not isinstance(seen, int | float) or now.timestamp() - seen > _idle_limit().total_seconds():
        portal_logout(request)
        request.session[SESSION_TIMED_OUT_KEY] = True
        return None
    if now.timestamp() - seen >= SEEN_RESOLUTION.total_seconds():
        request.session[SESSION_SEEN_KEY] = now.timestamp()
    return _person(person_id)


def _person(person_id: int) -> Person | None:
    """The person by key, by a statement written once: on every portal page, building the ORM's query
    cost more than running it (lika/core/rows.py)."""
    with statement_cursor() as cursor:
        cursor.execute(_person_sql(), [person_id])
        row = cursor.fetchone()
    return None if row is None else model_from_row(Person, row)


@functools.cache
def _person_sql() -> str:
    quote = connection.ops.quote_name
    # Table and column names come from the model's _meta and are quoted; the key is a parameter.
    table, key = quote(Person._meta.db_table), quote(Person._meta.pk.column)
    return f"SELECT {model_columns(Person, 'p')} FROM {table} p WHERE p.{key} = %s"  # noqa: S608


def portal_session_ends_at(request: HttpRequest) -> datetime.datetime | None:
    """When the portal session ends unless the person makes another request; None when nobody is logged in."""
    if request.session.get(SESSION_PERSON_KEY) is None:
        return None
    seen = request.session.get(SESSION_SEEN_KEY)
    if not isinstance(seen, int | float):
        return None
    return datetime.datetime.fromtimestamp(seen, tz=datetime.UTC) + _idle_limit()


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
