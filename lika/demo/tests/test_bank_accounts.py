"""The demo's made-up bank accounts: valid IBANs, one per number, made nowhere but in the demo."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from stdnum import iban as stdnum_iban

from lika.demo.bank_accounts import iban_se_demo


@given(st.sets(st.integers(min_value=0, max_value=10**9), min_size=2, max_size=20))
def test_demo_ibans_are_valid_swedish_and_distinct(numbers: set[int]) -> None:
    ibans = {iban_se_demo(n) for n in numbers}
    assert len(ibans) == len(numbers)
    for iban in ibans:
        assert stdnum_iban.validate(iban) == iban
        assert iban.startswith("SE")
        assert iban[4:7] == "999"
        assert len(iban) == 24


@pytest.mark.parametrize("n", [-1, 10**17, True])
def test_demo_iban_numbers_outside_the_range_are_refused(n: int) -> None:
    with pytest.raises(ValueError, match="demo IBAN"):
        iban_se_demo(n)


# --- only the demo makes up accounts ---------------------------------------------------------------

LIKA = Path(__file__).resolve().parents[2]
DEMO_ACCOUNTS = "lika.demo.bank_accounts"


def _is_test_code(path: Path) -> bool:
    """Tests, and the test plugin (lika.testing) they share, may use demo accounts; the demo itself makes them."""
    parts = path.relative_to(LIKA).parts
    return parts[0] in {"demo", "testing"} or "tests" in parts or parts[-1].startswith(("test_", "conftest"))


def _imported_modules(node: ast.AST) -> list[str]:
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    if isinstance(node, ast.ImportFrom) and node.module:
        return [node.module, *(f"{node.module}.{alias.name}" for alias in node.names)]
    return []


def _name_of(node: ast.AST) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    if isinstance(node, ast.FunctionDef):
        return node.name
    return None


def demo_account_uses(source: str) -> list[tuple[int, str]]:
    """Each line of ``source`` that reaches for a made-up account: an import of the demo's accounts, or the
    name ``iban_se_demo`` used or defined."""
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(source)):
        if any(module.startswith(DEMO_ACCOUNTS) for module in _imported_modules(node)):
            found.append((getattr(node, "lineno", 0), f"imports {DEMO_ACCOUNTS}"))
        elif _name_of(node) == "iban_se_demo":
            found.append((getattr(node, "lineno", 0), "uses or defines iban_se_demo"))
    return sorted(found)


def test_the_finder_sees_every_way_of_reaching_a_demo_account() -> None:
    source = (
        "from lika.demo.bank_accounts import iban_se_demo\n"
        "import lika.demo.bank_accounts\n"
        "from lika.demo import bank_accounts\n"
        "account = payment_file.iban_se_demo(person.pk)\n"
        "def iban_se_demo(n): ...\n"
        "account_iban = account_iban or made_up\n"
    )
    assert [line for line, _ in demo_account_uses(source)] == [1, 2, 3, 4, 5]


def test_no_production_code_makes_up_an_account() -> None:
    """Only the demo (and tests) may use demo IBANs: a card's account comes from an officer or the card issuer."""
    problems = [
        f"{path.relative_to(LIKA.parent)}:{line}: {what}"
        for path in sorted(LIKA.rglob("*.py"))
        if not _is_test_code(path)
        for line, what in demo_account_uses(path.read_text(encoding="utf-8"))
    ]
    assert problems == []
