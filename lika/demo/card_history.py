"""The demo's payment cards since 2021: one per adult from the day LMA began, and officers' exceptions
that grow rarer each year, so that the follow-up's own-card series has a history to show.

The yearly shares of couples put on one card follow the direction of the agency's report (76 % of
couples had a card each in 2021, 93 % in 2024); they are made up, not the agency's figures.
Everything goes through the allowance services as a case officer would do it; running it again
changes nothing.
"""

from __future__ import annotations

import datetime
import random
from collections import defaultdict

from django.db import transaction

from lika.accounts.models import User
from lika.allowance import services as allowance
from lika.allowance.models import Card, CardException, ExceptionKind, ExceptionReason
from lika.audit.acting import Acting
from lika.demo.bank_accounts import iban_se_demo
from lika.people.ages import age_on
from lika.people.models import HouseholdMembership, LmaEligibilityPeriod, MemberRole, Person, Sex
from lika.people.parameters import AGE_OF_MAJORITY

# The chance that an officer put a couple's money on the man's card, by the year LMA began.
JOINT_SHARE_BY_YEAR = {2021: 0.24, 2022: 0.17, 2023: 0.11, 2024: 0.07}
JOINT_SHARE_LATER = 0.05
EXCEPTION_DAYS = 730  # exceptions were reviewed and ended after two years


@transaction.atomic  # one commit for thousands of cards: on SQLite each commit waits for the disk
def demo_card_history(*, today: datetime.date, seed: int) -> tuple[int, int]:
    """Orders each adult's card on the day their LMA began and makes the year's exceptions; (cards, exceptions)."""
    if Card.objects.exists():
        return 0, 0
    officer = User.objects.get(username="case-officer")
    acting = Acting(actor=officer, reason="Demo: cards since LMA began")
    rng = random.Random(seed)  # noqa: S311 - demo choices, not security
    first_lma: dict[int, datetime.date] = {}
    for pid, start in (
        LmaEligibilityPeriod.objects.filter(start_date__lte=today)
        .order_by("start_date")
        .values_list("person_id", "start_date")
    ):
        first_lma.setdefault(pid, start)
    persons = Person.objects.in_bulk(list(first_lma))
    cards: dict[int, Card] = {}
    for pid in sorted(first_lma):
        person, start = persons[pid], first_lma[pid]
        if age_on(person.birth_date, start) < AGE_OF_MAJORITY:
            continue
        card = allowance.card_order(acting=acting, person=person, on=start, account_iban=iban_se_demo(pid))
        cards[pid] = allowance.card_activate(
            acting=acting, card=card, on=min(start + datetime.timedelta(days=3), today)
        )
    couples: dict[int, list[Person]] = defaultdict(list)
    for membership in (
        HouseholdMembership.objects.filter(role=MemberRole.ADULT, person_id__in=list(cards))
        .select_related("person")
        .order_by("household_id", "person_id")
    ):
        couples[membership.household_id].append(membership.person)
    made = 0
    for adults in couples.values():
        women = [p for p in adults if p.sex == Sex.FEMALE]
        men = [p for p in adults if p.sex == Sex.MALE]
        if len(adults) != 2 or len(women) != 1 or len(men) != 1:
            continue
        woman, man = women[0], men[0]
        start = max(first_lma[woman.pk], first_lma[man.pk])
        if rng.random() >= JOINT_SHARE_BY_YEAR.get(start.year, JOINT_SHARE_LATER):
            continue
        together = HouseholdMembership.objects.covering(start).filter(person__in=(woman, man), role=MemberRole.ADULT)
        if len({m.household_id for m in together}) != 1 or together.count() != 2:
            continue
        # Reviewed after two years: an exception chosen less than two years ago is still in force
        # after today (an end on the day the demo is set up would empty the current year from tomorrow).
        end = start + datetime.timedelta(days=EXCEPTION_DAYS)
        if CardException.objects.filter(person=woman).overlapping(start, end).exists():
            continue
        allowance.card_exception_create(
            acting=acting,
            person=woman,
            kind=rng.choice([ExceptionKind.JOINT_CARD, ExceptionKind.SINGLE_PAYEE]),
            card=cards[man.pk],
            reason=rng.choice(list(ExceptionReason.values)),
            start_date=start,
            end_date=end,
        )
        made += 1
    return len(cards), made
