"""Every write of the allowance: cards, exceptions, reductions, decisions and the monthly payment run.

Each service validates fully before it writes, owns its transaction, and records an audit event
saying who did it and why. The payment run can be killed at any point and executed again: a
payment moves from pending to paid exactly once, in the same transaction as nothing else, and the
payment file is built afterwards from the paid payments alone, so a rerun writes the same bytes.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import re
import uuid
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Sum
from django.utils import translation
from django.utils.translation import gettext as _
from stdnum import iban, numdb
from stdnum.exceptions import InvalidChecksum
from stdnum.exceptions import ValidationError as StdnumError

from lika.allowance import payment_file
from lika.allowance.documents import decision_pdf
from lika.allowance.impact import impact_assess
from lika.allowance.models import (
    OPEN_RUN_STATUSES,
    RUN_FILE_FIELDS,
    USABLE_CARD_STATUSES,
    Card,
    CardException,
    CardStatus,
    Decision,
    DecisionDocument,
    Entitlement,
    ExceptionKind,
    ExceptionReason,
    HeldReason,
    ImpactAssessment,
    Payment,
    PaymentRun,
    PaymentStatus,
    Reduction,
    ReductionGround,
    RunStatus,
)
from lika.allowance.rules import RULES_VERSION
from lika.allowance.rules.explain import Step
from lika.allowance.rules.impact import ProposalError, proposal_parse
from lika.allowance.rules.month import Month
from lika.allowance.rules.parameters import ParameterError, parameters_load
from lika.allowance.selectors import MonthAmounts, child_names, exceptions_active, month_amounts
from lika.audit.acting import Acting
from lika.audit.actions import Action
from lika.core import clock
from lika.core.bulk import large_fields_save, model_rows_write
from lika.core.disclosure import disclosure_rules
from lika.people.models import HouseholdMembership, Person

DECISION_LANGUAGES = ("sv", "en")
# A person whose preferred language is one of these also gets the decision in it: these catalogues
# hold every string of the decision (lika/core/tests/test_newcomer_catalogues.py checks it), and the
# PDF is set right to left for Arabic, Persian and Dari. The Swedish decision stays the one that
# counts, and the translation says so.
TRANSLATED_DECISION_LANGUAGES = ("ar", "fa", "prs", "so", "ti")


def decision_languages(person: Person) -> tuple[str, ...]:
    """The languages ``person``'s decisions are written in: Swedish, English, and their own if it is translated."""
    own = person.preferred_language
    return DECISION_LANGUAGES + ((own,) if own in TRANSLATED_DECISION_LANGUAGES else ())


PAYMENT_CHUNK = 20_000
# A decision is two or three PDFs (Swedish, English, the person's own language if translated); a job
# reports after each chunk of adults (seconds, not minutes, apart).
DECISION_CHUNK = 25
# The IBAN registry python-stdnum ships: each country's code and the form of its account part.
_IBAN_COUNTRIES = numdb.get("iban")
_BBAN_PART_LENGTH = re.compile(r"([0-9]+)!")
_NOT_IBAN_CHARACTER = re.compile(r"[^A-Z0-9]")

Progress = Callable[[int, int], None]


# --- cards ---------------------------------------------------------------------------------------


def _card_create(**fields: Any) -> Card:
    """Creates a card and names it after its own row, so that two officers ordering cards at the
    same moment can never draw the same reference."""
    card = Card.objects.create(reference=uuid.uuid4().hex[:20], **fields)
    card.reference = f"LMA{card.pk:09d}"
    card.save(update_fields=["reference"])
    return card


def _account_iban_checked(text: str) -> str:
    """The account's IBAN in compact form, or a refusal on ``account_iban`` that says what is wrong.

    Any country's IBAN is accepted, as the payment file pays to any (Swedish ones are by far the most).
    Country and length are checked before the check digits, so a number one digit short is called short
    rather than mistyped.
    """
    compact = iban.compact(text)
    if not compact:
        raise ValidationError({"account_iban": _("Enter the account's IBAN.")})
    wrong = sorted(set(_NOT_IBAN_CHARACTER.findall(compact)))
    if wrong:
        raise ValidationError(
            {
                "account_iban": _("An IBAN has only letters and digits; this one also has %(characters)s.")
                % {"characters": " ".join(wrong)}
            }
        )
    country = compact[:2]
    structure = _IBAN_COUNTRIES.info(compact)[0][1].get("bban")
    if not structure:
        raise ValidationError(
            {
                "account_iban": _(
                    "An IBAN starts with the code of its country, such as SE; %(country)s is not one that has IBANs."
                )
                % {"country": country}
            }
        )
    length = 4 + sum(int(count) for count in _BBAN_PART_LENGTH.findall(structure))
    if len(compact) != length:
        raise ValidationError(
            {
                "account_iban": _("An IBAN from %(country)s has %(length)s characters; this one has %(given)s.")
                % {"country": country, "length": length, "given": len(compact)}
            }
        )
    try:
        return str(iban.validate(compact))
    except InvalidChecksum as error:
        raise ValidationError(
            {"account_iban": _("The check digits do not match the rest of the IBAN: a character is probably mistyped.")}
        ) from error
    except StdnumError as error:
        raise ValidationError(
            {
                "account_iban": _("This is not the form of an account number from %(country)s: check each character.")
                % {"country": country}
            }
        ) from error


def card_order(
    *,
    acting: Acting,
    person: Person,
    on: datetime.date,
    account_iban: str = "",
    account_from_issuer: bool = False,
) -> Card:
    """Orders an own card for ``person``. An adult always gets one; a child from the parameter
    ``child_own_card_age`` (16, the agency's practice).

    The card's account is the IBAN the officer enters, or none yet when the officer chooses that the
    card issuer supplies it (``account_from_issuer``): payments to such a card are held until
    :func:`card_account_set` records the account. No account is ever made up here.
    """
    acting.require("allowance.add_card")
    own_card_age = parameters_load().at(on).child_own_card_age
    if person.age_on(on) < own_card_age:
        raise ValidationError(
            {"person": _("A child gets an own card from the age of %(age)s.") % {"age": own_card_age}}
        )
    entered = bool(iban.compact(account_iban))
    if entered and account_from_issuer:
        raise ValidationError(
            {
                "account_iban": _(
                    "Either enter the account's IBAN or choose that the card issuer supplies the account, not both."
                )
            }
        )
    if not entered and not account_from_issuer:
        raise ValidationError(
            {"account_iban": _("Enter the account's IBAN, or choose that the card issuer supplies the account.")}
        )
    account = _account_iban_checked(account_iban) if entered else ""
    with transaction.atomic():
        Person.objects.select_for_update().get(pk=person.pk)
        if Card.objects.usable().filter(holder=person).exists():
            raise ValidationError({"person": _("This person already has a card; replace it instead.")})
        card = _card_create(holder=person, account_iban=account, ordered_on=on)
        account_from = "issuer" if account_from_issuer else "officer"
        acting.audit(Action.CARD_ORDER, card, {"person": person.pk, "account_from": account_from})
    return card


def card_account_set(*, acting: Acting, card: Card, account_iban: str) -> Card:
    """Records the account of a card ordered without one, when the card issuer reports it.

    Payments held for want of the account stay owed; a later run for their month pays them. An account once recorded
    is never changed here: money to another account needs a new card (block this one, order a new one).
    """
    acting.require("allowance.change_card")
    account = _account_iban_checked(account_iban)
    with transaction.atomic():
        card = Card.objects.select_for_update().get(pk=card.pk)
        if not card.usable:
            raise ValidationError(
                {"card": _("This card is blocked or replaced; record the account on the card in use.")}
            )
        if card.account_iban:
            raise ValidationError(
                {
                    "account_iban": _(
                        "This card already has an account. To pay to another account, block the card and order a "
                        "new one with that account."
                    )
                }
            )
        card.account_iban = account
        card.save(update_fields=["account_iban"])
        acting.audit(Action.CARD_ACCOUNT_SET, card)
    return card


def _card_change(
    acting: Acting, card: Card, *, allowed: Callable[[Card], bool], refusal: str, action: Action, **changes: Any
) -> Card:
    """Moves a card to its next state under a row lock; ``allowed`` says whether its current state permits it."""
    acting.require("allowance.change_card")
    with transaction.atomic():
        card = Card.objects.select_for_update().get(pk=card.pk)
        if not allowed(card):
            raise ValidationError({"card": refusal})
        for field, value in changes.items():
            setattr(card, field, value)
        card.save(update_fields=list(changes))
        acting.audit(action, card)
    return card


def card_activate(*, acting: Acting, card: Card, on: datetime.date) -> Card:
    return _card_change(
        acting,
        card,
        allowed=lambda current: current.status == CardStatus.ORDERED,
        refusal=_("Only an ordered card can be activated."),
        action=Action.CARD_ACTIVATE,
        status=CardStatus.ACTIVE,
        activated_on=on,
    )


def card_block(*, acting: Acting, card: Card, on: datetime.date) -> Card:
    """Blocks a lost or misused card. Payments wait until a replacement is ordered."""
    return _card_change(
        acting,
        card,
        allowed=lambda current: current.usable,
        refusal=_("This card is already blocked or replaced."),
        action=Action.CARD_BLOCK,
        status=CardStatus.BLOCKED,
        closed_on=on,
    )


def card_replace(*, acting: Acting, card: Card, on: datetime.date) -> Card:
    """Replaces a card with a new one on the same account; card exceptions follow the new card."""
    acting.require("allowance.change_card")
    with transaction.atomic():
        old = Card.objects.select_for_update().get(pk=card.pk)
        if old.status == CardStatus.REPLACED:
            raise ValidationError({"card": _("This card has already been replaced.")})
        old.status, old.closed_on = CardStatus.REPLACED, old.closed_on or on
        old.save(update_fields=["status", "closed_on"])
        new = _card_create(holder=old.holder, account_iban=old.account_iban, ordered_on=on, replaces=old)
        CardException.objects.filter(card=old).update(card=new)
        acting.audit(Action.CARD_REPLACE, new, {"replaces": old.pk})
    return new


# --- exceptions and reductions -------------------------------------------------------------------


def _adult_members_on(person: Person, on: datetime.date) -> tuple[int | None, set[int]]:
    membership = HouseholdMembership.objects.covering(on).filter(person=person).first()
    if membership is None:
        return None, set()
    others = HouseholdMembership.objects.covering(on).filter(household_id=membership.household_id, role="adult")
    return membership.household_id, set(others.values_list("person_id", flat=True))


def card_exception_create(
    *,
    acting: Acting,
    person: Person,
    kind: str,
    card: Card,
    reason: str,
    start_date: datetime.date,
    end_date: datetime.date | None = None,
) -> CardException:
    """Pays ``person`` on ``card`` instead of their own: an officer's active, recorded choice."""
    acting.require("allowance.add_cardexception")
    if acting.actor is None:
        raise ValidationError({"reason": _("A card exception must be chosen by a case officer.")})
    if kind not in ExceptionKind.values:
        raise ValidationError({"kind": _("Choose joint card or single payee.")})
    if reason not in ExceptionReason.values:
        raise ValidationError({"reason_code": _("Choose one of the listed reasons.")})
    if end_date is not None and end_date < start_date:
        raise ValidationError({"end_date": _("The end date must not be before the start date.")})
    with transaction.atomic():
        Person.objects.select_for_update().get(pk=person.pk)
        adults = _adult_members_on(person, start_date)[1]
        if person.pk not in adults:
            raise ValidationError({"person": _("Only an adult member of a household can be paid on another card.")})
        if card.holder_id == person.pk:
            raise ValidationError({"card": _("Choose another adult's card; this is the person's own.")})
        if card.holder_id not in adults:
            raise ValidationError({"card": _("The card must belong to another adult in the same household.")})
        if not card.usable:
            raise ValidationError({"card": _("The card is blocked or replaced.")})
        overlapping = CardException.objects.filter(person=person).overlapping(start_date, end_date)
        if overlapping.exists():
            raise ValidationError({"start_date": _("The person already has a card exception in this period.")})
        exception = CardException.objects.create(
            person=person,
            kind=kind,
            card=card,
            reason=reason,
            start_date=start_date,
            end_date=end_date,
            decided_by=acting.actor,
        )
        acting.audit(Action.CARD_EXCEPTION_CREATE, exception, {"kind": kind, "reason_code": reason})
    return exception


def card_exception_end(*, acting: Acting, exception: CardException, end_date: datetime.date) -> CardException:
    """Ends an exception, so the person is paid on their own card again from the next day."""
    acting.require("allowance.change_cardexception")
    with transaction.atomic():
        exception = CardException.objects.select_for_update().get(pk=exception.pk)
        if end_date < exception.start_date or (exception.end_date is not None and end_date > exception.end_date):
            raise ValidationError({"end_date": _("The end date must fall within the exception's period.")})
        exception.end_date = end_date
        exception.save(update_fields=["end_date"])
        acting.audit(Action.CARD_EXCEPTION_END, exception, {"end_date": end_date.isoformat()})
    return exception


def reduction_decide(
    *,
    acting: Acting,
    person: Person,
    ground: str,
    daily_ore: int,
    start_date: datetime.date,
    end_date: datetime.date | None = None,
) -> Reduction:
    """Reduces an adult's allowance (LMA 10 §); the rules keep the food part whatever is decided here."""
    acting.require("allowance.add_reduction")
    if acting.actor is None:
        raise ValidationError({"reason": _("A reduction must be decided by a case officer.")})
    if ground not in ReductionGround.values:
        raise ValidationError({"ground": _("Choose one of the grounds in LMA 10 §.")})
    if daily_ore <= 0:
        raise ValidationError({"daily_ore": _("A reduction must be more than zero.")})
    if end_date is not None and end_date < start_date:
        raise ValidationError({"end_date": _("The end date must not be before the start date.")})
    if person.age_on(start_date) < parameters_load().at(start_date).adult_age:
        raise ValidationError({"person": _("Only an adult's allowance can be reduced.")})
    with transaction.atomic():
        Person.objects.select_for_update().get(pk=person.pk)
        if Reduction.objects.filter(person=person).overlapping(start_date, end_date).exists():
            raise ValidationError({"start_date": _("The person already has a reduction in this period.")})
        reduction = Reduction.objects.create(
            person=person,
            ground=ground,
            daily_ore=daily_ore,
            start_date=start_date,
            end_date=end_date,
            decided_by=acting.actor,
        )
        acting.audit(Action.REDUCTION_DECIDE, reduction, {"daily_ore": daily_ore, "ground": ground})
    return reduction


# --- decisions -----------------------------------------------------------------------------------


def _digest(allowance_ore: int, payout_ore: int, steps: list[Step], exception_kind: str | None) -> str:
    """What a decision says, in one value: a new decision is issued only when it changes."""
    canonical = json.dumps([allowance_ore, payout_ore, steps, exception_kind], sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def decisions_issue(
    *,
    acting: Acting,
    month: Month,
    household_ids: list[int] | None = None,
    amounts: MonthAmounts | None = None,
    progress: Progress | None = None,
    chunk: int = DECISION_CHUNK,
) -> list[Decision]:
    """Issues a decision to every adult whose amounts for ``month`` are new or changed.

    An adult whose latest decision still matches the facts gets nothing new; one whose facts
    changed gets a new decision that supersedes the old. Each decision is rendered in Swedish and
    English and stored with the rules and parameter versions used.

    Without ``progress`` every decision is issued in one transaction: all or none. With it (a job on
    the web), ``chunk`` adults at a time, each chunk in its own transaction, reporting after each;
    a job stopped half-way and started again issues only what is still missing, since an adult whose
    decision matches the facts gets nothing new.
    """
    acting.require("allowance.add_decision")
    amounts = amounts or month_amounts(month, household_ids=household_ids)
    adults = list(amounts.adults())
    if progress is None:
        with transaction.atomic():
            return _decisions_issue_to(acting, month, amounts, adults)
    issued: list[Decision] = []
    progress(0, len(adults))
    for start in range(0, len(adults), chunk):
        part = adults[start : start + chunk]
        with transaction.atomic():
            issued += _decisions_issue_to(acting, month, amounts, part)
        progress(start + len(part), len(adults))
    return issued


def _decisions_issue_to(acting: Acting, month: Month, amounts: MonthAmounts, adults: list[int]) -> list[Decision]:
    """Issues the decisions of ``adults`` (in the caller's transaction)."""
    history = amounts.history
    issued = []
    # Lock the addressees first: two officers issuing at once then take turns, and the second
    # sees the first one's decisions instead of numbering its own the same.
    persons = Person.objects.select_for_update().in_bulk(adults)
    latest: dict[int, Decision] = {}
    for decision in Decision.objects.filter(person_id__in=adults, month=str(month)):
        if decision.person_id not in latest or decision.sequence > latest[decision.person_id].sequence:
            latest[decision.person_id] = decision
    exceptions = exceptions_active(adults, month)
    for person_id in adults:
        steps = amounts.steps.get(person_id, [])
        allowance, payout = amounts.allowance_ore(person_id), amounts.payout_ore(person_id)
        exception = exceptions.get(person_id)
        kind = exception.kind if exception else None
        digest = _digest(allowance, payout, steps, kind)
        previous = latest.get(person_id)
        if previous is not None and previous.digest == digest:
            continue
        if previous is None and allowance == 0 and payout == 0:
            continue
        household = amounts.household_of.get(person_id)
        sequence = previous.sequence + 1 if previous else 1
        decision = Decision.objects.create(
            person_id=person_id,
            household_id=household if household and household > 0 else None,
            month=str(month),
            number=f"LMA-{month}-{person_id:08d}-{sequence}",
            sequence=sequence,
            supersedes=previous,
            allowance_ore=allowance,
            payout_ore=payout,
            explanation=steps,
            digest=digest,
            rules_version=RULES_VERSION,
            parameters_version=history.version_label(month.first),
            issued_by=acting.actor,
        )
        children = child_names(steps)
        for language in decision_languages(persons[person_id]):
            with translation.override(language):
                pdf = decision_pdf(decision=decision, person=persons[person_id], children=children, exception_kind=kind)
            DecisionDocument.objects.create(
                decision=decision, language=language, pdf=pdf, sha256=hashlib.sha256(pdf).hexdigest()
            )
        acting.audit(Action.DECISION_ISSUE, decision, {"month": str(month), "sequence": sequence})
        issued.append(decision)
    return issued


# --- the payment run -----------------------------------------------------------------------------


def _already_paid(month: Month) -> dict[int, int]:
    paid = (
        Payment.objects.filter(month=str(month))
        .exclude(run__status=RunStatus.CANCELLED)
        .exclude(status=PaymentStatus.HELD)
        .values("person_id")
        .annotate(total=Sum("amount_ore"))
    )
    return {row["person_id"]: int(row["total"]) for row in paid}


def _payee_cards(person_ids: list[int], month: Month) -> dict[int, int]:
    """The card (id) each person is paid on: an active exception's card, else their own usable card."""
    own = dict(Card.objects.usable().values_list("holder_id", "id").iterator(chunk_size=20_000))
    routed = dict(
        CardException.objects.covering(month.first)
        .filter(card__status__in=USABLE_CARD_STATUSES)
        .values_list("person_id", "card_id")
    )
    chosen = {}
    for person in person_ids:
        card = routed.get(person) or own.get(person)
        if card is not None:
            chosen[person] = card
    return chosen


def payment_run_prepare(
    *, acting: Acting, month: Month, execution_date: datetime.date, amounts: MonthAmounts | None = None
) -> PaymentRun:
    """Computes the month and records what each person is to be paid, less what was paid before.

    The payment date is today or later. The allowance is paid in advance, so a month's first run,
    prepared before the month begins, must pay before it begins; a later run (a correction, or money
    held for want of a card or of a card's account) pays when it can. A person paid on no usable card,
    or on a card whose account is not yet known, is held: owed and counted in the run's held total,
    never written into the bank file. Someone paid more than the month now gives them is
    recorded as overpaid, never paid a negative amount. Everything is written in one transaction,
    so a failed preparation leaves nothing behind.
    """
    acting.require_reason()
    if acting.actor is None:
        raise ValidationError({"reason": _("A payment run is prepared by a case officer.")})
    acting.require("allowance.prepare_paymentrun", reason=False)
    today = clock.today()
    if execution_date < today:
        raise ValidationError({"execution_date": _("That day has passed: choose today or a later day.")})
    first_run = not PaymentRun.objects.filter(month=str(month), status=RunStatus.EXECUTED).exists()
    if first_run and today < month.first <= execution_date:
        raise ValidationError(
            {"execution_date": _("The allowance is paid in advance: choose a day before the month starts.")}
        )
    try:
        amounts = amounts or month_amounts(month)
    except ParameterError as error:
        raise ValidationError(
            {"month": _("There are no rules for this month: %(error)s") % {"error": error}}
        ) from error
    keys = amounts.built.person_keys
    with transaction.atomic():
        if PaymentRun.objects.filter(month=str(month), status__in=OPEN_RUN_STATUSES).exists():
            raise ValidationError({"month": _("This month already has a run that is not finished.")})
        try:
            with transaction.atomic():
                run = PaymentRun.objects.create(
                    month=str(month),
                    execution_date=execution_date,
                    prepared_by=acting.actor,
                    message_id=f"LIKA-{month}-{clock.now():%Y%m%d%H%M%S%f}"[:35],
                )
        except IntegrityError as error:
            raise ValidationError({"month": _("This month already has a run that is not finished.")}) from error
        paid_before = _already_paid(month)
        household = amounts.household_of
        allowance_ore, payout_ore = amounts.result.allowance_ore.tolist(), amounts.result.payout_ore.tolist()
        model_rows_write(
            Entitlement,
            ["run_id", "person_id", "household_id", "allowance_ore", "payout_ore"],
            [
                (run.pk, key, household[key] if household[key] > 0 else None, allowance_ore[i], payout_ore[i])
                for i, key in enumerate(keys)
                if allowance_ore[i] or payout_ore[i]
            ],
        )
        difference = {key: payout_ore[i] - paid_before.get(key, 0) for i, key in enumerate(keys)}
        # Paid before but no longer in the month's facts at all: all of it was paid too much.
        difference.update({key: -paid for key, paid in paid_before.items() if key not in difference})
        owed = {key: amount for key, amount in sorted(difference.items()) if amount > 0}
        overpaid = [-amount for amount in difference.values() if amount < 0]
        cards = _payee_cards(list(owed), month)
        # A card whose account the issuer has not yet reported cannot be paid: its payees are held.
        without_account = set(Card.objects.usable().filter(account_iban="").values_list("id", flat=True))
        held_for = {
            key: HeldReason.NO_USABLE_CARD.value if key not in cards else HeldReason.NO_ACCOUNT.value
            for key in owed
            if key not in cards or cards[key] in without_account
        }
        model_rows_write(
            Payment,
            [
                "run_id",
                "person_id",
                "month",
                "card_id",
                "amount_ore",
                "end_to_end_id",
                "status",
                "held_reason",
                "paid_at",
            ],
            [
                (
                    run.pk,
                    key,
                    str(month),
                    cards.get(key),
                    amount,
                    f"R{run.pk}P{key}",
                    PaymentStatus.HELD.value if key in held_for else PaymentStatus.PENDING.value,
                    held_for.get(key, ""),
                    None,
                )
                for key, amount in owed.items()
            ],
        )
        held = [amount for key, amount in owed.items() if key in held_for]
        run.payments_count = len(owed) - len(held)
        run.total_ore = sum(owed.values()) - sum(held)
        run.held_count, run.held_ore = len(held), sum(held)
        run.overpaid_count, run.overpaid_ore = len(overpaid), sum(overpaid)
        run.save(
            update_fields=["payments_count", "total_ore", "held_count", "held_ore", "overpaid_count", "overpaid_ore"]
        )
        acting.audit(Action.PAYMENT_RUN_PREPARE, run, {"month": str(month), "total_ore": run.total_ore})
    return run


def payment_run_approve(*, acting: Acting, run: PaymentRun) -> PaymentRun:
    """Approves a prepared run. The approver must be someone other than the officer who prepared it."""
    acting.require("allowance.approve_paymentrun")
    with transaction.atomic():
        run = PaymentRun.objects.select_for_update().get(pk=run.pk)
        if run.status != RunStatus.PREPARED:
            raise ValidationError({"run": _("Only a prepared run can be approved.")})
        if acting.actor is None or acting.actor.pk == run.prepared_by_id:
            raise ValidationError(
                {"run": _("A run must be approved by someone other than the officer who prepared it.")}
            )
        run.status, run.approved_by, run.approved_at = RunStatus.APPROVED, acting.actor, clock.now()
        run.save(update_fields=["status", "approved_by", "approved_at"])
        acting.audit(Action.PAYMENT_RUN_APPROVE, run)
    return run


def payment_run_cancel(*, acting: Acting, run: PaymentRun) -> PaymentRun:
    acting.require("allowance.prepare_paymentrun", "allowance.approve_paymentrun", any_of=True)
    with transaction.atomic():
        run = PaymentRun.objects.select_for_update().get(pk=run.pk)
        if run.status not in (RunStatus.PREPARED, RunStatus.APPROVED):
            raise ValidationError({"run": _("Only a run that has not started can be cancelled.")})
        run.status = RunStatus.CANCELLED
        run.save(update_fields=["status"])
        acting.audit(Action.PAYMENT_RUN_CANCEL, run)
    return run


def _debtor() -> payment_file.Debtor:
    """The agency's paying account, from settings (required in production)."""
    return payment_file.Debtor(**settings.LIKA_PAYMENT_DEBTOR)


def payment_run_execute(
    *,
    acting: Acting,
    run: PaymentRun,
    progress: Progress | None = None,
    chunk: int = PAYMENT_CHUNK,
    fault: Callable[[str], None] | None = None,
) -> PaymentRun:
    """Pays an approved run, or finishes one that stopped half-way.

    Starting, it holds payments whose card was blocked since the run was prepared or has no
    account, then writes the payment file and card-load lines for the payments to be made and
    validates the file against the schema, in one transaction: a file that cannot be written stops
    the run before anyone is marked paid. Payments are then marked paid a chunk at a time, each
    chunk in its own transaction, so killing the process at any point and executing again pays
    every payment exactly once, against the same file. ``fault`` is called at each point where a
    crash could fall (tests raise there to prove it).
    """
    fault = fault or _no_fault
    acting.require("allowance.approve_paymentrun")
    with transaction.atomic():
        # Nothing here reads the files (a resumed run already has them): they are not loaded.
        run = PaymentRun.objects.select_for_update().defer(*RUN_FILE_FIELDS).get(pk=run.pk)
        if run.status == RunStatus.EXECUTED:
            return run
        if run.status not in (RunStatus.APPROVED, RunStatus.EXECUTING):
            raise ValidationError({"run": _("Only an approved run can be executed.")})
        if run.status == RunStatus.APPROVED:
            _hold_unpayable(run)
            try:
                xml, lines = _payment_files(run)
                if xml:
                    payment_file.pain001_validate(xml)
            except payment_file.PaymentFileError as error:
                raise ValidationError(
                    {"run": _("The payment file cannot be written: %(error)s") % {"error": error}}
                ) from error
            fault("file_built")
            run.payment_file, run.payment_file_sha256 = xml, hashlib.sha256(xml).hexdigest()
            run.card_load_lines = lines
            run.status = RunStatus.EXECUTING
            run.save(
                update_fields=[
                    f.name for f in run._meta.concrete_fields if not f.primary_key and f.name not in RUN_FILE_FIELDS
                ]
            )
            large_fields_save(run, list(RUN_FILE_FIELDS))
            acting.audit(Action.PAYMENT_RUN_EXECUTE_START, run, {"sha256": run.payment_file_sha256})
    done = Payment.objects.filter(run=run, status=PaymentStatus.PAID).count()
    while True:
        with transaction.atomic():
            # The status condition is checked again on each row as it is locked, so two processes
            # executing the same run at once can never mark one payment twice.
            pending = Payment.objects.filter(run=run, status=PaymentStatus.PENDING).order_by("id").values("id")
            marked = Payment.objects.filter(id__in=pending[:chunk], status=PaymentStatus.PENDING).update(
                status=PaymentStatus.PAID, paid_at=clock.now()
            )
            if not marked:
                break
            fault("chunk_marked")
        fault("chunk_committed")
        done += marked
        if progress:
            progress(done, run.payments_count)
    with transaction.atomic():
        # The files were written when the run started: set the status without reading them a second time (19 MB at
        # a million persons); they load on first use if a caller wants them.
        run = PaymentRun.objects.select_for_update().defer(*RUN_FILE_FIELDS).get(pk=run.pk)
        if run.status == RunStatus.EXECUTED:
            return run
        run.status, run.executed_at = RunStatus.EXECUTED, clock.now()
        run.save(update_fields=["status", "executed_at"])
        acting.audit(Action.PAYMENT_RUN_EXECUTE, run, {"sha256": run.payment_file_sha256})
    return run


def _hold_unpayable(run: PaymentRun) -> None:
    """Holds the run's payments whose card was blocked or replaced after the run was prepared, or has
    no account; the amounts move from the run's total to its held total, so the two still add up."""
    pending = Payment.objects.filter(run=run, status=PaymentStatus.PENDING)
    unusable = pending.exclude(card__status__in=USABLE_CARD_STATUSES)
    for payments, reason in (
        (unusable, HeldReason.NO_USABLE_CARD),
        (pending.filter(card__account_iban=""), HeldReason.NO_ACCOUNT),
    ):
        held = payments.aggregate(count=Count("id"), total=Sum("amount_ore"))
        if held["count"]:
            payments.update(status=PaymentStatus.HELD, held_reason=reason)
            run.payments_count -= held["count"]
            run.total_ore -= held["total"]
            run.held_count += held["count"]
            run.held_ore += held["total"]


def _no_fault(point: str) -> None:
    del point


def _payment_files(run: PaymentRun) -> tuple[bytes, str]:
    rows = list(
        Payment.objects.filter(run=run, status__in=(PaymentStatus.PENDING, PaymentStatus.PAID))
        .order_by("end_to_end_id")
        .values_list("end_to_end_id", "amount_ore", "card__reference", "card__account_iban", "person_id")
    )
    month = Month.parse(run.month)
    remittance = f"LMA dagersattning {month}"
    transfers = [
        payment_file.CreditTransfer(
            end_to_end_id=e2e, amount_ore=amount, creditor_name=card, creditor_iban=iban, remittance=remittance
        )
        for e2e, amount, card, iban, _person in rows
    ]
    header = payment_file.PaymentFileHeader(
        message_id=run.message_id,
        payment_info_id=f"LIKA-RUN-{run.pk}",
        created_at=run.approved_at or run.prepared_at,
        execution_date=run.execution_date,
    )
    if not transfers:
        # Everyone in the run was held (no usable card, or no account): there is nothing to send to the bank.
        return b"", ""
    xml = payment_file.pain001_build(header=header, debtor=_debtor(), transfers=transfers)
    lines = payment_file.card_load_lines(
        run_reference=f"LIKA-RUN-{run.pk}",
        loads=[
            payment_file.CardLoad(card_reference=card, amount_ore=amount, end_to_end_id=e2e)
            for e2e, amount, card, _i, _p in rows
        ],
    )
    return xml, lines


# --- audited downloads ---------------------------------------------------------------------------


def decision_document_open(*, acting: Acting, decision: Decision, language: str) -> DecisionDocument:
    """The decision's letter in ``language``, for someone who may read decisions; every opening is audited.

    Raises ``DecisionDocument.DoesNotExist`` where the decision has no letter in that language.
    """
    acting.require("allowance.view_decision", reason=False)
    document = DecisionDocument.objects.get(decision=decision, language=language)
    with transaction.atomic():
        acting.audit(Action.DECISION_OPEN, decision, {"language": language, "sha256": document.sha256})
    return document


PAYMENT_FILE_KINDS = ("pain.001", "card loads")


def payment_file_open(*, acting: Acting, run: PaymentRun, kind: str) -> bytes:
    """An executed run's bank file (``pain.001``) or card loads, for an approver; every download is audited.

    Raises ``PaymentRun.DoesNotExist`` where the run is not executed or has no such file.
    """
    acting.require("allowance.approve_paymentrun", reason=False)
    if kind not in PAYMENT_FILE_KINDS:
        raise ValueError(f"unknown payment file kind {kind!r}")
    content = (
        (run.payment_file if kind == "pain.001" else run.card_load_lines.encode())
        if run.status == RunStatus.EXECUTED
        else None
    )
    if not content:
        raise PaymentRun.DoesNotExist
    with transaction.atomic():
        acting.audit(Action.PAYMENT_FILE_OPEN, run, {"file": kind})
    return bytes(content)


# --- gender impact of a proposed rule change ------------------------------------------------------------


def impact_assessment_create(
    *, acting: Acting, month: Month, proposal_text: str, file_name: str = ""
) -> ImpactAssessment:
    """Assesses a proposal on ``month``'s caseload and keeps the protected result; nothing is kept if it fails.

    Raises ValidationError naming the line and parameter of a proposal that cannot be read.
    """
    acting.require("allowance.add_impactassessment")
    try:
        proposal = proposal_parse(proposal_text, path=file_name or _("the proposal"))
    except ProposalError as error:
        raise ValidationError({"proposal": str(error)}) from error
    assessment = impact_assess(month, proposal, rules=disclosure_rules())
    with transaction.atomic():
        created = ImpactAssessment.objects.create(
            month=str(month),
            title=proposal.title[:200],
            proposal_text=proposal_text,
            proposal_sha256=proposal.sha256,
            file_name=file_name[:200],
            result=assessment.data,
            created_by=acting.actor,
            created_at=clock.now(),
        )
        acting.audit(Action.IMPACT_ASSESS, created, {"month": str(month), "proposal_sha256": proposal.sha256})
    return created
