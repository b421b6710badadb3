"""The protection rule: no result of a treatment survey may point at one officer.

Every reported cell (a share of contacts with women, or with men, in which a behaviour occurred,
for one channel or for all) rests on at least ``min_officers`` different officers and at least
``min_contacts`` contacts; a cell below either is masked, with its reason. A row of cells (one
behaviour and one sex, across channels) is shown beside its total for all channels, so a single
masked channel could be worked out by subtraction: while the masked cells of a row, taken
together, do not meet the rule themselves, the smallest shown cell of the row is masked as well
(``COMPLEMENT``). Officer codes never leave this module's inputs.

Pure: no Django. Texts for readers are marked with :func:`gettext_noop`; translate them when shown.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

__all__ = ["REASON_TEXT", "CellBasis", "MaskReason", "ProtectionRule", "row_protect"]


def gettext_noop(message: str) -> str:
    """Marks ``message`` for translation without translating it."""
    return message


@dataclass(frozen=True)
class ProtectionRule:
    """The least number of different officers and of contacts behind every reported cell."""

    min_officers: int = 5
    min_contacts: int = 20

    def __post_init__(self) -> None:
        if self.min_officers < 2:
            raise ValueError(f"A cell needs at least two officers behind it, not {self.min_officers}.")
        if self.min_contacts < 1:
            raise ValueError(f"A cell needs at least one contact behind it, not {self.min_contacts}.")


class MaskReason(StrEnum):
    FEW_OFFICERS = "few_officers"
    FEW_CONTACTS = "few_contacts"
    COMPLEMENT = "complement"


REASON_TEXT: Mapping[MaskReason, str] = {
    MaskReason.FEW_OFFICERS: gettext_noop("Too few different officers behind this figure."),
    MaskReason.FEW_CONTACTS: gettext_noop("Too few contacts behind this figure."),
    MaskReason.COMPLEMENT: gettext_noop("Hidden so that another hidden figure cannot be worked out from the total."),
}


@dataclass(frozen=True)
class CellBasis:
    """What a cell rests on: its contacts and the officers (pseudonyms) in them."""

    contacts: int
    officers: frozenset[str]

    def __or__(self, other: CellBasis) -> CellBasis:
        return CellBasis(contacts=self.contacts + other.contacts, officers=self.officers | other.officers)


def cell_reason(basis: CellBasis, rule: ProtectionRule) -> MaskReason | None:
    """Why the cell must be masked, or None when it may be shown.

    >>> rule = ProtectionRule(min_officers=3, min_contacts=10)
    >>> cell_reason(CellBasis(12, frozenset("ab")), rule), cell_reason(CellBasis(12, frozenset("abc")), rule)
    (<MaskReason.FEW_OFFICERS: 'few_officers'>, None)
    """
    if len(basis.officers) < rule.min_officers:
        return MaskReason.FEW_OFFICERS
    if basis.contacts < rule.min_contacts:
        return MaskReason.FEW_CONTACTS
    return None


def row_protect(
    total: CellBasis, parts: Mapping[str, CellBasis], rule: ProtectionRule
) -> tuple[MaskReason | None, dict[str, MaskReason]]:
    """Masks a row: returns the total's reason (None when shown) and the masked parts with their reasons.

    A masked total masks every part (a part rests on no more than its total). Otherwise the masked
    parts, pooled, must meet the rule, or more parts are masked, the smallest first (ties by name);
    masked parts with no contacts at all need no such cover, as subtraction from the total only
    tells that they are empty.

    >>> rule = ProtectionRule(min_officers=2, min_contacts=10)
    >>> parts = {
    ...     "phone": CellBasis(30, frozenset("abc")),
    ...     "office": CellBasis(4, frozenset("d")),
    ...     "embassy": CellBasis(12, frozenset("ef")),
    ... }
    >>> total = CellBasis(46, frozenset("abcdef"))
    >>> row_protect(total, parts, rule)
    (None, {'office': <MaskReason.FEW_OFFICERS: 'few_officers'>, 'embassy': <MaskReason.COMPLEMENT: 'complement'>})
    """
    total_reason = cell_reason(total, rule)
    if total_reason is not None:
        return total_reason, {name: cell_reason(basis, rule) or total_reason for name, basis in parts.items()}
    masked: dict[str, MaskReason] = {}
    for name, basis in parts.items():
        reason = cell_reason(basis, rule)
        if reason is not None:
            masked[name] = reason
    while masked:
        pooled = CellBasis(0, frozenset())
        for name in masked:
            pooled = pooled | parts[name]
        shown = [name for name in parts if name not in masked]
        # An empty cell (a channel where the behaviour is never asked) gives nothing away by subtraction.
        if pooled.contacts == 0 or cell_reason(pooled, rule) is None or not shown:
            break
        smallest = min(shown, key=lambda name: (parts[name].contacts, len(parts[name].officers), name))
        masked[smallest] = MaskReason.COMPLEMENT
    return None, masked
