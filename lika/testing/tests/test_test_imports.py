"""Tests are not libraries: no module imports a test module or a conftest, nor another app's tests.

What tests share lives in :mod:`lika.testing` (personas, the browser, the clock, the language, PDF
reading); what only one app's tests share lives in that app's ``tests/factories.py`` or
``tests/helpers.py``. Fixtures in a conftest are used by name, never imported.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

LIKA = Path(__file__).resolve().parents[2]


def _module_of(path: Path) -> str:
    parts = path.relative_to(LIKA.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imported(tree: ast.Module, module: str, is_package: bool) -> Iterator[tuple[int, list[str]]]:
    """Each import statement's line and the modules it may bring in, relative imports resolved.

    ``from x import y`` may bring in ``x.y`` as well as ``x``; the longer name comes first.
    """
    package = module if is_package else module.rpartition(".")[0]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, [alias.name]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                source = ".".join([*base, node.module] if node.module else base)
            else:
                source = node.module or ""
            yield node.lineno, [*(f"{source}.{alias.name}" for alias in node.names), source]


def _app_of(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[0] == "lika" else None


def _tests_app(module: str) -> str | None:
    """The app whose tests package ``module`` is in (``lika.<app>.tests...``), or None."""
    parts = module.split(".")
    return parts[1] if len(parts) > 2 and parts[0] == "lika" and parts[2] == "tests" else None


def _problem(imported: str, own_app: str | None, *, own_tests: bool) -> str | None:
    parts = imported.split(".")
    tests_of = _tests_app(imported)
    if parts[0] != "lika":
        return None
    if "conftest" in parts:
        return "a conftest's fixtures are used by name, never imported"
    if any(part.startswith("test_") for part in parts):
        return "a test module is not a library; move what it shares to lika.testing or tests/factories.py"
    if tests_of is not None and not (own_tests and tests_of == own_app):
        return "another app's tests (or tests outside tests); share it through lika.testing"
    return None


def import_problems(source: str, module: str, *, is_package: bool = False) -> list[tuple[int, str]]:
    """The imports of ``source`` (the text of ``module``) that use tests as a library, each with its line."""
    problems: list[tuple[int, str]] = []
    own_app = _app_of(module)
    own_tests = _tests_app(module) is not None
    for line, candidates in _imported(ast.parse(source), module, is_package):
        for imported in candidates:
            problem = _problem(imported, own_app, own_tests=own_tests)
            if problem:
                problems.append((line, f"imports {imported}: {problem}"))
                break
    return problems


def _python_files() -> Iterator[Path]:
    for path in sorted(LIKA.rglob("*.py")):
        if "migrations" not in path.parts:
            yield path


def test_no_module_imports_a_test_module_a_conftest_or_another_apps_tests() -> None:
    found = [
        f"{path.relative_to(LIKA.parent)}:{line}: {problem}"
        for path in _python_files()
        for line, problem in import_problems(
            path.read_text(encoding="utf-8"), _module_of(path), is_package=path.name == "__init__.py"
        )
    ]
    assert not found, "\n".join(found)


def test_the_check_reads_every_test_module() -> None:
    """Guards the check above: were the walk to miss the tests, it would pass on any tree."""
    modules = {_module_of(path) for path in _python_files()}
    assert "lika.allowance.tests.test_views" in modules
    assert "lika.treatment_survey.tests.conftest" in modules
    assert len([m for m in modules if ".tests.test_" in m]) > 50


@pytest.mark.parametrize(
    ("source", "module"),
    [
        ("from lika.allowance.tests.conftest import Family", "lika.allowance.tests.test_views"),
        ("from .conftest import Family", "lika.allowance.tests.test_views"),
        ("from . import conftest", "lika.allowance.tests.test_views"),
        ("import lika.core.tests.test_browser", "lika.followup.tests.test_dashboard_browser"),
        ("from lika.core.tests import test_browser as in_browser", "lika.allowance.tests.test_views"),
        ("from lika.core.tests.test_browser import browser", "lika.core.tests.test_pages"),
        ("from .test_messages import PDF", "lika.applicant_portal.tests.test_access_matrix"),
        ("from lika.followup.tests.factories import MemoryEngine", "lika.allowance.tests.test_views"),
        ("from lika.treatment_survey.tests.factories import Planned", "lika.testing.personas"),
        ("from lika.followup.tests import factories", "lika.followup.services"),
    ],
)
def test_each_kind_of_forbidden_import_is_found_with_its_line(source: str, module: str) -> None:
    assert [line for line, _problem in import_problems(f'"""A module."""\n\n{source}\n', module)] == [3]


@pytest.mark.parametrize(
    ("source", "module"),
    [
        ("from lika.followup.tests.factories import MemoryEngine", "lika.followup.tests.test_indicators"),
        ("from .factories import Planned", "lika.treatment_survey.tests.test_views"),
        ("from lika.testing.personas import Family", "lika.allowance.tests.test_views"),
        ("from lika.testing.browser import axe_violations", "lika.core.tests.test_browser"),
        ("from lika.allowance.services import card_order", "lika.allowance.tests.test_services"),
    ],
)
def test_shared_helpers_and_the_apps_own_factories_are_allowed(source: str, module: str) -> None:
    assert import_problems(source, module) == []
