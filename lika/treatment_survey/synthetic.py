"""Synthetic observations for the demo and the tests: made-up contacts that follow the protocol.

Nothing here describes real people or real officers. Contacts are drawn per site and channel with
officers who differ a little from each other (a random effect on the log-odds scale), and each
behaviour occurs with the share given for women and for men. Items that do not apply (eye contact
on the phone, "told why" when nobody left the call) are left out, as an observer's form would.
A planned share of contacts gets a second observer, who agrees with the first on each item with the
given probability.

Pure: no Django, no clock; the same arguments give the same contacts.
"""

from __future__ import annotations

import datetime
import math
import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from lika.treatment_survey.analysis.records import ContactRecord
from lika.treatment_survey.protocol.definition import BEHAVIOURS, CONTACT_ITEMS, ItemKind

__all__ = ["SyntheticSite", "synthetic_contacts", "synthetic_officer_codes"]

# Plausible made-up shares for the items that are not behaviours: (share of yes) where they apply.
_BACKGROUND = {
    "interpreter": 0.35,
    "companion": 0.2,
    "officer_left": 0.35,
    "client_humour": 0.4,
    "client_question": 0.75,
}
_SEX_WEIGHTS = (("female", 0.5), ("male", 0.47), ("unknown", 0.03))
_RECORDED_SHARE = 0.7
_CODE_ALPHABET = "ACDEFHJKLMNPRTUVWXY3479"  # no letters and digits that are easily confused


@dataclass(frozen=True)
class SyntheticSite:
    """A made-up site: its code, its channels and how many officers work there."""

    code: str
    channels: tuple[str, ...]
    officers: int


def synthetic_officer_codes(count: int, *, seed: int) -> list[str]:
    """``count`` different made-up officer pseudonyms, five characters each.

    >>> synthetic_officer_codes(3, seed=1) == synthetic_officer_codes(3, seed=1)
    True
    """
    rng = random.Random(f"officers:{seed}")  # noqa: S311 - made-up codes, not secrets
    codes: list[str] = []
    while len(codes) < count:
        code = "".join(rng.choice(_CODE_ALPHABET) for _ in range(5))
        if code not in codes:
            codes.append(code)
    return codes


def _logit(p: float) -> float:
    return math.log(p / (1.0 - p))


def _chance(p: float, officer_effect: float) -> float:
    return 1.0 / (1.0 + math.exp(-(_logit(p) + officer_effect)))


def _first_answers(
    rng: random.Random, channel: str, sex: str, shares: Mapping[str, tuple[float, float]], effect: float
) -> dict[str, str]:
    values: dict[str, str] = {"channel": channel, "client_sex": sex}
    answers: dict[str, str] = {}
    behaviours = {b.name for b in BEHAVIOURS}
    for item in CONTACT_ITEMS:
        if item.kind is not ItemKind.YES_NO or item.name == "second_observer" or not item.applies(values):
            continue
        if item.name in behaviours:
            women, men = shares.get(item.name, (0.6, 0.6))
            p = women if sex == "female" else men if sex == "male" else (women + men) / 2
            chance = _chance(p, effect)
        else:
            chance = _BACKGROUND[item.name]
        answers[item.name] = values[item.name] = "yes" if rng.random() < chance else "no"
    return answers


def _second_answers(
    rng: random.Random, channel: str, sex: str, first: Mapping[str, str], agreement: float
) -> dict[str, str]:
    """A second observer's answers: each item agrees with the first with probability ``agreement``."""
    values: dict[str, str] = {"channel": channel, "client_sex": sex}
    answers: dict[str, str] = {}
    for item in CONTACT_ITEMS:
        if item.kind is not ItemKind.YES_NO or item.name == "second_observer" or not item.applies(values):
            continue
        if item.name in first and rng.random() < agreement:
            value = first[item.name]
        elif item.name in first:
            value = "no" if first[item.name] == "yes" else "yes"
        else:
            value = rng.choice(("yes", "no"))
        answers[item.name] = values[item.name] = value
    return answers


def synthetic_contacts(
    *,
    seed: int,
    contacts: int,
    sites: Sequence[SyntheticSite],
    observers: Sequence[str],
    first_day: datetime.date,
    last_day: datetime.date,
    shares: Mapping[str, tuple[float, float]],
    double_coded_share: float = 0.1,
    agreement: float = 0.95,
    officer_spread: float = 0.3,
) -> list[ContactRecord]:
    """``contacts`` made-up contacts (first observers), plus second observers' records of some of them.

    ``shares`` maps a behaviour to the share of (women, men) with whom it occurs; other behaviours
    occur with 60 % of both. Contacts are spread evenly over the sites' channels and over weekdays
    of the period. Needs at least two observers when any contact is double-coded.
    """
    rng = random.Random(seed)  # noqa: S311 - made-up data
    officer_codes = synthetic_officer_codes(sum(site.officers for site in sites), seed=seed)
    officers: dict[str, list[str]] = {}
    for each in sites:
        officers[each.code], officer_codes = officer_codes[: each.officers], officer_codes[each.officers :]
    effects = {code: rng.gauss(0.0, officer_spread) for codes in officers.values() for code in codes}
    strata = [(site.code, channel) for site in sites for channel in site.channels]
    days = [
        first_day + datetime.timedelta(days=n)
        for n in range((last_day - first_day).days + 1)
        if (first_day + datetime.timedelta(days=n)).weekday() < 5
    ]
    records: list[ContactRecord] = []
    for number in range(1, contacts + 1):
        site, channel = strata[number % len(strata)]
        day = days[rng.randrange(len(days))]
        observer = observers[rng.randrange(len(observers))]
        officer = rng.choice(officers[site])
        sex = rng.choices([s for s, _ in _SEX_WEIGHTS], weights=[w for _, w in _SEX_WEIGHTS])[0]
        basis = "" if sex == "unknown" else ("recorded" if rng.random() < _RECORDED_SHARE else "perceived")
        answers = _first_answers(rng, channel, sex, shares, effects[officer])
        code = f"C{number:04d}"
        first = ContactRecord(code, observer, False, site, channel, day, officer, sex, basis, answers)
        records.append(first)
        if rng.random() < double_coded_share:
            second_observer = rng.choice([o for o in observers if o != observer])
            second = _second_answers(rng, channel, sex, answers, agreement)
            records.append(ContactRecord(code, second_observer, True, site, channel, day, officer, sex, basis, second))
    return records
