"""The demo's plan: the five development areas and the measures of the agency's final report, in our own words.

The facts (what each measure was, its status, what was done) come from the report's appendix (seed
``000_…``); the sentences are Lika's. The strategist ("equality-strategist") keeps the plan and writes
the report's texts for 2024 and 2025; the manager approved 2024's report, so it is frozen, and 2025's is
a draft. Six studies of applicants' needs are in the register. Försäkringskassan's part of the joint plan arrives as a data package, as it would between agencies.
"""

from __future__ import annotations

import datetime
import json
from decimal import Decimal
from pathlib import Path

from lika.accounts.models import User
from lika.audit.acting import Acting
from lika.core.formats import csv_text
from lika.demo.plan_studies import demo_plan_studies_load
from lika.newcomer_info.models import Channel, ChannelKind
from lika.partners.models import Activity
from lika.plan import exchange, services
from lika.plan.models import Agency, Area, LinkKind, Measure, MeasureStatus, Report, Scope, Section
from lika.treatment_survey.models import Survey

AGENCIES = (
    # code, name, English name, own, coordinator
    ("migrationsverket", "Migrationsverket", "Swedish Migration Agency", True, False),
    ("arbetsformedlingen", "Arbetsförmedlingen", "Swedish Public Employment Service", False, True),
    ("forsakringskassan", "Försäkringskassan", "Swedish Social Insurance Agency", False, False),
    ("jamstalldhetsmyndigheten", "Jämställdhetsmyndigheten", "Swedish Gender Equality Agency", False, False),
    ("socialstyrelsen", "Socialstyrelsen", "National Board of Health and Welfare", False, False),
)

AREAS = (
    (
        1,
        "Information som hjälper kvinnor in på arbetsmarknaden",
        "Information that helps women into work",
        "Tidig information om rättigheter, arbete, barnomsorg och jämställdhet, i flera kanaler och på flera språk.",
        "Early information on rights, work, childcare and equality, in several channels and languages.",
    ),
    (
        2,
        "Kända jämställdhetsproblem i det ekonomiska biståndet",
        "Known equality problems in economic assistance",
        "Varje vuxen ska få ett eget beslut och ett eget betalkort.",
        "Every adult gets their own decision and their own payment card.",
    ),
    (
        3,
        "Likvärdigt bemötande",
        "Equal treatment",
        "Kvinnor och män ska bemötas så att de får samma handlingsutrymme.",
        "Women and men are met so that they have the same room to act.",
    ),
    (
        4,
        "Information till och samverkan med andra aktörer",
        "Information to and cooperation with other actors",
        "Kommuner, länsstyrelser och civilsamhället ska lättare nå nyanlända kvinnor.",
        "Municipalities, county boards and civil society reach newly arrived women more easily.",
    ),
    (
        5,
        "Uppföljning ur ett jämställdhetsperspektiv",
        "Follow-up from a gender-equality perspective",
        "Uppgifter om kvinnor och män följs upp varje år, skyddade mot röjande av enskilda.",
        "Figures on women and men are followed up every year, protected against revealing individuals.",
    ),
)

DONE, ONGOING, NOT_PURSUED, PLANNED = (
    MeasureStatus.DONE,
    MeasureStatus.ONGOING,
    MeasureStatus.NOT_PURSUED,
    MeasureStatus.PLANNED,
)

# code, area, owner, status, text (sv, en), what was done in 2025 (sv, en), reason when not pursued (sv, en)
MEASURES: tuple[tuple[str, int, str, str, tuple[str, str], tuple[str, str], tuple[str, str]], ...] = (
    (
        "1.1",
        1,
        "Kommunikationsavdelningen",
        DONE,
        (
            "Se över vilken information våra kanaler kan ge om rättigheter, arbete, barnomsorg, sfi och livsinkomst.",
            "Review what our channels can tell about rights, work, childcare, Swedish courses and lifetime income.",
        ),
        (
            "Översynen ledde till sidorna Om Sverige för den som nyss har fått tillstånd.",
            "The review led to the Om Sverige pages for people newly granted a permit.",
        ),
        ("", ""),
    ),
    (
        "1.2",
        1,
        "Kommunikationsavdelningen",
        DONE,
        (
            "Se över informationen till medföljande familj till arbetstagare och studenter.",
            "Review the information for family members of workers and students.",
        ),
        (
            "Gjort genom Om Sverige och spridningen av sidorna i våra kanaler.",
            "Done through Om Sverige and spreading the pages in our channels.",
        ),
        ("", ""),
    ),
    (
        "1.3",
        1,
        "Mottagningsenheten",
        DONE,
        (
            "Utveckla samhällsintroduktionen för asylsökande om jämställdhet, arbete, barnomsorg och civilsamhället.",
            "Develop the civic introduction for asylum seekers on equality, work, childcare and civil society.",
        ),
        (
            "Introduktionen har fått moduler om ekonomisk jämställdhet, barnomsorg och föräldraledighet.",
            "The introduction now has modules on economic equality, childcare and parental leave.",
        ),
        ("", ""),
    ),
    (
        "1.4",
        1,
        "Vidarebosättningsenheten",
        NOT_PURSUED,
        (
            "Undersöka om informationen före avresa till kvotflyktingar bör utvecklas.",
            "Examine whether the information before departure for resettled refugees should be developed.",
        ),
        ("", ""),
        (
            "Vi har bedömt att informationen inte behöver utökas.",
            "We judged that the information need not be extended.",
        ),
    ),
    (
        "1.5",
        1,
        "Enheten för våldsprevention",
        DONE,
        (
            "Fortsätta informera om stöd till sökande som utsätts för våld.",
            "Keep informing applicants exposed to violence about support.",
        ),
        (
            "Informationen om ekonomiskt våld har utökats, till både medarbetare och sökande.",
            "Information on economic violence was extended, for staff and applicants.",
        ),
        ("", ""),
    ),
    (
        "1.6",
        1,
        "Kommunikationsavdelningen",
        DONE,
        (
            "Använda Min Sida för att rikta information till olika grupper.",
            "Use Min Sida to direct information to groups.",
        ),
        (
            "Alla som får tillstånd får ett meddelande i Min Sida med en länk till Om Sverige.",
            "Everyone granted a permit gets a message in Min Sida linking to Om Sverige.",
        ),
        ("", ""),
    ),
    (
        "1.7",
        1,
        "Utlandsmyndigheterna",
        NOT_PURSUED,
        (
            "Undersöka vilken information som kan ges i utlandsmyndigheternas kanaler.",
            "Examine what information the embassies' channels can give.",
        ),
        ("", ""),
        (
            "Särskilda insatser vid utlandsmyndigheterna går inte att genomföra i dag.",
            "Special efforts at the embassies cannot be carried out today.",
        ),
    ),
    (
        "1.8",
        1,
        "Servicekontoren",
        ONGOING,
        (
            "Undersöka vilken information som kan ges när den sökande visar pass eller hämtar sitt kort.",
            "Examine what information can be given when applicants show a passport or collect their card.",
        ),
        (
            "En QR-kod till Om Sverige i brevet som följer med tillståndskortet; besöken räknas per kanal.",
            "A QR code to Om Sverige in the letter with the permit card; visits are counted by channel.",
        ),
        ("", ""),
    ),
    (
        "2.1",
        2,
        "Mottagningsenheten",
        DONE,
        (
            "Se till att alla vuxna kvinnor och män med bistånd enligt LMA får var sitt betalkort.",
            "Make sure every adult woman and man with LMA assistance has their own payment card.",
        ),
        (
            "Rutinerna är förankrade; kvinnor och män i asylsökande familjer får var sitt kort.",
            "The routines are established; women and men in asylum-seeking families each get a card.",
        ),
        ("", ""),
    ),
    (
        "2.2",
        2,
        "Projekt DT Bidrag",
        ONGOING,
        (
            "Åtgärda kända problem med betalkort och adressat i biståndsbeslut.",
            "Fix known problems with payment cards and the addressee of assistance decisions.",
        ),
        (
            "Systemet ger varje vuxen ett eget beslut och ett eget kort som standard.",
            "The system gives every adult their own decision and their own card by default.",
        ),
        ("", ""),
    ),
    (
        "3.1",
        3,
        "HR-avdelningen",
        DONE,
        ("Synliggöra kompetensutveckling om bemötande.", "Make training on treatment visible."),
        (
            "En webbguide samlar utbildningar, övningar och material om likvärdig behandling.",
            "A web guide gathers courses, exercises and material on equal treatment.",
        ),
        ("", ""),
    ),
    (
        "3.2",
        3,
        "Migrationsakademin",
        ONGOING,
        (
            "Utöka utbudet med utbildningar och caseövningar om bemötande.",
            "Add courses and case exercises on treatment.",
        ),
        (
            "Ett diskussionsmaterial är publicerat; caseövningar för tre mötesformer prövas.",
            "A discussion material is published; case exercises for three kinds of meeting are being tried.",
        ),
        ("", ""),
    ),
    (
        "3.3",
        3,
        "HR-avdelningen",
        DONE,
        (
            "Stödja chefer i kompetensplaneringen om bemötande, med verktyget Dialog.",
            "Support managers in planning competence on treatment, with the Dialogue tool.",
        ),
        (
            "Dialogverktyget har en version för likvärdig behandling.",
            "The Dialogue tool has a version for equal treatment.",
        ),
        ("", ""),
    ),
    (
        "4.1",
        4,
        "Mottagningsenheten",
        DONE,
        (
            "Undersöka vilken information kommunerna behöver för att nå gruppen med sfi och samhällsorientering.",
            "Examine what information municipalities need to reach the group with Swedish courses and civic orientation.",
        ),
        (
            "Frågan utreddes i vårt remissvar på SOU 2023:24; kommunerna får en kvartalsvis sammanställning.",
            "Examined in our consultation response on SOU 2023:24; municipalities get a quarterly briefing.",
        ),
        ("", ""),
    ),
    (
        "4.2",
        4,
        "Mottagningsenheten",
        ONGOING,
        (
            "Fortsätta tidiga insatser för asylsökande med länsstyrelserna.",
            "Continue early activities for asylum seekers with the county boards.",
        ),
        ("Löpande samverkan i samverkansdelegationen.", "Ongoing cooperation in the cooperation delegation."),
        ("", ""),
    ),
    (
        "4.3",
        4,
        "Regionerna",
        ONGOING,
        ("Fortsätta samverka med civilsamhället.", "Continue cooperating with civil society."),
        ("Löpande samverkan i befintliga strukturer.", "Ongoing cooperation in existing structures."),
        ("", ""),
    ),
    (
        "5.1",
        5,
        "Analysenheten",
        DONE,
        (
            "Utveckla uppföljningen av hur kvinnor och män bemöts.",
            "Develop the follow-up of how women and men are met.",
        ),
        (
            "Vi genomför egna bemötandeundersökningar med stöd av en köpt metod.",
            "We carry out our own treatment surveys with a bought method.",
        ),
        ("", ""),
    ),
    (
        "5.2",
        5,
        "Analysenheten",
        DONE,
        (
            "Följa upp vilka grupper som får tillgång till insatser, som samhällsintroduktion.",
            "Follow up which groups get access to activities such as the civic introduction.",
        ),
        (
            "Uppföljningen visar bland annat att män oftare än kvinnor får AT-UND.",
            "The follow-up shows among other things that men get AT-UND more often than women.",
        ),
        ("", ""),
    ),
    (
        "5.3",
        5,
        "Verksamhetsutveckling",
        ONGOING,
        (
            "Utveckla metoder för att ta reda på de sökandes erfarenheter.",
            "Develop methods to learn applicants' experiences.",
        ),
        (
            "En metodguide för behovsdriven utveckling tas fram.",
            "A method guide for needs-driven development is being written.",
        ),
        ("", ""),
    ),
)

# The joint plan's measures, each with the agency that carries it (code, area, agency, status, sv, en).
JOINT: tuple[tuple[str, int, str, str, str, str], ...] = (
    (
        "G.1",
        5,
        "arbetsformedlingen",
        ONGOING,
        "Samordna myndigheternas uppföljning och rapport.",
        "Coordinate the agencies' follow-up and report.",
    ),
    (
        "G.2",
        4,
        "jamstalldhetsmyndigheten",
        ONGOING,
        "Stödja myndigheterna i arbetet med planen.",
        "Support the agencies in their work with the plan.",
    ),
    (
        "G.3",
        1,
        "migrationsverket",
        DONE,
        "Dela länken till Om Sverige med de andra myndigheterna och partner.",
        "Share the link to Om Sverige with the other agencies and partners.",
    ),
    ("G.4", 4, "socialstyrelsen", PLANNED, "Delta i genomförandet av planen.", "Take part in carrying out the plan."),
)

# area, indicator code, baseline, baseline year, target, target year, direction, note (sv, en)
INDICATORS = (
    (
        2,
        "own_card_couples",
        Decimal(76),
        2021,
        Decimal(93),
        2024,
        "up",
        (
            "Utgångsläge och mål enligt myndighetens slutrapport: 76 % 2021 och 93 % 2024.",
            "Baseline and target from the agency's final report: 76 % in 2021 and 93 % in 2024.",
        ),
    ),
    (2, "own_card_adults", None, None, None, None, "closer", ("", "")),
    (1, "channel_visits", None, None, None, None, "up", ("", "")),
    (4, "civic_introduction_attended", None, None, None, None, "closer", ("", "")),
    (5, "at_und_granted", None, None, None, None, "closer", ("", "")),
)

NARRATIVES = {
    Section.SUMMARY: (
        "Under {year} fortsatte arbetet i alla fem utvecklingsområden. De flesta åtgärderna är genomförda eller "
        "pågår. Andelen par där båda vuxna har eget kort ligger över målet, och alla som får tillstånd når Om "
        "Sverige genom Min Sida och brevet med tillståndskortet.\n\nKvarstående skillnader mellan kvinnor och män "
        "finns i AT-UND och i deltagandet i samhällsintroduktionen; de följs upp nästa år.",
        "In {year} the work continued in all five development areas. Most measures are done or ongoing. The share "
        "of couples where both adults have their own card is above the target, and everyone granted a permit "
        "reaches Om Sverige through Min Sida and the letter with the permit card.\n\nDifferences between women and "
        "men remain in AT-UND and in attending the civic introduction; they are followed up next year.",
    ),
    Section.ASSESSMENT: (
        "Planen har gett tydliga resultat där Migrationsverket själv äger processen, som egna kort och egna beslut. "
        "Där andra aktörer behövs går det långsammare. Uppföljningen per kön gör det möjligt att se var skillnaderna "
        "finns, men små grupper döljs för att skydda enskilda.",
        "The plan has given clear results where the agency owns the process, such as own cards and own decisions. "
        "Where other actors are needed, progress is slower. Following up by sex shows where the differences are, "
        "but small groups are hidden to protect individuals.",
    ),
}
AREA_TEXTS = {
    1: (
        "Om Sverige nådde fler nyanlända under {year}, mest genom Min Sida och QR-koden i brevet.",
        "Om Sverige reached more newcomers in {year}, most through Min Sida and the QR code in the letter.",
    ),
    2: (
        "Varje vuxen fick eget beslut och eget kort; undantag kräver ett motiverat val av handläggaren.",
        "Every adult got their own decision and card; an exception needs an officer's recorded reason.",
    ),
    3: (
        "Bemötandeundersökningen och caseövningarna användes i fler enheter under {year}.",
        "The treatment survey and the case exercises were used in more units in {year}.",
    ),
    4: (
        "Kommunerna fick kvartalsvisa sammanställningar; tidiga insatser med barnomsorg nådde fler kvinnor.",
        "Municipalities got quarterly briefings; early activities with childcare reached more women.",
    ),
    5: (
        "Alla indikatorer redovisas för kvinnor och män och skyddas mot röjande av enskilda.",
        "Every indicator is shown for women and men and protected against revealing individuals.",
    ),
}


def _acting(username: str, reason: str) -> Acting:
    return Acting(actor=User.objects.get(username=username), reason=reason)


def _texts(strategist: Acting, year: int, areas: dict[int, Area]) -> None:
    for index, language in enumerate(("sv", "en")):
        for section, texts in NARRATIVES.items():
            services.narrative_save(
                acting=strategist, year=year, section=section, language=language, text=texts[index].format(year=year)
            )
        for number, texts in AREA_TEXTS.items():
            services.narrative_save(
                acting=strategist,
                year=year,
                section=Section.AREA,
                language=language,
                text=texts[index].format(year=year),
                area=areas[number],
            )


def _partner_package(directory: Path, year: int) -> Path:
    """Försäkringskassan's part of the joint plan, as its own Lika (or any system) would send it."""
    directory.mkdir(parents=True, exist_ok=True)
    rows = [
        [
            "forsakringskassan",
            year,
            "FK.1",
            1,
            "Informera nyanlända om föräldrapenning och barnbidrag.",
            "Kommunikation",
            "done",
            "Information på tio språk på webben.",
        ],
        [
            "forsakringskassan",
            year,
            "FK.2",
            4,
            "Samverka med kommunerna om föräldralediga nyanlända.",
            "Samverkan",
            "ongoing",
            "Samverkan i tre län.",
        ],
    ]
    (directory / "measures.csv").write_text(
        csv_text([list(exchange.MEASURE_FIELDS), *rows], delimiter=",", line_end="\n"), encoding="utf-8"
    )
    (directory / "figures.csv").write_text(
        csv_text([list(exchange.FIGURE_FIELDS)], delimiter=",", line_end="\n"), encoding="utf-8"
    )
    descriptor = exchange.package_descriptor(Agency.objects.get(code="forsakringskassan"), year)
    (directory / "datapackage.json").write_text(json.dumps(descriptor, ensure_ascii=False, indent=2), encoding="utf-8")
    return directory


def _links(strategist: Acting) -> None:
    """Links measures to what in Lika carries them out, where the demo has it."""
    links: list[tuple[str, str, str | None, str, str]] = [
        ("1.1", LinkKind.PAGE, "/sv/om-sverige/", "Om Sverige", "Om Sverige"),
        ("1.6", LinkKind.PART, "/register/min-sida/utskick/", "Utskick via Min Sida", "Mailings through Min Sida"),
        ("2.1", LinkKind.INDICATOR, "own_card_adults", "Vuxna i par med eget kort", "Adults in couples with own card"),
        (
            "5.2",
            LinkKind.INDICATOR,
            "civic_introduction_attended",
            "Deltagande i samhällsintroduktionen",
            "Attendance at the civic introduction",
        ),
        ("5.2", LinkKind.INDICATOR, "at_und_granted", "AT-UND efter kön", "AT-UND by sex"),
        (
            "3.1",
            LinkKind.PART,
            "/kompetens/",
            "Guiden till utbildning om likvärdigt bemötande",
            "The guide to training on equal treatment",
        ),
        (
            "5.3",
            LinkKind.PART,
            "/plan/behovsdriven-utveckling/",
            "Metodguiden för behovsdriven utveckling",
            "The method guide for needs-driven development",
        ),
    ]
    letter = Channel.objects.filter(kind=ChannelKind.PERMIT_LETTER).order_by("pk").first()
    if letter is not None:
        links.append(("1.8", LinkKind.CHANNEL, str(letter.pk), f"Kanalen {letter.code}", f"The channel {letter.code}"))
    survey = Survey.objects.order_by("-last_day").first()
    if survey is not None:
        links.append(("5.1", LinkKind.SURVEY, str(survey.pk), survey.name, survey.name))
    activity = Activity.objects.order_by("pk").first()
    if activity is not None:
        links.append(("4.2", LinkKind.PARTNER_ACTIVITY, str(activity.pk), activity.title, activity.title))
    for code, kind, target, label, label_en in links:
        services.measure_link_add(
            acting=strategist,
            measure=Measure.objects.get(code=code),
            kind=kind,
            target=target or "",
            label=label,
            label_en=label_en,
        )


def demo_plan_load(*, today: datetime.date, directory: Path) -> int:
    """Loads the plan once; returns the number of measures (0 when it is already there)."""
    if Measure.objects.exists():
        return 0
    strategist = _acting("equality-strategist", "The agency's plan as decided")
    agencies = {
        code: services.agency_ensure(
            acting=strategist, code=code, name=name, name_en=name_en, own=own, coordinator=coord
        )
        for code, name, name_en, own, coord in AGENCIES
    }
    areas = {
        number: services.area_save(
            acting=strategist, area=None, number=number, title=sv, title_en=en, description=dsv, description_en=den
        )
        for number, sv, en, dsv, den in AREAS
    }
    report_year = today.year - 1
    for code, area, owner, status, (text, text_en), (done, done_en), (why, why_en) in MEASURES:
        measure = services.measure_save(
            acting=strategist,
            measure=None,
            area=areas[area],
            code=code,
            agency=agencies["migrationsverket"],
            text=text,
            text_en=text_en,
            owner=owner,
            start=datetime.date(2023, 1, 1),
            status=PLANNED,
        )
        if status != PLANNED:
            # The history shows the measure moving from planned to where it is now.
            services.measure_save(
                acting=_acting("equality-strategist", "Status in the yearly follow-up"),
                measure=measure,
                status=status,
                reason=why,
                reason_en=why_en,
                end=datetime.date(report_year, 12, 31) if status in {DONE, NOT_PURSUED} else None,
            )
        for year in (report_year - 1, report_year):
            if done:
                services.measure_year_save(acting=strategist, measure=measure, year=year, text=done, text_en=done_en)
    for code, area, agency, status, text, text_en in JOINT:
        services.measure_save(
            acting=strategist,
            measure=None,
            area=areas[area],
            code=code,
            scope=Scope.JOINT,
            agency=agencies[agency],
            text=text,
            text_en=text_en,
            status=status,
        )
    for position, (area, code, baseline, b_year, target, t_year, direction, (note, note_en)) in enumerate(INDICATORS):
        services.indicator_save(
            acting=strategist,
            area=areas[area],
            code=code,
            baseline=baseline,
            baseline_year=b_year,
            target=target,
            target_year=t_year,
            direction=direction,
            note=note,
            note_en=note_en,
            position=position,
        )
    for year in (report_year - 1, report_year):
        _texts(strategist, year, areas)
    _links(strategist)
    # The register of studies of applicants' needs; each names the measures above its findings informed.
    demo_plan_studies_load(today=today)
    package = _partner_package(directory / f"forsakringskassan-{report_year}", report_year)
    exchange.package_import(acting=_acting("equality-strategist", "Försäkringskassan's part"), directory=package)
    if not Report.objects.filter(year=report_year - 1).exists():
        services.report_approve(acting=_acting("manager", "Approved at the management meeting"), year=report_year - 1)
    return len(MEASURES) + len(JOINT)
