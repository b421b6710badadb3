"""The Min Sida login: e-ID through the development OpenID provider, one-time codes, throttling, timeout."""

from __future__ import annotations

import base64
import datetime
import itertools
import json
import logging
import re
import time
import urllib.parse
from collections.abc import Callable
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from joserfc import jwt
from joserfc.jwk import RSAKey
from stdnum import luhn

from lika.accounts.models import User
from lika.accounts.roles import Role
from lika.applicant_portal import dev_provider
from lika.applicant_portal.models import AttemptScope, OneTimeCode, PortalContact, PortalIdentity, PortalLoginAttempt
from lika.applicant_portal.services import login as login_services
from lika.applicant_portal.services.login import (
    login_acting,
    portal_contact_add,
    portal_identity_login,
)
from lika.applicant_portal.session import SESSION_PERSON_KEY, SESSION_SEEN_KEY
from lika.audit.acting import Acting
from lika.audit.models import AuditEvent
from lika.core import dev_provider as core_dev_provider
from lika.core import oidc
from lika.people.models import Person
from lika.testing.oidc import RewritingHttp
from lika.testing.portal import portal_client

pytestmark = pytest.mark.django_db

_serials = itertools.count(1)
_demo_dossiers = itertools.count(90_000_001)


def _client(**defaults: Any) -> Client:
    """A browser that asks for English pages (the messages below are matched in English)."""
    return Client(HTTP_ACCEPT_LANGUAGE="en", **defaults)


def _in_english(client: Client) -> Client:
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def personal_number_new() -> str:
    """A valid personal number for someone born 1990-01-01 (make_person's default birth date)."""
    base = f"19900101{next(_serials):03d}"
    return base + luhn.calc_check_digit(base[2:])


@pytest.fixture
def demo_person(make_person: Callable[..., Person]) -> Callable[..., Person]:
    """A person the development provider lists: a personal number and a dossier number in the demo range."""

    def make(**overrides: Any) -> Person:
        person = make_person(personal_number=personal_number_new(), **overrides)
        # person_create keeps the demo range for the demo loader; move the made person into it.
        Person.objects.filter(pk=person.pk).update(dossier_number=str(next(_demo_dossiers)))
        person.refresh_from_db()
        return person

    return make


@pytest.fixture
def by_staff(make_staff: Callable[..., User]) -> Acting:
    return Acting(actor=make_staff(Role.CASE_OFFICER, username="officer-login"), reason="Checked at the office")


def _query(url: str) -> dict[str, str]:
    return dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(url).query))


def _to_callback(client: Client, person: Person) -> str:
    """Starts an e-ID login and chooses ``person`` at the development provider; returns the callback URL."""
    start = client.get(reverse("applicant_portal:oidc_start"))
    assert start.status_code == 302
    authorize = start["Location"]
    params = _query(authorize)
    assert params["code_challenge_method"] == "S256"
    assert params["code_challenge"]
    assert params["nonce"]
    page = client.get(authorize)
    assert page.status_code == 200
    assert person.dossier_number in page.content.decode()
    chosen = client.post(authorize, {"person": str(person.pk)})
    assert chosen.status_code == 302
    return str(chosen["Location"])


def _logged_in_as(client: Client) -> int | None:
    value = client.session.get(SESSION_PERSON_KEY)
    return int(value) if value is not None else None


def _login_page_text(client: Client) -> str:
    return client.get(reverse("applicant_portal:login")).content.decode()


# E-ID ---------------------------------------------------------------------------------------------


def test_e_id_round_trip_logs_the_person_in_and_links_the_subject(demo_person: Callable[..., Person]) -> None:
    amina = demo_person(given_name="Amina")
    client = _client()
    callback = _to_callback(client, amina)
    response = client.get(callback)
    assert response.status_code == 302
    assert response["Location"] == reverse("applicant_portal:start")
    assert _logged_in_as(client) == amina.pk
    identity = PortalIdentity.objects.get(person=amina)
    assert identity.subject == dev_provider.subject_for(amina)
    assert identity.subject != amina.personal_number
    event = AuditEvent.objects.filter(action="portal.login").get()
    assert event.object_id == str(amina.pk)
    assert event.details == {"method": "oidc"}


def test_the_page_asked_for_before_login_comes_after_it(demo_person: Callable[..., Person]) -> None:
    person = demo_person()
    client = _client()
    client.get(reverse("applicant_portal:login"), {"next": "/min-sida/dokument/"})
    response = client.get(_to_callback(client, person))
    assert response["Location"] == "/min-sida/dokument/"


def test_a_callback_works_once(demo_person: Callable[..., Person]) -> None:
    person = demo_person()
    client = _client()
    callback = _to_callback(client, person)
    client.get(callback)
    client.post(reverse("applicant_portal:logout"))
    client.get(callback)
    assert _logged_in_as(client) is None


def test_wrong_state_is_refused(demo_person: Callable[..., Person]) -> None:
    person = demo_person()
    client = _client()
    callback = _to_callback(client, person)
    params = _query(callback)
    params["state"] = "forged"
    client.get(f"{reverse('applicant_portal:oidc_callback')}?{urllib.parse.urlencode(params)}")
    assert _logged_in_as(client) is None
    assert "could not be completed" in _login_page_text(client)
    assert AuditEvent.objects.get(action="portal.login_failed").details == {"method": "oidc", "reason": "state"}


def test_the_pkce_verifier_is_checked(demo_person: Callable[..., Person]) -> None:
    person = demo_person()
    client = _client()
    callback = _to_callback(client, person)
    session = client.session
    pending = dict(session["lika_portal_oidc"])
    pending["code_verifier"] = "a-verifier-that-does-not-match-the-challenge-sent-to-the-provider-0123"
    session["lika_portal_oidc"] = pending
    session.save()
    client.get(callback)
    assert _logged_in_as(client) is None
    assert AuditEvent.objects.get(action="portal.login_failed").details["reason"] == "token_refused"


def test_cancelling_at_the_provider_says_so(demo_person: Callable[..., Person]) -> None:
    person = demo_person()
    client = _client()
    start = client.get(reverse("applicant_portal:oidc_start"))
    cancelled = client.post(start["Location"], {"cancel": "1", "person": str(person.pk)})
    client.get(cancelled["Location"])
    assert _logged_in_as(client) is None
    assert "You cancelled the login" in _login_page_text(client)


def _login_with_changed_token(
    monkeypatch: pytest.MonkeyPatch,
    person: Person,
    change: Callable[[dict[str, Any]], dict[str, Any]],
    sign: Callable[[dict[str, Any]], str] = core_dev_provider.id_token_sign,
) -> Client:
    client = _client()
    callback = _to_callback(client, person)
    monkeypatch.setattr(oidc, "http_client", lambda _configured: RewritingHttp(change, sign))
    client.get(callback)
    return client


def _other_key_sign(claims: dict[str, Any]) -> str:
    key = RSAKey.generate_key(2048, parameters={"kid": core_dev_provider.KEY_ID}, private=True)
    return jwt.encode({"alg": "RS256", "kid": core_dev_provider.KEY_ID}, claims, key)


def _tampered_sign(claims: dict[str, Any]) -> str:
    """A properly signed token whose payload is then swapped for another person's number."""
    header, _payload, signature = core_dev_provider.id_token_sign(claims).split(".")
    forged = base64.urlsafe_b64encode(json.dumps({**claims, "sub": "someone-else"}).encode()).rstrip(b"=").decode()
    return f"{header}.{forged}.{signature}"


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        (lambda c: {**c, "nonce": "replayed"}, "id_token_nonce"),
        (lambda c: {**c, "aud": "another-client"}, "id_token_aud"),
        (lambda c: {**c, "iss": "https://idp.example.org"}, "id_token_iss"),
        (lambda c: {**c, "exp": int(time.time()) - 3600, "iat": int(time.time()) - 4000}, "id_token_exp"),
        (lambda c: {k: v for k, v in c.items() if k != "nonce"}, "id_token_nonce"),
    ],
    ids=["nonce", "audience", "issuer", "expired", "no-nonce"],
)
def test_an_id_token_with_a_wrong_claim_is_refused(
    monkeypatch: pytest.MonkeyPatch,
    demo_person: Callable[..., Person],
    change: Callable[[dict[str, Any]], dict[str, Any]],
    reason: str,
) -> None:
    client = _login_with_changed_token(monkeypatch, demo_person(), change)
    assert _logged_in_as(client) is None
    assert AuditEvent.objects.get(action="portal.login_failed").details["reason"] == reason
    assert not PortalIdentity.objects.exists()


@pytest.mark.parametrize("sign", [_other_key_sign, _tampered_sign], ids=["other-key", "tampered-payload"])
def test_an_id_token_without_the_providers_signature_is_refused(
    monkeypatch: pytest.MonkeyPatch, demo_person: Callable[..., Person], sign: Callable[[dict[str, Any]], str]
) -> None:
    client = _login_with_changed_token(monkeypatch, demo_person(), lambda c: c, sign)
    assert _logged_in_as(client) is None
    assert AuditEvent.objects.get(action="portal.login_failed").details["reason"] == "id_token_signature"


def test_the_e_mail_claim_never_finds_anyone(
    monkeypatch: pytest.MonkeyPatch, demo_person: Callable[..., Person], by_staff: Acting
) -> None:
    amina, omar = demo_person(given_name="Amina"), demo_person(given_name="Omar")
    portal_contact_add(acting=by_staff, person=omar, value="omar@example.org", verified=True)

    unregistered = personal_number_new()

    def as_stranger_with_omars_email(claims: dict[str, Any]) -> dict[str, Any]:
        return {
            **claims,
            "sub": "a-subject-nobody-has",
            dev_provider.PERSONAL_NUMBER_CLAIM: unregistered,
            "email": "omar@example.org",
            "email_verified": True,
        }

    client = _login_with_changed_token(monkeypatch, amina, as_stranger_with_omars_email)
    assert _logged_in_as(client) is None
    assert "we cannot find you" in _login_page_text(client)
    assert not PortalIdentity.objects.exists()


def test_an_unknown_person_is_refused_with_a_clear_message(
    monkeypatch: pytest.MonkeyPatch, demo_person: Callable[..., Person]
) -> None:
    nobody = personal_number_new()
    client = _login_with_changed_token(
        monkeypatch, demo_person(), lambda c: {**c, "sub": "new", dev_provider.PERSONAL_NUMBER_CLAIM: nobody}
    )
    assert _logged_in_as(client) is None
    text = _login_page_text(client)
    assert "Your e-ID works, but we cannot find you" in text
    assert "log in with a code" in text
    assert AuditEvent.objects.get(action="portal.login_failed").details["reason"] == "unknown_person"
    assert nobody not in str(AuditEvent.objects.values_list("details", flat=True))


def test_the_number_can_come_from_the_userinfo_endpoint(
    monkeypatch: pytest.MonkeyPatch, demo_person: Callable[..., Person]
) -> None:
    person = demo_person()
    client = _login_with_changed_token(
        monkeypatch, person, lambda c: {k: v for k, v in c.items() if k != dev_provider.PERSONAL_NUMBER_CLAIM}
    )
    assert _logged_in_as(client) == person.pk


def test_the_stored_subject_is_matched_before_the_personal_number(demo_person: Callable[..., Person]) -> None:
    amina, omar = demo_person(), demo_person()
    acting = login_acting()
    linked = portal_identity_login(
        acting=acting, issuer="https://idp", subject="s-1", personal_number=amina.personal_number, ip=None
    )
    assert linked == amina
    # The same subject comes back with another number: the stored link decides, not the claim.
    again = portal_identity_login(
        acting=acting, issuer="https://idp", subject="s-1", personal_number=omar.personal_number, ip=None
    )
    assert again == amina
    # A new subject is matched on the personal number and linked.
    by_number = portal_identity_login(
        acting=acting, issuer="https://idp", subject="s-2", personal_number=omar.personal_number, ip=None
    )
    assert by_number == omar
    assert set(PortalIdentity.objects.values_list("subject", "person")) == {("s-1", amina.pk), ("s-2", omar.pk)}


def test_the_development_provider_is_absent_unless_enabled(settings: Any) -> None:
    settings.LIKA_PORTAL_DEV_PROVIDER = False
    client = _client()
    for name in ("dev_idp_discovery", "dev_idp_authorize", "dev_idp_jwks", "dev_idp_userinfo"):
        assert client.get(reverse(f"applicant_portal:{name}")).status_code == 404, name
    assert client.post(reverse("applicant_portal:dev_idp_token")).status_code == 404
    assert "Log in with e-ID" not in _login_page_text(client)


def test_the_development_provider_lists_only_demo_persons(
    make_person: Callable[..., Person], demo_person: Callable[..., Person], request_code: Callable[[Client, str], Any]
) -> None:
    real = make_person(given_name="Realperson", personal_number=personal_number_new())
    demo = demo_person(given_name="Demoperson")
    client = _client()
    start = client.get(reverse("applicant_portal:oidc_start"))
    page = client.get(start["Location"]).content.decode()
    assert demo.dossier_number in page
    assert real.dossier_number not in page
    chosen = client.post(start["Location"], {"person": str(real.pk)})
    assert chosen.status_code == 200  # the list again; no code for a real person


def test_the_development_provider_finds_a_person_by_full_name(demo_person: Callable[..., Person]) -> None:
    """Issue 15: searching "given family" found nobody, since the whole text was matched against each name."""
    amina = demo_person(given_name="Amina", family_name="Haddad")
    demo_person(given_name="Amina", family_name="Karimi")
    client = _client()
    start = client.get(reverse("applicant_portal:oidc_start"))
    found = client.get(start["Location"] + "&q=amina+haddad").context["persons"]
    assert list(found) == [amina]


# One-time codes -----------------------------------------------------------------------------------


@pytest.fixture
def request_code(django_capture_on_commit_callbacks: Callable[..., Any]) -> Callable[[Client, str], Any]:
    """Asks for a code as the browser does; the message is sent once the transaction commits."""

    def request(client: Client, contact: str) -> Any:
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(reverse("applicant_portal:code_request"), {"contact": contact})

    return request


def _sent_code() -> str:
    match = re.search(r"\b([0-9]{6})\b", str(mail.outbox[-1].body))
    assert match is not None
    return match.group(1)


def test_a_code_to_a_verified_e_mail_logs_the_person_in(
    make_person: Callable[..., Person], by_staff: Acting, request_code: Callable[[Client, str], Any]
) -> None:
    leyla = make_person(given_name="Leyla", family_name="Ahmadi")
    portal_contact_add(acting=by_staff, person=leyla, value="Leyla@Example.org", verified=True)
    client = _client()
    response = request_code(client, "leyla@example.org")
    assert response["Location"] == reverse("applicant_portal:code_verify")
    message = mail.outbox[-1]
    code = _sent_code()
    # Only the code and "Lika": no name, no dossier number.
    assert message.body == f"Your code for Lika: {code}"
    assert message.subject == "Lika"
    stored = OneTimeCode.objects.get()
    assert code not in stored.code_hash
    response = client.post(reverse("applicant_portal:code_verify"), {"code": code})
    assert response.status_code == 302
    assert _logged_in_as(client) == leyla.pk
    assert code not in str(list(AuditEvent.objects.values_list("details", "reason")))


def test_a_code_by_sms_goes_to_the_configured_backend(
    make_person: Callable[..., Person],
    by_staff: Acting,
    caplog: pytest.LogCaptureFixture,
    request_code: Callable[[Client, str], Any],
) -> None:
    person = make_person()
    portal_contact_add(acting=by_staff, person=person, value="070-123 45 67", verified=True)
    with caplog.at_level(logging.WARNING, logger="lika.applicant_portal.notify"):
        request_code(_client(), "+46 70 123 45 67")
    assert re.fullmatch(r"SMS to \+46701234567: Your code for Lika: [0-9]{6}", caplog.records[-1].getMessage())


def test_an_unverified_contact_gets_no_code_and_the_same_answer_as_a_known_one(
    make_person: Callable[..., Person], by_staff: Acting, settings: Any, request_code: Callable[[Client, str], Any]
) -> None:
    """Nobody can learn from the form whether a phone number or address is one of a person's contacts."""
    settings.LIKA_PORTAL_CODE_ATTEMPTS = 2
    person = make_person()
    portal_contact_add(acting=by_staff, person=person, value="new@example.org", verified=False)
    portal_contact_add(acting=by_staff, person=make_person(), value="known@example.org", verified=True)
    unknown, known = _client(REMOTE_ADDR="10.0.1.1"), _client(REMOTE_ADDR="10.0.1.2")
    answers = [request_code(unknown, "new@example.org"), request_code(known, "known@example.org")]
    assert [a.status_code for a in answers] == [302, 302]
    assert answers[0]["Location"] == answers[1]["Location"] == reverse("applicant_portal:code_verify")
    assert [m.to for m in mail.outbox] == [["known@example.org"]]
    assert not OneTimeCode.objects.filter(contact__value="new@example.org").exists()
    verify = reverse("applicant_portal:code_verify")
    pages = [_without_csrf(c.get(verify).content.decode()) for c in (unknown, known)]
    assert pages[0] == pages[1]
    with translation.override("en"):
        tries = [[_form_error(c.post(verify, {"code": "000000"})) for _ in range(3)] for c in (unknown, known)]
    assert tries[0] == tries[1]
    assert "you can try 1 more time" in tries[0][0]
    assert "now blocked" in tries[0][1]
    assert "blocked after too many wrong tries" in tries[0][2]
    # The request and each code entered count towards throttling that contact.
    key = login_services._attempt_key(AttemptScope.IDENTIFIER, "new@example.org")
    assert PortalLoginAttempt.objects.filter(scope=AttemptScope.IDENTIFIER, key=key).count() == 4


def _without_csrf(html: str) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)


def _form_error(response: Any) -> str:
    match = re.search(r'class="field__error"[^>]*>(.*?)<', response.content.decode(), re.S)
    assert match is not None, response.content.decode()
    return " ".join(match.group(1).split())


def test_a_wrong_code_is_counted_and_the_code_then_blocked(
    make_person: Callable[..., Person], by_staff: Acting, settings: Any, request_code: Callable[[Client, str], Any]
) -> None:
    settings.LIKA_PORTAL_CODE_ATTEMPTS = 3
    person = make_person()
    portal_contact_add(acting=by_staff, person=person, value="p@example.org", verified=True)
    client = _client()
    request_code(client, "p@example.org")
    code = _sent_code()
    wrong = "000000" if code != "000000" else "111111"
    verify = reverse("applicant_portal:code_verify")
    assert "you can try 2 more times" in client.post(verify, {"code": wrong}).content.decode()
    assert OneTimeCode.objects.get().attempts == 1
    assert "you can try 1 more time." in client.post(verify, {"code": wrong}).content.decode()
    assert "it is now blocked" in client.post(verify, {"code": wrong}).content.decode()
    # Even the right code no longer works.
    assert "blocked after too many wrong tries" in client.post(verify, {"code": code}).content.decode()
    assert _logged_in_as(client) is None


def test_an_expired_code_is_refused(
    make_person: Callable[..., Person], by_staff: Acting, request_code: Callable[[Client, str], Any]
) -> None:
    person = make_person()
    portal_contact_add(acting=by_staff, person=person, value="p@example.org", verified=True)
    client = _client()
    request_code(client, "p@example.org")
    OneTimeCode.objects.update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    response = client.post(reverse("applicant_portal:code_verify"), {"code": _sent_code()})
    assert "The code has expired" in response.content.decode()
    assert _logged_in_as(client) is None


def test_a_code_works_once_and_a_new_code_replaces_the_old(
    make_person: Callable[..., Person], by_staff: Acting, request_code: Callable[[Client, str], Any]
) -> None:
    person = make_person()
    portal_contact_add(acting=by_staff, person=person, value="p@example.org", verified=True)
    client = _client()
    request_code(client, "p@example.org")
    first = _sent_code()
    request_code(client, "p@example.org")
    second = _sent_code()
    verify = reverse("applicant_portal:code_verify")
    if first != second:
        assert "The code is wrong" in client.post(verify, {"code": first}).content.decode()
    client.post(verify, {"code": second})
    assert _logged_in_as(client) == person.pk
    # Another browser, at the code step for the same contact, tries the used code again.
    other = _client()
    session = other.session
    session["lika_portal_code_contact"] = PortalContact.objects.get().pk
    session.save()
    response = other.post(verify, {"code": second})
    assert "no longer works" in response.content.decode()
    assert _logged_in_as(other) is None


def test_two_people_cannot_verify_the_same_contact(make_person: Callable[..., Person], by_staff: Acting) -> None:
    portal_contact_add(acting=by_staff, person=make_person(), value="shared@example.org", verified=True)
    with pytest.raises(ValidationError, match="Each adult needs their own"):
        portal_contact_add(acting=by_staff, person=make_person(), value="shared@example.org", verified=True)


# Throttling ---------------------------------------------------------------------------------------


def test_attempts_are_throttled_per_identifier_with_the_time_to_try_again(
    make_person: Callable[..., Person], by_staff: Acting, settings: Any, request_code: Callable[[Client, str], Any]
) -> None:
    settings.LIKA_PORTAL_THROTTLE_PER_IDENTIFIER = 3
    person = make_person()
    portal_contact_add(acting=by_staff, person=person, value="p@example.org", verified=True)
    client = _client()
    request_code(client, "p@example.org")
    code = _sent_code()
    verify = reverse("applicant_portal:code_verify")
    client.post(verify, {"code": "999999" if code != "999999" else "888888"})
    client.post(verify, {"code": "999999" if code != "999999" else "888888"})
    # One send and two wrong tries make three attempts: even the right code must now wait.
    text = client.post(verify, {"code": code}).content.decode()
    assert _logged_in_as(client) is None
    match = re.search(
        r"Too many attempts to log in\. For your safety, wait and try again after ([0-9]{2}:[0-9]{2})", text
    )
    assert match is not None
    oldest = timezone.localtime(PortalLoginAttempt.objects.order_by("occurred_at").first().occurred_at)  # type: ignore[union-attr]
    expected = oldest + datetime.timedelta(minutes=settings.LIKA_PORTAL_THROTTLE_MINUTES)
    assert match.group(1) in {f"{expected:%H:%M}", f"{expected + datetime.timedelta(minutes=1):%H:%M}"}
    # Another person's contact from another address is not affected.
    other = make_person()
    portal_contact_add(acting=by_staff, person=other, value="o@example.org", verified=True)
    assert request_code(_client(REMOTE_ADDR="10.0.0.9"), "o@example.org").status_code == 302


def test_attempts_are_throttled_per_address(settings: Any, request_code: Callable[[Client, str], Any]) -> None:
    settings.LIKA_PORTAL_THROTTLE_PER_IP = 4
    client = _client(REMOTE_ADDR="10.0.0.7")
    for number in range(4):
        assert request_code(client, f"guess{number}@example.org").status_code == 302
    assert "Too many attempts" in request_code(client, "guess9@example.org").content.decode()
    assert "Too many attempts" in _login_page_text_after_oidc_start(client)
    assert request_code(_client(REMOTE_ADDR="10.0.0.8"), "x@example.org").status_code == 302


def _login_page_text_after_oidc_start(client: Client) -> str:
    response = client.get(reverse("applicant_portal:oidc_start"))
    assert response["Location"] == reverse("applicant_portal:login")
    return _login_page_text(client)


def test_old_attempts_stop_counting(settings: Any, request_code: Callable[[Client, str], Any]) -> None:
    settings.LIKA_PORTAL_THROTTLE_PER_IP = 2
    client = _client(REMOTE_ADDR="10.0.0.7")
    request_code(client, "a@example.org")
    request_code(client, "b@example.org")
    assert "Too many attempts" in request_code(client, "c@example.org").content.decode()
    PortalLoginAttempt.objects.update(occurred_at=timezone.now() - datetime.timedelta(minutes=16))
    assert "Too many attempts" not in request_code(client, "c@example.org").content.decode()


# Session ------------------------------------------------------------------------------------------


def test_every_portal_page_says_when_the_session_ends(demo_person: Callable[..., Person]) -> None:
    client = _in_english(portal_client(demo_person()))
    response = client.get(reverse("applicant_portal:timeline"))
    text = response.content.decode()
    ends = timezone.localtime(timezone.now() + datetime.timedelta(minutes=20))
    assert re.search(r"you are logged out at ([0-9]{2}:[0-9]{2}) if you do nothing", text)
    assert f"{ends:%H:%M}" in text or f"{ends - datetime.timedelta(minutes=1):%H:%M}" in text
    assert 'id="session-timeout-dialog"' in text
    assert 'data-session-warning-seconds="120"' in text


def test_an_idle_session_ends_and_the_login_page_says_why(demo_person: Callable[..., Person]) -> None:
    client = _in_english(portal_client(demo_person()))
    session = client.session
    session[SESSION_SEEN_KEY] = time.time() - 21 * 60
    session.save()
    response = client.get(reverse("applicant_portal:timeline"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("applicant_portal:login"))
    assert _logged_in_as(client) is None
    assert "You were logged out because you did nothing for a while" in _login_page_text(client)


def test_staying_logged_in_moves_the_end_forward(demo_person: Callable[..., Person]) -> None:
    client = _in_english(portal_client(demo_person()))
    session = client.session
    session[SESSION_SEEN_KEY] = time.time() - 19 * 60
    session.save()
    response = client.post(reverse("applicant_portal:session_extend"), {"next": "/min-sida/dokument/"})
    assert response["Location"] == "/min-sida/dokument/"
    assert time.time() - client.session[SESSION_SEEN_KEY] < 60


def test_a_staff_login_gives_no_portal_access(make_staff: Callable[..., User]) -> None:
    client = _client()
    client.force_login(make_staff(Role.CASE_OFFICER, username="staff-only"))
    response = client.get(reverse("applicant_portal:timeline"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("applicant_portal:login"))


def test_a_portal_login_gives_no_staff_access_and_ends_a_staff_login(
    make_staff: Callable[..., User], demo_person: Callable[..., Person]
) -> None:
    person = demo_person()
    assert portal_client(person).get(reverse("core:start"))["Location"].startswith(reverse("accounts:login"))
    client = _client()
    client.force_login(make_staff(Role.CASE_OFFICER, username="both"))
    client.get(_to_callback(client, person))
    assert _logged_in_as(client) == person.pk
    assert "_auth_user_id" not in client.session
    assert client.get(reverse("core:start"))["Location"].startswith(reverse("accounts:login"))


def test_logging_out_ends_the_session(demo_person: Callable[..., Person]) -> None:
    client = _in_english(portal_client(demo_person()))
    response = client.post(reverse("applicant_portal:logout"))
    assert "You are logged out" in response.content.decode()
    assert client.get(reverse("applicant_portal:timeline")).status_code == 302


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "missing_contact", "missing_code"),
    [
        ("en", "Write your mobile number or e-mail address.", "Write the code from the message."),
        ("prs", "نمبر موبایل یا آدرس ایمیل خود را بنویسید.", "کودی را که در پیام آمده است بنویسید."),
    ],
)
def test_an_empty_login_field_says_what_to_write_in_the_readers_language(
    language: str, missing_contact: str, missing_code: str
) -> None:
    """Django has no Dari catalogue: its generic "This field is required." would show in English."""
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    asked = client.post(reverse("applicant_portal:code_request"), {"contact": ""})
    assert missing_contact in asked.content.decode()
    assert "This field is required." not in asked.content.decode()
    # An unknown address gets the same answer as a known one: on to the page that asks for the code.
    client.post(reverse("applicant_portal:code_request"), {"contact": "nobody@example.org"})
    verified = client.post(reverse("applicant_portal:code_verify"), {"code": ""})
    assert missing_code in verified.content.decode()
