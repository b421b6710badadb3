"""The period queries agree with the plain reading of a closed interval of days."""

from __future__ import annotations

import datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lika.people.models import AccommodationKind, AccommodationPeriod, Person, Sex

ORIGIN = datetime.date(2025, 1, 1)
days = st.integers(min_value=0, max_value=60)
periods = st.tuples(days, st.one_of(st.none(), st.integers(min_value=0, max_value=30)))


def _dates(start: int, length: int | None) -> tuple[datetime.date, datetime.date | None]:
    begin = ORIGIN + datetime.timedelta(days=start)
    return begin, None if length is None else begin + datetime.timedelta(days=length)


@pytest.mark.django_db
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(stored=st.lists(periods, max_size=6), asked=periods, day=days)
def test_covering_and_overlapping_match_the_closed_interval_reading(
    stored: list[tuple[int, int | None]], asked: tuple[int, int | None], day: int
) -> None:
    AccommodationPeriod.objects.all().delete()
    Person.objects.all().delete()
    person = Person.objects.create(
        dossier_number="10000000",
        given_name="P",
        family_name="Q",
        birth_date=ORIGIN,
        sex=Sex.UNKNOWN,
        country_of_birth="SE",
        preferred_language="sv",
    )
    rows = [
        AccommodationPeriod.objects.create(
            person=person, kind=AccommodationKind.OWN, food_included=False, start_date=s, end_date=e
        )
        for s, e in (_dates(*p) for p in stored)
    ]
    on = ORIGIN + datetime.timedelta(days=day)
    expected_covering = {r.pk for r in rows if r.start_date <= on and (r.end_date is None or on <= r.end_date)}
    assert set(AccommodationPeriod.objects.covering(on).values_list("pk", flat=True)) == expected_covering
    assert {r.pk for r in rows if r.covers(on)} == expected_covering

    start, end = _dates(*asked)
    expected_overlap = {
        r.pk for r in rows if (r.end_date is None or r.end_date >= start) and (end is None or r.start_date <= end)
    }
    assert set(AccommodationPeriod.objects.overlapping(start, end).values_list("pk", flat=True)) == expected_overlap
