"""Min Sida in each newcomer language, in Chromium with axe-core (issue 20).

A person logs in with a code sent to her own phone, reading Arabic, Persian, Dari, Somali or Tigrinya,
and opens her overview, her documents and her allowance decision. Each page declares its language and
direction, shows the decision number exactly as it is written (a right-to-left page must not reorder
it), says that the translation is a draft not yet checked by a qualified translator, and passes axe.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from lika.applicant_portal.services.login import portal_contact_add
from lika.audit.acting import Acting
from lika.core.translation_review import DRAFT_NOTE_ENGLISH, DRAFT_NOTES, ReviewState, catalogue_review
from lika.testing.browser import axe_violations, look
from lika.testing.portal import World

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

# A number in the range the Swedish regulator keeps for fiction.
PHONE = "070-174 06 21"
DIRECTIONS = {"ar": "rtl", "fa": "rtl", "prs": "rtl", "so": "ltr", "ti": "ltr"}


@pytest.fixture
def texts(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    """The text messages Lika sends, kept instead of printed."""
    sent: list[tuple[str, str]] = []
    monkeypatch.setattr(
        "lika.applicant_portal.notify.ConsoleSmsBackend.send", lambda self, phone, text: sent.append((phone, text))
    )
    return sent


@pytest.fixture
def reader(world: World, acting: Acting) -> World:
    """Min Sida's world, in which Leyla (who lives alone) has a phone checked by staff to get codes on."""
    portal_contact_add(acting=acting, person=world.leyla, value=PHONE, verified=True)
    return world


def _log_in_by_code(page: Any, base: str, texts: list[tuple[str, str]]) -> None:
    page.goto(f"{base}/min-sida/logga-in/kod/")
    page.locator("#id_contact").fill(PHONE)
    with page.expect_navigation():
        page.locator("main form.form button[type=submit]").click()
    assert texts, page.locator("main").inner_text()
    code = re.search(r"\b([0-9]{6})\b", texts[-1][1])
    assert code is not None, texts[-1][1]
    page.locator("#id_code").fill(code.group(1))
    with page.expect_navigation():
        page.locator("main form.form button[type=submit]").click()
    assert page.url.endswith("/min-sida/oversikt/"), page.locator("main").inner_text()


@pytest.mark.parametrize("code", sorted(DIRECTIONS))
def test_min_sida_reads_in_the_language_with_the_decision_number_intact_and_the_review_note(
    browser: Any, live_server: Any, reader: World, texts: list[tuple[str, str]], code: str
) -> None:
    decision = reader.decisions[reader.leyla.pk]
    base = live_server.url
    context = browser.new_context(java_script_enabled=True, locale="en-GB")
    context.add_cookies([{"name": "lika_language", "value": code, "url": base}])
    context.set_default_timeout(20_000)
    try:
        page = context.new_page()
        _log_in_by_code(page, base, texts)
        for name, path in (
            ("overview", "/min-sida/oversikt/"),
            ("documents", "/min-sida/dokument/"),
            ("decision", f"/min-sida/dokument/dagersattning/{decision.pk}/"),
        ):
            page.goto(base + path)
            html = page.locator("html")
            assert (html.get_attribute("lang"), html.get_attribute("dir")) == (code, DIRECTIONS[code]), path
            note = page.locator(".review-note")
            if catalogue_review(code).state is ReviewState.REVIEWED:
                assert note.count() == 0, path
            else:
                assert note.is_visible(), path
                assert note.locator('p[lang="en"]').inner_text() == DRAFT_NOTE_ENGLISH, path
                assert note.locator(f'p[lang="{code}"]').inner_text() == DRAFT_NOTES[code], path
                # The same page in Swedish and English, one press away.
                assert note.get_by_role("button", name="Läs på svenska").is_visible(), path
                assert note.get_by_role("button", name="Read in English").is_visible(), path
            if name == "decision":
                assert page.locator("[data-decision-number]").inner_text() == decision.number
            if name == "documents":
                assert decision.number in page.locator("main bdi").all_inner_texts()
            look(page, f"min-sida-{code}-{name}")
            assert axe_violations(page) == [], path
    finally:
        context.close()
