"""The person's own decisions in Min Sida: every opening is recorded, and a permit decision as a PDF."""

from __future__ import annotations

from django.db import models
from django.utils import formats
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from lika.allowance.documents import binding_text_note
from lika.applicant_portal.services.messages import portal_acting
from lika.audit.actions import Action
from lika.core import clock
from lika.core.bidi import ltr
from lika.documents.layouts import AllowanceDecision, Section
from lika.documents.rendering import pdf_render
from lika.people.models import DecisionOutcome, PermitDecision, PermitKind, Person


def decision_open_record(*, person: Person, decision: models.Model, form: str, language: str) -> None:
    """Records that the person opened one of their decisions: who, which decision, when, and how.

    The audit event names the person by id; it holds no address or other detail of the request. It is
    one INSERT and nothing else: a single statement is atomic on its own, so no transaction is opened
    around it (on PostgreSQL that saves the BEGIN and COMMIT round trips on every opening), and inside
    a caller's transaction it belongs to that transaction.
    """
    portal_acting(person, "Opened in Min Sida").audit(
        Action.PORTAL_DECISION_OPEN, decision, {"person": person.pk, "form": form, "language": language}
    )


def permit_decision_paragraphs(decision: PermitDecision) -> tuple[str, list[str]]:
    """The summary and the explanation of a permit decision, in plain words and the active language."""
    ground = decision.application.get_ground_display()
    if decision.outcome == DecisionOutcome.GRANTED:
        valid_from = formats.date_format(decision.valid_from, "DATE_FORMAT") if decision.valid_from else ""
        if decision.permit_kind == PermitKind.PERMANENT:
            summary = _("You have been granted a permanent residence permit from %(from)s.") % {"from": valid_from}
        else:
            until = formats.date_format(decision.valid_until, "DATE_FORMAT") if decision.valid_until else ""
            summary = _("You have been granted a residence permit from %(from)s to %(until)s.") % {
                "from": valid_from,
                "until": until,
            }
        paragraphs = [
            _("You applied for a residence permit on the ground: %(ground)s.") % {"ground": ground},
            _("With the permit you may live and work in Sweden."),
        ]
    elif decision.outcome == DecisionOutcome.REFUSED:
        summary = _("Your application for a residence permit has been refused.")
        paragraphs = [
            _("You applied for a residence permit on the ground: %(ground)s.") % {"ground": ground},
            _("If you think the decision is wrong, you can appeal within three weeks. Ask us how."),
        ]
    else:
        summary = _("Your application for a residence permit has been dismissed or written off.")
        paragraphs = [_("You applied for a residence permit on the ground: %(ground)s.") % {"ground": ground}]
    return summary, paragraphs


def permit_decision_pdf(*, decision: PermitDecision, person: Person) -> bytes:
    """The permit decision as a PDF/UA-1 letter in the active language (the allowance decision's layout)."""
    summary, paragraphs = permit_decision_paragraphs(decision)
    language = (get_language() or "sv").split("-")[0]
    title = _("Decision on residence permit")
    sections: list[Section] = [{"heading": _("What the decision means"), "paragraphs": paragraphs}]
    layout: AllowanceDecision = {
        "language": language,
        "title": title,
        "agency": _("Swedish Migration Agency"),
        "reference_label": _("Decision"),
        "reference": ltr(f"UT-{decision.pk:08d}"),
        "date_label": _("Date"),
        "date": ltr(decision.decided_on.isoformat()),
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
                _("Printed from Min Sida on %(day)s.") % {"day": ltr(clock.today().isoformat())},
            )
            if part
        ),
    }
    return pdf_render(template="allowance_decision.typ", data=layout, language=language, title=title)
