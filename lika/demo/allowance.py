"""The demo's allowance month: cards for every adult, a few officers' exceptions and reductions,
decisions for next month, and a payment run prepared, approved by someone else and executed.

Everything goes through the allowance services, as a case officer and an approver would do it.
Running it again for a month that already has decisions changes nothing.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass

from lika.accounts.models import User
from lika.allowance import services as allowance
from lika.allowance.models import (
    Card,
    CardException,
    Decision,
    ExceptionKind,
    ExceptionReason,
    HeldReason,
    PaymentRun,
    ReductionGround,
)
from lika.allowance.rules.month import Month
from lika.allowance.selectors import month_amounts
from lika.audit.acting import Acting
from lika.demo.bank_accounts import iban_se_demo
from lika.people.models import HouseholdMembership, LmaEligibilityPeriod, MemberRole, Person, Sex

# Shares seen in the seed report: 93 % of two-adult families had a card each in 2024.
EXCEPTION_SHARE = 0.07
REDUCTION_SHARE = 0.01


@dataclass(frozen=True)
class AllowanceSummary:
    month: Month
    cards: int
    exceptions: int
    reductions: int
    decisions: int
    run: PaymentRun | None
    held_for_account: int = 0


def demo_allowance_month(*, today: datetime.date, seed: int) -> AllowanceSummary:
    """Runs next month's allowance for the demo population, once."""
    month = Month(today.year, today.month).next()
    officer = User.objects.get(username="case-officer")
    approver = User.objects.get(username="approver")
    by_officer = Acting(actor=officer, reason="Demo: the month's allowance")
    by_approver = Acting(actor=approver, reason="Demo: checked the run against the decisions")
    if Decision.objects.filter(month=str(month)).exists():
        return AllowanceSummary(month, 0, 0, 0, 0, None)
    rng = random.Random(seed)  # noqa: S311 - demo choices, not security
    day = month.first
    eligible = set(LmaEligibilityPeriod.objects.covering(day).values_list("person_id", flat=True))
    memberships = list(
        HouseholdMembership.objects.covering(day)
        .filter(role=MemberRole.ADULT, person_id__in=eligible)
        .select_related("person")
        .order_by("household_id", "person_id")
    )
    with_card = set(Card.objects.usable().values_list("holder_id", flat=True))
    adult_born_by = day.replace(year=day.year - 18) if (day.month, day.day) != (2, 29) else day.replace(day=28)
    adults = Person.objects.filter(pk__in=eligible, birth_date__lte=adult_born_by).exclude(pk__in=with_card)
    cards: dict[int, Card] = {}
    for person in adults.order_by("pk"):
        # About one new card in three waits for the card issuer's account, so the run shows money held for it.
        if person.pk % 3 == 0:
            card = allowance.card_order(acting=by_officer, person=person, on=today, account_from_issuer=True)
        else:
            card = allowance.card_order(
                acting=by_officer, person=person, on=today, account_iban=iban_se_demo(person.pk)
            )
        if rng.random() < 0.95:
            card = allowance.card_activate(acting=by_officer, card=card, on=today)
        cards[person.pk] = card
    exceptions = _exceptions(memberships, cards, by_officer, rng, day)
    reductions = 0
    for membership in memberships:
        if rng.random() < REDUCTION_SHARE:
            allowance.reduction_decide(
                acting=by_officer,
                person=membership.person,
                ground=rng.choice(list(ReductionGround.values)),
                daily_ore=rng.choice([1000, 2000, 4000]),
                start_date=day,
            )
            reductions += 1
    amounts = month_amounts(month)
    decisions = allowance.decisions_issue(acting=by_officer, month=month, amounts=amounts)
    payday = max(today, day - datetime.timedelta(days=5))
    run = allowance.payment_run_prepare(acting=by_officer, month=month, execution_date=payday, amounts=amounts)
    run = allowance.payment_run_approve(acting=by_approver, run=run)
    run = allowance.payment_run_execute(acting=by_approver, run=run)
    held_for_account = run.payments.filter(held_reason=HeldReason.NO_ACCOUNT).count()
    return AllowanceSummary(month, len(cards), exceptions, reductions, len(decisions), run, held_for_account)


def _exceptions(
    memberships: list[HouseholdMembership],
    cards: dict[int, Card],
    acting: Acting,
    rng: random.Random,
    day: datetime.date,
) -> int:
    """In a few two-adult households a woman's money goes to the man's card, by a recorded choice."""
    by_household: dict[int, list[Person]] = {}
    for membership in memberships:
        by_household.setdefault(membership.household_id, []).append(membership.person)
    made = 0
    for adults in by_household.values():
        women = [p for p in adults if p.sex == Sex.FEMALE]
        men = [p for p in adults if p.sex == Sex.MALE]
        if len(adults) != 2 or not women or not men or rng.random() >= EXCEPTION_SHARE:
            continue
        if CardException.objects.filter(person=women[0]).covering(day).exists():
            continue
        card = cards.get(men[0].pk)
        if card is None:
            continue
        allowance.card_exception_create(
            acting=acting,
            person=women[0],
            kind=rng.choice([ExceptionKind.SINGLE_PAYEE, ExceptionKind.JOINT_CARD]),
            card=card,
            reason=rng.choice(list(ExceptionReason.values)),
            start_date=day,
        )
        made += 1
    return made
