"""Sentences for the rules' explanation steps, in the active language, and money as people write it."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.utils.translation import get_language, gettext_lazy, ngettext
from django.utils.translation import gettext as _
from django_stubs_ext import StrPromise

from lika.allowance.rules.explain import CategoryName, Step, Working
from lika.core.bidi import ltr

CATEGORY_NAMES: dict[CategoryName, StrPromise] = {
    "child": gettext_lazy("child"),
    "adult_single": gettext_lazy("adult who does not live with a spouse or partner"),
    "adult_partner": gettext_lazy("adult living with a spouse or partner"),
    "adult_shared_household": gettext_lazy("adult sharing a household with another adult"),
    "young_adult_with_parents": gettext_lazy("18–20-year-old living with their parents"),
    "not_eligible": gettext_lazy("not covered by LMA"),
}


def money(ore: int) -> str:
    """An amount of öre as kronor: "1 891,00 kr" in Swedish, "SEK 1,891.00" otherwise.

    In a right-to-left language the amount is isolated (:func:`lika.core.bidi.ltr`), so that it
    reads "SEK 1,891.00" inside an Arabic sentence and never "1,891.00 SEK".

    >>> from django.utils import translation
    >>> with translation.override("sv"):
    ...     money(189100)
    '1\\xa0891,00\\xa0kr'
    >>> with translation.override("en"):
    ...     money(-5)
    '−SEK 0.05'
    """
    sign = "−" if ore < 0 else ""
    kronor, rest = divmod(abs(ore), 100)
    if (get_language() or "en").startswith("sv"):
        return f"{sign}{kronor:,}".replace(",", "\xa0") + f",{rest:02d}\xa0kr"
    return ltr(f"{sign}SEK {kronor:,}.{rest:02d}")


def _days(step: Working) -> str:
    first = datetime.date.fromisoformat(step["first_day"])
    last = datetime.date.fromisoformat(step["last_day"])
    count = ngettext("%(count)d day", "%(count)d days", step["days"]) % {"count": step["days"]}
    return _("%(first)s to %(last)s (%(count)s)") % {
        "first": ltr(first.isoformat()),
        "last": ltr(last.isoformat()),
        "count": count,
    }


def _own(step: Working) -> str:
    if step["category"] == "not_eligible":
        return _("%(days)s: not covered by LMA, so no allowance.") % {"days": _days(step)}
    food = _("food included in the housing") if step["food_included"] else _("food not included")
    parts = [
        _("%(days)s: %(category)s, aged %(age)s, %(food)s: %(rate)s a day (%(reference)s).")
        % {
            "days": _days(step),
            "category": CATEGORY_NAMES[step["category"]],
            "age": step["age"],
            "food": food,
            "rate": money(step["rate_ore"]),
            "reference": ltr(step["reference"]),
        }
    ]
    if step["halved"]:
        parts.append(
            _("Child number %(rank)s in the household by age gets half the rate: %(daily)s a day (%(reference)s).")
            % {
                "rank": step["child_rank"],
                "daily": money(step["daily_ore"]),
                "reference": ltr(step["halving_reference"]),
            }
        )
    if step["reduction_requested_ore"]:
        if step["reduction_ore"] < step["reduction_requested_ore"]:
            parts.append(
                _(
                    "Reduced by %(reduction)s a day instead of the %(requested)s decided, because a reduction may not take the part meant for food (%(reference)s)."
                )
                % {
                    "reduction": money(step["reduction_ore"]),
                    "requested": money(step["reduction_requested_ore"]),
                    "reference": ltr(step["reduction_reference"]),
                }
            )
        else:
            parts.append(
                _("Reduced by %(reduction)s a day (%(reference)s).")
                % {"reduction": money(step["reduction_ore"]), "reference": ltr(step["reduction_reference"])}
            )
    parts.append(
        _("%(daily)s × %(days)s = %(amount)s.")
        % {"daily": money(step["daily_ore"]), "days": step["days"], "amount": money(step["amount_ore"])}
    )
    return " ".join(parts)


def step_text(step: Step, child_name: str | None = None) -> str:
    """Words one step as sentences a case officer and the person can follow."""
    if step["kind"] == "own":
        return _own(step)
    child = child_name or _("a child aged %(age)s") % {"age": step["age"]}
    if step["kind"] == "own_card_child":
        return _("%(child)s is paid on the child's own card: %(amount)s. %(working)s") % {
            "child": child,
            "amount": money(step["share_ore"]),
            "working": _own(step),
        }
    # The payees are the child's parents or guardians in the household, or failing them its adults.
    return ngettext(
        "Allowance for %(child)s, all of it paid to you: %(share)s. %(working)s",
        "Your equal share of the allowance for %(child)s, shared between %(count)d adults: %(share)s. %(working)s",
        step["payees"],
    ) % {"child": child, "count": step["payees"], "share": money(step["share_ore"]), "working": _own(step)}


def texts_add(answers: Iterable[dict[str, Any]]) -> None:
    """Adds a ``text`` to every explanation step of quote answers, in the active language.

    Households in a bulk quote repeat the same steps many times over (the same month, rate and
    age), so each distinct step is worded once.
    """
    worded: dict[tuple[tuple[str, ...], tuple[Any, ...]], str] = {}
    for answer in answers:
        for person in answer["persons"]:
            for step in person["explanation"]:
                # A step's keys and values, the child's id left out (it is not in the text), found in one lookup.
                # A tuple of the keys and one of the values cost a third of a tuple of pairs. Equal steps built in
                # another order of keys would only be worded twice, never wrongly.
                content = step if "child" not in step else {**step, "child": None}
                key = (tuple(content), tuple(content.values()))
                text = worded.get(key)
                if text is None:
                    text = worded[key] = step_text(step)
                step["text"] = text
