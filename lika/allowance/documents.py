"""An individual allowance decision as a PDF/UA-1 document, in the active language.

The adult is the addressee and is spoken to directly. The decision names nobody else but the
children whose allowance is shared with the addressee, and never a child with a protected
identity; another adult of the household is never named (architecture principle 8).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.utils import timezone
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from lika.allowance.explanations import CATEGORY_NAMES, money
from lika.allowance.models import ExceptionKind
from lika.core import clock
from lika.core.bidi import ltr
from lika.documents.layouts import AllowanceDecision, Section, Table
from lika.documents.rendering import pdf_render

if TYPE_CHECKING:
    from lika.allowance.models import Decision
    from lika.people.models import Person

APPEAL_WEEKS = 3  # förvaltningslagen (2017:900) 44 §: an appeal must arrive within three weeks


def binding_text_note() -> str:
    """In any language but Swedish, the sentence that names the Swedish text as the binding one.

    A decision is made in Swedish; every other language is a translation to help the reader, so a
    translated letter says so (empty in Swedish).
    """
    if (get_language() or "sv").split("-")[0] == "sv":
        return ""
    return _(
        "This is a translation to help you understand the decision. The decision in Swedish is the one that applies in law. You can ask us for it."
    )


def _month_name(month: str) -> str:
    year, number = (int(part) for part in month.split("-"))
    names = [
        _("January"),
        _("February"),
        _("March"),
        _("April"),
        _("May"),
        _("June"),
        _("July"),
        _("August"),
        _("September"),
        _("October"),
        _("November"),
        _("December"),
    ]
    return f"{names[number - 1]} {year}"


def _days(step: dict[str, Any]) -> str:
    # Two dates, each kept left to right: in Arabic the first still comes first, on the right.
    return f"{ltr(step['first_day'])} – {ltr(step['last_day'])}"


def _row(step: dict[str, Any], label: str, amount_ore: int) -> list[str]:
    return [label, str(step["days"]), money(step["daily_ore"]), money(amount_ore)]


def _own_label(step: dict[str, Any]) -> str:
    days = _days(step)
    if step["category"] == "not_eligible":
        return _("%(days)s: not covered by LMA") % {"days": days}
    label = _("%(days)s: you, %(category)s") % {"days": days, "category": CATEGORY_NAMES[step["category"]]}
    if step["reduction_ore"]:
        label += " " + _("(reduced by %(amount)s a day)") % {"amount": money(step["reduction_ore"])}
    return label


def _child_label(step: dict[str, Any], children: dict[int, str]) -> str:
    name = children.get(step["child"])
    days = _days(step)
    if name:
        label = _("%(days)s: %(child)s, aged %(age)s") % {"days": days, "child": name, "age": step["age"]}
    else:
        label = _("%(days)s: a child aged %(age)s") % {"days": days, "age": step["age"]}
    if step["halved"]:
        label += " " + _("(half rate, child number %(rank)s)") % {"rank": step["child_rank"]}
    if step["kind"] == "child_share" and step["payees"] > 1:
        label += " " + _("— your share: 1 of %(count)s") % {"count": step["payees"]}
    return label


def decision_layout(
    *, decision: Decision, person: Person, children: dict[int, str], exception_kind: str | None = None
) -> AllowanceDecision:
    """The decision's content for the Typst layout, every text in the active language.

    ``exception_kind`` is the kind of card exception in force for the person in the month, if any:
    the decision then says where the money goes and that the person may ask for their own card.
    """
    steps: list[dict[str, Any]] = decision.explanation
    rows = [_row(s, _own_label(s), s["amount_ore"]) for s in steps if s["kind"] == "own"]
    rows += [_row(s, _child_label(s, children), s["share_ore"]) for s in steps if s["kind"] != "own"]
    month = _month_name(decision.month)
    table: Table = {
        "caption": _("Your allowance for %(month)s, day by day") % {"month": month},
        "columns": [_("What"), _("Days"), _("Per day"), _("Amount")],
        "rows": rows or [[_("No allowance this month"), "", "", money(0)]],
        "footer": [_("Paid to you"), "", "", money(decision.payout_ore)],
    }
    halved = any(s.get("halved") for s in steps)
    how = [
        _(
            "Every adult gets their own decision and their own payment card. The allowance for children is shared equally between the parents who live with them."
        ),
        _(
            "The amount depends on your age, on whether you live with a spouse or partner, and on whether food is included where you live."
        ),
    ]
    if halved:
        how.append(_("The two eldest children get the full amount. Each younger child gets half."))
    if any(s.get("reduction_requested_ore") for s in steps if s["kind"] == "own"):
        how.append(
            _(
                "Your allowance is reduced under section 10 of the LMA. A reduction never takes the part of the allowance that is meant for your food."
            )
        )
    references = sorted({part for s in steps if s.get("reference") for part in s["reference"].split("; ")})
    issued = timezone.localtime(decision.issued_at).date() if decision.issued_at else clock.today()
    deadline = ngettext(
        "Your appeal must reach us within %(weeks)d week of the day you received this decision.",
        "Your appeal must reach us within %(weeks)d weeks of the day you received this decision.",
        APPEAL_WEEKS,
    ) % {"weeks": APPEAL_WEEKS}
    sections: list[Section] = [
        {"heading": _("How we calculated"), "paragraphs": how, "table": table},
        {
            "heading": _("How to appeal"),
            "paragraphs": [
                _(
                    "If you think the decision is wrong, you can appeal. Write to us and say which decision you mean, how you want it changed and why."
                ),
                deadline,
                _(
                    "We will look at the decision again. If we do not change it as you ask, we send your appeal to the administrative court (förvaltningsrätten)."
                ),
                _("You can ask a member of staff for help to write your appeal, in your own language."),
            ],
        },
    ]
    if decision.supersedes_id:
        sections.insert(
            0,
            {
                "heading": _("Why you get a new decision"),
                "paragraphs": [
                    _(
                        "Something that affects your allowance for this month has changed. This decision replaces decision %(number)s."
                    )
                    % {"number": ltr(decision.supersedes.number) if decision.supersedes else ""}
                ],
            },
        )
    summary = _("You get %(amount)s in daily allowance for %(month)s. It is paid before the month starts.") % {
        "amount": money(decision.payout_ore),
        "month": month,
    }
    if exception_kind == ExceptionKind.JOINT_CARD:
        summary += " " + _("It is paid to a card you share with another adult, as your case officer has decided.")
    elif exception_kind == ExceptionKind.SINGLE_PAYEE:
        summary += " " + _("It is paid to another adult's card, as your case officer has decided.")
    else:
        summary += " " + _("It is paid to your own card.")
    if exception_kind:
        sections.insert(
            0,
            {
                "heading": _("Your own card"),
                "paragraphs": [
                    _(
                        "The money is yours even when it is paid to another card. You can ask us at any time to pay it to a card of your own instead, and you do not need anyone else's agreement."
                    )
                ],
            },
        )
    language = (get_language() or "en").split("-")[0]
    return {
        "language": language,
        "title": _("Decision on daily allowance"),
        "agency": _("Swedish Migration Agency"),
        "reference_label": _("Decision"),
        "reference": ltr(decision.number),
        "date_label": _("Date"),
        "date": ltr(issued.isoformat()),
        "addressee_label": _("To"),
        "addressee": [
            f"{person.given_name} {person.family_name}",
            _("Dossier number %(number)s") % {"number": ltr(person.dossier_number)},
        ],
        "summary": summary,
        "sections": sections,
        "footer": " ".join(
            part
            for part in (
                binding_text_note(),
                _(
                    "Decided under section 17 of the Act on the Reception of Asylum Seekers (1994:137) and section 6 of Ordinance 1994:361. Sources: %(references)s. Rules %(rules)s, parameters %(parameters)s."
                )
                % {
                    "references": "; ".join(ltr(reference) for reference in references) or "—",
                    "rules": ltr(decision.rules_version),
                    "parameters": ltr(decision.parameters_version),
                },
            )
            if part
        ),
    }


def decision_pdf(
    *, decision: Decision, person: Person, children: dict[int, str], exception_kind: str | None = None
) -> bytes:
    layout = decision_layout(decision=decision, person=person, children=children, exception_kind=exception_kind)
    return pdf_render(
        template="allowance_decision.typ", data=layout, language=layout["language"], title=layout["title"]
    )
