"""The four case exercises Lika began with, written into the database so that competence administrators
can keep them from now on. The texts are copied here as they were in lika/competence/exercises.py; the
migration imports no app code."""

from typing import Any

from django.db import migrations

EXERCISES: list[dict[str, Any]] = [
    {
        "slug": "telefon-aterkomst",
        "meeting_kind": "telephone",
        "title": {"sv": "Samtalet som måste pausas", "en": "The call that has to be paused"},
        "summary": {
            "sv": "Ett samtal till kontaktcenter där handläggaren måste lämna luren en stund.",
            "en": "A call to the contact centre where the officer has to leave the line for a while.",
        },
        "situation": {
            "sv": "Amina ringer kontaktcenter. Hon har fått uppehållstillstånd på grund av anknytning och "
            "undrar när kortet kommer. Hon har sin dotter med sig och låter stressad. Du behöver "
            "kontrollera ärendet i ett annat system.",
            "en": "Amina calls the contact centre. She has been granted a permit on the grounds of family ties "
            "and asks when her card will come. Her daughter is with her and she sounds stressed. You "
            "need to check her case in another system.",
        },
        "steps": [
            {
                "situation": {"sv": "Du ska lägga henne i vänteläge.", "en": "You are about to put her on hold."},
                "question": {
                    "sv": "Vad säger du innan du lämnar samtalet?",
                    "en": "What do you say before you leave the call?",
                },
                "choices": [
                    {"sv": "”Ett ögonblick.”", "en": "“One moment.”"},
                    {
                        "sv": "”Jag behöver titta i ett annat system, det tar ungefär två minuter. Vill du vänta "
                        "eller ska jag ringa upp?”",
                        "en": "“I need to look in another system; it takes about two minutes. Would you like to "
                        "wait, or shall I call you back?”",
                    },
                ],
            },
            {
                "situation": {
                    "sv": "Kortet är på väg. Amina frågar inget mer.",
                    "en": "The card is on its way. Amina asks nothing more.",
                },
                "question": {
                    "sv": "Vilken information kan hon ha nytta av som hon inte har frågat efter?",
                    "en": "What information could help her that she has not asked for?",
                },
                "choices": [],
            },
            {
                "situation": {
                    "sv": "Spela samma samtal med en man som ringer, Ahmed, med samma fråga.",
                    "en": "Play the same call with a man calling, Ahmed, asking the same question.",
                },
                "question": {
                    "sv": "Blev samtalet annorlunda? Räkna erbjudna val och information som gavs utan fråga.",
                    "en": "Was the call different? Count the choices offered and the information given unasked.",
                },
                "choices": [],
            },
        ],
        "facilitator_notes": [
            {
                "sv": "Lyssna efter om gruppen tycker att en kvinna med barn ”inte har tid” för extra "
                "information, eller att en man ”vill ha det kort”. Båda är antaganden.",
                "en": "Listen for whether the group thinks a woman with a child “has no time” for extra "
                "information, or that a man “wants it short”. Both are assumptions.",
            },
            {
                "sv": "Undersökningen fann att män oftare fick veta varför handläggaren lämnade samtalet "
                "och oftare erbjöds val. Låt gruppen formulera en mening de alltid kan säga.",
                "en": "The survey found that men were more often told why the officer left the call and "
                "more often offered choices. Let the group word one sentence they can always say.",
            },
            {
                "sv": "Styr samtalet mot normer, inte personer: fråga vad vi tar för givet om kvinnor och "
                "män som söker, och vad det får för följder, i stället för vem som gjorde fel. "
                "Ingen ska behöva berätta om sina egna samtal.",
                "en": "Steer the talk towards norms, not people: ask what we take for granted about women "
                "and men who apply and what follows from it, rather than who did wrong. No one has "
                "to tell about their own calls.",
            },
        ],
        "behaviours": ["told_why_leaving", "offered_choice", "unrequested_information", "questions_answered"],
        "minutes": 45,
        "mandatory_for": {
            "sv": "Kontaktcenters fördjupningsutbildning",
            "en": "The contact centre's advanced training",
        },
        "order": 0,
    },
    {
        "slug": "besok-servicekontor",
        "meeting_kind": "in_person",
        "title": {"sv": "Paret vid disken", "en": "The couple at the counter"},
        "summary": {
            "sv": "Ett besök på servicekontoret där två vuxna kommer tillsammans.",
            "en": "A visit to a service office where two adults come together.",
        },
        "situation": {
            "sv": "Ett par kommer till servicekontoret för att lämna fingeravtryck till sina "
            "uppehållstillståndskort. Mannen för ordet. Kvinnan står en bit bakom och tittar ner.",
            "en": "A couple come to the service office to give fingerprints for their permit cards. The man "
            "does the talking. The woman stands a little behind and looks down.",
        },
        "steps": [
            {
                "situation": {"sv": "Mannen frågar om båda korten.", "en": "The man asks about both cards."},
                "question": {
                    "sv": "Vem tittar du på och vem svarar du? Hur vänder du dig till kvinnan?",
                    "en": "Whom do you look at and answer? How do you turn to the woman?",
                },
                "choices": [
                    {"sv": "Jag svarar mannen, han frågade.", "en": "I answer the man; he asked."},
                    {
                        "sv": "Jag svarar båda och ställer frågan om hennes kort direkt till henne.",
                        "en": "I answer both and ask her directly about her own card.",
                    },
                ],
            },
            {
                "situation": {
                    "sv": "Mannen skämtar om kön i väntrummet. Senare skämtar kvinnan försiktigt om fotot.",
                    "en": "The man jokes about the queue in the waiting room. Later the woman makes a shy "
                    "joke about the photo.",
                },
                "question": {
                    "sv": "Besvarar du båda skämten likadant? Vad signalerar ett leende?",
                    "en": "Do you return both jokes alike? What does a smile signal?",
                },
                "choices": [],
            },
            {
                "situation": {
                    "sv": "Det finns två tider för att hämta korten.",
                    "en": "There are two times for collecting the cards.",
                },
                "question": {
                    "sv": "Vem erbjuder du att välja tid? Vad kan kvinnan behöva veta om sfi och Arbetsförmedlingen?",
                    "en": "Whom do you let choose the time? What might the woman need to know about Swedish "
                    "classes and the employment service?",
                },
                "choices": [],
            },
        ],
        "facilitator_notes": [
            {
                "sv": "Lyssna efter ”hon förstår ändå inte svenska” – fråga då hur man tar reda på det, "
                "och om tolk erbjöds.",
                "en": "Listen for “she doesn't understand Swedish anyway” – then ask how one finds out, "
                "and whether an interpreter was offered.",
            },
            {
                "sv": "Undersökningen fann att män oftare blev leende mötta, fick ögonkontakt och fick "
                "sin humor besvarad. Be gruppen beskriva små handlingar som gör att båda känner sig "
                "sedda.",
                "en": "The survey found that men were more often smiled at, looked in the eye and had "
                "their humour returned. Ask the group to name small acts that make both feel seen.",
            },
            {
                "sv": "Styr samtalet mot normer, inte personer: fråga vad vi tar för givet om kvinnor och "
                "män som söker, och vad det får för följder, i stället för vem som gjorde fel. "
                "Ingen ska behöva berätta om sina egna samtal.",
                "en": "Steer the talk towards norms, not people: ask what we take for granted about women "
                "and men who apply and what follows from it, rather than who did wrong. No one has "
                "to tell about their own calls.",
            },
        ],
        "behaviours": ["spoke_to_client", "eye_contact", "smiled", "humour_returned", "offered_choice"],
        "minutes": 60,
        "mandatory_for": None,
        "order": 1,
    },
    {
        "slug": "digitalt-mote",
        "meeting_kind": "digital",
        "title": {"sv": "Videomötet med tolk", "en": "The video meeting with an interpreter"},
        "summary": {
            "sv": "Ett digitalt möte om ekonomiskt bistånd enligt LMA med tolk på linjen.",
            "en": "A digital meeting on economic assistance under LMA with an interpreter on the line.",
        },
        "situation": {
            "sv": "Du har ett videomöte med Sara, som söker asyl och har fått beslut om dagersättning. Tolken "
            "är med via telefon. Sara vill veta varför hennes belopp skiljer sig från makens.",
            "en": "You have a video meeting with Sara, who is seeking asylum and has a decision on daily "
            "allowance. The interpreter joins by phone. Sara wants to know why her amount differs from "
            "her husband's.",
        },
        "steps": [
            {
                "situation": {
                    "sv": "Bilden fryser och Sara blir tyst.",
                    "en": "The picture freezes and Sara goes quiet.",
                },
                "question": {
                    "sv": "Hur kontrollerar du att hon har förstått och fått svar på sina frågor?",
                    "en": "How do you check that she has understood and that her questions were answered?",
                },
                "choices": [],
            },
            {
                "situation": {
                    "sv": "Du förklarar att barnens dagersättning delas lika på båda föräldrarnas kort.",
                    "en": "You explain that the children's allowance is split equally onto both parents' cards.",
                },
                "question": {
                    "sv": "Vilken information utan fråga kan hon behöva: eget kort, eget beslut, rätten att överklaga?",
                    "en": "What unasked information might she need: her own card, her own decision, the "
                    "right to appeal?",
                },
                "choices": [],
            },
            {
                "situation": {
                    "sv": "Mötet ska avslutas och nästa steg bestämmas.",
                    "en": "The meeting is ending and the next step must be settled.",
                },
                "question": {
                    "sv": "Vilka val kan du erbjuda: kanal, tid, språk?",
                    "en": "Which choices can you offer: channel, time, language?",
                },
                "choices": [],
            },
        ],
        "facilitator_notes": [
            {
                "sv": "I digitala möten försvinner mycket av kroppsspråket. Lyssna efter om gruppen talar "
                "till tolken i stället för till Sara.",
                "en": "Much body language is lost in digital meetings. Listen for whether the group talks "
                "to the interpreter instead of to Sara.",
            },
            {
                "sv": "Koppla till undersökningen: män fick oftare information de inte frågat efter. Låt "
                "gruppen göra en lista över vad alla ska få veta i ett LMA-ärende.",
                "en": "Link to the survey: men were more often given information they had not asked for. "
                "Let the group list what everyone should be told in an LMA case.",
            },
            {
                "sv": "Styr samtalet mot normer, inte personer: fråga vad vi tar för givet om kvinnor och "
                "män som söker, och vad det får för följder, i stället för vem som gjorde fel. "
                "Ingen ska behöva berätta om sina egna samtal.",
                "en": "Steer the talk towards norms, not people: ask what we take for granted about women "
                "and men who apply and what follows from it, rather than who did wrong. No one has "
                "to tell about their own calls.",
            },
        ],
        "behaviours": ["questions_answered", "unrequested_information", "offered_choice", "spoke_to_client"],
        "minutes": 45,
        "mandatory_for": None,
        "order": 2,
    },
    {
        "slug": "diskussion-undersokningen",
        "meeting_kind": "",
        "title": {
            "sv": "Diskussionsmaterial: vad bemötandeundersökningen fann",
            "en": "Discussion material: what the survey found",
        },
        "summary": {
            "sv": "Ett samtal i arbetsgruppen om resultaten av bemötandeundersökningen.",
            "en": "A talk in the work group about the results of the treatment survey.",
        },
        "situation": {
            "sv": "Bemötandet var professionellt i stort, men män erbjöds oftare val, fick oftare information "
            "utan att fråga, fick oftare veta varför handläggaren lämnade samtalet och möttes oftare med "
            "leende och ögonkontakt.",
            "en": "Treatment was professional in general, but men were more often offered choices, given "
            "information they had not asked for, told why the officer left the call, and met with a "
            "smile and eye contact.",
        },
        "steps": [
            {
                "situation": {"sv": "Läs resultaten tillsammans.", "en": "Read the results together."},
                "question": {
                    "sv": "Vad förvånar er? Vad känner ni igen?",
                    "en": "What surprises you? What do you recognise?",
                },
                "choices": [],
            },
            {
                "situation": {
                    "sv": "Skillnaderna är små i varje samtal men stora över ett år.",
                    "en": "The differences are small in each call but large over a year.",
                },
                "question": {
                    "sv": "Vad betyder de för en kvinna som ska planera sfi, arbete och barnomsorg?",
                    "en": "What do they mean for a woman planning Swedish classes, work and childcare?",
                },
                "choices": [],
            },
            {
                "situation": {"sv": "Välj en sak att ändra.", "en": "Choose one thing to change."},
                "question": {
                    "sv": "Vad gör vi annorlunda från i morgon, och hur vet vi att det blev så?",
                    "en": "What do we do differently from tomorrow, and how will we know?",
                },
                "choices": [],
            },
        ],
        "facilitator_notes": [
            {
                "sv": "Resultaten gäller myndigheten, inte någon enskild. Undersökningens medarbetarkoder "
                "är pseudonymer och ingen ska försöka lista ut vem som observerades.",
                "en": "The results are about the agency, not anyone in it. The survey's officer codes are "
                "pseudonyms, and no one should try to guess who was observed.",
            },
            {
                "sv": "Styr samtalet mot normer, inte personer: fråga vad vi tar för givet om kvinnor och "
                "män som söker, och vad det får för följder, i stället för vem som gjorde fel. "
                "Ingen ska behöva berätta om sina egna samtal.",
                "en": "Steer the talk towards norms, not people: ask what we take for granted about women "
                "and men who apply and what follows from it, rather than who did wrong. No one has "
                "to tell about their own calls.",
            },
        ],
        "behaviours": [
            "offered_choice",
            "unrequested_information",
            "told_why_leaving",
            "humour_returned",
            "smiled",
            "eye_contact",
        ],
        "minutes": 60,
        "mandatory_for": None,
        "order": 3,
    },
]


def load(apps: Any, schema_editor: Any) -> None:
    exercise = apps.get_model("competence", "CaseExercise")
    for row in EXERCISES:
        exercise.objects.get_or_create(slug=row["slug"], defaults={k: v for k, v in row.items() if k != "slug"})


def unload(apps: Any, schema_editor: Any) -> None:
    apps.get_model("competence", "CaseExercise").objects.filter(slug__in=[row["slug"] for row in EXERCISES]).delete()


class Migration(migrations.Migration):
    dependencies = [("competence", "0003_case_exercises_kept_as_data")]

    operations = [migrations.RunPython(load, unload)]
