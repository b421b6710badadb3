"""The gender impact of proposed rule changes: assess a proposal on a month's caseload, read and download it.

Only published, protected figures are stored and shown; reading them is not reading personal data.
"""

from __future__ import annotations

import yaml
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lika.accounts.access import StaffRequest, staff_view
from lika.allowance import services
from lika.allowance.forms import ImpactAssessmentForm
from lika.allowance.impact import REPORT_TEMPLATE, Assessment, impact_report, proposal_examples
from lika.allowance.models import ImpactAssessment
from lika.allowance.views._common import _acting
from lika.core import clock
from lika.core.forms import refusal_show
from lika.documents.rendering import pdf_render

REPORT_LANGUAGES = ("sv", "en")


def _examples() -> list[tuple[str, str]]:
    """The example proposals to choose from, each by its title."""
    return [(name, str(yaml.safe_load(text)["title"])) for name, text in proposal_examples().items()]


def _list_page(request: StaffRequest, form: ImpactAssessmentForm, status: int = 200) -> HttpResponse:
    page = Paginator(ImpactAssessment.objects.select_related("created_by"), 20).get_page(request.GET.get("sida"))
    can_assess = request.user.has_perm("allowance.add_impactassessment")
    return render(
        request, "allowance/impact_list.html", {"page": page, "form": form, "can_assess": can_assess}, status=status
    )


@staff_view("allowance.view_impactassessment")
def impact_list(request: StaffRequest) -> HttpResponse:
    initial = {"month": f"{clock.today():%Y-%m}"}
    return _list_page(request, ImpactAssessmentForm(initial=initial, examples=_examples()))


@staff_view("allowance.add_impactassessment")
@require_POST
def impact_create(request: StaffRequest) -> HttpResponse:
    form = ImpactAssessmentForm(request.POST, request.FILES, examples=_examples())
    if form.is_valid():
        data = form.cleaned_data
        if data.get("example"):
            text, name = proposal_examples()[data["example"]], data["example"]
        else:
            text, name = data["proposal_text"], data["file_name"]
        try:
            created = services.impact_assessment_create(
                acting=_acting(request, form), month=data["month"], proposal_text=text, file_name=name
            )
        except ValidationError as error:
            refusal_show(form, error, rename={"proposal": "proposal_file"})
        else:
            messages.success(
                request, _("The proposal was assessed on the caseload of %(month)s.") % {"month": created.month}
            )
            return redirect("allowance:impact_detail", assessment_id=created.pk)
    return _list_page(request, form, status=400)


@staff_view("allowance.view_impactassessment")
def impact_detail(request: StaffRequest, assessment_id: int) -> HttpResponse:
    found = get_object_or_404(ImpactAssessment, pk=assessment_id)
    report = impact_report(Assessment(data=found.result))
    return render(request, "allowance/impact_detail.html", {"assessment": found, "report": report})


@staff_view("allowance.view_impactassessment")
def impact_pdf(request: StaffRequest, assessment_id: int, language: str) -> HttpResponse:
    if language not in REPORT_LANGUAGES:
        raise Http404
    found = get_object_or_404(ImpactAssessment, pk=assessment_id)
    with translation.override(language):
        report = impact_report(Assessment(data=found.result))
        pdf = pdf_render(template=REPORT_TEMPLATE, data=report, language=language, title=report["title"])
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="lika-impact-{found.pk}-{language}.pdf"'
    return response
