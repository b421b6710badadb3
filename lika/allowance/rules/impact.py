"""Gender impact of a rule change: one caseload, computed with the rules in force and with a proposal.

A **proposal** is a YAML file of changed dated parameters, in the format and under the citation rules
of ``parameters/daily_allowance.yaml`` (each value with its reference, and ``proposal`` as its source),
and optionally a variant the kernel already knows (``children_paid_to: one_adult``: each child's
allowance paid to one adult, as a head-of-household system does, instead of split between the
parents). Its values replace the file's from their first day on.

The **assessment** runs the same kernel on the same households twice. For every person it keeps their
own allowance and what lands on their own card (their own allowance plus their part of the children's),
with and without the proposal, and the household type and number of children it is counted under.
Money is whole öre throughout. Nothing here is added up or protected: :mod:`lika.allowance.impact`
makes and protects every table before anything leaves Lika.

Pure Python: no Django, no clock.
"""

from __future__ import annotations

import copy
import datetime
import hashlib
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
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


def _child(node: yaml.Node, key: str) -> yaml.Node | None:
    """The value under ``key`` of a YAML mapping node, or None."""
    if isinstance(node, yaml.MappingNode):
        return next((value for name, value in node.value if name.value == key), None)
    return None


def _lines(text: str) -> dict[tuple[str, ...], int]:
    """The line (1-based) of each top key, of each parameter and variant, and of each parameter's values
    (by position, ``#0``, and by ``valid_from``)."""
    found: dict[tuple[str, ...], int] = {}
    root = yaml.compose(text)
    if not isinstance(root, yaml.MappingNode):
        return found
    for key, value in root.value:
        found[(key.value,)] = key.start_mark.line + 1
        if key.value not in {"parameters", "variants"} or not isinstance(value, yaml.MappingNode):
            continue
        for name, spec in value.value:
            found[(key.value, name.value)] = name.start_mark.line + 1
            entries = _child(spec, "values")
            for index, entry in enumerate(entries.value if isinstance(entries, yaml.SequenceNode) else ()):
                line = entry.start_mark.line + 1
                found[("parameters", name.value, f"#{index}")] = line
                day = _child(entry, "valid_from")
                if day is not None:
                    found[("parameters", name.value, str(day.value))] = line
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


__all__ = [
    "PROPOSAL_SOURCE",
    "PersonOutcome",
    "Proposal",
    "ProposalError",
    "impact_outcomes",
    "proposal_parse",
    "proposal_read",
]
