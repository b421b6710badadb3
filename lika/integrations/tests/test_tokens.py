"""API tokens: issued by an administrator, kept only as a fingerprint, audited, revoked; limits per token and per address."""

from __future__ import annotations

import datetime
import io
import json
from collections.abc import Callable
from typing import Any

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import translation

from lika.accounts.models import User
from lika.accounts.roles import Role
from lika.audit.acting import Acting
from lika.audit.actions import Action
from lika.audit.models import AuditEvent
from lika.integrations.models import ApiToken
from lika.integrations.services import api_token_issue, api_token_revoke
from lika.testing.clock import Clock

QUOTE = "/api/allowance/quote"
HOUSEHOLD = {"month": "2026-12", "food_included": False, "persons": [{"id": "a", "birth_date": "1980-01-01"}]}
NOON = datetime.datetime(2026, 12, 5, 12, 0, 10, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def _counts_start_at_zero(english: None) -> None:
    """Every test starts with no request counted, and reads messages in English."""
    cache.clear()


@pytest.fixture
def admin(make_staff: Callable[..., User]) -> Acting:
    return Acting(actor=make_staff(Role.ADMINISTRATOR, username="admin"), reason="The municipality's finance system")


def _post(client: Client, token: str | None = None, body: Any = HOUSEHOLD, **extra: Any) -> Any:
    headers = {"authorization": f"Bearer {token}"} if token else {}
    return client.post(QUOTE, body, content_type="application/json", headers=headers, **extra)


@pytest.mark.django_db
def test_a_token_is_shown_once_kept_as_a_fingerprint_and_audited(admin: Acting) -> None:
    token, text = api_token_issue(acting=admin, system="Malmö stad, ekonomisystem", requests_per_minute=60)
    assert text.startswith(f"lika_{token.prefix}_")
    assert len(text) > 50
    stored = json.dumps(next(iter(ApiToken.objects.values())), default=str)
    event = AuditEvent.objects.get(action=Action.API_TOKEN_ISSUE)
    secret = text.rsplit("_", 1)[1]
    assert secret not in stored
    assert secret not in json.dumps(event.details)
    assert (event.actor, event.details["system"], event.details["requests_per_minute"]) == (
        admin.actor,
        "Malmö stad, ekonomisystem",
        60,
    )


@pytest.mark.django_db
def test_only_an_administrator_issues_tokens(make_staff: Callable[..., User]) -> None:
    officer = Acting(actor=make_staff(Role.CASE_OFFICER), reason="Wants one")
    with pytest.raises(ValidationError, match="may not"):
        api_token_issue(acting=officer, system="Own script")
    assert not ApiToken.objects.exists()
    assert not AuditEvent.objects.filter(action=Action.API_TOKEN_ISSUE).exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"system": "  "}, "system"),
        ({"system": "x", "requests_per_minute": 0}, "requests_per_minute"),
        ({"system": "x", "expires_on": datetime.date(2020, 1, 1)}, "expires_on"),
    ],
)
def test_a_token_with_a_bad_name_limit_or_day_is_refused_naming_the_field(
    admin: Acting, values: dict[str, Any], field: str
) -> None:
    with pytest.raises(ValidationError) as refused:
        api_token_issue(acting=admin, **values)
    assert field in refused.value.message_dict
    assert not ApiToken.objects.exists()


@pytest.mark.django_db
def test_a_token_lets_a_system_send_more_than_anyone_and_is_counted_on_its_own(admin: Acting, client: Client) -> None:
    _token, text = api_token_issue(acting=admin, system="Finance", requests_per_minute=2)
    big = [HOUSEHOLD] * 1000  # about 100 KB, over the anonymous body cap of 64 KB
    refused = _post(client, body=big)
    assert refused.status_code == 413
    assert "need a token" in refused.json()["errors"][0]["message"]
    answered = _post(client, text, body=big)
    assert answered.status_code == 200
    assert len(answered.json()) == 1000
    assert answered["RateLimit-Limit"] == "2"
    assert answered["RateLimit-Remaining"] == "1"
    assert _post(client, text).status_code == 200
    over = _post(client, text)
    assert over.status_code == 429
    assert int(over["Retry-After"]) >= 1
    assert "this token may make 2 a minute" in over.json()["errors"][0]["message"]
    assert _post(client).status_code == 200, "anonymous callers are counted apart"
    assert ApiToken.objects.get().last_used_at is not None


@pytest.mark.django_db
def test_anonymous_callers_are_counted_by_address_per_minute(client: Client, settings: Any, clock: Clock) -> None:
    settings.LIKA_API_ANONYMOUS_PER_MINUTE = 2
    clock.set_now(NOON)
    assert [_post(client, REMOTE_ADDR="192.0.2.1").status_code for _ in range(3)] == [200, 200, 429]
    assert _post(client, REMOTE_ADDR="192.0.2.2").status_code == 200
    clock.set_now(NOON + datetime.timedelta(seconds=60))
    assert _post(client, REMOTE_ADDR="192.0.2.1").status_code == 200, "a new minute counts afresh"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("header", "says"),
    [
        ("Basic dXNlcjpwdw==", "Authorization: Bearer"),
        ("Bearer ", "Authorization: Bearer"),
        ("Bearer lika_000000000000_nothing", "not one Lika issued"),
        ("Bearer something-else", "not one Lika issued"),
    ],
)
def test_a_wrong_authorization_is_refused_not_served_as_anonymous(client: Client, header: str, says: str) -> None:
    response = client.post(QUOTE, HOUSEHOLD, content_type="application/json", headers={"authorization": header})
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert says in response.json()["errors"][0]["message"]


@pytest.mark.django_db
def test_guessing_tokens_counts_against_the_address(client: Client, settings: Any) -> None:
    settings.LIKA_API_ANONYMOUS_PER_MINUTE = 2
    statuses = [_post(client, f"lika_{n:012x}_guess", REMOTE_ADDR="192.0.2.7").status_code for n in range(3)]
    assert statuses == [401, 401, 429]
    assert _post(client, REMOTE_ADDR="192.0.2.7").status_code == 429, "the same address, anonymous, is over too"


@pytest.mark.django_db
def test_a_token_altered_by_one_character_is_refused(admin: Acting, client: Client) -> None:
    _token, text = api_token_issue(acting=admin, system="Finance")
    altered = text[:-1] + ("a" if text[-1] != "a" else "b")
    assert _post(client, altered).status_code == 401


@pytest.mark.django_db
def test_a_revoked_or_expired_token_is_refused_saying_so(admin: Acting, client: Client, clock: Clock) -> None:
    clock.set_today(datetime.date(2026, 12, 5))
    revoked, revoked_text = api_token_issue(acting=admin, system="Old system")
    api_token_revoke(acting=admin, token=revoked)
    assert "revoked" in _post(client, revoked_text).json()["errors"][0]["message"]
    # The request above left its own language active in this thread; the refusal is read in English.
    with translation.override("en"), pytest.raises(ValidationError, match="already revoked"):
        api_token_revoke(acting=admin, token=revoked)
    assert AuditEvent.objects.filter(action=Action.API_TOKEN_REVOKE).count() == 1
    _expiring, expiring_text = api_token_issue(acting=admin, system="Pilot", expires_on=datetime.date(2026, 12, 31))
    assert _post(client, expiring_text).status_code == 200
    clock.set_today(datetime.date(2027, 1, 1))
    response = _post(client, expiring_text)
    assert response.status_code == 401
    assert "expired after 2026-12-31" in response.json()["errors"][0]["message"]


@pytest.mark.django_db
def test_the_command_issues_lists_and_revokes(client: Client) -> None:
    out = io.StringIO()
    call_command(
        "api_token", "issue", "Kommunens ekonomisystem", "--reason", "Avtal 2026-14", "--per-minute", "30", stdout=out
    )
    text = out.getvalue().split("\n")[1].strip()
    assert _post(client, text).status_code == 200
    listing = io.StringIO()
    call_command("api_token", "list", stdout=listing)
    token = ApiToken.objects.get()
    assert f"lika_{token.prefix}" in listing.getvalue()
    assert text not in listing.getvalue()
    call_command("api_token", "revoke", f"lika_{token.prefix}", "--reason", "Avtalet upphör", stdout=io.StringIO())
    assert _post(client, text).status_code == 401
    event = AuditEvent.objects.get(action=Action.API_TOKEN_ISSUE)
    assert (event.actor_label, event.channel) == ("api-token", "command")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("arguments", "says"),
    [
        (["revoke", "lika_ffffffffffff", "--reason", "x"], "No token has the prefix"),
        (["issue", "X", "--reason", "x", "--expires", "31/12/2026"], "not a date"),
        (["issue", "X", "--reason", "x", "--per-minute", "0"], "from 1 to"),
    ],
)
def test_the_command_refuses_clearly_and_changes_nothing(arguments: list[str], says: str) -> None:
    with pytest.raises(CommandError, match=says) as refused:
        call_command("api_token", *arguments, stdout=io.StringIO())
    assert str(refused.value).endswith("Nothing was changed.")
    assert not ApiToken.objects.exists()


@pytest.mark.django_db
def test_the_admin_shows_a_new_token_once_and_revokes(admin: Acting, client: Client) -> None:
    assert isinstance(admin.actor, User)
    client.force_login(admin.actor)
    response = client.post(
        "/admin/integrations/apitoken/add/",
        {"system": "Region Skåne", "requests_per_minute": "60", "expires_on": "", "reason": "Avtal"},
        follow=True,
        headers={"accept-language": "en"},
    )
    assert response.status_code == 200
    token = ApiToken.objects.get()
    shown = [str(m) for m in response.context["messages"]]
    [text] = [word for m in shown for word in m.split() if word.startswith(f"lika_{token.prefix}_")]
    assert _post(client, text).status_code == 200
    page = client.get(f"/admin/integrations/apitoken/{token.pk}/change/").content.decode()
    assert text not in page
    client.post(
        "/admin/integrations/apitoken/",
        {"action": "revoke", "_selected_action": [token.pk]},
    )
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert AuditEvent.objects.filter(action=Action.API_TOKEN_REVOKE, actor=admin.actor).exists()


@pytest.mark.django_db
def test_the_admin_refuses_a_token_without_a_reason(admin: Acting, client: Client) -> None:
    assert isinstance(admin.actor, User)
    client.force_login(admin.actor)
    response = client.post(
        "/admin/integrations/apitoken/add/", {"system": "Region Skåne", "requests_per_minute": "60", "reason": ""}
    )
    assert response.status_code == 200
    assert "reason" in response.context["adminform"].form.errors
    assert not ApiToken.objects.exists()
