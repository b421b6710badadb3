"""A communicator's whole day in a real browser: write a page in Wagtail, translate it, lead channels to it, count.

Debian's Chromium driven by Playwright against the live server; the visits dashboard is checked with
axe-core for WCAG 2.1 AA in Swedish and English. Skipped, with the reason, where Chromium is not
installed. Set ``LIKA_SCREENSHOTS`` to a folder to keep screenshots for a person to look at.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from typing import Any

import pytest
from django.utils import timezone

from lika.accounts.models import User
from lika.accounts.roles import Role
from lika.accounts.services import communicator_page_permissions_sync
from lika.audit.acting import Acting
from lika.newcomer_info.content import om_sverige_install
from lika.newcomer_info.models import Channel, ChannelKind, ChannelVisitDay, OmSverigeIndexPage, TopicPage
from lika.newcomer_info.services import VisitCount, channel_create, channel_visits_add
from lika.testing.browser import axe_violations, choose_language, log_in, look

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]

# Lika does not count headless Chromium (it is how robots visit, lika/newcomer_info/visitors.py), so
# the newcomer's browser says it is an ordinary one.
NEWCOMER_BROWSER = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"
CHANNELS = {
    ChannelKind.MIN_SIDA: ("minsida-arbete", "Min Sida", ""),
    ChannelKind.PERMIT_LETTER: ("brev-arbete", "Letter with the permit card", ""),
    ChannelKind.OFFICE_SCREEN: ("skarm-malmo-arbete", "Screen in Malmö", "Malmö"),
    ChannelKind.SOCIAL_POST: ("post-arbete", "Social media post", ""),
}


def _om_sverige(acting: Acting) -> OmSverigeIndexPage:
    """The Swedish start page (the install puts back Wagtail's root and the locales an earlier test's flush removed)."""
    start = om_sverige_install(acting=acting)
    communicator_page_permissions_sync()
    return start


@pytest.mark.parametrize("language", ["sv", "en"])
def test_the_visits_dashboard_has_no_wcag_21_aa_violations(
    page: Any, live_server: Any, make_staff: Callable[..., User], acting: Acting, language: str
) -> None:
    make_staff(Role.COMMUNICATOR, username="communicator")
    channels = [
        channel_create(acting=acting, code=code, kind=kind, name=name, landing_path="/om-sverige/", office=office)
        for kind, (code, name, office) in CHANNELS.items()
    ]
    today = timezone.localdate()
    channel_visits_add(
        acting=acting,
        counts=[
            VisitCount(today - datetime.timedelta(days=day), channel.pk, "/om-sverige/", lang, 1 + (day * n) % 7)
            for day in range(0, 80, 3)
            for n, channel in enumerate(channels)
            for lang in ("sv", "ar")
        ],
        what="test counts",
    )
    base = live_server.url
    log_in(page, base, "communicator")
    choose_language(page, language)
    found: dict[str, list[str]] = {}

    page.goto(f"{base}/om-sverige-besok/")
    assert page.locator("html").get_attribute("lang") == language
    chart = page.locator("figure.chart svg[role=img]")
    assert chart.count() == 1
    assert chart.bounding_box()["width"] > 300
    assert page.locator("#visits tbody tr").count() == 12
    assert page.locator("#channel-list tbody tr").count() == 4
    found["dashboard"] = axe_violations(page)
    look(page, f"visits-dashboard-{language}")

    page.locator("#id_grouping").select_option("day")
    page.locator("#id_breakdown").select_option("language")
    page.locator(".dashboard-form button[type=submit]").click()
    page.wait_for_load_state()
    assert "grouping=day" in page.url
    assert page.locator("#visits tbody tr").count() > 70
    found["by-day"] = axe_violations(page)

    page.goto(f"{base}/om-sverige-besok/?start=2026-03-20&end=2026-03-01")
    assert page.locator(".error-summary").is_visible()
    found["errors"] = axe_violations(page)
    look(page, f"visits-dashboard-errors-{language}")

    assert {name: v for name, v in found.items() if v} == {}


def _wagtail_publish(page: Any) -> None:
    """Clicks Publish in the editor's footer, where it sits in the menu beside "Save draft"."""
    publish = page.locator('button[name="action-publish"]')
    if not publish.is_visible():
        page.locator("footer .w-dropdown__toggle, .footer .w-dropdown__toggle").first.click()
    publish.click()
    page.wait_for_load_state()


def _write_and_publish_topic(page: Any, base: str, start: OmSverigeIndexPage) -> TopicPage:
    """Writes a topic under Om Sverige in Wagtail's editor and publishes it."""
    page.goto(f"{base}/cms/pages/add/newcomer_info/topicpage/{start.pk}/")
    page.locator("#id_title").fill("Arbete i Sverige")
    page.locator("#id_summary").fill("Så hittar du ett arbete.")
    # Wagtail makes the slug, on the Promote tab, from the title: arbete-i-sverige.
    look(page, "communicator-1-new-topic")
    _wagtail_publish(page)
    look(page, "communicator-2-published")
    topic: TopicPage = TopicPage.objects.get(slug="arbete-i-sverige", locale__language_code="sv")
    assert topic.live, "the topic is published"
    return topic


def _translate_into_english(page: Any, base: str, topic: TopicPage) -> TopicPage:
    """wagtail-localize in the browser: the Translate action, English, each segment filled, Publish in English."""
    page.goto(f"{base}/cms/pages/{topic.pk}/edit/")
    page.locator("#w-slim-header-buttons button.w-dropdown__toggle").first.click()  # the "…" menu by the title
    look(page, "communicator-2b-actions")
    page.locator(f'a[href*="/localize/submit/page/{topic.pk}/"]').first.click()
    page.wait_for_load_state()
    assert "/localize/submit/page/" in page.url
    page.get_by_label("English").check()
    look(page, "communicator-3-submit-translation")
    page.locator("form button[type=submit], form input[type=submit]").last.click()
    page.wait_for_load_state()
    english: TopicPage = TopicPage.objects.get(translation_key=topic.translation_key, locale__language_code="en")
    page.wait_for_url(re.compile(rf"/cms/pages/{english.pk}/edit/"))
    texts = {"Arbete i Sverige": "Work in Sweden", "Så hittar du ett arbete.": "How to find a job."}
    page.wait_for_selector("textarea, .segment-list__item, li.incomplete", timeout=15000)
    look(page, "communicator-4-translation-editor")
    for swedish, translated in texts.items():
        segment = page.locator("li").filter(has_text=swedish).last
        segment.get_by_role("button", name=re.compile("Translate|Edit", re.I)).first.click()
        segment.locator("textarea").fill(translated)
        segment.get_by_role("button", name=re.compile("Save", re.I)).first.click()
        page.wait_for_timeout(300)  # the editor saves each segment with its own request
    look(page, "communicator-5-translated")
    page.get_by_role("button", name=re.compile("Publish in English", re.I)).click()
    page.wait_for_load_state()
    english.refresh_from_db()
    assert english.live
    assert english.title == "Work in Sweden"
    return english


def test_a_communicator_writes_translates_and_counts_a_page(
    page: Any, browser: Any, live_server: Any, make_staff: Callable[..., User], acting: Acting
) -> None:
    start = _om_sverige(acting)
    make_staff(Role.COMMUNICATOR, username="communicator")
    base = live_server.url
    log_in(page, base, "communicator")
    choose_language(page, "en")
    page.goto(f"{base}/cms/")
    assert page.url == f"{base}/cms/"  # Wagtail's admin let her in, no login page in between
    topic = _write_and_publish_topic(page, base, start)
    _translate_into_english(page, base, topic)

    # 3. A channel of each kind leads to the page; a newcomer comes through each short path.
    landing = "/om-sverige/arbete-i-sverige/"
    channels = [
        channel_create(acting=acting, code=code, kind=kind, name=name, landing_path=landing, office=office)
        for kind, (code, name, office) in CHANNELS.items()
    ]
    newcomer = browser.new_context(user_agent=NEWCOMER_BROWSER, locale="en-GB")
    reader = newcomer.new_page()
    for channel in channels:
        reader.goto(f"{base}/k/{channel.code}?lang=en")
        assert reader.url == f"{base}/en/om-sverige/arbete-i-sverige/"
        assert reader.locator("h1").inner_text() == "Work in Sweden"
    reader.goto(f"{base}/k/{channels[0].code}?lang=sv")
    assert reader.url == f"{base}/sv/om-sverige/arbete-i-sverige/"
    newcomer.close()
    counted = {
        (row.channel.code, row.language): row.visits for row in ChannelVisitDay.objects.select_related("channel")
    }
    assert counted == {**{(c.code, "en"): 1 for c in channels}, (channels[0].code, "sv"): 1}

    # 4. The communicator sees the visits on the dashboard.
    page.goto(f"{base}/om-sverige-besok/?breakdown=channel")
    totals = page.locator("#visits tfoot td").all_inner_texts()
    assert totals == ["2", "1", "1", "1", "5"]  # Min Sida, with two visits, first
    header = page.locator("#visits thead th").all_inner_texts()
    assert header[1].startswith("Min Sida")
    assert page.locator("#channel-list").inner_text().count("/k/") == len(channels)
    look(page, "communicator-6-dashboard")
    assert Channel.objects.count() == len(CHANNELS)
