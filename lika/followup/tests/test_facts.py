"""The fact job: what each fact table holds after a rebuild, and that incremental rebuilds add only what is new."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.db.models import Model

from lika.accounts.models import User
from lika.allowance import services as allowance
from lika.allowance.models import (
    Card,
    CardException,
    Decision,
    ExceptionKind,
    ExceptionReason,
    Payment,
    PaymentRun,
    PaymentStatus,
)
from lika.audit.acting import Acting
from lika.core import clock
from lika.followup.facts.build import facts_rebuild
from lika.followup.models import (
    FactAllowanceMonth,
    FactCardException,
    FactChannelVisit,
    FactHouseholdYear,
    FactPayment,
    FactPermitConversationTopic,
    FactPermitDecision,
    FactPersonYear,
    FactRebuild,
)
from lika.newcomer_info.models import Channel, ChannelKind
from lika.newcomer_info.services import channel_visit_count
from lika.people import services
from lika.people.models import ConversationTopic, DecisionOutcome, PermitDecision, PermitGround, PermitKind
from lika.testing.personas import Couple, MakeCouple

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
    assert _couples_with_both_cards(2021) == (19, 25)  # 76 %
    assert _couples_with_both_cards(2022) == (0, 0)
    assert _couples_with_both_cards(2024) == (13, 14)  # 93 %
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


def _paid(couple: Couple, run: PaymentRun, *, paid_at: datetime.datetime, amount_ore: int = 100_000) -> Payment:
    return Payment.objects.create(
        run=run,
        person=couple.woman,
        month=run.month,
        card=couple.cards[couple.woman.pk],
        amount_ore=amount_ore,
        end_to_end_id=f"R{run.pk}P{couple.woman.pk}",
        status=PaymentStatus.PAID,
        paid_at=paid_at,
    )


def test_a_payment_marked_paid_just_before_a_rebuild_but_committed_after_it_is_added_next_time(
    make_couple: MakeCouple, officer: User
) -> None:
    """A payment run marks a chunk paid with the time of its UPDATE and commits a moment later.

    If a rebuild starts in between, it cannot see the chunk; the next rebuild must still add it, although
    its ``paid_at`` lies before the previous rebuild began. Nor may a payment be added twice.
    """
    couple = make_couple(Y2024)
    run = PaymentRun.objects.create(
        month="2026-10", execution_date=datetime.date(2026, 10, 1), prepared_by=officer, message_id="LIKA-T1"
    )
    facts_rebuild(as_of=AS_OF)
    previous = FactRebuild.objects.filter(table=FactPayment._meta.db_table).first()
    assert previous is not None
    _paid(couple, run, paid_at=previous.started_at - datetime.timedelta(milliseconds=5))
    facts_rebuild(as_of=AS_OF)
    facts_rebuild(as_of=AS_OF)
    assert list(FactPayment.objects.values_list("sex", "holder_sex", "amount_ore")) == [("female", "female", 100_000)]


def test_a_permit_decision_or_exception_committed_after_a_later_one_is_not_skipped(
    make_couple: MakeCouple, by_officer: Acting
) -> None:
    """Ids are handed out when a row is inserted, not when it is committed, so a lower id can appear later.

    The decision (and the exception) with the lower id is made to appear only after a rebuild has read
    the one with the higher id, as a transaction that began first and committed last would.
    """
    couple = make_couple(Y2024)
    application = services.permit_application_submit(
        acting=by_officer, person=couple.woman, ground=PermitGround.ASYLUM, submitted_on=Y2024
    )
    early, late = (
        services.permit_decision_record(
            acting=by_officer, application=application, decided_on=day, outcome=DecisionOutcome.REFUSED
        )
        for day in (datetime.date(2024, 3, 1), datetime.date(2024, 9, 1))
    )
    early_exception = allowance.card_exception_create(
        acting=by_officer,
        person=couple.woman,
        kind=ExceptionKind.JOINT_CARD,
        card=couple.cards[couple.man.pk],
        reason=ExceptionReason.values[0],
        start_date=Y2024,
        end_date=datetime.date(2024, 6, 30),
    )
    allowance.card_exception_create(
        acting=by_officer,
        person=couple.woman,
        kind=ExceptionKind.SINGLE_PAYEE,
        card=couple.cards[couple.man.pk],
        reason=ExceptionReason.values[0],
        start_date=datetime.date(2024, 7, 1),
    )
    held_back: list[tuple[type[Model], dict[str, Any]]] = [
        (model, dict(model._default_manager.filter(pk=row.pk).values().get()))
        for model, row in ((PermitDecision, early), (CardException, early_exception))
    ]
    for model, values in held_back:
        model._default_manager.filter(pk=values["id"]).delete()
    facts_rebuild(as_of=AS_OF)
    for model, values in held_back:
        model._default_manager.create(**values)
    facts_rebuild(as_of=AS_OF)
    assert sorted(FactPermitDecision.objects.values_list("decided_on", flat=True)) == [
        datetime.date(2024, 3, 1),
        datetime.date(2024, 9, 1),
    ]
    assert sorted(FactCardException.objects.values_list("kind", flat=True)) == ["joint_card", "single_payee"]
    assert late.pk > early.pk


def _decision(couple: Couple, month: str, *, pk: int, allowance_ore: int) -> Decision:
    """A decision written directly, with a chosen id (as the database hands them out, not as they commit)."""
    return Decision.objects.create(
        pk=pk,
        person=couple.woman,
        household=couple.household,
        month=month,
        number=f"LMA-{month}-{couple.woman.pk:08d}-1",
        sequence=1,
        allowance_ore=allowance_ore,
        payout_ore=allowance_ore,
        explanation=[],
        digest="0" * 64,
        rules_version="test",
        parameters_version="test",
    )


def test_a_month_whose_decisions_commit_after_a_later_month_is_still_rebuilt(make_couple: MakeCouple) -> None:
    """A month's decisions are issued in one long transaction; a decision for another month may commit first.

    The rebuild that runs in between sees only the other month's decision, whose id is higher; the next
    rebuild must still build the month whose decisions committed last.
    """
    couple = make_couple(datetime.date(2026, 1, 1))
    _decision(couple, "2026-10", pk=1_000, allowance_ore=180_000)
    facts_rebuild(as_of=AS_OF)
    _decision(couple, "2026-11", pk=500, allowance_ore=170_000)
    facts_rebuild(as_of=AS_OF)
    rows = FactAllowanceMonth.objects.filter(person_id=couple.woman.pk, own_decision=True)
    assert sorted(rows.values_list("month", "allowance_ore")) == [("2026-10", 180_000), ("2026-11", 170_000)]
    # The man, in LMA in the same household, counts in both months without a decision of his own.
    assert FactAllowanceMonth.objects.filter(person_id=couple.man.pk, own_decision=False).count() == 2
    # Once every decision shows, a rebuild has no month to redo.
    facts_rebuild(as_of=AS_OF)
    last = FactRebuild.objects.filter(table=FactAllowanceMonth._meta.db_table).first()
    assert last is not None
    assert last.rows_written == 0


def test_channel_visits_counted_after_a_rebuild_for_a_later_day_are_not_lost(db: None) -> None:
    """A rebuild run by hand for a day still to come must not make the next nightly rebuild skip today's visits."""
    channel = Channel.objects.create(code="brev", kind=ChannelKind.PERMIT_LETTER, name="Letter", landing_path="/om/")
    today = clock.today()

    def count(visits: int) -> None:
        channel_visit_count(channel=channel, landing_page="/om/", language="sv", day=today, visits=visits)

    count(3)
    facts_rebuild(as_of=today + datetime.timedelta(days=40))
    count(4)  # later the same day
    facts_rebuild(as_of=today)
    assert list(FactChannelVisit.objects.values_list("day", "visits")) == [(today, 7)]


def test_own_card_on_the_census_day_follows_blocked_and_replaced_cards_and_ended_exceptions(
    make_couple: MakeCouple, by_officer: Acting
) -> None:
    """Blocked then replaced: own card; blocked only: none; an exception that ended: own card again."""
    replaced, blocked, excepted, swapped = (make_couple(Y2024) for _ in range(4))
    allowance.card_block(acting=by_officer, card=replaced.cards[replaced.woman.pk], on=datetime.date(2025, 6, 1))
    allowance.card_replace(
        acting=by_officer, card=Card.objects.get(pk=replaced.cards[replaced.woman.pk].pk), on=datetime.date(2025, 7, 1)
    )
    allowance.card_block(acting=by_officer, card=blocked.cards[blocked.woman.pk], on=datetime.date(2025, 6, 1))
    allowance.card_exception_create(
        acting=by_officer,
        person=excepted.woman,
        kind=ExceptionKind.JOINT_CARD,
        card=excepted.cards[excepted.man.pk],
        reason=ExceptionReason.values[0],
        start_date=Y2024,
        end_date=datetime.date(2025, 3, 31),
    )
    # Replaced on the census day itself: the new card counts from the day it is ordered.
    allowance.card_replace(acting=by_officer, card=swapped.cards[swapped.woman.pk], on=datetime.date(2025, 12, 31))
    facts_rebuild(as_of=AS_OF)

    def own(couple: Couple, year: int) -> bool:
        return FactPersonYear.objects.get(person_id=couple.woman.pk, year=year).own_card

    assert [own(c, 2025) for c in (replaced, blocked, excepted, swapped)] == [True, False, True, True]
    assert not own(excepted, 2024)
    assert FactHouseholdYear.objects.get(year=2025, household_id=blocked.household.pk).both_own_card is False


def test_each_topic_of_a_permit_conversation_is_a_fact_given_or_not(
    make_couple: MakeCouple, by_officer: Acting
) -> None:
    """Issue 15: the follow-up counts, by sex, how often each topic of the permit conversation was given."""
    couple = make_couple(Y2024)
    for person, topics in ((couple.woman, ["om_sverige"]), (couple.man, ["om_sverige", "disability"])):
        application = services.permit_application_submit(
            acting=by_officer, person=person, ground=PermitGround.FAMILY_TIES, submitted_on=Y2024
        )
        decision = services.permit_decision_record(
            acting=by_officer,
            application=application,
            decided_on=datetime.date(2024, 6, 1),
            outcome=DecisionOutcome.GRANTED,
            permit_kind=PermitKind.PERMANENT,
            valid_from=datetime.date(2024, 6, 1),
        )
        services.permit_conversation_record(
            acting=by_officer,
            decision=decision,
            conversation=services.Conversation(
                held_on=datetime.date(2024, 6, 10), channel="in_person", language="ar", interpreter=True, topics=topics
            ),
        )
    facts_rebuild(as_of=AS_OF)
    rows = FactPermitConversationTopic.objects.all()
    assert rows.count() == 2 * len(ConversationTopic.values)
    given = set(rows.filter(given=True).values_list("sex", "topic"))
    assert given == {("female", "om_sverige"), ("male", "om_sverige"), ("male", "disability")}
    assert set(rows.values_list("year", "quarter", "interpreter")) == {(2024, 2, True)}
    facts_rebuild(as_of=AS_OF)
    assert FactPermitConversationTopic.objects.count() == 2 * len(ConversationTopic.values), "added once"
