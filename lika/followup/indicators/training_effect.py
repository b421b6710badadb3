"""Does training make treatment more equal? The follow-up's indicator, read from its training facts.

For the last two treatment surveys in the facts, each unit's share of staff who took part in a group
session between them (protected against small cells, split by the staff's sex), and the triple
difference of :mod:`lika.statistics.training_effect`: how much more the gap between men and women
changed in trained units than in untrained ones, with its interval, or why it cannot be estimated.
A unit counts as trained when at least half its staff took part.

Only aggregates leave here: the staff shares go through the disclosure rules, and the estimate is
given only where every group of units has enough officers and contacts
(:data:`~lika.statistics.training_effect.MIN_CLUSTERS`, :data:`~lika.statistics.training_effect.MIN_CONTACTS`).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from lika.followup.models import FactTrainingExposure, FactTreatmentContact
from lika.people.models import Sex
from lika.statistics.disclosure import TOTAL, DisclosureRules
from lika.statistics.disclosure.shares import Cell, share_table
from lika.statistics.training_effect import Contact, Effect, triple_difference

TRAINED_SHARE = 0.5
BEHAVIOUR = "offered_choice"
# The survey protocol's short names of the behaviours the indicator may compare (the follow-up reads the
# survey only through its facts, so the label is kept here).
BEHAVIOUR_LABELS: dict[str, Promise] = {BEHAVIOUR: _("Offered a choice")}


@dataclass(frozen=True)
class SurveyFacts:
    id: int
    name: str
    first_day: datetime.date
    last_day: datetime.date


@dataclass(frozen=True)
class UnitShare:
    unit: str  # the unit's code; "" for all units together
    trained: bool | None  # None for the row of all units
    cells: tuple[Cell, ...]  # staff who took part in a session between the surveys, per sex and total


@dataclass(frozen=True)
class TrainingEffect:
    behaviour: str
    before: SurveyFacts | None
    after: SurveyFacts | None
    shares: list[UnitShare]
    trained_units: list[str]
    untrained_units: list[str]
    effect: Effect | None  # None when the facts hold fewer than two surveys


def _surveys() -> list[SurveyFacts]:
    rows = (
        FactTrainingExposure.objects.values_list("survey_id", "survey_name", "first_day", "last_day")
        .distinct()
        .order_by("first_day", "survey_id")
    )
    return [SurveyFacts(*row) for row in rows]


def training_effect(*, rules: DisclosureRules, behaviour: str = BEHAVIOUR) -> TrainingEffect:
    """The indicator for the last two surveys in the facts (three queries)."""
    surveys = _surveys()
    if len(surveys) < 2:
        return TrainingEffect(behaviour, None, surveys[-1] if surveys else None, [], [], [], None)
    before, after = surveys[-2], surveys[-1]
    staff: dict[tuple[str, str], int] = {}
    trained_staff: dict[tuple[str, str], int] = {}
    for unit, sex, placed, took_part in FactTrainingExposure.objects.filter(survey_id=after.id).values_list(
        "unit_code", "sex", "staff", "trained_since_previous"
    ):
        staff[(unit, sex)] = placed
        trained_staff[(unit, sex)] = took_part
    units = sorted({unit for unit, _sex in staff})
    # Whether a unit trained is decided on the exact counts; only the published shares are protected.
    share = {
        unit: sum(n for (u, _s), n in trained_staff.items() if u == unit)
        / max(1, sum(n for (u, _s), n in staff.items() if u == unit))
        for unit in units
    }
    trained = [unit for unit in units if share[unit] >= TRAINED_SHARE]
    untrained = [unit for unit in units if share[unit] < TRAINED_SHARE]
    cells = share_table(trained_staff, staff, units, rules)
    shares = [UnitShare(unit, unit in trained, cells[unit]) for unit in units] + [UnitShare("", None, cells[TOTAL])]
    contacts = []
    waves = {before.id: 0, after.id: 1}
    for survey_id, site, officer, sex, count, positive in FactTreatmentContact.objects.filter(
        survey_id__in=waves, behaviour=behaviour, site_code__in=units, client_sex__in=(Sex.FEMALE, Sex.MALE)
    ).values_list("survey_id", "site_code", "officer", "client_sex", "contacts", "positive"):
        group, wave, woman, pseudonym = site in trained, waves[survey_id], sex == Sex.FEMALE, f"{survey_id}:{officer}"
        if positive:
            contacts.append(Contact(group, wave, woman, True, pseudonym, count=positive))
        if count - positive:
            contacts.append(Contact(group, wave, woman, False, pseudonym, count=count - positive))
    return TrainingEffect(behaviour, before, after, shares, trained, untrained, triple_difference(contacts))
