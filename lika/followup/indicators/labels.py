"""Readable labels for the codes in the fact tables: sexes, countries, permit grounds, household types ...

The fact tables hold plain codes so that every engine groups alike; the dashboard and its exports
show these labels instead. A code without a label is shown as it is.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.utils.functional import Promise
from django.utils.translation import get_language_info, gettext_lazy
from django.utils.translation import gettext as _
from django_countries import countries

from lika.allowance.models import ExceptionKind, ExceptionReason
from lika.followup.indicators.catalogue import OTHER, RECODES
from lika.followup.models import NONE
from lika.followup.registers.schemas import COUNTIES
from lika.people.models import ConversationTopic, PermitGround
from lika.statistics.disclosure import TOTAL

SEX_COLUMNS = frozenset({"sex", "holder_sex", "payee_sex"})
SEX_ORDER = ("female", "male", "unknown", TOTAL)

SEX_LABELS: Mapping[str, Promise] = {
    "female": gettext_lazy("Women"),
    "male": gettext_lazy("Men"),
    "unknown": gettext_lazy("Unknown sex"),
    TOTAL: gettext_lazy("All"),
}

# The follow-up's own codes (lika/followup/facts/population.py), in the order they are listed.
HOUSEHOLD_TYPES: Mapping[str, Promise] = {
    "one_adult": gettext_lazy("One adult"),
    "one_adult_children": gettext_lazy("One adult with children"),
    "two_adults": gettext_lazy("Two adults"),
    "two_adults_children": gettext_lazy("Two adults with children"),
    "other": gettext_lazy("Three adults or more"),
    NONE: gettext_lazy("Not in a household"),
}
ADULTS_SEXES: Mapping[str, Promise] = {
    "woman_and_man": gettext_lazy("A woman and a man"),
    "women": gettext_lazy("Only women"),
    "men": gettext_lazy("Only men"),
    "other": gettext_lazy("Other"),
}
# The kinds of channel in the channel-visit facts (FactChannelVisit.channel_kind). The follow-up reads
# Om Sverige only through its fact table, so it names the codes itself; a test checks that every kind
# of channel the counter knows has a label here.
CHANNEL_KINDS: Mapping[str, Promise] = {
    "min_sida": gettext_lazy("Min Sida"),
    "permit_letter": gettext_lazy("Letter with the permit card"),
    "office_screen": gettext_lazy("Screen in an office"),
    "social_post": gettext_lazy("Social media post"),
    "staff_referral": gettext_lazy("Referral by staff at an office"),
    "partner": gettext_lazy("Partner organisation's posters and leaflets"),
    "civic_introduction": gettext_lazy("Slides at the civic introduction"),
}
# The kinds of activity in the participation facts (FactActivityParticipation.activity_kind), named here for
# the same reason as the channels'; a test checks them against the partners part's own list.
ACTIVITY_KINDS: Mapping[str, Promise] = {
    "early": gettext_lazy("Early activity for asylum seekers"),
    "reception_centre": gettext_lazy("Activity at a reception centre"),
}
CHILDCARE: Mapping[str, Promise] = {
    "yes": gettext_lazy("With childcare"),
    "no": gettext_lazy("Without childcare"),
}
QUARTERS: Mapping[str, Promise] = {
    "1": gettext_lazy("January–March"),
    "2": gettext_lazy("April–June"),
    "3": gettext_lazy("July–September"),
    "4": gettext_lazy("October–December"),
}


# What the smaller values a recoding gathers are called (see lika.followup.indicators.catalogue.RECODES).
OTHER_LABELS: Mapping[str, Promise] = {
    "country_of_birth": gettext_lazy("Other countries"),
    "region": gettext_lazy("Other counties"),
    "ground": gettext_lazy("Other permit grounds"),
    "permit_ground": gettext_lazy("Other permit grounds"),
}


def _choices(labels: Mapping[str, object], none: Promise | None = None) -> dict[str, object]:
    result = dict(labels)
    if none is not None:
        result[NONE] = none
    return result


CODE_LABELS: Mapping[str, Mapping[str, object]] = {
    **dict.fromkeys(SEX_COLUMNS, SEX_LABELS),
    "household_type": HOUSEHOLD_TYPES,
    "adults_sexes": ADULTS_SEXES,
    "quarter": QUARTERS,
    "permit_ground": _choices(dict(PermitGround.choices), gettext_lazy("No application")),
    "ground": _choices(dict(PermitGround.choices), gettext_lazy("No application")),
    "reason": dict(ExceptionReason.choices),
    "kind": dict(ExceptionKind.choices),
    "channel_kind": CHANNEL_KINDS,
    "topic": dict(ConversationTopic.choices),
    "region": COUNTIES,
    "activity_kind": ACTIVITY_KINDS,
    "childcare": CHILDCARE,
}


def value_label(column: str, value: str) -> str:  # noqa: PLR0911 - one return per kind of code
    """The label of ``value`` in the breakdown ``column``, in the active language; ``TOTAL`` reads "All".

    >>> from django.utils import translation
    >>> with translation.override("en"):
    ...     value_label("sex", "female"), value_label("household_type", "two_adults_children"), value_label("age_group", "*")
    ('Women', 'Two adults with children', 'All')
    """
    if value == TOTAL:
        return str(SEX_LABELS[TOTAL])
    labels = CODE_LABELS.get(column)
    if labels is not None and value in labels:
        return str(labels[value])
    if value == OTHER and column in RECODES:
        return str(OTHER_LABELS.get(column, OTHER_LABELS["country_of_birth"]))
    if column == "country_of_birth":
        return str(countries.name(value)) or value
    if column == "language":
        try:
            return str(_(get_language_info(value)["name"]))
        except KeyError:
            return value
    return value


def value_order(column: str, value: str) -> tuple[int, int, str]:
    """A sort key that lists a breakdown's values as readers expect: listed order, else by label; ``TOTAL`` last."""
    if value == TOTAL:
        return (1, 0, "")
    labels = CODE_LABELS.get(column)
    if labels is not None and value in labels and column != "region":
        return (0, list(labels).index(value), "")
    if value == OTHER and column in RECODES:
        return (0, 1, "")  # "other" after the values kept
    if column in {"age_group", "region"}:
        return (0, 0, value)
    return (0, 0, value_label(column, value).casefold())
