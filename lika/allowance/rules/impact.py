"""Gender impact of a rule change: one caseload, computed with the rules in force and with a proposal.

A **proposal** is a YAML file of changed dated parameters, in the format and under the citation rules
of ``parameters/daily_allowance.yaml`` (each value with its reference, and ``proposal`` as its source),
and optionally a variant the kernel already knows (``children_paid_to: one_adult``: each child's
allowance paid to one adult, as a head-of-household system does, instead of split between the
parents). Its values replace the file's from their first day on.

The **assessment** runs the same kernel on the same households twice. For every person it keeps their
own allowance and what lands on their own card (their own allowance plus their part of the children's),
with and without the proposal; :func:`impact_tables` adds those up by sex and by household type and
number of children, and counts who gains, loses or is unchanged. Money is whole öre throughout, so
baseline + change = proposal holds to the öre in every cell. The figures here are not yet protected:
the report (:mod:`lika.allowance.impact`) protects every person-level table before anything leaves Lika.

Pure Python: no Django, no clock.
"""

from __future__ import annotations

import copy
import datetime
import hashlib
import re
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import numpy as np
import yaml

from lika.allowance.rules.kernel import Result, Segments, kernel_run
from lika.allowance.rules.month import HouseholdFacts, Month, PersonFacts, segments_build
from lika.allowance.rules.parameters import (
    DEFAULT_FILE,
    ParameterError,
    ParameterHistory,
    parameter_value_check,
    parameters_parse,
)
from lika.people.ages import age_on

PROPOSAL_SOURCE = "proposal"
ChildrenPaidTo = Literal["parents", "one_adult"]
_VARIANTS: dict[str, tuple[str, ...]] = {"children_paid_to": ("parents", "one_adult")}
_TOP_KEYS = {"title", "description", "sources", "parameters", "variants"}


class ProposalError(ValueError):
    """A proposal that cannot be assessed: the message names the file, the line and the parameter."""


@dataclass(frozen=True)
class Proposal:
    title: str
    history: ParameterHistory
    children_paid_to: ChildrenPaidTo = "parents"
    changed: tuple[str, ...] = ()  # the parameters the proposal changes
    sha256: str = ""


def _lines(text: str) -> dict[tuple[str, ...], int]:
    """The line (1-based) of each parameter, of each of its values by ``valid_from``, and of each top key."""
    found: dict[tuple[str, ...], int] = {}
    root = yaml.compose(text)
    if not isinstance(root, yaml.MappingNode):
        return found
    for key, value in root.value:
        found[(key.value,)] = key.start_mark.line + 1
        if key.value in {"parameters", "variants"} and isinstance(value, yaml.MappingNode):
            for name, spec in value.value:
                found[(key.value, name.value)] = name.start_mark.line + 1
                if not isinstance(spec, yaml.MappingNode):
                    continue
                for part, entries in spec.value:
                    if part.value != "values" or not isinstance(entries, yaml.SequenceNode):
                        continue
                    for entry in entries.value:
                        line = entry.start_mark.line + 1
                        if isinstance(entry, yaml.MappingNode):
                            for field_key, field_value in entry.value:
                                if field_key.value == "valid_from":
                                    found[("parameters", name.value, str(field_value.value))] = line
                        found.setdefault(("parameters", name.value, f"#{entries.value.index(entry)}"), line)
    return found


def _located(path: str, lines: Mapping[tuple[str, ...], int], message: str) -> str:
    """``message`` with the line of the parameter (and value) it names, when it names one."""
    match = re.match(r"Parameter (?P<name>[a-z_]+)(?:\.[a-z_]+)?(?: from (?P<day>\d{4}-\d{2}-\d{2}))?", message)
    line = None
    if match:
        line = lines.get(("parameters", match["name"], match["day"] or "")) or lines.get(("parameters", match["name"]))
    return f"{path}, line {line}: {message}" if line else f"{path}: {message}"


def proposal_parse(text: str, *, path: str = "proposal", base_file: Path = DEFAULT_FILE) -> Proposal:
    """Reads a proposal and the parameter file it changes; raises ProposalError naming the line and parameter."""
    try:
        document = yaml.safe_load(text)
        lines = _lines(text)
    except yaml.YAMLError as error:
        raise ProposalError(f"{path}: not valid YAML: {error}") from error
    if not isinstance(document, Mapping):
        raise ProposalError(f"{path}: expected a mapping with a title and the parameters it changes.")
    unknown = sorted(set(document) - _TOP_KEYS)
    if unknown:
        raise ProposalError(f"{path}, line {lines.get((unknown[0],), '?')}: unknown key {unknown[0]!r}.")
    title = document.get("title")
    if not isinstance(title, str) or not title.strip():
        raise ProposalError(f"{path}: a proposal needs a title that says what it changes.")
    changes = document.get("parameters") or {}
    variants = document.get("variants") or {}
    if not isinstance(changes, Mapping) or not isinstance(variants, Mapping):
        raise ProposalError(f"{path}: parameters and variants are mappings by name.")
    if not changes and not variants:
        raise ProposalError(f"{path}: the proposal changes no parameter and chooses no variant.")
    sources = document.get("sources") or {}
    if PROPOSAL_SOURCE not in sources and changes:
        raise ProposalError(f"{path}: its sources must say what {PROPOSAL_SOURCE!r} is (a memo, a decision ...).")
    merged = _merged(path, lines, base_file, sources, changes)
    _variants_check(path, lines, variants)
    try:
        history = parameters_parse(merged, sha256=hashlib.sha256(text.encode()).hexdigest())
    except ParameterError as error:
        raise ProposalError(_located(path, lines, str(error))) from error
    return Proposal(
        title=title.strip(),
        history=history,
        children_paid_to=variants.get("children_paid_to", "parents"),
        changed=tuple(sorted(changes)),
        sha256=history.sha256,
    )


def _merged(
    path: str,
    lines: Mapping[tuple[str, ...], int],
    base_file: Path,
    sources: Mapping[str, Any],
    changes: Mapping[str, Any],
) -> dict[str, Any]:
    """The parameter document with the proposal's values replacing the file's from their first day."""
    base = yaml.safe_load(base_file.read_text(encoding="utf-8"))
    merged: dict[str, Any] = copy.deepcopy(base)
    merged["sources"] = {**base.get("sources", {}), **sources}
    for name, spec in changes.items():
        where = f"{path}, line {lines.get(('parameters', str(name)), '?')}"
        if name not in base["parameters"]:
            raise ProposalError(f"{where}: there is no parameter called {name!r} to change.")
        if not isinstance(spec, Mapping) or not isinstance(spec.get("values"), list) or not spec["values"]:
            raise ProposalError(f"{where}: parameter {name} needs a list of values.")
        for index, entry in enumerate(spec["values"]):
            line = lines.get(("parameters", str(name), f"#{index}"), "?")
            if not isinstance(entry, Mapping) or not isinstance(entry.get("valid_from"), datetime.date):
                raise ProposalError(f"{path}, line {line}: parameter {name}: each value needs a valid_from date.")
            try:
                parameter_value_check(str(name), entry.get("value"))
            except ParameterError as error:
                raise ProposalError(f"{path}, line {line}: {error}") from error
            if entry.get("source") != PROPOSAL_SOURCE:
                raise ProposalError(
                    f"{path}, line {line}: parameter {name} from {entry['valid_from']}: a proposed value's source "
                    f"must be {PROPOSAL_SOURCE!r}, with a reference that cites the proposal."
                )
        first = min(entry["valid_from"] for entry in spec["values"])
        kept = [entry for entry in base["parameters"][name]["values"] if entry["valid_from"] < first]
        merged["parameters"][name] = {**base["parameters"][name], "values": [*kept, *spec["values"]]}
    return merged


def _variants_check(path: str, lines: Mapping[tuple[str, ...], int], variants: Mapping[str, Any]) -> None:
    for name, choice in variants.items():
        if name not in _VARIANTS or choice not in _VARIANTS[name]:
            allowed = "; ".join(f"{key}: {' or '.join(values)}" for key, values in _VARIANTS.items())
            raise ProposalError(
                f"{path}, line {lines.get(('variants', str(name)), '?')}: unknown variant {name}: {choice!r} "
                f"(known: {allowed})."
            )


def proposal_read(path: Path, *, base_file: Path = DEFAULT_FILE) -> Proposal:
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        raise ProposalError(f"{path}: not UTF-8 text (byte {error.start}).") from error
    return proposal_parse(text, path=str(path), base_file=base_file)


# --- The assessment --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PersonOutcome:
    """One person's month with today's rules and with the proposal, in öre."""

    person: int
    sex: str
    adult: bool
    household_type: str
    children: int  # children in the person's household (the household of their first day in the month)
    allowance_base: int  # the person's own allowance
    allowance_proposal: int
    payout_base: int  # what lands on the person's own card: own allowance and their part of the children's
    payout_proposal: int

    @property
    def change(self) -> int:
        return self.payout_proposal - self.payout_base


def _one_payee(segments: Segments) -> Segments:
    """Each child's allowance to one adult only: the first of its payees (the guardian registered first)."""
    if segments.payee_child is None or segments.payee_row is None or not len(segments.payee_child):
        return segments
    _values, first = np.unique(segments.payee_child, return_index=True)
    keep = np.zeros(len(segments.payee_child), dtype=bool)
    keep[first] = True
    return Segments(
        **{
            name: getattr(segments, name)
            for name in segments.__dataclass_fields__
            if name not in {"payee_child", "payee_row"}
        },
        payee_child=segments.payee_child[keep],
        payee_row=segments.payee_row[keep],
    )


def _run(
    households: Sequence[HouseholdFacts],
    persons: dict[int, PersonFacts],
    month: Month,
    history: ParameterHistory,
    children_paid_to: ChildrenPaidTo,
) -> tuple[list[int], Result]:
    built = segments_build(households, persons, month, history)
    segments = _one_payee(built.segments) if children_paid_to == "one_adult" else built.segments
    return built.person_keys, kernel_run(segments, history, rotation=month.number)


def _household_kind(adults: int, children: int) -> str:
    if adults <= 1:
        return "one_adult_children" if children else "one_adult"
    if adults == 2:  # two adults: a couple, or two sharing a home
        return "two_adults_children" if children else "two_adults"
    return "other"


def impact_outcomes(
    households: Sequence[HouseholdFacts],
    persons: dict[int, PersonFacts],
    *,
    sexes: Mapping[int, str],
    month: Month,
    base: ParameterHistory,
    proposal: Proposal,
) -> list[PersonOutcome]:
    """Every person of the caseload with their month computed by today's rules and by ``proposal``."""
    base_keys, base_result = _run(households, persons, month, base, "parents")
    proposal_keys, proposal_result = _run(households, persons, month, proposal.history, proposal.children_paid_to)
    adult_age = base.at(month.first).adult_age
    first_household: dict[int, HouseholdFacts] = {}
    for household in households:
        for member, _period in household.members:
            first_household.setdefault(member, household)
    kinds: dict[int, tuple[str, int]] = {}
    for household in households:
        present = {member for member, _period in household.members}
        ages = {member: age_on(persons[member].birth_date, month.first) for member in present}
        adults = sum(1 for age in ages.values() if age >= adult_age)
        children = len(present) - adults
        kinds[household.key] = (_household_kind(adults, children), children)
    proposed = {key: index for index, key in enumerate(proposal_keys)}
    outcomes = []
    for index, key in enumerate(base_keys):
        other = proposed[key]
        kind, children = kinds[first_household[key].key]
        outcomes.append(
            PersonOutcome(
                person=key,
                sex=sexes.get(key, "unknown"),
                adult=age_on(persons[key].birth_date, month.first) >= adult_age,
                household_type=kind,
                children=children,
                allowance_base=int(base_result.allowance_ore[index]),
                allowance_proposal=int(proposal_result.allowance_ore[other]),
                payout_base=int(base_result.payout_ore[index]),
                payout_proposal=int(proposal_result.payout_ore[other]),
            )
        )
    return outcomes


# --- The tables, before protection ------------------------------------------------------------------------------

SEXES = ("female", "male", "unknown")
TOTAL = "*"


@dataclass
class Cell:
    """Persons and money (öre) of one group: own allowance and money on own cards, before and after."""

    persons: int = 0
    allowance_base: int = 0
    allowance_proposal: int = 0
    payout_base: int = 0
    payout_proposal: int = 0

    def add(self, outcome: PersonOutcome) -> None:
        self.persons += 1
        self.allowance_base += outcome.allowance_base
        self.allowance_proposal += outcome.allowance_proposal
        self.payout_base += outcome.payout_base
        self.payout_proposal += outcome.payout_proposal


@dataclass
class ImpactTables:
    """The assessment's tables by (group, sex), margins included (``TOTAL``)."""

    by_sex: dict[str, Cell] = field(default_factory=dict)
    by_household_type: dict[tuple[str, str], Cell] = field(default_factory=dict)
    by_children: dict[tuple[str, str], Cell] = field(default_factory=dict)
    outcomes: dict[tuple[str, str], int] = field(default_factory=dict)  # (gains|loses|unchanged, sex) -> persons
    changes: dict[str, list[int]] = field(default_factory=dict)  # sex -> every adult's change, sorted


def _children_band(children: int) -> str:
    return "3+" if children >= 3 else str(children)  # the report's bands: 0, 1, 2, 3 or more


def impact_tables(outcomes: Sequence[PersonOutcome]) -> ImpactTables:
    """Adds the outcomes up; children's own cards count for the child, every other figure is about adults."""
    tables = ImpactTables()
    by_sex: dict[str, Cell] = defaultdict(Cell)
    by_type: dict[tuple[str, str], Cell] = defaultdict(Cell)
    by_children: dict[tuple[str, str], Cell] = defaultdict(Cell)
    outcome_counts: dict[tuple[str, str], int] = defaultdict(int)
    changes: dict[str, list[int]] = defaultdict(list)
    for outcome in outcomes:
        for sex in (outcome.sex, TOTAL):
            by_sex[sex].add(outcome)
            if not outcome.adult:
                continue
            for kind in (outcome.household_type, TOTAL):
                by_type[(kind, sex)].add(outcome)
            for band in (_children_band(outcome.children), TOTAL):
                by_children[(band, sex)].add(outcome)
            verdict = "gains" if outcome.change > 0 else "loses" if outcome.change < 0 else "unchanged"
            for name in (verdict, TOTAL):
                outcome_counts[(name, sex)] += 1
            changes[sex].append(outcome.change)
    for sex in (*SEXES, TOTAL):
        by_sex.setdefault(sex, Cell())
        changes.setdefault(sex, [])
    tables.by_sex = dict(by_sex)
    tables.by_household_type = dict(by_type)
    tables.by_children = dict(by_children)
    tables.outcomes = dict(outcome_counts)
    tables.changes = {sex: sorted(values) for sex, values in changes.items()}
    return tables


__all__ = [
    "PROPOSAL_SOURCE",
    "ImpactTables",
    "PersonOutcome",
    "Proposal",
    "ProposalError",
    "impact_outcomes",
    "impact_tables",
    "proposal_parse",
    "proposal_read",
]
