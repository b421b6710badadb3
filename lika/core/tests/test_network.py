"""Lockouts and throttles follow the client behind the proxy, not the proxy (issue 16, defect 1)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client, RequestFactory, override_settings
from django.urls import reverse

from lika.accounts.models import User
from lika.accounts.roles import Role
from lika.core.network import client_ip

PROXY = "10.0.0.2"
PASSWORD = "correct horse battery"  # noqa: S105


@pytest.mark.parametrize(
    ("trusted", "forwarded", "expected"),
    [
        (0, "203.0.113.7", PROXY),  # no proxy trusted: the header is the client's own word
        (1, "203.0.113.7", "203.0.113.7"),
        (1, "1.2.3.4, 203.0.113.7", "203.0.113.7"),  # the client's own header is not believed
        (2, "203.0.113.7, 10.0.0.9", "203.0.113.7"),  # a load balancer in front of the proxy
        (2, "203.0.113.7", PROXY),  # not through both proxies
        (1, "not-an-address", PROXY),
        (1, "", PROXY),
        (1, "2001:db8::1", "2001:db8::1"),
    ],
)
def test_the_client_is_as_many_hops_from_the_right_as_there_are_trusted_proxies(
    trusted: int, forwarded: str, expected: str
) -> None:
    request = RequestFactory().get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forwarded)
    with override_settings(LIKA_TRUSTED_PROXY_COUNT=trusted):
        assert client_ip(request) == expected


@pytest.mark.django_db
@override_settings(LIKA_TRUSTED_PROXY_COUNT=1, AXES_FAILURE_LIMIT=5)
def test_five_wrong_passwords_lock_a_staff_account_for_that_client_only(
    client: Client, make_staff: Callable[..., User]
) -> None:
    """Behind the proxy every request comes from the proxy's address: counted by it, five wrong passwords
    from anyone locked the account for everyone. Now the attacker is locked out, the member of staff not."""
    make_staff(Role.CASE_OFFICER, username="anna")
    login = reverse("accounts:login")
    attacker = {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": "198.51.100.66"}
    for _attempt in range(5):
        client.post(login, {"username": "anna", "password": "wrong"}, **attacker)  # type: ignore[arg-type]
    assert client.post(login, {"username": "anna", "password": PASSWORD}, **attacker).status_code == 429  # type: ignore[arg-type]
    anna = Client()
    office = {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": "192.0.2.10"}
    assert anna.post(login, {"username": "anna", "password": PASSWORD}, **office).status_code == 302  # type: ignore[arg-type]
