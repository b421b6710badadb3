"""Opening a registry record for a staff page, as ``get_object_or_404`` does for a plain model, and
the search that finds one.

The registry's reads (:func:`~lika.people.selectors.person_open`, :func:`~lika.people.selectors.household_open`)
check protected identity and audit the opening; a page turns their refusals into HTTP answers: an
unknown record is 404, one the viewer may not see is 403. Every part's staff pages open persons and
households through these two.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.core.paginator import Page, Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect

from lika.accounts.access import StaffRequest
from lika.core import clock
from lika.people.forms import PersonSearchForm
from lika.people.models import HouseholdMembership, Person
from lika.people.selectors import household_open, person_open, person_search

SEARCH_PAGE_SIZE = 50


def person_open_or_404(request: StaffRequest, person_id: int) -> Person:
    """The person, opened through the registry's audited read for the member of staff asking."""
    try:
        return person_open(person_id=person_id, viewer=request.user)
    except Person.DoesNotExist as error:
        raise Http404 from error
    except PermissionError as error:
        raise PermissionDenied from error


def household_open_or_404(request: StaffRequest, household_id: int) -> list[HouseholdMembership]:
    """The household's memberships, opened through the registry's read; 404 where it has none."""
    try:
        members = household_open(household_id=household_id, viewer=request.user)
    except PermissionError as error:
        raise PermissionDenied from error
    if not members:
        raise Http404
    return members


@dataclass(frozen=True)
class PersonSearchPage:
    form: PersonSearchForm
    page: Page[Person] | None


def person_search_page(request: StaffRequest, *, list_all: bool) -> PersonSearchPage | HttpResponse:
    """A staff page's search for a person by dossier number, personal number or name.

    The search is sent by POST and kept in the session for this page, then the page is shown again by
    GET (its pages by ``?page=``): the numbers never stand in an address, so they stay out of browser
    history, access logs and the Referer of the next request. With ``list_all`` an empty search lists
    everyone; otherwise it shows nothing. The filters by sex and by LMA today are kept the same way.
    """
    key = f"lika_search:{request.path}"
    if request.method == "POST":
        form = PersonSearchForm(request.POST)
        if not form.is_valid():
            return PersonSearchPage(form=form, page=None)
        request.session[key] = form.cleaned_data
        return redirect(request.path)
    kept = request.session.get(key) or {}
    if isinstance(kept, str):  # a search kept before the filters came
        kept = {"q": kept}
    query, sex, in_lma = str(kept.get("q", "")), str(kept.get("sex", "")), bool(kept.get("in_lma"))
    form = PersonSearchForm(initial={"q": query, "sex": sex, "in_lma": in_lma})
    if not (query or list_all):
        return PersonSearchPage(form=form, page=None)
    found = person_search(query=query, sex=sex, in_lma_on=clock.today() if in_lma else None)
    return PersonSearchPage(form=form, page=Paginator(found, SEARCH_PAGE_SIZE).get_page(request.GET.get("page")))
