"""The plan's pages: the plan and its measures, the yearly report, the strategist's texts, the approval.

Every member of staff reads the plan and the reports; the gender-equality strategist edits the plan and
writes the report's texts; a manager approves the report, which freezes it. Views are thin: they parse a
form, call a service and redirect with a message; a refusal is shown on its field with status 400.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from lika.accounts.access import StaffRequest, staff_view
from lika.audit.acting import Acting
from lika.core import clock
from lika.core.forms import refusal_show
from lika.plan import services
from lika.plan.assignment import assignment_deadlines
from lika.plan.figures import indicator_choices, indicator_title
from lika.plan.forms import ApproveForm, MeasureForm, MeasureLinkForm, MeasureYearForm, NarrativeForm, PlanIndicatorForm
from lika.plan.models import (
    Agency,
    Area,
    LinkKind,
    Measure,
    MeasureLink,
    MeasureStatus,
    Narrative,
    PlanIndicator,
    Report,
    Scope,
    Section,
)
from lika.plan.report import report_for, report_html, report_pdf, report_years

LANGUAGES = ("sv", "en")


@staff_view()
def plan_overview(request: StaffRequest) -> HttpResponse:
    """The plan: its areas and measures with their status, and the yearly reports."""
    measures = list(Measure.objects.select_related("area", "agency").order_by("area__number", "id"))
    areas = [
        {
            "area": area,
            "measures": [m for m in measures if m.area_id == area.pk and m.scope == Scope.AGENCY],
        }
        for area in Area.objects.all()
    ]
    approved = set(Report.objects.values_list("year", flat=True))
    agencies = {agency.code: agency for agency in Agency.objects.all()}
    counts = {status: sum(1 for m in measures if m.status == status) for status in MeasureStatus.values}
    context = {
        "areas": areas,
        "joint": [m for m in measures if m.scope == Scope.JOINT],
        "years": [(year, year in approved) for year in report_years(clock.today())],
        "counts": [(MeasureStatus(status).label, count) for status, count in counts.items()],
        "editor": request.user.has_perm("plan.change_measure"),
        "indicators": [
            (indicator, indicator_title(indicator.code))
            for indicator in PlanIndicator.objects.select_related("area", "measure")
        ],
        "deadlines": [
            (
                deadline,
                _in_language(deadline.what, deadline.what_en),
                deadline.date < clock.today(),
                agencies[deadline.agency].name if deadline.agency in agencies else deadline.agency,
            )
            for deadline in assignment_deadlines()
        ],
    }
    return render(request, "plan/overview.html", context)


def _in_language(swedish: str, english: str) -> str:
    return english if get_language() == "en" and english else swedish


# Where each kind of link leads in Lika: a URL name taking the link's target, or None where the target is a path.
_LINK_ROUTES: dict[str, str | None] = {
    LinkKind.PAGE: None,
    LinkKind.PART: None,
    LinkKind.INDICATOR: "indicators:indicator",
    LinkKind.SURVEY: "treatment_survey:survey_detail",
    LinkKind.PARTNER_ACTIVITY: "partners:activity_detail",
    # The guide has no page per activity that every member of staff may open; link to the guide's address.
    LinkKind.COMPETENCE: None,
    LinkKind.CHANNEL: "om_sverige_visits:channel_change",
}


def link_url(link: MeasureLink) -> str | None:
    """The address of what a measure links to, or None where it cannot be found (the link is then shown as text)."""
    route = _LINK_ROUTES.get(link.kind)
    if route is None:
        return link.target if link.target.startswith("/") and not link.target.startswith("//") else None
    try:
        return reverse(route, args=[link.target])
    except NoReverseMatch:
        return None


def _link_page(request: StaffRequest, measure: Measure, form: MeasureLinkForm) -> HttpResponse:
    context = {
        "measure": measure,
        "years": list(measure.years.order_by("-year")),
        "links": [(link, link_url(link)) for link in measure.links.all()],
        "changes": list(measure.changes.select_related("by").order_by("-at", "-id")),
        "editor": request.user.has_perm("plan.change_measure"),
        "this_year": clock.today().year,
        "link_form": form,
    }
    return render(request, "plan/measure_detail.html", context, status=400 if form.errors else 200)


@staff_view()
@require_http_methods(["GET", "HEAD", "POST"])
def measure_detail(request: StaffRequest, measure_id: int) -> HttpResponse:
    """A measure, what was done year by year, what in Lika carries it out, and its history.

    The strategist adds links to what carries the measure out with the form at the foot of the page."""
    measure = get_object_or_404(Measure.objects.select_related("area", "agency"), pk=measure_id)
    form = MeasureLinkForm(request.POST or None)
    if request.method == "POST":
        if not request.user.has_perm("plan.change_measure"):
            raise PermissionDenied
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.measure_link_add(
                    acting=Acting(actor=request.user, reason=data["reason"]),
                    measure=measure,
                    kind=data["kind"],
                    target=data["target"],
                    label=data["label"],
                    label_en=data["label_en"],
                )
            except ValidationError as error:
                refusal_show(form, error)
            else:
                messages.success(request, _("The link is added."))
                return redirect("plan:measure", measure.pk)
    return _link_page(request, measure, form)


def _measure_page(request: StaffRequest, form: MeasureForm, measure: Measure | None) -> HttpResponse:
    heading = _("Change measure %(code)s") % {"code": measure.code} if measure else _("New measure")
    back = reverse("plan:measure", args=[measure.pk]) if measure else reverse("plan:overview")
    context = {"form": form, "heading": heading, "back_url": back, "back_label": _("Back without saving")}
    return render(request, "core/edit_form.html", context, status=400 if form.errors else 200)


@staff_view("plan.add_measure")
@require_http_methods(["GET", "HEAD", "POST"])
def measure_new(request: StaffRequest) -> HttpResponse:
    form = MeasureForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            measure = services.measure_save(
                acting=Acting(actor=request.user, reason=form.cleaned_data["reason"]), measure=None, **form.values()
            )
        except ValidationError as error:
            refusal_show(form, error, MeasureForm.RENAME)
        else:
            messages.success(request, _("Measure %(code)s is in the plan.") % {"code": measure.code})
            return redirect("plan:measure", measure.pk)
    return _measure_page(request, form, None)


@staff_view("plan.change_measure")
@require_http_methods(["GET", "HEAD", "POST"])
def measure_edit(request: StaffRequest, measure_id: int) -> HttpResponse:
    measure = get_object_or_404(Measure, pk=measure_id)
    form = MeasureForm(request.POST or None, initial=MeasureForm.initial_of(measure))
    if request.method == "POST" and form.is_valid():
        try:
            services.measure_save(
                acting=Acting(actor=request.user, reason=form.cleaned_data["reason"]), measure=measure, **form.values()
            )
        except ValidationError as error:
            refusal_show(form, error, MeasureForm.RENAME)
        else:
            messages.success(request, _("Measure %(code)s is saved.") % {"code": form.cleaned_data["code"]})
            return redirect("plan:measure", measure.pk)
    return _measure_page(request, form, measure)


@staff_view("plan.change_measure")
@require_http_methods(["GET", "HEAD", "POST"])
def measure_year(request: StaffRequest, measure_id: int, year: int) -> HttpResponse:
    """What was done with a measure in one year: the text of the report's appendix."""
    measure = get_object_or_404(Measure, pk=measure_id)
    entry = measure.years.filter(year=year).first()
    initial = {"text": entry.text, "text_en": entry.text_en} if entry else {}
    form = MeasureYearForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.measure_year_save(
                acting=Acting(actor=request.user, reason=data["reason"]),
                measure=measure,
                year=year,
                text=data["text"],
                text_en=data["text_en"],
            )
        except ValidationError as error:
            refusal_show(form, error)
        else:
            messages.success(request, _("What was done in %(year)s is saved.") % {"year": year})
            return redirect("plan:measure", measure.pk)
    heading = _("Measure %(code)s: what was done in %(year)s") % {"code": measure.code, "year": year}
    context = {
        "form": form,
        "heading": heading,
        "back_url": reverse("plan:measure", args=[measure.pk]),
        "back_label": _("Back without saving"),
    }
    return render(request, "core/edit_form.html", context, status=400 if form.errors else 200)


def _language(language: str) -> str:
    if language not in LANGUAGES:
        raise Http404
    return language


@staff_view()
def report_page(request: StaffRequest, year: int, language: str) -> HttpResponse:
    """The yearly report: as approved and frozen, or the draft as it stands now, marked as such."""
    content, approved = report_for(year, _language(language))
    body = approved.html[language] if approved else report_html(content)
    context = {
        "report": content,
        "body": body,
        "approved": approved,
        "year": year,
        "language": language,
        "other_language": "en" if language == "sv" else "sv",
        "writer": request.user.has_perm("plan.change_narrative") and not approved,
        "approver": request.user.has_perm("plan.approve_report") and not approved,
        "sections": _sections(year) if not approved else [],
    }
    return render(request, "plan/report.html", context)


@staff_view()
def report_download(request: StaffRequest, year: int, language: str) -> HttpResponse:
    """The report as a PDF/UA-1 file: the frozen one once approved, else a draft rendered now."""
    content, approved = report_for(year, _language(language))
    data = approved.pdf(language) if approved else report_pdf(content)
    state = "" if approved else "-utkast"
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="lika-arsrapport-{year}-{language}{state}.pdf"'
    return response


def _sections(year: int) -> list[dict[str, Any]]:
    """The report's texts the strategist writes, with the newest version's number in each language."""
    found = {
        (n.section, n.area_id, n.language): n.versions.order_by("-number").first()
        for n in Narrative.objects.filter(year=year).prefetch_related("versions")
    }
    keys: list[tuple[str, Area | None, str]] = [("summary", None, _("Summary"))]
    keys += [(f"area-{a.number}", a, f"{a.number}. {a.title}") for a in Area.objects.all()]
    keys += [("assessment", None, _("Assessment"))]
    sections = []
    for key, area, label in keys:
        section = Section.AREA if area else key
        sections.append(
            {
                "key": key,
                "label": label,
                "versions": [
                    (language, found.get((section, area.pk if area else None, language))) for language in LANGUAGES
                ],
            }
        )
    return sections


def _section_of(key: str) -> tuple[str, Area | None]:
    if key in {Section.SUMMARY, Section.ASSESSMENT}:
        return key, None
    if key.startswith("area-") and key[5:].isdigit():
        return Section.AREA, get_object_or_404(Area, number=int(key[5:]))
    raise Http404


@staff_view("plan.change_narrative")
@require_http_methods(["GET", "HEAD", "POST"])
def narrative_edit(request: StaffRequest, year: int, key: str, language: str) -> HttpResponse:
    """One of the report's texts in one language; every save is a new version, the earlier ones stay."""
    section, area = _section_of(key)
    _language(language)
    narrative = Narrative.objects.filter(year=year, section=section, area=area, language=language).first()
    versions = list(narrative.versions.select_related("by")) if narrative else []
    form = NarrativeForm(request.POST or None, initial={"text": versions[0].text if versions else ""})
    if request.method == "POST" and form.is_valid():
        try:
            services.narrative_save(
                acting=Acting(actor=request.user, reason=form.cleaned_data["reason"]),
                year=year,
                section=section,
                language=language,
                text=form.cleaned_data["text"],
                area=area,
            )
        except ValidationError as error:
            refusal_show(form, error)
        else:
            messages.success(request, _("The text is saved as a new version."))
            return redirect("plan:report", year, "sv")
    label = f"{area.number}. {area.title}" if area else str(Section(section).label)
    context = {
        "form": form,
        "heading": _("%(section)s, %(year)s, in %(language)s")
        % {"section": label, "year": year, "language": _("Swedish") if language == "sv" else _("English")},
        "versions": versions,
        "language": language,
        "submit_label": _("Save as a new version"),
        "back_url": reverse("plan:report", args=[year, "sv"]),
        "back_label": _("Back to the report without saving"),
    }
    return render(request, "plan/narrative_form.html", context, status=400 if form.errors else 200)


@staff_view("plan.approve_report")
@require_http_methods(["GET", "HEAD", "POST"])
def report_approve(request: StaffRequest, year: int) -> HttpResponse:
    """The manager approves the year's report; it is frozen as it stands."""
    if Report.objects.filter(year=year).exists():
        return redirect("plan:report", year, "sv")
    form = ApproveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.report_approve(acting=Acting(actor=request.user, reason=form.cleaned_data["reason"]), year=year)
        except ValidationError as error:
            refusal_show(form, error)
        else:
            messages.success(request, _("The report for %(year)s is approved and frozen.") % {"year": year})
            return redirect("plan:report", year, "en" if get_language() == "en" else "sv")
    context = {
        "form": form,
        "heading": _("Approve the report for %(year)s") % {"year": year},
        "back_url": reverse("plan:report", args=[year, "sv"]),
        "back_label": _("Back to the draft"),
    }
    return render(request, "core/edit_form.html", context, status=400 if form.errors else 200)


@staff_view("plan.change_measure")
@require_http_methods(["GET", "HEAD", "POST"])
def indicator_edit(request: StaffRequest, indicator_id: int | None = None) -> HttpResponse:
    """Attaches an indicator of the follow-up to an area, or changes its baseline and target."""
    indicator = get_object_or_404(PlanIndicator, pk=indicator_id) if indicator_id else None
    initial = PlanIndicatorForm.initial_of(indicator) if indicator else {}
    form = PlanIndicatorForm(request.POST or None, initial=initial, choices=indicator_choices(), fixed=bool(indicator))
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        reason = data.pop("reason")
        try:
            services.indicator_save(acting=Acting(actor=request.user, reason=reason), **data)
        except ValidationError as error:
            refusal_show(form, error)
        else:
            messages.success(request, _("The indicator is saved."))
            return redirect("plan:overview")
    heading = (
        _("Change the indicator %(title)s") % {"title": indicator_title(indicator.code)}
        if indicator
        else _("Follow an area with an indicator")
    )
    context = {
        "form": form,
        "heading": heading,
        "back_url": reverse("plan:overview"),
        "back_label": _("Back without saving"),
    }
    return render(request, "core/edit_form.html", context, status=400 if form.errors else 200)
