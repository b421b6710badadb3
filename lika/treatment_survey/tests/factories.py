"""A planned survey built through the real services, for the survey's tests of services, views and reports."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, replace

from lika.accounts.models import User
from lika.accounts.roles import Role
from lika.audit.acting import Acting
from lika.treatment_survey import services
from lika.treatment_survey.analysis.records import ContactRecord
from lika.treatment_survey.models import Observer, Site, Survey
from lika.treatment_survey.synthetic import SyntheticSite, synthetic_contacts

FIRST = datetime.date(2026, 9, 1)
LAST = datetime.date(2026, 11, 30)
SITES = (
    SyntheticSite("KC", ("phone", "digital"), 14),
    SyntheticSite("MALMO", ("office",), 12),
    SyntheticSite("NAIROBI", ("embassy",), 12),
)
OBSERVERS = ("OBS-1", "OBS-2", "OBS-3")


@dataclass
class Planned:
    survey: Survey
    lead: User
    observer_user: User
    acting: Acting
    sites: dict[str, Site]
    observers: dict[str, Observer]
    officers: list[str]

    def records(self, contacts: int = 240, seed: int = 5) -> list[ContactRecord]:
        """Synthetic contacts that use this survey's officer codes (women offered choices less often)."""
        made = synthetic_contacts(
            seed=seed,
            contacts=contacts,
            sites=SITES,
            observers=OBSERVERS,
            first_day=FIRST,
            last_day=LAST,
            shares={"offered_choice": (0.4, 0.65)},
        )
        generated = sorted({r.officer for r in made})
        pseudonym = dict(zip(generated, self.officers, strict=False))
        return [replace(r, officer=pseudonym[r.officer]) for r in made]


def planned_create(make_staff: Callable[..., User]) -> Planned:
    """A survey in three sites with three observers (one a user, "watcher") and 38 officer codes, led by "lead"."""
    lead = make_staff(Role.SURVEY_LEAD, username="lead")
    observer_user = make_staff(Role.OBSERVER, username="watcher")
    acting = Acting(actor=lead, reason="Planning the test survey")
    survey = services.survey_create(
        acting=acting,
        name="Test survey",
        first_day=FIRST,
        last_day=LAST,
        channels=["embassy", "phone", "office", "digital"],
    )
    sites = {
        site.code: services.site_add(
            acting=acting, survey=survey, code=site.code, name=f"Site {site.code}", channels=site.channels
        )
        for site in SITES
    }
    observers = {
        code: services.observer_add(
            acting=acting, survey=survey, code=code, user=observer_user if code == "OBS-1" else None
        )
        for code in OBSERVERS
    }
    officers = [code.code for code in services.officer_codes_issue(acting=acting, survey=survey, count=38)]
    return Planned(survey, lead, observer_user, acting, sites, observers, officers)
