"""Training before treatment surveys, and what the surveys observed: the facts behind "does training work?".

Two tables, rebuilt in full together (they are small, and a late import of observations or a session
recorded afterwards changes any survey's row):

- :class:`~lika.followup.models.FactTrainingExposure`: for each treatment survey with observations, each
  unit of the competence part and the staff's sex, the staff placed there and how many of them took
  part in a group session before the survey, and since the survey before it.
- :class:`~lika.followup.models.FactTreatmentContact`: the survey's contacts, counted per site, officer
  pseudonym, client's sex and yes/no behaviour.

A unit and a survey site are the same place when they have the same code. Both parts are read through
Django's app registry, by name: the follow-up imports nothing of them, and builds these facts only
where both are installed.
"""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Iterable
from typing import Any

from django.apps import apps
from django.db import transaction

from lika.core import clock
from lika.core.bulk import model_rows_write
from lika.followup.facts.record import RebuildResult, rebuild_record
from lika.followup.models import FactTrainingExposure, FactTreatmentContact

COMPETENCE = "lika.competence"
TREATMENT_SURVEY = "lika.treatment_survey"
ANSWERED = ("yes", "no")

EXPOSURE_COLUMNS = [
    "survey_id",
    "survey_name",
    "first_day",
    "last_day",
    "year",
    "unit_code",
    "sex",
    "staff",
    "trained_before",
    "trained_since_previous",
]
CONTACT_COLUMNS = ["survey_id", "first_day", "site_code", "officer", "client_sex", "behaviour", "contacts", "positive"]

_Survey = tuple[int, str, datetime.date, datetime.date]


def _surveys(*, as_of: datetime.date) -> list[_Survey]:
    """The surveys with observations that began by ``as_of``, oldest first."""
    survey = apps.get_model("treatment_survey", "Survey")
    return list(
        survey.objects.filter(observations__isnull=False, first_day__lte=as_of)
        .distinct()
        .order_by("first_day", "id")
        .values_list("id", "name", "first_day", "last_day")
    )


def _exposure_rows(surveys: list[_Survey]) -> Iterable[tuple[Any, ...]]:
    placement = apps.get_model("competence", "Placement")
    session = apps.get_model("competence", "GroupSession")
    placed = list(placement.objects.order_by("user_id").values_list("user_id", "unit__code", "sex"))
    took_part: dict[int, list[datetime.date]] = {}
    for user_id, held_on in session.participants.through.objects.values_list("user_id", "groupsession__held_on"):
        took_part.setdefault(user_id, []).append(held_on)
    previous_end: datetime.date | None = None
    for survey_id, name, first_day, last_day in surveys:
        staff: Counter[tuple[str, str]] = Counter()
        before: Counter[tuple[str, str]] = Counter()
        since: Counter[tuple[str, str]] = Counter()
        for user_id, unit_code, sex in placed:
            key = (unit_code, sex)
            staff[key] += 1
            days = [day for day in took_part.get(user_id, []) if day < first_day]
            before[key] += bool(days)
            since[key] += any(previous_end is None or day > previous_end for day in days)
        for unit_code, sex in sorted(staff):
            key = (unit_code, sex)
            yield (
                survey_id,
                name,
                first_day,
                last_day,
                first_day.year,
                unit_code,
                sex,
                staff[key],
                before[key],
                since[key],
            )
        previous_end = last_day


def _contact_rows(surveys: list[_Survey]) -> Iterable[tuple[Any, ...]]:
    observation = apps.get_model("treatment_survey", "Observation")
    first_days = {survey_id: first_day for survey_id, _name, first_day, _last in surveys}
    counted: Counter[tuple[int, str, str, str, str, bool]] = Counter()
    rows = observation.objects.filter(survey_id__in=first_days, second_observer=False).values_list(
        "survey_id", "session__site__code", "officer__code", "client_sex", "answers"
    )
    for survey_id, site, officer, sex, answers in rows.iterator():
        for behaviour, answer in answers.items():
            if answer in ANSWERED:
                counted[(survey_id, site, officer, sex, behaviour, answer == ANSWERED[0])] += 1
    cells: dict[tuple[int, str, str, str, str], list[int]] = {}
    for (survey_id, site, officer, sex, behaviour, yes), count in counted.items():
        cell = cells.setdefault((survey_id, site, officer, sex, behaviour), [0, 0])
        cell[0] += count
        cell[1] += count if yes else 0
    for (survey_id, site, officer, sex, behaviour), (contacts, positive) in sorted(cells.items()):
        yield (survey_id, first_days[survey_id], site, officer, sex, behaviour, contacts, positive)


def training_rebuild(*, as_of: datetime.date) -> list[RebuildResult]:
    """Rebuilds both tables in full from the surveys that began by ``as_of``; nothing where a part is not installed."""
    if not (apps.is_installed(COMPETENCE) and apps.is_installed(TREATMENT_SURVEY)):
        return []
    started = clock.now()
    surveys = _surveys(as_of=as_of)
    exposure = list(_exposure_rows(surveys))
    contacts = list(_contact_rows(surveys))
    with transaction.atomic():
        FactTrainingExposure.objects.all().delete()
        FactTreatmentContact.objects.all().delete()
        model_rows_write(FactTrainingExposure, EXPOSURE_COLUMNS, exposure)
        model_rows_write(FactTreatmentContact, CONTACT_COLUMNS, contacts)
        return [
            rebuild_record(
                FactTrainingExposure, full=True, as_of=as_of, watermark=0, written=len(exposure), started=started
            ),
            rebuild_record(
                FactTreatmentContact, full=True, as_of=as_of, watermark=0, written=len(contacts), started=started
            ),
        ]
