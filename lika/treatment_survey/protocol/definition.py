"""The observation protocol of a treatment survey (bemötandeundersökning), in the version in force.

The protocol is the survey's instrument: what an observer records about one contact between an
officer and a person, with the exact wording of every question and of its operational definition
in Swedish and English. The wording is part of the method, so it lives in a data file pinned to
its version, ``protocol-<version>.yaml`` beside this module, rather than in the translation
catalogues, which may change at any time: two surveys with the same protocol version asked the same
questions. :data:`PROTOCOL_VERSION` names the version new surveys get; this module names the parts
of that version, as :mod:`lika.treatment_survey.protocol.loader` reads and checks them.

An observation session (one observer, one site, one channel, one day) holds any number of
contacts. Each item of a contact applies or not according to its :class:`Relevance`, the same
rule that becomes the XLSForm's ``relevant`` column and that the import and the observation form
check: an item that does not apply (eye contact on the phone, "told why the officer left" when
the officer never left) is skipped and never stored as "no".

Pure: no Django, no clock.
"""

from __future__ import annotations

from lika.treatment_survey.protocol.loader import protocol_load
from lika.treatment_survey.protocol.structure import (
    NO,
    YES,
    Behaviour,
    Bilingual,
    Choice,
    Condition,
    Item,
    ItemKind,
    Practice,
    Relevance,
)

__all__ = [
    "BEHAVIOURS",
    "CHANNELS",
    "CONTACT_ITEMS",
    "NO",
    "PROTOCOL_VERSION",
    "SESSION_ITEMS",
    "SEXES",
    "SEX_BASES",
    "YES",
    "Behaviour",
    "Bilingual",
    "Choice",
    "Condition",
    "Item",
    "ItemKind",
    "Practice",
    "Relevance",
    "behaviour",
    "item",
]

PROTOCOL_VERSION = "2026.1"
"""The version new surveys are planned with: the file ``protocol-2026.1.yaml``."""

_PROTOCOL = protocol_load(PROTOCOL_VERSION)

CHANNELS: tuple[Choice, ...] = _PROTOCOL.channels
SEXES: tuple[Choice, ...] = _PROTOCOL.scales["sexes"]
SEX_BASES: tuple[Choice, ...] = _PROTOCOL.scales["sex_bases"]

# Codes are short, capital letters, digits and hyphens, so that no name fits in them by accident.
CODE_PATTERN: str = _PROTOCOL.code_pattern

SESSION_ITEMS: tuple[Item, ...] = _PROTOCOL.session_items

BEHAVIOURS: tuple[Behaviour, ...] = _PROTOCOL.behaviours

CONTACT_GROUP: str = _PROTOCOL.contact_group
CONTACT_ITEMS: tuple[Item, ...] = _PROTOCOL.contact_items
"""Every item of one contact, in the order asked; the XLSForm's repeat ``contact``."""

CONTACT_SUBGROUPS: tuple[tuple[str, Bilingual], ...] = _PROTOCOL.contact_subgroups

SESSION_GROUP_LABEL: Bilingual = _PROTOCOL.session_label
CONTACT_GROUP_LABEL: Bilingual = _PROTOCOL.contact_label

# Items a contact answers with yes or no: stored together, each only where it applies.
YES_NO_ITEMS: tuple[str, ...] = tuple(i.name for i in CONTACT_ITEMS if i.kind is ItemKind.YES_NO)


def item(name: str) -> Item:
    """The item called ``name`` (session or contact)."""
    for candidate in (*SESSION_ITEMS, *CONTACT_ITEMS):
        if candidate.name == name:
            return candidate
    raise KeyError(name)


def behaviour(name: str) -> Behaviour:
    """The behaviour called ``name``."""
    for candidate in BEHAVIOURS:
        if candidate.name == name:
            return candidate
    raise KeyError(name)


def channel_label(code: str, language: str) -> str:
    """The channel's name in ``language`` (its code when unknown)."""
    for choice in CHANNELS:
        if choice.value == code:
            return choice.label.get(language)
    return code
