"""Min Sida in a real browser: Debian's Chromium through Playwright, with axe-core for WCAG 2.1 AA.

One adult of a two-adult household logs in through the development e-ID provider with JavaScript
turned off, sees her own decision and not her partner's, reads the permit message, follows its link,
and the visit is counted in the Min Sida channel. The portal's pages are then checked with axe in
Swedish, English, and in Arabic, Persian and Dari (right to left).
"""

from __future__ import annotations

import itertools
import re
from typing import Any

import pytest
from django.utils import translation
from stdnum import luhn
from wagtail.models import Locale, Page

from lika.applicant_portal.models import Thread
from lika.applicant_portal.services.permit_messages import permit_messages_send
from lika.audit.acting import Acting
from lika.core.periods import month_text
from lika.newcomer_info.content import om_sverige_install
from lika.newcomer_info.models import ChannelKind, ChannelVisitDay
from lika.newcomer_info.services import channel_create
from lika.people.models import Person
from lika.testing.browser import axe_violations
from lika.testing.portal import World, permit_grant, portal_session_key

# An ordinary desktop browser: the channel counter leaves HeadlessChrome out as a robot.
RIGHT_TO_LEFT = {"ar", "fa", "prs"}
DESKTOP_CHROME = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]

_serials = itertools.count(101)
_demo_dossiers = itertools.count(90_100_001)


def _listed_by_dev_provider(person: Person) -> Person:
    """Gives the person a personal number and a demo dossier number, as the development provider requires."""
    base = person.birth_date.strftime("%Y%m%d") + f"{next(_serials):03d}"
    Person.objects.filter(pk=person.pk).update(
        personal_number=base + luhn.calc_check_digit(base[2:]), dossier_number=str(next(_demo_dossiers))
    )
    person.refresh_from_db()
    return person


@pytest.fixture
def portal_world(world: World, acting: Acting, make_staff: Any, live_server: Any, settings: Any) -> World:
    from lika.accounts.roles import Role

    settings.WAGTAILADMIN_BASE_URL = live_server.url
    # The permit message's link is built on the public address.
    settings.LIKA_PUBLIC_BASE_URL = live_server.url
    if Page.get_first_root_node() is None:
        # An earlier test's flush emptied the tables that Wagtail's migrations fill.
        for code, _name in settings.LANGUAGES:
            Locale.objects.get_or_create(language_code=code)
        Page.add_root(title="Root", slug="root", locale=Locale.objects.get(language_code=settings.LANGUAGE_CODE))
    om_sverige_install(acting=acting)
    communicator = make_staff(Role.COMMUNICATOR, username="communicator")
    channel_create(
        acting=Acting(actor=communicator, reason="Test"),
        code="minsida",
        kind=ChannelKind.MIN_SIDA,
        name="Link on Min Sida",
        landing_path="/om-sverige/",
    )
    _listed_by_dev_provider(world.amina)
    _listed_by_dev_provider(world.omar)
    permit_grant(acting, world.applications[world.amina.pk])
    permit_messages_send(acting=Acting(actor=None, actor_label="test", reason="Permit granted"))
    return world


def test_an_adult_logs_in_reads_her_decision_and_follows_the_permit_message(
    browser: Any, live_server: Any, portal_world: World
) -> None:
    world = portal_world
    base = live_server.url
    context = browser.new_context(java_script_enabled=False, locale="en-GB", user_agent=DESKTOP_CHROME)
    page = context.new_page()
    # Log in through the development e-ID provider, every step a plain link or form post.
    page.goto(f"{base}/min-sida/")
    page.get_by_role("link", name="Log in with e-ID").click()
    page.locator("#id_q").fill(world.amina.dossier_number)
    page.get_by_role("button", name="Search").click()
    page.get_by_role("button", name="Log in", exact=True).click()
    page.wait_for_url(f"{base}/min-sida/oversikt/")
    assert "Read your decision on your residence permit." in page.content()

    page.get_by_role("link", name="Documents").first.click()
    own, partners = world.decisions[world.amina.pk], world.decisions[world.omar.pk]
    assert own.number in page.content()
    assert partners.number not in page.content()
    assert world.omar.given_name not in page.content()
    page.get_by_role("link", name=own.number, exact=False).click()
    with translation.override("en"):
        assert f"Daily allowance for {month_text(own.month)}" in page.content()
    response = page.goto(f"{base}/min-sida/dokument/dagersattning/{partners.pk}/")
    assert response is not None
    assert response.status == 404

    page.goto(f"{base}/min-sida/meddelanden/")
    page.get_by_role("link", name="You have been granted a residence permit").click()
    link = page.get_by_role("link", name=f"{base}/k/minsida?lang=en")
    assert ChannelVisitDay.objects.count() == 0
    link.click()
    page.wait_for_load_state()
    assert "/en/om-sverige/" in page.url or "/sv/om-sverige/" in page.url
    visits = ChannelVisitDay.objects.get()
    assert (visits.channel.code, visits.language, visits.visits) == ("minsida", "en", 1)
    context.close()


def test_the_portal_pages_pass_axe_in_swedish_english_arabic_persian_and_dari(
    browser: Any, live_server: Any, portal_world: World
) -> None:
    """Every page is checked with axe; in Arabic, Persian and Dari it is right to left and its text is theirs."""
    world = portal_world
    base = live_server.url
    thread = Thread.objects.get(person=world.amina)
    paths = {
        "timeline": "/min-sida/oversikt/",
        "documents": "/min-sida/dokument/",
        "decision": f"/min-sida/dokument/dagersattning/{world.decisions[world.amina.pk].pk}/",
        "permit": f"/min-sida/dokument/uppehallstillstand/{world.amina.permit_applications.get().decisions.get().pk}/",
        "messages": "/min-sida/meddelanden/",
        "thread": f"/min-sida/meddelanden/{thread.pk}/",
    }
    found: dict[str, list[str]] = {}
    for language in ("sv", "en", "ar", "fa", "prs"):
        context = browser.new_context(user_agent=DESKTOP_CHROME)
        host = live_server.url.split("://", 1)[1].split(":")[0]
        context.add_cookies(
            [
                {"name": "sessionid", "value": portal_session_key(world.amina), "domain": host, "path": "/"},
                {"name": "lika_language", "value": language, "domain": host, "path": "/"},
            ]
        )
        page = context.new_page()
        for name, path in paths.items():
            page.goto(base + path)
            assert page.locator("html").get_attribute("lang") == language
            assert page.locator("html").get_attribute("dir") == ("rtl" if language in RIGHT_TO_LEFT else "ltr")
            if language in RIGHT_TO_LEFT:
                # The interface's own text; names, amounts, the Swedish legal references and a thread's
                # subject (written in the language of the day it was sent) are data.
                headings = "h2" if name == "thread" else "h1, h2"
                # Elements marked as another language (the draft note's "Läs på svenska", "Read in English") are
                # not the interface's text in this one.
                shown = f"main :is({headings}, dt, label, button, nav):not([lang='sv'], [lang='en'])"
                interface = " ".join(page.locator(shown).all_inner_texts())
                words = re.findall(r"[^\W\d_]{2,}", interface)
                arabic_script = [word for word in words if re.fullmatch(r"[\u0600-\u06ff\u200c]+", word)]
                assert len(arabic_script) > 0.8 * len(words), (
                    f"{name} in {language}: {sorted(set(words) - set(arabic_script))}"
                )
            violations = axe_violations(page)
            if violations:
                found[f"{name}-{language}"] = violations
        context.close()
    assert found == {}
