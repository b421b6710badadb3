"""Demo: the other actors — every municipality and county board, a dozen organisations, early activities at a
few reception centres and civic-introduction sessions since 2022, with made-up enrolments and attendance.

Made up, with the gap the plan follows up: women enrol in and come to activities less often than men, and
the gap narrows where childcare is offered; at the civic introduction women took part less often than men
until the sessions were strengthened in 2025. The organisations and activities are created through the
partners services; the history of offers, attendance and invitations is written in bulk with one audit
event, as the demo's other histories are. Running it again changes nothing.
"""

from __future__ import annotations

import datetime
import random
from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction

from lika.accounts.models import User
from lika.audit.acting import Acting
from lika.audit.actions import Action
from lika.audit.shell import command_job
from lika.core.official_codes import official_codes
from lika.newcomer_info.models import Channel
from lika.newcomer_info.services import partner_channel_create
from lika.partners import services
from lika.partners.models import (
    Activity,
    ActivityKind,
    ActivitySession,
    Attendance,
    CivicInvitation,
    CivicModule,
    CivicSession,
    CooperationBasis,
    Enrolment,
    EnrolmentHow,
    Organisation,
    OrganisationKind,
)
from lika.people.ages import age_on
from lika.people.models import (
    DecisionOutcome,
    HouseholdMembership,
    LmaEligibilityPeriod,
    MunicipalityOfResidence,
    PermitDecision,
    Sex,
)
from lika.people.parameters import AGE_OF_MAJORITY

ACTOR_LABEL = "lika demo-data"
FIRST_DAY = datetime.date(2024, 1, 8)  # the demo's activities run from January 2024
CIVIC_FIRST_DAY = datetime.date(2022, 1, 12)
STRENGTHENED = datetime.date(2025, 1, 1)  # the civic introduction gained childcare and economic equality

# Name, kind, basis of cooperation: made-up organisations.
ORGANISATIONS = (
    ("Boendet i Gävle", OrganisationKind.RECEPTION_CENTRE, CooperationBasis.LAW),
    ("Boendet i Kristianstad", OrganisationKind.RECEPTION_CENTRE, CooperationBasis.LAW),
    ("Boendet i Sandviken", OrganisationKind.RECEPTION_CENTRE, CooperationBasis.LAW),
    ("Boendet i Boden", OrganisationKind.RECEPTION_CENTRE, CooperationBasis.LAW),
    ("Mottagningsenheten i Märsta", OrganisationKind.RECEPTION_CENTRE, CooperationBasis.LAW),
    ("Föreningen Nya grannar", OrganisationKind.CIVIL_SOCIETY, CooperationBasis.PARTNERSHIP),
    ("Idrottsföreningen Alla med", OrganisationKind.CIVIL_SOCIETY, CooperationBasis.GRANT),
    ("Kvinnonätverket Tillsammans", OrganisationKind.CIVIL_SOCIETY, CooperationBasis.DIALOGUE),
    ("Studieförbundet Mötesplats", OrganisationKind.CIVIL_SOCIETY, CooperationBasis.AGREEMENT),
    ("Föräldraföreningen Broar", OrganisationKind.CIVIL_SOCIETY, CooperationBasis.DIALOGUE),
    ("Språkcaféet Ordet", OrganisationKind.CIVIL_SOCIETY, CooperationBasis.DIALOGUE),
    ("Stödlinjen för nyanlända", OrganisationKind.CIVIL_SOCIETY, CooperationBasis.GRANT),
)
# Organisation, held days before today, topics, agreed, follow up after (days).
DIALOGUES = (
    (
        "Föreningen Nya grannar",
        60,
        "Om Sverige och dialogverktyget Jobba i Sverige i föreningens samtalsgrupper.",
        "Föreningen sprider affischen med QR-koden till Om Sverige på arabiska och tigrinja.",
        45,
    ),
    (
        "Kvinnonätverket Tillsammans",
        30,
        "Varför kvinnor på boendena kommer mer sällan till tidiga insatser.",
        "Nätverket föreslår barnpassning och kvinnogrupper med tolk; vi tar frågan till länsstyrelsen.",
        30,
    ),
    (
        "Länsstyrelsen i Gävleborgs län",
        20,
        "Tidiga insatser (TIA) hösten: platser, språk och barnpassning vid boendena.",
        "Barnpassning vid alla pass i Gävle; uppföljning av deltagande per kön varje kvartal.",
        90,
    ),
    (
        "Gävle kommun",
        14,
        "Vad kommunen behöver veta för att nå nyanlända med sfi och samhällsorientering.",
        "Kvartalsvis sammanställning av nya kommuninvånare med uppehållstillstånd, skyddad mot små tal.",
        80,
    ),
)


@dataclass(frozen=True)
class DemoActivity:
    title: str
    kind: str
    provider: str
    place: str
    languages: tuple[str, ...]
    childcare: bool
    times: str
    open_for_sign_up: bool
    weekday: int  # 0 Monday
    hour: int


ACTIVITIES = (
    DemoActivity(
        "Svenska från dag ett", ActivityKind.EARLY, "Länsstyrelsen i Gävleborgs län", "Boendet i Gävle",
        ("ar", "ti", "so"), True, "Tisdagar 10–12", True, 1, 10,
    ),
    DemoActivity(
        "Arbete och egen försörjning", ActivityKind.EARLY, "Länsstyrelsen i Skåne län", "Boendet i Kristianstad",
        ("ar", "prs"), False, "Onsdagar 13–15", False, 2, 13,
    ),
    DemoActivity(
        "Föräldrar i Sverige", ActivityKind.RECEPTION_CENTRE, "Föreningen Nya grannar", "Boendet i Kristianstad",
        ("ar", "ti"), True, "Torsdagar 10–12", True, 3, 10,
    ),
    DemoActivity(
        "Promenad och samtal", ActivityKind.RECEPTION_CENTRE, "Idrottsföreningen Alla med", "Boendet i Sandviken",
        ("sv", "ar"), False, "Måndagar 17–18", True, 0, 17,
    ),
    DemoActivity(
        "Hälsa och vardag", ActivityKind.EARLY, "Länsstyrelsen i Norrbottens län", "Boendet i Boden",
        ("so", "ti"), True, "Tisdagar 13–15", False, 1, 13,
    ),
    DemoActivity(
        "Digital vardag", ActivityKind.EARLY, "Länsstyrelsen i Stockholms län", "Mottagningsenheten i Märsta",
        ("fa", "prs", "ar"), False, "Fredagar 9–11", True, 4, 9,
    ),
)  # fmt: skip
OFFERS_PER_TERM = 24  # people offered each activity each term, and its places
SESSIONS_PER_TERM = 16  # weekly
# The chances (women, men) that an offer is taken, and that an enrolled person comes to a session.
ENROL = {True: (0.78, 0.82), False: (0.55, 0.80)}  # by childcare offered
COME = {True: (0.72, 0.76), False: (0.45, 0.74)}
# The chance that someone enrolled never comes at all (no childcare keeps many mothers away).
NEVER_CAME = {True: (0.10, 0.08), False: (0.30, 0.08)}
CIVIC_INVITED = 20
CIVIC_ATTEND = {False: (0.52, 0.74), True: (0.66, 0.75)}  # before and after the strengthening
CIVIC_MODULES_BEFORE = (CivicModule.GENDER_EQUALITY, CivicModule.WORK)


PARTNER_CHANNELS = (
    ("Föreningen Nya grannar", "nya-grannar"),
    ("Kvinnonätverket Tillsammans", "kvinnonatverket-tillsammans"),
    ("Språkcaféet Ordet", "sprakcafeet-ordet"),
)


def _terms(today: datetime.date) -> list[datetime.date]:
    """The Monday each term starts (January and August) from :data:`FIRST_DAY` up to ``today``."""
    starts = []
    for year in range(FIRST_DAY.year, today.year + 1):
        for month in (1, 8):
            day = datetime.date(year, month, 8)
            day -= datetime.timedelta(days=day.weekday())
            if day <= today:
                starts.append(day)
    return starts


class _Adults:
    """Adults covered by LMA on a day, to offer activities to."""

    def __init__(self) -> None:
        self.periods = list(
            LmaEligibilityPeriod.objects.select_related(None).values_list(
                "person_id", "start_date", "end_date", "person__sex", "person__birth_date"
            )
        )

    def on(self, day: datetime.date) -> list[tuple[int, str]]:
        return [
            (pid, sex)
            for pid, start, end, sex, born in self.periods
            if start <= day and (end is None or end >= day) and age_on(born, day) >= AGE_OF_MAJORITY
        ]


def _shared_tools(acting: Acting) -> None:
    """The tools the agency shares with every partner: Om Sverige, and the county boards' civic-orientation site."""
    base = str(settings.LIKA_PUBLIC_BASE_URL).rstrip("/")
    tools = (
        (
            "Om Sverige",
            "Migrationsverkets sidor för den som nyss har fått tillstånd: arbete, sfi, förskola, rättigheter.",
            f"{base}/sv/om-sverige/",
            "svenska, engelska, arabiska, persiska, dari, tigrinska, somaliska",
        ),
        (
            "Information Sverige",
            "Länsstyrelsernas webbplats om samhällsorientering, med metodstöd för den som leder samtal i grupp.",
            "https://www.informationsverige.se/",
            "flera språk",
        ),
    )
    for name, description, address, languages in tools:
        services.shared_tool_save(
            acting=acting,
            tool=None,
            name=name,
            description=description,
            address=address,
            languages=languages,
            active=True,
        )


def demo_partners_load(*, today: datetime.date, seed: int) -> int:
    """Loads the demo's organisations, activities and civic introduction; returns the rows of history written."""
    if Activity.objects.exists():
        return 0
    officer = User.objects.filter(username="case-officer").first()
    if officer is None:
        return 0
    acting = Acting(actor=officer, reason="Demo: other actors")
    job = command_job(label=ACTOR_LABEL, reason="Demo: other actors")
    services.official_organisations_load(acting=job)
    _shared_tools(job)
    by_name = {o.name: o for o in Organisation.objects.all()}
    for name, kind, basis in ORGANISATIONS:
        if name not in by_name:
            by_name[name] = services.organisation_create(acting=acting, kind=kind, name=name, cooperation_basis=basis)
    for name, days, topics, agreed, follow in DIALOGUES:
        held = today - datetime.timedelta(days=days)
        services.dialogue_record(
            acting=acting,
            organisation=by_name[name],
            held_on=held,
            topics=topics,
            agreed=agreed,
            follow_up_on=held + datetime.timedelta(days=follow),
        )
        if not by_name[name].contacts.exists():
            services.contact_add(
                acting=acting,
                organisation=by_name[name],
                name="Kontaktperson",
                role="Samordnare",
                email=f"samordnare.{by_name[name].pk}@example.org",
            )
    # Three organisations pass Om Sverige on with posters and leaflets of their own channel.
    for name, code in PARTNER_CHANNELS:
        if not Channel.objects.filter(code=code).exists():
            partner_channel_create(acting=job, organisation=by_name[name], code=code)
    rng = random.Random(seed)  # noqa: S311 - made-up demo data, not security
    adults = _Adults()
    enrolments: list[Enrolment] = []
    planned: list[tuple[Enrolment, list[ActivitySession], float]] = []
    for plan in ACTIVITIES:
        for term in _terms(today):
            latest = term == _terms(today)[-1]
            activity = services.activity_create(
                acting=acting,
                plan=services.ActivityPlan(
                    kind=plan.kind,
                    title=f"{plan.title}, {'våren' if term.month < 7 else 'hösten'} {term.year}",
                    provider=by_name[plan.provider],
                    place=plan.place,
                    languages=list(plan.languages),
                    childcare=plan.childcare,
                    times=plan.times,
                    capacity=OFFERS_PER_TERM,
                    open_for_sign_up=plan.open_for_sign_up and latest,
                ),
            )
            first = term + datetime.timedelta(days=plan.weekday)
            # The current term runs at least four weeks past today, so that there are sessions still to join.
            weeks = max(SESSIONS_PER_TERM, (today - first).days // 7 + 5) if latest else SESSIONS_PER_TERM
            sessions = ActivitySession.objects.bulk_create(
                ActivitySession(
                    activity=activity,
                    day=first + datetime.timedelta(weeks=week),
                    starts_at=datetime.time(plan.hour),
                    ends_at=datetime.time(plan.hour + 2),
                )
                for week in range(weeks)
            )
            past = [s for s in sessions if s.day <= today]
            pool = adults.on(term)
            # The current term keeps places free, for people to sign up in Min Sida.
            offers = OFFERS_PER_TERM // 2 if latest else OFFERS_PER_TERM
            for pid, sex in rng.sample(pool, min(offers, len(pool))):
                woman = sex == Sex.FEMALE
                offered = term - datetime.timedelta(days=rng.randint(3, 20))
                enrols = rng.random() < ENROL[plan.childcare][0 if woman else 1]
                enrolled_on = min(offered + datetime.timedelta(days=rng.randint(1, 5)), today) if enrols else None
                enrolment = Enrolment(
                    activity=activity,
                    person_id=pid,
                    how=EnrolmentHow.ENROLMENT if enrols else EnrolmentHow.REFERRAL,
                    offered_on=offered,
                    enrolled_on=enrolled_on,
                    recorded_by=officer,
                )
                enrolments.append(enrolment)
                if enrolled_on is not None:
                    never = rng.random() < NEVER_CAME[plan.childcare][0 if woman else 1]
                    planned.append((enrolment, past, 0.0 if never else COME[plan.childcare][0 if woman else 1]))
    civic_sessions, invitations = _civic(today, rng, adults, by_name, officer)
    with transaction.atomic():
        Enrolment.objects.bulk_create(enrolments, batch_size=2000)
        attendance = [
            Attendance(session=session, enrolment=enrolment, present=rng.random() < chance, recorded_by=officer)
            for enrolment, window, chance in planned
            for session in window
        ]
        Attendance.objects.bulk_create(attendance, batch_size=5000)
        CivicSession.objects.bulk_create(civic_sessions)
        CivicInvitation.objects.bulk_create(invitations, batch_size=5000)
        rows = len(enrolments) + len(attendance) + len(civic_sessions) + len(invitations)
        job.audit(
            Action.DEMO_PARTNERS_LOAD,
            ("partners.activity", "demo"),
            {
                "enrolments": len(enrolments),
                "attendance": len(attendance),
                "civic_sessions": len(civic_sessions),
                "civic_invitations": len(invitations),
            },
        )
    return rows


def _civic(
    today: datetime.date,
    rng: random.Random,
    adults: _Adults,
    by_name: dict[str, Organisation],
    officer: User,
) -> tuple[list[CivicSession], list[CivicInvitation]]:
    """A civic-introduction session each month at one of the reception centres, since :data:`CIVIC_FIRST_DAY`."""
    centres = [o for o in by_name.values() if o.kind == OrganisationKind.RECEPTION_CENTRE]
    languages = ("ar", "ti", "so", "prs")
    sessions: list[CivicSession] = []
    invitations: list[CivicInvitation] = []
    day = CIVIC_FIRST_DAY
    number = 0
    seen: defaultdict[int, int] = defaultdict(int)
    while day <= today:
        strengthened = day >= STRENGTHENED
        centre = centres[number % len(centres)]
        language = languages[number % len(languages)]
        session = CivicSession(
            held_on=day,
            place=centre.name,
            organiser=centre,
            language="sv",
            interpreter_language=language,
            modules=list(CivicModule.values) if strengthened else [str(m) for m in CIVIC_MODULES_BEFORE],
        )
        sessions.append(session)
        pool = [(pid, sex) for pid, sex in adults.on(day) if seen[pid] == 0]
        for pid, sex in rng.sample(pool, min(CIVIC_INVITED, len(pool))):
            seen[pid] += 1
            chance = CIVIC_ATTEND[strengthened][0 if sex == Sex.FEMALE else 1]
            invitations.append(
                CivicInvitation(
                    session=session,
                    person_id=pid,
                    invited_on=day - datetime.timedelta(days=14),
                    attended=rng.random() < chance,
                    recorded_by=officer,
                )
            )
        number += 1
        month = day.month % 12 + 1
        day = datetime.date(day.year + (day.month == 12), month, 12)
    return sessions, invitations


# Where the demo's people settle once granted a permit: the largest cities more often, the rest anywhere.
SETTLE_WEIGHTS = {"0180": 14, "1480": 10, "1280": 9, "0380": 4, "0580": 3, "1880": 3, "1980": 3, "2180": 2}


def demo_municipalities_of_residence(*, today: datetime.date, seed: int) -> int:
    """Everyone granted a permit settles in a municipality two weeks to three months later (a household together)."""
    if MunicipalityOfResidence.objects.exists():
        return 0
    rng = random.Random(seed + 1)  # noqa: S311 - made-up demo data, not security
    codes = list(official_codes().municipalities)
    household_of = dict(HouseholdMembership.objects.values_list("person_id", "household_id"))
    chosen: dict[int, tuple[str, int]] = {}
    rows: dict[int, MunicipalityOfResidence] = {}  # the first grant of each person decides
    for pid, decided in (
        PermitDecision.objects.filter(outcome=DecisionOutcome.GRANTED)
        .order_by("decided_on", "id")
        .values_list("application__person_id", "decided_on")
    ):
        household = household_of.get(pid, -pid)
        if household not in chosen:
            code = (
                rng.choices(list(SETTLE_WEIGHTS), list(SETTLE_WEIGHTS.values()))[0]
                if rng.random() < 0.6
                else rng.choice(codes)
            )
            chosen[household] = (code, rng.randint(14, 90))
        code, delay = chosen[household]
        start = decided + datetime.timedelta(days=delay)
        if start <= today and pid not in rows:
            rows[pid] = MunicipalityOfResidence(person_id=pid, municipality_code=code, start_date=start)
    unique = list(rows.values())
    with transaction.atomic():
        MunicipalityOfResidence.objects.bulk_create(unique, batch_size=5000)
        command_job(label=ACTOR_LABEL, reason="Demo: municipalities of residence").audit(
            Action.DEMO_PARTNERS_LOAD, ("people.municipalityofresidence", "demo"), {"periods": len(unique)}
        )
    return len(unique)
