"""A case officer's first family, from nothing to Min Sida, in Chromium with JavaScript turned off (issue 15).

The officer registers two adults and two children through the registry's pages — household, partners,
guardians, LMA periods and accommodation — orders both adults' cards, records and verifies each adult's
own phone, and issues the month's decisions as a job from the worklist. Then each adult logs in to Min
Sida with a code sent to her or his own phone and sees her or his own decision, never the other's.
Every step is a plain link or form post, as on a locked-down office computer.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest

from lika.accounts.roles import Role
from lika.allowance.models import Card, Decision
from lika.core.models import Job, JobStatus
from lika.people.models import HouseholdMembership, Person
from lika.testing.browser import log_in, look

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

START = "2025-01-01"
# Numbers in the ranges the Swedish regulator keeps for fiction.
PHONES = {"Amina": "070-174 06 11", "Omar": "070-174 06 12"}
FAMILY = (
    ("30000001", "Amina", "female", "1990-04-02"),
    ("30000002", "Omar", "male", "1988-09-14"),
    ("30000003", "Lina", "female", "2015-03-03"),
    ("30000004", "Sami", "male", "2019-06-01"),
)


@pytest.fixture
def texts(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    """The text messages Lika sends, kept instead of printed."""
    sent: list[tuple[str, str]] = []
    monkeypatch.setattr(
        "lika.applicant_portal.notify.ConsoleSmsBackend.send", lambda self, phone, text: sent.append((phone, text))
    )
    return sent


def _last_code(texts: list[tuple[str, str]], phone: str) -> str:
    number = "+46" + re.sub(r"\D", "", phone)[1:]
    found = [text for to, text in texts if to == number]
    assert found, f"no text to {number}: {texts}"
    match = re.search(r"\b([0-9]{6})\b", found[-1])
    assert match is not None, found[-1]
    return match.group(1)


def _submit(page: Any, values: dict[str, str | bool], *, form: str = "main form.form") -> None:
    """Fills the page's form as a person does (radio buttons chosen, boxes ticked) and sends it."""
    target = page.locator(form).filter(has=page.locator("[name$='reason']")).first
    for name, value in values.items():
        field = target.locator(f"[name='{name}']").first
        kind = (field.get_attribute("type") or field.evaluate("e => e.tagName")).lower()
        if kind == "radio":
            target.locator(f"[name='{name}'][value='{value}']").check()
        elif kind == "checkbox":
            field.set_checked(bool(value))
        elif kind == "select":
            field.select_option(str(value))
        else:
            field.fill(str(value))
    with page.expect_navigation():
        target.locator("button[type=submit]").last.click()


def _no_errors(page: Any) -> None:
    assert page.locator(".error-summary").count() == 0, page.locator("main").inner_text()


def test_an_officer_registers_a_family_and_each_adult_reads_only_their_own_decision(
    browser: Any,
    live_server: Any,
    make_staff: Callable[..., Any],
    texts: list[tuple[str, str]],
    request: pytest.FixtureRequest,
) -> None:
    make_staff(Role.CASE_OFFICER, username="officer")
    base = live_server.url
    context = _portal(browser, base)
    # Closed before the live server stops, also when an assertion fails: an open page would keep it waiting.
    request.addfinalizer(context.close)
    page = context.new_page()
    log_in(page, base, "officer")

    persons = _register_family(page, base)
    amina, omar = persons["Amina"], persons["Omar"]

    for adult in (amina, omar):
        page.goto(f"{base}/dagersattning/personer/{adult.pk}/")
        _submit(page, {"order-account_from_issuer": True, "order-reason": "Own card"}, form="form#order")
        _no_errors(page)
        page.goto(f"{base}/register/min-sida/personer/{adult.pk}/kontakter/")
        _submit(page, {"value": PHONES[adult.given_name], "reason": "For logging in to Min Sida"})
        _no_errors(page)
        code = _last_code(texts, PHONES[adult.given_name])
        check = page.locator("form.form--inline")
        check.locator("input[name$='code']").fill(code)
        with page.expect_navigation():
            check.locator("button[type=submit]").click()
        assert "Not verified" not in page.content()
    assert Card.objects.filter(holder__in=[amina, omar]).count() == 2

    page.goto(f"{base}/dagersattning/att-gora/")
    _submit(page, {"month-reason": "The month's decisions"}, form="form[action$='/beslut/manad/']")
    assert "/jobb/" in page.url
    look(page, "officer-day-job")
    job = Job.objects.get()
    assert job.status == JobStatus.DONE, job.outcome
    assert "2 decisions issued" in page.content()
    decisions = {d.person_id: d for d in Decision.objects.all()}
    assert set(decisions) == {amina.pk, omar.pk}

    for adult, other in ((amina, omar), (omar, amina)):
        _min_sida(browser, base, adult=adult, other=other, texts=texts, decisions=decisions)


def _register_family(page: Any, base: str) -> dict[str, Person]:
    """Registers the four, their household, partners, guardians, LMA periods and accommodation by the forms."""
    persons: dict[str, Person] = {}
    for dossier, name, sex, born in FAMILY:
        page.goto(f"{base}/register/personer/ny/")
        _submit(
            page,
            {
                "dossier_number": dossier,
                "given_name": name,
                "family_name": "Haddad",
                "birth_date": born,
                "sex": sex,
                "country_of_birth": "SY",
                "preferred_language": "ar",
                "reason": "Registered at the office",
            },
        )
        _no_errors(page)
        persons[name] = Person.objects.get(dossier_number=dossier)
        assert page.url.endswith(f"/register/personer/{persons[name].pk}/")
    look(page, "officer-day-person")

    amina, omar, lina, sami = (persons[n] for n in ("Amina", "Omar", "Lina", "Sami"))
    page.goto(f"{base}/register/personer/{amina.pk}/nytt-hushall/")
    _submit(page, {"start_date": START, "reason": "Arrived together"})
    _no_errors(page)
    household = HouseholdMembership.objects.get(person=amina).household_id
    for person, role in ((omar, "adult"), (lina, "child"), (sami, "child")):
        page.goto(f"{base}/register/hushall/{household}/medlem/")
        _submit(page, {"dossier_number": person.dossier_number, "role": role, "start_date": START, "reason": "Family"})
        _no_errors(page)
    page.goto(f"{base}/register/hushall/{household}/partner/")
    _submit(
        page,
        {"first": str(amina.pk), "second": str(omar.pk), "kind": "married", "start_date": START, "reason": "Married"},
    )
    _no_errors(page)
    for child in (lina, sami):
        for parent in (amina, omar):
            page.goto(f"{base}/register/hushall/{household}/vardnadshavare/")
            _submit(
                page,
                {
                    "child": str(child.pk),
                    "guardian": str(parent.pk),
                    "kind": "parent",
                    "start_date": child.birth_date.isoformat(),
                    "reason": "Parents",
                },
            )
            _no_errors(page)
    for person in persons.values():
        page.goto(f"{base}/register/personer/{person.pk}/lma/")
        _submit(page, {"basis": "asylum_seeker", "start_date": START, "reason": "Asylum seeker"})
        _no_errors(page)
        page.goto(f"{base}/register/personer/{person.pk}/boende/")
        _submit(page, {"kind": "own", "start_date": START, "reason": "Own accommodation"})
        _no_errors(page)
    look(page, "officer-day-household")
    return persons


def _portal(browser: Any, base: str) -> Any:
    context = browser.new_context(java_script_enabled=False, locale="en-GB")
    context.add_cookies([{"name": "lika_language", "value": "en", "url": base}])
    context.set_default_timeout(20_000)
    return context


def _min_sida(
    browser: Any,
    base: str,
    *,
    adult: Person,
    other: Person,
    texts: list[tuple[str, str]],
    decisions: dict[int, Decision],
) -> None:
    """``adult`` logs in to Min Sida with a code sent to their own phone and finds their own decision only."""
    context = _portal(browser, base)
    try:
        portal = context.new_page()
        portal.goto(f"{base}/min-sida/logga-in/kod/")
        portal.locator("#id_contact").fill(PHONES[adult.given_name])
        with portal.expect_navigation():
            portal.locator("main form.form button[type=submit]").click()
        portal.locator("#id_code").fill(_last_code(texts, PHONES[adult.given_name]))
        with portal.expect_navigation():
            portal.locator("main form.form button[type=submit]").click()
        assert portal.url.endswith("/min-sida/oversikt/"), portal.locator("main").inner_text()
        portal.goto(f"{base}/min-sida/dokument/")
        content = portal.content()
        assert decisions[adult.pk].number in content, portal.locator("main").inner_text()
        assert decisions[other.pk].number not in content
        assert other.given_name not in content
        look(portal, f"officer-day-min-sida-{adult.given_name}")
    finally:
        context.close()
