"""Does training make treatment more equal? A triple difference over two treatment surveys.

For one behaviour, the gap between women and men (men's share minus women's) is taken in each group
of units — those whose staff trained between the two surveys and those that did not — at the survey
before and the survey after. The estimate is how much more the gap changed in trained units than in
untrained ones: ``(gap_after - gap_before)[trained] - (gap_after - gap_before)[untrained]``. A negative
value means the gap narrowed more where staff trained. It is an association, not proof: units were not
trained in a random order.

The interval comes from a cluster bootstrap: the officers (pseudonyms) of each group and survey are
drawn again with replacement, since contacts with one officer are not independent. With fewer than
``min_clusters`` officers or ``min_contacts`` contacts in any cell the estimate is not given at all.
Pure: no Django, no clock; the same data and seed give the same interval. The follow-up feeds it from
its fact tables, where contacts are already counted per officer, sex and outcome (``count``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

MIN_CONTACTS = 20
MIN_CLUSTERS = 3
REPLICATIONS = 999


@dataclass(frozen=True)
class Contact:
    """Observed contacts alike in their unit's group, the survey (0 before, 1 after), the person's sex, the
    outcome and the officer (``count`` of them, one unless the contacts were counted beforehand)."""

    trained: bool
    wave: int
    woman: bool
    outcome: bool
    officer: str
    count: int = 1


@dataclass(frozen=True)
class Effect:
    """The estimate with its interval, or why there is none (``reason``); the four gaps behind it."""

    estimate: float | None
    low: float | None
    high: float | None
    reason: str
    gaps: dict[tuple[bool, int], float]
    contacts: int

    @property
    def estimable(self) -> bool:
        return self.estimate is not None


Stratum = tuple[bool, int]  # (trained, wave)
# Per stratum and officer: contacts and outcomes of women and of men.
_Counts = dict[Stratum, dict[str, np.ndarray]]


def _counts(contacts: Iterable[Contact]) -> _Counts:
    counts: dict[Stratum, dict[str, np.ndarray]] = defaultdict(dict)
    for contact in contacts:
        cell = counts[(contact.trained, contact.wave)].setdefault(contact.officer, np.zeros(4))
        offset = 0 if contact.woman else 2
        cell[offset] += contact.count
        cell[offset + 1] += contact.count * contact.outcome
    return counts


def _gap(totals: np.ndarray) -> float:
    women, women_yes, men, men_yes = totals
    return float(men_yes / men - women_yes / women)


def _estimate(gaps: dict[Stratum, float]) -> float:
    return (gaps[(True, 1)] - gaps[(True, 0)]) - (gaps[(False, 1)] - gaps[(False, 0)])


STRATA: Sequence[Stratum] = ((True, 0), (True, 1), (False, 0), (False, 1))


def triple_difference(
    contacts: Iterable[Contact],
    *,
    min_contacts: int = MIN_CONTACTS,
    min_clusters: int = MIN_CLUSTERS,
    replications: int = REPLICATIONS,
    confidence: float = 0.95,
    seed: int = 0,
) -> Effect:
    """The change in the women–men gap in trained units against untrained ones, with a bootstrap interval.

    >>> rows = [Contact(t, w, s, o, f"{t}{w}{k}") for t in (True, False) for w in (0, 1) for s in (True, False)
    ...         for k in range(3) for o in (True, False) for _ in range(5)]
    >>> triple_difference(rows, min_contacts=10).estimate
    0.0
    """
    listed = list(contacts)
    observed = sum(contact.count for contact in listed)
    counts = _counts(listed)
    for stratum in STRATA:
        officers = counts.get(stratum, {})
        totals = sum(officers.values(), np.zeros(4))
        if len(officers) < min_clusters:
            return Effect(None, None, None, "too_few_officers", {}, observed)
        if totals[0] < min_contacts or totals[2] < min_contacts:
            return Effect(None, None, None, "too_few_contacts", {}, observed)
    arrays = {stratum: np.array(list(counts[stratum].values())) for stratum in STRATA}
    gaps = {stratum: _gap(arrays[stratum].sum(axis=0)) for stratum in STRATA}
    estimate = _estimate(gaps)
    rng = np.random.default_rng(seed)
    draws: list[float] = []
    for _ in range(replications):
        drawn: dict[Stratum, float] = {}
        for stratum in STRATA:
            table = arrays[stratum]
            chosen = table[rng.integers(len(table), size=len(table))].sum(axis=0)
            if chosen[0] == 0 or chosen[2] == 0:
                break
            drawn[stratum] = _gap(chosen)
        else:
            draws.append(_estimate(drawn))
    if len(draws) < replications // 2:
        return Effect(None, None, None, "too_few_contacts", gaps, observed)
    tail = (1 - confidence) / 2
    low, high = np.quantile(np.array(draws), [tail, 1 - tail])
    return Effect(round(estimate, 10), float(low), float(high), "", gaps, observed)
