"""Applications, decisions, LMA eligibility and accommodation for the people of a chunk.

A family's asylum case is decided together, so random draws are made once per household and
shared by its members; only the sponsor a family joins gets draws of their own.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, fields

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


@dataclass(slots=True)
class _FirstApplications:
    """Each person's first application and its first decision (where one has been made)."""

    asylum: BoolArray
    protection: BoolArray
    submitted: IntArray
    decided: IntArray
    has_decision: BoolArray
    granted: BoolArray
    outcome: IndexArray
    permanent: BoolArray
    valid_until: IntArray
    decisions: Decisions


@dataclass(slots=True)
class _Standing:
    """Where each person's case stands today, after any appeal."""

    decided: IntArray
    granted: BoolArray
    permanent: BoolArray
    valid_from: IntArray
    valid_until: IntArray
    waiting: BoolArray
    decisions: Decisions


def permits_draw(rng: np.random.Generator, households: Households, people: People, today: datetime.date) -> Permits:
    """Draws each person's application, its decisions, an extension where due, LMA and accommodation."""
    today_day = day_number(today)
    draws = _Draws(rng, people.household, len(households.pathway))
    count = len(people.household)
    first = _first_applications(draws, households, people, today_day)
    standing = _appeals(draws, first, today_day)
    extension_person, extension_submitted, extensions = _extensions(draws, first, standing, today_day)
    lma_end = _lma_end(draws, first, standing, people.arrival, today_day)
    lma = first.asylum | first.protection
    lma_person = np.flatnonzero(lma)
    accommodation = _accommodation(
        draws, lma=lma, protection=first.protection, start=people.arrival, end=lma_end, today=today_day
    )
    long_permit = standing.permanent | (standing.valid_until - standing.valid_from >= REGISTRATION_MIN_PERMIT_DAYS)
    registered = (
        standing.granted & long_permit & ~first.protection & (people.arrival <= today_day - 45)
        & (standing.decided <= today_day - 30) & (draws.uniform() < f.REGISTERED_SHARE)
    )  # fmt: skip
    decisions = [first.decisions, standing.decisions, extensions]
    return Permits(
        application_person=np.concatenate((np.arange(count, dtype=np.int64), extension_person)),
        application_ground=np.concatenate((people.ground, people.ground[extension_person])),
        submitted=np.concatenate((first.submitted, extension_submitted)),
        decisions=Decisions(
            *(np.concatenate([getattr(part, item.name) for part in decisions]) for item in fields(Decisions))
        ),
        lma_person=lma_person,
        lma_basis=np.where(first.asylum[lma_person], "asylum_seeker", "temporary_protection").astype(object),
        lma_start=people.arrival[lma_person],
        lma_end=lma_end[lma_person],
        accommodation_person=accommodation[0],
        accommodation_kind=accommodation[1],
        food_included=accommodation[2],
        accommodation_start=accommodation[3],
        accommodation_end=accommodation[4],
        registered=registered,
    )


def _first_applications(draws: _Draws, households: Households, people: People, today: int) -> _FirstApplications:
    """When each first application was made and decided, and what was decided."""
    ground, arrival = people.ground, people.arrival
    is_sponsor = (people.position == 0) & households.has_sponsor[people.household]
    asylum, protection = ground == f.ASYLUM, ground == f.TEMPORARY_PROTECTION
    family, work, study = ground == f.FAMILY_TIES, ground == f.WORK, ground == f.STUDY
    in_country = family & (draws.uniform() < f.FAMILY_IN_COUNTRY_SHARE)

    minimum, median, sigma = f.ASYLUM_PROCESSING_DAYS
    asylum_days = minimum + draws.lognormal_days(median, sigma)
    lag = households.arrival[people.household] - households.sponsor_arrival[people.household]
    # A sponsor must hold a permit before the family can join, so the sponsor's case is decided in time.
    asylum_days = np.where(is_sponsor, np.clip(asylum_days, 30, np.maximum(lag - 60, 30)), asylum_days)
    # Asylum is sought on arrival; other permits are mostly applied for from abroad and granted
    # before the journey.
    submitted = np.select(
        [asylum | protection, in_country, family, work, study],
        [
            arrival,
            arrival + draws.days(0, 45),
            arrival - draws.days(150, 600),
            arrival - draws.days(40, 240),
            arrival - draws.days(60, 200),
        ],
    )
    submitted = np.clip(submitted, people.birth, today)
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
    has_decision = decided <= today

    grant_rate = np.array([f.ASYLUM_GRANT_RATE.get(code, f.ASYLUM_GRANT_RATE_DEFAULT) for code in COUNTRIES])
    outcome_draw, dismissed_draw = draws.uniform(), draws.uniform()
    granted = np.select(
        [asylum, protection, in_country],
        [
            (outcome_draw < grant_rate[households.country[people.household]]) | is_sponsor,
            outcome_draw < f.TEMPORARY_PROTECTION_GRANT_RATE,
            outcome_draw < f.FAMILY_IN_COUNTRY_GRANT_RATE,
        ],
        True,
    )
    dismissed_share = np.where(
        in_country, f.FAMILY_IN_COUNTRY_DISMISSED_SHARE / (1 - f.FAMILY_IN_COUNTRY_GRANT_RATE), f.DISMISSED_SHARE
    )
    outcome = np.where(granted, GRANTED, np.where(dismissed_draw < dismissed_share, DISMISSED, REFUSED)).astype(np.intp)
    permanent = ((draws.uniform() < f.PERMANENT_AT_FIRST_GRANT) & asylum) | (
        (draws.uniform() < f.FAMILY_PERMANENT_SHARE) & family & ~in_country
    )
    permit_days = np.select(
        [asylum & (draws.uniform() < f.REFUGEE_STATUS_SHARE), asylum, study],
        [REFUGEE_PERMIT_DAYS, SUBSIDIARY_PERMIT_DAYS, STUDY_PERMIT_DAYS],
        FAMILY_OR_WORK_PERMIT_DAYS,
    )
    protection_until = np.maximum(day_number(f.TEMPORARY_PROTECTION_UNTIL), decided)
    valid_until = np.where(protection, protection_until, decided + permit_days - 1)
    return _FirstApplications(
        asylum=asylum,
        protection=protection,
        submitted=submitted,
        decided=decided,
        has_decision=has_decision,
        granted=has_decision & granted,
        outcome=outcome,
        permanent=permanent,
        valid_until=valid_until,
        decisions=_decisions(
            np.flatnonzero(has_decision),
            decided=decided,
            outcome=outcome,
            permit_kind=np.where(permanent, PERMANENT, TEMPORARY),
            valid_until=valid_until,
        ),
    )


def _appeals(draws: _Draws, first: _FirstApplications, today: int) -> _Standing:
    """A refused asylum seeker may appeal; the court decides months later."""
    count = len(first.decided)
    appealed = first.asylum & first.has_decision & (first.outcome == REFUSED) & (draws.uniform() < f.APPEAL_SHARE)
    decided = first.decided + 120 + draws.days(0, 300)
    granted = draws.uniform() < f.APPEAL_GRANT_RATE
    refugee = draws.uniform() < f.REFUGEE_STATUS_SHARE
    valid_until = decided + np.where(refugee, REFUGEE_PERMIT_DAYS, SUBSIDIARY_PERMIT_DAYS) - 1
    done = appealed & (decided <= today)
    return _Standing(
        decided=np.where(done, decided, first.decided),
        granted=np.where(done, granted, first.granted),
        permanent=np.where(done, False, first.permanent),
        valid_from=np.where(done, decided, first.decided),
        valid_until=np.where(done, valid_until, first.valid_until),
        waiting=~first.has_decision | (appealed & ~done),
        decisions=_decisions(
            np.flatnonzero(done),
            decided=decided,
            outcome=np.where(granted, GRANTED, REFUSED).astype(np.intp),
            permit_kind=np.full(count, TEMPORARY),
            valid_until=valid_until,
        ),
    )


def _extensions(
    draws: _Draws, first: _FirstApplications, standing: _Standing, today: int
) -> tuple[IntArray, IntArray, Decisions]:
    """A temporary permit that runs out is extended on a new application (not temporary protection).

    Returns the persons who apply, when they apply, and the decisions made so far; the
    decisions' ``application`` counts on from the first applications.
    """
    count = len(first.decided)
    submitted = standing.valid_until - draws.days(5, 90)
    extends = (
        standing.granted & ~standing.permanent & ~first.protection & (standing.valid_until <= today + 60)
        & (submitted <= today) & (draws.uniform() < f.EXTENSION_SHARE)
    )  # fmt: skip
    decided = submitted + draws.days(30, 240)
    granted = draws.uniform() < f.EXTENSION_GRANT_RATE
    permanent = draws.uniform() < f.EXTENSION_PERMANENT_SHARE
    done = extends & (decided <= today)
    decisions = _decisions(
        np.flatnonzero(done),
        decided=decided,
        outcome=np.where(granted, GRANTED, REFUSED).astype(np.intp),
        permit_kind=np.where(permanent, PERMANENT, TEMPORARY),
        valid_until=standing.valid_until + FAMILY_OR_WORK_PERMIT_DAYS,
        valid_from=standing.valid_until + 1,
    )
    decisions.application = count + np.flatnonzero(done[extends]).astype(np.int64)
    person = np.flatnonzero(extends).astype(np.int64)
    return person, submitted[person], decisions


def _lma_end(draws: _Draws, first: _FirstApplications, standing: _Standing, arrival: IntArray, today: int) -> IntArray:
    """Last day of LMA: asylum seekers until some weeks after the final decision; temporary
    protection until the person settles in a municipality or leaves. Open until that happens.
    """
    asylum_end = standing.decided + np.where(standing.granted, draws.days(14, 120), draws.days(21, 300))
    protection_end = arrival + draws.lognormal_days(600, 0.6)
    refused = first.has_decision & ~first.granted
    protection_end = np.where(refused, np.minimum(protection_end, first.decided + 30), protection_end)
    end = np.maximum(np.where(first.asylum, asylum_end, protection_end), arrival)
    return np.where(first.asylum & standing.waiting, NO_DAY, _open_if_future(end, today))


def _decisions(
    rows: IntArray,
    *,
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
    draws: _Draws, *, lma: BoolArray, protection: BoolArray, start: IntArray, end: IntArray, today: int
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
