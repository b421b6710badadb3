"""A person's allowance page: payment cards and their accounts, card exceptions, reductions and decisions."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from stdnum import iban

from lika.accounts.access import StaffRequest, staff_view
from lika.allowance import services
from lika.allowance.explanations import money
from lika.allowance.forms import (
    CardAccountForm,
    CardChangeForm,
    CardExceptionEndForm,
    CardExceptionForm,
    CardOrderForm,
    ReductionForm,
)
from lika.allowance.models import (
    Card,
    CardException,
    CardStatus,
    Decision,
)
from lika.allowance.rules.parameters import parameters_load
from lika.allowance.selectors import exception_cards
from lika.allowance.views._common import (
    CARD_ACTIONS,
    _acting,
)
from lika.audit.acting import Acting
from lika.core import clock
from lika.core.forms import refusal_show
from lika.people import selectors as people
from lika.people.models import Person
from lika.people.shortcuts import person_open_or_404

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
    """The cards a card exception may pay the person on, as choices."""
    return [(card.pk, f"{card.reference} · {card.holder}") for card in exception_cards(person, clock.today())]


def _person_page(
    request: StaffRequest, person: Person, *, bound: forms.Form | None = None, status: int = 200
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
    may_add_exception = request.user.has_perm("allowance.add_cardexception")
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
    request: StaffRequest,
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
def person(request: StaffRequest, person_id: int) -> HttpResponse:
    return _person_page(request, person_open_or_404(request, person_id))


@staff_view("allowance.add_card", "people.view_person")
@require_POST
def card_order(request: StaffRequest, person_id: int) -> HttpResponse:
    person = person_open_or_404(request, person_id)

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
def card_change(request: StaffRequest, person_id: int, card_id: int) -> HttpResponse:
    person = person_open_or_404(request, person_id)
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
def card_account_set(request: StaffRequest, person_id: int, card_id: int) -> HttpResponse:
    person = person_open_or_404(request, person_id)
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
def card_exception_create(request: StaffRequest, person_id: int) -> HttpResponse:
    person = person_open_or_404(request, person_id)
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
def card_exception_end(request: StaffRequest, person_id: int, exception_id: int) -> HttpResponse:
    person = person_open_or_404(request, person_id)
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
def reduction_decide(request: StaffRequest, person_id: int) -> HttpResponse:
    person = person_open_or_404(request, person_id)
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
