"""The gender impact assessment of a proposed rule change, protected before it leaves Lika.

Reads the month's caseload from the registry (read-only), runs the kernel with the rules in force and
with the proposal (:mod:`lika.allowance.rules.impact`), and publishes, for adults in LMA:

- money by sex — each adult's own allowance and what lands on their own card, before, after and the
  change — and the same by household type, by number of children and by who gains, loses or is
  unchanged;
- how the changes are spread among the adults who gain or lose (quartiles, and the largest change that
  at least ``min_count`` adults reach), and the share of each household type's money on women's cards;
- the total cost, with the children who have an own card as a line of their own.

The tables by sex, household type, children and outcome are cut from one cube and protected together
with the follow-up's disclosure control (:func:`lika.statistics.disclosure.suppress` with
``published``): a group of few adults is hidden with its money, and no hidden figure can be worked
out from the others. Every published cell reconciles: baseline + change = proposal, to the öre.
"""

from __future__ import annotations

import itertools
import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import altair as alt
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lika.allowance.explanations import money
from lika.allowance.rules.impact import PersonOutcome, Proposal, impact_outcomes
from lika.allowance.rules.month import Month
from lika.allowance.rules.parameters import ParameterHistory, parameters_load
from lika.allowance.selectors import month_facts
from lika.core.charts import SEX_STYLES, spec_svg, styled_spec
from lika.core.formats import number_text, percent_text
from lika.documents.layouts import Table, TreatmentSurveyReport, TreatmentSurveySection
from lika.documents.layouts import TreatmentSurveyFigure as Figure
from lika.people.models import Person
from lika.statistics.disclosure import (
    KEEP_FACTOR,
    TOTAL,
    DisclosureRules,
    Masked,
    Symbol,
    suppress,
    table_complete,
)

# The example proposals Lika ships, to show the method (on the page, and in the demo).
PROPOSAL_EXAMPLES = Path(__file__).resolve().parent / "parameters" / "proposals"
DIMS = ("household_type", "children", "outcome", "sex")


def proposal_examples() -> dict[str, str]:
    """The example proposals Lika ships, their text by file name."""
    return {path.name: path.read_text(encoding="utf-8") for path in sorted(PROPOSAL_EXAMPLES.glob("*.yaml"))}


VIEWS = (("sex",), ("household_type", "sex"), ("children", "sex"), ("outcome", "sex"))
MEASURES = ("allowance_base", "allowance_proposal", "payout_base", "payout_proposal")
SEXES = ("female", "male", "unknown")
HOUSEHOLD_TYPES = ("one_adult", "one_adult_children", "two_adults", "two_adults_children", "other")
CHILDREN = ("0", "1", "2", "3+")
OUTCOMES = ("gains", "loses", "unchanged")


@dataclass(frozen=True)
class Assessment:
    """What may be published of an assessment, as plain data (the JSON the command writes)."""

    data: dict[str, Any]


def _outcome(change: int) -> str:
    return "gains" if change > 0 else "loses" if change < 0 else "unchanged"


def _key(outcome: PersonOutcome) -> tuple[str, ...]:
    band = "3+" if outcome.children >= 3 else str(outcome.children)
    return (outcome.household_type, band, _outcome(outcome.change), outcome.sex)


def _published(key: tuple[str, ...]) -> bool:
    shown = {dim for dim, part in zip(DIMS, key, strict=True) if part != TOTAL}
    return any(shown <= set(view) for view in VIEWS)


def _protected(
    adults: Sequence[PersonOutcome], rules: DisclosureRules
) -> tuple[dict[str, dict[tuple[str, ...], int]], dict[tuple[str, ...], Masked]]:
    """The cube of adults with its margins, and the published cells that are masked (with their money)."""
    finest: dict[str, dict[tuple[str, ...], int]] = {"persons": {}, **{m: {} for m in MEASURES}}
    for outcome in adults:
        key = _key(outcome)
        finest["persons"][key] = finest["persons"].get(key, 0) + 1
        for measure in MEASURES:
            finest[measure][key] = finest[measure].get(key, 0) + getattr(outcome, measure)
    categories = {
        "household_type": HOUSEHOLD_TYPES,
        "children": CHILDREN,
        "outcome": OUTCOMES,
        "sex": SEXES,
    }
    tables = {name: table_complete(DIMS, cells, categories=categories) for name, cells in finest.items()}
    # Women's and men's figures are hidden last, as in the follow-up.
    keep = {"sex": {TOTAL: KEEP_FACTOR, "female": 2 * KEEP_FACTOR, "male": 2 * KEEP_FACTOR}}
    result = suppress(
        tables,
        dims=DIMS,
        rules=rules,
        amounts=[(measure, "persons") for measure in MEASURES],
        keep=keep,
        published=_published,
    )
    return tables, dict(result.cells.get("persons", {}))


def _row(
    tables: dict[str, dict[tuple[str, ...], int]], masked: dict[tuple[str, ...], Masked], key: tuple[str, ...]
) -> dict[str, Any]:
    if key in masked:
        return {"persons": None, "hidden": masked[key].reason.value}
    row: dict[str, Any] = {"persons": tables["persons"][key]}
    for what in ("allowance", "payout"):
        base, proposal = tables[f"{what}_base"][key], tables[f"{what}_proposal"][key]
        row[what] = {"baseline": base, "proposal": proposal, "change": proposal - base}
    return row


def _view(
    tables: dict[str, dict[tuple[str, ...], int]],
    masked: dict[tuple[str, ...], Masked],
    dim: str | None,
    values: Sequence[str],
) -> list[dict[str, Any]]:
    rows = []
    for value, sex in itertools.product([*values, TOTAL] if dim else [TOTAL], [*SEXES, TOTAL]):
        key = tuple(sex if d == "sex" else value if d == dim else TOTAL for d in DIMS)
        row = _row(tables, masked, key)
        rows.append({**({dim: value} if dim else {}), "sex": sex, **row})
    return rows


def _spread(adults: Sequence[PersonOutcome], rules: DisclosureRules) -> list[dict[str, Any]]:
    """Quartiles of the change among adults who gain and among those who lose, by sex; and the largest change
    that at least ``min_count`` of them reach. Left out where fewer than the minimum group size changed."""
    needed = max(rules.min_denominator, 2 * rules.min_count)
    spread = []
    for sex in (*SEXES, TOTAL):
        for verdict in ("gains", "loses"):
            changes = sorted(o.change for o in adults if sex in {o.sex, TOTAL} and _outcome(o.change) == verdict)
            entry: dict[str, Any] = {"sex": sex, "outcome": verdict, "persons_changed": None}
            if len(changes) >= needed:
                quartiles = statistics.quantiles(changes, n=4, method="inclusive")
                extreme = changes[-rules.min_count] if verdict == "gains" else changes[rules.min_count - 1]
                entry |= {
                    "persons_changed": len(changes),
                    "lower_quartile": round(quartiles[0]),
                    "median": round(statistics.median(changes)),
                    "upper_quartile": round(quartiles[2]),
                    "largest_reached_by_at_least": {"persons": rules.min_count, "change": extreme},
                }
            else:
                entry["hidden"] = "small_group" if changes else "none"
            spread.append(entry)
    return spread


def impact_assess(month: Month, proposal: Proposal, *, rules: DisclosureRules) -> Assessment:
    """Assesses ``proposal`` on ``month``'s caseload, read from the registry; only protected figures are in the result."""
    households, persons = month_facts(month)
    sexes = dict(Person.objects.filter(pk__in=list(persons)).values_list("pk", "sex"))
    base = parameters_load()
    outcomes = impact_outcomes(households, persons, sexes=sexes, month=month, base=base, proposal=proposal)
    return Assessment(data=impact_published(outcomes, month=month, proposal=proposal, base=base, rules=rules))


def impact_published(
    outcomes: Sequence[PersonOutcome],
    *,
    month: Month,
    proposal: Proposal,
    base: ParameterHistory,
    rules: DisclosureRules,
) -> dict[str, Any]:
    """What may be published of the people's outcomes: every table added up, protected, and reconciled to the öre."""
    adults = [o for o in outcomes if o.adult]
    children = [o for o in outcomes if not o.adult and (o.payout_base or o.payout_proposal)]
    tables, masked = _protected(adults, rules)
    women_share = []
    for kind in (*HOUSEHOLD_TYPES, TOTAL):
        women = (kind, TOTAL, TOTAL, "female")
        everyone = (kind, TOTAL, TOTAL, TOTAL)
        entry: dict[str, Any] = {"household_type": kind}
        if women in masked or everyone in masked or not tables["payout_base"][everyone]:
            entry["hidden"] = True
        else:
            entry["baseline"] = tables["payout_base"][women] / tables["payout_base"][everyone]
            entry["proposal"] = (
                tables["payout_proposal"][women] / tables["payout_proposal"][everyone]
                if tables["payout_proposal"][everyone]
                else None
            )
        women_share.append(entry)
    own_card_children: dict[str, Any]
    if children and len(children) < rules.min_count:
        own_card_children = {"persons": None, "hidden": "small_count"}
    else:
        base_total = sum(o.payout_base for o in children)
        proposal_total = sum(o.payout_proposal for o in children)
        own_card_children = {
            "persons": len(children),
            "payout": {"baseline": base_total, "proposal": proposal_total, "change": proposal_total - base_total},
        }
    all_adults: tuple[str, ...] = (TOTAL,) * len(DIMS)
    cost: dict[str, Any] = {"hidden": masked[all_adults].reason.value} if all_adults in masked else {}
    cost_base = sum(o.allowance_base for o in outcomes)
    cost_proposal = sum(o.allowance_proposal for o in outcomes)
    if not cost:
        cost = {"baseline": cost_base, "proposal": cost_proposal, "change": cost_proposal - cost_base}
    data = {
        "month": str(month),
        "proposal": {
            "title": proposal.title,
            "changes": list(proposal.changed),
            "children_paid_to": proposal.children_paid_to,
            "sha256": proposal.sha256,
        },
        "rules_in_force": base.version_label(month.first),
        "disclosure_control": {"min_count": rules.min_count, "min_denominator": rules.min_denominator},
        "unit": "öre per month",
        "cost": cost,
        "adults": _view(tables, masked, None, ()),
        "by_household_type": _view(tables, masked, "household_type", HOUSEHOLD_TYPES),
        "by_children": _view(tables, masked, "children", CHILDREN),
        "by_outcome": _view(tables, masked, "outcome", OUTCOMES),
        "children_with_own_card": own_card_children,
        "spread_of_changes": _spread(adults, rules),
        "share_on_womens_cards": women_share,
    }
    return data


# --- The report: the same figures as sentences, tables and a chart, in Swedish or English ------------------------

REPORT_TEMPLATE = "treatment_survey_report.typ"  # the shared layout of a report in sections (title, summary, tables)
HIDDEN = str(Symbol.MASKED)  # Statistics Sweden's symbol for a figure not shown to protect the people behind it

HOUSEHOLD_TYPE_LABELS = {
    "one_adult": gettext_lazy("One adult"),
    "one_adult_children": gettext_lazy("One adult with children"),
    "two_adults": gettext_lazy("Two adults"),
    "two_adults_children": gettext_lazy("Two adults with children"),
    "other": gettext_lazy("Three adults or more"),
}
OUTCOME_LABELS = {
    "gains": gettext_lazy("Gain"),
    "loses": gettext_lazy("Lose"),
    "unchanged": gettext_lazy("Unchanged"),
}


def _sex_label(sex: str) -> str:
    labels = {"female": _("Women"), "male": _("Men"), "unknown": _("Unknown sex"), TOTAL: _("All")}
    return labels[sex]


def _group_label(dim: str, value: str) -> str:
    if value == TOTAL:
        return _("All")
    if dim == "household_type":
        return str(HOUSEHOLD_TYPE_LABELS[value])
    if dim == "outcome":
        return str(OUTCOME_LABELS[value])
    return _("1 child") if value == "1" else _("%(count)s children") % {"count": value}


def _money_cells(row: dict[str, Any], what: str) -> list[str]:
    if row["persons"] is None:
        return [HIDDEN, HIDDEN, HIDDEN]
    figures = row[what]
    return [money(figures["baseline"]), money(figures["proposal"]), money(figures["change"])]


def _persons(row: dict[str, Any]) -> str:
    return HIDDEN if row["persons"] is None else number_text(row["persons"])


def _group_table(rows: list[dict[str, Any]], dim: str, caption: str) -> Table:
    body = []
    for row in rows:
        if row["persons"] == 0:
            continue  # an empty group says nothing
        body.append([_group_label(dim, row[dim]), _sex_label(row["sex"]), _persons(row), *_money_cells(row, "payout")])
    return {
        "caption": caption,
        "columns": [
            _("Group"),
            _("Sex"),
            _("Adults"),
            _("On own cards now"),
            _("With the proposal"),
            _("Change"),
        ],
        "rows": body,
    }


def _chart(data: dict[str, Any]) -> Figure | None:
    """The change in money on own cards, women and men, as bars: with its text alternative."""
    rows = {row["sex"]: row for row in data["adults"]}
    bars = [
        {"sex": _sex_label(sex), "change": rows[sex]["payout"]["change"] / 100}
        for sex in ("female", "male")
        if rows[sex]["persons"]
    ]
    if not bars:
        return None
    chart = (
        alt.Chart(alt.InlineData(values=bars))
        .mark_bar(color=SEX_STYLES["female"].colour)
        .encode(
            x=alt.X("sex:N", title=None, sort=None),
            y=alt.Y("change:Q", title=_("Change on own cards, kronor a month")),
            color=alt.Color(
                "sex:N",
                scale=alt.Scale(
                    domain=[_sex_label("female"), _sex_label("male")],
                    range=[SEX_STYLES["female"].colour, SEX_STYLES["male"].colour],
                ),
                legend=None,
            ),
        )
        .properties(width=520, height=140)
    )
    alt_text = "; ".join(f"{bar['sex']}: {money(round(bar['change'] * 100))}" for bar in bars)
    return {
        "svg": spec_svg(styled_spec(chart), labelled_by="impact-chart-caption"),
        "alt": _("Bar chart of the change in money on own cards a month. %(values)s.") % {"values": alt_text},
        "caption": _("The change in money on women's and men's own cards in the month."),
    }


def impact_report(assessment: Assessment) -> TreatmentSurveyReport:
    """The assessment as a report in the active language: for ``REPORT_TEMPLATE`` (PDF/UA-1) and the HTML page."""
    data = assessment.data
    adults = {row["sex"]: row for row in data["adults"]}
    title = _("Gender impact of a proposed change: %(title)s") % {"title": data["proposal"]["title"]}
    summary = [
        _("Caseload of %(month)s, computed with the rules in force and with the proposal.") % {"month": data["month"]}
    ]
    if "change" in data["cost"]:
        summary.append(
            _("The allowance costs %(before)s a month now and %(after)s with the proposal: a change of %(change)s.")
            % {
                "before": money(data["cost"]["baseline"]),
                "after": money(data["cost"]["proposal"]),
                "change": money(data["cost"]["change"]),
            }
        )
    for sex in ("female", "male"):
        row = adults[sex]
        if row["persons"]:
            summary.append(
                _("%(who)s: %(adults)s adults; money on their own cards changes by %(change)s a month in all.")
                % {
                    "who": _sex_label(sex),
                    "adults": number_text(row["persons"]),
                    "change": money(row["payout"]["change"]),
                }
            )
    outcome_rows = {(row["outcome"], row["sex"]): row for row in data["by_outcome"]}
    sections: list[TreatmentSurveySection] = []
    chart = _chart(data)
    money_section: TreatmentSurveySection = {
        "heading": _("Money to women and men"),
        "paragraphs": [
            _(
                "For each adult in LMA: their own allowance, and what lands on their own card (their own allowance "
                "and their part of the children's). Amounts are for the whole month."
            )
        ],
        "tables": [
            {
                "caption": _("Money on own cards, by sex"),
                "columns": [_("Sex"), _("Adults"), _("Now"), _("With the proposal"), _("Change")],
                "rows": [
                    [_sex_label(row["sex"]), _persons(row), *_money_cells(row, "payout")] for row in data["adults"]
                ],
            },
            {
                "caption": _("Own allowance, by sex"),
                "columns": [_("Sex"), _("Adults"), _("Now"), _("With the proposal"), _("Change")],
                "rows": [
                    [_sex_label(row["sex"]), _persons(row), *_money_cells(row, "allowance")] for row in data["adults"]
                ],
            },
        ],
    }
    if chart is not None:
        money_section["figure"] = chart
    sections.append(money_section)
    spread = _spread_table(data)
    gains_paragraphs = [_("Adults whose money on their own card rises, falls or stays the same with the proposal.")]
    if not spread["rows"]:
        gains_paragraphs.append(
            _("Too few adults gain or lose for the size of the changes to be shown without pointing anyone out.")
        )
    sections.append(
        {
            "heading": _("Who gains and who loses"),
            "paragraphs": gains_paragraphs,
            "tables": [
                {
                    "columns": [_("Outcome"), *(_sex_label(sex) for sex in (*SEXES, TOTAL))],
                    "rows": [
                        [
                            _group_label("outcome", outcome),
                            *(_persons(outcome_rows[(outcome, sex)]) for sex in (*SEXES, TOTAL)),
                        ]
                        for outcome in OUTCOMES
                    ],
                },
                *([spread] if spread["rows"] else []),
            ],
        }
    )
    sections.append(
        {
            "heading": _("By household type"),
            "paragraphs": [],
            "tables": [
                _group_table(data["by_household_type"], "household_type", _("Money on own cards by household type"))
            ],
        }
    )
    sections.append(
        {
            "heading": _("By number of children"),
            "paragraphs": [],
            "tables": [_group_table(data["by_children"], "children", _("Money on own cards by number of children"))],
        }
    )
    sections.append(
        {
            "heading": _("The share of a household's money on women's cards"),
            "paragraphs": [],
            "tables": [
                {
                    "columns": [_("Household type"), _("Now"), _("With the proposal")],
                    "rows": [
                        [
                            _group_label("household_type", entry["household_type"]),
                            HIDDEN if entry.get("hidden") else percent_text(entry["baseline"], 1),
                            HIDDEN
                            if entry.get("hidden") or entry.get("proposal") is None
                            else percent_text(entry["proposal"], 1),
                        ]
                        for entry in data["share_on_womens_cards"]
                    ],
                }
            ],
        }
    )
    children = data["children_with_own_card"]
    sections.append(
        {
            "heading": _("How this was computed"),
            "paragraphs": [
                _(
                    "Lika's allowance kernel computed every household of the month twice, from the registry as it "
                    "is, with the rules in force (%(version)s) and with the proposal. The proposal changes: "
                    "%(changes)s. It is a proposal, not law."
                )
                % {
                    "version": data["rules_in_force"],
                    "changes": ", ".join(
                        [
                            *data["proposal"]["changes"],
                            *(
                                [_("children's allowance paid to one adult")]
                                if data["proposal"]["children_paid_to"] == "one_adult"
                                else []
                            ),
                        ]
                    ),
                },
                _("Children with a card of their own: %(count)s; the change on their cards: %(change)s.")
                % {
                    "count": HIDDEN if children["persons"] is None else number_text(children["persons"]),
                    "change": HIDDEN if children["persons"] is None else money(children["payout"]["change"]),
                },
                _(
                    "To protect the people behind the figures, a group of fewer than %(count)s adults is hidden "
                    "(..) with its money, and so is every figure from which a hidden one could be worked out. "
                    "Every figure shown adds up: now plus the change is the figure with the proposal, to the öre."
                )
                % {"count": data["disclosure_control"]["min_count"]},
            ],
        }
    )
    return {
        "language": translation.get_language() or "sv",
        "title": title,
        "subtitle": _("Month %(month)s · the proposal's file %(sha)s")
        % {"month": data["month"], "sha": data["proposal"]["sha256"][:12]},
        "summary": summary,
        "sections": sections,
    }


def _spread_table(data: dict[str, Any]) -> Table:
    rows = []
    for entry in data["spread_of_changes"]:
        if entry["persons_changed"] is None:
            continue
        rows.append(
            [
                f"{_sex_label(entry['sex'])}: {_group_label('outcome', entry['outcome']).lower()}",
                number_text(entry["persons_changed"]),
                money(entry["lower_quartile"]),
                money(entry["median"]),
                money(entry["upper_quartile"]),
                money(entry["largest_reached_by_at_least"]["change"]),
            ]
        )
    return {
        "caption": _("How large the changes are, among those who gain or lose (a month)"),
        "columns": [
            _("Who"),
            _("Adults"),
            _("Lower quartile"),
            _("Median"),
            _("Upper quartile"),
            _("Largest change at least 5 reach"),
        ],
        "rows": rows,
    }


def impact_html(report: TreatmentSurveyReport) -> str:
    """The report as a standalone, accessible HTML page."""
    return render_to_string("allowance/impact_report.html", {"report": report})
