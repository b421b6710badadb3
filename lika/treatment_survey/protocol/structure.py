"""The parts an observation protocol is made of: items, their answers and relevance, behaviours.

:mod:`lika.treatment_survey.protocol.loader` builds a :class:`Protocol` of these parts from a
protocol file, and :mod:`lika.treatment_survey.protocol.definition` names the parts of the version
in force. Pure: no Django, no clock.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum

__all__ = [
    "NO",
    "YES",
    "Behaviour",
    "Bilingual",
    "Choice",
    "Condition",
    "Item",
    "ItemKind",
    "Practice",
    "Protocol",
    "Relevance",
]

YES = "yes"
NO = "no"


@dataclass(frozen=True)
class Bilingual:
    """A text in Swedish and English; :meth:`get` picks by language code, English for any other."""

    sv: str
    en: str

    def get(self, language: str) -> str:
        """The Swedish text for ``sv`` (and ``sv-se``), the English text otherwise.

        >>> Bilingual(sv="Ja", en="Yes").get("sv-se"), Bilingual(sv="Ja", en="Yes").get("ar")
        ('Ja', 'Yes')
        """
        return self.sv if language.lower().split("-")[0] == "sv" else self.en


@dataclass(frozen=True)
class Choice:
    """One answer of a closed question: the stored value and its label."""

    value: str
    label: Bilingual


class ItemKind(StrEnum):
    """How an item is answered."""

    YES_NO = "yes_no"
    CHOICE = "choice"  # one of a fixed list (``Item.choices``)
    SITE = "site"  # one of the survey's sites
    CHANNEL = "channel"  # one of the survey's channels
    CODE = "code"  # a short code matching ``Item.pattern``
    DATE = "date"


@dataclass(frozen=True)
class Condition:
    """``field`` equals (or, with ``negate``, differs from) ``value``; an unanswered field is ""."""

    field: str
    value: str
    negate: bool = False

    def holds(self, values: Mapping[str, str | None]) -> bool:
        answer = values.get(self.field) or ""
        return (answer != self.value) if self.negate else (answer == self.value)

    def xpath(self) -> str:
        return f"${{{self.field}}} {'!=' if self.negate else '='} '{self.value}'"


@dataclass(frozen=True)
class Relevance:
    """When an item applies: every group holds, a group holding when any of its conditions does.

    An empty relevance applies always.

    >>> phone_or_digital = Relevance(((Condition("channel", "phone"), Condition("channel", "digital")),))
    >>> phone_or_digital.holds({"channel": "office"}), phone_or_digital.xpath()
    (False, "(${channel} = 'phone' or ${channel} = 'digital')")
    """

    groups: tuple[tuple[Condition, ...], ...] = ()

    def holds(self, values: Mapping[str, str | None]) -> bool:
        return all(any(condition.holds(values) for condition in group) for group in self.groups)

    def xpath(self) -> str:
        parts = []
        for group in self.groups:
            text = " or ".join(condition.xpath() for condition in group)
            parts.append(f"({text})" if len(group) > 1 else text)
        return " and ".join(parts)

    def fields(self) -> set[str]:
        return {condition.field for group in self.groups for condition in group}

    def possible(self, known: Mapping[str, str | None]) -> bool:
        """Whether some answers to the fields not in ``known`` could make the relevance hold.

        >>> Relevance(((Condition("channel", "office"),), (Condition("a", "yes"),))).possible({"channel": "office"})
        True
        """
        return all(
            any(condition.field not in known or condition.holds(known) for condition in group) for group in self.groups
        )


@dataclass(frozen=True)
class Item:
    """One question of the protocol.

    ``name`` is the field name in the XLSForm and in exports; ``group`` the XLSForm group it sits in
    (the export's column is the group path and the name). ``definition`` is the operational
    definition shown to the observer as the question's hint.
    """

    name: str
    group: str
    kind: ItemKind
    label: Bilingual
    definition: Bilingual
    relevance: Relevance = Relevance()
    choices: tuple[Choice, ...] = ()
    pattern: str = ""  # for CODE items: a regular expression the whole answer must match
    pattern_message: Bilingual | None = None
    short: Bilingual | None = None  # a name for tables; the label when None

    def applies(self, values: Mapping[str, str | None]) -> bool:
        """Whether the item applies to a record whose answers so far are ``values``."""
        return self.relevance.holds(values)

    def choice_values(self) -> tuple[str, ...]:
        if self.kind is ItemKind.YES_NO:
            return (YES, NO)
        return tuple(choice.value for choice in self.choices)


@dataclass(frozen=True)
class Practice:
    """Material for a case exercise on one behaviour: why it matters and an exercise for a group."""

    title: Bilingual
    why: Bilingual
    exercise: tuple[Bilingual, ...]


@dataclass(frozen=True)
class Behaviour:
    """A behaviour of the officer that the survey compares between women and men.

    ``confirmatory`` behaviours are those the agency's first survey found to differ; they form the
    pre-registered family whose p-values are adjusted with Holm's method. The others are
    exploratory and adjusted with Benjamini–Hochberg.
    """

    item: Item
    short: Bilingual
    confirmatory: bool
    practice: Practice = field(repr=False)

    @property
    def name(self) -> str:
        return self.item.name


@dataclass(frozen=True)
class Protocol:
    """One version of the protocol, as read from its file.

    ``session_items`` form the XLSForm group ``session_group``; ``contact_items`` the repeat
    ``contact_group``, in the groups ``contact_subgroups`` (name and label). ``scales`` are the
    closed answer lists by name; ``channels`` is the one the session's channel is chosen from.
    ``sha256`` fingerprints the file the protocol was read from.
    """

    version: str
    code_pattern: str
    code_message: Bilingual
    scales: Mapping[str, tuple[Choice, ...]]
    session_group: str
    session_label: Bilingual
    session_items: tuple[Item, ...]
    contact_group: str
    contact_label: Bilingual
    contact_subgroups: tuple[tuple[str, Bilingual], ...]
    contact_items: tuple[Item, ...]
    behaviours: tuple[Behaviour, ...]
    sha256: str = ""

    @property
    def channels(self) -> tuple[Choice, ...]:
        return self.scales["channels"]
