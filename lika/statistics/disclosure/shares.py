"""Protected share tables by row and sex: "n / N (p %)" per cell, hidden where too few people stand behind it.

The competence part's overview (staff with an agreed dialogue per unit) and the follow-up's training
exposure (staff trained before a survey per unit) publish the same kind of table: a row dimension by
the staff's sex (women, men, unknown) with every margin, each cell a count of a population.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from lika.statistics.disclosure.suppression import DisclosureRules, suppress
from lika.statistics.disclosure.symbols import Symbol, cell_symbol
from lika.statistics.disclosure.tables import TOTAL, table_complete

SEXES = ("female", "male", "unknown")


@dataclass(frozen=True)
class Cell:
    """A published count or share: the text to print and whether it was hidden."""

    text: str
    masked: bool


def _cell(count: int, population: int, *, masked: bool) -> Cell:
    symbol = cell_symbol(count, masked=masked)
    if symbol is Symbol.MASKED:
        return Cell(Symbol.MASKED.value, True)
    if population == 0:
        return Cell(Symbol.NOT_APPLICABLE.value, False)
    return Cell(f"{count} / {population} ({round(100 * count / population)} %)", False)


def share_table(
    counts: Mapping[tuple[str, str], int],
    populations: Mapping[tuple[str, str], int],
    rows: Sequence[str],
    rules: DisclosureRules,
) -> dict[str, tuple[Cell, ...]]:
    """Share cells per row and sex (women, men, unknown, total), and a row :data:`TOTAL` for all rows together.

    >>> cells = share_table({("a", "female"): 3}, {("a", "female"): 40, ("a", "male"): 40}, ["a"], DisclosureRules())
    >>> [cell.text for cell in cells["a"]]
    ['..', '0 / 40 (0 %)', '.', '..']
    """
    finest_n: dict[tuple[str, ...], int] = {(row, sex): counts.get((row, sex), 0) for row in rows for sex in SEXES}
    finest_population: dict[tuple[str, ...], int] = {
        (row, sex): populations.get((row, sex), 0) for row in rows for sex in SEXES
    }
    n = table_complete(("row", "sex"), finest_n)
    population = table_complete(("row", "sex"), finest_population)
    result = suppress({"n": n, "N": population}, dims=("row", "sex"), rules=rules, shares=[("n", "N")])
    masked_n, masked_population = result.masked("n"), result.masked("N")
    return {
        row: tuple(
            _cell(
                n[(row, sex)],
                population[(row, sex)],
                masked=(row, sex) in masked_n or (row, sex) in masked_population,
            )
            for sex in (*SEXES, TOTAL)
        )
        for row in (*rows, TOTAL)
    }
