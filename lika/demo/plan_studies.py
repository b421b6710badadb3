"""The demo's register of studies of applicants' needs: six made-up studies from 2023 to 2026.

Everything here is invented for the demo: the units, the findings and the counts. The counts have
small groups on purpose (two Somali-speaking women over 45, one Dari-speaking man), so that the
protected tables show hidden cells. A study's status follows the demo's today: done once its end date
has passed, ongoing once it has started, planned before that. Studies go through the register's
services; running it again changes nothing.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from lika.audit.acting import Acting
from lika.plan import studies
from lika.plan.models.plan import Measure
from lika.plan.models.studies import ConsentBasis, Method, Study, StudyStatus
from lika.plan.studies import ParticipantCount

F, M, U = "female", "male", "unknown"


@dataclass(frozen=True)
class DemoStudy:
    title: str
    purpose: str
    method: str
    start: datetime.date
    end: datetime.date
    owner: str
    consent_basis: str
    consent_text: str
    findings: str
    counts: tuple[tuple[str, str, str, int], ...]  # sex, age band, language, count


# The plan's measures each study's findings informed (lika/demo/plan.py), by the study's title.
INFORMED = {
    "Intervjuer med kvinnor i LMA om det egna betalkortet": ("2.1", "2.2"),
    "Enkät om samhällsintroduktionen": ("1.3", "5.2"),
    "Användbarhetstest av Min Sida på arabiska och dari": ("1.6",),
    "Workshoppar med civilsamhället om samhällsintroduktionen": ("1.3", "4.3"),
    "Observation av bemötandet på ett servicekontor": ("3.2", "5.1"),
}


DEMO_STUDIES: tuple[DemoStudy, ...] = (
    DemoStudy(
        "Intervjuer med kvinnor i LMA om det egna betalkortet",
        "Ta reda på varför en del kvinnor i par inte använder sitt eget betalkort, fast de har ett, och vad som skulle "
        "göra det lättare.",
        Method.INTERVIEW,
        datetime.date(2023, 3, 6),
        datetime.date(2023, 6, 16),
        "Mottagningsenheten Mitt",
        ConsentBasis.INFORMED_CONSENT,
        "Muntligt informerat samtycke på deltagarens språk med professionell tolk, antecknat utan namn. Varje kvinna "
        "intervjuades ensam. Deltagarna fick veta att det inte påverkar ärendet att delta eller avstå.",
        "Flera trodde att kortet var hushållets och att mannen skulle sköta det. Några visste inte sin kod, eftersom "
        "brevet med koden hade kommit till mannen. Några var rädda för bråk om de använde kortet själva. Förslag: skicka "
        "kod och kort till var och en, förklara i samtalet att kortet är personligt, och följ upp andelen aktiva kort "
        "per kön.",
        (
            (F, "18-29", "ar", 6),
            (F, "30-44", "ar", 9),
            (F, "30-44", "ti", 4),
            (F, "30-44", "prs", 7),
            (F, "45-64", "so", 2),
        ),
    ),
    DemoStudy(
        "Enkät om samhällsintroduktionen",
        "Veta vilka som deltar i samhällsintroduktionen, vad de tar med sig och vad som hindrar andra från att komma, "
        "uppdelat på kvinnor och män.",
        Method.SURVEY,
        datetime.date(2024, 1, 15),
        datetime.date(2024, 4, 30),
        "Enheten för samhällsintroduktion",
        ConsentBasis.ANONYMOUS,
        "Anonym enkät på papper och webb på sju språk; första sidan säger vem som frågar och att svaren inte kan kopplas "
        "till någon. Ingen uppgift om person sparas.",
        "Kvinnor angav oftare än män att barnpassning och tider hindrade dem. De som kom tyckte att delarna om arbete "
        "och förskola var mest användbara. Förslag: erbjuda pass på dagtid med barnpassning och fler pass i mindre "
        "grupper för kvinnor.",
        (
            (F, "18-29", "ar", 38),
            (M, "18-29", "ar", 52),
            (F, "30-44", "ar", 29),
            (M, "30-44", "ar", 41),
            (F, "30-44", "ti", 21),
            (M, "30-44", "ti", 33),
            (F, "30-44", "prs", 17),
            (M, "30-44", "prs", 26),
            (F, "45-64", "so", 4),
            (M, "45-64", "so", 11),
            (U, "30-44", "ar", 3),
        ),
    ),
    DemoStudy(
        "Användbarhetstest av Min Sida på arabiska och dari",
        "Pröva om sökande hittar sitt beslut och meddelandet med länken till Om Sverige på Min Sida, på arabiska och dari, "
        "innan länken skickas med varje beslut.",
        Method.USABILITY_TEST,
        datetime.date(2025, 2, 3),
        datetime.date(2025, 3, 14),
        "Digitala tjänster",
        ConsentBasis.INFORMED_CONSENT,
        "Skriftligt samtycke på arabiska eller dari, förvarat hos Digitala tjänster och raderat efter tre månader. "
        "Testet gjordes med påhittade ärenden och testkonton; bara skärmen spelades in.",
        "De flesta hittade beslutet. Kvinnor som delade telefon med sin partner missade oftare meddelandet, eftersom "
        "det låg under partnerns inloggning. Länktexten på dari var för lång för en mobilskärm. Förslag: ett eget "
        "meddelande till varje vuxen och kortare länktexter.",
        (
            (F, "18-29", "ar", 5),
            (F, "30-44", "ar", 3),
            (M, "18-29", "ar", 5),
            (F, "30-44", "prs", 4),
            (M, "30-44", "prs", 5),
            (M, "45-64", "prs", 1),
        ),
    ),
    DemoStudy(
        "Workshoppar med civilsamhället om samhällsintroduktionen",
        "Ta fram idéer tillsammans med nyanlända och organisationer i civilsamhället om hur samhällsintroduktionen kan "
        "nå fler kvinnor.",
        Method.CO_DESIGN,
        datetime.date(2025, 5, 12),
        datetime.date(2025, 9, 30),
        "Samverkansfunktionen Syd",
        ConsentBasis.INFORMED_CONSENT,
        "Samtycke muntligt vid varje träff, med tolk. Separata träffar för kvinnor, med barnpassning. Deltagarna fick "
        "ersättning för resor och ett brev om vad som blev av idéerna.",
        "Kvinnorna föreslog träffar i föreningarnas lokaler, kvinnliga samtalsledare och att ta med barnen. "
        "Organisationerna erbjöd sig att bjuda in via sina nätverk. Två idéer prövas i planens åtgärd för "
        "samhällsintroduktionen.",
        (
            (F, "30-44", "ar", 8),
            (F, "30-44", "so", 6),
            (F, "18-29", "ti", 3),
            (M, "30-44", "ar", 4),
        ),
    ),
    DemoStudy(
        "Observation av bemötandet på ett servicekontor",
        "Se hur kvinnor och män bemöts i receptionen och vid handläggarnas bord, som underlag till kompetensinsatser "
        "om jämställt bemötande.",
        Method.OBSERVATION,
        datetime.date(2025, 10, 6),
        datetime.date(2026, 1, 30),
        "Servicekontoret i Malmö",
        ConsentBasis.OBSERVATION_NOTICE,
        "Skyltar vid entrén och muntlig information på plats; den som inte ville bli observerad fick säga det och "
        "observationen gjordes då inte. Ålder uppskattades inte, och språk antecknades bara när det hördes.",
        "Män fick oftare information om tider och nästa steg utan att fråga. När ett par kom tillsammans vände sig "
        "handläggaren oftare till mannen. Resultatet används i casediskussioner på kontoret.",
        (
            (F, "unknown", "ar", 41),
            (M, "unknown", "ar", 46),
            (F, "unknown", "und", 27),
            (M, "unknown", "und", 35),
            (F, "unknown", "ti", 9),
            (M, "unknown", "ti", 12),
            (U, "unknown", "und", 2),
        ),
    ),
    DemoStudy(
        "Intervjuer med föräldrar om förskola och sfi",
        "Förstå vad som gör att mammor och pappor med uppehållstillstånd på anknytning börjar eller skjuter upp sfi och "
        "förskola för barnen.",
        Method.INTERVIEW,
        datetime.date(2026, 9, 7),
        datetime.date(2026, 12, 18),
        "Enheten för anknytningsärenden",
        ConsentBasis.INFORMED_CONSENT,
        "Informerat samtycke på deltagarens språk, med tolk. Varje förälder intervjuas för sig. Inga barn intervjuas.",
        "",
        (),
    ),
)


def _status(study: DemoStudy, today: datetime.date) -> str:
    if study.end < today and study.findings:
        return StudyStatus.DONE
    return StudyStatus.ONGOING if study.start <= today else StudyStatus.PLANNED


def demo_plan_studies_load(*, today: datetime.date) -> int:
    """Registers the demo's studies with their participant counts; the number of studies, 0 if already loaded.

    Load the plan first (:func:`lika.demo.plan.demo_plan_load`): a study names the measures it informed."""
    if Study.objects.exists():
        return 0
    acting = Acting(actor=None, actor_label="demo setup", reason="Demo: the register of studies of applicants' needs")
    for demo in DEMO_STUDIES:
        status = _status(demo, today)
        study = studies.study_create(
            acting=acting,
            title=demo.title,
            purpose=demo.purpose,
            method=demo.method,
            start_date=demo.start,
            end_date=demo.end,
            owner=demo.owner,
            consent_basis=demo.consent_basis,
            consent_text=demo.consent_text,
            findings=demo.findings if status != StudyStatus.PLANNED else "",
            status=status,
            measures=list(Measure.objects.filter(code__in=INFORMED.get(demo.title, ()))),
        )
        if demo.counts and status != StudyStatus.PLANNED:
            studies.study_participants_set(
                acting=acting, study=study, counts=[ParticipantCount(*row) for row in demo.counts]
            )
    return len(DEMO_STUDIES)
