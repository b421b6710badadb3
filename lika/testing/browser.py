"""The project's one browser: Debian's Chromium driven by Playwright, axe-core for WCAG 2.1 AA, screenshots.

A test that drives the browser carries the ``browser`` marker and asks for the ``browser`` or ``page``
fixture; where Chromium is not installed, every such test is skipped with the reason (``.ci/run``
installs it). Set ``LIKA_CHROMIUM`` to use another binary and ``LIKA_SCREENSHOTS`` to a folder to keep a
screenshot of every page a test looks at, for a person to check.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = os.environ.get("LIKA_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
SCREENSHOTS = os.environ.get("LIKA_SCREENSHOTS")
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
PASSWORD = "correct horse battery"  # noqa: S105 - the staff password make_staff gives everyone
CHROMIUM_MISSING = (
    f"Chromium not found at {CHROMIUM}: install Debian's package (apt-get install chromium); .ci/run does"
)


def chromium_found() -> bool:
    return Path(CHROMIUM).exists()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Skips every test marked ``browser``, with the reason, where Chromium is missing."""
    if chromium_found():
        return
    for item in items:
        if item.get_closest_marker("browser"):
            item.add_marker(pytest.mark.skip(reason=CHROMIUM_MISSING))


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """One headless Chromium for the test module."""
    if not chromium_found():
        pytest.skip(CHROMIUM_MISSING)
    from playwright.sync_api import sync_playwright

    # Playwright's synchronous API runs an event loop in the test thread; the test's own database
    # calls are synchronous and safe there. Only for these tests: a deployment must never set it.
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(
                executable_path=CHROMIUM,
                args=[
                    "--headless",
                    "--no-sandbox",
                    "--disable-gpu",
                    "--disable-quic",
                    "--no-first-run",
                    "--disable-background-networking",
                    "--disable-component-update",
                    "--disable-sync",
                ],
            )
            yield chromium
            chromium.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    """A page of its own for the test, in a desktop-sized window with script on."""
    context = browser.new_context(java_script_enabled=True, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    yield page
    context.close()


def axe_violations(page: Any) -> list[str]:
    """The WCAG 2.1 A and AA violations axe-core finds on the page, one readable line each."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_21_AA}})
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
    ]


def look(page: Any, name: str) -> None:
    """Keeps a full-page screenshot as ``<name>.png`` where ``LIKA_SCREENSHOTS`` names a folder."""
    if SCREENSHOTS:
        Path(SCREENSHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SCREENSHOTS) / f"{name}.png"), full_page=True)


def choose_language(page: Any, code: str) -> None:
    """Chooses a language with the layout's language switcher, as a reader does."""
    page.locator(f'.language-switcher button[value="{code}"]').click()
    page.wait_for_load_state()


def log_in(page: Any, base: str, username: str) -> None:
    """Logs a member of staff made by ``make_staff`` in through the login form."""
    page.goto(f"{base}/konto/logga-in/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("form.form button[type=submit]").click()
    page.wait_for_url(f"{base}/")


def staff_session(browser: Any, base: str, username: str, language: str) -> tuple[Any, Any]:
    """A new browser context (script on, for axe) with ``username`` logged in after choosing ``language``.

    Returns the context, which the test closes, and its page.
    """
    context = browser.new_context(java_script_enabled=True, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(f"{base}/konto/logga-in/")
    choose_language(page, language)
    log_in(page, base, username)
    return context, page
