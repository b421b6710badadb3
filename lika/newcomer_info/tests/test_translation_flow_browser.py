"""In a real browser: "Translate → Arabic" in Wagtail never puts Swedish text under an Arabic address.

A communicator starts an Arabic translation of one topic with wagtail-localize's own form; a newcomer
whose phone reads Arabic then opens that topic, another topic and the start page under ``/ar/``
and is sent on to the English pages (no Arabic page is published), never shown Swedish text.
Skipped, with the reason, where Chromium is not installed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from wagtail.models import Locale

from lika.accounts.models import User
from lika.accounts.roles import Role
from lika.accounts.services import communicator_page_permissions_sync
from lika.audit.acting import Acting
from lika.testing.browser import choose_language, log_in, look
from lika.testing.om_sverige import build_om_sverige

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


def test_a_translation_started_in_wagtail_shows_no_swedish_under_arabic(
    page: Any, browser: Any, live_server: Any, make_staff: Callable[..., User], acting: Acting
) -> None:
    om_sverige = build_om_sverige(acting, translations=("en",))
    communicator_page_permissions_sync()
    make_staff(Role.COMMUNICATOR, username="communicator")
    base = live_server.url
    log_in(page, base, "communicator")
    choose_language(page, "en")
    page.goto(f"{base}/cms/pages/{om_sverige.work.pk}/edit/")
    page.locator("#w-slim-header-buttons button.w-dropdown__toggle").first.click()
    page.locator(f'a[href*="/localize/submit/page/{om_sverige.work.pk}/"]').first.click()
    page.wait_for_load_state()
    page.get_by_label("Arabic").check()
    look(page, "translation-flow-1-submit-arabic")
    page.locator("form button[type=submit], form input[type=submit]").last.click()
    page.wait_for_load_state()
    arabic = om_sverige.work.get_translation(Locale.objects.get(language_code="ar"))
    page.wait_for_url(f"{base}/cms/pages/{arabic.pk}/edit/")
    look(page, "translation-flow-2-arabic-draft")
    assert not arabic.live

    newcomer = browser.new_context(locale="ar")
    reader = newcomer.new_page()
    for path, english, title in (
        ("/ar/om-sverige/arbete/", "/en/om-sverige/arbete/", "Work"),
        ("/ar/om-sverige/stod/", "/en/om-sverige/stod/", "Support and help"),
        ("/ar/om-sverige/", "/en/om-sverige/", "About Sweden"),
    ):
        response = reader.goto(f"{base}{path}")
        assert response.status == 200, path
        assert reader.url == f"{base}{english}", path
        assert reader.locator("html").get_attribute("lang") == "en", path
        assert reader.locator("h1").inner_text() == title, path
        look(reader, f"translation-flow-3-reader{path.replace('/', '-')}")
    newcomer.close()
