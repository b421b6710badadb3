"""How many contacts a treatment survey needs to see a given difference between women and men.

Two steps. First the number per group for comparing two independent shares with a two-sided test
(normal approximation, with or without Fleiss's continuity correction). Then the inflation for
clustering: contacts with the same officer resemble each other, so ``m`` contacts per officer with
intra-class correlation ``ICC`` carry the information of fewer independent contacts. Kish's design
effect ``1 + (m − 1)·ICC`` is the factor by which the sample must grow. For a behaviour that can
occur in only a share ``a`` of contacts, the analysis sees ``m·a`` contacts per officer, and the
design effect is that of these smaller clusters (Kish's cross-classes).

Pure: no Django.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from statistics import NormalDist

__all__ = ["SampleSize", "design_effect", "sample_size_two_proportions", "survey_sample_size"]


def _check_share(name: str, value: float) -> None:
    if not 0.0 < value < 1.0:
        raise ValueError(f"{name} must lie strictly between 0 and 1, not {value!r}.")


def sample_size_two_proportions(
    p1: float, p2: float, *, alpha: float = 0.05, power: float = 0.8, continuity: bool = True
) -> float:
    """Returns the number per group (not rounded) to tell ``p1`` from ``p2`` with a two-sided test.

    Without the correction, n = [z₁₋α/₂·√(2·p̄·q̄) + z₁₋β·√(p₁q₁ + p₂q₂)]² / (p₁ − p₂)², where p̄ is
    the mean of the two shares and q = 1 − p. With ``continuity`` (the default), the corrected
    n' = n/4·[1 + √(1 + 4/(n·|p₁ − p₂|))]² (Fleiss, Levin and Paik, *Statistical Methods for Rates
    and Proportions*, 3rd ed., Wiley 2003, section 4.2, formulas 4.14 and 4.15; the continuity
    correction is that of Kramer and Greenhouse, 1959).

    Raises ValueError for shares outside (0, 1), equal shares, or alpha or power outside (0, 1).

    Fleiss's Table A.4 gives 107 per group for 0.40 against 0.60 (alpha 0.05, power 0.80):

    >>> math.ceil(sample_size_two_proportions(0.40, 0.60))
    107
    >>> round(sample_size_two_proportions(0.40, 0.60, continuity=False), 2)
    96.92
    """
    _check_share("p1", p1)
    _check_share("p2", p2)
    _check_share("alpha", alpha)
    _check_share("power", power)
    difference = abs(p1 - p2)
    if difference == 0:
        raise ValueError("The two shares are equal; no sample can tell them apart.")
    normal = NormalDist()
    z_alpha = normal.inv_cdf(1.0 - alpha / 2.0)
    z_beta = normal.inv_cdf(power)
    mean = (p1 + p2) / 2.0
    root = z_alpha * math.sqrt(2.0 * mean * (1.0 - mean)) + z_beta * math.sqrt(p1 * (1.0 - p1) + p2 * (1.0 - p2))
    n = root * root / (difference * difference)
    if not continuity:
        return n
    return n / 4.0 * (1.0 + math.sqrt(1.0 + 4.0 / (n * difference))) ** 2


def design_effect(contacts_per_officer: float, icc: float) -> float:
    """Kish's design effect for clusters of ``contacts_per_officer`` with intra-class correlation ``icc``.

    (Kish, *Survey Sampling*, Wiley 1965, section 5.4.)

    >>> round(design_effect(20, 0.05), 4)
    1.95
    >>> design_effect(1, 0.3)
    1.0
    """
    if contacts_per_officer < 1:
        raise ValueError(f"An officer has at least one contact, not {contacts_per_officer!r}.")
    if not 0.0 <= icc <= 1.0:
        raise ValueError(f"The intra-class correlation must lie between 0 and 1, not {icc!r}.")
    return 1.0 + (contacts_per_officer - 1.0) * icc


@dataclass(frozen=True)
class SampleSize:
    """The contacts a survey needs, per sex and in all, and the officers they imply.

    ``per_group_independent``: contacts per sex if every contact were independent; ``design_effect``
    the inflation for clustering; ``per_group``: contacts with women (and as many with men) to
    observe, in whole contacts; ``total``: both groups, before any contacts where the behaviour
    does not apply (``applicable_share`` below 1 raises it); ``officers``: how many different
    officers the contacts should be spread over at the planned contacts per officer.
    """

    per_group_independent: float
    design_effect: float
    per_group: int
    total: int
    officers: int


def survey_sample_size(
    *,
    share_women: float,
    share_men: float,
    contacts_per_officer: float,
    icc: float,
    alpha: float = 0.05,
    power: float = 0.8,
    applicable_share: float = 1.0,
    continuity: bool = True,
) -> SampleSize:
    """The sample a survey needs to detect ``share_women`` against ``share_men``, inflated for clustering.

    ``applicable_share`` is the share of contacts in which the behaviour can occur (for example the
    share of phone calls in which the officer leaves the call); the total grows by its inverse. Only
    those contacts enter the analysis, so the clusters are ``contacts_per_officer · applicable_share``
    contacts large (at least one), and the design effect is theirs (Kish, *Survey Sampling*, 1965,
    section 14.1, on cross-classes).

    >>> size = survey_sample_size(share_women=0.45, share_men=0.62, contacts_per_officer=10, icc=0.05)
    >>> size.per_group, size.total, size.officers
    (211, 422, 43)
    """
    if not 0.0 < applicable_share <= 1.0:
        raise ValueError(f"The applicable share must lie in (0, 1], not {applicable_share!r}.")
    independent = sample_size_two_proportions(share_women, share_men, alpha=alpha, power=power, continuity=continuity)
    if contacts_per_officer < 1:
        raise ValueError(f"An officer has at least one contact, not {contacts_per_officer!r}.")
    effect = design_effect(max(1.0, contacts_per_officer * applicable_share), icc)
    per_group = math.ceil(independent * effect - 1e-9)
    total = math.ceil(2 * per_group / applicable_share - 1e-9)
    officers = math.ceil(total / contacts_per_officer - 1e-9)
    return SampleSize(
        per_group_independent=independent,
        design_effect=effect,
        per_group=per_group,
        total=total,
        officers=officers,
    )
