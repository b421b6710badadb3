"""Opening a registry record for a staff page, as ``get_object_or_404`` does for a plain model.

The registry's reads (:func:`~lika.people.selectors.person_open`, :func:`~lika.people.selectors.household_open`)
check protected identity and audit the opening; a page turns their refusals into HTTP answers: an
unknown record is 404, one the viewer may not see is 403. Every part's staff pages open persons and
households through these two.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404

from lika.accounts.access import StaffRequest
from lika.people.models import HouseholdMembership, Person
from lika.people.selectors import household_open, person_open


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
