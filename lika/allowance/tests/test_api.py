"""The quote as a web service and as a command: same answers, clear errors, nothing written."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import translation

from lika.audit.models import AuditEvent

FAMILY: dict[str, Any] = {
    "id": "H1",
    "month": "2026-12",
    "food_included": False,
    "persons": [
        {"id": "a", "birth_date": "1990-05-01", "partner": "b"},
        {"id": "b", "birth_date": "1991-02-11", "partner": "a"},
        {"id": "c", "birth_date": "2019-08-30", "parents": ["a", "b"]},
    ],
}


@pytest.mark.django_db
def test_api_quotes_a_household_and_explains_in_swedish(client: Client) -> None:
    response = client.post(
        "/api/allowance/quote", FAMILY, content_type="application/json", headers={"accept-language": "sv"}
    )
    assert response.status_code == 200
    body = response.json()
    assert (body["id"], body["month"], body["total_ore"]) == ("H1", "2026-12", 2 * 189_100 + 133_300)
    payouts = {p["id"]: p["payout_ore"] for p in body["persons"]}
    assert payouts == {"a": 189_100 + 66_650, "b": 189_100 + 66_650, "c": 0}
    assert "61,00\xa0kr" in body["persons"][0]["explanation"][0]["text"]
    assert not AuditEvent.objects.exists()


@pytest.mark.django_db
def test_api_takes_a_list_and_answers_in_the_same_order(client: Client) -> None:
    single = {**FAMILY, "id": "H2", "persons": [{"id": "x", "birth_date": "1980-01-01"}]}
    response = client.post("/api/allowance/quote", [FAMILY, single], content_type="application/json")
    assert [a["id"] for a in response.json()] == ["H1", "H2"]
    assert response.json()[1]["total_ore"] == 71 * 31 * 100


@pytest.mark.django_db
def test_api_errors_name_household_person_and_field(client: Client) -> None:
    bad = json.loads(json.dumps(FAMILY))
    bad["persons"].append({"id": "d", "birth_date": "2020-02-30"})
    response = client.post("/api/allowance/quote", [FAMILY, bad], content_type="application/json")
    assert response.status_code == 400
    [error] = response.json()["errors"]
    assert (error["household"], error["household_id"], error["person"], error["field"]) == (2, "H1", "d", "birth_date")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("body", "content_type", "status"),
    [("{not json", "application/json", 400), ("x=1", "application/x-www-form-urlencoded", 415)],
)
def test_api_refuses_what_is_not_json(client: Client, body: str, content_type: str, status: int) -> None:
    response = client.post("/api/allowance/quote", body, content_type=content_type)
    assert response.status_code == status
    assert response.json()["errors"][0]["field"] == "(body)"


@pytest.mark.django_db
def test_api_only_answers_post(client: Client) -> None:
    assert client.get("/api/allowance/quote").status_code == 405


def test_command_quotes_the_same_as_the_api(tmp_path: Path, client: Client, db: None) -> None:
    path = tmp_path / "family.json"
    path.write_text(json.dumps(FAMILY), encoding="utf-8")
    out = io.StringIO()
    call_command("allowance", "quote", str(path), "--language", "en", stdout=out)
    from_api = client.post(
        "/api/allowance/quote", FAMILY, content_type="application/json", headers={"accept-language": "en"}
    ).json()
    assert json.loads(out.getvalue()) == from_api


def test_command_error_names_file_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "broken.json"
    path.write_text('{\n  "month": "2026-12",\n  oops\n}', encoding="utf-8")
    with pytest.raises(CommandError, match=r"broken.json, line 3, column 3: not valid JSON"):
        call_command("allowance", "quote", str(path))


def test_kernel_bench_reads_the_peer_format_and_agrees_with_the_rules(tmp_path: Path) -> None:
    """A household of two partners and three children, and a single adult, in the peer's CSV."""
    path = tmp_path / "persons.csv"
    path.write_text(
        "household_id,is_child,age,has_partner,lives_with_parent,food_included\n"
        "1,0,35,1,0,0\n1,0,33,1,0,0\n1,1,12,0,0,0\n1,1,8,0,0,0\n1,1,2,0,0,0\n2,0,40,0,0,1\n",
        encoding="utf-8",
    )
    out = io.StringIO()
    call_command("allowance", "kernel-bench", "--input", str(path), "--month", "2025-01", "--repeats", "1", stdout=out)
    line = json.loads(out.getvalue())
    expected = (2 * 6100 + 5000 + 4300 + 1850 + 2400) * 31
    assert (line["persons"], line["households"]) == (6, 2)
    assert line["total_month_ore"] == line["total_payout_ore"] == expected


def test_kernel_bench_names_the_bad_line(tmp_path: Path) -> None:
    path = tmp_path / "persons.csv"
    path.write_text(
        "household_id,is_child,age,has_partner,lives_with_parent,food_included\n1,0,35,1,0,0\n1,1,30,0,0,0\n",
        encoding="utf-8",
    )
    with pytest.raises(CommandError, match="line 3, column is_child"):
        call_command("allowance", "kernel-bench", "--input", str(path), "--month", "2025-01")


@pytest.mark.django_db
def test_api_takes_a_body_larger_than_djangos_form_limit(client: Client, api_token: str) -> None:
    """The quote has its own limit (32 MB) for a system with a token: 3 MB of JSON is fine, though forms stop at 2.5 MB."""
    body = json.dumps(FAMILY) + " " * 3_000_000
    response = client.post(
        "/api/allowance/quote", body, content_type="application/json", headers={"authorization": f"Bearer {api_token}"}
    )
    assert response.status_code == 200
    assert response.json()["total_ore"] == 2 * 189_100 + 133_300


@pytest.mark.django_db
def test_api_refuses_a_body_over_its_limit_with_json(client: Client, api_token: str) -> None:
    body = json.dumps(FAMILY) + " " * (32 * 1024 * 1024)
    response = client.post(
        "/api/allowance/quote", body, content_type="application/json", headers={"authorization": f"Bearer {api_token}"}
    )
    assert response.status_code == 413
    assert response.json()["errors"][0]["message"] == "The request is larger than 32 MB."


@pytest.mark.django_db
def test_api_lists_at_most_a_hundred_problems_and_counts_the_rest(client: Client, api_token: str) -> None:
    households = [{"id": "x" * 5000, "month": "2026-12", "food_included": False, "persons": []}] * 300
    response = client.post(
        "/api/allowance/quote",
        households,
        content_type="application/json",
        headers={"authorization": f"Bearer {api_token}"},
    )
    body = response.json()
    assert response.status_code == 400
    assert len(body["errors"]) == 100
    assert body["more_errors"] == 2 * 300 - 100
    assert len(response.content) < 60_000
    assert body["errors"][0]["field"] == "id"
    assert body["errors"][1]["household_id"] == "x" * 64


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        ({"month": "9999-12"}, "month", "outside the years"),
        ({"month": 202612}, "month", "not a month"),
        ({"month": "1990-01"}, "month", "No daily-allowance parameters before 1994-07-01"),
        ({"persons": [{"id": "a", "birth_date": "1850-01-01"}]}, "birth_date", "more than 130 years"),
    ],
)
def test_api_answers_bad_input_with_a_message_not_a_server_error(
    client: Client, change: dict[str, Any], field: str, words: str
) -> None:
    response = client.post("/api/allowance/quote", {**FAMILY, **change}, content_type="application/json")
    assert response.status_code == 400
    [error] = response.json()["errors"]
    assert error["field"] == field
    assert words in error["message"]


def _with_reduction(reduction: int) -> dict[str, Any]:
    household: dict[str, Any] = json.loads(json.dumps(FAMILY))
    household["persons"][0]["reduction_ore_per_day"] = reduction
    return household


# The probe's inputs (issue 16, defect 4): each answered 500 with a stack trace.
HOSTILE: list[tuple[str, bytes, str]] = [
    ("deeply nested JSON", b"[" * 100_000 + b"]" * 100_000, "nested too deeply"),
    ("a 5,000-digit integer", b'{"month": ' + b"9" * 5000 + b"}", "5000 digits is too long"),
    ("a reduction of 2^63", json.dumps(_with_reduction(2**63)).encode(), "reduction_ore_per_day"),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "body", "message"), HOSTILE, ids=[name for name, _b, _m in HOSTILE])
def test_hostile_json_gets_a_clear_400_not_a_server_error(
    client: Client, api_token: str, name: str, body: bytes, message: str
) -> None:
    """Sent with a token: some hostile bodies are larger than an anonymous caller may send."""
    response = client.post(
        "/api/allowance/quote",
        body,
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="en",
        headers={"authorization": f"Bearer {api_token}"},
    )
    assert response.status_code == 400, name
    assert message in json.dumps(response.json(), ensure_ascii=False)


@pytest.mark.parametrize(("name", "body", "message"), HOSTILE, ids=[name for name, _b, _m in HOSTILE])
def test_the_command_refuses_the_same_input_without_a_traceback(
    tmp_path: Path, name: str, body: bytes, message: str
) -> None:
    path = tmp_path / "households.json"
    path.write_bytes(body)
    with pytest.raises(CommandError, match=message):
        call_command("allowance", "quote", str(path), stdout=io.StringIO())


@pytest.mark.parametrize("encoding", ["latin-1", "utf-16"])
def test_a_file_that_is_not_utf8_is_refused_naming_the_file(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "hushåll.json"
    text = json.dumps({**FAMILY, "id": "Hushåll Ödegård"}, ensure_ascii=False)
    path.write_bytes(text.encode(encoding))
    with pytest.raises(CommandError, match=r"hushåll\.json(, line 1)?: .*not UTF-8 text"):
        call_command("allowance", "quote", str(path), stdout=io.StringIO())


@pytest.mark.django_db
def test_impossible_parentage_is_refused_naming_the_person(client: Client) -> None:
    """Two adults each other's parent changed the amounts (issue 16, defect 9): a parent must be older
    than the child, so it is refused with the person and field, and nothing is computed."""
    household = json.loads(json.dumps(FAMILY))
    household["persons"] = [
        {"id": "a", "birth_date": "1980-05-01", "parents": ["b"]},
        {"id": "b", "birth_date": "2005-02-11", "parents": ["a"]},
    ]
    response = client.post("/api/allowance/quote", household, content_type="application/json")
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert {(e["person"], e["field"]) for e in errors} == {("a", "parents")}
    assert "parent 'b' is not older than 'a'" in errors[0]["message"]


_TEXT = json.dumps({**FAMILY, "id": "Hushåll Ödegård"}, ensure_ascii=False, indent=1)
# A request Lika cannot read: its body, the line the refusal names (None: the whole body), and what it says.
UNREADABLE: list[tuple[str, bytes, int | None, str]] = [
    ("latin-1", _TEXT.encode("latin-1"), 2, "not UTF-8"),
    ("utf-16", _TEXT.encode("utf-16"), None, "UTF-16"),
    ("malformed JSON", b'{"id": "H1",\n "month": "2026-12"\n "persons": []}', 3, "not valid JSON"),
]


@pytest.mark.django_db
@pytest.mark.usefixtures("english")
@pytest.mark.parametrize(("name", "body", "line", "says"), UNREADABLE, ids=[case[0] for case in UNREADABLE])
def test_api_refuses_a_body_it_cannot_read_naming_the_line(
    client: Client, name: str, body: bytes, line: int | None, says: str
) -> None:
    response = client.post("/api/allowance/quote", body, content_type="application/json", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400, name
    [error] = response.json()["errors"]
    assert error["field"] == "(body)"
    assert says in error["message"]
    if line is not None:
        assert error.get("line") == line or f"line {line}," in error["message"]


@pytest.mark.usefixtures("english")
@pytest.mark.parametrize(("name", "body", "line", "says"), UNREADABLE, ids=[case[0] for case in UNREADABLE])
def test_the_command_refuses_a_file_it_cannot_read_naming_file_and_line(
    tmp_path: Path, name: str, body: bytes, line: int | None, says: str
) -> None:
    path = tmp_path / "households.json"
    path.write_bytes(body)
    place = "households.json: " if line is None else f"households.json, line {line}"
    with pytest.raises(CommandError) as caught:
        call_command("allowance", "quote", str(path), stdout=io.StringIO())
    assert str(caught.value).startswith(f"{path.parent}/{place}"), name
    assert says in str(caught.value)
    assert str(caught.value).endswith("Nothing was computed.")


@pytest.mark.django_db
def test_api_and_command_refuse_a_request_past_the_file_limit(client: Client, tmp_path: Path, settings: Any) -> None:
    body = json.dumps(FAMILY).encode()
    settings.LIKA_FILE_MAX_BYTES = len(body) - 1
    response = client.post("/api/allowance/quote", body, content_type="application/json", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 413
    assert response.json()["errors"][0]["message"] == f"The request is larger than {len(body) - 1} bytes."
    path = tmp_path / "households.json"
    path.write_bytes(body)
    with translation.override("en"), pytest.raises(CommandError, match=r"households\.json: .*larger than"):
        call_command("allowance", "quote", str(path), stdout=io.StringIO())


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("birth_date", "message"),
    [("2026-12-03", "is during the month"), ("1895-12-15", "more than 130 years"), ("2027-01-01", "after the month")],
)
def test_a_birth_the_month_cannot_count_whole_is_refused_not_a_server_error(
    client: Client, birth_date: str, message: str
) -> None:
    """A child born on the 3rd of the month quoted gave a server error (found by the fuzz test in
    lika/core/tests/test_security.py): everyone counts for the whole month, so it is refused by name."""
    household = json.loads(json.dumps(FAMILY))
    household["persons"][2]["birth_date"] = birth_date
    response = client.post("/api/allowance/quote", household, content_type="application/json")
    assert response.status_code == 400
    errors = [error for error in response.json()["errors"] if (error["person"], error["field"]) == ("c", "birth_date")]
    assert len(errors) == 1
    assert message in errors[0]["message"]
