"""Statistics Sweden's symbols for figures that are not printed as plain numbers, with their legend."""

from __future__ import annotations

import math
from collections.abc import Mapping
from enum import StrEnum

__all__ = ["LEGEND", "Symbol", "cell_symbol", "gettext_noop"]


def gettext_noop(message: str) -> str:
    """Marks ``message`` for translation without translating it; the caller translates it when showing it.

    The follow-up's statistics import no Django, yet ``makemessages`` finds the texts by this name.
    """
    return message


class Symbol(StrEnum):
    """Statistics Sweden's (SCB) symbols for figures that are not shown as plain numbers.

    ``MASKED`` (``..``): the figure is not shown; here, hidden to protect the people behind it.
    ``NOTHING`` (``–``, an en dash): nothing to report; the value is exactly zero.
    ``LESS_THAN_HALF`` (``0``): more than zero but less than half of the unit shown. With decimals it is
    written with as many zero decimals (``0,0`` when one decimal is shown).
    ``NOT_APPLICABLE`` (``.``): the figure cannot exist, such as the share of an empty group.
    """

    MASKED = ".."
    NOTHING = "–"
    LESS_THAN_HALF = "0"
    NOT_APPLICABLE = "."


LEGEND: Mapping[Symbol, str] = {
    Symbol.MASKED: gettext_noop("Not shown, to protect the people behind the figure."),
    Symbol.NOTHING: gettext_noop("Nothing to report (zero)."),
    Symbol.LESS_THAN_HALF: gettext_noop("Less than half of the unit shown."),
    Symbol.NOT_APPLICABLE: gettext_noop("Cannot occur."),
}
"""The legend printed under a published table; translate each text with ``gettext`` when showing it."""


def cell_symbol(value: float | None, *, masked: bool = False, decimals: int = 0) -> Symbol | None:
    """The symbol to print instead of ``value``, or ``None`` when the number itself is printed.

    ``value`` is ``None`` (or NaN) when the figure cannot exist, such as a share of nobody;
    ``decimals`` is the number of decimals the table shows.

    >>> cell_symbol(12, masked=True), cell_symbol(0), cell_symbol(None)
    (<Symbol.MASKED: '..'>, <Symbol.NOTHING: '–'>, <Symbol.NOT_APPLICABLE: '.'>)
    >>> cell_symbol(0.3), cell_symbol(0.3, decimals=1), cell_symbol(0.04, decimals=1), cell_symbol(7)
    (<Symbol.LESS_THAN_HALF: '0'>, None, <Symbol.LESS_THAN_HALF: '0'>, None)
    """
    if decimals < 0:
        raise ValueError(f"A table cannot show {decimals} decimals.")
    if masked:
        return Symbol.MASKED
    if value is None or math.isnan(value):
        return Symbol.NOT_APPLICABLE
    if value == 0:
        return Symbol.NOTHING
    if abs(value) < 0.5 * 10.0**-decimals:
        return Symbol.LESS_THAN_HALF
    return None
