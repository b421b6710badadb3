"""Cards, exceptions, reductions, individual decisions and the exactly-once payment run."""

from __future__ import annotations

import datetime
import json
from collections import Counter
from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from lika.accounts.models import User
from lika.accounts.roles import Role
from lika.allowance import services as allowance
from lika.allowance.documents import decision_layout
from lika.allowance.models import (
    Card,
    CardStatus,
    Decision,
    ExceptionKind,
    ExceptionReason,
    HeldReason,
    ImmutableError,
    Payment,
    PaymentRun,
    PaymentStatus,
    ReductionGround,
    RunStatus,
)
from lika.allowance.payment_file import pain001_validate
from lika.allowance.rules.month import Month
from lika.allowance.selectors import child_names, month_amounts
from lika.allowance.tests.factories import DECEMBER_PAYDAY
from lika.audit.acting import Acting
from lika.audit.models import AuditEvent
from lika.demo.bank_accounts import iban_se_demo
from lika.people import services
from lika.people.models import (
    EligibilityBasis,
    GuardianKind,
    HouseholdMembership,
    MemberRole,
    Partnership,
    Person,
)
from lika.testing.personas import START, Family

pytestmark = pytest.mark.django_db
DECEMBER = Month(2026, 12)
# Married adults 61 kr a day each; Lina (11) 50 kr and Sami (7) 43 kr, shared equally (MV-page).
OWN = 61 * 31 * 100
CHILDREN = (50 + 43) * 31 * 100
EACH = OWN + CHILDREN // 2


def test_each_adult_gets_an_own_decision_addressed_to_them(family: Family, by_officer: Acting) -> None:
    issued = allowance.decisions_issue(acting=by_officer, month=DECEMBER)
    assert {d.person_id for d in issued} == {family.woman.pk, family.man.pk}
    for decision in issued:
        assert (decision.allowance_ore, decision.payout_ore) == (OWN, EACH)
        # Swedish, English, and Arabic, the family's own language (the personas read Arabic).
        assert {d.language for d in decision.documents.all()} == {"sv", "en", "ar"}
        assert all(d.pdf[:5] == b"%PDF-" for d in decision.documents.all())
        assert decision.rules_version
        assert decision.parameters_version.startswith("2024-04-01/")
    assert AuditEvent.objects.filter(action="allowance.decision_issue").count() == 2


def test_a_decision_never_names_the_other_adult(family: Family, by_officer: Acting) -> None:
    allowance.decisions_issue(acting=by_officer, month=DECEMBER)
    decision = Decision.objects.get(person=family.woman)
    for language in ("sv", "en"):
        with translation.override(language):
            text = json.dumps(decision_layout(decision=decision, person=family.woman, children={}), ensure_ascii=False)
        assert "Amina" in text
        assert "Omar" not in text


def test_a_protected_child_is_not_named_in_a_parents_decision(
    family: Family, by_officer: Acting, acting: Acting
) -> None:
    services.person_update(acting=acting, person=family.younger, protected_identity=True)
    allowance.decisions_issue(acting=by_officer, month=DECEMBER)
    decision = Decision.objects.get(person=family.man)
    names = child_names(decision.explanation)
    assert names == {family.elder.pk: "Lina"}


def test_issuing_again_without_changes_issues_nothing(family: Family, by_officer: Acting) -> None:
    allowance.decisions_issue(acting=by_officer, month=DECEMBER)
    assert allowance.decisions_issue(acting=by_officer, month=DECEMBER) == []


def test_a_change_of_facts_issues_a_new_decision_to_each_adult_affected(family: Family, by_officer: Acting) -> None:
    first = {d.person_id: d for d in allowance.decisions_issue(acting=by_officer, month=DECEMBER)}
    allowance.reduction_decide(
        acting=by_officer,
        person=family.man,
        ground=ReductionGround.REFUSES_ACTIVITY,
        daily_ore=1000,
        start_date=datetime.date(2026, 12, 1),
    )
    second = allowance.decisions_issue(acting=by_officer, month=DECEMBER)
    assert [d.person_id for d in second] == [family.man.pk]
    [new] = second
    assert new.supersedes == first[family.man.pk]
    assert new.sequence == 2
    assert new.payout_ore == EACH - 1000 * 31


def test_a_decision_is_never_changed(family: Family, by_officer: Acting) -> None:
    decision = allowance.decisions_issue(acting=by_officer, month=DECEMBER)[0]
    decision.payout_ore = 1
    with pytest.raises(ImmutableError):
        decision.save()
    with pytest.raises(ImmutableError):
        decision.delete()
    with pytest.raises(ImmutableError):
        decision.documents.first().save()  # type: ignore[union-attr]


def test_every_adult_gets_an_own_card_and_a_child_only_from_16(family: Family, acting: Acting) -> None:
    assert set(family.cards) == {family.woman.pk, family.man.pk}
    with pytest.raises(ValidationError, match="from the age of 16"):
        allowance.card_order(
            acting=acting,
            person=family.elder,
            on=datetime.date(2026, 12, 1),
            account_iban=iban_se_demo(family.elder.pk),
        )
    with pytest.raises(ValidationError, match="already has a card"):
        allowance.card_order(
            acting=acting,
            person=family.woman,
            on=datetime.date(2026, 12, 1),
            account_iban=iban_se_demo(family.woman.pk),
        )


def test_card_lifecycle_ordered_active_blocked_replaced(family: Family, acting: Acting) -> None:
    card = family.cards[family.woman.pk]
    card = allowance.card_activate(acting=acting, card=card, on=datetime.date(2025, 1, 5))
    assert card.status == CardStatus.ACTIVE
    card = allowance.card_block(acting=acting, card=card, on=datetime.date(2025, 3, 1))
    assert card.status == CardStatus.BLOCKED
    new = allowance.card_replace(acting=acting, card=card, on=datetime.date(2025, 3, 2))
    card.refresh_from_db()
    assert (card.status, new.status, new.replaces) == (CardStatus.REPLACED, CardStatus.ORDERED, card)
    assert new.account_iban == card.account_iban


def test_a_card_ordered_without_an_account_or_the_issuers_is_refused_and_nothing_written(
    make_person: Callable[..., Person], by_officer: Acting
) -> None:
    """No account is made up: an officer enters one or chooses that the card issuer supplies it."""
    person = make_person()
    events = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as refused:
        allowance.card_order(acting=by_officer, person=person, on=datetime.date(2026, 12, 1))
    assert refused.value.message_dict == {
        "account_iban": ["Enter the account's IBAN, or choose that the card issuer supplies the account."]
    }
    assert not Card.objects.exists()
    assert AuditEvent.objects.count() == events


@pytest.mark.parametrize(
    ("account", "words"),
    [
        ("SE45 5000 0000 0583 9825 7467", "check digits do not match"),
        ("SE45 5000 0000 0583 9825 746", "An IBAN from SE has 24 characters; this one has 23."),
        ("SE45-5000-0000-0583-9825-746!", "only letters and digits; this one also has !"),
        ("XX45 5000 0000 0583 9825 7466", "XX is not one that has IBANs"),
        ("SE03 5000 0000 0583 9825 74A6", "not the form of an account number from SE"),  # a letter, check digits right
        ("   ", "Enter the account's IBAN, or choose"),
    ],
)
def test_an_account_that_is_not_a_valid_iban_is_refused_saying_what_is_wrong(
    make_person: Callable[..., Person], by_officer: Acting, account: str, words: str
) -> None:
    with pytest.raises(ValidationError) as refused:
        allowance.card_order(
            acting=by_officer, person=make_person(), on=datetime.date(2026, 12, 1), account_iban=account
        )
    [message] = refused.value.message_dict["account_iban"]
    assert words in message
    assert not Card.objects.exists()


def test_an_account_and_the_issuers_choice_together_are_refused(
    make_person: Callable[..., Person], by_officer: Acting
) -> None:
    with pytest.raises(ValidationError, match="not both"):
        allowance.card_order(
            acting=by_officer,
            person=make_person(),
            on=datetime.date(2026, 12, 1),
            account_iban=iban_se_demo(1),
            account_from_issuer=True,
        )
    assert not Card.objects.exists()


def test_an_officer_may_enter_any_countrys_iban_and_it_is_kept_compact(
    make_person: Callable[..., Person], by_officer: Acting
) -> None:
    card = allowance.card_order(
        acting=by_officer,
        person=make_person(),
        on=datetime.date(2026, 12, 1),
        account_iban="de89 3704 0044 0532 0130 00",
    )
    assert card.account_iban == "DE89370400440532013000"
    assert AuditEvent.objects.get(action="allowance.card_order").details["account_from"] == "officer"


def test_a_card_whose_account_the_issuer_supplies_has_none_until_it_is_recorded(
    make_person: Callable[..., Person], by_officer: Acting
) -> None:
    card = allowance.card_order(
        acting=by_officer, person=make_person(), on=datetime.date(2026, 12, 1), account_from_issuer=True
    )
    assert (card.account_iban, card.has_account) == ("", False)
    assert AuditEvent.objects.get(action="allowance.card_order").details["account_from"] == "issuer"
    allowance.card_account_set(acting=by_officer, card=card, account_iban=iban_se_demo(7))
    card.refresh_from_db()
    assert (card.account_iban, card.has_account) == (iban_se_demo(7), True)
    event = AuditEvent.objects.get(action="allowance.card_account_set")
    assert (event.actor, event.reason, event.object_id) == (by_officer.actor, "Monthly allowance", str(card.pk))


def test_recording_an_account_is_refused_without_the_right_and_for_a_card_that_has_one(
    family: Family, make_person: Callable[..., Person], by_officer: Acting, make_staff: Callable[..., User]
) -> None:
    card = allowance.card_order(
        acting=by_officer, person=make_person(), on=datetime.date(2026, 12, 1), account_from_issuer=True
    )
    reader = Acting(actor=make_staff(Role.ANALYST, username="reader"), reason="Issuer's letter")
    with pytest.raises(ValidationError, match="reader may not do this"):
        allowance.card_account_set(acting=reader, card=card, account_iban=iban_se_demo(7))
    with pytest.raises(ValidationError, match="check digits do not match"):
        allowance.card_account_set(acting=by_officer, card=card, account_iban=iban_se_demo(7)[:-1] + "0")
    with pytest.raises(ValidationError, match="already has an account"):
        allowance.card_account_set(acting=by_officer, card=family.cards[family.woman.pk], account_iban=iban_se_demo(7))
    card.refresh_from_db()
    assert card.account_iban == ""
    family.cards[family.woman.pk].refresh_from_db()
    assert family.cards[family.woman.pk].account_iban == iban_se_demo(family.woman.pk)
    assert not AuditEvent.objects.filter(action="allowance.card_account_set").exists()


def test_a_card_exception_is_an_officers_recorded_choice(family: Family, by_officer: Acting, acting: Acting) -> None:
    card = family.cards[family.man.pk]
    with pytest.raises(ValidationError, match="chosen by a case officer"):
        allowance.card_exception_create(
            acting=acting,
            person=family.woman,
            kind=ExceptionKind.SINGLE_PAYEE,
            card=card,
            reason=ExceptionReason.CANNOT_USE_CARD,
            start_date=datetime.date(2026, 12, 1),
        )
    with pytest.raises(ValidationError, match="listed reasons"):
        allowance.card_exception_create(
            acting=by_officer,
            person=family.woman,
            kind=ExceptionKind.SINGLE_PAYEE,
            card=card,
            reason="he said so",
            start_date=datetime.date(2026, 12, 1),
        )
    exception = allowance.card_exception_create(
        acting=by_officer,
        person=family.woman,
        kind=ExceptionKind.SINGLE_PAYEE,
        card=card,
        reason=ExceptionReason.CANNOT_USE_CARD,
        start_date=datetime.date(2026, 12, 1),
    )
    event = AuditEvent.objects.get(action="allowance.card_exception_create")
    assert event.reason == "Monthly allowance"
    assert event.details["reason_code"] == "cannot_use_card"
    assert exception.decided_by == by_officer.actor


def _texts(xml: bytes, name: str) -> list[str]:
    """The texts of every element called ``name`` in a payment file, in document order."""
    return [element.text or "" for element in etree.fromstring(xml).iter(f"{{*}}{name}")]


def _run(by_officer: Acting, by_approver: Acting) -> PaymentRun:
    run = allowance.payment_run_prepare(acting=by_officer, month=DECEMBER, execution_date=DECEMBER_PAYDAY)
    return allowance.payment_run_approve(acting=by_approver, run=run)


def test_the_officer_who_prepared_a_run_cannot_approve_it(family: Family, make_staff: Callable[..., User]) -> None:
    """Even someone who holds both rights (an administrator) cannot approve their own run."""
    both = Acting(actor=make_staff(Role.ADMINISTRATOR), reason="Looks fine")
    run = allowance.payment_run_prepare(acting=both, month=DECEMBER, execution_date=DECEMBER_PAYDAY)
    with pytest.raises(ValidationError, match="someone other than the officer who prepared it"):
        allowance.payment_run_approve(acting=both, run=run)
    run.refresh_from_db()
    assert run.status == RunStatus.PREPARED
    assert run.approved_by is None


def test_a_run_is_paid_in_advance(family: Family, by_officer: Acting) -> None:
    with pytest.raises(ValidationError, match="paid in advance"):
        allowance.payment_run_prepare(acting=by_officer, month=DECEMBER, execution_date=datetime.date(2026, 12, 1))
    assert not PaymentRun.objects.exists()


def test_an_executed_run_pays_each_adult_on_their_own_card(
    family: Family, by_officer: Acting, by_approver: Acting
) -> None:
    run = allowance.payment_run_execute(acting=by_approver, run=_run(by_officer, by_approver))
    payments = {p.person_id: p for p in run.payments.all()}
    assert {k: (p.amount_ore, p.card_id, p.status) for k, p in payments.items()} == {
        family.woman.pk: (EACH, family.cards[family.woman.pk].pk, PaymentStatus.PAID),
        family.man.pk: (EACH, family.cards[family.man.pk].pk, PaymentStatus.PAID),
    }
    assert run.total_ore == 2 * EACH == OWN * 2 + CHILDREN
    assert run.payment_file is not None
    pain001_validate(bytes(run.payment_file))
    amounts = _texts(bytes(run.payment_file), "InstdAmt")
    assert sorted(amounts) == [f"{EACH // 100}.{EACH % 100:02d}"] * 2
    assert run.card_load_lines.count("\n") == 3


def test_single_payee_exception_routes_the_money_and_keeps_it_the_persons(
    family: Family, by_officer: Acting, by_approver: Acting
) -> None:
    allowance.card_exception_create(
        acting=by_officer,
        person=family.woman,
        kind=ExceptionKind.SINGLE_PAYEE,
        card=family.cards[family.man.pk],
        reason=ExceptionReason.OWN_WRITTEN_REQUEST,
        start_date=datetime.date(2026, 11, 1),
    )
    run = allowance.payment_run_execute(acting=by_approver, run=_run(by_officer, by_approver))
    woman = run.payments.get(person=family.woman)
    assert (woman.amount_ore, woman.card_id) == (EACH, family.cards[family.man.pk].pk)


def test_a_person_without_a_usable_card_is_held_not_paid(
    family: Family, by_officer: Acting, by_approver: Acting, acting: Acting
) -> None:
    allowance.card_block(acting=acting, card=family.cards[family.man.pk], on=datetime.date(2026, 11, 1))
    run = allowance.payment_run_execute(acting=by_approver, run=_run(by_officer, by_approver))
    assert (run.payments_count, run.total_ore, run.held_count, run.held_ore) == (1, EACH, 1, EACH)
    assert run.payments.get(person=family.man).status == PaymentStatus.HELD


def _issuer_card_for_the_man(family: Family, acting: Acting) -> Card:
    """Omar's card is replaced by one whose account the card issuer has not yet reported."""
    allowance.card_block(acting=acting, card=family.cards[family.man.pk], on=datetime.date(2026, 11, 1))
    return allowance.card_order(
        acting=acting, person=family.man, on=datetime.date(2026, 11, 2), account_from_issuer=True
    )


def test_a_payee_whose_card_has_no_account_is_held_and_paid_once_the_account_is_recorded(
    family: Family, by_officer: Acting, by_approver: Acting, acting: Acting
) -> None:
    card = _issuer_card_for_the_man(family, acting)
    run = allowance.payment_run_execute(acting=by_approver, run=_run(by_officer, by_approver))
    assert (run.payments_count, run.total_ore, run.held_count, run.held_ore) == (1, EACH, 1, EACH)
    held = run.payments.get(person=family.man)
    assert (held.status, held.held_reason, held.card_id) == (PaymentStatus.HELD, HeldReason.NO_ACCOUNT, card.pk)
    assert _texts(bytes(run.payment_file or b""), "EndToEndId") == [f"R{run.pk}P{family.woman.pk}"]
    assert card.reference not in run.card_load_lines
    entitled = sum(run.entitlements.values_list("payout_ore", flat=True))
    assert run.total_ore + run.held_ore == entitled
    allowance.card_account_set(acting=by_officer, card=card, account_iban=iban_se_demo(family.man.pk))
    later = allowance.payment_run_execute(acting=by_approver, run=_run(by_officer, by_approver))
    assert [(p.person_id, p.amount_ore, p.status) for p in later.payments.all()] == [
        (family.man.pk, EACH, PaymentStatus.PAID)
    ]
    assert iban_se_demo(family.man.pk) in bytes(later.payment_file or b"").decode()


def test_a_person_paid_on_another_adults_card_without_an_account_is_held_too(
    family: Family, by_officer: Acting, by_approver: Acting, acting: Acting
) -> None:
    card = _issuer_card_for_the_man(family, acting)
    allowance.card_exception_create(
        acting=by_officer,
        person=family.woman,
        kind=ExceptionKind.JOINT_CARD,
        card=card,
        reason=ExceptionReason.OWN_WRITTEN_REQUEST,
        start_date=datetime.date(2026, 11, 3),
    )
    run = allowance.payment_run_execute(acting=by_approver, run=_run(by_officer, by_approver))
    assert (run.status, run.payments_count, run.held_count, run.held_ore) == (RunStatus.EXECUTED, 0, 2, 2 * EACH)
    assert set(run.payments.values_list("held_reason", flat=True)) == {HeldReason.NO_ACCOUNT}
    assert not run.payment_file


def test_payments_held_for_want_of_a_card_say_so(
    family: Family, by_officer: Acting, by_approver: Acting, acting: Acting
) -> None:
    allowance.card_block(acting=acting, card=family.cards[family.man.pk], on=datetime.date(2026, 11, 1))
    run = _run(by_officer, by_approver)
    allowance.card_block(acting=acting, card=family.cards[family.woman.pk], on=datetime.date(2026, 11, 23))
    run = allowance.payment_run_execute(acting=by_approver, run=run)
    reasons = dict(run.payments.values_list("person_id", "held_reason"))
    assert reasons == {family.man.pk: HeldReason.NO_USABLE_CARD, family.woman.pk: HeldReason.NO_USABLE_CARD}


def test_a_second_run_pays_only_what_is_still_owed(
    family: Family, by_officer: Acting, by_approver: Acting, acting: Acting
) -> None:
    allowance.card_block(acting=acting, card=family.cards[family.man.pk], on=datetime.date(2026, 11, 1))
    allowance.payment_run_execute(acting=by_approver, run=_run(by_officer, by_approver))
    allowance.card_order(
        acting=acting, person=family.man, on=datetime.date(2026, 11, 20), account_iban=iban_se_demo(family.man.pk)
    )
    second = allowance.payment_run_execute(acting=by_approver, run=_run(by_officer, by_approver))
    assert [(p.person_id, p.amount_ore) for p in second.payments.all()] == [(family.man.pk, EACH)]
    paid = Counter(p.person_id for p in Payment.objects.filter(status=PaymentStatus.PAID))
    assert paid == {family.woman.pk: 1, family.man.pk: 1}


class SimulatedCrashError(Exception):
    pass


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(crashes=st.lists(st.integers(0, 5), min_size=1, max_size=4))
def test_a_run_killed_at_any_point_and_executed_again_pays_everyone_exactly_once(
    crashes: list[int],
    make_person: object,
    by_officer: Acting,
    by_approver: Acting,
    acting: Acting,
) -> None:
    """SimulatedCrashError points are counted over every place a crash can fall (inside and after each chunk, and
    while the file is written); after each crash the run is executed again until it finishes."""
    Payment.objects.all().delete()
    PaymentRun.objects.all().delete()
    run = _run(by_officer, by_approver)
    expected = {p.person_id: p.amount_ore for p in run.payments.all()}
    for crash_at in crashes:
        seen = {"count": 0}

        def fault(point: str, crash_at: int = crash_at, seen: dict[str, int] = seen) -> None:
            if seen["count"] == crash_at:
                seen["count"] += 1
                raise SimulatedCrashError(point)
            seen["count"] += 1

        try:
            allowance.payment_run_execute(acting=by_approver, run=run, chunk=1, fault=fault)
        except SimulatedCrashError:
            run.refresh_from_db()
            assert run.status in {RunStatus.APPROVED, RunStatus.EXECUTING}
    run = allowance.payment_run_execute(acting=by_approver, run=run, chunk=1)
    assert run.status == RunStatus.EXECUTED
    paid = list(run.payments.filter(status=PaymentStatus.PAID).values_list("person_id", "amount_ore"))
    assert dict(paid) == expected
    assert len(paid) == len(expected)
    assert sum(a for _, a in paid) == run.total_ore
    assert run.payment_file is not None
    ids = _texts(bytes(run.payment_file), "EndToEndId")
    assert len(ids) == len(set(ids)) == len(expected)
    control = _texts(bytes(run.payment_file), "CtrlSum")[0]
    assert int(control.replace(".", "")) == run.total_ore


@pytest.fixture(autouse=True)
def _family_for_crash_test(request: pytest.FixtureRequest) -> None:
    if request.node.name.startswith("test_a_run_killed"):
        request.getfixturevalue("family")


def test_executing_an_executed_run_again_changes_nothing(
    family: Family, by_officer: Acting, by_approver: Acting
) -> None:
    run = allowance.payment_run_execute(acting=by_approver, run=_run(by_officer, by_approver))
    again = allowance.payment_run_execute(acting=by_approver, run=run)
    assert again.payment_file_sha256 == run.payment_file_sha256
    assert again.executed_at == run.executed_at


def test_only_one_open_run_per_month(family: Family, by_officer: Acting) -> None:
    allowance.payment_run_prepare(acting=by_officer, month=DECEMBER, execution_date=DECEMBER_PAYDAY)
    with pytest.raises(ValidationError, match="already has a run"):
        allowance.payment_run_prepare(acting=by_officer, month=DECEMBER, execution_date=DECEMBER_PAYDAY)


def test_a_run_where_everyone_is_held_finishes_without_a_file(
    family: Family, by_officer: Acting, by_approver: Acting, acting: Acting
) -> None:
    for card in family.cards.values():
        allowance.card_block(acting=acting, card=card, on=datetime.date(2026, 11, 1))
    run = allowance.payment_run_execute(acting=by_approver, run=_run(by_officer, by_approver))
    assert (run.status, run.payments_count, run.held_count) == (RunStatus.EXECUTED, 0, 2)
    assert not run.payment_file
    assert run.card_load_lines == ""


def _father_leaves_on_the_10th(family: Family, acting: Acting) -> None:
    partnership = Partnership.objects.get(household=family.household)
    services.partnership_end(acting=acting, partnership=partnership, end_date=datetime.date(2026, 12, 10))
    membership = HouseholdMembership.objects.get(household=family.household, person=family.man)
    services.household_member_end(acting=acting, membership=membership, end_date=datetime.date(2026, 12, 10))


def test_an_adult_who_moves_out_alone_is_paid_for_every_day(family: Family, acting: Acting) -> None:
    """Partner rate for 10 days in the family, single rate for the 21 days on his own (MV-page)."""
    _father_leaves_on_the_10th(family, acting)
    amounts = month_amounts(DECEMBER)
    assert amounts.allowance_ore(family.man.pk) == 6100 * 10 + 7100 * 21
    assert amounts.allowance_ore(family.woman.pk) == 6100 * 10 + 7100 * 21


def test_a_households_decisions_count_the_days_its_members_spent_elsewhere(
    family: Family, acting: Acting, make_person: Callable[..., Person], by_officer: Acting
) -> None:
    _father_leaves_on_the_10th(family, acting)
    services.household_create(
        acting=acting,
        start_date=datetime.date(2026, 12, 11),
        members=[services.Member(family.man, MemberRole.ADULT), services.Member(make_person(), MemberRole.ADULT)],
    )
    amounts = month_amounts(DECEMBER, household_ids=[family.household.pk])
    assert amounts.allowance_ore(family.man.pk) == 6100 * 10 + 7100 * 21
    issued = allowance.decisions_issue(acting=by_officer, month=DECEMBER, household_ids=[family.household.pk])
    assert {d.person_id: d.allowance_ore for d in issued}[family.man.pk] == 6100 * 10 + 7100 * 21


def test_a_childs_own_card_counts_until_the_day_it_is_closed(
    family: Family, acting: Acting, make_person: Callable[..., Person]
) -> None:
    """A 17-year-old with an own card is paid on it up to the day it is blocked, then via the parents."""
    teenager = make_person(given_name="Noor", birth_date=datetime.date(2009, 3, 3))
    services.household_member_add(
        acting=acting, household=family.household, person=teenager, role=MemberRole.CHILD, start_date=START
    )
    for parent in (family.woman, family.man):
        services.guardianship_create(
            acting=acting,
            child=teenager,
            guardian=parent,
            kind=GuardianKind.PARENT,
            start_date=teenager.birth_date,
            end_date=datetime.date(2027, 3, 2),
        )
    services.lma_eligibility_create(
        acting=acting, person=teenager, basis=EligibilityBasis.ASYLUM_SEEKER, start_date=START
    )
    card = allowance.card_order(
        acting=acting, person=teenager, on=datetime.date(2026, 11, 1), account_iban=iban_se_demo(teenager.pk)
    )
    allowance.card_block(acting=acting, card=card, on=datetime.date(2026, 12, 20))
    amounts = month_amounts(DECEMBER)
    # Noor (17) and Lina (11) are the two eldest at 50 kr; Sami (7) is third, at half of 43 kr (MV-page).
    assert amounts.payout_ore(teenager.pk) == 5000 * 20
    shared = 5000 * 31 + 2150 * 31 + 5000 * 11
    assert amounts.payout_ore(family.woman.pk) == OWN + shared // 2
    assert amounts.payout_ore(family.man.pk) == OWN + shared // 2


def test_a_payment_date_that_has_passed_is_refused(family: Family, by_officer: Acting) -> None:
    with pytest.raises(ValidationError, match="That day has passed"):
        allowance.payment_run_prepare(acting=by_officer, month=DECEMBER, execution_date=datetime.date(2026, 11, 21))
    assert not PaymentRun.objects.exists()


def test_a_later_run_for_a_month_already_paid_may_pay_inside_the_month(
    family: Family, by_officer: Acting, by_approver: Acting, acting: Acting
) -> None:
    allowance.card_block(acting=acting, card=family.cards[family.man.pk], on=datetime.date(2026, 11, 1))
    allowance.payment_run_execute(acting=by_approver, run=_run(by_officer, by_approver))
    allowance.card_order(
        acting=acting, person=family.man, on=datetime.date(2026, 11, 22), account_iban=iban_se_demo(family.man.pk)
    )
    late = allowance.payment_run_prepare(acting=by_officer, month=DECEMBER, execution_date=datetime.date(2026, 12, 3))
    assert [(p.person_id, p.amount_ore) for p in late.payments.all()] == [(family.man.pk, EACH)]


def test_money_paid_too_much_is_recorded_as_overpaid_never_taken_back_by_a_run(
    family: Family, by_officer: Acting, by_approver: Acting
) -> None:
    allowance.payment_run_execute(acting=by_approver, run=_run(by_officer, by_approver))
    allowance.reduction_decide(
        acting=by_officer,
        person=family.man,
        ground=ReductionGround.KEEPS_AWAY,
        daily_ore=1000,
        start_date=datetime.date(2026, 12, 1),
    )
    second = allowance.payment_run_prepare(acting=by_officer, month=DECEMBER, execution_date=DECEMBER_PAYDAY)
    assert (second.payments_count, second.overpaid_count, second.overpaid_ore) == (0, 1, 1000 * 31)
    assert not second.payments.exists()


def test_only_staff_with_the_right_may_approve(
    family: Family, by_officer: Acting, make_staff: Callable[..., User]
) -> None:
    run = allowance.payment_run_prepare(acting=by_officer, month=DECEMBER, execution_date=DECEMBER_PAYDAY)
    other_officer = Acting(actor=make_staff(Role.CASE_OFFICER, username="officer-2"), reason="I approve")
    with pytest.raises(ValidationError, match="officer-2 may not do this"):
        allowance.payment_run_approve(acting=other_officer, run=run)
    run.refresh_from_db()
    assert run.status == RunStatus.PREPARED


def test_a_card_blocked_after_preparation_is_held_when_the_run_executes(
    family: Family, by_officer: Acting, by_approver: Acting, acting: Acting
) -> None:
    run = _run(by_officer, by_approver)
    allowance.card_block(acting=acting, card=family.cards[family.man.pk], on=datetime.date(2026, 11, 23))
    run = allowance.payment_run_execute(acting=by_approver, run=run)
    assert (run.payments_count, run.total_ore, run.held_count) == (1, EACH, 1)
    assert run.payments.get(person=family.man).status == PaymentStatus.HELD
    assert len(_texts(bytes(run.payment_file or b""), "EndToEndId")) == 1


def test_a_payment_file_that_cannot_be_written_stops_the_run_before_anyone_is_paid(
    family: Family, by_officer: Acting, by_approver: Acting, settings: Any
) -> None:
    settings.LIKA_PAYMENT_DEBTOR = {"name": "Agency", "iban": "SE0000000000000000000000", "bic": "NDEASESS"}
    run = _run(by_officer, by_approver)
    with pytest.raises(ValidationError, match="The payment file cannot be written"):
        allowance.payment_run_execute(acting=by_approver, run=run)
    run.refresh_from_db()
    assert run.status == RunStatus.APPROVED
    assert not run.payments.filter(status=PaymentStatus.PAID).exists()


def test_a_month_without_rules_is_refused_with_a_message(by_officer: Acting) -> None:
    with pytest.raises(ValidationError, match="There are no rules for this month"):
        allowance.payment_run_prepare(
            acting=by_officer, month=Month(1990, 1), execution_date=datetime.date(2026, 11, 25)
        )


def test_a_decision_says_where_the_money_goes_when_an_officer_chose_another_card(
    family: Family, by_officer: Acting
) -> None:
    allowance.decisions_issue(acting=by_officer, month=DECEMBER)
    allowance.card_exception_create(
        acting=by_officer,
        person=family.woman,
        kind=ExceptionKind.SINGLE_PAYEE,
        card=family.cards[family.man.pk],
        reason=ExceptionReason.CANNOT_USE_CARD,
        start_date=datetime.date(2026, 12, 1),
    )
    [new] = allowance.decisions_issue(acting=by_officer, month=DECEMBER)
    assert new.person_id == family.woman.pk
    layout = decision_layout(decision=new, person=family.woman, children={}, exception_kind=ExceptionKind.SINGLE_PAYEE)
    assert "It is paid to another adult's card, as your case officer has decided." in layout["summary"]
    assert layout["sections"][0]["heading"] == "Your own card"
    plain = decision_layout(decision=new, person=family.woman, children={})
    assert plain["summary"].endswith("It is paid to your own card.")


def test_a_translated_decision_names_the_swedish_text_as_the_binding_one(family: Family, by_officer: Acting) -> None:
    allowance.decisions_issue(acting=by_officer, month=DECEMBER)
    decision = Decision.objects.get(person=family.woman)
    footers = {}
    for language in ("sv", "en", "ar"):
        with translation.override(language):
            footers[language] = decision_layout(decision=decision, person=family.woman, children={})["footer"]
    assert footers["en"].startswith("This is a translation to help you understand the decision.")
    assert "The decision in Swedish is the one that applies in law." in footers["en"]
    assert footers["ar"].startswith("هذه ترجمة تساعدك على فهم القرار.")
    assert "القرار المكتوب باللغة السويدية هو الذي يُعتمد قانونيًا" in footers["ar"]
    assert "translation" not in footers["sv"]
    assert "översättning" not in footers["sv"]
    assert footers["sv"].startswith("Vi har fattat beslutet enligt 17 §")
