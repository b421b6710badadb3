"""The fact job: what each fact table holds after a rebuild, and that incremental rebuilds add only what is new."""

from __future__ import annotations

import datetime

import pytest

from lika.allowance import services as allowance
from lika.allowance.models import ExceptionKind, ExceptionReason
from lika.followup.facts.build import facts_rebuild
from lika.followup.models import FactCardException, FactHouseholdYear, FactPersonYear, FactRebuild
from lika.followup.tests.conftest import MakeCouple
from lika.people.services import Acting

pytestmark = pytest.mark.django_db

AS_OF = datetime.date(2026, 11, 22)
Y2021 = datetime.date(2021, 1, 1)
Y2024 = datetime.date(2024, 1, 1)


def _couples_with_both_cards(year: int) -> tuple[int, int]:
    households = FactHouseholdYear.objects.filter(year=year, adults_sexes="woman_and_man", lma_adults=2)
    return households.filter(both_own_card=True).count(), households.count()


def test_own_card_series_follows_cards_and_exceptions(make_couple: MakeCouple) -> None:
    """25 couples in 2021, 6 of them on a joint card (76 %); 14 in 2024, one on a joint card (13 of 14, 93 %)."""
    for index in range(25):
        make_couple(Y2021, datetime.date(2021, 12, 31), joint_card=index < 6)
    for index in range(14):
        make_couple(Y2024, datetime.date(2024, 12, 31), joint_card=index < 1)
    facts_rebuild(as_of=AS_OF)
    assert _couples_with_both_cards(2021) == (19, 25)
    assert _couples_with_both_cards(2022) == (0, 0)
    assert _couples_with_both_cards(2024) == (13, 14)
    assert round(100 * 19 / 25) == 76
    assert round(100 * 13 / 14) == 93
    # The person-level companion says who lacks the card: the woman, in every one of the seven couples.
    lacking = FactPersonYear.objects.filter(couple_woman_man=True, own_card=False)
    assert sorted(lacking.values_list("sex", flat=True).distinct()) == ["female"]
    assert lacking.count() == 7


def test_a_woman_without_any_card_is_not_counted_as_having_one(make_couple: MakeCouple) -> None:
    couple = make_couple(Y2024, woman_card=False)
    facts_rebuild(as_of=AS_OF)
    row = FactPersonYear.objects.get(year=2025, person_id=couple.woman.pk)
    assert row.couple_woman_man
    assert not row.own_card
    assert FactPersonYear.objects.get(year=2025, person_id=couple.man.pk).own_card


def test_census_of_the_current_year_is_the_rebuild_day(make_couple: MakeCouple) -> None:
    make_couple(datetime.date(2026, 11, 1))
    facts_rebuild(as_of=AS_OF)
    assert set(FactHouseholdYear.objects.values_list("year", "census_date")) == {(2026, AS_OF)}


def test_exceptions_are_added_incrementally(make_couple: MakeCouple, by_officer: Acting) -> None:
    first = make_couple(Y2024, joint_card=True)
    facts_rebuild(as_of=AS_OF)
    assert FactCardException.objects.count() == 1
    second = make_couple(Y2024)
    allowance.card_exception_create(
        acting=by_officer,
        person=second.man,
        kind=ExceptionKind.SINGLE_PAYEE,
        card=second.cards[second.woman.pk],
        reason=ExceptionReason.values[0],
        start_date=datetime.date(2025, 2, 1),
    )
    facts_rebuild(as_of=AS_OF)
    last = FactRebuild.objects.filter(table=FactCardException._meta.db_table).first()
    assert last is not None
    assert not last.full
    assert last.rows_written == 1
    rows = {(r.sex, r.payee_sex, r.year, r.quarter) for r in FactCardException.objects.all()}
    assert rows == {("female", "male", 2024, 1), ("male", "female", 2025, 1)}
    assert first.household.pk != second.household.pk
    # A full rebuild gives the same rows.
    facts_rebuild(as_of=AS_OF, full=True)
    assert {(r.sex, r.payee_sex, r.year, r.quarter) for r in FactCardException.objects.all()} == rows
