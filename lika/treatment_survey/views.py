"""The treatment-survey screens: set-up and sampling plan for survey leads, the observation form for
observers, the import of ODK and KoboToolbox exports, the report, the sample-size calculator and the
case-exercise material.

Views are thin: they open what the URL names, parse a form, call a service and redirect with a
message. When a service refuses, its message is shown on the field at fault and the page is sent
again with status 400.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lika.accounts.access import StaffRequest, staff_view
from lika.accounts.models import User
from lika.audit.acting import Acting
from lika.core import clock
from lika.core.formats import csv_file
from lika.core.forms import refusal_show
from lika.documents.rendering import pdf_render
from lika.treatment_survey import selectors, services
from lika.treatment_survey.analysis.sample_size import survey_sample_size
from lika.treatment_survey.forms import (
    ImportForm,
    ObservationForm,
    ObserverForm,
    OfficerCodesForm,
    RulesForm,
    SampleSizeForm,
    SamplingPlanForm,
    SessionForm,
    SiteForm,
    SurveyForm,
)
from lika.treatment_survey.imports.readers import ExportError
from lika.treatment_survey.models import Observation, Session, Site, Slot, Survey
from lika.treatment_survey.protocol.definition import behaviour, channel_label
from lika.treatment_survey.protocol.xlsform import xlsform_workbook
from lika.treatment_survey.report import (
    practice_url,
    reliability_columns,
    report_build,
    report_document,
    result_columns,
    sample_columns,
)

if TYPE_CHECKING:
    pass

REPORT_LANGUAGES = ("sv", "en")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_UPLOAD_BYTES = 50 * 1024 * 1024


def _language() -> str:
    return (get_language() or "sv").split("-")[0]


def _acting(request: StaffRequest, reason: str) -> Acting:
    return Acting(actor=request.user, reason=reason)


def _open(request: StaffRequest, survey_id: int) -> Survey:
    """The survey, if the user may see it: every survey for a lead, their own for an observer."""
    survey = get_object_or_404(Survey, pk=survey_id)
    if not selectors.surveys_visible(request.user).filter(pk=survey.pk).exists():
        raise PermissionDenied
    return survey


# --- surveys -------------------------------------------------------------------------------------


@staff_view("treatment_survey.view_survey")
def survey_list(request: StaffRequest) -> HttpResponse:
    surveys = selectors.surveys_visible(request.user)
    return render(request, "treatment_survey/survey_list.html", {"surveys": surveys})


@staff_view("treatment_survey.add_survey")
def survey_create(request: StaffRequest) -> HttpResponse:
    form = SurveyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            survey = services.survey_create(
                acting=_acting(request, data["reason"]),
                name=data["name"],
                first_day=data["first_day"],
                last_day=data["last_day"],
                channels=data["channels"],
                pass_mark=data["pass_mark"],
                double_coded_share=data["double_coded_share"],
                min_officers=data["min_officers"],
                min_contacts=data["min_contacts"],
            )
        except ValidationError as error:
            refusal_show(form, error)
        else:
            messages.success(request, _("Survey created. Add its sites, observers and officer codes."))
            return redirect("treatment_survey:survey_detail", survey_id=survey.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "treatment_survey/survey_create.html", {"form": form}, status=status)


def _detail_page(
    request: StaffRequest, survey: Survey, *, bound: forms.Form | None = None, status: int = 200
) -> HttpResponse:
    def form(cls: type[forms.Form], prefix: str, **kwargs: Any) -> forms.Form:
        if bound is not None and bound.prefix == prefix:
            return bound
        return cls(prefix=prefix, **kwargs)

    language = _language()
    user = request.user
    lead = selectors.is_lead(user)
    rules_initial = {
        "pass_mark": survey.pass_mark,
        "double_coded_share": survey.double_coded_share,
        "min_officers": survey.min_officers,
        "min_contacts": survey.min_contacts,
    }
    observer = selectors.observer_of(survey, user)
    context = {
        "survey": survey,
        "lead": lead,
        "observer": observer,
        "channels": [channel_label(c, language) for c in selectors.survey_channels(survey)],
        "sites": [(site, [channel_label(c, language) for c in site.channels]) for site in survey.sites.all()],
        "observers": survey.observers.select_related("user"),
        "officer_count": survey.officer_codes.count(),
        "slot_count": survey.slots.count(),
        "observation_count": survey.observations.count(),
        "double_count": survey.observations.filter(second_observer=True).count(),
        "imports": survey.imports.select_related("imported_by")[:10],
        "fixed": survey.observations.exists(),
        "rules_form": form(RulesForm, "rules", initial=rules_initial) if lead else None,
        "site_form": form(SiteForm, "site", survey=survey) if lead else None,
        "observer_form": form(ObserverForm, "observer") if lead else None,
        "codes_form": form(OfficerCodesForm, "codes") if lead else None,
        "may_report": user.has_perm("treatment_survey.view_report"),
        "may_import": user.has_perm("treatment_survey.add_observationimport"),
    }
    return render(request, "treatment_survey/survey_detail.html", context, status=status)


@staff_view("treatment_survey.view_survey")
def survey_detail(request: StaffRequest, survey_id: int) -> HttpResponse:
    return _detail_page(request, _open(request, survey_id))


@staff_view("treatment_survey.change_survey")
@require_POST
def survey_change(request: StaffRequest, survey_id: int, part: str) -> HttpResponse:
    """One of the set-up forms on the survey's page: rules, a site, an observer, officer codes."""
    survey = _open(request, survey_id)
    form: forms.Form
    if part == "rules":
        form = RulesForm(request.POST, prefix="rules")
    elif part == "site":
        form = SiteForm(request.POST, prefix="site", survey=survey)
    elif part == "observer":
        form = ObserverForm(request.POST, prefix="observer")
    elif part == "codes":
        form = OfficerCodesForm(request.POST, prefix="codes")
    else:
        raise Http404
    if form.is_valid():
        data = form.cleaned_data
        acting = _acting(request, data["reason"])
        try:
            done = _survey_change(acting, survey, part, data)
        except ValidationError as error:
            refusal_show(form, error)
        else:
            messages.success(request, done)
            return redirect(f"{reverse('treatment_survey:survey_detail', args=[survey.pk])}#{part}")
    return _detail_page(request, survey, bound=form, status=400)


def _survey_change(acting: Acting, survey: Survey, part: str, data: dict[str, Any]) -> str:
    if part == "rules":
        services.survey_rules_change(
            acting=acting,
            survey=survey,
            pass_mark=data["pass_mark"],
            double_coded_share=data["double_coded_share"],
            min_officers=data["min_officers"],
            min_contacts=data["min_contacts"],
        )
        return _("Rules saved.")
    if part == "site":
        site = services.site_add(
            acting=acting,
            survey=survey,
            code=data["code"].strip().upper(),
            name=data["name"],
            channels=data["channels"],
        )
        return _("Site %(code)s added. Download the form again so that tablets offer it.") % {"code": site.code}
    if part == "observer":
        user = None
        if data["username"]:
            user = User.objects.filter(username=data["username"].strip(), is_active=True).first()
            if user is None:
                raise ValidationError({"username": _("No active member of staff has this user name.")})
        observer = services.observer_add(acting=acting, survey=survey, code=data["code"].strip().upper(), user=user)
        return _("Observer %(code)s added.") % {"code": observer.code}
    codes = services.officer_codes_issue(acting=acting, survey=survey, count=data["count"])
    return ngettext(
        "%(count)d officer code issued. Download the list and hand the codes out.",
        "%(count)d officer codes issued. Download the list and hand the codes out.",
        len(codes),
    ) % {"count": len(codes)}


@staff_view("treatment_survey.change_survey")
def officer_codes_csv(request: StaffRequest, survey_id: int) -> HttpResponse:
    """The survey's officer codes with an empty column for the lead to fill in on paper, never in Lika."""
    survey = _open(request, survey_id)
    lines = [[_("Officer code"), _("Handed to (write by hand; keep apart from the data)")]]
    lines += [[code, ""] for code in survey.officer_codes.values_list("code", flat=True)]
    response = HttpResponse(csv_file(lines), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="officer-codes-{survey.pk}.csv"'
    return response


@staff_view("treatment_survey.view_survey")
def protocol_xlsform(request: StaffRequest, survey_id: int) -> HttpResponse:
    """The survey's protocol as an XLSForm for ODK Central or KoboToolbox."""
    survey = _open(request, survey_id)
    response = HttpResponse(xlsform_workbook(selectors.form_spec(survey)), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{survey.form_id}.xlsx"'
    return response


# --- sampling plan -------------------------------------------------------------------------------


def _plan_page(request: StaffRequest, survey: Survey, form: SamplingPlanForm, status: int = 200) -> HttpResponse:
    language = _language()
    slots = [
        (slot, channel_label(slot.channel, language))
        for slot in survey.slots.select_related("site").order_by("day", "start")
    ]
    return render(
        request, "treatment_survey/sampling_plan.html", {"survey": survey, "form": form, "slots": slots}, status=status
    )


@staff_view("treatment_survey.change_survey")
def sampling_plan(request: StaffRequest, survey_id: int) -> HttpResponse:
    survey = _open(request, survey_id)
    sites = list(survey.sites.all())
    form = SamplingPlanForm(request.POST or None, sites=sites)
    if request.method != "POST":
        return _plan_page(request, survey, form)
    if form.is_valid():
        data = form.cleaned_data
        strata = [(site, channel, data[name] or 0) for name, site, channel in form.strata]
        try:
            slots = services.sampling_plan_draw(
                acting=_acting(request, data["reason"]),
                survey=survey,
                strata=strata,
                opens=data["opens"],
                closes=data["closes"],
                minutes=data["minutes"],
            )
        except ValidationError as error:
            refusal_show(form, error)
        else:
            messages.success(request, _("%(count)s slots drawn.") % {"count": len(slots)})
            return redirect("treatment_survey:sampling_plan", survey_id=survey.pk)
    return _plan_page(request, survey, form, status=400)


# --- import --------------------------------------------------------------------------------------


@staff_view("treatment_survey.add_observationimport")
def observations_import(request: StaffRequest, survey_id: int) -> HttpResponse:
    survey = _open(request, survey_id)
    form = ImportForm(request.POST or None, request.FILES or None)
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        uploads = form.cleaned_data["export_files"]
        if sum(upload.size or 0 for upload in uploads) > MAX_UPLOAD_BYTES:
            form.add_error("export_files", _("The files are larger than 50 MB together."))
        else:
            files = [(upload.name or "export", upload.read()) for upload in uploads]
            try:
                record = services.observations_import(
                    acting=_acting(request, form.cleaned_data["reason"]), survey=survey, files=files
                )
            except ExportError as error:
                problems = error.messages
            except ValidationError as error:
                refusal_show(form, error)
            else:
                messages.success(
                    request,
                    _(
                        "%(observations)s observations in %(sessions)s sessions imported; %(skipped)s submissions were already there."
                    )
                    % {
                        "observations": record.observations_count,
                        "sessions": record.sessions_count,
                        "skipped": record.skipped,
                    },
                )
                return redirect("treatment_survey:survey_detail", survey_id=survey.pk)
    status = 400 if request.method == "POST" else 200
    context = {"survey": survey, "form": form, "problems": problems}
    return render(request, "treatment_survey/import.html", context, status=status)


# --- observation form ----------------------------------------------------------------------------


def _own_observer(request: StaffRequest, survey: Survey) -> Any:
    observer = selectors.observer_of(survey, request.user)
    if observer is None:
        raise PermissionDenied
    return observer


@staff_view("treatment_survey.add_observation")
def session_open(request: StaffRequest, survey_id: int) -> HttpResponse:
    """An observer starts a session: a slot of the plan, or a site, channel and day."""
    survey = _open(request, survey_id)
    observer = _own_observer(request, survey)
    slots = list(survey.slots.select_related("site").filter(day__gte=clock.today()).order_by("day", "start")[:200])
    form = SessionForm(request.POST or None, survey=survey, slots=slots)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        slot = (
            Slot.objects.filter(survey=survey, pk=data["slot"]).select_related("site").first() if data["slot"] else None
        )
        if slot is not None:
            site, channel, day = slot.site, slot.channel, slot.day
        else:
            site_id, _separator, channel = data["place"].partition(":")
            site = get_object_or_404(Site, survey=survey, pk=int(site_id))
            day = data["day"]
        try:
            session = services.session_open(
                acting=_acting(request, _("Observation session opened")),
                survey=survey,
                observer=observer,
                site=site,
                channel=channel,
                day=day,
                slot=slot,
            )
        except ValidationError as error:
            refusal_show(form, error)
        else:
            return redirect("treatment_survey:session", survey_id=survey.pk, session_id=session.pk)
    status = 400 if request.method == "POST" else 200
    sessions = Session.objects.filter(survey=survey, observer=observer).select_related("site")[:20]
    context = {"survey": survey, "form": form, "sessions": sessions, "observer": observer}
    return render(request, "treatment_survey/session_open.html", context, status=status)


def _session_page(request: StaffRequest, session: Session, form: ObservationForm, status: int = 200) -> HttpResponse:
    observations = Observation.objects.filter(session=session).order_by("recorded_at")
    context = {
        "survey": session.survey,
        "session": session,
        "channel": channel_label(session.channel, _language()),
        "form": form,
        "fields": [(form[name], " ".join(form.depends[name])) for name in form.fields],
        "observations": observations,
    }
    return render(request, "treatment_survey/session.html", context, status=status)


@staff_view("treatment_survey.add_observation")
def session(request: StaffRequest, survey_id: int, session_id: int) -> HttpResponse:
    """The tablet form: one contact at a time, only the items that can apply in the session's channel."""
    survey = _open(request, survey_id)
    found = get_object_or_404(
        Session.objects.select_related("site", "survey", "observer"), pk=session_id, survey=survey
    )
    if found.observer.user_id != request.user.pk:
        raise PermissionDenied
    form = ObservationForm(request.POST or None, channel=found.channel)
    if request.method != "POST":
        return _session_page(request, found, form)
    if form.is_valid():
        try:
            observation = services.observation_record(
                acting=_acting(request, _("Observation recorded")), session=found, values=form.values()
            )
        except ValidationError as error:
            refusal_show(form, error)
        else:
            messages.success(request, _("Contact %(code)s recorded.") % {"code": observation.contact_code})
            return redirect("treatment_survey:session", survey_id=survey.pk, session_id=found.pk)
    return _session_page(request, found, form, status=400)


# --- report --------------------------------------------------------------------------------------


@staff_view("treatment_survey.view_report")
def report(request: StaffRequest, survey_id: int) -> HttpResponse:
    survey = _open(request, survey_id)
    language = "sv" if _language() == "sv" else "en"
    built = report_build(survey, selectors.survey_analysis(survey), language)
    context = {
        "survey": survey,
        "report": built,
        "result_columns": result_columns(),
        "reliability_columns": reliability_columns(),
        "sample_columns": sample_columns(),
        "languages": REPORT_LANGUAGES,
    }
    return render(request, "treatment_survey/report.html", context)


@staff_view("treatment_survey.view_report")
def report_pdf(request: StaffRequest, survey_id: int, language: str) -> HttpResponse:
    if language not in REPORT_LANGUAGES:
        raise Http404
    survey = _open(request, survey_id)
    built = report_build(survey, selectors.survey_analysis(survey), language)
    document = report_document(built, link_base=request.build_absolute_uri("/"))
    pdf = pdf_render(template="treatment_survey_report.typ", data=document, language=language, title=built.title)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="treatment-survey-{survey.pk}-{language}.pdf"'
    return response


# --- planning and practice -----------------------------------------------------------------------


@staff_view("treatment_survey.view_survey")
def sample_size(request: StaffRequest) -> HttpResponse:
    form = SampleSizeForm(request.GET or None)
    result = None
    if form.is_valid():
        data = form.cleaned_data
        result = survey_sample_size(
            share_women=data["share_women"] / 100,
            share_men=data["share_men"] / 100,
            contacts_per_officer=data["contacts_per_officer"],
            icc=float(data["icc"]),
            power=data["power"],
            applicable_share=data["applicable"] / 100,
        )
    status = 400 if request.GET and not form.is_valid() else 200
    return render(request, "treatment_survey/sample_size.html", {"form": form, "result": result}, status=status)


@staff_view()
def practice_index(request: StaffRequest) -> HttpResponseRedirect:
    """The case exercises moved to the competence part, one for each kind of meeting; the old address leads there."""
    return HttpResponseRedirect(reverse("competence:exercise_list"))


@staff_view()
def practice(request: StaffRequest, name: str) -> HttpResponseRedirect:
    """The old page for one behaviour leads to the competence part's exercises that practise it."""
    try:
        behaviour(name)
    except KeyError as error:
        raise Http404 from error
    return HttpResponseRedirect(practice_url(name))
