"""The security checks that stay: the quote API never fails on any input, and every URL sends its headers.

* The quote (``POST /api/allowance/quote``) is public, so anyone may send it anything: arbitrary JSON,
  JSON shaped like a household with wrong values, deep nesting, huge numbers, random bytes and wrong
  content types. Hypothesis sends it 1,500 of them; none may get a server error.
* Every URL of the URLconf, with sample values in its parameters, is fetched by an anonymous visitor
  and by a member of staff with every role. No response is a server error; every HTML page carries the
  Content-Security-Policy (Wagtail's editor under /cms/ and Django's admin are left out on purpose, see
  ``CONTENT_SECURITY_POLICY`` in the settings); every response to staff and every response under Min
  Sida says ``Cache-Control: no-store`` (:mod:`lika.core.middleware`).
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from lika.accounts.models import User
from lika.accounts.roles import Role
from lika.core.middleware import PERSONAL_PREFIXES
from lika.testing.urls import url_samples

QUOTE = "/api/allowance/quote"
CSP = "Content-Security-Policy"
CSP_EXEMPT = ("/cms/", "/admin/")
# Server errors in third-party pages under /cms/ and /admin/, answered to logged-in staff only: not Lika's
# code. The list may only shrink.
THIRD_PARTY_ERRORS = {
    "/cms/failwhale/": "Wagtail's page for testing error reports; it fails on purpose",
    "/cms/pages/1/set_position/": "Wagtail reads the position without checking it is there (a POST from its editor)",
}

# --- the quote, fuzzed ---------------------------------------------------------------------------

_scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**40), max_value=10**40)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=40)
    | st.sampled_from(["2026-12", "2026-13", "1990-05-01", "0000-00-00", "a", "", "-1", "9" * 35])
)
_json_values = st.recursive(
    _scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4),
    max_leaves=20,
)
_person_ids = st.sampled_from(["a", "b", "c", ""]) | _scalars
_persons = st.fixed_dictionaries(
    {"id": _person_ids},
    optional={
        "birth_date": st.sampled_from(["1990-05-01", "2019-08-30", "2030-01-01", "1880-01-01", "05/01/1990"])
        | _scalars,
        "partner": _person_ids,
        "parents": st.lists(_person_ids, max_size=3) | _scalars,
        "eligible": _scalars,
        "reduction_ore_per_day": st.integers(min_value=-(2**70), max_value=2**70) | _scalars,
        "extra": _json_values,
    },
)
_households = st.fixed_dictionaries(
    {},
    optional={
        "id": _scalars,
        "month": st.sampled_from(["2026-12", "2025-01", "1999-01", "2026-1", "9999-12"]) | _scalars,
        "food_included": _scalars,
        "persons": st.lists(_persons, max_size=6) | _json_values,
    },
)


# Values of the right kind, so that a changed household often passes the checks and reaches the rules.
_plausible = st.one_of(
    st.dates(min_value=datetime.date(1880, 1, 1), max_value=datetime.date(2045, 12, 31)).map(str),
    st.integers(min_value=-10, max_value=10**12),
    st.booleans(),
    st.sampled_from(["a", "b", "c", "2026-12", "2019-08", "2027-06"]),
    st.lists(st.sampled_from(["a", "b", "c"]), max_size=3),
)
_FAMILY: dict[str, Any] = {
    "id": "H1",
    "month": "2026-12",
    "food_included": False,
    "persons": [
        {"id": "a", "birth_date": "1990-05-01", "partner": "b"},
        {"id": "b", "birth_date": "1991-02-11", "partner": "a", "reduction_ore_per_day": 1000},
        {"id": "c", "birth_date": "2019-08-30", "parents": ["a", "b"]},
    ],
}
_PLACES = [(None, key) for key in _FAMILY] + [
    (index, key)
    for index in range(3)
    for key in ("id", "birth_date", "partner", "parents", "eligible", "reduction_ore_per_day")
]


def _mutated(place: tuple[int | None, str], value: Any) -> bytes:
    """A valid household with one value changed: reaches the checks and the rules, not only the parser."""
    household = json.loads(json.dumps(_FAMILY))
    person, key = place
    (household if person is None else household["persons"][person])[key] = value
    return json.dumps(household).encode()


def _nested(depth: int, kind: str) -> bytes:
    return (
        (kind[0] * depth + kind[1] * depth).encode() if kind == "[]" else ('{"a":' * depth + "1" + "}" * depth).encode()
    )


_bodies = st.one_of(
    st.builds(_mutated, st.sampled_from(_PLACES), _json_values),
    # Three times: a changed valid household is the input most likely to get past the checks.
    *[st.builds(_mutated, st.sampled_from(_PLACES), _plausible)] * 3,
    st.just(json.dumps(_FAMILY).encode()),
    _json_values.map(lambda value: json.dumps(value).encode()),
    _households.map(lambda value: json.dumps(value).encode()),
    st.lists(_households, max_size=3).map(lambda value: json.dumps(value).encode()),
    st.builds(_nested, st.integers(min_value=1, max_value=20_000), st.sampled_from(["[]", "{}"])),
    st.integers(min_value=1, max_value=5000).map(lambda digits: b'{"month": ' + b"9" * digits + b"}"),
    st.sampled_from([b"1e999999", b"-1e400", b"NaN", b"[Infinity]", b'{"a": 1e308}', b"", b"\xef\xbb\xbf{}"]),
    st.binary(max_size=2000),
    st.text(max_size=200).map(lambda text: text.encode("utf-16")),
)
# Mostly JSON, so that most bodies reach the parser and the rules rather than the content-type check.
_content_types = st.one_of(
    st.just("application/json"),
    st.just("application/json"),
    st.just("application/json"),
    st.sampled_from(
        [
            "application/json; charset=utf-8",
            "application/json; charset=latin-1",
            "text/plain",
            "application/x-www-form-urlencoded",
            "multipart/form-data; boundary=lika",
            "",
        ]
    ),
)


@pytest.mark.slow
@pytest.mark.django_db
@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(body=_bodies, content_type=_content_types)
def test_the_quote_api_answers_any_body_without_a_server_error(body: bytes, content_type: str) -> None:
    """Anything the public endpoint is sent gets an answer: 200 with a quote, or 4xx saying what is wrong."""
    client = Client(raise_request_exception=False)
    response = client.generic("POST", QUOTE, body, content_type=content_type)
    assert response.status_code < 500, (response.status_code, body[:200], content_type)
    event(f"HTTP {response.status_code}")  # --hypothesis-show-statistics: how many reach the rules (200)
    if response.status_code in {400, 413, 415}:
        errors = response.json()["errors"]
        assert errors, "a refusal says what is wrong"
        assert all(error["message"] for error in errors)


# --- headers on every URL --------------------------------------------------------------------------


def _problems(response: Any, path: str, *, staff: bool) -> list[str]:
    who = "staff" if staff else "anonymous"
    found = []
    if response.status_code >= 500 and not (staff and path in THIRD_PARTY_ERRORS):
        found.append(f"{who} GET {path}: {response.status_code}")
    html = response.get("Content-Type", "").startswith("text/html")
    if html and not path.startswith(CSP_EXEMPT) and CSP not in response:
        found.append(f"{who} GET {path}: an HTML response without {CSP}")
    personal = staff or path.startswith(PERSONAL_PREFIXES)
    if personal and "no-store" not in response.get("Cache-Control", ""):
        found.append(f"{who} GET {path}: Cache-Control is {response.get('Cache-Control')!r}, not no-store")
    return found


@pytest.mark.slow
@pytest.mark.django_db
def test_every_url_answers_without_a_server_error_and_with_its_security_headers(
    make_staff: Callable[..., User],
) -> None:
    staff_user = make_staff(*Role, username="everything")
    samples = url_samples()
    assert len(samples) > 100, "the walk reaches the whole URLconf"
    found: list[str] = []
    anonymous, staff = Client(raise_request_exception=False), Client(raise_request_exception=False)
    for sample in samples:
        found += _problems(anonymous.get(sample.path), sample.path, staff=False)
        staff.force_login(staff_user)  # again for each page: a page may end the session (logging out)
        found += _problems(staff.get(sample.path), sample.path, staff=True)
    assert not found, "\n".join(found)
