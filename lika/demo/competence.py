"""The demo's competence part: a guide of about thirty activities, the framework, units with staff,
group sessions over two years and competence dialogues in a few units.

The units are the demo treatment survey's sites, so that training and survey results can be set side
by side. The staff are made-up colleagues without a login, named from the generator's name pools;
the demo logins "manager", "facilitator" and "competence-administrator" take their parts. Activities
go through the guide's services; running it again changes nothing.
"""

from __future__ import annotations

import datetime

import numpy as np

from lika.accounts.models import User
from lika.accounts.roles import Role
from lika.accounts.services import staff_user_create
from lika.audit.acting import Acting
from lika.competence import services
from lika.competence.exercises import exercises_all
from lika.competence.models import (
    Activity,
    Area,
    Audience,
    Format,
    MeetingKind,
    Placement,
    Process,
    Subject,
    Unit,
)
from lika.demo.generator.names import name_pools
from lika.demo.logins import DEMO_PASSWORD
from lika.demo.treatment_survey import DEMO_SITES
from lika.people.models import Sex

# Made-up addresses: the demo names no real course page.
EXTERNAL = "https://utbildning.example/"
S, P, F, A = Subject, Process, Format, Audience

_Row = tuple[str, str, str, int, str, tuple[str, ...], tuple[str, ...], tuple[str, ...], bool, str]
# Title, description, format, minutes, language, subjects, processes, audiences, mandatory, link.
ACTIVITIES: tuple[_Row, ...] = (
    (
        "Rasism och likabehandling (e-utbildning)",
        "Den öppna e-utbildningen om rasism och likabehandling i offentlig verksamhet. Görs helst i grupp med handledarguiden.",
        F.E_LEARNING,
        90,
        "sv",
        (S.RACISM, S.MEETINGS),
        (),
        (A.ALL_STAFF,),
        True,
        EXTERNAL + "rasism-och-likabehandling",
    ),
    (
        "Handledarguide: e-utbildningen om rasism i grupp",
        "Vår egen guide för den som leder gruppsamtal kring e-utbildningen: upplägg i tre träffar, frågor och hur man hanterar svåra samtal.",
        F.SUPERVISOR_GUIDE,
        30,
        "sv",
        (S.RACISM,),
        (),
        (A.FACILITATORS, A.MANAGERS),
        False,
        "/kompetens/ovningar/diskussion-undersokningen/",
    ),
    (
        "Jämställdhetsintegrering – grundkurs",
        "Vad jämställdhetsintegrering betyder i myndighetens handläggning och hur man ser kön i statistik och beslut.",
        F.COURSE,
        180,
        "sv",
        (S.GENDER_EQUALITY,),
        (),
        (A.ALL_STAFF,),
        True,
        EXTERNAL + "jamstalldhetsintegrering",
    ),
    (
        "Bemötande i telefon",
        "Hur man ger alla samma information och samma val i ett telefonsamtal, med övningar från kontaktcenter.",
        F.COURSE,
        120,
        "sv",
        (S.MEETINGS, S.GENDER_EQUALITY),
        (P.CONTACT_CENTRE,),
        (A.CONTACT_CENTRE,),
        True,
        EXTERNAL + "bemotande-telefon",
    ),
    (
        "Bemötande vid disken",
        "Att vända sig till varje vuxen, med tolk när det behövs, på servicekontoret.",
        F.COURSE,
        120,
        "sv",
        (S.MEETINGS,),
        (P.SERVICE_OFFICES,),
        (A.SERVICE_OFFICES,),
        False,
        EXTERNAL + "bemotande-disken",
    ),
    (
        "Digitala möten med tolk",
        "Praktiska råd för videomöten där tolken är med på telefon.",
        F.WEBINAR,
        60,
        "sv",
        (S.MEETINGS,),
        (P.ASYLUM, P.LMA),
        (A.CASE_OFFICERS,),
        False,
        EXTERNAL + "digitala-moten",
    ),
    (
        "HBTQI-personers asylskäl",
        "Att utreda asylskäl som rör sexuell läggning och könsidentitet utan stereotyper.",
        F.COURSE,
        240,
        "sv",
        (S.LGBTQI,),
        (P.ASYLUM,),
        (A.CASE_OFFICERS,),
        True,
        EXTERNAL + "hbtqi-asyl",
    ),
    (
        "HBTQI i mötet",
        "Om ett inkluderande språk och om att inte anta någons partner eller identitet.",
        F.E_LEARNING,
        45,
        "sv",
        (S.LGBTQI, S.MEETINGS),
        (),
        (A.ALL_STAFF,),
        False,
        EXTERNAL + "hbtqi-motet",
    ),
    (
        "Barnets rättigheter i prövningen",
        "Barnkonventionen som lag: barnets bästa och barnets rätt att komma till tals.",
        F.COURSE,
        180,
        "sv",
        (S.CHILDREN,),
        (P.ASYLUM, P.FAMILY_TIES),
        (A.CASE_OFFICERS,),
        True,
        EXTERNAL + "barnets-rattigheter",
    ),
    (
        "Samtal med barn",
        "Hur man samtalar med barn i olika åldrar, och när man inte ska.",
        F.WEBINAR,
        60,
        "sv",
        (S.CHILDREN, S.MEETINGS),
        (P.ASYLUM,),
        (A.CASE_OFFICERS,),
        False,
        EXTERNAL + "samtal-med-barn",
    ),
    (
        "Våld i nära relationer",
        "Tecken på våld, hur man frågar och vart man hänvisar. Med skyddad identitet och säkra kontaktvägar.",
        F.E_LEARNING,
        60,
        "sv",
        (S.VIOLENCE,),
        (),
        (A.ALL_STAFF,),
        True,
        EXTERNAL + "vald-nara-relationer",
    ),
    (
        "Ekonomiskt våld",
        "När en partner styr pengar, kort och beslut. Varför var och en har eget kort och eget beslut.",
        F.WEBINAR,
        45,
        "sv",
        (S.VIOLENCE, S.GENDER_EQUALITY),
        (P.LMA,),
        (A.CASE_OFFICERS,),
        False,
        EXTERNAL + "ekonomiskt-vald",
    ),
    (
        "Hedersrelaterat våld och förtryck",
        "Att känna igen och agera vid hedersrelaterat våld i anknytningsärenden.",
        F.COURSE,
        180,
        "sv",
        (S.VIOLENCE, S.CHILDREN),
        (P.FAMILY_TIES,),
        (A.CASE_OFFICERS,),
        False,
        EXTERNAL + "heder",
    ),
    (
        "Funktionsnedsättning och tillgänglighet",
        "Att anpassa mötet och informera om rätten att berätta för Arbetsförmedlingen om en funktionsnedsättning.",
        F.E_LEARNING,
        40,
        "sv",
        (S.DISABILITY, S.MEETINGS),
        (),
        (A.ALL_STAFF,),
        False,
        EXTERNAL + "funktionsnedsattning",
    ),
    (
        "Kognitiva funktionsnedsättningar i utredningen",
        "Hur minnes- och koncentrationssvårigheter kan påverka en berättelse.",
        F.WEBINAR,
        60,
        "sv",
        (S.DISABILITY,),
        (P.ASYLUM, P.CITIZENSHIP),
        (A.CASE_OFFICERS,),
        False,
        EXTERNAL + "kognitiva",
    ),
    (
        "Diskrimineringsgrunderna i praktiken",
        "De sju diskrimineringsgrunderna med exempel från handläggningen.",
        F.E_LEARNING,
        30,
        "sv",
        (S.RACISM, S.GENDER_EQUALITY),
        (),
        (A.ALL_STAFF,),
        True,
        EXTERNAL + "diskrimineringsgrunder",
    ),
    (
        "Likabehandling på ambassaden",
        "Bemötande vid utlandsmyndigheter, där den sökande ofta möter lokalanställd personal.",
        F.COURSE,
        120,
        "en",
        (S.MEETINGS, S.RACISM),
        (P.EMBASSIES,),
        (A.EMBASSY_STAFF,),
        False,
        EXTERNAL + "embassy-treatment",
    ),
    (
        "Gender equality in embassy interviews",
        "Interviewing both spouses separately and giving each the same information.",
        F.WEBINAR,
        60,
        "en",
        (S.GENDER_EQUALITY, S.MEETINGS),
        (P.EMBASSIES, P.FAMILY_TIES),
        (A.EMBASSY_STAFF,),
        False,
        EXTERNAL + "embassy-interviews",
    ),
    (
        "Arbetstillstånd och jämställdhet",
        "Varför män oftare får undantag från kravet på arbetstillstånd och vad handläggaren kan göra.",
        F.WEBINAR,
        45,
        "sv",
        (S.GENDER_EQUALITY,),
        (P.WORK_STUDY, P.ASYLUM),
        (A.CASE_OFFICERS,),
        False,
        EXTERNAL + "at-und",
    ),
    (
        "Medborgarskap utan förutfattade meningar",
        "Att pröva medborgarskap lika för alla, med fall att diskutera.",
        F.DISCUSSION,
        60,
        "sv",
        (S.RACISM,),
        (P.CITIZENSHIP,),
        (A.CASE_OFFICERS,),
        False,
        EXTERNAL + "medborgarskap",
    ),
    (
        "Normkritik för chefer",
        "Hur chefer leder samtal om normer i arbetsgruppen och följer upp bemötande.",
        F.COURSE,
        240,
        "sv",
        (S.GENDER_EQUALITY, S.RACISM),
        (),
        (A.MANAGERS,),
        False,
        EXTERNAL + "normkritik-chefer",
    ),
    (
        "Kompetensdialogen – handledning för chefer",
        "Så förbereder och håller du kompetensdialogen om likabehandling med dina medarbetare.",
        F.SUPERVISOR_GUIDE,
        30,
        "sv",
        (S.MEETINGS,),
        (),
        (A.MANAGERS,),
        False,
        "/kompetens/dialog/",
    ),
    (
        "Stöd till kvinnor in i arbete",
        "Sfi, Arbetsförmedlingen, barnomsorg: vad alla nyanlända bör få veta, och varför det oftare sägs till män.",
        F.E_LEARNING,
        30,
        "sv",
        (S.GENDER_EQUALITY,),
        (P.FAMILY_TIES, P.SERVICE_OFFICES),
        (A.ALL_STAFF,),
        False,
        EXTERNAL + "kvinnor-arbete",
    ),
    (
        "LMA: eget beslut, eget kort",
        "Varför varje vuxen får eget beslut och eget kort, och när ett undantag kan göras.",
        F.WEBINAR,
        45,
        "sv",
        (S.GENDER_EQUALITY, S.VIOLENCE),
        (P.LMA,),
        (A.CASE_OFFICERS,),
        True,
        EXTERNAL + "lma-eget-kort",
    ),
    (
        "Tolk i samtalet",
        "Att tala till personen och inte till tolken, och att alltid erbjuda tolk.",
        F.E_LEARNING,
        25,
        "sv",
        (S.MEETINGS, S.RACISM),
        (),
        (A.ALL_STAFF,),
        False,
        EXTERNAL + "tolk",
    ),
)


def _exercise_activities() -> list[_Row]:
    """The case exercises and the discussion material, as activities that link to them."""
    processes = {
        MeetingKind.TELEPHONE: (P.CONTACT_CENTRE,),
        MeetingKind.IN_PERSON: (P.SERVICE_OFFICES, P.EMBASSIES),
        MeetingKind.DIGITAL: (P.ASYLUM, P.LMA),
    }
    found: list[_Row] = []
    for exercise in exercises_all():
        audience = (A.CONTACT_CENTRE,) if exercise.meeting == MeetingKind.TELEPHONE else (A.ALL_STAFF,)
        found.append(
            (
                exercise.title.sv,
                exercise.summary.sv,
                F.CASE_EXERCISE if exercise.meeting else F.DISCUSSION,
                exercise.minutes,
                "sv",
                (S.MEETINGS, S.GENDER_EQUALITY),
                processes.get(MeetingKind(exercise.meeting), ()) if exercise.meeting else (),
                audience,
                exercise.mandatory_for is not None,
                f"/kompetens/ovningar/{exercise.slug}/",
            )
        )
    return found


AREAS = (
    (
        "Lika information och lika val",
        "Att ge alla samma information och samma val, oavsett kön.",
        "Jag vet vilken information och vilka val alla ska få i mina ärenden.",
        "Jag ger alla samma information och samma val i mina samtal.",
        "Jag hjälper kollegor att göra det, till exempel i gruppövningar.",
    ),
    (
        "Normer i mötet",
        "Att se hur antaganden om kön, ursprung och familj påverkar bemötandet.",
        "Jag känner till vad bemötandeundersökningen fann.",
        "Jag märker mina egna antaganden och ändrar hur jag gör.",
        "Jag leder samtal om normer i min grupp.",
    ),
    (
        "Våld och utsatthet",
        "Att känna igen våld, också ekonomiskt våld, och hänvisa rätt.",
        "Jag vet vart jag hänvisar den som är utsatt.",
        "Jag frågar och agerar när jag ser tecken på våld.",
        "Jag stöttar kollegor i svåra ärenden.",
    ),
    (
        "Barn, funktionsnedsättning och HBTQI",
        "Att anpassa mötet efter barn, personer med funktionsnedsättning och HBTQI-personer.",
        "Jag känner till rättigheterna som gäller.",
        "Jag anpassar mina samtal och min information.",
        "Jag sprider goda exempel i verksamheten.",
    ),
)
STAFF_PER_UNIT = 12
TRAINED_FIRST = 3  # the first demo sites train between the two surveys; the rest after
# When the earlier demo survey ended and the later one began, in days before today (lika.demo.treatment_survey).
DEMO_BEFORE_DAYS_AGO = 620
DEMO_AFTER_DAYS_AGO = 83


def _name(rng: np.random.Generator, sex: str) -> tuple[str, str]:
    pools = name_pools()
    culture = int(rng.integers(len(pools.cultures)))
    given_pool, start, size = (
        (pools.female, pools.female_start, pools.female_size)
        if sex == Sex.FEMALE
        else (pools.male, pools.male_start, pools.male_size)
    )
    given = str(given_pool[start[culture] + int(rng.integers(size[culture]))])
    family_pool = pools.family_female if sex == Sex.FEMALE else pools.family_male
    family = str(family_pool[pools.family_start[culture] + int(rng.integers(pools.family_size[culture]))])
    return given, family


AREAS_ABOVE = (
    ("OMR-SERVICE", "Verksamhetsområde Service och kontaktcenter"),
    ("OMR-UTLAND", "Verksamhetsområde Utlandsmyndigheter"),
)


def demo_competence_load(*, today: datetime.date, seed: int) -> int:
    """Loads the guide, framework, units, staff, sessions and dialogues; the number of activities, 0 if loaded."""
    if Activity.objects.exists():
        return 0
    admin = User.objects.get(username="competence-administrator")
    acting = Acting(actor=admin, reason="Demo: the guide to training on equal treatment")
    for title, description, format_, minutes, language, subjects, processes, audiences, mandatory, link in (
        *ACTIVITIES,
        *_exercise_activities(),
    ):
        services.activity_create(
            acting=acting,
            title=title,
            description=description,
            format=format_,
            length_minutes=minutes,
            language=language,
            subjects=subjects,
            processes=processes,
            audiences=audiences,
            mandatory=mandatory,
            link=link,
        )
    for order, (name, description, one, two, three) in enumerate(AREAS):
        services.area_save(
            acting=acting,
            area=None,
            name=name,
            description=description,
            level_1=one,
            level_2=two,
            level_3=three,
            order=order,
        )
    rng = np.random.default_rng(seed + 18)
    manager_login = User.objects.get(username="manager")
    units: dict[str, Unit] = {}
    staff_by_unit: dict[str, list[User]] = {}
    # Two areas above the units: their managers see the units' aggregates, never a dialogue.
    areas_above = {
        code: services.unit_ensure(code=code, name=name, manager=_manager_create(code, name))
        for code, name in AREAS_ABOVE
    }
    for number, (code, name, _channels, _officers) in enumerate(DEMO_SITES):
        manager = manager_login if number == 0 else _manager_create(code, name)
        area_code = AREAS_ABOVE[0][0] if code.startswith(("KC-", "SK-")) else AREAS_ABOVE[1][0]
        unit = services.unit_ensure(code=code, name=name, manager=manager, parent=areas_above[area_code])
        units[code] = unit
        members = []
        for index in range(STAFF_PER_UNIT):
            sex = Sex.FEMALE if rng.random() < 0.6 else Sex.MALE
            given, family = _name(rng, sex)
            user = User.objects.create_user(
                username=f"{code.lower()}-{index + 1:02d}", first_name=given, last_name=family
            )
            services.placement_set(user=user, unit=unit, manager=manager, sex=sex)
            members.append(user)
        staff_by_unit[code] = members
    # The demo logins belong to the contact centre, so that they can try the dialogue themselves.
    for username in ("facilitator", "competence-administrator", "case-officer"):
        login = User.objects.filter(username=username).first()
        if login is not None:
            services.placement_set(user=login, unit=units[DEMO_SITES[0][0]], manager=manager_login, sex=Sex.UNKNOWN)
    _sessions(today=today, rng=rng, units=units, staff_by_unit=staff_by_unit)
    _dialogues(today=today, rng=rng, staff_by_unit=staff_by_unit)
    return Activity.objects.count()


def _manager_create(code: str, name: str) -> User:
    return staff_user_create(
        actor=None,
        actor_label="lika demo-setup",
        reason="Demo: the manager of a unit",
        username=f"chef-{code.lower()}",
        password=DEMO_PASSWORD,
        roles=[Role.MANAGER],
        first_name="Chef",
        last_name=name,
        check_password=False,
    )


def _sessions(
    *, today: datetime.date, rng: np.random.Generator, units: dict[str, Unit], staff_by_unit: dict[str, list[User]]
) -> None:
    """Group sessions over two years, in a stepped roll-out: the contact centre and the service offices
    trained between the two demo surveys, the embassies only after the later one began."""
    facilitator = User.objects.get(username="facilitator")
    channel_meeting = {"phone": MeetingKind.TELEPHONE, "digital": MeetingKind.DIGITAL}
    exercises = exercises_all()
    survey_gap = (DEMO_BEFORE_DAYS_AGO - 10, DEMO_AFTER_DAYS_AGO + 10)  # days ago: between the surveys
    recent = (DEMO_AFTER_DAYS_AGO - 5, 1)  # days ago: since the later survey began
    for position, (code, _name, channels, _officers) in enumerate(DEMO_SITES):
        meetings = [channel_meeting.get(channel, MeetingKind.IN_PERSON) for channel in channels]
        fitting = [e for e in exercises if e.meeting is None or e.meeting in meetings]
        if not fitting:  # every exercise for these meetings taken off by an administrator
            continue
        oldest, newest = survey_gap if position < TRAINED_FIRST else recent
        for number in range(4 if position < TRAINED_FIRST else 2):
            held_on = today - datetime.timedelta(days=int(rng.integers(newest, oldest)))
            chosen = fitting[number % len(fitting)]
            members = staff_by_unit[code]
            count = int(rng.integers(len(members) // 2, len(members) + 1))
            participants = list(rng.choice(np.array(members, dtype=object), size=count, replace=False))
            services.group_session_record(
                acting=Acting(actor=facilitator, reason="Demo: a group session"),
                exercise=chosen.slug,
                held_on=held_on,
                unit=units[code],
                meeting_kind=chosen.meeting or meetings[0],
                participants=participants,
                reflection="Gruppen jämförde hur val erbjuds till kvinnor och män och enades om en fras att alltid säga.",
            )


def _dialogues(*, today: datetime.date, rng: np.random.Generator, staff_by_unit: dict[str, list[User]]) -> None:
    """Agreed dialogues for most staff in the first three units this year."""
    areas = list(Area.objects.all())
    activities = list(Activity.objects.filter(active=True))
    for code, _name, _channels, _officers in DEMO_SITES[:3]:
        for user in staff_by_unit[code]:
            if rng.random() < 0.25:
                continue
            placement = Placement.objects.get(user=user)
            manager = placement.manager
            assert manager is not None  # noqa: S101 - every demo placement has one
            dialogue = services.dialogue_prepare(
                acting=Acting(actor=user, reason="Demo: self-assessment"),
                year=today.year,
                self_levels={area.pk: int(rng.integers(1, 3)) for area in areas},
            )
            goals = {r.area_id: min(3, r.self_level + int(rng.integers(0, 2))) for r in dialogue.ratings.all()}
            picked = [activities[int(i)] for i in rng.choice(len(activities), size=2, replace=False)]
            services.dialogue_agree(
                acting=Acting(actor=manager, reason="Demo: dialogue agreed"),
                dialogue=dialogue,
                goal_levels=goals,
                activities=picked,
            )
