"""Loading the synthetic demo population into the registry, all or nothing.

Its messages are in English only, like the command-line tool that calls it: the demo population
is for developers and demonstrations, never for the agency's users.
"""

from __future__ import annotations

import datetime
import sys
import time
from collections import Counter
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models.functions import Length
from tqdm import tqdm

from lika.audit.actions import Action
from lika.audit.models import Channel
from lika.audit.services import audit_event_record
from lika.audit.shell import shell_user
from lika.core import clock
from lika.demo.generator import EARLIEST_TODAY, population_chunks
from lika.demo.loader import TABLE_MODELS, PopulationLoader
from lika.people.identifiers import DEMO_DOSSIER_DIGITS, DEMO_DOSSIER_FIRST, DEMO_DOSSIER_LAST
from lika.people.models import Household, Person

ACTOR_LABEL = "lika demo-data"
# From this many persons, and when the load at least doubles the registry, indexes are rebuilt
# once after the load rather than grown row by row (see lika.demo.loader).
DEFER_INDEXES_FROM_PERSONS = 20_000


@dataclass(frozen=True)
class LoadSummary:
    """What a load wrote: rows per table (by model label), persons by sex, ids and time taken."""

    persons: int
    households: int
    seed: int
    today: datetime.date
    rows: dict[str, int]
    persons_by_sex: dict[str, int]
    first_person_id: int
    last_person_id: int
    first_dossier_number: str
    last_dossier_number: str
    database: str
    seconds: float = field(compare=False)


def demo_dossier_number_next() -> int:
    """The first dossier number after every demo dossier number in the registry."""
    highest = (
        Person.objects.annotate(digits=Length("dossier_number"))
        .filter(
            digits=DEMO_DOSSIER_DIGITS,
            dossier_number__gte=str(DEMO_DOSSIER_FIRST),
            dossier_number__lte=str(DEMO_DOSSIER_LAST),
        )
        .order_by("-dossier_number")
        .values_list("dossier_number", flat=True)
        .first()
    )
    return DEMO_DOSSIER_FIRST if highest is None else int(highest) + 1


def demo_population_load(*, persons: int, seed: int, today: datetime.date, progress: bool) -> LoadSummary:
    """Generates ``persons`` synthetic people from ``seed`` as of ``today`` and loads them in one transaction.

    Dossier numbers continue after the demo numbers already in the registry; personal numbers
    avoid those already taken. One audit event records the load. If anything fails, nothing
    is written.
    """
    if persons < 1:
        raise ValidationError({"persons": "Ask for at least one person."})
    if seed < 0:
        raise ValidationError({"seed": "The seed is a whole number, 0 or more."})
    if today < EARLIEST_TODAY:
        raise ValidationError({"today": f"The reference day must be {EARLIEST_TODAY.isoformat()} or later."})
    started = time.perf_counter()
    sexes: Counter[str] = Counter()
    with transaction.atomic():
        defer_indexes = persons >= max(DEFER_INDEXES_FROM_PERSONS, Person.objects.count())
        loader = PopulationLoader(connection, now=clock.now(), defer_indexes=defer_indexes)
        first_dossier_number = demo_dossier_number_next()
        last_dossier_number = first_dossier_number + persons - 1
        if last_dossier_number > DEMO_DOSSIER_LAST:
            raise ValidationError(
                {
                    "persons": f"Only {max(DEMO_DOSSIER_LAST - first_dossier_number + 1, 0)} demo dossier numbers "
                    "are left; ask for fewer persons."
                }
            )
        taken = (
            number
            for number in Person.objects.filter(personal_number__isnull=False)
            .values_list("personal_number", flat=True)
            .iterator(chunk_size=10_000)
            if number
        )
        chunks = population_chunks(
            persons=persons,
            seed=seed,
            today=today,
            first_dossier_number=first_dossier_number,
            taken_personal_numbers=taken,
        )
        with tqdm(total=persons, unit="person", unit_scale=True, file=sys.stderr, disable=not progress) as bar:
            for chunk in chunks:
                loader.write(chunk, on_table=lambda name, _rows: bar.set_postfix_str(name, refresh=False))
                sexes.update(chunk.persons.columns["sex"].tolist())
                bar.update(chunk.persons.rows)
        loader.finish()
        first_person_id, last_person_id = loader.id_range(Person)
        rows = {model._meta.label: loader.rows[model] for _, model in TABLE_MODELS}
        households = loader.rows[Household]
        audit_event_record(
            actor=None,
            actor_label=ACTOR_LABEL,
            action=Action.DEMO_POPULATION_LOAD,
            channel=Channel.COMMAND,
            os_user=shell_user(),
            target=("people.person", f"{first_person_id}-{last_person_id}"),
            reason="Synthetic demo population for the demo and tests",
            details={
                "persons": persons,
                "households": households,
                "seed": seed,
                "today": today.isoformat(),
                "dossier_numbers": f"{first_dossier_number}-{last_dossier_number}",
                "rows": rows,
            },
        )
    return LoadSummary(
        persons=persons,
        households=households,
        seed=seed,
        today=today,
        rows=rows,
        persons_by_sex={sex: sexes[sex] for sex in ("female", "male", "unknown")},
        first_person_id=first_person_id,
        last_person_id=last_person_id,
        first_dossier_number=str(first_dossier_number),
        last_dossier_number=str(last_dossier_number),
        database=connection.vendor,
        seconds=time.perf_counter() - started,
    )
