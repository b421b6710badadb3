"""One decision and its letters; opening a letter is audited."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render

from lika.accounts.access import StaffRequest, staff_view
from lika.allowance import services
from lika.allowance.explanations import money
from lika.allowance.models import (
    Decision,
    DecisionDocument,
)
from lika.allowance.rules.month import Month
from lika.allowance.selectors import child_names, exceptions_active
from lika.allowance.views._common import (
    _step_texts,
)
from lika.audit.acting import Acting
from lika.people.shortcuts import person_open_or_404

# --- decisions -----------------------------------------------------------------------------------


@staff_view("allowance.view_decision", "people.view_person")
def decision(request: StaffRequest, decision_id: int) -> HttpResponse:
    found = get_object_or_404(
        Decision.objects.select_related("issued_by", "supersedes", "superseded_by"), pk=decision_id
    )
    person = person_open_or_404(request, found.person_id)
    steps = found.explanation
    names = child_names(steps)
    context = {
        "decision": found,
        "person": person,
        "allowance": money(found.allowance_ore),
        "payout": money(found.payout_ore),
        # Where the money went that month: the staff page says what the letter says (documents.decision_layout).
        "exception": exceptions_active([found.person_id], Month.parse(found.month)).get(found.person_id),
        "steps": _step_texts(steps, names),
        "superseded_by": getattr(found, "superseded_by", None),
        "languages": list(found.documents.order_by("language").values_list("language", flat=True)),
    }
    return render(request, "allowance/decision.html", context)


@staff_view("allowance.view_decision", "people.view_person")
def decision_pdf(request: StaffRequest, decision_id: int, language: str) -> HttpResponse:
    if language not in services.DECISION_LANGUAGES + services.TRANSLATED_DECISION_LANGUAGES:
        raise Http404
    found = get_object_or_404(Decision, pk=decision_id)
    person_open_or_404(request, found.person_id)
    try:
        document = services.decision_document_open(
            acting=Acting(actor=request.user, reason="Opened the decision document"), decision=found, language=language
        )
    except DecisionDocument.DoesNotExist as error:
        raise Http404 from error
    response = HttpResponse(bytes(document.pdf), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{found.number}-{language}.pdf"'
    return response
