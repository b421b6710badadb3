"""The observation protocol of a treatment survey (bemötandeundersökning), as data.

The protocol is the survey's instrument: what an observer records about one contact between an
officer and a person, with the exact wording of every question and of its operational definition
in Swedish and English. The wording is part of the method, so it lives here, pinned to
:data:`PROTOCOL_VERSION`, rather than in the translation catalogues, which may change at any time:
two surveys with the same protocol version asked the same questions.

An observation session (one observer, one site, one channel, one day) holds any number of
contacts. Each item of a contact applies or not according to its :class:`Relevance`, the same
rule that becomes the XLSForm's ``relevant`` column and that the import and the observation form
check: an item that does not apply (eye contact on the phone, "told why the officer left" when
the officer never left) is skipped and never stored as "no".

Pure: no Django, no clock. The behaviours and their order follow the agency's report on its
first treatment survey (Migrationsverket's final report on its plan, section 2.3.1).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum

__all__ = [
    "BEHAVIOURS",
    "CHANNELS",
    "CONTACT_ITEMS",
    "PROTOCOL_VERSION",
    "SESSION_ITEMS",
    "SEXES",
    "SEX_BASES",
    "Behaviour",
    "Bilingual",
    "Choice",
    "Condition",
    "Item",
    "ItemKind",
    "Practice",
    "Relevance",
    "behaviour",
    "item",
]

PROTOCOL_VERSION = "2026.1"

YES = "yes"
NO = "no"


@dataclass(frozen=True)
class Bilingual:
    """A text in Swedish and English; :meth:`get` picks by language code, English for any other."""

    sv: str
    en: str

    def get(self, language: str) -> str:
        """The Swedish text for ``sv`` (and ``sv-se``), the English text otherwise.

        >>> Bilingual(sv="Ja", en="Yes").get("sv-se"), Bilingual(sv="Ja", en="Yes").get("ar")
        ('Ja', 'Yes')
        """
        return self.sv if language.lower().split("-")[0] == "sv" else self.en


@dataclass(frozen=True)
class Choice:
    """One answer of a closed question: the stored value and its label."""

    value: str
    label: Bilingual


class ItemKind(StrEnum):
    """How an item is answered."""

    YES_NO = "yes_no"
    CHOICE = "choice"  # one of a fixed list (``Item.choices``)
    SITE = "site"  # one of the survey's sites
    CHANNEL = "channel"  # one of the survey's channels
    CODE = "code"  # a short code matching ``Item.pattern``
    DATE = "date"


@dataclass(frozen=True)
class Condition:
    """``field`` equals (or, with ``negate``, differs from) ``value``; an unanswered field is ""."""

    field: str
    value: str
    negate: bool = False

    def holds(self, values: Mapping[str, str | None]) -> bool:
        answer = values.get(self.field) or ""
        return (answer != self.value) if self.negate else (answer == self.value)

    def xpath(self) -> str:
        return f"${{{self.field}}} {'!=' if self.negate else '='} '{self.value}'"


@dataclass(frozen=True)
class Relevance:
    """When an item applies: every group holds, a group holding when any of its conditions does.

    An empty relevance applies always.

    >>> phone_or_digital = Relevance(((Condition("channel", "phone"), Condition("channel", "digital")),))
    >>> phone_or_digital.holds({"channel": "office"}), phone_or_digital.xpath()
    (False, "(${channel} = 'phone' or ${channel} = 'digital')")
    """

    groups: tuple[tuple[Condition, ...], ...] = ()

    def holds(self, values: Mapping[str, str | None]) -> bool:
        return all(any(condition.holds(values) for condition in group) for group in self.groups)

    def xpath(self) -> str:
        parts = []
        for group in self.groups:
            text = " or ".join(condition.xpath() for condition in group)
            parts.append(f"({text})" if len(group) > 1 else text)
        return " and ".join(parts)

    def fields(self) -> set[str]:
        return {condition.field for group in self.groups for condition in group}

    def possible(self, known: Mapping[str, str | None]) -> bool:
        """Whether some answers to the fields not in ``known`` could make the relevance hold.

        >>> Relevance(((Condition("channel", "office"),), (Condition("a", "yes"),))).possible({"channel": "office"})
        True
        """
        return all(
            any(condition.field not in known or condition.holds(known) for condition in group) for group in self.groups
        )


def _channels(*codes: str) -> tuple[Condition, ...]:
    return tuple(Condition("channel", code) for code in codes)


def _yes(*fields: str) -> tuple[Condition, ...]:
    return tuple(Condition(name, YES) for name in fields)


@dataclass(frozen=True)
class Item:
    """One question of the protocol.

    ``name`` is the field name in the XLSForm and in exports; ``group`` the XLSForm group it sits in
    (the export's column is the group path and the name). ``definition`` is the operational
    definition shown to the observer as the question's hint.
    """

    name: str
    group: str
    kind: ItemKind
    label: Bilingual
    definition: Bilingual
    relevance: Relevance = Relevance()
    choices: tuple[Choice, ...] = ()
    pattern: str = ""  # for CODE items: a regular expression the whole answer must match
    pattern_message: Bilingual | None = None
    short: Bilingual | None = None  # a name for tables; the label when None

    def applies(self, values: Mapping[str, str | None]) -> bool:
        """Whether the item applies to a record whose answers so far are ``values``."""
        return self.relevance.holds(values)

    def choice_values(self) -> tuple[str, ...]:
        if self.kind is ItemKind.YES_NO:
            return (YES, NO)
        return tuple(choice.value for choice in self.choices)


@dataclass(frozen=True)
class Practice:
    """Material for a case exercise on one behaviour: why it matters and an exercise for a group."""

    title: Bilingual
    why: Bilingual
    exercise: tuple[Bilingual, ...]


@dataclass(frozen=True)
class Behaviour:
    """A behaviour of the officer that the survey compares between women and men.

    ``confirmatory`` behaviours are those the agency's first survey found to differ; they form the
    pre-registered family whose p-values are adjusted with Holm's method. The others are
    exploratory and adjusted with Benjamini–Hochberg.
    """

    item: Item
    short: Bilingual
    confirmatory: bool
    practice: Practice = field(repr=False)

    @property
    def name(self) -> str:
        return self.item.name


CHANNELS: tuple[Choice, ...] = (
    Choice("phone", Bilingual(sv="Telefonsamtal", en="Phone call")),
    Choice("office", Bilingual(sv="Besök på servicekontor", en="Visit to a service office")),
    Choice("digital", Bilingual(sv="Digitalt möte", en="Digital meeting")),
    Choice("embassy", Bilingual(sv="Besök på utlandsmyndighet", en="Visit to an embassy")),
)

SEXES: tuple[Choice, ...] = (
    Choice("female", Bilingual(sv="Kvinna", en="Woman")),
    Choice("male", Bilingual(sv="Man", en="Man")),
    Choice("unknown", Bilingual(sv="Okänt", en="Unknown")),
)

SEX_BASES: tuple[Choice, ...] = (
    Choice(
        "recorded",
        Bilingual(
            sv="Registrerat (i ärendet eller sagt av personen)", en="Recorded (in the case or said by the person)"
        ),
    ),
    Choice("perceived", Bilingual(sv="Min uppfattning", en="Perceived by me")),
)

# Codes are short, capital letters, digits and hyphens, so that no name fits in them by accident.
CODE_PATTERN = r"^[A-Z0-9][A-Z0-9-]{1,15}$"
_CODE_MESSAGE = Bilingual(
    sv="Skriv en kod med versaler, siffror och bindestreck, till exempel S017-3.",
    en="Write a code of capital letters, digits and hyphens, for example S017-3.",
)

SESSION_ITEMS: tuple[Item, ...] = (
    Item(
        name="observer_code",
        group="session",
        kind=ItemKind.CODE,
        label=Bilingual(sv="Din observatörskod", en="Your observer code"),
        definition=Bilingual(sv="Koden du fått av undersökningsledaren.", en="The code the survey lead gave you."),
        pattern=CODE_PATTERN,
        pattern_message=_CODE_MESSAGE,
    ),
    Item(
        name="channel",
        group="session",
        kind=ItemKind.CHANNEL,
        label=Bilingual(sv="Kanal", en="Channel"),
        definition=Bilingual(sv="Hur mötena sker under passet.", en="How the meetings in this session take place."),
    ),
    Item(
        name="site",
        group="session",
        kind=ItemKind.SITE,
        label=Bilingual(sv="Plats", en="Site"),
        definition=Bilingual(
            sv="Kontoret, kontaktcentret eller utlandsmyndigheten där du observerar.",
            en="The office, contact centre or embassy where you observe.",
        ),
    ),
    Item(
        name="session_date",
        group="session",
        kind=ItemKind.DATE,
        label=Bilingual(sv="Datum", en="Date"),
        definition=Bilingual(sv="Dagen då du observerar.", en="The day you observe."),
    ),
)

_CONTACT = "contact"  # the XLSForm repeat that holds one contact
_PERSON = "person"
_EVENTS = "events"
_BEHAVIOURS = "behaviours"

_PERSON_ITEMS: tuple[Item, ...] = (
    Item(
        name="contact_code",
        group=_PERSON,
        kind=ItemKind.CODE,
        label=Bilingual(sv="Kontaktkod", en="Contact code"),
        definition=Bilingual(
            sv="Passets kod och kontaktens nummer i passet, till exempel S017-3. Två observatörer av samma kontakt skriver samma kod.",
            en="The session's slot code and the contact's number in it, for example S017-3. Two observers of the same contact write the same code.",
        ),
        pattern=CODE_PATTERN,
        pattern_message=_CODE_MESSAGE,
    ),
    Item(
        name="second_observer",
        group=_PERSON,
        kind=ItemKind.YES_NO,
        label=Bilingual(
            sv="Är du andra observatör för den här kontakten?", en="Are you the second observer of this contact?"
        ),
        definition=Bilingual(
            sv="Ja bara i pass som planerats för dubbelkodning, och bara för den som är utsedd till andra observatör.",
            en="Yes only in slots planned for double coding, and only for the observer named as the second one.",
        ),
    ),
    Item(
        name="officer_code",
        group=_PERSON,
        kind=ItemKind.CODE,
        label=Bilingual(sv="Medarbetarkod", en="Officer code"),
        definition=Bilingual(
            sv="Pseudonymen från undersökningsledarens lista. Skriv aldrig ett namn.",
            en="The pseudonym from the survey lead's list. Never write a name.",
        ),
        pattern=CODE_PATTERN,
        pattern_message=_CODE_MESSAGE,
    ),
    Item(
        name="client_sex",
        short=Bilingual(sv="Personens kön", en="The person's sex"),
        group=_PERSON,
        kind=ItemKind.CHOICE,
        label=Bilingual(sv="Personens kön", en="The person's sex"),
        definition=Bilingual(
            sv="Enligt ärendet eller som du uppfattar det. Välj okänt om du inte kan avgöra.",
            en="As recorded in the case or as you perceive it. Choose unknown when you cannot tell.",
        ),
        choices=SEXES,
    ),
    Item(
        name="client_sex_basis",
        group=_PERSON,
        kind=ItemKind.CHOICE,
        label=Bilingual(sv="Hur vet du personens kön?", en="How do you know the person's sex?"),
        definition=Bilingual(
            sv="Registrerat om det står i ärendet eller om personen sa det. Annars din uppfattning.",
            en="Recorded if the case says so or the person said so. Otherwise your perception.",
        ),
        relevance=Relevance(((Condition("client_sex", "unknown", negate=True),),)),
        choices=SEX_BASES,
    ),
    Item(
        name="interpreter",
        short=Bilingual(sv="Tolk", en="Interpreter"),
        group=_PERSON,
        kind=ItemKind.YES_NO,
        label=Bilingual(sv="Deltog en tolk?", en="Did an interpreter take part?"),
        definition=Bilingual(
            sv="Ja om en tolk deltog under hela eller delar av kontakten, på plats, i telefon eller i bild.",
            en="Yes if an interpreter took part in all or part of the contact, on site, by phone or on video.",
        ),
    ),
    Item(
        name="companion",
        short=Bilingual(sv="Medföljande", en="Companion"),
        group=_PERSON,
        kind=ItemKind.YES_NO,
        label=Bilingual(
            sv="Hade personen med sig någon annan än en tolk?",
            en="Was the person accompanied by someone other than an interpreter?",
        ),
        definition=Bilingual(
            sv="Ja om till exempel en partner, en släkting eller en vän var med och hörde samtalet.",
            en="Yes if, for example, a partner, a relative or a friend was present and heard the conversation.",
        ),
    ),
)

_EVENT_ITEMS: tuple[Item, ...] = (
    Item(
        name="officer_left",
        short=Bilingual(sv="Medarbetaren lämnade samtalet", en="The officer left the call"),
        group=_EVENTS,
        kind=ItemKind.YES_NO,
        label=Bilingual(
            sv="Lämnade medarbetaren samtalet eller mötet en stund?",
            en="Did the officer leave the call or meeting for a while?",
        ),
        definition=Bilingual(
            sv="Ja vid varje paus då medarbetaren gick ifrån eller parkerade samtalet i mer än några sekunder, till exempel för att fråga en kollega.",
            en="Yes for any pause in which the officer was away or put the person on hold for more than a few seconds, for example to ask a colleague.",
        ),
        relevance=Relevance((_channels("phone", "digital"),)),
    ),
    Item(
        name="client_humour",
        short=Bilingual(sv="Personen skämtade", en="The person made a joke"),
        group=_EVENTS,
        kind=ItemKind.YES_NO,
        label=Bilingual(
            sv="Skämtade personen eller sa något lättsamt?", en="Did the person make a joke or a light-hearted remark?"
        ),
        definition=Bilingual(
            sv="Ja vid varje försök till humor eller lättsamhet från personen, oavsett hur medarbetaren reagerade.",
            en="Yes for any attempt at humour or lightness by the person, whatever the officer did next.",
        ),
    ),
    Item(
        name="client_question",
        short=Bilingual(sv="Personen ställde en fråga", en="The person asked a question"),
        group=_EVENTS,
        kind=ItemKind.YES_NO,
        label=Bilingual(sv="Ställde personen minst en fråga?", en="Did the person ask at least one question?"),
        definition=Bilingual(
            sv="Ja om personen frågade något, oavsett om frågan gällde ärendet eller något annat.",
            en="Yes if the person asked anything, whether about their case or something else.",
        ),
    ),
)


def _behaviour(
    name: str,
    *,
    short: Bilingual,
    label: Bilingual,
    definition: Bilingual,
    practice: Practice,
    confirmatory: bool,
    relevance: Relevance = Relevance(),
) -> Behaviour:
    item = Item(
        name=name,
        group=_BEHAVIOURS,
        kind=ItemKind.YES_NO,
        label=label,
        definition=definition,
        relevance=relevance,
        short=short,
    )
    return Behaviour(item=item, short=short, confirmatory=confirmatory, practice=practice)


BEHAVIOURS: tuple[Behaviour, ...] = (
    _behaviour(
        "offered_choice",
        short=Bilingual(sv="Erbjöds val", en="Offered a choice"),
        label=Bilingual(
            sv="Erbjöd medarbetaren personen att välja mellan olika sätt att gå vidare?",
            en="Did the officer offer the person a choice between ways to go on?",
        ),
        definition=Bilingual(
            sv="Ja om medarbetaren minst en gång gav personen två eller fler alternativ och lät personen välja, till exempel en tid, ett sätt att skicka in handlingar eller om personen vill vänta eller bli uppringd. Besked om ett enda sätt att gå vidare räknas inte.",
            en="Yes if the officer at least once gave the person two or more options and let them choose, for example a time, a way to send documents, or whether to wait or be called back. Being told of a single way forward does not count.",
        ),
        confirmatory=True,
        practice=Practice(
            title=Bilingual(sv="Erbjud alla att välja", en="Offer choices to everyone"),
            why=Bilingual(
                sv="Den som får välja får inflytande över sitt ärende och sin tid. Vår egen undersökning visade att män oftare än kvinnor fick välja. Kvinnor som får välja kan lättare planera till exempel sfi, arbete och barnomsorg.",
                en="A person offered a choice gains a say over their case and their time. Our own survey found that men were offered choices more often than women. Women who are offered choices can more easily plan, for example, Swedish classes, work and childcare.",
            ),
            exercise=(
                Bilingual(
                    sv="Tänk på dina tre senaste samtal. Vilka val kunde du ha erbjudit, till exempel tid, kanal eller ordning? Erbjöd du dem?",
                    en="Think of your last three conversations. Which choices could you have offered, for example a time, a channel or an order of steps? Did you offer them?",
                ),
                Bilingual(
                    sv="Spela upp samma ärende två gånger i par, en gång med en kvinna och en gång med en man som sökande. Den som observerar räknar de val som erbjuds.",
                    en="In pairs, play the same case twice, once with a woman and once with a man as the applicant. The one observing counts the choices offered.",
                ),
                Bilingual(
                    sv="Skriv ner två val som alltid går att erbjuda i ditt arbete och bestäm hur du ska komma ihåg dem.",
                    en="Write down two choices you can always offer in your work, and decide how you will remember them.",
                ),
            ),
        ),
    ),
    _behaviour(
        "unrequested_information",
        short=Bilingual(sv="Fick information utan att fråga", en="Given information not asked for"),
        label=Bilingual(
            sv="Gav medarbetaren användbar information som personen inte hade frågat efter?",
            en="Did the officer give useful information that the person had not asked for?",
        ),
        definition=Bilingual(
            sv="Ja om medarbetaren på eget initiativ berättade något som gäller personens ärende eller situation utöver svaret på frågan, till exempel vad som händer härnäst, en tidsfrist eller var personen kan få mer hjälp. Hälsningar och själva svaret räknas inte.",
            en="Yes if the officer, on their own initiative, told the person something that concerns their case or situation beyond the answer to their question, for example what happens next, a deadline, or where to get more help. Greetings and the answer itself do not count.",
        ),
        confirmatory=True,
        practice=Practice(
            title=Bilingual(sv="Ge alla samma extra information", en="Give everyone the same extra information"),
            why=Bilingual(
                sv="Information som ingen frågar efter kan vara den viktigaste: vad som händer härnäst, rätten till sfi eller var man får stöd. Män fick oftare sådan information än kvinnor. Det som inte sägs kan inte användas.",
                en="Information nobody asks for can matter most: what happens next, the right to Swedish classes, or where to find support. Men were given such information more often than women. What is not said cannot be used.",
            ),
            exercise=(
                Bilingual(
                    sv="Gör en lista över den information som alla i ditt vanligaste ärende borde få, oavsett vad de frågar om.",
                    en="List the information everyone in your most common kind of case should get, whatever they ask about.",
                ),
                Bilingual(
                    sv="Läs två påhittade samtalsutskrifter, ett med en kvinna och ett med en man. Stryk under den information som gavs utan fråga. Vad skiljer?",
                    en="Read two made-up transcripts, one with a woman and one with a man. Underline the information given without being asked. What differs?",
                ),
            ),
        ),
    ),
    _behaviour(
        "told_why_leaving",
        short=Bilingual(sv="Fick veta varför medarbetaren lämnade samtalet", en="Told why the officer left"),
        label=Bilingual(
            sv="Sa medarbetaren varför hen behövde lämna samtalet eller mötet?",
            en="Did the officer say why they had to leave the call or meeting?",
        ),
        definition=Bilingual(
            sv="Ja om medarbetaren gav ett skäl före eller efter pausen, till exempel ”jag ska kolla med en kollega”. Bara ”ett ögonblick” räknas inte. Frågas bara när medarbetaren lämnade samtalet.",
            en="Yes if the officer gave a reason before or after the pause, for example \u201cI will check this with a colleague\u201d. Only \u201cone moment\u201d does not count. Asked only when the officer left the call.",
        ),
        confirmatory=True,
        relevance=Relevance((_channels("phone", "digital"), _yes("officer_left"))),
        practice=Practice(
            title=Bilingual(sv="Säg varför du lämnar samtalet", en="Say why you leave the call"),
            why=Bilingual(
                sv="Tystnad i luren kan kännas som att bli bortglömd eller avvisad. Män fick oftare veta varför medarbetaren gick ifrån. Ett kort skäl visar att ärendet tas på allvar.",
                en="Silence on the line can feel like being forgotten or turned away. Men were more often told why the officer stepped away. A short reason shows that the matter is taken seriously.",
            ),
            exercise=(
                Bilingual(
                    sv="Formulera tre korta meningar som förklarar en paus, till exempel när du frågar en kollega eller läser i ärendet.",
                    en="Write three short sentences that explain a pause, for example when you ask a colleague or read the case.",
                ),
                Bilingual(
                    sv="Öva i par i telefon: den ena parkerar samtalet med och utan förklaring, den andra berättar hur det kändes.",
                    en="Practise in pairs by phone: one puts the call on hold with and without a reason, the other says how it felt.",
                ),
            ),
        ),
    ),
    _behaviour(
        "humour_returned",
        short=Bilingual(sv="Lättsamhet besvarad", en="Humour returned"),
        label=Bilingual(
            sv="Besvarade medarbetaren personens lättsamhet?",
            en="Did the officer respond to the person's humour in kind?",
        ),
        definition=Bilingual(
            sv="Ja om medarbetaren skrattade, log hörbart eller synligt eller svarade med en egen lättsam kommentar. Att låtsas som ingenting eller bara svara i sak räknas som nej. Frågas bara när personen skämtade.",
            en="Yes if the officer laughed, smiled audibly or visibly, or answered with a light remark of their own. Ignoring it or answering only the matter counts as no. Asked only when the person made a joke.",
        ),
        confirmatory=True,
        relevance=Relevance((_yes("client_humour"),)),
        practice=Practice(
            title=Bilingual(sv="Möt lättsamhet på samma sätt", en="Meet humour the same way"),
            why=Bilingual(
                sv="Ett skämt är ett sätt att skapa kontakt. Mäns lättsamhet besvarades oftare än kvinnors. När ett försök till kontakt inte besvaras blir mötet kallare och frågor kanske aldrig blir ställda.",
                en="A joke is a way to make contact. Men's humour was returned more often than women's. When an attempt at contact is not returned, the meeting turns colder and questions may go unasked.",
            ),
            exercise=(
                Bilingual(
                    sv="Diskutera i grupp: hur reagerar du när en kvinna respektive en man skämtar? Finns det skämt du uppfattar olika beroende på vem som säger dem?",
                    en="Discuss in a group: how do you react when a woman and when a man makes a joke? Are there jokes you take differently depending on who makes them?",
                ),
                Bilingual(
                    sv="Spela upp korta möten där den sökande säger något lättsamt. Öva på att besvara det vänligt och sedan gå tillbaka till ärendet.",
                    en="Play short meetings in which the applicant says something light. Practise returning it kindly and then going back to the matter.",
                ),
            ),
        ),
    ),
    _behaviour(
        "smiled",
        short=Bilingual(sv="Medarbetaren log", en="Smiled at"),
        label=Bilingual(sv="Log medarbetaren mot personen?", en="Did the officer smile at the person?"),
        definition=Bilingual(
            sv="Ja om medarbetaren log mot personen minst en gång under mötet, på plats eller i bild. Frågas inte i telefon.",
            en="Yes if the officer smiled at the person at least once during the meeting, on site or on video. Not asked on the phone.",
        ),
        confirmatory=True,
        relevance=Relevance((_channels("office", "digital", "embassy"),)),
        practice=Practice(
            title=Bilingual(sv="Le mot alla", en="Smile at everyone"),
            why=Bilingual(
                sv="Ett leende säger att personen är välkommen. Vid besöken log medarbetare oftare mot män än mot kvinnor. Kroppsspråk sker ofta utan att vi tänker på det, därför behöver vi prata om det.",
                en="A smile tells a person they are welcome. At visits, officers smiled at men more often than at women. Body language often happens without thinking, which is why we need to talk about it.",
            ),
            exercise=(
                Bilingual(
                    sv="Titta på korta filmade möten utan ljud. Vem blir mött med ett leende och när?",
                    en="Watch short filmed meetings without sound. Who is met with a smile, and when?",
                ),
                Bilingual(
                    sv="Bestäm i gruppen hur ni hälsar på alla besökare, så att hälsningen blir densamma för alla.",
                    en="Agree in the group how you greet every visitor, so that the greeting is the same for all.",
                ),
            ),
        ),
    ),
    _behaviour(
        "eye_contact",
        short=Bilingual(sv="Ögonkontakt", en="Eye contact"),
        label=Bilingual(
            sv="Såg medarbetaren personen i ögonen när hen talade med personen?",
            en="Did the officer look the person in the eye when speaking to them?",
        ),
        definition=Bilingual(
            sv="Ja om medarbetaren såg personen i ögonen större delen av tiden hen talade med personen, och inte på skärmen, i papper eller på en medföljande. Frågas bara vid möten på plats.",
            en="Yes if the officer looked the person in the eye for most of the time they spoke to them, rather than at the screen, papers or a companion. Asked only in meetings on site.",
        ),
        confirmatory=True,
        relevance=Relevance((_channels("office", "embassy"),)),
        practice=Practice(
            title=Bilingual(sv="Se personen du talar med", en="Look at the person you speak to"),
            why=Bilingual(
                sv="Ögonkontakt visar vem samtalet gäller. Män fick oftare ögonkontakt än kvinnor. När en kvinna kommer med sin partner kan blicken lätt hamna på partnern, fast ärendet är hennes.",
                en="Eye contact shows whom the conversation is for. Men got eye contact more often than women. When a woman comes with her partner, the officer's eyes can easily end up on the partner, although the case is hers.",
            ),
            exercise=(
                Bilingual(
                    sv="Spela ett möte med en sökande och en medföljande. Den som observerar noterar vart handläggarens blick går.",
                    en="Play a meeting with an applicant and a companion. The one observing notes where the officer looks.",
                ),
                Bilingual(
                    sv="Flytta skärmen eller stolen på ditt kontor så att du kan se besökaren när du skriver.",
                    en="Move the screen or the chair at your desk so that you can see the visitor while you type.",
                ),
            ),
        ),
    ),
    _behaviour(
        "questions_answered",
        short=Bilingual(sv="Fick svar på sina frågor", en="Questions answered"),
        label=Bilingual(
            sv="Fick personen svar på alla sina frågor, eller besked om var svaret finns?",
            en="Did the person get an answer to each of their questions, or hear where to get one?",
        ),
        definition=Bilingual(
            sv="Ja om varje fråga besvarades eller medarbetaren tydligt sa var och när personen kan få svar. Nej om någon fråga lämnades utan något av det. Frågas bara när personen ställde en fråga.",
            en="Yes if every question was answered or the officer said clearly where and when the person can get the answer. No if any question was left without either. Asked only when the person asked a question.",
        ),
        confirmatory=False,
        relevance=Relevance((_yes("client_question"),)),
        practice=Practice(
            title=Bilingual(sv="Svara på varje fråga", en="Answer every question"),
            why=Bilingual(
                sv="Den som får svar på sina frågor kan gå vidare i sitt ärende och i sitt liv i Sverige. En obesvarad fråga ställs sällan igen.",
                en="A person whose questions are answered can move on with their case and their life in Sweden. A question left unanswered is seldom asked again.",
            ),
            exercise=(
                Bilingual(
                    sv="Gör en lista över frågor du ofta inte kan svara på och skriv var svaret finns.",
                    en="List questions you often cannot answer, and write where the answer can be found.",
                ),
            ),
        ),
    ),
    _behaviour(
        "spoke_to_client",
        short=Bilingual(sv="Tilltalades direkt", en="Spoken to directly"),
        label=Bilingual(
            sv="Talade medarbetaren direkt till personen och inte om personen till tolken eller den medföljande?",
            en="Did the officer speak to the person directly, not about them to the interpreter or companion?",
        ),
        definition=Bilingual(
            sv="Ja om medarbetaren tilltalade personen med ”du” och vände sig till personen större delen av tiden. Frågas bara när en tolk eller någon medföljande deltog.",
            en="Yes if the officer addressed the person as \u201cyou\u201d and turned to them most of the time. Asked only when an interpreter or a companion took part.",
        ),
        confirmatory=False,
        relevance=Relevance((_yes("interpreter", "companion"),)),
        practice=Practice(
            title=Bilingual(sv="Tala till personen, inte om personen", en="Speak to the person, not about them"),
            why=Bilingual(
                sv="Ärendet är personens eget. När medarbetaren talar till tolken eller till en partner blir personen en åhörare i sitt eget ärende. Ingen är huvudman för någon annan vuxen.",
                en="The case is the person's own. When the officer speaks to the interpreter or to a partner, the person becomes a listener in their own case. No adult is the head of another.",
            ),
            exercise=(
                Bilingual(
                    sv="Öva med tolk i tre: säg ”du” till den sökande och titta på den sökande, inte på tolken.",
                    en="Practise in threes with an interpreter: say \u201cyou\u201d to the applicant and look at the applicant, not at the interpreter.",
                ),
                Bilingual(
                    sv="Spela ett möte där en partner svarar i den sökandes ställe. Hur tar du tillbaka samtalet till den sökande på ett vänligt sätt?",
                    en="Play a meeting in which a partner answers for the applicant. How do you kindly bring the conversation back to the applicant?",
                ),
            ),
        ),
    ),
)

CONTACT_GROUP = _CONTACT
CONTACT_ITEMS: tuple[Item, ...] = (*_PERSON_ITEMS, *_EVENT_ITEMS, *(b.item for b in BEHAVIOURS))
"""Every item of one contact, in the order asked; the XLSForm's repeat ``contact``."""

CONTACT_SUBGROUPS: tuple[tuple[str, Bilingual], ...] = (
    (_PERSON, Bilingual(sv="Personen", en="The person")),
    (_EVENTS, Bilingual(sv="Vad som hände", en="What happened")),
    (_BEHAVIOURS, Bilingual(sv="Medarbetarens bemötande", en="The officer's treatment")),
)

SESSION_GROUP_LABEL = Bilingual(sv="Passet", en="The session")
CONTACT_GROUP_LABEL = Bilingual(sv="Kontakt", en="Contact")

# Items a contact answers with yes or no: stored together, each only where it applies.
YES_NO_ITEMS: tuple[str, ...] = tuple(i.name for i in CONTACT_ITEMS if i.kind is ItemKind.YES_NO)


def item(name: str) -> Item:
    """The item called ``name`` (session or contact)."""
    for candidate in (*SESSION_ITEMS, *CONTACT_ITEMS):
        if candidate.name == name:
            return candidate
    raise KeyError(name)


def behaviour(name: str) -> Behaviour:
    """The behaviour called ``name``."""
    for candidate in BEHAVIOURS:
        if candidate.name == name:
            return candidate
    raise KeyError(name)


def channel_label(code: str, language: str) -> str:
    """The channel's name in ``language`` (its code when unknown)."""
    for choice in CHANNELS:
        if choice.value == code:
            return choice.label.get(language)
    return code


def _check() -> None:
    """Refuses a protocol whose names clash or whose conditions name an item asked later or nowhere."""
    seen: set[str] = set()
    for candidate in (*SESSION_ITEMS, *CONTACT_ITEMS):
        if candidate.name in seen:
            raise ValueError(f"The protocol names two items {candidate.name!r}.")
        unknown = candidate.relevance.fields() - seen
        if unknown:
            raise ValueError(f"{candidate.name!r} depends on {sorted(unknown)}, which are not asked before it.")
        seen.add(candidate.name)


_check()
