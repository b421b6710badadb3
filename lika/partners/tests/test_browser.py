"""In a real browser (Debian's Chromium through Playwright), checked with axe-core for WCAG 2.1 AA: an officer
creates an activity with childcare, enrols a woman and a man and records attendance; the woman sees it in
Min Sida, in her language; the follow-up shows access by sex for that kind of activity. A communicator gives
a partner its own channel and prints its poster; the QR code read from the rasterised PDF leads a phone's
browser to Om Sverige, and the partner's channel counts the visit.

Skipped, with the reason, where Chromium is not installed.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.test import override_settings

from lika.accounts.models import User
from lika.accounts.roles import Role
from lika.audit.acting import Acting
from lika.core import clock
from lika.followup.facts.build import facts_rebuild
from lika.followup.facts.export import facts_export
from lika.newcomer_info.models import ChannelKind, ChannelVisitDay
from lika.newcomer_info.services import channel_create
from lika.partners import services
from lika.partners.models import Activity, ActivityKind, Attendance, CivicModule, Organisation, OrganisationKind
from lika.people.models import Person, Sex
from lika.testing.browser import axe_violations, log_in, look
from lika.testing.om_sverige import build_om_sverige
from lika.testing.pdf import needs_pdftoppm, qr_texts, rasterise
from lika.testing.portal import portal_session_key

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Women and men already on an earlier early activity, so that the follow-up's cells are large enough to show.
PEERS = 20
PEERS_CAME = {Sex.FEMALE: 12, Sex.MALE: 16}


@dataclass
class Scene:
    board: Organisation
    woman: Person
    man: Person


@pytest.fixture
def scene(make_staff: Callable[..., User], make_person: Callable[..., Person], acting: Acting) -> Scene:
    """An officer and an analyst; a county board with an earlier early activity; a woman and a man to enrol."""
    make_staff(Role.CASE_OFFICER, username="officer")
    make_staff(Role.ANALYST, username="analyst")
    board = services.organisation_create(
        acting=acting, kind=OrganisationKind.COUNTY_BOARD, name="Länsstyrelsen i Gävleborgs län", official_code="21"
    )
    earlier = services.activity_create(
        acting=acting,
        plan=services.ActivityPlan(
            kind=ActivityKind.EARLY,
            title="Svenska från dag ett, våren",
            provider=board,
            place="Boendet i Gävle",
            languages=["ar"],
            childcare=True,
            times="Tisdagar 10–12",
            capacity=2 * PEERS,
        ),
    )
    came = []
    for sex, present in PEERS_CAME.items():
        for number in range(PEERS):
            enrolment = services.enrolment_record(
                acting=acting, activity=earlier, person=make_person(sex=sex), enrol=True
            )
            if number < present:
                came.append(enrolment.pk)
    session = services.activity_session_add(
        acting=acting, activity=earlier, day=clock.today(), starts_at=datetime.time(10), ends_at=datetime.time(12)
    )
    services.attendance_record(acting=acting, session=session, present=set(came))
    woman = make_person(sex=Sex.FEMALE, given_name="Selam", family_name="Haile", preferred_language="ti")
    man = make_person(sex=Sex.MALE, given_name="Dawit", family_name="Tekle", preferred_language="ti")
    return Scene(board, woman, man)


def _officer_creates_enrols_and_records(page: Any, base: str, scene: Scene, found: dict[str, list[str]]) -> Activity:
    log_in(page, base, "officer")
    page.goto(f"{base}/samverkan/aktiviteter/ny/")
    page.locator("#id_kind").select_option("early")
    page.locator("#id_title").fill("Föräldrar i Sverige")
    page.locator("#id_provider").select_option(str(scene.board.pk))
    page.locator("#id_place").fill("Boendet i Sandviken")
    page.locator("#id_languages").fill("ti, ar")
    page.locator("#id_childcare").check()
    page.locator("#id_times").fill("Torsdagar 10–12")
    page.locator("#id_capacity").fill("12")
    found["activity-create"] = axe_violations(page)
    page.locator("form.form button[type=submit]").click()
    page.wait_for_load_state()
    activity = Activity.objects.get(title="Föräldrar i Sverige")
    assert page.url.endswith(f"/samverkan/aktiviteter/{activity.pk}/")
    page.locator("summary", has_text="Add a session").click()
    page.locator("#id_session-day").fill(clock.today().isoformat())
    page.locator("#id_session-starts_at").fill("10:00")
    page.locator("#id_session-ends_at").fill("12:00")
    page.locator("button", has_text="Add session").click()
    page.wait_for_load_state()
    for person in (scene.woman, scene.man):
        page.locator("#id_enrolment-person").fill(person.dossier_number)
        page.locator("#id_enrolment-enrol_0").check()
        page.locator("form[action$='/deltagare/'] button[type=submit]").click()
        page.wait_for_load_state()
    found["activity-detail"] = axe_violations(page)
    page.locator("a", has_text="Record attendance").click()
    page.wait_for_load_state()
    page.get_by_label(str(scene.woman)).check()
    found["attendance"] = axe_violations(page)
    page.locator("button", has_text="Save attendance").click()
    page.wait_for_load_state()
    assert "1 present" in page.content()
    return activity


def test_an_officer_enrols_a_woman_and_a_man_she_sees_it_in_min_sida_and_the_follow_up_counts_it(
    browser: Any, live_server: Any, scene: Scene, tmp_path: Path
) -> None:
    base = live_server.url
    host = base.split("://", 1)[1].split(":")[0]
    found: dict[str, list[str]] = {}
    officer = browser.new_context(locale="en-GB")
    activity = _officer_creates_enrols_and_records(officer.new_page(), base, scene, found)
    officer.close()
    assert activity.childcare
    assert dict(
        Attendance.objects.filter(session__activity=activity).values_list("enrolment__person_id", "present")
    ) == {scene.woman.pk: True, scene.man.pk: False}

    applicant = browser.new_context()
    applicant.add_cookies(
        [
            {"name": "sessionid", "value": portal_session_key(scene.woman), "domain": host, "path": "/"},
            {"name": "lika_language", "value": "en", "domain": host, "path": "/"},
        ]
    )
    page = applicant.new_page()
    page.goto(f"{base}/min-sida/aktiviteter/")
    own = page.locator("section[aria-labelledby=own-heading]").inner_text()
    assert "Föräldrar i Sverige" in own
    assert "In your language" in own
    assert "Childcare is offered." in own
    found["min-sida"] = axe_violations(page)
    applicant.close()

    facts = tmp_path / "facts"
    with override_settings(LIKA_FACTS_DIR=facts):
        facts_rebuild(as_of=clock.today())
        facts_export(facts)
        analyst = browser.new_context(locale="en-GB")
        page = analyst.new_page()
        log_in(page, base, "analyst")
        page.goto(f"{base}/uppfoljning/activity_attended/?breakdown=activity_kind")
        text = page.locator("table.indicator-table").first.inner_text()
        found["follow-up"] = axe_violations(page)
        analyst.close()
    assert "Early activity for asylum seekers" in text
    # 21 women offered, 13 came (61.9 %); 21 men offered, 16 came (76.2 %): large enough to be shown.
    assert "61.9" in text
    assert "76.2" in text
    assert {name: v for name, v in found.items() if v} == {}


# A phone's browser: the counter leaves headless Chromium out as a robot (lika/newcomer_info/visitors.py).
PHONE = (
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Mobile Safari/537.36"
)


@pytest.fixture
def partner(live_server: Any, settings: Any, make_staff: Callable[..., User], acting: Acting) -> Organisation:
    """A civil-society organisation, a communicator, and Om Sverige published; printed paper leads to the test server."""
    settings.LIKA_PUBLIC_BASE_URL = live_server.url
    build_om_sverige(acting)
    make_staff(Role.COMMUNICATOR, username="communicator")
    return services.organisation_create(
        acting=acting, kind=OrganisationKind.CIVIL_SOCIETY, name="Föreningen Nya grannar", official_code=""
    )


@needs_pdftoppm
def test_a_partners_poster_leads_through_its_own_channel_and_the_visit_is_counted(
    browser: Any, live_server: Any, partner: Organisation, tmp_path: Path
) -> None:
    base = live_server.url
    found: dict[str, list[str]] = {}
    communicator = browser.new_context(locale="en-GB", accept_downloads=True)
    page = communicator.new_page()
    log_in(page, base, "communicator")
    page.goto(f"{base}/samverkan/{partner.pk}/")
    page.locator("a", has_text="Give the partner its own channel").click()
    page.wait_for_load_state()
    page.locator("#id_code").fill("nya grannar")
    page.locator("form.form button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator("#id_code_error").is_visible(), "a code with a space is refused on its field"
    found["channel-refused"] = axe_violations(page)
    page.locator("#id_code").fill("nya-grannar")
    page.locator("form.form button[type=submit]").click()
    page.wait_for_load_state()
    assert page.url.endswith(f"/samverkan/{partner.pk}/")
    found["organisation"] = axe_violations(page)
    look(page, "partner-organisation-with-channel")
    with page.expect_download() as download:
        page.locator("a", has_text="poster in Swedish").click()
    poster = tmp_path / "poster.pdf"
    download.value.save_as(poster)
    communicator.close()

    pages = rasterise(poster.read_bytes(), tmp_path)
    codes = qr_texts(pages[0])
    assert codes == [f"{base}/k/nya-grannar"]
    channel = partner.om_sverige_channels.get()
    phone = browser.new_context(locale="sv-SE", user_agent=PHONE)
    reader = phone.new_page()
    reader.goto(codes[0])
    assert "/om-sverige/" in reader.url
    phone.close()
    assert sum(ChannelVisitDay.objects.filter(channel=channel).values_list("visits", flat=True)) == 1
    assert {name: v for name, v in found.items() if v} == {}


def test_the_civic_sessions_slides_and_the_municipality_form_pass_axe_and_refuse_clearly(
    browser: Any, live_server: Any, make_staff: Callable[..., User], make_person: Callable[..., Person], acting: Acting
) -> None:
    base = live_server.url
    build_om_sverige(acting)
    make_staff(Role.CASE_OFFICER, username="officer")
    channel_create(
        acting=acting,
        code="samhallsintro",
        kind=ChannelKind.CIVIC_INTRODUCTION,
        name="Civic introduction",
        landing_path="/om-sverige/",
    )
    person = make_person()
    session = services.civic_session_create(
        acting=acting,
        plan=services.CivicPlan(
            held_on=clock.today(),
            place="Boendet i Gävle",
            language="ar",
            interpreter_language="en",
            modules=[CivicModule.WORK, CivicModule.ECONOMIC_VIOLENCE],
        ),
    )
    found: dict[str, list[str]] = {}
    context = browser.new_context(locale="en-GB")
    page = context.new_page()
    log_in(page, base, "officer")
    page.goto(f"{base}/samverkan/samhallsintroduktion/{session.pk}/")
    found["civic"] = axe_violations(page)
    page.locator("a", has_text="Slides in Arabic").click()
    page.wait_for_load_state()
    # The Swedish topic about support has no Arabic translation in this Om Sverige.
    assert "has no published translation in Arabic" in page.content()
    found["civic-refused"] = axe_violations(page)
    page.goto(f"{base}/register/personer/{person.pk}/")
    for code, day in (("1280", "2026-01-01"), ("0180", "2025-01-01")):
        page.locator("a", has_text="Record the municipality of residence").click()
        page.wait_for_load_state()
        page.locator("#id_municipality_code").select_option(code)
        page.locator("#id_start_date").fill(day)
        page.locator("#id_reason").fill("Moved")
        page.locator("form.form button[type=submit]").click()
        page.wait_for_load_state()
        found[f"municipality-{code}"] = axe_violations(page)
        look(page, f"municipality-{code}")
        if code == "1280":
            assert "Malmö (1280)" in page.content()
    assert page.locator("#id_start_date_error").is_visible(), "a date before the current municipality is refused"
    context.close()
    assert list(person.municipalities_of_residence.values_list("municipality_code", flat=True)) == ["1280"]
    assert {name: v for name, v in found.items() if v} == {}
