"""The steps behind each person's amount, taken from the kernel's own working.

A step is a plain dictionary (JSON as it is stored with a decision): which days, which category
and rate, whether it was halved, what was reduced, and the parameter and paragraph used. Turning
steps into Swedish or English sentences is done outside the rules (lika.allowance.explanations).
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from lika.allowance.rules.kernel import CATEGORY_PARAMETER, Category, Result
from lika.allowance.rules.month import Built
from lika.allowance.rules.parameters import ParameterHistory

Step = dict[str, Any]


def _own_step(built: Built, result: Result, history: ParameterHistory, row: int) -> Step:
    s, rows = built.segments, built.rows
    category = Category(int(result.category[row]))
    version = history.versions[int(s.version[row])]
    parameter = CATEGORY_PARAMETER.get(category)
    reference = version.references[parameter] if parameter else None
    step: Step = {
        "kind": "own",
        "first_day": rows.first_day[row].isoformat(),
        "last_day": rows.last_day[row].isoformat(),
        "days": int(s.days[row]),
        "category": category.name.lower(),
        "age": int(s.age[row]),
        "food_included": bool(s.food_included[row]),
        "rate_ore": int(result.rate_ore[row]),
        "halved": bool(result.halved[row]),
        "child_rank": int(result.child_rank[row]) + 1 if result.child_rank[row] >= 0 else None,
        "reduction_requested_ore": int(s.reduction_ore[row]),
        "reduction_ore": int(result.reduction_applied_ore[row]),
        "daily_ore": int(result.daily_ore[row]),
        "amount_ore": int(result.amount_ore[row]),
        "parameter": parameter,
        "parameter_version": version.valid_from.isoformat(),
        "reference": reference.text if reference else None,
    }
    if step["halved"]:
        step["halving_reference"] = version.references["younger_child_share"].text
    if step["reduction_requested_ore"]:
        step["reduction_reference"] = version.references["reduction_protects_food"].text
    return step


def explanations(built: Built, result: Result, history: ParameterHistory) -> dict[int, list[Step]]:
    """Every person's steps, keyed by person key: their own days, then each child's share paid to them."""
    steps: dict[int, list[Step]] = defaultdict(list)
    own: dict[int, Step] = {}
    for row in range(len(built.segments.person)):
        step = _own_step(built, result, history, row)
        own[row] = step
        steps[built.rows.person_key[row]].append(step)
    for child, payee, share, payees in zip(
        result.edge_child.tolist(),
        result.edge_payee.tolist(),
        result.edge_share_ore.tolist(),
        result.edge_payees.tolist(),
        strict=True,
    ):
        child_key, payee_key = built.rows.person_key[child], built.rows.person_key[payee]
        if child_key == payee_key:
            steps[payee_key].append({**own[child], "kind": "own_card_child", "share_ore": share})
            continue
        steps[payee_key].append(
            {
                **own[child],
                "kind": "child_share",
                "child": child_key,
                "payees": payees,
                "share_ore": share,
            }
        )
    return dict(steps)
