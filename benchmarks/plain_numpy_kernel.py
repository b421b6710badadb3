"""A plain NumPy kernel of the simplified LMA allowance: the baseline Lika's kernel is timed against.

This is a measuring instrument, not part of Lika. It does not import Lika, and it hard-codes the
figures (öre per day, in force since April 2024) instead of reading Lika's dated parameters:

* adults: 7 100 single, 6 100 with a partner or as an 18–20-year-old living with a parent (food not
  included); 2 400 and 1 900 when food is included;
* children (under 18) by age: 0–3 3 700, 4–10 4 300, 11–17 5 000; 1 200 at any age with food
  included; the two eldest children of a household in full, younger ones at half (every rate is an
  even number of öre, so halves are exact);
* one whole month: the daily amount times the month's days;
* payout: each adult gets their own amount plus an equal share of the household's children's total
  (every adult of a household shares it); children get nothing, unless their household has no
  adult, when they keep their own. Öre that do not divide evenly go one each to the household's
  first adults in file order.

That is what the OpenFisca peer (../shared/peers/openfisca_lma) computes, here in integer öre and
written the way one would write it in an afternoon: no segments, no explanations, no
reductions. It reads the peer's population format (CSV or Parquet) and prints one JSON line with
the keys ``lika allowance kernel-bench`` prints:

    .venv/bin/python benchmarks/plain_numpy_kernel.py --input persons.parquet --month 2025-01 --repeats 5

``calc_s`` is the median over the repeats of the calculation alone; reading the file and numbering
the households (``read_s``) is not part of it, as in the other engines.
"""

from __future__ import annotations

import argparse
import calendar
import json
import resource
import statistics
import sys
import time
from pathlib import Path

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]

COLUMNS = ("household_id", "is_child", "age", "has_partner", "lives_with_parent", "food_included")

# Öre per day; index 0 food not included, 1 food included.
SINGLE = np.array([7100, 2400], dtype=np.int64)
TOGETHER = np.array([6100, 1900], dtype=np.int64)
YOUNG_WITH_PARENT_AGES = (18, 20)
CHILD_BY_AGE = np.zeros((2, 18), dtype=np.int64)
CHILD_BY_AGE[0, 0:4], CHILD_BY_AGE[0, 4:11], CHILD_BY_AGE[0, 11:18] = 3700, 4300, 5000
CHILD_BY_AGE[1, :] = 1200
CHILDREN_IN_FULL = 2


def read(path: Path) -> dict[str, IntArray]:
    """The file's columns as int64 arrays (booleans as 0/1)."""
    table: pa.Table = pq.read_table(path) if path.suffix == ".parquet" else pacsv.read_csv(path)
    return {name: table.column(name).to_numpy().astype(np.int64) for name in COLUMNS}


def allowance(
    *,
    household: IntArray,
    households: int,
    is_child: BoolArray,
    age: IntArray,
    has_partner: BoolArray,
    with_parent: BoolArray,
    food: IntArray,
    days: int,
) -> tuple[IntArray, IntArray]:
    """Each person's allowance for the month and payout, in öre; ``household`` is 0..households-1."""
    adult = ~is_child
    young = (age >= YOUNG_WITH_PARENT_AGES[0]) & (age <= YOUNG_WITH_PARENT_AGES[1]) & with_parent
    adult_daily = np.where(has_partner | young, TOGETHER[food], SINGLE[food])

    # Rank the children of each household, eldest first: sort by household, then by age descending.
    children = np.flatnonzero(is_child)
    order = children[np.lexsort((-age[children], household[children]))]
    sorted_household = household[order]
    rank = np.arange(len(order)) - np.searchsorted(sorted_household, sorted_household, side="left")
    child_daily = np.zeros(len(age), dtype=np.int64)
    child_daily[order] = CHILD_BY_AGE[food[order], age[order]]
    child_daily[order[rank >= CHILDREN_IN_FULL]] //= 2

    daily = np.where(is_child, child_daily, adult_daily)
    month = daily * days

    adults = np.bincount(household[adult], minlength=households)
    children_total = np.bincount(household[is_child], weights=month[is_child], minlength=households).astype(np.int64)
    share, left_over = np.divmod(children_total, np.maximum(adults, 1))
    own_household_adults = adults[household]
    payout = np.where(adult, month + share[household], np.where(own_household_adults == 0, month, 0))
    if left_over.any():
        # The first adults of each household (in file order) get one öre each of what is left.
        adult_rows = np.flatnonzero(adult)
        adult_rows = adult_rows[np.argsort(household[adult_rows], kind="stable")]
        adult_household = household[adult_rows]
        position = np.arange(len(adult_rows)) - np.searchsorted(adult_household, adult_household, side="left")
        payout[adult_rows] += position < left_over[adult_household]
    return month, payout


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--input", required=True, type=Path, help="CSV or Parquet in the OpenFisca peer's format")
    parser.add_argument("--month", required=True, help="YYYY-MM, April 2024 or later")
    parser.add_argument("--repeats", type=int, default=5)
    arguments = parser.parse_args(argv)
    year, month_number = (int(part) for part in arguments.month.split("-"))
    if (year, month_number) < (2024, 4):
        parser.error("the hard-coded rules are those in force from April 2024")
    days = calendar.monthrange(year, month_number)[1]

    started = time.perf_counter()
    columns = read(arguments.input)
    household_ids, household = np.unique(columns["household_id"], return_inverse=True)
    household = household.astype(np.int64)
    is_child, has_partner = columns["is_child"] == 1, columns["has_partner"] == 1
    with_parent, food = columns["lives_with_parent"] == 1, columns["food_included"]
    read_s = time.perf_counter() - started

    timings = []
    for _ in range(max(arguments.repeats, 1)):
        started = time.perf_counter()
        month, payout = allowance(
            household=household,
            households=len(household_ids),
            is_child=is_child,
            age=columns["age"],
            has_partner=has_partner,
            with_parent=with_parent,
            food=food,
            days=days,
        )
        timings.append(time.perf_counter() - started)
    line = {
        "engine": "plain-numpy",
        "month": arguments.month,
        "persons": len(month),
        "households": len(household_ids),
        "read_s": read_s,
        "calc_s": statistics.median(timings),
        "calc_s_min": min(timings),
        "calc_s_max": max(timings),
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "total_month_ore": int(month.sum()),
        "total_payout_ore": int(payout.sum()),
    }
    print(json.dumps(line))
    return 0


if __name__ == "__main__":
    sys.exit(main())
