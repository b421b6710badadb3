"""The pages issue 15 added or changed for communicators and officers, in Chromium with axe-core (WCAG 2.1 AA)
in Swedish, English and Arabic: the Min Sida mailings (list, new, preview, results), a staff-referral
channel with its desk card, the worklist with the month's decisions, and a job's page and list.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

import pytest

from lika.accounts.models import User
from lika.accounts.roles import Role
from lika.applicant_portal.services.mailings import mailing_create, mailing_send
from lika.audit.acting import Acting
from lika.core.jobs import job_start
from lika.newcomer_info.models import ChannelKind
from lika.newcomer_info.services import channel_create
from lika.people import services as people
from lika.people.models import DecisionOutcome, PermitGround, PermitKind, Person, Sex
from lika.testing import jobs
from lika.testing.browser import axe_violations, log_in, look
from lika.testing.om_sverige import build_om_sverige

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def _granted(acting: Acting, person: Person) -> None:
    application = people.permit_application_submit(
        acting=acting, person=person, ground=PermitGround.FAMILY_TIES, submitted_on=datetime.date(2026, 2, 1)
    )
    people.permit_decision_record(
        acting=acting,
        application=application,
        decided_on=datetime.date(2026, 8, 10),
        outcome=DecisionOutcome.GRANTED,
        permit_kind=PermitKind.TEMPORARY,
        valid_from=datetime.date(2026, 8, 10),
        valid_until=datetime.date(2029, 8, 9),
    )


def test_the_new_staff_pages_pass_axe_in_swedish_english_and_arabic(
    browser: Any, live_server: Any, make_staff: Callable[..., User], make_person: Callable[..., Person], acting: Acting
) -> None:
    om_sverige = build_om_sverige(acting, translations=("en", "ar"))
    communicator = make_staff(Role.COMMUNICATOR, username="communicator")
    officer = make_staff(Role.CASE_OFFICER, username="officer")
    for index in range(8):
        _granted(
            acting, make_person(sex=Sex.FEMALE if index % 2 else Sex.MALE, preferred_language=("ar", "sv")[index % 2])
        )
    by_communicator = Acting(actor=communicator, reason="Test")
    draft = mailing_create(
        acting=by_communicator,
        title="Draft",
        topic=om_sverige.work,
        ground=PermitGround.FAMILY_TIES,
        granted_from=datetime.date(2026, 7, 1),
        granted_to=datetime.date(2026, 9, 30),
    )
    sent = mailing_create(
        acting=by_communicator,
        title="Sent",
        topic=om_sverige.work,
        ground=PermitGround.FAMILY_TIES,
        granted_from=datetime.date(2026, 7, 1),
        granted_to=datetime.date(2026, 9, 30),
    )
    mailing_send(acting=by_communicator, mailing=sent)
    desk = channel_create(
        acting=acting,
        code="disk-malmo",
        kind=ChannelKind.STAFF_REFERRAL,
        name="Staff at the Malmö office",
        office="Malmö",
        landing_path="/om-sverige/",
    )
    job = job_start(
        acting=Acting(actor=officer, reason="Test"),
        task=jobs.count_to,
        title="Count",
        permission="",
        arguments={"to": 3},
    )
    pages = {
        "communicator": [
            "/register/min-sida/utskick/",
            "/register/min-sida/utskick/ny/",
            f"/register/min-sida/utskick/{draft.pk}/",
            f"/register/min-sida/utskick/{sent.pk}/",
            f"/om-sverige-besok/kanaler/{desk.pk}/",
        ],
        "officer": ["/dagersattning/att-gora/", f"/jobb/{job.pk}/", "/jobb/"],
    }
    base = live_server.url
    found: dict[str, list[str]] = {}
    for username, paths in pages.items():
        for language in ("sv", "en", "ar"):
            context = browser.new_context(viewport={"width": 1280, "height": 900})
            context.add_cookies([{"name": "lika_language", "value": language, "url": base}])
            page = context.new_page()
            try:
                log_in(page, base, username)
                for path in paths:
                    response = page.goto(f"{base}{path}")
                    assert response is not None
                    assert response.status == 200, path
                    assert page.locator("html").get_attribute("lang") == language
                    violations = axe_violations(page)
                    if violations:
                        found[f"{language} {path}"] = violations
                    look(page, f"issue15-{username}-{language}-{path.strip('/').replace('/', '-')}")
            finally:
                context.close()
    assert found == {}
