"""The method guide for needs-driven development and the register of studies.

Every member of staff reads the guide. The register is read with ``plan.view_study`` and kept with
``plan.add_study`` and ``plan.change_study``. Views are thin: they parse a form, call a service and
redirect with a message; a refusal is shown on the field at fault and the page is sent again with
status 400. Participant counts are shown only as protected tables.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import select_template
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from lika.accounts.access import StaffRequest, staff_view
from lika.audit.acting import Acting
from lika.core.formats import csv_file
from lika.core.forms import refusal_show
from lika.plan import studies
from lika.plan.models.studies import Study
from lika.plan.studies_forms import ParticipantsFormSet, ReasonForm, StudyFilterForm, StudyForm
from lika.statistics.disclosure import LEGEND, Symbol

GUIDE_LANGUAGES = ("sv", "en")


def _language() -> str:
    return (get_language() or "en").split("-")[0]


@staff_view()
def method_guide(request: StaffRequest) -> HttpResponse:
    """The method guide in Swedish or English, whichever the reader chose; English for every other language."""
    language = _language()
    names = [f"plan/guide/method_guide_{language}.html"] if language in GUIDE_LANGUAGES else []
    template = select_template([*names, "plan/guide/method_guide_en.html"])
    return HttpResponse(template.render({}, request))


@staff_view("plan.view_study")
def study_list(request: StaffRequest) -> HttpResponse:
    """The register of studies, newest first, filtered by method and status."""
    form = StudyFilterForm(request.GET or None)
    valid = not form.is_bound or form.is_valid()
    chosen = form.cleaned_data if form.is_bound and valid else {}
    found = list(studies.studies_list(method=chosen.get("method", ""), status=chosen.get("status", "")))
    return render(request, "plan/studies/list.html", {"form": form, "studies": found}, status=200 if valid else 400)


@staff_view("plan.view_study")
def study_export(request: StaffRequest) -> HttpResponse:
    """The register as CSV, filtered as the list is, with participant counts protected exactly as on the pages."""
    form = StudyFilterForm(request.GET or None)
    chosen = form.cleaned_data if form.is_bound and form.is_valid() else {}
    found = studies.studies_list(method=chosen.get("method", ""), status=chosen.get("status", ""))
    lines = studies.studies_csv_lines(found.prefetch_related("participants"))
    response = HttpResponse(csv_file(lines), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="studies.csv"'
    return response


def _legend() -> list[tuple[str, str]]:
    return [(symbol.value, _(LEGEND[symbol])) for symbol in (Symbol.MASKED, Symbol.NOTHING)]


@staff_view("plan.view_study")
def study_detail(request: StaffRequest, study_id: int) -> HttpResponse:
    """A study with its participants as protected tables by age and by language."""
    study = get_object_or_404(Study.objects.prefetch_related("participants"), pk=study_id)
    tables = studies.study_participant_tables(study)
    context = {"study": study, "tables": list(tables.values()), "legend": _legend()}
    return render(request, "plan/studies/detail.html", context)


def _study_form_page(request: StaffRequest, form: StudyForm, study: Study | None, status: int) -> HttpResponse:
    heading = _("Edit %(title)s") % {"title": study.title} if study else _("Add a study")
    return render(request, "plan/studies/form.html", {"form": form, "heading": heading, "study": study}, status=status)


@staff_view("plan.add_study")
@require_http_methods(["GET", "HEAD", "POST"])
def study_new(request: StaffRequest) -> HttpResponse:
    form = StudyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        reason = data.pop("reason")
        try:
            study = studies.study_create(acting=Acting(actor=request.user, reason=reason), **data)
        except ValidationError as error:
            refusal_show(form, error)
        else:
            messages.success(request, _("%(title)s is in the register.") % {"title": study.title})
            return redirect("plan:study_detail", study_id=study.pk)
    return _study_form_page(request, form, None, 400 if form.errors else 200)


@staff_view("plan.change_study")
@require_http_methods(["GET", "HEAD", "POST"])
def study_edit(request: StaffRequest, study_id: int) -> HttpResponse:
    study = get_object_or_404(Study, pk=study_id)
    form = StudyForm(request.POST or None, initial=StudyForm.initial_of(study))
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        reason = data.pop("reason")
        try:
            studies.study_change(acting=Acting(actor=request.user, reason=reason), study=study, **data)
        except ValidationError as error:
            refusal_show(form, error)
        else:
            messages.success(request, _("%(title)s is saved.") % {"title": data["title"]})
            return redirect("plan:study_detail", study_id=study.pk)
    return _study_form_page(request, form, study, 400 if form.errors else 200)


@staff_view("plan.change_study")
@require_http_methods(["GET", "HEAD", "POST"])
def study_participants(request: StaffRequest, study_id: int) -> HttpResponse:
    """The counts of who took part, a group per sex, age band and language; empty groups are skipped."""
    study = get_object_or_404(Study, pk=study_id)
    initial = [
        {"sex": row.sex, "age_band": row.age_band, "language": row.language, "count": row.count}
        for row in study.participants.all()
    ]
    formset = ParticipantsFormSet(request.POST or None, initial=initial, prefix="groups")
    reason_form = ReasonForm(request.POST or None)
    if request.method == "POST" and formset.is_valid() and reason_form.is_valid():
        counts = [
            studies.ParticipantCount(
                form.cleaned_data["sex"],
                form.cleaned_data["age_band"],
                form.cleaned_data["language"],
                form.cleaned_data["count"],
            )
            for form in formset.forms
            if not form.is_empty()
        ]
        try:
            studies.study_participants_set(
                acting=Acting(actor=request.user, reason=reason_form.cleaned_data["reason"]),
                study=study,
                counts=counts,
            )
        except ValidationError as error:
            refusal_show(reason_form, error)
        else:
            messages.success(request, _("The participants of %(title)s are saved.") % {"title": study.title})
            return redirect("plan:study_detail", study_id=study.pk)
    failed = bool(reason_form.errors) or (formset.is_bound and not formset.is_valid())
    context = {"study": study, "formset": formset, "reason_form": reason_form}
    return render(request, "plan/studies/participants.html", context, status=400 if failed else 200)
