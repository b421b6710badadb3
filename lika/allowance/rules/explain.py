"""The steps behind each person's amount, taken from the kernel's own working.

A step is a typed dictionary (:class:`OwnStep`, :class:`ChildShareStep` or
:class:`OwnCardChildStep`, told apart by ``kind``). It stays a dictionary because it is stored as
JSON with a decision and returned as JSON by the quote: which days, which category and rate,
whether it was halved, what was reduced, and the parameter and paragraph used. Turning steps into
Swedish or English sentences is done outside the rules (lika.allowance.explanations).
"""

from __future__ import annotations

from collections import defaultdict
from typing import Literal, NotRequired, TypedDict, cast

from lika.allowance.rules.kernel import CATEGORY_PARAMETER, Category, Result
from lika.allowance.rules.month import Built
from lika.allowance.rules.parameters import ParameterHistory

CategoryName = Literal[
    "child", "adult_single", "adult_partner", "adult_shared_household", "young_adult_with_parents", "not_eligible"
]
"""``Category`` member names in lower case, as stored in explanations."""


class Working(TypedDict):
    """The kernel's working for one person over one stretch of days (a kernel row); money in öre."""

    first_day: str  # ISO date
    last_day: str  # ISO date
    days: int
    category: CategoryName
    age: int
    food_included: bool
    rate_ore: int
    halved: bool
    child_rank: int | None  # 1 for the eldest eligible child; None for an adult
    reduction_requested_ore: int
    reduction_ore: int
    daily_ore: int
    amount_ore: int
    parameter: str | None  # the parameter the rate comes from; None when not eligible
    parameter_version: str  # ISO date the parameter version is valid from
    reference: str | None
    halving_reference: NotRequired[str]  # only when halved
    reduction_reference: NotRequired[str]  # only when a reduction was decided


class OwnStep(Working):
    """A person's own allowance for a stretch of days."""

    kind: Literal["own"]


class ChildShareStep(Working):
    """A payee's share of a child's allowance; the working is the child's."""

    kind: Literal["child_share"]
    child: int  # the child's person key (the quote puts the child's id here instead)
    payees: int  # how many payees the child's allowance is split between
    share_ore: int


class OwnCardChildStep(Working):
    """A child's allowance paid on the child's own card; the working is the child's."""

    kind: Literal["own_card_child"]
    share_ore: int


Step = OwnStep | ChildShareStep | OwnCardChildStep


class _Columns:
    """The segments' and the result's columns as Python lists, read once: a NumPy element read one at a time
    costs more than the rest of a step's working."""

    def __init__(self, built: Built, result: Result) -> None:
        s = built.segments
        self.version = s.version.tolist()
        self.days = s.days.tolist()
        self.age = s.age.tolist()
        self.food_included = s.food_included.tolist()
        self.reduction_requested = s.reduction_ore.tolist()
        self.category = result.category.tolist()
        self.rate = result.rate_ore.tolist()
        self.halved = result.halved.tolist()
        self.child_rank = result.child_rank.tolist()
        self.reduction = result.reduction_applied_ore.tolist()
        self.daily = result.daily_ore.tolist()
        self.amount = result.amount_ore.tolist()


def _working(built: Built, columns: _Columns, history: ParameterHistory, row: int) -> Working:
    rows, c = built.rows, columns
    category = Category(c.category[row])
    version = history.versions[c.version[row]]
    parameter = CATEGORY_PARAMETER.get(category)
    reference = version.references[parameter] if parameter else None
    name = cast(CategoryName, category.name.lower())  # test_rules checks that every Category has its name here
    rank = c.child_rank[row]
    working = Working(
        first_day=rows.first_day[row].isoformat(),
        last_day=rows.last_day[row].isoformat(),
        days=c.days[row],
        category=name,
        age=c.age[row],
        food_included=c.food_included[row],
        rate_ore=c.rate[row],
        halved=c.halved[row],
        child_rank=rank + 1 if rank >= 0 else None,
        reduction_requested_ore=c.reduction_requested[row],
        reduction_ore=c.reduction[row],
        daily_ore=c.daily[row],
        amount_ore=c.amount[row],
        parameter=parameter,
        parameter_version=version.valid_from.isoformat(),
        reference=reference.text if reference else None,
    )
    if working["halved"]:
        working["halving_reference"] = version.references["younger_child_share"].text
    if working["reduction_requested_ore"]:
        working["reduction_reference"] = version.references["reduction_protects_food"].text
    return working


def explanations(built: Built, result: Result, history: ParameterHistory) -> dict[int, list[Step]]:
    """Gives every person's steps, keyed by person key: their own days, then each child's share paid to them.

    ``kind`` comes first in every step, then the working, then what is particular to the kind.
    """
    steps: dict[int, list[Step]] = defaultdict(list)
    working: dict[int, Working] = {}
    c = _Columns(built, result)
    # Many rows have the same working (the same days, category, age and amounts): each is made once. A working
    # is only ever copied into steps, never handed out, so rows can share it.
    made: dict[tuple[object, ...], Working] = {}
    signatures = zip(
        built.rows.first_day,
        built.rows.last_day,
        c.version,
        c.days,
        c.category,
        c.age,
        c.food_included,
        c.rate,
        c.halved,
        c.child_rank,
        c.reduction_requested,
        c.reduction,
        c.daily,
        c.amount,
        strict=True,
    )
    for row, signature in enumerate(signatures):
        found = made.get(signature)
        if found is None:
            found = made[signature] = _working(built, c, history, row)
        working[row] = found
        steps[built.rows.person_key[row]].append(OwnStep(kind="own", **found))
    for child, payee, share, payees in zip(
        result.share_child_row.tolist(),
        result.share_payee_row.tolist(),
        result.share_ore.tolist(),
        result.share_payee_count.tolist(),
        strict=True,
    ):
        child_key, payee_key = built.rows.person_key[child], built.rows.person_key[payee]
        if child_key == payee_key:
            steps[payee_key].append(OwnCardChildStep(kind="own_card_child", **working[child], share_ore=share))
            continue
        steps[payee_key].append(
            ChildShareStep(kind="child_share", **working[child], child=child_key, payees=payees, share_ore=share)
        )
    return dict(steps)
