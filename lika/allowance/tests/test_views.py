"""The case officers' and approvers' allowance screens, driven through the test client as each role."""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from lika.accounts.models import User
from lika.accounts.roles import Role
from lika.allowance import services as allowance
from lika.allowance.models import (
    Card,
    CardException,
    CardStatus,
    Decision,
    ExceptionKind,
    ExceptionReason,
    PaymentRun,
    Reduction,
    ReductionGround,
    RunStatus,
)
from lika.allowance.payment_file import pain001_validate
from lika.allowance.rules.month import Month
from lika.allowance.rules.parameters import parameters_load
from lika.allowance.tests.factories import DECEMBER_PAYDAY
from lika.audit.acting import Acting
from lika.audit.models import AuditEvent
from lika.core import clock
from lika.demo.bank_accounts import iban_se_demo
from lika.people import services
from lika.people.models import MemberRole, Person
from lika.testing import browser as in_browser
from lika.testing.personas import START, Family

pytestmark = pytest.mark.django_db
DECEMBER = Month(2026, 12)
# Married adults 61 kr a day each; Lina (11) 50 kr and Sami (7) 43 kr, shared equally (see test_services).
EACH = 61 * 31 * 100 + (50 + 43) * 31 * 100 // 2
EACH_EN = f"SEK {EACH // 100:,}.{EACH % 100:02d}"


def _client(user: User | None) -> Client:
    client = Client()
    client.cookies["lika_language"] = "en"
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def as_officer(officer: User) -> Client:
    return _client(officer)


@pytest.fixture
def as_approver(approver: User) -> Client:
    return _client(approver)


@pytest.fixture
def exception(family: Family, by_officer: Acting) -> CardException:
    """Amina asked in writing to be paid on Omar's card from November."""
    return allowance.card_exception_create(
        acting=by_officer,
        person=family.woman,
        kind=ExceptionKind.SINGLE_PAYEE,
        card=family.cards[family.man.pk],
        reason=ExceptionReason.OWN_WRITTEN_REQUEST,
        start_date=datetime.date(2026, 11, 1),
    )


@pytest.fixture
def decision(family: Family, by_officer: Acting) -> Decision:
    allowance.decisions_issue(acting=by_officer, month=DECEMBER)
    return Decision.objects.get(person=family.woman)


@pytest.fixture
def run(family: Family, by_officer: Acting) -> PaymentRun:
    return allowance.payment_run_prepare(acting=by_officer, month=DECEMBER, execution_date=DECEMBER_PAYDAY)


def _text(response: Any) -> str:
    return str(response.content.decode())


# --- who may see what ----------------------------------------------------------------------------

PAGES = ("index", "household", "person", "decision", "run_list", "run_detail")


@pytest.fixture
def urls(family: Family, decision: Decision, run: PaymentRun) -> dict[str, str]:
    """Every page of the allowance, with something on it."""
    return {
        "index": reverse("allowance:index"),
        "household": reverse("allowance:household", args=[family.household.pk]),
        "person": reverse("allowance:person", args=[family.woman.pk]),
        "decision": reverse("allowance:decision", args=[decision.pk]),
        "run_list": reverse("allowance:run_list"),
        "run_detail": reverse("allowance:run_detail", args=[run.pk]),
    }


@pytest.mark.parametrize("page", PAGES)
def test_each_page_opens_for_officers_and_approvers(
    page: str, urls: dict[str, str], as_officer: Client, as_approver: Client
) -> None:
    assert as_officer.get(urls[page]).status_code == 200
    assert as_approver.get(urls[page]).status_code == 200


@pytest.mark.parametrize("page", PAGES)
def test_each_page_is_refused_to_a_communicator_and_sends_a_visitor_to_log_in(
    page: str, urls: dict[str, str], make_staff: Callable[..., User]
) -> None:
    url = urls[page]
    assert _client(make_staff(Role.COMMUNICATOR)).get(url).status_code == 403
    response = _client(None).get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_the_menu_shows_daily_allowance_only_to_those_who_may_see_runs(
    as_officer: Client, make_staff: Callable[..., User]
) -> None:
    link = f'href="{reverse("allowance:index")}"'
    assert link in _text(as_officer.get(reverse("core:start")))
    assert link not in _text(_client(make_staff(Role.COMMUNICATOR)).get(reverse("core:start")))


def test_a_person_is_found_from_the_allowance_start_page(family: Family, as_officer: Client) -> None:
    page = _text(as_officer.post(reverse("allowance:index"), {"q": "Amina"}, follow=True))
    assert reverse("allowance:person", args=[family.woman.pk]) in page
    assert reverse("allowance:person", args=[family.man.pk]) not in page


# --- the household page --------------------------------------------------------------------------


def test_household_page_shows_each_members_amounts_cards_and_steps(family: Family, as_officer: Client) -> None:
    response = as_officer.get(reverse("allowance:household", args=[family.household.pk]), {"month": "2026-12"})
    page = _text(response)
    assert response.status_code == 200
    for person in (family.woman, family.man, family.elder, family.younger):
        assert person.full_name in page
    assert page.count(EACH_EN) == 2  # each adult is paid their own allowance and half the children's
    for card in family.cards.values():
        assert card.reference in page
    assert "shared between 2 adults" in page
    assert "Lina" in page
    assert reverse("people:household_detail", args=[family.household.pk]) in page
    assert "EXCEPTION" not in page


def test_household_page_shows_an_exception_prominently_with_its_kind_and_reason(
    family: Family, exception: CardException, as_officer: Client
) -> None:
    page = _text(as_officer.get(reverse("allowance:household", args=[family.household.pk]), {"month": "2026-12"}))
    assert "EXCEPTION" in page
    assert (
        "Single payee: paid to another adult&#x27;s card — reason: "
        "The person asked for it in writing, without the other adult present"
    ) in page
    assert f"Paid to card {family.cards[family.man.pk].reference} of Omar Haddad" in page


def test_household_page_defaults_to_next_month_and_refuses_a_bad_one(family: Family, as_officer: Client) -> None:
    url = reverse("allowance:household", args=[family.household.pk])
    today = clock.today()
    assert as_officer.get(url).context["month"] == Month(today.year, today.month).next()
    for month in ("2026-13", "9999-12", "1990-01"):
        bad = as_officer.get(url, {"month": month})
        assert bad.status_code == 400, month
        assert bad.context["month_form"].errors["month"]
    assert as_officer.get(reverse("allowance:household", args=[999_999])).status_code == 404


def test_household_page_masks_a_protected_member_and_records_the_reading(
    family: Family, acting: Acting, as_officer: Client, officer: User
) -> None:
    services.person_update(acting=acting, person=family.man, protected_identity=True)
    page = _text(as_officer.get(reverse("allowance:household", args=[family.household.pk]), {"month": "2026-12"}))
    assert "Omar" not in page
    assert "Protected identity" in page
    assert AuditEvent.objects.filter(action="person.read_protected", actor=officer).exists()


def test_household_page_names_no_protected_child_in_the_steps(
    family: Family, acting: Acting, as_officer: Client
) -> None:
    services.person_update(acting=acting, person=family.younger, protected_identity=True)
    page = _text(as_officer.get(reverse("allowance:household", args=[family.household.pk]), {"month": "2026-12"}))
    assert "Sami" not in page
    assert "a child aged 7" in page


@pytest.mark.usefixtures("exception", "decision")
def test_household_page_uses_a_fixed_number_of_queries(
    family: Family,
    as_officer: Client,
    django_assert_max_num_queries: Any,
    make_person: Callable[..., Person],
    acting: Acting,
) -> None:
    for _ in range(6):
        child = make_person(given_name="Extra", birth_date=datetime.date(2020, 1, 1))
        services.household_member_add(
            acting=acting, household=family.household, person=child, role=MemberRole.CHILD, start_date=START
        )
    with django_assert_max_num_queries(20):
        response = as_officer.get(reverse("allowance:household", args=[family.household.pk]), {"month": "2026-12"})
    assert len(response.context["rows"]) == 10


# --- issuing decisions and reading them ----------------------------------------------------------


def test_decisions_are_issued_from_the_household_page(family: Family, as_officer: Client) -> None:
    url = reverse("allowance:household_decisions_issue", args=[family.household.pk])
    page = _text(as_officer.get(reverse("allowance:household", args=[family.household.pk]), {"month": "2026-12"}))
    assert f'action="{url}#issue"' in page
    assert '<input type="hidden" name="issue-month" value="2026-12"' in page
    data = {"issue-month": "2026-12", "issue-reason": "Monthly decisions"}
    response = as_officer.post(url, data, follow=True)
    assert "2 decisions issued." in _text(response)
    assert set(Decision.objects.values_list("person_id", flat=True)) == {family.woman.pk, family.man.pk}
    again = as_officer.post(url, data, follow=True)
    assert "No new decisions" in _text(again)
    assert Decision.objects.count() == 2
    assert reverse("allowance:decision", args=[Decision.objects.get(person=family.woman).pk]) in _text(again)


def test_issuing_decisions_without_a_reason_is_refused(family: Family, as_officer: Client) -> None:
    url = reverse("allowance:household_decisions_issue", args=[family.household.pk])
    response = as_officer.post(url, {"issue-month": "2026-12", "issue-reason": " "})
    assert response.status_code == 400
    assert response.context["issue_form"].errors["reason"]
    assert not Decision.objects.exists()


def test_an_approver_cannot_issue_decisions(family: Family, as_approver: Client) -> None:
    url = reverse("allowance:household_decisions_issue", args=[family.household.pk])
    assert as_approver.post(url, {"issue-month": "2026-12", "issue-reason": "x"}).status_code == 403
    assert not Decision.objects.exists()


def test_decision_page_explains_the_amount_and_offers_both_documents(decision: Decision, as_officer: Client) -> None:
    page = _text(as_officer.get(reverse("allowance:decision", args=[decision.pk])))
    assert decision.number in page
    assert EACH_EN in page
    assert "shared between 2 adults" in page
    for language in ("sv", "en"):
        assert reverse("allowance:decision_pdf", args=[decision.pk, language]) in page


def test_decision_page_says_where_the_money_goes_under_an_exception(
    family: Family, exception: CardException, by_officer: Acting, as_officer: Client
) -> None:
    """Issue 15: the page said "paid to own card" while the letter said it goes to another adult's card."""
    allowance.decisions_issue(acting=by_officer, month=DECEMBER)
    page = _text(as_officer.get(reverse("allowance:decision", args=[Decision.objects.get(person=family.woman).pk])))
    assert "Paid to own card" not in page
    assert "paid to another adult&#x27;s card" in page
    own = _text(as_officer.get(reverse("allowance:decision", args=[Decision.objects.get(person=family.man).pk])))
    assert "Paid to own card" in own


@pytest.mark.parametrize("language", ["sv", "en"])
def test_decision_document_downloads_and_each_opening_is_recorded(
    decision: Decision, as_officer: Client, officer: User, language: str
) -> None:
    response = as_officer.get(reverse("allowance:decision_pdf", args=[decision.pk, language]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="{decision.number}-{language}.pdf"'
    assert response.content == bytes(decision.documents.get(language=language).pdf)
    event = AuditEvent.objects.get(action="allowance.decision_open")
    assert (event.actor, event.object_id, event.details["language"]) == (officer, str(decision.pk), language)


def test_a_decision_in_an_unknown_language_is_not_found(decision: Decision, as_officer: Client) -> None:
    assert as_officer.get(reverse("allowance:decision_pdf", args=[decision.pk, "fr"])).status_code == 404
    assert not AuditEvent.objects.filter(action="allowance.decision_open").exists()


# --- the person page: cards, exceptions, reductions ----------------------------------------------


def test_person_page_lists_cards_exceptions_and_decisions(
    family: Family, exception: CardException, decision: Decision, as_officer: Client
) -> None:
    page = _text(as_officer.get(reverse("allowance:person", args=[family.woman.pk])))
    assert family.cards[family.woman.pk].reference in page
    assert "EXCEPTION" in page
    assert decision.number in page
    assert "Current" in page
    assert reverse("allowance:household", args=[family.household.pk]) in page


def test_a_card_goes_through_its_lifecycle_from_the_person_page(family: Family, as_officer: Client) -> None:
    card = family.cards[family.woman.pk]
    url = reverse("allowance:card_change", args=[family.woman.pk, card.pk])
    prefix = f"card-{card.pk}"
    activated = as_officer.post(url, {f"{prefix}-action": "activate", f"{prefix}-reason": "Card handed over"})
    assert activated.status_code == 302
    card.refresh_from_db()
    assert card.status == CardStatus.ACTIVE
    as_officer.post(url, {f"{prefix}-action": "block", f"{prefix}-reason": "Reported lost"})
    replaced = as_officer.post(url, {f"{prefix}-action": "replace", f"{prefix}-reason": "New card"}, follow=True)
    card.refresh_from_db()
    new = Card.objects.get(replaces=card)
    assert (card.status, new.status) == (CardStatus.REPLACED, CardStatus.ORDERED)
    assert f"replaced by {new.reference}" in _text(replaced)
    assert AuditEvent.objects.filter(action="allowance.card_block", reason="Reported lost").exists()


def test_a_card_change_without_a_reason_is_sent_back_and_changes_nothing(family: Family, as_officer: Client) -> None:
    card = family.cards[family.woman.pk]
    prefix = f"card-{card.pk}"
    url = reverse("allowance:card_change", args=[family.woman.pk, card.pk])
    response = as_officer.post(url, {f"{prefix}-action": "activate", f"{prefix}-reason": ""})
    assert response.status_code == 400
    assert "Something needs fixing" in _text(response)
    card.refresh_from_db()
    assert card.status == CardStatus.ORDERED


def test_a_refused_card_change_shows_the_services_message(family: Family, as_officer: Client) -> None:
    card = family.cards[family.woman.pk]
    prefix = f"card-{card.pk}"
    url = reverse("allowance:card_change", args=[family.woman.pk, card.pk])
    as_officer.post(url, {f"{prefix}-action": "block", f"{prefix}-reason": "Lost"})
    response = as_officer.post(url, {f"{prefix}-action": "activate", f"{prefix}-reason": "Found again"})
    assert response.status_code == 400
    assert "Only an ordered card can be activated." in _text(response)


def test_a_card_is_ordered_when_the_person_has_none(family: Family, as_officer: Client, acting: Acting) -> None:
    allowance.card_block(acting=acting, card=family.cards[family.woman.pk], on=datetime.date(2026, 11, 1))
    page = _text(as_officer.get(reverse("allowance:person", args=[family.woman.pk])))
    assert reverse("allowance:card_order", args=[family.woman.pk]) in page
    response = as_officer.post(
        reverse("allowance:card_order", args=[family.woman.pk]),
        {"order-account_iban": iban_se_demo(family.woman.pk), "order-reason": "Old card blocked"},
    )
    assert response.status_code == 302
    assert Card.objects.filter(holder=family.woman, status=CardStatus.ORDERED).count() == 1


def test_the_order_form_asks_for_the_account_and_shows_the_services_refusal_on_it(
    family: Family, as_officer: Client, acting: Acting
) -> None:
    allowance.card_block(acting=acting, card=family.cards[family.woman.pk], on=datetime.date(2026, 11, 1))
    page = _text(as_officer.get(reverse("allowance:person", args=[family.woman.pk])))
    assert 'name="order-account_iban"' in page
    assert 'name="order-account_from_issuer"' in page
    url = reverse("allowance:card_order", args=[family.woman.pk])
    response = as_officer.post(url, {"order-account_iban": "", "order-reason": "Old card blocked"})
    assert response.status_code == 400
    assert response.context["order_form"].errors["account_iban"] == [
        "Enter the account's IBAN, or choose that the card issuer supplies the account."
    ]
    assert '<p class="field__error" id="id_order-account_iban_error">Enter the account' in _text(response)
    mistyped = as_officer.post(url, {"order-account_iban": "SE45 5000 0000 0583 9825 7467", "order-reason": "Blocked"})
    assert mistyped.status_code == 400
    assert "check digits do not match" in mistyped.context["order_form"].errors["account_iban"][0]
    assert not Card.objects.filter(holder=family.woman, status=CardStatus.ORDERED).exists()


def test_a_card_ordered_with_the_issuers_account_shows_it_is_held_until_the_account_is_recorded(
    family: Family, as_officer: Client, acting: Acting
) -> None:
    allowance.card_block(acting=acting, card=family.cards[family.woman.pk], on=datetime.date(2026, 11, 1))
    ordered = as_officer.post(
        reverse("allowance:card_order", args=[family.woman.pk]),
        {"order-account_from_issuer": "on", "order-reason": "The issuer opens the account"},
        follow=True,
    )
    card = Card.objects.get(holder=family.woman, status=CardStatus.ORDERED)
    assert card.account_iban == ""
    page = _text(ordered)
    assert f"Card {card.reference} has no account yet, so payments to it are held." in page
    assert "No account yet: payments to this card are held" in page
    prefix = f"account-{card.pk}"
    url = reverse("allowance:card_account_set", args=[family.woman.pk, card.pk])
    refused = as_officer.post(url, {f"{prefix}-account_iban": "SE12", f"{prefix}-reason": "Issuer's letter"})
    assert refused.status_code == 400
    [form] = [row.account_form for row in refused.context["cards"] if row.card == card]
    assert form.errors["account_iban"] == ["An IBAN from SE has 24 characters; this one has 4."]
    recorded = as_officer.post(
        url, {f"{prefix}-account_iban": iban_se_demo(42), f"{prefix}-reason": "Issuer's letter"}, follow=True
    )
    card.refresh_from_db()
    assert card.account_iban == iban_se_demo(42)
    assert "Payments held for want of it are paid by a later run for their month." in _text(recorded)
    assert f"Card {card.reference} has no account yet" not in _text(recorded)


def test_a_child_under_16_gets_no_card(family: Family, as_officer: Client) -> None:
    response = as_officer.post(
        reverse("allowance:card_order", args=[family.elder.pk]),
        {"order-account_iban": iban_se_demo(family.elder.pk), "order-reason": "Asked"},
    )
    assert response.status_code == 400
    assert "from the age of 16" in _text(response)
    assert not Card.objects.filter(holder=family.elder).exists()


def test_the_page_and_the_services_take_both_ages_from_the_allowance_parameters(
    family: Family, as_officer: Client, by_officer: Acting, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One definition of each age: with a made-up own-card age of 10 and adulthood at 11, the person page
    offers Lina (11) a card and counts her an adult, the reduction service agrees, and the card service
    refuses Sami (7) citing 10."""
    url = reverse("allowance:person", args=[family.elder.pk])
    page = as_officer.get(url)
    assert (page.context["order_form"], page.context["adult"]) == (None, False)
    history = parameters_load()
    changed = dataclasses.replace(
        history,
        versions=tuple(dataclasses.replace(v, child_own_card_age=10, adult_age=11) for v in history.versions),
    )
    for module in ("views.persons", "services"):
        monkeypatch.setattr(f"lika.allowance.{module}.parameters_load", lambda: changed)
    page = as_officer.get(url)
    assert page.context["order_form"] is not None
    assert page.context["adult"] is True
    allowance.reduction_decide(
        acting=by_officer,
        person=family.elder,
        ground=ReductionGround.REFUSES_ACTIVITY,
        daily_ore=1000,
        start_date=datetime.date(2026, 12, 1),
    )
    with pytest.raises(ValidationError, match="from the age of 10"):
        allowance.card_order(acting=by_officer, person=family.younger, on=datetime.date(2026, 12, 1))


def test_a_card_or_exception_is_not_reachable_through_another_persons_url(
    family: Family, exception: CardException, as_officer: Client
) -> None:
    mans_card = family.cards[family.man.pk]
    prefix = f"card-{mans_card.pk}"
    response = as_officer.post(
        reverse("allowance:card_change", args=[family.woman.pk, mans_card.pk]),
        {f"{prefix}-action": "block", f"{prefix}-reason": "Forged"},
    )
    assert response.status_code == 404
    mans_card.refresh_from_db()
    assert mans_card.status == CardStatus.ORDERED
    ended = as_officer.post(
        reverse("allowance:card_exception_end", args=[family.man.pk, exception.pk]),
        {f"exception-{exception.pk}-end_date": "2026-11-30", f"exception-{exception.pk}-reason": "Forged"},
    )
    assert ended.status_code == 404
    exception.refresh_from_db()
    assert exception.end_date is None


def _exception_data(card: Card, **overrides: str) -> dict[str, str]:
    data = {
        "exception-kind": ExceptionKind.SINGLE_PAYEE,
        "exception-card": str(card.pk),
        "exception-reason_code": ExceptionReason.CANNOT_USE_CARD,
        "exception-start_date": "2026-12-01",
        "exception-end_date": "",
        "exception-reason": "She is in hospital",
    }
    data.update(overrides)
    return data


def test_an_exception_is_recorded_from_the_person_page_with_a_card_of_another_adult(
    family: Family, as_officer: Client, officer: User
) -> None:
    mans_card = family.cards[family.man.pk]
    page = as_officer.get(reverse("allowance:person", args=[family.woman.pk]))
    choices = dict(page.context["exception_form"].fields["card"].choices)
    assert set(choices) == {"", mans_card.pk}
    url = reverse("allowance:card_exception_create", args=[family.woman.pk])
    response = as_officer.post(url, _exception_data(mans_card))
    assert response.status_code == 302
    created = CardException.objects.get(person=family.woman)
    assert (created.card, created.reason, created.decided_by) == (mans_card, ExceptionReason.CANNOT_USE_CARD, officer)


def test_an_exception_refused_by_the_service_shows_its_message_on_the_field(
    family: Family, exception: CardException, as_officer: Client
) -> None:
    url = reverse("allowance:card_exception_create", args=[family.woman.pk])
    response = as_officer.post(url, _exception_data(family.cards[family.man.pk]))
    assert response.status_code == 400
    assert response.context["exception_form"].errors["start_date"] == [
        "The person already has a card exception in this period."
    ]
    assert CardException.objects.count() == 1


def test_an_exception_outside_the_closed_list_of_reasons_is_refused(family: Family, as_officer: Client) -> None:
    url = reverse("allowance:card_exception_create", args=[family.woman.pk])
    response = as_officer.post(url, _exception_data(family.cards[family.man.pk], **{"exception-reason_code": "x"}))
    assert response.status_code == 400
    assert response.context["exception_form"].errors["reason_code"]
    assert not CardException.objects.exists()


def test_an_exception_is_ended_from_the_person_page(
    family: Family, exception: CardException, as_officer: Client
) -> None:
    prefix = f"exception-{exception.pk}"
    response = as_officer.post(
        reverse("allowance:card_exception_end", args=[family.woman.pk, exception.pk]),
        {f"{prefix}-end_date": "2026-11-30", f"{prefix}-reason": "She asked to be paid on her own card"},
    )
    assert response.status_code == 302
    exception.refresh_from_db()
    assert exception.end_date == datetime.date(2026, 11, 30)


def test_a_reduction_in_kronor_is_decided_in_ore(family: Family, as_officer: Client) -> None:
    data = {
        "reduction-ground": "refuses_activity",
        "reduction-daily_kronor": "10.50",
        "reduction-start_date": "2026-12-01",
        "reduction-end_date": "",
        "reduction-reason": "Refused the course twice",
    }
    response = as_officer.post(reverse("allowance:reduction_decide", args=[family.man.pk]), data)
    assert response.status_code == 302
    assert Reduction.objects.get(person=family.man).daily_ore == 1050
    refused = as_officer.post(reverse("allowance:reduction_decide", args=[family.elder.pk]), data)
    assert refused.status_code == 400
    assert "Only an adult" in _text(refused)


def test_an_approver_sees_the_person_page_without_forms_and_cannot_post_them(
    family: Family, as_approver: Client
) -> None:
    page = _text(as_approver.get(reverse("allowance:person", args=[family.woman.pk])))
    assert reverse("allowance:reduction_decide", args=[family.woman.pk]) not in page
    card = family.cards[family.woman.pk]
    url = reverse("allowance:card_change", args=[family.woman.pk, card.pk])
    assert as_approver.post(url, {f"card-{card.pk}-action": "block", f"card-{card.pk}-reason": "x"}).status_code == 403


def test_person_page_uses_a_fixed_number_of_queries(
    family: Family, by_officer: Acting, as_officer: Client, django_assert_max_num_queries: Any
) -> None:
    card = family.cards[family.woman.pk]
    for day in range(1, 6):
        card = allowance.card_replace(acting=by_officer, card=card, on=datetime.date(2026, 11, day))
        allowance.card_exception_create(
            acting=by_officer,
            person=family.woman,
            kind=ExceptionKind.JOINT_CARD,
            card=family.cards[family.man.pk],
            reason=ExceptionReason.CANNOT_USE_CARD,
            start_date=datetime.date(2026, day, 1),
            end_date=datetime.date(2026, day, 28),
        )
    for month in range(7, 13):
        allowance.decisions_issue(acting=by_officer, month=Month(2026, month))
    with django_assert_max_num_queries(15):
        response = as_officer.get(reverse("allowance:person", args=[family.woman.pk]))
    assert len(response.context["cards"]) == 6
    assert len(response.context["decisions"]) == 6


# --- payment runs --------------------------------------------------------------------------------


def test_an_officer_prepares_a_run_from_the_list(family: Family, as_officer: Client, officer: User) -> None:
    data = {"prepare-month": "2026-12", "prepare-execution_date": "2026-11-25", "prepare-reason": "December"}
    response = as_officer.post(reverse("allowance:run_prepare"), data)
    run = PaymentRun.objects.get()
    assert response["Location"] == reverse("allowance:run_detail", args=[run.pk])
    assert (run.month, run.prepared_by, run.payments_count) == ("2026-12", officer, 2)


def test_a_run_paid_after_the_month_starts_is_refused_on_the_date_field(family: Family, as_officer: Client) -> None:
    data = {"prepare-month": "2026-12", "prepare-execution_date": "2026-12-02", "prepare-reason": "December"}
    response = as_officer.post(reverse("allowance:run_prepare"), data)
    assert response.status_code == 400
    assert "paid in advance" in response.context["prepare_form"].errors["execution_date"][0]
    assert not PaymentRun.objects.exists()


def test_the_approver_sees_each_payment_before_approving(
    family: Family, exception: CardException, by_officer: Acting, as_approver: Client
) -> None:
    """Issue 15: the run page showed totals only; the approver could not see whom they were about to pay."""
    run = allowance.payment_run_prepare(acting=by_officer, month=DECEMBER, execution_date=DECEMBER_PAYDAY)
    detail = _text(as_approver.get(reverse("allowance:run_detail", args=[run.pk])))
    url = reverse("allowance:run_payments", args=[run.pk])
    assert url in detail
    page = as_approver.get(url)
    rows = page.context["rows"]
    assert {row.payment.person for row in rows} == {family.woman, family.man}
    assert sum(row.payment.amount_ore for row in rows) == run.total_ore + run.held_ore
    text = _text(page)
    assert family.cards[family.man.pk].reference in text
    assert f"held by {family.man.full_name}" in text  # Amina's money goes to Omar's card, and the list says so
    assert "Single payee: paid to another adult&#x27;s card" in text
    only = as_approver.get(url, {"exceptions": "on"}).context["rows"]
    assert [row.payment.person for row in only] == [family.woman]
    pending = as_approver.get(url, {"status": "pending"}).context["rows"]
    assert all(row.payment.status == "pending" for row in pending)
    assert as_approver.get(url, {"status": "stolen"}).status_code == 400


def test_the_worklist_shows_what_waits_and_empties_as_work_is_done(
    family: Family, by_officer: Acting, as_officer: Client
) -> None:
    """Issue 15: nothing told an officer which households need decisions or who has no usable card."""
    url = reverse("allowance:worklist")
    assert url in _text(as_officer.get(reverse("allowance:index")))
    work = as_officer.get(url).context["work"]
    assert (str(work.month), work.undecided_count, work.without_card_count) == ("2026-12", 2, 0)
    assert set(work.undecided) == {family.woman, family.man}
    allowance.card_block(acting=by_officer, card=family.cards[family.man.pk], on=datetime.date(2026, 11, 22))
    allowance.decisions_issue(acting=by_officer, month=DECEMBER)
    run = allowance.payment_run_prepare(acting=by_officer, month=DECEMBER, execution_date=DECEMBER_PAYDAY)
    work = as_officer.get(url).context["work"]
    assert (work.undecided_count, work.without_card, work.runs_waiting) == (0, [family.man], [run])
    assert family.man.full_name in _text(as_officer.get(url))


def test_a_communicator_does_not_see_a_runs_payments(run: PaymentRun, make_staff: Callable[..., User]) -> None:
    url = reverse("allowance:run_payments", args=[run.pk])
    assert _client(make_staff(Role.COMMUNICATOR)).get(url).status_code == 403


def test_an_officer_cannot_approve_neither_by_button_nor_by_a_forged_post(run: PaymentRun, as_officer: Client) -> None:
    page = _text(as_officer.get(reverse("allowance:run_detail", args=[run.pk])))
    assert reverse("allowance:run_approve", args=[run.pk]) not in page
    assert "Waiting for an approver" in page
    forged = as_officer.post(reverse("allowance:run_approve", args=[run.pk]), {"approve-reason": "Looks fine"})
    assert forged.status_code == 403
    run.refresh_from_db()
    assert (run.status, run.approved_by) == (RunStatus.PREPARED, None)


def test_whoever_prepared_a_run_is_refused_approval_with_the_services_message(
    family: Family, make_staff: Callable[..., User]
) -> None:
    """An administrator holds both permissions; the four-eyes rule in the service still stops them."""
    administrator = make_staff(Role.ADMINISTRATOR, username="admin")
    run = allowance.payment_run_prepare(
        acting=Acting(actor=administrator, reason="December"), month=DECEMBER, execution_date=DECEMBER_PAYDAY
    )
    client = _client(administrator)
    assert reverse("allowance:run_approve", args=[run.pk]) in _text(
        client.get(reverse("allowance:run_detail", args=[run.pk]))
    )
    response = client.post(reverse("allowance:run_approve", args=[run.pk]), {"approve-reason": "Looks fine"})
    assert response.status_code == 400
    assert "A run must be approved by someone other than the officer who prepared it." in _text(response)
    run.refresh_from_db()
    assert (run.status, run.approved_by) == (RunStatus.PREPARED, None)


def test_the_approver_approves_executes_and_downloads_the_files(
    family: Family, run: PaymentRun, as_approver: Client, approver: User
) -> None:
    detail = reverse("allowance:run_detail", args=[run.pk])
    assert reverse("allowance:run_approve", args=[run.pk]) in _text(as_approver.get(detail))
    approved = as_approver.post(reverse("allowance:run_approve", args=[run.pk]), {"approve-reason": "Checked totals"})
    assert approved["Location"] == detail
    run.refresh_from_db()
    assert (run.status, run.approved_by) == (RunStatus.APPROVED, approver)

    executed = as_approver.post(
        reverse("allowance:run_execute", args=[run.pk]), {"execute-reason": "Pay December"}, follow=True
    )
    run.refresh_from_db()
    assert run.status == RunStatus.EXECUTED
    # Executing is a job in the background: its page says how it ended and leads on to the run.
    job_page = _text(executed)
    assert "Run executed: 2 payments made." in job_page
    assert '<progress id="job-progress" max="2" value="2">' in job_page
    assert f'href="{detail}"' in job_page
    executed_event = AuditEvent.objects.get(action="allowance.payment_run_execute")
    assert (executed_event.actor, executed_event.channel) == (approver, "task")
    page = _text(as_approver.get(detail))
    assert '<progress id="run-progress" max="2" value="2">' in page
    assert reverse("allowance:run_payment_file", args=[run.pk]) in page

    xml = as_approver.get(reverse("allowance:run_payment_file", args=[run.pk]))
    assert xml["Content-Type"] == "application/xml"
    assert xml["Content-Disposition"].startswith("attachment;")
    pain001_validate(xml.content)
    csv = as_approver.get(reverse("allowance:run_card_loads", args=[run.pk]))
    assert csv.content.decode() == run.card_load_lines
    for card in family.cards.values():
        assert card.reference in csv.content.decode()
    assert AuditEvent.objects.filter(action="allowance.payment_file_open", actor=approver).count() == 2


def test_the_run_page_reconciles_money_by_sex(
    family: Family, run: PaymentRun, by_approver: Acting, as_officer: Client
) -> None:
    allowance.payment_run_execute(acting=by_approver, run=allowance.payment_run_approve(acting=by_approver, run=run))
    response = as_officer.get(reverse("allowance:run_detail", args=[run.pk]))
    rows = dict(response.context["reconciliation"])
    assert rows["Entitled for the month"] == {
        "female": EACH_EN,
        "male": EACH_EN,
        "unknown": "SEK 0.00",
        "total": f"SEK {2 * EACH // 100:,}.{2 * EACH % 100:02d}",
    }
    assert rows["Paid"] == rows["Entitled for the month"]
    assert rows["Held: no usable card"]["total"] == "SEK 0.00"
    split = response.context["paid_split"]
    assert (split.female, split.male, split.unknown) == (1, 1, 0)


def test_the_run_page_counts_money_held_for_want_of_an_account_apart(
    family: Family, by_officer: Acting, by_approver: Acting, acting: Acting, as_officer: Client
) -> None:
    allowance.card_block(acting=acting, card=family.cards[family.man.pk], on=datetime.date(2026, 11, 1))
    card = allowance.card_order(
        acting=acting, person=family.man, on=datetime.date(2026, 11, 2), account_from_issuer=True
    )
    run = allowance.payment_run_prepare(acting=by_officer, month=DECEMBER, execution_date=DECEMBER_PAYDAY)
    allowance.payment_run_execute(acting=by_approver, run=allowance.payment_run_approve(acting=by_approver, run=run))
    response = as_officer.get(reverse("allowance:run_detail", args=[run.pk]))
    rows = dict(response.context["reconciliation"])
    assert rows["Paid"]["total"] == EACH_EN
    assert rows["Held: the card has no account yet"] == {
        "female": "SEK 0.00",
        "male": EACH_EN,
        "unknown": "SEK 0.00",
        "total": EACH_EN,
    }
    assert rows["Held: no usable card"]["total"] == "SEK 0.00"
    assert rows["Entitled for the month"]["total"] == f"SEK {2 * EACH // 100:,}.{2 * EACH % 100:02d}"
    [(payment, amount)] = response.context["held"]
    assert (payment.person_id, payment.card, amount) == (family.man.pk, card, EACH_EN)
    page = _text(response)
    assert "Why held" in page
    assert "The card has no account yet" in page


def test_files_of_a_run_not_yet_executed_are_not_served(run: PaymentRun, as_approver: Client) -> None:
    assert as_approver.get(reverse("allowance:run_payment_file", args=[run.pk])).status_code == 404
    assert as_approver.get(reverse("allowance:run_card_loads", args=[run.pk])).status_code == 404


def test_an_officer_cancels_a_prepared_run(run: PaymentRun, as_officer: Client) -> None:
    response = as_officer.post(reverse("allowance:run_cancel", args=[run.pk]), {"cancel-reason": "Wrong date"})
    assert response.status_code == 302
    run.refresh_from_db()
    assert run.status == RunStatus.CANCELLED


def test_the_run_page_reloads_itself_only_while_executing_and_when_asked(
    run: PaymentRun, by_approver: Acting, as_approver: Client
) -> None:
    url = reverse("allowance:run_detail", args=[run.pk])
    assert not as_approver.get(url, {"follow": "1"}).has_header("Refresh")
    PaymentRun.objects.filter(pk=run.pk).update(status=RunStatus.EXECUTING)
    asked = as_approver.get(url)
    assert not asked.has_header("Refresh")
    assert f"{url}?follow=1" in _text(asked)
    following = as_approver.get(url, {"follow": "1"})
    assert following["Refresh"] == "10"
    assert "Stop reloading" in _text(following)


def test_run_list_uses_a_fixed_number_of_queries(
    family: Family, by_officer: Acting, as_officer: Client, django_assert_max_num_queries: Any
) -> None:
    for month in range(1, 7):
        allowance.payment_run_prepare(
            acting=by_officer, month=Month(2027, month), execution_date=datetime.date(2026, 12, 20)
        )
    with django_assert_max_num_queries(8):
        response = as_officer.get(reverse("allowance:run_list"))
    assert len(response.context["rows"]) == 6


def test_run_page_uses_a_fixed_number_of_queries(
    family: Family, run: PaymentRun, acting: Acting, as_officer: Client, django_assert_max_num_queries: Any
) -> None:
    for card in family.cards.values():
        allowance.card_block(acting=acting, card=card, on=datetime.date(2026, 11, 1))
    PaymentRun.objects.all().update(status=RunStatus.CANCELLED)
    held = allowance.payment_run_prepare(
        acting=Acting(actor=run.prepared_by, reason="Again"), month=DECEMBER, execution_date=DECEMBER_PAYDAY
    )
    with django_assert_max_num_queries(10):
        response = as_officer.get(reverse("allowance:run_detail", args=[held.pk]))
    assert len(response.context["held"]) == 2


# --- in a real browser ---------------------------------------------------------------------------


@pytest.fixture
def scene(family: Family, exception: CardException, by_officer: Acting, by_approver: Acting) -> dict[str, Any]:
    """November paid, December's decisions issued and its run prepared: every screen has something to show."""
    allowance.decisions_issue(acting=by_officer, month=DECEMBER)
    november = allowance.payment_run_prepare(
        acting=by_officer, month=Month(2026, 11), execution_date=datetime.date(2026, 11, 23)
    )
    allowance.payment_run_execute(
        acting=by_approver, run=allowance.payment_run_approve(acting=by_approver, run=november)
    )
    december = allowance.payment_run_prepare(acting=by_officer, month=DECEMBER, execution_date=DECEMBER_PAYDAY)
    return {"family": family, "november": november, "december": december}


@pytest.fixture
def browser_page(page: Any) -> Any:
    """The project's browser page, under a name that does not clash with this module's own ``page`` variables."""
    return page


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("language", ["sv", "en"])
def test_allowance_pages_have_no_wcag_21_aa_violations(
    browser_page: Any, live_server: Any, scene: dict[str, Any], approver: User, language: str
) -> None:
    """The officer's household, person, decision and run pages, a form sent back, and the approver's run pages."""
    page = browser_page
    family: Family = scene["family"]
    base = live_server.url
    found: dict[str, list[str]] = {}
    page.goto(f"{base}/konto/logga-in/")
    in_browser.choose_language(page, language)
    in_browser.log_in(page, base, "officer")
    decision = Decision.objects.get(person=family.woman)
    for name, path in [
        ("allowance-index", reverse("allowance:index")),
        ("allowance-household", f"{reverse('allowance:household', args=[family.household.pk])}?month=2026-12"),
        ("allowance-person", reverse("allowance:person", args=[family.woman.pk])),
        ("allowance-decision", reverse("allowance:decision", args=[decision.pk])),
        ("allowance-runs", reverse("allowance:run_list")),
        ("allowance-run-prepared", reverse("allowance:run_detail", args=[scene["december"].pk])),
    ]:
        page.goto(f"{base}{path}")
        assert page.locator("html").get_attribute("lang") == language
        found[name] = in_browser.axe_violations(page)
        in_browser.look(page, f"{name}-{language}")

    # A refused form comes back with an error summary that is itself accessible.
    page.goto(f"{base}{reverse('allowance:person', args=[family.man.pk])}")
    page.locator("#reduction-new > summary").click()
    page.locator("#reduction-new button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator(".error-summary").is_visible()
    found["allowance-person-errors"] = in_browser.axe_violations(page)
    in_browser.look(page, f"allowance-person-errors-{language}")

    context = page.context.browser.new_context(viewport={"width": 1280, "height": 900})
    as_approver = context.new_page()
    try:
        as_approver.goto(f"{base}/konto/logga-in/")
        in_browser.choose_language(as_approver, language)
        in_browser.log_in(as_approver, base, approver.get_username())
        for name, run in [("allowance-run-approve", scene["december"]), ("allowance-run-executed", scene["november"])]:
            as_approver.goto(f"{base}{reverse('allowance:run_detail', args=[run.pk])}")
            found[name] = in_browser.axe_violations(as_approver)
            in_browser.look(as_approver, f"{name}-{language}")
        assert as_approver.locator("progress").get_attribute("value") == "2"
    finally:
        context.close()
    assert {name: v for name, v in found.items() if v} == {}


def test_only_approvers_download_the_bank_files(
    family: Family, by_officer: Acting, by_approver: Acting, as_officer: Client
) -> None:
    run = allowance.payment_run_prepare(acting=by_officer, month=DECEMBER, execution_date=DECEMBER_PAYDAY)
    run = allowance.payment_run_execute(
        acting=by_approver, run=allowance.payment_run_approve(acting=by_approver, run=run)
    )
    assert as_officer.get(reverse("allowance:run_payment_file", args=[run.pk])).status_code == 403
    assert as_officer.get(reverse("allowance:run_card_loads", args=[run.pk])).status_code == 403
    assert (
        reverse("allowance:run_payment_file", args=[run.pk])
        not in as_officer.get(reverse("allowance:run_detail", args=[run.pk])).content.decode()
    )


# --- the audited downloads are services, checked whoever calls them -------------------------------


def test_only_someone_who_reads_decisions_opens_a_decision_letter_and_each_opening_is_audited(
    decision: Decision, officer: User, make_staff: Callable[..., User]
) -> None:
    communicator = make_staff(Role.COMMUNICATOR, username="communicator")
    with pytest.raises(ValidationError, match="may not do this"):
        allowance.decision_document_open(
            acting=Acting(actor=communicator, reason="Opened"), decision=decision, language="sv"
        )
    assert not AuditEvent.objects.filter(action="allowance.decision_open").exists()
    document = allowance.decision_document_open(
        acting=Acting(actor=officer, reason="Opened"), decision=decision, language="en"
    )
    assert document.language == "en"
    assert AuditEvent.objects.filter(action="allowance.decision_open", actor=officer).count() == 1


def test_only_an_approver_downloads_a_run_file_and_only_of_an_executed_run(
    run: PaymentRun, officer: User, approver: User, by_approver: Acting
) -> None:
    with pytest.raises(PaymentRun.DoesNotExist):
        allowance.payment_file_open(acting=Acting(actor=approver, reason="Opened"), run=run, kind="pain.001")
    run = allowance.payment_run_execute(
        acting=by_approver, run=allowance.payment_run_approve(acting=by_approver, run=run)
    )
    with pytest.raises(ValidationError, match="may not do this"):
        allowance.payment_file_open(acting=Acting(actor=officer, reason="Opened"), run=run, kind="pain.001")
    assert not AuditEvent.objects.filter(action="allowance.payment_file_open").exists()
    content = allowance.payment_file_open(acting=Acting(actor=approver, reason="Opened"), run=run, kind="card loads")
    assert content.decode() == run.card_load_lines
    assert AuditEvent.objects.filter(action="allowance.payment_file_open", actor=approver).count() == 1


def test_the_iban_is_typed_left_to_right_on_a_right_to_left_page(
    family: Family, as_officer: Client, acting: Acting
) -> None:
    allowance.card_block(acting=acting, card=family.cards[family.woman.pk], on=datetime.date(2026, 11, 1))
    page = _text(as_officer.get(reverse("allowance:person", args=[family.woman.pk]), HTTP_ACCEPT_LANGUAGE="ar"))
    field = page[page.index('name="order-account_iban"') - 200 : page.index('name="order-account_iban"') + 200]
    assert 'dir="ltr"' in field


def test_executing_a_run_not_yet_approved_says_why_on_the_page(run: PaymentRun, as_approver: Client) -> None:
    """The run page shows no execute form before approval, so the refusal used to vanish: a bare 400.
    It is now said above the page, and nothing is paid."""
    response = as_approver.post(reverse("allowance:run_execute", args=[run.pk]), {"execute-reason": "Pay now"})
    assert response.status_code == 400
    assert "Only an approved run can be executed." in _text(response)
    run.refresh_from_db()
    assert run.status == RunStatus.PREPARED
