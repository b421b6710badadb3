"""Om Sverige's public pages in a real browser: axe (WCAG 2.1 AA), right to left, fonts, keyboard, print.

Debian's Chromium driven by Playwright. Skipped, with the reason, where Chromium is not installed;
CI installs it. Set ``LIKA_SCREENSHOTS`` to a folder to keep screenshots for a person to look at.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from lika.audit.acting import Acting
from lika.testing.browser import axe_violations, look
from lika.testing.om_sverige import ARABIC, QUICK_EXIT_SITE, TIGRINYA_START, build_om_sverige

pytestmark = [
    pytest.mark.browser,
    # A flush between tests removes Wagtail's root page and the locales; om_sverige_install puts them back.
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    # The quick exit's neutral site, answered locally: the tests never leave the machine.
    page.route(
        f"{QUICK_EXIT_SITE}**", lambda route: route.fulfill(body="<title>SMHI</title>", content_type="text/html")
    )
    yield page
    context.close()


@pytest.fixture
def site(acting: Acting, live_server: Any) -> str:
    build_om_sverige(acting, translations=("en", "ar", "ti"))
    url: str = live_server.url
    return url


def _fonts_used(page: Any, selector: str) -> set[str]:
    """The fonts Chromium actually drew ``selector``'s text with (not what the CSS asks for)."""
    session = page.context.new_cdp_session(page)
    session.send("DOM.enable")
    session.send("CSS.enable")
    document = session.send("DOM.getDocument")
    node = session.send("DOM.querySelector", {"nodeId": document["root"]["nodeId"], "selector": selector})
    fonts = session.send("CSS.getPlatformFontsForNode", {"nodeId": node["nodeId"]})["fonts"]
    session.detach()
    return {font["familyName"] for font in fonts}


PAGES = {
    "sv": ["/sv/om-sverige/", "/sv/om-sverige/arbete/", "/sv/om-sverige/stod/", "/sv/om-sverige/tillganglighet/"],
    "en": ["/en/om-sverige/", "/en/om-sverige/arbete/", "/en/om-sverige/stod/", "/en/om-sverige/tillganglighet/"],
    "ar": ["/ar/om-sverige/", "/ar/om-sverige/arbete/", "/ar/om-sverige/tillganglighet/"],
}


@pytest.mark.parametrize("language", ["sv", "en", "ar"])
def test_public_pages_have_no_wcag_21_aa_axe_violations(page: Any, site: str, language: str) -> None:
    direction = "rtl" if language == "ar" else "ltr"
    found: dict[str, list[str]] = {}
    for path in [*PAGES[language], f"/{language}/om-sverige/finns-inte/", f"/k/finns-inte?lang={language}"]:
        response = page.goto(f"{site}{path}")
        assert response.status in (200, 404), path
        assert page.evaluate("getComputedStyle(document.documentElement).direction") == direction, path
        assert page.locator("html").get_attribute("lang") == language, path
        found[path] = axe_violations(page)
        look(page, path.strip("/").replace("/", "-").replace("?", "-"))
    assert {path: v for path, v in found.items() if v} == {}


def test_the_accessibility_check_finds_a_planted_violation(page: Any) -> None:
    """Guards the check above: were axe not running, it would pass on any page."""
    page.set_content('<html lang="en"><head><title>t</title></head><body><main><img src="x.png"></main></body></html>')
    assert any(v.startswith("image-alt") for v in axe_violations(page))


def test_arabic_and_tigrinya_render_in_noto_fonts(page: Any, site: str) -> None:
    page.goto(f"{site}/ar/om-sverige/arbete/")
    assert page.locator("h1").inner_text() == ARABIC["arbete"]["title"]
    arabic = _fonts_used(page, "main .lead")
    assert arabic, "no font drew the Arabic text"
    # Noto Sans (Latin) may draw the spaces and punctuation; every letter must come from a Noto font.
    assert "Noto Sans Arabic" in arabic, arabic
    assert all(name.startswith("Noto") for name in arabic), arabic

    page.goto(f"{site}/ti/om-sverige/")
    assert page.locator("h1").inner_text() == TIGRINYA_START["title"]
    ethiopic = _fonts_used(page, "main h1")
    # Tigrinya's words are Ethiopic letters; Noto Sans (Latin) may draw only the space between them.
    assert "Noto Sans Ethiopic" in ethiopic, ethiopic
    assert ethiopic <= {"Noto Sans Ethiopic", "Noto Sans"}, ethiopic


def test_keyboard_order_is_skip_link_quick_exit_languages_content_footer(page: Any, site: str) -> None:
    page.goto(f"{site}/en/om-sverige/stod/")
    regions: list[str] = []
    for _ in range(12):
        page.keyboard.press("Tab")
        focused = page.evaluate(
            """() => {
                const el = document.activeElement;
                const style = getComputedStyle(el);
                const region = el.classList.contains("skip-link") ? "skip"
                    : el.classList.contains("quick-exit__button") ? "exit"
                    : el.closest("nav.languages") ? "languages"
                    : el.closest("header") ? "header"
                    : el.closest("main") ? "main"
                    : el.closest("footer") ? "footer" : el.tagName;
                return {region, outline: parseFloat(style.outlineWidth), style: style.outlineStyle};
            }"""
        )
        assert focused["outline"] > 0, focused
        assert focused["style"] != "none", focused
        if not regions or regions[-1] != focused["region"]:
            regions.append(focused["region"])
        if focused["region"] == "footer":
            break
    assert regions == ["skip", "exit", "header", "languages", "main", "footer"]


def test_skip_link_is_visible_when_focused_and_moves_to_main(page: Any, site: str) -> None:
    page.goto(f"{site}/sv/om-sverige/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    assert page.locator(".skip-link").is_visible()
    box = page.locator(".skip-link").bounding_box()
    assert box["y"] >= 0
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main"


def test_quick_exit_replaces_the_history_entry(page: Any, site: str) -> None:
    page.goto(f"{site}/en/om-sverige/")
    page.goto(f"{site}/en/om-sverige/stod/")
    page.locator(".quick-exit__button").click()
    page.wait_for_url(QUICK_EXIT_SITE)
    page.go_back()
    # Back leads to the page before the one the reader left, not to it.
    assert page.url == f"{site}/en/om-sverige/"


def test_pressing_escape_three_times_leaves(page: Any, site: str) -> None:
    page.goto(f"{site}/en/om-sverige/stod/")
    assert page.locator("[data-quick-exit-hint]").is_visible()
    for _ in range(3):
        page.keyboard.press("Escape")
    page.wait_for_url(QUICK_EXIT_SITE)


def test_quick_exit_works_without_javascript(browser: Any, site: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.route(
        f"{QUICK_EXIT_SITE}**", lambda route: route.fulfill(body="<title>SMHI</title>", content_type="text/html")
    )
    try:
        page.goto(f"{site}/en/om-sverige/stod/")
        assert not page.locator("[data-quick-exit-hint]").is_visible()
        page.locator(".quick-exit__button").click()
        page.wait_for_url(QUICK_EXIT_SITE)
    finally:
        context.close()


@pytest.mark.parametrize("width", [320, 640])
def test_no_horizontal_scrolling_at_high_zoom(page: Any, site: str, width: int) -> None:
    """320 CSS pixels is a 1280-pixel window at 400 % zoom; 640 is the same at 200 %."""
    page.set_viewport_size({"width": width, "height": 800})
    for path in ["/ar/om-sverige/arbete/", "/en/om-sverige/stod/", "/sv/om-sverige/tillganglighet/"]:
        page.goto(f"{site}{path}")
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, (path, overflow)
        look(page, f"{width}px-{path.strip('/').replace('/', '-')}")


def test_print_hides_navigation_and_quick_exit_and_shows_link_addresses(page: Any, site: str) -> None:
    page.goto(f"{site}/sv/om-sverige/stod/")
    page.emulate_media(media="print")
    for selector in [".quick-exit__button", "nav.languages", "footer nav", ".quick-exit-note"]:
        assert not page.locator(selector).is_visible(), selector
    colour = page.evaluate("getComputedStyle(document.querySelector('main')).color")
    assert colour == "rgb(0, 0, 0)"
    assert page.evaluate("getComputedStyle(document.querySelector('.site-header')).backgroundColor") in (
        "rgba(0, 0, 0, 0)",
        "rgb(255, 255, 255)",
    )
    page.goto(f"{site}/sv/om-sverige/arbete/")
    page.emulate_media(media="print")
    after = page.evaluate("getComputedStyle(document.querySelector('.authority-links a'), '::after').content")
    assert after == '" (https://arbetsformedlingen.se/)"'
    page.goto(f"{site}/sv/om-sverige/")
    page.emulate_media(media="print")
    after = page.evaluate("getComputedStyle(document.querySelector('.topic-list a'), '::after').content")
    assert after == f'" ({site}/sv/om-sverige/arbete/)"'
    look(page, "print-start-sv")
    page.emulate_media(media="screen")
    assert page.evaluate("getComputedStyle(document.querySelector('.topic-list a'), '::after').content") == "none"
