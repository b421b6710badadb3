"""The analysis of a treatment survey: from observed contacts to protected, adjusted results.

For each behaviour, overall and in each channel, among the contacts where the behaviour applies:

* the share of contacts with women, with men and with people of unknown sex in which it occurred,
  with Wilson score intervals;
* the difference women − men with Newcombe's hybrid score interval;
* the odds ratio women/men from a logistic model with channel, site and interpreter as controls
  and standard errors clustered by officer (:mod:`.model`), whose p-value is adjusted with Holm's
  method across the pre-registered (confirmatory) behaviours, and with Benjamini–Hochberg across
  the exploratory results (each channel separately, and the exploratory behaviours);
* the reliability of each item from the double-coded contacts (Krippendorff's alpha, nominal, and
  percent agreement), judged against the pass mark fixed before fieldwork; a behaviour is flagged
  when its own item, an item it depends on, or the person's sex falls below the pass mark.

Every cell passes the protection rule (:mod:`.protection`) before any figure of it is kept; a
masked cell keeps only its reason. Officer codes go in and never come out.

The records are sorted first, so the same contacts give the same analysis in any order.
Pure: no Django, no clock.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from lika.statistics import (
    AlphaUndefinedError,
    Interval,
    benjamini_hochberg,
    holm,
    krippendorff_alpha_nominal,
    newcombe_difference,
    percent_agreement,
    wilson_interval,
)
from lika.treatment_survey.analysis.model import ModelRow, SexEffect, sex_effect
from lika.treatment_survey.analysis.protection import CellBasis, MaskReason, ProtectionRule, row_protect
from lika.treatment_survey.analysis.records import ContactRecord
from lika.treatment_survey.protocol.definition import BEHAVIOURS, CONTACT_ITEMS, YES_NO_ITEMS, Behaviour

__all__ = [
    "ALL_CHANNELS",
    "SEX_GROUPS",
    "AnalysisSettings",
    "BehaviourResult",
    "Comparison",
    "ItemReliability",
    "ReliabilityStatus",
    "SampleSummary",
    "Share",
    "SurveyAnalysis",
    "survey_analyse",
]

ALL_CHANNELS = ""
SEX_GROUPS = ("female", "male", "unknown")
RELIABILITY_ITEMS: tuple[str, ...] = ("client_sex", *(name for name in YES_NO_ITEMS if name != "second_observer"))
MIN_RELIABILITY_UNITS = 10  # fewer double-coded contacts where an item applies cannot judge it


@dataclass(frozen=True)
class AnalysisSettings:
    """What the survey fixed before fieldwork: the protection rule, the reliability pass mark and the level."""

    rule: ProtectionRule = field(default_factory=ProtectionRule)
    pass_mark: float = 0.8
    level: float = 0.05
    confidence: float = 0.95


@dataclass(frozen=True)
class Share:
    """A shown share (occurred / contacts with its interval), or only why it is masked.

    ``contacts`` is 0 and everything else None when no contact of the group had the behaviour apply.
    """

    occurred: int | None
    contacts: int | None
    interval: Interval | None
    masked: MaskReason | None = None

    @property
    def shown(self) -> bool:
        return self.masked is None and self.interval is not None


@dataclass(frozen=True)
class Comparison:
    """Women against men for one behaviour, in one channel (``ALL_CHANNELS`` for all of them)."""

    channel: str
    shares: dict[str, Share]
    difference: Interval | None
    effect: SexEffect | None
    confirmatory: bool
    p_adjusted: float | None = None

    @property
    def women(self) -> Share:
        return self.shares["female"]

    @property
    def men(self) -> Share:
        return self.shares["male"]


class ReliabilityStatus(StrEnum):
    PASSED = "passed"
    FAILED = "failed"
    UNDEFINED = "undefined"  # every double-coded value the same: alpha is 0/0
    TOO_FEW = "too_few"


@dataclass(frozen=True)
class ItemReliability:
    """How well two observers of the same contacts agreed on one item."""

    item: str
    units: int
    agreement: float | None
    alpha: float | None
    status: ReliabilityStatus

    @property
    def passed(self) -> bool:
        return self.status is ReliabilityStatus.PASSED


@dataclass(frozen=True)
class BehaviourResult:
    """All results for one behaviour; ``flagged_by`` lists the items below the pass mark it rests on."""

    behaviour: Behaviour
    overall: Comparison
    channels: list[Comparison]
    flagged_by: tuple[str, ...]
    level: float

    @property
    def name(self) -> str:
        return self.behaviour.name

    @property
    def flagged(self) -> bool:
        return bool(self.flagged_by)

    @property
    def differs(self) -> bool:
        """Whether women and men differ overall after the adjustment for many tests."""
        return self.overall.p_adjusted is not None and self.overall.p_adjusted < self.level


@dataclass(frozen=True)
class SampleSummary:
    """What the survey observed: contacts by channel and sex, and how many officers, observers and sites."""

    contacts: dict[str, dict[str, int]]  # channel (and ALL_CHANNELS) -> sex -> first observers' contacts
    officers: int
    observers: int
    sites: int
    double_coded: int
    sex_basis: dict[str, int]  # recorded / perceived, among contacts whose sex is known

    @property
    def total(self) -> int:
        return sum(self.contacts.get(ALL_CHANNELS, {}).values())

    @property
    def double_coded_share(self) -> float | None:
        return self.double_coded / self.total if self.total else None


@dataclass(frozen=True)
class SurveyAnalysis:
    settings: AnalysisSettings
    channels: tuple[str, ...]
    sample: SampleSummary
    reliability: list[ItemReliability]
    behaviours: list[BehaviourResult] = field(default_factory=list)

    def behaviour(self, name: str) -> BehaviourResult:
        return next(result for result in self.behaviours if result.name == name)

    def reliability_of(self, item: str) -> ItemReliability | None:
        return next((r for r in self.reliability if r.item == item), None)


# --- reliability -----------------------------------------------------------------------------------


def _item_value(record: ContactRecord, item: str) -> str | None:
    return record.client_sex if item == "client_sex" else record.answer(item)


def item_reliability(
    pairs: Sequence[tuple[ContactRecord, ContactRecord]], item: str, pass_mark: float
) -> ItemReliability:
    """The agreement of first and second observers on ``item`` over the double-coded contacts."""
    rows = [[_item_value(first, item) for first, _ in pairs], [_item_value(second, item) for _, second in pairs]]
    units = sum(1 for a, b in zip(*rows, strict=True) if a is not None and b is not None)
    if units == 0:
        return ItemReliability(item=item, units=0, agreement=None, alpha=None, status=ReliabilityStatus.TOO_FEW)
    agreement = percent_agreement(rows)
    if units < MIN_RELIABILITY_UNITS:
        return ItemReliability(item, units, agreement, None, ReliabilityStatus.TOO_FEW)
    try:
        alpha = krippendorff_alpha_nominal(rows)
    except AlphaUndefinedError:
        return ItemReliability(item, units, agreement, None, ReliabilityStatus.UNDEFINED)
    status = ReliabilityStatus.PASSED if alpha >= pass_mark else ReliabilityStatus.FAILED
    return ItemReliability(item, units, agreement, alpha, status)


def double_coded_pairs(records: Iterable[ContactRecord]) -> list[tuple[ContactRecord, ContactRecord]]:
    """The (first, second) observer records of each contact coded twice, by contact code."""
    first = {r.contact_code: r for r in records if not r.second_observer}
    second = {r.contact_code: r for r in records if r.second_observer}
    return [(first[code], second[code]) for code in sorted(first.keys() & second.keys())]


# --- behaviours ------------------------------------------------------------------------------------


def _share(occurred: int, contacts: int, masked: MaskReason | None, confidence: float) -> Share:
    if masked is not None:
        return Share(occurred=None, contacts=None, interval=None, masked=masked)
    if contacts == 0:
        return Share(occurred=0, contacts=0, interval=None)
    return Share(occurred, contacts, wilson_interval(occurred, contacts, confidence=confidence))


def _model_rows(records: Iterable[ContactRecord], behaviour: str) -> list[ModelRow]:
    return [
        ModelRow(
            occurred=record.answer(behaviour) == "yes",
            female=record.client_sex == "female",
            channel=record.channel,
            site=record.site,
            interpreter=record.answer("interpreter") == "yes",
            officer=record.officer,
        )
        for record in records
        if record.client_sex in ("female", "male") and record.answer(behaviour) is not None
    ]


def _behaviour_comparisons(
    behaviour: Behaviour, records: Sequence[ContactRecord], channels: Sequence[str], settings: AnalysisSettings
) -> tuple[Comparison, list[Comparison]]:
    applicable = [r for r in records if r.answer(behaviour.name) is not None]
    scopes = (ALL_CHANNELS, *channels)
    in_scope = {scope: [r for r in applicable if scope in (ALL_CHANNELS, r.channel)] for scope in scopes}
    masks: dict[tuple[str, str], MaskReason | None] = {}
    for sex in SEX_GROUPS:
        bases = {
            scope: CellBasis(
                contacts=sum(1 for r in rows if r.client_sex == sex),
                officers=frozenset(r.officer for r in rows if r.client_sex == sex),
            )
            for scope, rows in in_scope.items()
        }
        total_reason, masked = row_protect(bases[ALL_CHANNELS], {c: bases[c] for c in channels}, settings.rule)
        masks[(ALL_CHANNELS, sex)] = total_reason
        for channel in channels:
            masks[(channel, sex)] = masked.get(channel)

    def comparison(scope: str) -> Comparison:
        rows = in_scope[scope]
        counts: dict[str, tuple[int, int]] = {}
        for sex in SEX_GROUPS:
            group = [r for r in rows if r.client_sex == sex]
            counts[sex] = (sum(1 for r in group if r.answer(behaviour.name) == "yes"), len(group))
        shares = {sex: _share(*counts[sex], masks[(scope, sex)], settings.confidence) for sex in SEX_GROUPS}
        difference: Interval | None = None
        effect: SexEffect | None = None
        if shares["female"].shown and shares["male"].shown:
            difference = newcombe_difference(*counts["female"], *counts["male"], confidence=settings.confidence)
            effect = sex_effect(_model_rows(rows, behaviour.name), confidence=settings.confidence)
        return Comparison(
            channel=scope, shares=shares, difference=difference, effect=effect, confirmatory=behaviour.confirmatory
        )

    return comparison(ALL_CHANNELS), [comparison(channel) for channel in channels if in_scope[channel]]


def _flags(behaviour: Behaviour, reliability: dict[str, ItemReliability]) -> tuple[str, ...]:
    """The items below the pass mark that the behaviour's results rest on: its own, its conditions, sex.

    An item that could not be judged (too few double-coded contacts, or no variation) is not below
    the mark; the reliability table says so.
    """
    contact_items = {item.name for item in CONTACT_ITEMS}
    depends = ["client_sex", *sorted(behaviour.item.relevance.fields() & contact_items), behaviour.name]
    failed = ReliabilityStatus.FAILED
    return tuple(name for name in depends if name in reliability and reliability[name].status is failed)


def _adjust(results: list[tuple[Behaviour, Comparison, list[Comparison]]]) -> list[tuple[Comparison, list[Comparison]]]:
    """Adds the adjusted p-values: Holm over the confirmatory family, Benjamini–Hochberg over the exploratory."""

    def p_value(c: Comparison) -> float | None:
        return c.effect.p_value if c.effect is not None else None

    confirmatory = [overall for behaviour, overall, _ in results if behaviour.confirmatory]
    # The family is fixed before fieldwork: a behaviour without a p-value still counts in it, as p = 1.
    raw = [p_value(c) for c in confirmatory]
    holm_adjusted = holm([1.0 if p is None else p for p in raw])
    adjusted: dict[int, float | None] = {
        id(c): None if p is None else q for c, p, q in zip(confirmatory, raw, holm_adjusted, strict=True)
    }
    exploratory = [overall for behaviour, overall, _ in results if not behaviour.confirmatory]
    exploratory += [c for _, _, channels in results for c in channels]
    tested = [(c, p) for c in exploratory if (p := p_value(c)) is not None]
    for (c, _), q in zip(tested, benjamini_hochberg([p for _, p in tested]), strict=True):
        adjusted[id(c)] = q

    def with_p(c: Comparison) -> Comparison:
        return Comparison(
            channel=c.channel,
            shares=c.shares,
            difference=c.difference,
            effect=c.effect,
            confirmatory=c.confirmatory and c.channel == ALL_CHANNELS,
            p_adjusted=adjusted.get(id(c)),
        )

    return [(with_p(overall), [with_p(c) for c in channels]) for _, overall, channels in results]


# --- the whole survey ------------------------------------------------------------------------------


def _sample(
    records: Sequence[ContactRecord], firsts: Sequence[ContactRecord], channels: Sequence[str]
) -> SampleSummary:
    contacts: dict[str, dict[str, int]] = {}
    for scope in (ALL_CHANNELS, *channels):
        counts = Counter(r.client_sex for r in firsts if scope in (ALL_CHANNELS, r.channel))
        contacts[scope] = {sex: counts.get(sex, 0) for sex in SEX_GROUPS}
    basis = Counter(r.client_sex_basis for r in firsts if r.client_sex != "unknown")
    return SampleSummary(
        contacts=contacts,
        officers=len({r.officer for r in firsts}),
        observers=len({r.observer for r in records}),
        sites=len({r.site for r in records}),
        double_coded=len(double_coded_pairs(records)),
        sex_basis={"recorded": basis.get("recorded", 0), "perceived": basis.get("perceived", 0)},
    )


def survey_analyse(
    records: Iterable[ContactRecord], *, channels: Sequence[str], settings: AnalysisSettings | None = None
) -> SurveyAnalysis:
    """Analyses the survey's records (first and second observers') over ``channels``, in that order."""
    settings = settings or AnalysisSettings()
    ordered = sorted(records, key=lambda r: r.sort_key)
    firsts = [r for r in ordered if not r.second_observer]
    pairs = double_coded_pairs(ordered)
    reliability = [item_reliability(pairs, item, settings.pass_mark) for item in RELIABILITY_ITEMS]
    by_item = {r.item: r for r in reliability}
    raw = [(b, *_behaviour_comparisons(b, firsts, channels, settings)) for b in BEHAVIOURS]
    behaviours = [
        BehaviourResult(
            behaviour=behaviour,
            overall=overall,
            channels=per_channel,
            flagged_by=_flags(behaviour, by_item),
            level=settings.level,
        )
        for (behaviour, _, _), (overall, per_channel) in zip(raw, _adjust(raw), strict=True)
    ]
    return SurveyAnalysis(
        settings=settings,
        channels=tuple(channels),
        sample=_sample(ordered, firsts, channels),
        reliability=reliability,
        behaviours=behaviours,
    )
