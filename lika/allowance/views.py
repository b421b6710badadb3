"""The allowance screens of case officers and approvers: households, persons, decisions, payment runs.

Views are thin: they open what the URL names (protected persons through the registry's audited
reads), parse a form, call a service and redirect with a message. When a service refuses, its
message is shown on the field at fault and the page is sent again with status 400.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count, Q, Sum
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST
from stdnum import iban

from lika.accounts.access import staff_view
from lika.allowance import services
from lika.allowance.explanations import money, step_text
from lika.allowance.forms import (
    CardAccountForm,
    CardChangeForm,
    CardExceptionEndForm,
    CardExceptionForm,
    CardOrderForm,
    DecisionsIssueForm,
    MonthChoiceForm,
    ReductionForm,
    RunActionForm,
    RunPrepareForm,
)
from lika.allowance.models import (
    Card,
    CardException,
    CardStatus,
    Decision,
    DecisionDocument,
    Entitlement,
    HeldReason,
    Payment,
    PaymentRun,
    PaymentStatus,
    RunStatus,
)
from lika.allowance.payment_file import PaymentFileError
from lika.allowance.rules.explain import Step
from lika.allowance.rules.month import Month
from lika.allowance.rules.parameters import parameters_load
from lika.allowance.selectors import child_names, decisions_latest, exceptions_active, month_amounts
from lika.audit.acting import Acting
from lika.audit.actions import Action
from lika.audit.services import audit_event_record
from lika.core import clock
from lika.core.forms import refusal_show
from lika.people import selectors as people
from lika.people.forms import PersonSearchForm
from lika.people.models import HouseholdMembership, MemberRole, Person, Sex

if TYPE_CHECKING:
    from lika.accounts.models import User

PAGE_SIZE = 50
HELD_SHOWN = 200
FOLLOW_SECONDS = 10
# What an officer may still do with a card in each status; the services refuse anything else.
CARD_ACTIONS = {
    CardStatus.ORDERED: ("activate", "block", "replace"),
    CardStatus.ACTIVE: ("block", "replace"),
    CardStatus.BLOCKED: ("replace",),
    CardStatus.REPLACED: (),
}


# --- shared helpers ------------------------------------------------------------------------------


def _user(request: HttpRequest) -> User:
    return cast("User", request.user)


def _acting(request: HttpRequest, form: forms.Form) -> Acting:
    return Acting(actor=_user(request), reason=form.cleaned_data["reason"])


def _name(person: Person) -> str:
    """A person's name for a list of several people; a protected person is never named there."""
    return _("Protected identity") if person.protected_identity else person.full_name


def _open_person(request: HttpRequest, person_id: int) -> Person:
    try:
        return people.person_open(person_id=person_id, viewer=_user(request))
    except Person.DoesNotExist as error:
        raise Http404 from error
    except PermissionError as error:
        raise PermissionDenied from error


def _open_household(request: HttpRequest, household_id: int) -> list[HouseholdMembership]:
    try:
        members = people.household_open(household_id=household_id, viewer=_user(request))
    except PermissionError as error:
        raise PermissionDenied from error
    if not members:
        raise Http404
    return members


def _next_month() -> Month:
    today = clock.today()
    return Month(today.year, today.month).next()


def _previous(month: Month) -> Month:
    return Month(month.year - 1, 12) if month.month == 1 else Month(month.year, month.month - 1)


def _step_texts(steps: list[Step], names: dict[int, str]) -> list[str]:
    return [step_text(step, names.get(step["child"]) if step["kind"] == "child_share" else None) for step in steps]


# --- start ---------------------------------------------------------------------------------------


@staff_view("allowance.view_paymentrun", "people.view_person")
def index(request: HttpRequest) -> HttpResponse:
    form = PersonSearchForm(request.GET or None)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    page = Paginator(people.person_search(query=query), PAGE_SIZE).get_page(request.GET.get("page")) if query else None
    return render(request, "allowance/index.html", {"form": form, "query": query, "page": page})


# --- household -----------------------------------------------------------------------------------


@dataclass
class MemberRow:
    membership: HouseholdMembership
    name: str
    allowance: str
    payout: str
    card: Card | None
    exception: CardException | None
    exception_holder: str
    decision: Decision | None
    steps: list[str]

    @property
    def adult(self) -> bool:
        return self.membership.role == MemberRole.ADULT


def _members_in(members: list[HouseholdMembership], month: Month) -> list[HouseholdMembership]:
    """Each person's latest membership that overlaps the month, in the household's own order."""
    latest: dict[int, HouseholdMembership] = {}
    for membership in members:
        if membership.start_date <= month.last and (membership.end_date is None or membership.end_date >= month.first):
            latest[membership.person_id] = membership
    return list(latest.values())


def _member_rows(household_id: int, members: list[HouseholdMembership], month: Month) -> list[MemberRow]:
    ids = [m.person_id for m in members]
    amounts = month_amounts(month, household_ids=[household_id])
    cards = {card.holder_id: card for card in Card.objects.usable().filter(holder_id__in=ids)}
    exceptions = exceptions_active(ids, month)
    decisions = decisions_latest(ids, month)
    by_id = {m.person_id: m.person for m in members}
    names = {pk: person.given_name for pk, person in by_id.items() if not person.protected_identity}
    rows = []
    for membership in members:
        pk = membership.person_id
        exception = exceptions.get(pk)
        holder = by_id.get(exception.card.holder_id) if exception else None
        rows.append(
            MemberRow(
                membership=membership,
                name=_name(membership.person),
                allowance=money(amounts.allowance_ore(pk)),
                payout=money(amounts.payout_ore(pk)),
                card=cards.get(pk),
                exception=exception,
                exception_holder=_name(holder) if holder else "",
                decision=decisions.get(pk),
                steps=_step_texts(amounts.steps.get(pk, []), names),
            )
        )
    return rows


def _household_page(
    request: HttpRequest,
    household_id: int,
    members: list[HouseholdMembership],
    *,
    month: Month | None,
    month_form: MonthChoiceForm,
    issue_form: DecisionsIssueForm | None = None,
    status: int = 200,
) -> HttpResponse:
    context: dict[str, Any] = {"household_id": household_id, "month_form": month_form, "month": month}
    if month is not None:
        in_month = _members_in(members, month)
        rows = _member_rows(household_id, in_month, month) if in_month else []
        context |= {
            "rows": rows,
            "exceptions": [row for row in rows if row.exception],
            "previous_month": _previous(month),
            "next_month": month.next(),
            "issue_form": issue_form or DecisionsIssueForm(initial={"month": month}, prefix="issue"),
        }
    return render(request, "allowance/household.html", context, status=status)


@staff_view("allowance.view_decision", "allowance.view_card", "people.view_household")
def household(request: HttpRequest, household_id: int) -> HttpResponse:
    members = _open_household(request, household_id)
    if "month" not in request.GET:
        month = _next_month()
        form = MonthChoiceForm(initial={"month": month})
        return _household_page(request, household_id, members, month=month, month_form=form)
    form = MonthChoiceForm(request.GET)
    if not form.is_valid():
        return _household_page(request, household_id, members, month=None, month_form=form, status=400)
    return _household_page(request, household_id, members, month=form.cleaned_data["month"], month_form=form)


@staff_view("allowance.add_decision", "people.view_household")
@require_POST
def household_decisions_issue(request: HttpRequest, household_id: int) -> HttpResponse:
    members = _open_household(request, household_id)
    form = DecisionsIssueForm(request.POST, prefix="issue")
    if form.is_valid():
        month = form.cleaned_data["month"]
        try:
            issued = services.decisions_issue(acting=_acting(request, form), month=month, household_ids=[household_id])
        except ValidationError as error:
            refusal_show(form, error)
        else:
            if issued:
                text = ngettext("%(count)d decision issued.", "%(count)d decisions issued.", len(issued))
                messages.success(request, text % {"count": len(issued)})
            else:
                messages.info(request, _("No new decisions: every adult's latest decision still matches the facts."))
            return redirect(f"{reverse('allowance:household', args=[household_id])}?month={month}")
    month = form.cleaned_data.get("month") or _next_month()
    month_form = MonthChoiceForm(initial={"month": month})
    return _household_page(
        request, household_id, members, month=month, month_form=month_form, issue_form=form, status=400
    )


# --- person --------------------------------------------------------------------------------------


@dataclass
class CardRow:
    card: Card
    form: forms.Form
    actions: list[tuple[str, str]]
    # The form to record the account of a usable card that has none yet; None otherwise.
    account_form: forms.Form | None = None

    @property
    def account(self) -> str:
        """The account grouped in fours as banks print it, or empty when there is none yet."""
        return iban.format(self.card.account_iban) if self.card.has_account else ""


@dataclass
class DecisionRow:
    decision: Decision
    allowance: str
    payout: str
    superseded_by: Decision | None


def _exception_cards(person: Person) -> list[tuple[int, str]]:
    """Usable cards of the other adults in the households the person belongs to now or later."""
    today = clock.today()
    current = Q(end_date__isnull=True) | Q(end_date__gte=today)
    households = HouseholdMembership.objects.filter(current, person=person).values("household_id")
    adults = (
        HouseholdMembership.objects.filter(current, household_id__in=households, role=MemberRole.ADULT)
        .exclude(person=person)
        .values("person_id")
    )
    cards = Card.objects.usable().filter(holder_id__in=adults).select_related("holder")
    return [(card.pk, f"{card.reference} · {card.holder}") for card in cards.order_by("reference")]


def _person_page(
    request: HttpRequest, person: Person, *, bound: forms.Form | None = None, status: int = 200
) -> HttpResponse:
    """The person's allowance page; ``bound`` is a form sent back with errors, found by its prefix."""

    def form(cls: Callable[..., forms.Form], prefix: str, **kwargs: Any) -> forms.Form:
        if bound is not None and bound.prefix == prefix:
            return bound
        return cls(prefix=prefix, **kwargs)

    labels = dict(CardChangeForm.ACTIONS)
    cards = [
        CardRow(
            card=card,
            form=form(CardChangeForm, f"card-{card.pk}"),
            actions=[(action, str(labels[action])) for action in CARD_ACTIONS[CardStatus(card.status)]],
            account_form=form(CardAccountForm, f"account-{card.pk}") if card.usable and not card.has_account else None,
        )
        for card in person.allowance_cards.all()
    ]
    exceptions = list(person.card_exceptions.select_related("card__holder", "decided_by").order_by("-start_date"))
    decisions = [
        DecisionRow(
            decision=decision,
            allowance=money(decision.allowance_ore),
            payout=money(decision.payout_ore),
            superseded_by=getattr(decision, "superseded_by", None),
        )
        for decision in person.decisions.select_related("superseded_by")
    ]
    today = clock.today()
    law = parameters_load().at(today)
    age = person.age_on(today)
    may_add_exception = _user(request).has_perm("allowance.add_cardexception")
    # A card is offered to a person without a usable one who is old enough for an own card; a
    # refused order is shown again whatever the person's age, so that its message is seen.
    may_order = age >= law.child_own_card_age and not any(row.card.usable for row in cards)
    ordering = bound is not None and bound.prefix == "order"
    context = {
        "person": person,
        "today": today,
        # Exceptions and reductions are for adults; the services refuse them for a child anyway.
        "adult": age >= law.adult_age,
        "memberships": people.person_households(person=person),
        "cards": cards,
        "order_form": form(CardOrderForm, "order") if may_order or ordering else None,
        "exceptions": [
            (exception, form(CardExceptionEndForm, f"exception-{exception.pk}")) for exception in exceptions
        ],
        "exception_form": (
            form(CardExceptionForm, "exception", cards=_exception_cards(person)) if may_add_exception else None
        ),
        "reductions": [
            (reduction, money(reduction.daily_ore)) for reduction in person.reductions.select_related("decided_by")
        ],
        "reduction_form": form(ReductionForm, "reduction"),
        "decisions": decisions,
    }
    return render(request, "allowance/person.html", context, status=status)


def _person_action(
    request: HttpRequest,
    person: Person,
    form: forms.Form,
    act: Callable[[Acting], str],
    *,
    anchor: str,
    rename: dict[str, str] | None = None,
) -> HttpResponse:
    """Calls the service in ``act`` when the form is valid; its return is the message shown afterwards."""
    if form.is_valid():
        try:
            done = act(_acting(request, form))
        except ValidationError as error:
            refusal_show(form, error, rename)
        else:
            messages.success(request, done)
            return redirect(f"{reverse('allowance:person', args=[person.pk])}#{anchor}")
    return _person_page(request, person, bound=form, status=400)


@staff_view(
    "allowance.view_card",
    "allowance.view_cardexception",
    "allowance.view_reduction",
    "allowance.view_decision",
    "people.view_person",
)
def person(request: HttpRequest, person_id: int) -> HttpResponse:
    return _person_page(request, _open_person(request, person_id))


@staff_view("allowance.add_card", "people.view_person")
@require_POST
def card_order(request: HttpRequest, person_id: int) -> HttpResponse:
    person = _open_person(request, person_id)

    form = CardOrderForm(request.POST, prefix="order")

    def act(acting: Acting) -> str:
        card = services.card_order(
            acting=acting,
            person=person,
            on=clock.today(),
            account_iban=form.cleaned_data["account_iban"],
            account_from_issuer=form.cleaned_data["account_from_issuer"],
        )
        if not card.has_account:
            return _("Card %(card)s ordered. Payments to it are held until the card issuer's account is recorded.") % {
                "card": card.reference
            }
        return _("Card %(card)s ordered.") % {"card": card.reference}

    return _person_action(request, person, form, act, anchor="cards")


@staff_view("allowance.change_card", "people.view_person")
@require_POST
def card_change(request: HttpRequest, person_id: int, card_id: int) -> HttpResponse:
    person = _open_person(request, person_id)
    card = get_object_or_404(Card, pk=card_id, holder_id=person.pk)
    form = CardChangeForm(request.POST, prefix=f"card-{card.pk}")

    def act(acting: Acting) -> str:
        on = clock.today()
        action = form.cleaned_data["action"]
        if action == "activate":
            services.card_activate(acting=acting, card=card, on=on)
            return _("Card %(card)s activated.") % {"card": card.reference}
        if action == "block":
            services.card_block(acting=acting, card=card, on=on)
            return _("Card %(card)s blocked. Payments wait until a new card is ordered.") % {"card": card.reference}
        new = services.card_replace(acting=acting, card=card, on=on)
        return _("Card %(card)s replaced by %(new)s.") % {"card": card.reference, "new": new.reference}

    return _person_action(request, person, form, act, anchor="cards")


@staff_view("allowance.change_card", "people.view_person")
@require_POST
def card_account_set(request: HttpRequest, person_id: int, card_id: int) -> HttpResponse:
    person = _open_person(request, person_id)
    card = get_object_or_404(Card, pk=card_id, holder_id=person.pk)
    form = CardAccountForm(request.POST, prefix=f"account-{card.pk}")

    def act(acting: Acting) -> str:
        services.card_account_set(acting=acting, card=card, account_iban=form.cleaned_data["account_iban"])
        return _(
            "Account recorded for card %(card)s. Payments held for want of it are paid by a later run for their month."
        ) % {"card": card.reference}

    return _person_action(request, person, form, act, anchor="cards")


@staff_view("allowance.add_cardexception", "people.view_person")
@require_POST
def card_exception_create(request: HttpRequest, person_id: int) -> HttpResponse:
    person = _open_person(request, person_id)
    form = CardExceptionForm(request.POST, prefix="exception", cards=_exception_cards(person))

    def act(acting: Acting) -> str:
        data = form.cleaned_data
        card = Card.objects.get(pk=data["card"])
        services.card_exception_create(
            acting=acting,
            person=person,
            kind=data["kind"],
            card=card,
            reason=data["reason_code"],
            start_date=data["start_date"],
            end_date=data["end_date"],
        )
        return _("Exception recorded: the person is paid on card %(card)s.") % {"card": card.reference}

    return _person_action(request, person, form, act, anchor="exceptions")


@staff_view("allowance.change_cardexception", "people.view_person")
@require_POST
def card_exception_end(request: HttpRequest, person_id: int, exception_id: int) -> HttpResponse:
    person = _open_person(request, person_id)
    exception = get_object_or_404(CardException, pk=exception_id, person_id=person.pk)
    form = CardExceptionEndForm(request.POST, prefix=f"exception-{exception.pk}")

    def act(acting: Acting) -> str:
        end = form.cleaned_data["end_date"]
        services.card_exception_end(acting=acting, exception=exception, end_date=end)
        return _("Exception ended: from %(day)s the person is paid on their own card again.") % {
            "day": (end + datetime.timedelta(days=1)).isoformat()
        }

    return _person_action(request, person, form, act, anchor="exceptions")


@staff_view("allowance.add_reduction", "people.view_person")
@require_POST
def reduction_decide(request: HttpRequest, person_id: int) -> HttpResponse:
    person = _open_person(request, person_id)
    form = ReductionForm(request.POST, prefix="reduction")

    def act(acting: Acting) -> str:
        data = form.cleaned_data
        services.reduction_decide(
            acting=acting,
            person=person,
            ground=data["ground"],
            daily_ore=form.daily_ore(),
            start_date=data["start_date"],
            end_date=data["end_date"],
        )
        return _("Reduction decided. Issue new decisions for the months it touches.")

    return _person_action(request, person, form, act, anchor="reductions", rename={"daily_ore": "daily_kronor"})


# --- decisions -----------------------------------------------------------------------------------


@staff_view("allowance.view_decision", "people.view_person")
def decision(request: HttpRequest, decision_id: int) -> HttpResponse:
    found = get_object_or_404(
        Decision.objects.select_related("issued_by", "supersedes", "superseded_by"), pk=decision_id
    )
    person = _open_person(request, found.person_id)
    steps = found.explanation
    names = child_names(steps)
    context = {
        "decision": found,
        "person": person,
        "allowance": money(found.allowance_ore),
        "payout": money(found.payout_ore),
        "steps": _step_texts(steps, names),
        "superseded_by": getattr(found, "superseded_by", None),
        "languages": list(found.documents.order_by("language").values_list("language", flat=True)),
    }
    return render(request, "allowance/decision.html", context)


@staff_view("allowance.view_decision", "people.view_person")
def decision_pdf(request: HttpRequest, decision_id: int, language: str) -> HttpResponse:
    if language not in services.DECISION_LANGUAGES:
        raise Http404
    found = get_object_or_404(Decision, pk=decision_id)
    _open_person(request, found.person_id)
    document = get_object_or_404(DecisionDocument, decision=found, language=language)
    with transaction.atomic():
        audit_event_record(
            actor=_user(request),
            action=Action.DECISION_OPEN,
            target=found,
            reason="Opened the decision document",
            details={"language": language, "sha256": document.sha256},
        )
    response = HttpResponse(bytes(document.pdf), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{found.number}-{language}.pdf"'
    return response


# --- payment runs --------------------------------------------------------------------------------


@dataclass
class RunRow:
    run: PaymentRun
    total: str
    held: str


def _run_list_page(
    request: HttpRequest, *, prepare_form: RunPrepareForm | None = None, status: int = 200
) -> HttpResponse:
    runs = PaymentRun.objects.select_related("prepared_by", "approved_by").defer("payment_file", "card_load_lines")
    page = Paginator(runs, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [RunRow(run=run, total=money(run.total_ore), held=money(run.held_ore)) for run in page.object_list]
    if prepare_form is None:
        prepare_form = RunPrepareForm(initial={"month": _next_month()}, prefix="prepare")
    context = {"page": page, "rows": rows, "prepare_form": prepare_form}
    return render(request, "allowance/run_list.html", context, status=status)


@staff_view("allowance.view_paymentrun")
def run_list(request: HttpRequest) -> HttpResponse:
    return _run_list_page(request)


@staff_view("allowance.prepare_paymentrun")
@require_POST
def run_prepare(request: HttpRequest) -> HttpResponse:
    form = RunPrepareForm(request.POST, prefix="prepare")
    if form.is_valid():
        data = form.cleaned_data
        try:
            run = services.payment_run_prepare(
                acting=_acting(request, form), month=data["month"], execution_date=data["execution_date"]
            )
        except ValidationError as error:
            refusal_show(form, error)
        else:
            messages.success(
                request, _("Run for %(month)s prepared. Someone else must approve it.") % {"month": run.month}
            )
            return redirect("allowance:run_detail", run_id=run.pk)
    return _run_list_page(request, prepare_form=form, status=400)


def _money_split(rows: Iterable[dict[str, Any]], key: str) -> dict[str, str]:
    totals = {Sex.FEMALE: 0, Sex.MALE: 0, Sex.UNKNOWN: 0}
    for row in rows:
        totals[row["person__sex"]] += int(row[key] or 0)
    return {
        "female": money(totals[Sex.FEMALE]),
        "male": money(totals[Sex.MALE]),
        "unknown": money(totals[Sex.UNKNOWN]),
        "total": money(sum(totals.values())),
    }


def _count_split(rows: Iterable[dict[str, Any]]) -> people.SexSplit:
    counts = {row["person__sex"]: int(row["n"]) for row in rows}
    return people.SexSplit(
        female=counts.get(Sex.FEMALE, 0), male=counts.get(Sex.MALE, 0), unknown=counts.get(Sex.UNKNOWN, 0)
    )


def _run_detail_page(
    request: HttpRequest, run: PaymentRun, *, bound: RunActionForm | None = None, status: int = 200
) -> HttpResponse:
    payments = list(
        Payment.objects.filter(run=run)
        .values("status", "held_reason", "person__sex")
        .annotate(n=Count("id"), total=Sum("amount_ore"))
        .order_by()
    )
    entitled = list(
        Entitlement.objects.filter(run=run).values("person__sex").annotate(total=Sum("payout_ore")).order_by()
    )
    paid = [row for row in payments if row["status"] == PaymentStatus.PAID]
    paid_count = sum(row["n"] for row in paid)

    def held_for(reason: HeldReason) -> list[dict[str, Any]]:
        return [row for row in payments if row["status"] == PaymentStatus.HELD and row["held_reason"] == reason]

    reconciliation = [
        (_("Entitled for the month"), _money_split(entitled, "total")),
        (_("To be paid"), _money_split((r for r in payments if r["status"] == PaymentStatus.PENDING), "total")),
        (_("Paid"), _money_split(paid, "total")),
        # Held money is still owed: entitled = to be paid + paid + held + what earlier runs paid.
        (_("Held: no usable card"), _money_split(held_for(HeldReason.NO_USABLE_CARD), "total")),
        (_("Held: the card has no account yet"), _money_split(held_for(HeldReason.NO_ACCOUNT), "total")),
    ]

    def form(prefix: str) -> RunActionForm:
        return bound if bound is not None and bound.prefix == prefix else RunActionForm(prefix=prefix)

    held = [
        (payment, money(payment.amount_ore))
        for payment in Payment.objects.filter(run=run, status=PaymentStatus.HELD)
        .select_related("person", "card")
        .order_by("person__family_name", "person_id")[:HELD_SHOWN]
    ]
    follow = run.status == RunStatus.EXECUTING and request.GET.get("follow") == "1"
    context = {
        "run": run,
        "total": money(run.total_ore),
        "held_total": money(run.held_ore),
        "overpaid_total": money(run.overpaid_ore),
        "paid_count": paid_count,
        "paid_split": _count_split(paid),
        "reconciliation": reconciliation,
        "held": held,
        "held_more": run.held_count > HELD_SHOWN,
        "follow": follow,
        "approve_form": form("approve"),
        "execute_form": form("execute"),
        "cancel_form": form("cancel"),
        "may_cancel": _user(request).has_perm("allowance.prepare_paymentrun")
        or _user(request).has_perm("allowance.approve_paymentrun"),
    }
    response = render(request, "allowance/run_detail.html", context, status=status)
    if follow:
        # Only on request and only while executing, so that nobody's page moves under them unasked
        # (WCAG 2.2.1); the header does what a meta refresh would, without JavaScript.
        response["Refresh"] = str(FOLLOW_SECONDS)
    return response


def _run(run_id: int) -> PaymentRun:
    return get_object_or_404(
        PaymentRun.objects.select_related("prepared_by", "approved_by").defer("payment_file", "card_load_lines"),
        pk=run_id,
    )


@staff_view("allowance.view_paymentrun")
def run_detail(request: HttpRequest, run_id: int) -> HttpResponse:
    return _run_detail_page(request, _run(run_id))


def _run_action(request: HttpRequest, run: PaymentRun, prefix: str, act: Callable[[Acting], str]) -> HttpResponse:
    form = RunActionForm(request.POST, prefix=prefix)
    if form.is_valid():
        try:
            done = act(_acting(request, form))
        except ValidationError as error:
            refusal_show(form, error)
        else:
            messages.success(request, done)
            return redirect("allowance:run_detail", run_id=run.pk)
    run.refresh_from_db()
    return _run_detail_page(request, run, bound=form, status=400)


@staff_view("allowance.view_paymentrun", "allowance.approve_paymentrun")
@require_POST
def run_approve(request: HttpRequest, run_id: int) -> HttpResponse:
    run = _run(run_id)

    def act(acting: Acting) -> str:
        services.payment_run_approve(acting=acting, run=run)
        return _("Run approved. It can now be executed.")

    return _run_action(request, run, "approve", act)


@staff_view("allowance.view_paymentrun", "allowance.approve_paymentrun")
@require_POST
def run_execute(request: HttpRequest, run_id: int) -> HttpResponse:
    run = _run(run_id)

    def act(acting: Acting) -> str:
        try:
            done = services.payment_run_execute(acting=acting, run=run)
        except PaymentFileError as error:
            # A run whose every payment is held has nothing to pay and no file to write.
            raise ValidationError({"run": str(error)}) from error
        return ngettext(
            "Run executed: %(count)d payment made.", "Run executed: %(count)d payments made.", done.payments_count
        ) % {"count": done.payments_count}

    return _run_action(request, run, "execute", act)


@staff_view("allowance.view_paymentrun")
@require_POST
def run_cancel(request: HttpRequest, run_id: int) -> HttpResponse:
    user = _user(request)
    if not (user.has_perm("allowance.prepare_paymentrun") or user.has_perm("allowance.approve_paymentrun")):
        raise PermissionDenied
    run = _run(run_id)

    def act(acting: Acting) -> str:
        services.payment_run_cancel(acting=acting, run=run)
        return _("Run cancelled. Nothing was paid.")

    return _run_action(request, run, "cancel", act)


def _run_file(request: HttpRequest, run_id: int, *, kind: str) -> PaymentRun:
    """An executed run whose file is about to be downloaded; every download is recorded."""
    run = get_object_or_404(PaymentRun, pk=run_id, status=RunStatus.EXECUTED)
    if not (run.payment_file if kind == "pain.001" else run.card_load_lines):
        raise Http404
    with transaction.atomic():
        audit_event_record(
            actor=_user(request),
            action=Action.PAYMENT_FILE_OPEN,
            target=run,
            reason="Downloaded",
            details={"file": kind},
        )
    return run


@staff_view("allowance.approve_paymentrun")
def run_payment_file(request: HttpRequest, run_id: int) -> HttpResponse:
    run = _run_file(request, run_id, kind="pain.001")
    response = HttpResponse(bytes(run.payment_file or b""), content_type="application/xml")
    response["Content-Disposition"] = f'attachment; filename="lika-{run.month}-run-{run.pk}-pain001.xml"'
    return response


@staff_view("allowance.approve_paymentrun")
def run_card_loads(request: HttpRequest, run_id: int) -> HttpResponse:
    run = _run_file(request, run_id, kind="card loads")
    response = HttpResponse(run.card_load_lines, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="lika-{run.month}-run-{run.pk}-card-loads.csv"'
    return response
