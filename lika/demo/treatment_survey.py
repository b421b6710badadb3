"""The demo's treatment survey: a finished survey of made-up observations, so that its report has something to show.

A survey lead plans "Demo: bemötande hösten 2026" with a contact centre, two service offices and
two embassies; issues officer pseudonyms; draws a sampling plan; and imports an ODK Central export
of about 600 synthetic contacts, a tenth of them double-coded. In the made-up data women are
offered choices less often than men (45 % against 62 %); every other behaviour is the same for
both, so the report shows that one difference with its interval. Everything goes through the
survey services; running it again changes nothing.
"""

from __future__ import annotations

import datetime
from dataclasses import replace

from lika.accounts.models import User
from lika.audit.acting import Acting
from lika.treatment_survey import services
from lika.treatment_survey.imports.example_files import odk_files
from lika.treatment_survey.models import Survey
from lika.treatment_survey.synthetic import SyntheticSite, synthetic_contacts

DEMO_SURVEY_NAME = "Demo: bemötande hösten 2026"
DEMO_SURVEY_BEFORE_NAME = "Demo: bemötande före utbildningen"
DEMO_CONTACTS = 600
DEMO_SHARES = {"offered_choice": (0.45, 0.62)}
# Code, name, channels, officers: made-up sites and numbers.
DEMO_SITES = (
    ("KC-NORRKOPING", "Kontaktcenter Norrköping", ("phone", "digital"), 16),
    ("SK-MALMO", "Servicekontor Malmö", ("office",), 10),
    ("SK-SOLNA", "Servicekontor Solna", ("office",), 8),
    ("UM-NAIROBI", "Ambassaden i Nairobi", ("embassy",), 7),
    ("UM-ADDIS", "Ambassaden i Addis Abeba", ("embassy",), 6),
)
DEMO_OBSERVERS = ("OBS-1", "OBS-2", "OBS-3", "OBS-4")


def demo_treatment_survey_load(*, today: datetime.date, seed: int) -> Survey | None:
    """Creates and fills the demo survey, its fieldwork ending a week before ``today``; None if it exists."""
    if Survey.objects.filter(name=DEMO_SURVEY_NAME).exists():
        return None
    last_day = today - datetime.timedelta(days=7)
    return _survey_load(
        name=DEMO_SURVEY_NAME,
        first_day=last_day - datetime.timedelta(days=76),
        last_day=last_day,
        seed=seed,
        batches=[(DEMO_SITES, DEMO_SHARES, DEMO_CONTACTS)],
    )


def demo_treatment_survey_before_load(*, today: datetime.date, seed: int) -> Survey | None:
    """An earlier survey, about two years before ``today``, before the units trained; None if it exists.

    At that survey the first three sites (the contact centre and the service offices, which the demo's
    competence part trains first) offered women choices less often than the embassies did (35 % against
    45 %; men 62 % everywhere). At the later survey all sites are alike, so the gap narrowed more where
    staff trained: the follow-up's training indicator has something to show.
    """
    if Survey.objects.filter(name=DEMO_SURVEY_BEFORE_NAME).exists():
        return None
    last_day = today - datetime.timedelta(days=620)
    return _survey_load(
        name=DEMO_SURVEY_BEFORE_NAME,
        first_day=last_day - datetime.timedelta(days=76),
        last_day=last_day,
        seed=seed + 1,
        batches=[
            (DEMO_SITES[:3], {"offered_choice": (0.35, 0.62)}, DEMO_CONTACTS * 2 // 3),
            (DEMO_SITES[3:], DEMO_SHARES, DEMO_CONTACTS // 3),
        ],
    )


Sites = tuple[tuple[str, str, tuple[str, ...], int], ...]


def _survey_load(
    *,
    name: str,
    first_day: datetime.date,
    last_day: datetime.date,
    seed: int,
    batches: list[tuple[Sites, dict[str, tuple[float, float]], int]],
) -> Survey:
    """A survey of the demo's sites, its contacts made up in batches of sites that share their shares."""
    lead = User.objects.get(username="survey-lead")
    acting = Acting(actor=lead, reason="Demo: a finished treatment survey")
    survey = services.survey_create(
        acting=acting,
        name=name,
        first_day=first_day,
        last_day=last_day,
        channels=["phone", "office", "digital", "embassy"],
    )
    sites = [
        services.site_add(acting=acting, survey=survey, code=code, name=site_name, channels=channels)
        for code, site_name, channels, _officers in DEMO_SITES
    ]
    observer_login = User.objects.filter(username="observer").first()
    for number, code in enumerate(DEMO_OBSERVERS):
        services.observer_add(acting=acting, survey=survey, code=code, user=observer_login if number == 0 else None)
    total_officers = sum(officers for *_rest, officers in DEMO_SITES)
    issued = [code.code for code in services.officer_codes_issue(acting=acting, survey=survey, count=total_officers)]
    services.sampling_plan_draw(
        acting=acting,
        survey=survey,
        strata=[(site, channel, 6) for site in sites for channel in site.channels],
        opens=datetime.time(9),
        closes=datetime.time(15),
        minutes=60,
        seed=seed,
    )
    records = []
    for batch, (batch_sites, shares, contacts) in enumerate(batches):
        made = synthetic_contacts(
            seed=seed + batch,
            contacts=contacts,
            sites=[SyntheticSite(code, channels, officers) for code, _name, channels, officers in batch_sites],
            observers=DEMO_OBSERVERS,
            first_day=first_day,
            last_day=last_day,
            shares=shares,
        )
        # Each batch numbers its contacts from 1; a letter per batch keeps the codes apart.
        records += made if batch == 0 else [replace(r, contact_code="CDEFGH"[batch] + r.contact_code[1:]) for r in made]
    # The generator names its own made-up officers; each becomes one of the pseudonyms just issued.
    generated = sorted({record.officer for record in records})
    pseudonym = dict(zip(generated, issued, strict=False))
    records = [replace(record, officer=pseudonym[record.officer]) for record in records]
    services.observations_import(acting=acting, survey=survey, files=odk_files(records))
    return survey
