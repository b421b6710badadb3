"""The municipality of residence: a dated period per person, checked against Statistics Sweden's codes."""

from __future__ import annotations

import datetime
from collections.abc import Callable

import pytest
from django.core.exceptions import ValidationError

from lika.audit.acting import Acting
from lika.people import services
from lika.people.models import MunicipalityOfResidence, Person

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def test_a_move_ends_the_open_period_the_day_before(acting: Acting, make_person: Callable[..., Person]) -> None:
    person = make_person()
    services.municipality_of_residence_record(
        acting=acting, person=person, municipality_code="2180", start_date=datetime.date(2026, 3, 1)
    )
    services.municipality_of_residence_record(
        acting=acting, person=person, municipality_code="1280", start_date=datetime.date(2026, 9, 1)
    )
    periods = list(MunicipalityOfResidence.objects.filter(person=person).values_list("municipality_code", "end_date"))
    assert periods == [("2180", datetime.date(2026, 8, 31)), ("1280", None)]


def test_an_unknown_code_or_an_overlap_is_refused_and_nothing_changes(
    acting: Acting, make_person: Callable[..., Person]
) -> None:
    person = make_person()
    with pytest.raises(ValidationError) as caught:
        services.municipality_of_residence_record(
            acting=acting, person=person, municipality_code="9999", start_date=datetime.date(2026, 3, 1)
        )
    assert "1280" in caught.value.message_dict["municipality_code"][0]
    services.municipality_of_residence_record(
        acting=acting, person=person, municipality_code="2180", start_date=datetime.date(2026, 3, 1)
    )
    with pytest.raises(ValidationError) as overlap:
        services.municipality_of_residence_record(
            acting=acting, person=person, municipality_code="1280", start_date=datetime.date(2026, 3, 1)
        )
    assert set(overlap.value.message_dict) == {"start_date"}
    assert MunicipalityOfResidence.objects.get(person=person).end_date is None
