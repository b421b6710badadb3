"""The case exercises on equal treatment, one or more for each kind of meeting, and the discussion
material on the treatment survey's results, as the pages read them.

Each exercise is built from the behaviours the treatment survey observes (named by the protocol's item
names) and is meant for a group with a facilitator, never for assessing one person. Competence
administrators keep them (:class:`~lika.competence.models.CaseExercise`, in Swedish and English); the
first four came from a data migration. They replace the one-page-per-behaviour material that used to
sit in the treatment survey; its addresses lead here.

The steps and the facilitator's notes are edited as plain text, one text per language
(:func:`steps_parse`, :func:`notes_parse`): steps are parted by a line ``---``; in a step, the line
beginning ``?`` is the question, lines beginning ``-`` are the choices, and the other lines the
situation. Notes are parted by an empty line.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from lika.competence.models import CaseExercise, MeetingKind
from lika.treatment_survey.protocol.structure import Bilingual

B = Bilingual


@dataclass(frozen=True)
class Step:
    """One turn of the situation and what the group answers or chooses."""

    situation: Bilingual
    question: Bilingual
    choices: tuple[Bilingual, ...] = ()


@dataclass(frozen=True)
class Exercise:
    """A case exercise for one kind of meeting; ``meeting`` None is discussion material for every kind."""

    slug: str
    meeting: MeetingKind | None
    title: Bilingual
    summary: Bilingual
    situation: Bilingual
    steps: tuple[Step, ...]
    facilitator_notes: tuple[Bilingual, ...]
    behaviours: tuple[str, ...]
    minutes: int
    mandatory_for: Bilingual | None = None
    active: bool = True

    def title_in(self, language: str) -> str:
        return self.title.get(language)


def _text(value: Any) -> Bilingual:
    return Bilingual(sv=str(value["sv"]), en=str(value["en"]))


def exercise_of(row: CaseExercise) -> Exercise:
    """The exercise a stored row holds, with its texts in both languages."""
    return Exercise(
        slug=row.slug,
        meeting=MeetingKind(row.meeting_kind) if row.meeting_kind else None,
        title=_text(row.title),
        summary=_text(row.summary),
        situation=_text(row.situation),
        steps=tuple(
            Step(_text(step["situation"]), _text(step["question"]), tuple(_text(c) for c in step["choices"]))
            for step in row.steps
        ),
        facilitator_notes=tuple(_text(note) for note in row.facilitator_notes),
        behaviours=tuple(row.behaviours),
        minutes=row.minutes,
        mandatory_for=_text(row.mandatory_for) if row.mandatory_for else None,
        active=row.active,
    )


def exercises_all(*, inactive: bool = False) -> list[Exercise]:
    """Every exercise shown to staff, in order (and those taken off, with ``inactive``); one query."""
    rows = CaseExercise.objects.all() if inactive else CaseExercise.objects.filter(active=True)
    return [exercise_of(row) for row in rows]


def exercise(slug: str) -> Exercise:
    """The exercise called ``slug``; KeyError if there is none."""
    row = CaseExercise.objects.filter(slug=slug).first()
    if row is None:
        raise KeyError(slug)
    return exercise_of(row)


def exercises_for(*, meeting: str = "", behaviour: str = "", inactive: bool = False) -> list[Exercise]:
    """The exercises for a kind of meeting (discussion material fits every kind) and a survey behaviour."""
    return [
        e
        for e in exercises_all(inactive=inactive)
        if (not meeting or e.meeting is None or e.meeting == meeting) and (not behaviour or behaviour in e.behaviours)
    ]


# --- the steps and notes as plain text, for editing ----------------------------------------------

STEP_BREAK = "---"


def steps_text(steps: Sequence[Step], language: str) -> str:
    """The steps in one language as the edit form shows them.

    >>> steps_text([Step(Bilingual("Hon ringer.", "She calls."), Bilingual("Vad säger du?", "What do you say?"),
    ...     (Bilingual("Hej", "Hello"),))], "en")
    'She calls.\\n? What do you say?\\n- Hello'
    """
    parts = []
    for step in steps:
        lines = [step.situation.get(language), f"? {step.question.get(language)}"]
        lines += [f"- {choice.get(language)}" for choice in step.choices]
        parts.append("\n".join(lines))
    return f"\n{STEP_BREAK}\n".join(parts)


def _steps_one(text: str) -> list[tuple[str, str, list[str]]]:
    steps = []
    for number, block in enumerate(text.replace("\r\n", "\n").split(f"\n{STEP_BREAK}"), start=1):
        situation, questions, choices = [], [], []
        for raw in block.strip().splitlines():
            line = raw.strip()
            if line.startswith("?"):
                questions.append(line[1:].strip())
            elif line.startswith("-") and line != STEP_BREAK:
                choices.append(line[1:].strip())
            elif line:
                situation.append(line)
        if not situation or len(questions) != 1 or not questions[0] or not all(choices):
            raise ValueError(str(number))
        steps.append((" ".join(situation), questions[0], choices))
    return steps


def steps_parse(sv: str, en: str) -> tuple[Step, ...]:
    """The steps from their Swedish and English texts. ValueError names what is wrong, in a key:

    ``"sv:2"`` (step 2 of the Swedish text lacks its situation, or has no question or more than one),
    ``"count"`` (the two texts have different numbers of steps), ``"choices:2"`` (step 2 has
    different numbers of choices in the two languages).

    >>> steps_parse("Hon ringer.\\n? Vad säger du?", "She calls.\\n? What do you say?")[0].question.en
    'What do you say?'
    """
    parsed = {}
    for language, text in (("sv", sv), ("en", en)):
        try:
            parsed[language] = _steps_one(text)
        except ValueError as error:
            raise ValueError(f"{language}:{error}") from error
    if len(parsed["sv"]) != len(parsed["en"]):
        raise ValueError("count")
    steps = []
    for number, (swedish, english) in enumerate(zip(parsed["sv"], parsed["en"], strict=True), start=1):
        if len(swedish[2]) != len(english[2]):
            raise ValueError(f"choices:{number}")
        steps.append(
            Step(
                Bilingual(swedish[0], english[0]),
                Bilingual(swedish[1], english[1]),
                tuple(Bilingual(s, e) for s, e in zip(swedish[2], english[2], strict=True)),
            )
        )
    return tuple(steps)


def notes_text(notes: Sequence[Bilingual], language: str) -> str:
    return "\n\n".join(note.get(language) for note in notes)


def notes_parse(sv: str, en: str) -> tuple[Bilingual, ...]:
    """The facilitator's notes, parted by an empty line; ValueError("count") when the languages differ in number."""

    def split(text: str) -> list[str]:
        paragraphs = text.replace("\r\n", "\n").split("\n\n")
        return [" ".join(p.split()) for p in paragraphs if p.strip()]

    swedish, english = split(sv), split(en)
    if len(swedish) != len(english):
        raise ValueError("count")
    return tuple(Bilingual(s, e) for s, e in zip(swedish, english, strict=True))


def bilingual_json(text: Bilingual) -> dict[str, str]:
    return {"sv": text.sv, "en": text.en}


def steps_json(steps: Sequence[Step]) -> list[dict[str, Any]]:
    return [
        {
            "situation": bilingual_json(step.situation),
            "question": bilingual_json(step.question),
            "choices": [bilingual_json(choice) for choice in step.choices],
        }
        for step in steps
    ]
