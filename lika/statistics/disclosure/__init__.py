"""Disclosure control for the follow-up's published tables: which cells to hide, why, and proof that they stay hidden.

A published table is a count table (or an amount table in öre) over a few dimensions, such as
year × sex × country of birth, with every margin: a dimension may also take the value :data:`TOTAL`
(``"*"``), and such a cell holds the sum of its children along that dimension.
:func:`table_complete` adds the margins to the finest cross-classification. The method is primary
and secondary cell suppression, as set out by Hundepool et al., *Statistical Disclosure Control*
(Wiley, 2012), chapters 4 and 5.

**Primary cells** would tell too much about too few people (:class:`DisclosureRules` sets the limits):

- ``SMALL_COUNT``: a count from 1 to ``min_count - 1`` (and 0 too with ``suppress_zero``).
- ``SMALL_COMPLEMENT``: for a share n / N (a numerator table n and its population table N), the
  people *without* the property, N - n, number 1 to ``min_count - 1`` (0 too with
  ``suppress_zero``): publishing n would say that all, or all but a few, in a group have it.
- ``SMALL_DENOMINATOR``: the population N of a share is 1 to ``min_denominator - 1``.

In the last two cases the n cell is masked, and with it the share.

**Linked masks** (``LINKED``) keep linked tables consistent: a masked population cell masks the
numerator cells with the same key (so their shares), and an amount table is masked exactly where
the count table of the persons behind it is masked, both ways.

**The protection rule.** An attacker knows every published cell, that each margin is the sum of
its children along every dimension, that nothing is negative, and, for linked share tables, that
n <= N cell by cell (so also the implied complement table N - n). From these the attacker can
narrow each hidden quantity to an interval. The rule: that interval must be at least ``protection``
wide (default ``min_count``), in whole persons. For a hidden 2 with ``min_count`` 5 the attacker
cannot narrow it to less than a range such as 0–5. The protected quantities are each
``SMALL_COUNT`` and ``SMALL_DENOMINATOR`` cell, N - n for each ``SMALL_COMPLEMENT`` cell, and each
amount whose count cell is a primary cell, whose interval must be at least ``amount_protection``
times the amount wide (and at least one öre). Every other masked cell must at least not be
recomputable: its interval must hold more than one whole number.

**Secondary suppression** uses the hypercube method (Repsilber 1994; Giessing and Repsilber 2002,
as in τ-ARGUS; see :mod:`.hypercubes`). A hypercube through a hidden cell is a set of 2**d cells,
one pair of categories (or a category and the margin) in each of d dimensions, that can all change
together by the same whole number, with signs, while every published cell stays as it is. Each
protected quantity, finest cells first, is checked against the hypercubes already masked; if they
do not move it far enough up and down, the cheapest hypercube that does is found by a pruned
search and masked (``SECONDARY``, recording the cell it protects). A cell costs one plus the
logarithm of one plus the persons in it, and the same again for each cell its mask brings with it.
For a numerator cell the search may move the numerator and population tables together. Last,
every masked cell that no hypercube moves yet (a numerator cell masked with its population cell,
say) gets a hypercube of its own, so that no masked cell at all can be worked out exactly.

A hypercube's move gives the attacker a second table, in whole numbers, that agrees with
everything published, so each protected quantity carries its own proof of protection, valid even
against an attacker who uses that counts are whole. The hypercube of a cell and all its margins
can always rise without limit, so a protecting hypercube always exists. Tables must therefore be
complete: every combination of categories and :data:`TOTAL`.

**The audit** (:func:`audit`, :func:`audit_tables`) is independent of how the masks were chosen. It
bounds every masked cell, and each implied complement, by linear programming over all the
equations and links (or, with ``exact``, over whole numbers), for tests and as a final check.

Results are deterministic: the same tables and rules give the same masks. Published figures carry
Statistics Sweden's symbols: :class:`Symbol`, :data:`LEGEND`, :func:`cell_symbol`.

Pure: no Django, no clock. Texts for readers are marked with :func:`gettext_noop`; the caller
translates them with ``gettext`` when showing them.

>>> persons = table_complete(("sex",), {("female",): 2, ("male",): 30, ("unknown",): 40})
>>> result = suppress({"persons": persons}, dims=("sex",))
>>> sorted(result.masked("persons"))
[('female',), ('male',)]
>>> audit(persons, result.masked("persons"), dims=("sex",))
{('female',): (0.0, 32.0), ('male',): (0.0, 32.0)}
"""

from lika.statistics.disclosure.audit import Audit, audit, audit_tables
from lika.statistics.disclosure.suppression import (
    KEEP_FACTOR,
    REASON_TEXT,
    DisclosureRules,
    Keep,
    Masked,
    Reason,
    Suppression,
    suppress,
)
from lika.statistics.disclosure.symbols import LEGEND, Symbol, cell_symbol, gettext_noop
from lika.statistics.disclosure.tables import TOTAL, CellRef, Key, table_complete

__all__ = [
    "KEEP_FACTOR",
    "LEGEND",
    "REASON_TEXT",
    "TOTAL",
    "Audit",
    "CellRef",
    "DisclosureRules",
    "Keep",
    "Key",
    "Masked",
    "Reason",
    "Suppression",
    "Symbol",
    "audit",
    "audit_tables",
    "cell_symbol",
    "gettext_noop",
    "suppress",
    "table_complete",
]
