"""Applications, decisions, LMA eligibility and accommodation for the people of a chunk.

A family's asylum case is decided together, so random draws are made once per household and
shared by its members; only the sponsor a family joins gets draws of their own.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from lika.demo.generator import figures as f
from lika.demo.generator.households import COUNTRIES, BoolArray, Households, IndexArray, IntArray, People, day_number

NO_DAY = np.iinfo(np.int64).min  # the integer behind NaT, so it becomes an empty date
GRANTED, REFUSED, DISMISSED = 0, 1, 2
OUTCOME_VALUES = np.array(["granted", "refused", "dismissed"], dtype=object)
TEMPORARY, PERMANENT = 0, 1
PERMIT_KIND_VALUES = np.array(["temporary", "permanent", ""], dtype=object)  # index -1 is "no permit"
GROUND_VALUES = np.array(f.PATHWAYS, dtype=object)
AGENCY_WITH_FOOD, AGENCY, OWN = 0, 1, 2

REFUGEE_PERMIT_DAYS = 3 * 365
SUBSIDIARY_PERMIT_DAYS = 395  # 13 months
FAMILY_OR_WORK_PERMIT_DAYS = 2 * 365
STUDY_PERMIT_DAYS = 365
REGISTRATION_MIN_PERMIT_DAYS = 364


@dataclass(slots=True)
class Decisions:
    """Decisions on applications; ``application`` indexes the chunk's applications."""

    application: IntArray
    decided: IntArray
    outcome: IndexArray
    permit_kind: IndexArray
    valid_from: IntArray
    valid_until: IntArray


@dataclass(slots=True)
class Permits:
    """Everything about permits and reception for one chunk; persons are indexed within the chunk."""

    application_person: IntArray
    application_ground: IndexArray
    submitted: IntArray
    decisions: Decisions
    lma_person: IntArray
    lma_basis: npt.NDArray[np.object_]
    lma_start: IntArray
    lma_end: IntArray
    accommodation_person: IntArray
    accommodation_kind: npt.NDArray[np.object_]
    food_included: BoolArray
    accommodation_start: IntArray
    accommodation_end: IntArray
    # People who live here on a long enough permit to be registered (folkbokförda).
    registered: BoolArray


class _Draws:
    """Uniform draws made once per household and handed to each member."""

    def __init__(self, rng: np.random.Generator, household: IntArray, households: int) -> None:
        self._rng = rng
        self._household = household
        self._households = households

    def uniform(self) -> npt.NDArray[np.float64]:
        return self._rng.random(self._households)[self._household]

    def days(self, low: int, high: int) -> IntArray:
        return low + (self.uniform() * (high - low + 1)).astype(np.int64)

    def lognormal_days(self, median: float, sigma: float) -> IntArray:
        values = self._rng.lognormal(np.log(median), sigma, self._households)
        return values.astype(np.int64)[self._household]


def _open_if_future(end: IntArray, today: int) -> IntArray:
    """An end that has not come yet is not known: the period stays open."""
    return np.where(end > today, NO_DAY, end)


def permits_draw(rng: np.random.Generator, households: Households, people: People, today: datetime.date) -> Permits:
    """Draws each person's application, its decisions, an extension where due, LMA and accommodation."""
    today_day = day_number(today)
    draws = _Draws(rng, people.household, len(households.pathway))
    count = len(people.household)
    ground, arrival = people.ground, people.arrival
    is_sponsor = (people.position == 0) & households.has_sponsor[people.household]
    asylum, protection = ground == f.ASYLUM, ground == f.TEMPORARY_PROTECTION
    family, work, study = ground == f.FAMILY_TIES, ground == f.WORK, ground == f.STUDY
    in_country = family & (draws.uniform() < 0.10)

    # When each application was made and decided.
    minimum, median, sigma = f.ASYLUM_PROCESSING_DAYS
    asylum_days = minimum + draws.lognormal_days(median, sigma)
    lag = households.arrival[people.household] - households.sponsor_arrival[people.household]
    # A sponsor must hold a permit before the family can join, so the sponsor's case is decided in time.
    asylum_days = np.where(is_sponsor, np.clip(asylum_days, 30, np.maximum(lag - 60, 30)), asylum_days)
    submitted = np.select(
        [asylum | protection, in_country, family, work, study],
        [arrival, arrival + draws.days(0, 45), arrival - draws.days(150, 600), arrival - draws.days(40, 240), arrival - draws.days(60, 200)],
    )
    submitted = np.clip(submitted, people.birth, today_day)
    decided = np.select(
        [asylum, protection, in_country, family, work, study],
        [
            arrival + asylum_days,
            arrival + draws.days(2, 30),
            submitted + 90 + draws.lognormal_days(200, 0.5),
            arrival - draws.days(10, 75),
            arrival - draws.days(7, 35),
            arrival - draws.days(10, 60),
        ],
    )
    decided = np.maximum(decided, submitted)
    has_decision = decided <= today_day

    # What was decided.
    grant_rate = np.array([f.ASYLUM_GRANT_RATE.get(code, f.ASYLUM_GRANT_RATE_DEFAULT) for code in COUNTRIES])
    country = households.country[people.household]
    outcome_draw, dismissed_draw = draws.uniform(), draws.uniform()
    granted = np.select(
        [asylum, protection, in_country],
        [(outcome_draw < grant_rate[country]) | is_sponsor, outcome_draw < 0.985, outcome_draw < 0.70],
        True,
    )
    dismissed_share = np.where(in_country, 0.05 / 0.30, f.DISMISSED_SHARE)
    outcome = np.where(granted, GRANTED, np.where(dismissed_draw < dismissed_share, DISMISSED, REFUSED)).astype(np.intp)
    permanent = (draws.uniform() < f.PERMANENT_AT_FIRST_GRANT) & asylum | (draws.uniform() < 0.10) & family & ~in_country
    permit_days = np.select(
        [asylum & (draws.uniform() < f.REFUGEE_STATUS_SHARE), asylum, study],
        [REFUGEE_PERMIT_DAYS, SUBSIDIARY_PERMIT_DAYS, STUDY_PERMIT_DAYS],
        FAMILY_OR_WORK_PERMIT_DAYS,
    )
    valid_until = np.where(protection, np.maximum(day_number(f.TEMPORARY_PROTECTION_UNTIL), decided), decided + permit_days - 1)
    first = _decisions(
        np.flatnonzero(has_decision), decided, outcome, np.where(permanent, PERMANENT, TEMPORARY), valid_until
    )

    # A refused asylum seeker may appeal; the court's decision comes months later.
    appealed = asylum & has_decision & (outcome == REFUSED) & (draws.uniform() < f.APPEAL_SHARE)
    appeal_decided = decided + 120 + draws.days(0, 300)
    appeal_granted = draws.uniform() < f.APPEAL_GRANT_RATE
    appeal_outcome = np.where(appeal_granted, GRANTED, REFUSED).astype(np.intp)
    appeal_done = appealed & (appeal_decided <= today_day)
    appeal_until = appeal_decided + np.where(draws.uniform() < f.REFUGEE_STATUS_SHARE, REFUGEE_PERMIT_DAYS, SUBSIDIARY_PERMIT_DAYS) - 1
    second = _decisions(np.flatnonzero(appeal_done), appeal_decided, appeal_outcome, np.full(count, TEMPORARY), appeal_until)
    final_decided = np.where(appeal_done, appeal_decided, decided)
    final_granted = np.where(appeal_done, appeal_granted, has_decision & granted)
    final_permanent = np.where(appeal_done, False, permanent)
    final_until = np.where(appeal_done, appeal_until, valid_until)
    waiting = ~has_decision | (appealed & ~appeal_done)

    # A temporary permit that runs out is extended on a new application (not temporary protection).
    extension_submitted = final_until - draws.days(5, 90)
    extends = (
        final_granted & ~final_permanent & ~protection & (final_until <= today_day + 60)
        & (extension_submitted <= today_day) & (draws.uniform() < f.EXTENSION_SHARE)
    )  # fmt: skip
    extension_decided = extension_submitted + draws.days(30, 240)
    extension_granted = draws.uniform() < 0.90
    extension_permanent = draws.uniform() < 0.35
    extension_person = np.flatnonzero(extends)
    extension_done = extends & (extension_decided <= today_day)
    extension_rows = np.flatnonzero(extension_done[extends]) + count
    third = _decisions(
        np.flatnonzero(extension_done),
        extension_decided,
        np.where(extension_granted, GRANTED, REFUSED).astype(np.intp),
        np.where(extension_permanent, PERMANENT, TEMPORARY),
        final_until + FAMILY_OR_WORK_PERMIT_DAYS,
        valid_from=final_until + 1,
    )
    third.application = extension_rows
    decisions = Decisions(
        *(np.concatenate((getattr(first, name), getattr(second, name), getattr(third, name))) for name in Decisions.__dataclass_fields__)
    )

    # LMA: asylum seekers until some weeks after the final decision; temporary protection until
    # the person settles in a municipality or leaves. Open while that has not happened.
    asylum_end = final_decided + np.where(final_granted, draws.days(14, 120), draws.days(21, 300))
    protection_end = arrival + draws.lognormal_days(600, 0.6)
    protection_end = np.where(has_decision & ~granted, np.minimum(protection_end, decided + 30), protection_end)
    lma = asylum | protection
    lma_end = np.maximum(np.where(asylum, asylum_end, protection_end), arrival)
    lma_end = np.where(asylum & waiting, NO_DAY, _open_if_future(lma_end, today_day))
    lma_person = np.flatnonzero(lma)

    accommodation = _accommodation(draws, lma, protection, arrival, lma_end, today_day)

    long_permit = final_permanent | (final_until - np.where(appeal_done, appeal_decided, decided) >= REGISTRATION_MIN_PERMIT_DAYS)
    registered = (
        final_granted & long_permit & ~protection & (arrival <= today_day - 45) & (final_decided <= today_day - 30)
        & (draws.uniform() < f.REGISTERED_SHARE)
    )  # fmt: skip
    return Permits(
        application_person=np.concatenate((np.arange(count, dtype=np.int64), extension_person)),
        application_ground=np.concatenate((ground, ground[extension_person])),
        submitted=np.concatenate((submitted, extension_submitted[extension_person])),
        decisions=decisions,
        lma_person=lma_person,
        lma_basis=np.where(asylum[lma_person], "asylum_seeker", "temporary_protection").astype(object),
        lma_start=arrival[lma_person],
        lma_end=lma_end[lma_person],
        accommodation_person=accommodation[0],
        accommodation_kind=accommodation[1],
        food_included=accommodation[2],
        accommodation_start=accommodation[3],
        accommodation_end=accommodation[4],
        registered=registered,
    )


def _decisions(
    rows: IntArray,
    decided: IntArray,
    outcome: IndexArray,
    permit_kind: npt.NDArray[np.int64],
    valid_until: IntArray,
    valid_from: IntArray | None = None,
) -> Decisions:
    """Decisions for the applications at ``rows``; only a granted permit has a kind and validity."""
    granted = outcome[rows] == GRANTED
    start = decided[rows] if valid_from is None else valid_from[rows]
    permanent = granted & (permit_kind[rows] == PERMANENT)
    return Decisions(
        application=rows.astype(np.int64),
        decided=decided[rows],
        outcome=outcome[rows],
        permit_kind=np.where(granted, permit_kind[rows], -1).astype(np.intp),
        valid_from=np.where(granted, start, NO_DAY),
        valid_until=np.where(granted & ~permanent, np.maximum(valid_until[rows], start), NO_DAY),
    )


def _accommodation(
    draws: _Draws, lma: BoolArray, protection: BoolArray, start: IntArray, end: IntArray, today: int
) -> tuple[IntArray, npt.NDArray[np.object_], BoolArray, IntArray, IntArray]:
    """Where LMA persons live: one period, or agency accommodation followed by their own."""
    shares = np.cumsum(np.array(f.ACCOMMODATION_SHARES), axis=1)[protection.astype(np.intp)]
    choice = draws.uniform()
    kind = np.where(choice < shares[:, 0], AGENCY_WITH_FOOD, np.where(choice < shares[:, 1], AGENCY, OWN))
    last_day = np.where(end == NO_DAY, today, end)
    duration = last_day - start
    moves = lma & (kind != OWN) & (duration >= 180) & (draws.uniform() < f.MOVE_TO_OWN_SHARE)
    move_day = start + 60 + (draws.uniform() * np.maximum(duration - 120, 0)).astype(np.int64)
    people = np.flatnonzero(lma)
    movers = np.flatnonzero(moves)
    person = np.concatenate((people, movers))
    kinds = np.concatenate((kind[people], np.full(len(movers), OWN)))
    period_start = np.concatenate((start[people], move_day[movers]))
    period_end = np.concatenate((np.where(moves[people], move_day[people] - 1, end[people]), end[movers]))
    order = np.lexsort((period_start, person))
    kind_values = np.array(["agency", "agency", "own"], dtype=object)
    return (
        person[order],
        kind_values[kinds[order]],
        kinds[order] == AGENCY_WITH_FOOD,
        period_start[order],
        period_end[order],
    )
