"""Om Sverige in Arabic, Persian, Dari, Tigrinya and Somali, in a real browser.

Lika's own texts, loaded as ``make demo`` loads them. For each language: the page says its language
and direction, its main text is in the language's script, it says the translation is being checked
(in that language, with links to Swedish and English), and axe finds no WCAG 2.1 AA violation.
Skipped, with the reason, where Chromium is not installed. Set ``LIKA_SCREENSHOTS`` to a folder to
keep a screenshot of each page for a person to look at.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

import pytest

from lika.audit.acting import Acting
from lika.core.translation_review import REVIEW_NOTES
from lika.newcomer_info.topics import om_sverige_content_load
from lika.testing.browser import axe_violations, look

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]

SCRIPTS = {"ar": "ARABIC", "fa": "ARABIC", "prs": "ARABIC", "ti": "ETHIOPIC", "so": "LATIN"}
RIGHT_TO_LEFT = {"ar", "fa", "prs"}
# Each page and where its own text is (the words the templates add come from the interface
# catalogues, which lika/core's catalogue tests check).
PAGES = {
    "": "main h1, main .lead, main .topic-list",
    "arbete/": "main h1, main .lead, main .fact, main .authority-links",
    "stod/": "main h1, main .lead, main .fact, main .authority-links",
    "tillganglighet/": "main h1",
}
# Names kept from the Swedish original (authorities, courses) and the words of the links to the
# Swedish and English texts; the rest of the main text must be in the page's script.
KEPT = re.compile(
    r"Arbetsförmedlingen|Migrationsverket|Försäkringskassan|Skolverket|Socialtjänsten|Kvinnofridslinjen|"
    r"Information Sverige|Polisen|Bris|Om Sverige|sfi|komvux|folkbokföring|Svenska|English|axe|Chromium|"
    r"WCAG|AA|PDF|QR|DO"
)


def _share_in_script(text: str, script: str) -> float:
    letters = [c for c in KEPT.sub(" ", text) if c.isalpha()]
    return sum(unicodedata.name(c).startswith(script) for c in letters) / max(len(letters), 1)


def test_om_sverige_reads_in_each_language_with_its_review_note(page: Any, live_server: Any, acting: Acting) -> None:
    om_sverige_content_load(acting=acting)
    found: dict[str, list[str]] = {}
    for language, script in SCRIPTS.items():
        for slug, own_text in PAGES.items():
            path = f"/{language}/om-sverige/{slug}"
            response = page.goto(f"{live_server.url}{path}")
            assert response.status == 200, path
            assert page.url == f"{live_server.url}{path}", path  # served in the language, not sent on
            assert page.locator("html").get_attribute("lang") == language, path
            direction = page.evaluate("getComputedStyle(document.documentElement).direction")
            assert direction == ("rtl" if language in RIGHT_TO_LEFT else "ltr"), path
            main = " ".join(page.locator(own_text).all_inner_texts())
            assert len(main) > 5, path
            assert _share_in_script(main, script) > 0.95, (path, main[:300])
            note = page.locator(".review-note")
            assert note.inner_text().startswith(REVIEW_NOTES[language][:20]), path
            assert note.locator('a[lang="sv"]').get_attribute("href").startswith("/sv/om-sverige/"), path
            assert note.locator('a[lang="en"]').get_attribute("href").startswith("/en/om-sverige/"), path
            found[path] = axe_violations(page)
            look(page, f"languages-{language}-{slug.strip('/') or 'start'}")
    assert {path: violations for path, violations in found.items() if violations} == {}
