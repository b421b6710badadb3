"""Staff sign-in through the agency's identity provider (here: staff's development provider), and the
break-glass password login with a TOTP code."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client, override_settings
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from lika.accounts import dev_provider
from lika.accounts.models import User
from lika.accounts.roles import Role
from lika.accounts.services import break_glass_confirm, break_glass_enrol
from lika.audit.acting import Acting
from lika.audit.models import AuditEvent
from lika.core import oidc
from lika.testing.oidc import RewritingHttp, query_of, staff_logged_in_as, staff_to_callback

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery"  # noqa: S105 (make_staff's password)
BREAK_GLASS_ONLY = {"LIKA_STAFF_PASSWORD_LOGIN": "break_glass"}


def _client() -> Client:
    """A browser that asks for English pages (the messages below are matched in English)."""
    return Client(HTTP_ACCEPT_LANGUAGE="en")


def _login_page_text(client: Client) -> str:
    return client.get(reverse("accounts:login")).content.decode()


def _failure(reason: str) -> AuditEvent:
    return AuditEvent.objects.get(action="staff_user.login_failed", details__reason=reason)


# Through the agency's identity provider ----------------------------------------------------------


def test_the_login_page_offers_the_agencys_account_above_the_password(make_staff: Callable[..., User]) -> None:
    text = _login_page_text(_client())
    assert "Sign in with the agency's account" in text
    assert text.index(reverse("accounts:oidc_start")) < text.index('name="password"')


@override_settings(LIKA_STAFF_DEV_PROVIDER=False)
def test_without_a_provider_the_page_offers_the_password_only_and_the_dev_provider_is_gone() -> None:
    client = _client()
    assert reverse("accounts:oidc_start") not in _login_page_text(client)
    assert client.get(reverse("accounts:dev_idp_discovery")).status_code == 404
    assert client.get(reverse("accounts:oidc_start")).status_code == 302
    assert "not available here" in _login_page_text(client)


def test_sign_in_with_multi_factor_logs_the_member_of_staff_in_with_their_lika_roles(
    make_staff: Callable[..., User],
) -> None:
    anna = make_staff(Role.CASE_OFFICER, username="anna")
    client = _client()
    start = client.get(reverse("accounts:oidc_start"))
    params = query_of(start["Location"])
    assert params["code_challenge_method"] == "S256"
    assert params["code_challenge"]
    assert params["state"]
    assert params["nonce"]
    assert params["acr_values"] == dev_provider.ACR_MULTI_FACTOR
    chosen = client.post(start["Location"], {"user": str(anna.pk), "multi_factor": "1"})
    response = client.get(chosen["Location"])
    assert response.status_code == 302
    assert response["Location"] == reverse("core:start")
    assert staff_logged_in_as(client) == anna.pk
    assert client.get(reverse("core:start")).status_code == 200
    event = AuditEvent.objects.get(action="staff_user.login")
    assert event.object_id == str(anna.pk)
    assert event.details["method"] == "oidc"
    assert event.details["acr"] == dev_provider.ACR_MULTI_FACTOR


def test_the_page_asked_for_before_sign_in_comes_after_it(make_staff: Callable[..., User]) -> None:
    anna = make_staff(Role.ANALYST, username="anna")
    client = _client()
    start = client.get(reverse("accounts:oidc_start"), {"next": "/uppfoljning/"})
    chosen = client.post(start["Location"], {"user": str(anna.pk), "multi_factor": "1"})
    assert client.get(chosen["Location"])["Location"] == "/uppfoljning/"


def test_sign_in_without_multi_factor_is_refused_and_audited(make_staff: Callable[..., User]) -> None:
    anna = make_staff(Role.CASE_OFFICER, username="anna")
    client = _client()
    response = client.get(staff_to_callback(client, anna, multi_factor=False))
    assert response["Location"] == reverse("accounts:login")
    assert staff_logged_in_as(client) is None
    assert "without multi-factor authentication" in _login_page_text(client)
    assert _failure("acr").details == {"method": "oidc", "reason": "acr", "username": "anna"}
    assert not AuditEvent.objects.filter(action="staff_user.login").exists()


def test_an_unknown_user_is_refused_and_nobody_is_created(
    monkeypatch: pytest.MonkeyPatch, make_staff: Callable[..., User]
) -> None:
    anna = make_staff(Role.CASE_OFFICER, username="anna")
    client = _client()
    callback = staff_to_callback(client, anna)
    monkeypatch.setattr(
        oidc, "http_client", lambda _configured: RewritingHttp(lambda c: {**c, "preferred_username": "stranger"})
    )
    client.get(callback)
    assert staff_logged_in_as(client) is None
    assert not User.objects.filter(username="stranger").exists()
    assert "no active account in Lika" in _login_page_text(client)
    assert _failure("unknown_user").details["username"] == "stranger"


def test_an_inactive_user_is_refused(make_staff: Callable[..., User]) -> None:
    anna = make_staff(Role.CASE_OFFICER, username="anna")
    client = _client()
    callback = staff_to_callback(client, anna)
    User.objects.filter(pk=anna.pk).update(is_active=False)
    client.get(callback)
    assert staff_logged_in_as(client) is None
    assert "no active account in Lika" in _login_page_text(client)
    assert _failure("inactive_user").details["username"] == "anna"


def test_a_callback_with_another_state_is_refused(make_staff: Callable[..., User]) -> None:
    anna = make_staff(Role.CASE_OFFICER, username="anna")
    client = _client()
    params = query_of(staff_to_callback(client, anna))
    client.get(reverse("accounts:oidc_callback"), {**params, "state": "forged"})
    assert staff_logged_in_as(client) is None
    assert _failure("state")


def test_an_id_token_with_another_nonce_is_refused(
    monkeypatch: pytest.MonkeyPatch, make_staff: Callable[..., User]
) -> None:
    anna = make_staff(Role.CASE_OFFICER, username="anna")
    client = _client()
    callback = staff_to_callback(client, anna)
    monkeypatch.setattr(oidc, "http_client", lambda _configured: RewritingHttp(lambda c: {**c, "nonce": "replayed"}))
    client.get(callback)
    assert staff_logged_in_as(client) is None
    assert _failure("id_token_nonce")


def test_a_callback_works_once(make_staff: Callable[..., User]) -> None:
    anna = make_staff(Role.CASE_OFFICER, username="anna")
    client = _client()
    callback = staff_to_callback(client, anna)
    client.get(callback)
    client.post(reverse("accounts:logout"))
    client.get(callback)
    assert staff_logged_in_as(client) is None
    assert _failure("no_pending_login")


@override_settings(AXES_FAILURE_LIMIT=2, AXES_COOLOFF_TIME=0.5)
def test_repeated_refusals_lock_the_sign_in_even_with_multi_factor(make_staff: Callable[..., User]) -> None:
    anna = make_staff(Role.CASE_OFFICER, username="anna")
    client = _client()
    for _attempt in range(2):
        client.get(staff_to_callback(client, anna, multi_factor=False))
    response = client.get(staff_to_callback(client, anna))
    assert response.status_code == 429
    assert staff_logged_in_as(client) is None


# The password, and the break-glass account -------------------------------------------------------


def _code(device: TOTPDevice, *, steps_ahead: int = 0) -> str:
    """The code the authenticator app shows now (or ``steps_ahead`` periods later)."""
    device.refresh_from_db()
    value = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=device.drift + steps_ahead)
    return f"{value:0{device.digits}d}"


@pytest.fixture
def break_glass(make_staff: Callable[..., User]) -> tuple[User, TOTPDevice]:
    """An administrator enrolled as the break-glass account, with a confirmed TOTP device."""
    admin = make_staff(Role.ADMINISTRATOR, username="nodkonto")
    acting = Acting(actor=None, reason="Break-glass account for the agency's sign-in", actor_label="test")
    device = break_glass_enrol(acting=acting, user=admin)
    break_glass_confirm(acting=acting, user=admin, code=_code(device))
    device.refresh_from_db()
    return admin, device


def _password_login(client: Client, username: str, code: str = "", password: str = PASSWORD) -> Any:
    return client.post(reverse("accounts:login"), {"username": username, "password": password, "otp_token": code})


@override_settings(**BREAK_GLASS_ONLY)
def test_under_production_rules_an_ordinary_password_is_refused(make_staff: Callable[..., User]) -> None:
    make_staff(Role.CASE_OFFICER, username="anna")
    client = _client()
    response = _password_login(client, "anna")
    assert response.status_code == 200
    assert "Other staff sign in with the agency" in response.content.decode()
    assert staff_logged_in_as(client) is None
    assert _failure("not_break_glass").details["username"] == "anna"


@override_settings(**BREAK_GLASS_ONLY)
def test_under_production_rules_a_wrong_password_gets_the_same_answer(make_staff: Callable[..., User]) -> None:
    make_staff(Role.CASE_OFFICER, username="anna")
    response = _password_login(_client(), "anna", password="wrong")
    assert "Other staff sign in with the agency" in response.content.decode()


@override_settings(**BREAK_GLASS_ONLY)
def test_the_break_glass_password_without_a_code_is_refused(break_glass: tuple[User, TOTPDevice]) -> None:
    client = _client()
    page = _login_page_text(client)
    assert 'name="otp_token"' in page
    assert "Break-glass login" in page
    response = _password_login(client, "nodkonto")
    assert response.status_code == 200
    assert staff_logged_in_as(client) is None
    assert _failure("totp_missing")


@override_settings(**BREAK_GLASS_ONLY)
def test_the_break_glass_password_with_a_wrong_code_is_refused(break_glass: tuple[User, TOTPDevice]) -> None:
    _admin, device = break_glass
    wrong = f"{(int(_code(device, steps_ahead=1)) + 1) % 1_000_000:06d}"
    client = _client()
    _password_login(client, "nodkonto", wrong)
    assert staff_logged_in_as(client) is None
    assert _failure("totp_wrong")


@override_settings(**BREAK_GLASS_ONLY)
def test_the_break_glass_password_with_the_right_code_logs_in(break_glass: tuple[User, TOTPDevice]) -> None:
    admin, device = break_glass
    client = _client()
    response = _password_login(client, "nodkonto", _code(device, steps_ahead=1))
    assert response.status_code == 302
    assert staff_logged_in_as(client) == admin.pk
    event = AuditEvent.objects.get(action="staff_user.login")
    assert event.details == {"method": "password", "break_glass": True}


def test_in_the_demo_the_break_glass_account_still_needs_its_code(break_glass: tuple[User, TOTPDevice]) -> None:
    client = _client()
    _password_login(client, "nodkonto")
    assert staff_logged_in_as(client) is None
    assert _failure("totp_missing")


def test_in_the_demo_ordinary_staff_log_in_with_a_password_and_see_no_code_field(
    make_staff: Callable[..., User],
) -> None:
    anna = make_staff(Role.CASE_OFFICER, username="anna")
    client = _client()
    assert 'name="otp_token"' not in _login_page_text(client)
    assert _password_login(client, "anna").status_code == 302
    assert staff_logged_in_as(client) == anna.pk


def test_an_unconfirmed_device_lets_nobody_in(make_staff: Callable[..., User]) -> None:
    admin = make_staff(Role.ADMINISTRATOR, username="nodkonto")
    device = break_glass_enrol(acting=Acting(actor=None, reason="Enrol", actor_label="test"), user=admin)
    client = _client()
    _password_login(client, "nodkonto", _code(device))
    assert staff_logged_in_as(client) is None
    assert _failure("no_totp_device")


def test_the_enrolment_command_prints_the_address_and_confirms_with_a_code(make_staff: Callable[..., User]) -> None:
    admin = make_staff(Role.ADMINISTRATOR, username="nodkonto")
    out = io.StringIO()
    call_command("staff_break_glass", "enrol", "nodkonto", "--reason", "Set up the break-glass account", stdout=out)
    admin.refresh_from_db()
    assert admin.break_glass
    device = TOTPDevice.objects.get(user=admin)
    assert not device.confirmed
    assert device.config_url in out.getvalue()
    assert device.config_url.startswith("otpauth://totp/")
    call_command("staff_break_glass", "confirm", "nodkonto", _code(device), "--reason", "Scanned", stdout=io.StringIO())
    device.refresh_from_db()
    assert device.confirmed
    steps = AuditEvent.objects.filter(action="staff_user.break_glass_enrol").values_list("details__step", flat=True)
    assert sorted(steps) == ["device_confirmed", "device_created"]


@override_settings(**BREAK_GLASS_ONLY)
@pytest.mark.parametrize("path", ["/admin/login/", "/cms/login/"])
def test_the_admins_and_wagtails_login_pages_take_no_password(make_staff: Callable[..., User], path: str) -> None:
    """Their own forms would let an administrator in with a password alone, past the break-glass rule."""
    make_staff(Role.ADMINISTRATOR, username="chef")
    client = _client()
    page = client.get(path, {"next": "/cms/"})
    assert page.status_code == 302
    assert page["Location"] == f"{reverse('accounts:login')}?next=/cms/"
    client.post(path, {"username": "chef", "password": PASSWORD, "next": "/admin/"})
    assert staff_logged_in_as(client) is None


def test_the_admin_sends_a_visitor_to_likas_login_page() -> None:
    response = _client().get("/admin/", follow=True)
    assert response.redirect_chain[-1][0].startswith(reverse("accounts:login"))


@pytest.mark.parametrize("role", [Role.MANAGER, Role.OBSERVER])
def test_a_role_without_the_editor_is_told_so_instead_of_going_round_in_circles(
    role: Role, make_staff: Callable[..., User]
) -> None:
    """Issue 15: /cms/ sent a manager to log in, the login sent them back to /cms/, and so on, stacking messages."""
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(make_staff(role))
    response = client.get("/cms/", follow=True)
    assert len(response.redirect_chain) <= 2
    assert response.status_code == 403
    text = response.content.decode()
    assert "You do not have access to this page" in text
    assert text.count("message--") <= 1
    assert client.get(reverse("accounts:login")).status_code == 302, "without a page asked for, to the start"
