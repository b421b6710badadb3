"""The partners screens: organisations with their contacts, basis of cooperation and dialogue log; activities
with their sessions, enrolments and attendance; the civic introduction's sessions, invitations and attendance.

Views are thin: they open what the URL names, parse a form, call a service and redirect with a message.
When a service refuses, its message is shown on the field at fault and the page is sent again with status 400.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from lika.accounts.access import StaffRequest, staff_view
from lika.audit.acting import Acting
from lika.core.forms import refusal_show
from lika.partners import selectors, services
from lika.partners.forms import (
    ActivityForm,
    AttendanceForm,
    CivicAttendanceForm,
    CivicSessionForm,
    ContactForm,
    CooperationForm,
    DialogueForm,
    EnrolmentForm,
    InviteForm,
    OrganisationFilterForm,
    OrganisationForm,
    SessionForm,
    SharedToolForm,
)
from lika.partners.models import (
    Activity,
    ActivitySession,
    CivicInvitation,
    CivicModule,
    CivicSession,
    Enrolment,
    Organisation,
    SharedTool,
)

PAGE_SIZE = 50


def _acting(request: StaffRequest, reason: str) -> Acting:
    return Acting(actor=request.user, reason=reason)


def _status(form: forms.Form | None) -> int:
    return 400 if form is not None and form.is_bound and form.errors else 200


# --- organisations -------------------------------------------------------------------------------


@staff_view("partners.view_organisation")
def organisation_list(request: StaffRequest) -> HttpResponse:
    form = OrganisationFilterForm(request.GET or None)
    organisations = Organisation.objects.annotate(dialogue_count=Count("dialogues")).order_by("kind", "name", "id")
    if form.is_valid():
        if form.cleaned_data["kind"]:
            organisations = organisations.filter(kind=form.cleaned_data["kind"])
        if query := form.cleaned_data["q"].strip():
            organisations = organisations.filter(Q(name__icontains=query) | Q(official_code=query))
    page = Paginator(organisations, PAGE_SIZE).get_page(request.GET.get("page"))
    filters = request.GET.copy()
    filters.pop("page", None)
    return render(
        request, "partners/organisation_list.html", {"form": form, "page": page, "filters": filters.urlencode()}
    )


@staff_view("partners.add_organisation")
def organisation_create(request: StaffRequest) -> HttpResponse:
    form = OrganisationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            organisation = services.organisation_create(
                acting=_acting(request, "Organisation registered"), **form.cleaned_data
            )
        except ValidationError as error:
            refusal_show(form, error)
        else:
            messages.success(request, _("Organisation registered."))
            return redirect("partners:organisation_detail", organisation_id=organisation.pk)
    return render(request, "partners/organisation_create.html", {"form": form}, status=_status(form))


def _organisation_page(
    request: StaffRequest, organisation: Organisation, bound: forms.Form | None = None
) -> HttpResponse:
    def form(cls: type[forms.Form], prefix: str, **kwargs: Any) -> forms.Form:
        if bound is not None and bound.prefix == prefix:
            return bound
        return cls(prefix=prefix, **kwargs)

    context = {
        "organisation": organisation,
        "contacts": organisation.contacts.all(),
        "dialogues": organisation.dialogues.select_related("recorded_by"),
        "activities": organisation.activities.all(),
        "shared_tools": SharedTool.objects.filter(active=True),
        "contact_form": form(ContactForm, "contact"),
        "dialogue_form": form(DialogueForm, "dialogue"),
        "cooperation_form": form(
            CooperationForm,
            "cooperation",
            initial={
                "cooperation_basis": organisation.cooperation_basis,
                "cooperation_note": organisation.cooperation_note,
            },
        ),
    }
    return render(request, "partners/organisation_detail.html", context, status=_status(bound))


@staff_view("partners.view_organisation")
def organisation_detail(request: StaffRequest, organisation_id: int) -> HttpResponse:
    return _organisation_page(request, get_object_or_404(Organisation, pk=organisation_id))


def _organisation_act(
    request: StaffRequest,
    organisation_id: int,
    form: forms.Form,
    act: Callable[[Organisation, dict[str, Any]], object],
    done: str,
) -> HttpResponse:
    """One of the organisation page's forms: the service acts, or the page comes back with the refusal."""
    organisation = get_object_or_404(Organisation, pk=organisation_id)
    if form.is_valid():
        try:
            act(organisation, form.cleaned_data)
        except ValidationError as error:
            refusal_show(form, error)
        else:
            messages.success(request, done)
            return redirect("partners:organisation_detail", organisation_id=organisation.pk)
    return _organisation_page(request, organisation, form)


@staff_view("partners.change_organisation")
@require_POST
def contact_add(request: StaffRequest, organisation_id: int) -> HttpResponse:
    return _organisation_act(
        request,
        organisation_id,
        ContactForm(request.POST, prefix="contact"),
        lambda organisation, data: services.contact_add(
            acting=_acting(request, "Contact person added"), organisation=organisation, **data
        ),
        _("Contact person added."),
    )


@staff_view("partners.change_organisation")
@require_POST
def dialogue_record(request: StaffRequest, organisation_id: int) -> HttpResponse:
    return _organisation_act(
        request,
        organisation_id,
        DialogueForm(request.POST, prefix="dialogue"),
        lambda organisation, data: services.dialogue_record(
            acting=_acting(request, "Dialogue logged"), organisation=organisation, **data
        ),
        _("Dialogue logged."),
    )


@staff_view("partners.change_organisation")
@require_POST
def cooperation_change(request: StaffRequest, organisation_id: int) -> HttpResponse:
    return _organisation_act(
        request,
        organisation_id,
        CooperationForm(request.POST, prefix="cooperation"),
        lambda organisation, data: services.organisation_cooperation_change(
            acting=_acting(request, data["reason"]),
            organisation=organisation,
            cooperation_basis=data["cooperation_basis"],
            cooperation_note=data["cooperation_note"],
        ),
        _("Basis of cooperation saved."),
    )


# --- activities ----------------------------------------------------------------------------------


@staff_view("partners.view_activity")
def activity_list(request: StaffRequest) -> HttpResponse:
    activities = (
        Activity.objects.select_related("provider")
        .annotate(enrolled=Count("enrolments", filter=Q(enrolments__enrolled_on__isnull=False)))
        .order_by("title", "id")
    )
    return render(request, "partners/activity_list.html", {"activities": activities})


@staff_view("partners.add_activity")
def activity_create(request: StaffRequest) -> HttpResponse:
    form = ActivityForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            activity = services.activity_create(
                acting=_acting(request, "Activity created"), plan=services.ActivityPlan(**form.cleaned_data)
            )
        except ValidationError as error:
            refusal_show(form, error)
        else:
            messages.success(request, _("Activity created. Add its sessions and enrol people."))
            return redirect("partners:activity_detail", activity_id=activity.pk)
    return render(request, "partners/activity_create.html", {"form": form}, status=_status(form))


def _activity_page(request: StaffRequest, activity: Activity, bound: forms.Form | None = None) -> HttpResponse:
    def form(cls: type[forms.Form], prefix: str) -> forms.Form:
        if bound is not None and bound.prefix == prefix:
            return bound
        return cls(prefix=prefix)

    context = {
        "activity": activity,
        "sessions": activity.sessions.annotate(present=Count("attendances", filter=Q(attendances__present=True))),
        "enrolments": activity.enrolments.select_related("person"),
        "participation": selectors.activity_participation(activity),
        "session_form": form(SessionForm, "session"),
        "enrolment_form": form(EnrolmentForm, "enrolment"),
    }
    return render(request, "partners/activity_detail.html", context, status=_status(bound))


@staff_view("partners.view_activity")
def activity_detail(request: StaffRequest, activity_id: int) -> HttpResponse:
    return _activity_page(request, get_object_or_404(Activity.objects.select_related("provider"), pk=activity_id))


@staff_view("partners.change_activity")
@require_POST
def session_add(request: StaffRequest, activity_id: int) -> HttpResponse:
    activity = get_object_or_404(Activity, pk=activity_id)
    form = SessionForm(request.POST, prefix="session")
    if form.is_valid():
        try:
            services.activity_session_add(
                acting=_acting(request, "Session planned"), activity=activity, **form.cleaned_data
            )
        except ValidationError as error:
            refusal_show(form, error)
        else:
            messages.success(request, _("Session added."))
            return redirect("partners:activity_detail", activity_id=activity.pk)
    return _activity_page(request, activity, form)


@staff_view("partners.add_enrolment")
@require_POST
def enrolment_add(request: StaffRequest, activity_id: int) -> HttpResponse:
    activity = get_object_or_404(Activity, pk=activity_id)
    form = EnrolmentForm(request.POST, prefix="enrolment")
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.enrolment_record(
                acting=_acting(request, "Enrolled or referred by an officer"),
                activity=activity,
                person=data["person"],
                enrol=data["enrol"],
            )
        except ValidationError as error:
            refusal_show(form, error)
        else:
            messages.success(request, _("Enrolled.") if data["enrol"] else _("Referred."))
            return redirect("partners:activity_detail", activity_id=activity.pk)
    return _activity_page(request, activity, form)


@staff_view("partners.change_activity")
def attendance(request: StaffRequest, activity_id: int, session_id: int) -> HttpResponse:
    session = get_object_or_404(
        ActivitySession.objects.select_related("activity"), pk=session_id, activity_id=activity_id
    )
    enrolments = list(
        Enrolment.objects.filter(activity=session.activity, enrolled_on__lte=session.day).select_related("person")
    )
    present = [str(pk) for pk in session.attendances.filter(present=True).values_list("enrolment_id", flat=True)]
    form = AttendanceForm(request.POST or None, enrolments=enrolments, initial={"present": present})
    if request.method == "POST" and form.is_valid():
        try:
            count = services.attendance_record(
                acting=_acting(request, "Attendance recorded"), session=session, present=form.cleaned_data["present"]
            )
        except ValidationError as error:
            refusal_show(form, error)
        else:
            messages.success(request, _("Attendance recorded: %(count)s present.") % {"count": count})
            return redirect("partners:activity_detail", activity_id=session.activity_id)
    return render(
        request,
        "partners/attendance.html",
        {"session": session, "form": form, "enrolments": enrolments},
        status=_status(form),
    )


# --- the civic introduction ----------------------------------------------------------------------


@staff_view("partners.view_civicsession")
def civic_list(request: StaffRequest) -> HttpResponse:
    sessions = (
        CivicSession.objects.select_related("organiser")
        .annotate(invited=Count("invitations"), attended=Count("invitations", filter=Q(invitations__attended=True)))
        .order_by("-held_on", "-id")
    )
    page = Paginator(sessions, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "partners/civic_list.html", {"page": page})


@staff_view("partners.add_civicsession")
def civic_create(request: StaffRequest) -> HttpResponse:
    form = CivicSessionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            session = services.civic_session_create(
                acting=_acting(request, "Civic introduction session planned"),
                plan=services.CivicPlan(**form.cleaned_data),
            )
        except ValidationError as error:
            refusal_show(form, error)
        else:
            messages.success(request, _("Session planned. Invite the people who are to take part."))
            return redirect("partners:civic_detail", session_id=session.pk)
    return render(request, "partners/civic_create.html", {"form": form}, status=_status(form))


def _civic_page(request: StaffRequest, session: CivicSession, bound: forms.Form | None = None) -> HttpResponse:
    invitations = list(CivicInvitation.objects.filter(session=session).select_related("person"))
    attended = [str(i.pk) for i in invitations if i.attended]
    context = {
        "session": session,
        "modules": [label for value, label in CivicModule.choices if value in session.modules],
        "invitations": invitations,
        "invite_form": bound if isinstance(bound, InviteForm) else InviteForm(prefix="invite"),
        "attendance_form": bound
        if isinstance(bound, CivicAttendanceForm)
        else CivicAttendanceForm(prefix="attendance", invitations=invitations, initial={"attended": attended}),
    }
    return render(request, "partners/civic_detail.html", context, status=_status(bound))


@staff_view("partners.view_civicsession")
def civic_detail(request: StaffRequest, session_id: int) -> HttpResponse:
    return _civic_page(request, get_object_or_404(CivicSession.objects.select_related("organiser"), pk=session_id))


@staff_view("partners.change_civicsession")
@require_POST
def civic_invite(request: StaffRequest, session_id: int) -> HttpResponse:
    session = get_object_or_404(CivicSession, pk=session_id)
    form = InviteForm(request.POST, prefix="invite")
    if form.is_valid():
        try:
            count = services.civic_invite(
                acting=_acting(request, "Invited to the civic introduction"),
                session=session,
                persons=form.cleaned_data["dossier_numbers"],
            )
        except ValidationError as error:
            refusal_show(form, error, {"persons": "dossier_numbers"})
        else:
            messages.success(request, _("Invited: %(count)s.") % {"count": count})
            return redirect("partners:civic_detail", session_id=session.pk)
    return _civic_page(request, session, form)


@staff_view("partners.change_civicsession")
@require_POST
def civic_attendance(request: StaffRequest, session_id: int) -> HttpResponse:
    session = get_object_or_404(CivicSession, pk=session_id)
    invitations = list(session.invitations.select_related("person"))
    form = CivicAttendanceForm(request.POST, prefix="attendance", invitations=invitations)
    if form.is_valid():
        try:
            count = services.civic_attendance_record(
                acting=_acting(request, "Civic introduction attendance recorded"),
                session=session,
                attended=form.cleaned_data["attended"],
            )
        except ValidationError as error:
            refusal_show(form, error)
        else:
            messages.success(request, _("Attendance recorded: %(count)s took part.") % {"count": count})
            return redirect("partners:civic_detail", session_id=session.pk)
    return _civic_page(request, session, form)


@staff_view("partners.view_organisation")
def shared_tools(request: StaffRequest) -> HttpResponse:
    """The tools the agency shares with its partners, as every organisation's page lists them."""
    context = {"tools": SharedTool.objects.all(), "editor": request.user.has_perm("partners.change_sharedtool")}
    return render(request, "partners/shared_tools.html", context)


@staff_view("partners.add_sharedtool")
@require_http_methods(["GET", "HEAD", "POST"])
def shared_tool_edit(request: StaffRequest, tool_id: int | None = None) -> HttpResponse:
    tool = get_object_or_404(SharedTool, pk=tool_id) if tool_id else None
    if tool is not None and not request.user.has_perm("partners.change_sharedtool"):
        raise PermissionDenied
    initial = {name: getattr(tool, name) for name in services.SHARED_TOOL_FIELDS} if tool else {}
    form = SharedToolForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        reason = data.pop("reason")
        try:
            services.shared_tool_save(acting=Acting(actor=request.user, reason=reason), tool=tool, **data)
        except ValidationError as error:
            refusal_show(form, error)
        else:
            messages.success(request, _("%(name)s is saved.") % {"name": data["name"]})
            return redirect("partners:shared_tools")
    context = {
        "form": form,
        "heading": _("Change %(name)s") % {"name": tool.name} if tool else _("Share a tool with partners"),
        "back_url": reverse("partners:shared_tools"),
        "back_label": _("Back without saving"),
    }
    return render(request, "core/edit_form.html", context, status=400 if form.errors else 200)
