"""The registry's staff pages: find, read and register persons and households.

Every page that writes calls one service of :mod:`lika.people.services` with the officer as the actor
and the reason the form asks for; a refusal is shown on the field it names and the page answers 400.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from lika.accounts.access import StaffRequest, staff_view
from lika.audit.acting import Acting
from lika.core import clock
from lika.core.forms import refusal_show
from lika.core.official_codes import official_codes
from lika.people import selectors, services
from lika.people.forms import (
    AccommodationPeriodForm,
    GuardianshipForm,
    HouseholdStartForm,
    LmaPeriodForm,
    MemberAddForm,
    MunicipalityOfResidenceForm,
    PartnershipForm,
    PeriodEndForm,
    PermitApplicationForm,
    PermitConversationForm,
    PermitDecisionForm,
    PersonCreateForm,
    PersonUpdateForm,
)
from lika.people.models import (
    DecisionOutcome,
    Guardianship,
    Household,
    HouseholdMembership,
    LmaEligibilityPeriod,
    MemberRole,
    Partnership,
    PermitApplication,
    PermitDecision,
    Person,
)
from lika.people.shortcuts import household_open_or_404, person_open_or_404, person_search_page

FORM_METHODS = ["GET", "HEAD", "POST"]


@staff_view("people.view_person")
def person_list(request: StaffRequest) -> HttpResponse:
    search = person_search_page(request, list_all=True)
    if isinstance(search, HttpResponse):
        return search
    return render(request, "people/person_list.html", {"form": search.form, "page": search.page})


@staff_view("people.view_person")
def person_detail(request: StaffRequest, person_id: int) -> HttpResponse:
    person = person_open_or_404(request, person_id)
    context = {
        "person": person,
        "memberships": selectors.person_households(person=person),
        "applications": person.permit_applications.prefetch_related("decisions__conversations"),
        "lma_periods": person.lma_periods.all(),
        "accommodation_periods": person.accommodation_periods.all(),
        "municipalities": [
            (period, official_codes().municipalities[period.municipality_code].name)
            for period in person.municipalities_of_residence.order_by("-start_date")
        ],
    }
    return render(request, "people/person_detail.html", context)


@staff_view("people.view_household")
def household_detail(request: StaffRequest, household_id: int) -> HttpResponse:
    members = household_open_or_404(request, household_id)
    context = {
        "household_id": household_id,
        "members": members,
        "partnerships": Partnership.objects.filter(household_id=household_id).select_related("person_a", "person_b"),
        "guardianships": Guardianship.objects.filter(child__memberships__household_id=household_id)
        .select_related("child", "guardian")
        .distinct()
        .order_by("child__birth_date", "start_date", "pk"),
    }
    return render(request, "people/household_detail.html", context)


@staff_view("people.add_person")
def person_create(request: StaffRequest) -> HttpResponse:
    form = PersonCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        acting = Acting(actor=request.user, reason=data.pop("reason"))
        try:
            person = services.person_create(acting=acting, **data)
        except ValidationError as error:
            refusal_show(form, error)
        else:
            return redirect("people:person_detail", person_id=person.pk)
    return render(request, "people/person_create.html", {"form": form}, status=400 if form.errors else 200)


# The pages that change the registry -----------------------------------------------------------

Write = Callable[[Acting, dict[str, Any]], object]


def _saved(request: StaffRequest, form: forms.Form, write: Write, rename: dict[str, str] | None = None) -> bool:
    """Whether a posted, valid form was written by ``write``; a service's refusal goes on the form."""
    if request.method != "POST" or not form.is_valid():
        return False
    data = dict(form.cleaned_data)
    acting = Acting(actor=request.user, reason=data.pop("reason"))
    try:
        write(acting, data)
    except ValidationError as error:
        refusal_show(form, error, rename)
        return False
    return True


def _form_page(
    request: StaffRequest, form: forms.Form, *, title: str, intro: str, subject: object, back: str
) -> HttpResponse:
    """The one page every registry form is shown on; 400 when it comes back with errors."""
    context = {"form": form, "title": title, "intro": intro, "subject": subject, "back": back}
    return render(request, "people/form_page.html", context, status=400 if form.errors else 200)


def _to_person(request: StaffRequest, person: Person, done: str) -> HttpResponse:
    messages.success(request, done)
    return redirect("people:person_detail", person_id=person.pk)


def _to_household(request: StaffRequest, household_id: int, done: str) -> HttpResponse:
    messages.success(request, done)
    return redirect("people:household_detail", household_id=household_id)


def _person_back(person: Person) -> str:
    return reverse("people:person_detail", args=[person.pk])


def _household_back(household_id: int) -> str:
    return reverse("people:household_detail", args=[household_id])


@require_http_methods(FORM_METHODS)
@staff_view("people.view_person", "people.change_person")
def person_update(request: StaffRequest, person_id: int) -> HttpResponse:
    person = person_open_or_404(request, person_id)
    initial = {name: getattr(person, name) for name in PersonUpdateForm.base_fields if name != "reason"}
    initial["personal_number"] = person.personal_number or ""
    form = PersonUpdateForm(request.POST or None, initial=initial)
    if _saved(request, form, lambda acting, data: services.person_update(acting=acting, person=person, **data)):
        return _to_person(request, person, _("The changes are saved."))
    return _form_page(
        request,
        form,
        title=_("Change the person's details"),
        intro=_("The dossier number never changes. A new date of birth must still fit every household role."),
        subject=person,
        back=_person_back(person),
    )


@require_http_methods(FORM_METHODS)
@staff_view("people.view_person", "people.add_lmaeligibilityperiod")
def lma_period_add(request: StaffRequest, person_id: int) -> HttpResponse:
    person = person_open_or_404(request, person_id)
    form = LmaPeriodForm(request.POST or None)
    if _saved(
        request, form, lambda acting, data: services.lma_eligibility_create(acting=acting, person=person, **data)
    ):
        return _to_person(request, person, _("The LMA period is recorded."))
    return _form_page(
        request,
        form,
        title=_("Add an LMA period"),
        intro=_("While covered by LMA a person may receive the daily allowance. A person's periods never overlap."),
        subject=person,
        back=_person_back(person),
    )


@require_http_methods(FORM_METHODS)
@staff_view("people.view_person", "people.change_lmaeligibilityperiod")
def lma_period_end(request: StaffRequest, person_id: int, period_id: int) -> HttpResponse:
    person = person_open_or_404(request, person_id)
    period = get_object_or_404(LmaEligibilityPeriod, pk=period_id, person=person)
    form = PeriodEndForm(request.POST or None)
    if _saved(request, form, lambda acting, data: services.lma_eligibility_end(acting=acting, period=period, **data)):
        return _to_person(request, person, _("The LMA period is ended."))
    return _form_page(
        request,
        form,
        title=_("End an LMA period"),
        intro=_("The last day is the last day the person is covered by LMA."),
        subject=person,
        back=_person_back(person),
    )


@require_http_methods(FORM_METHODS)
@staff_view("people.view_person", "people.add_accommodationperiod")
def accommodation_period_add(request: StaffRequest, person_id: int) -> HttpResponse:
    person = person_open_or_404(request, person_id)
    form = AccommodationPeriodForm(request.POST or None)
    if _saved(
        request, form, lambda acting, data: services.accommodation_period_create(acting=acting, person=person, **data)
    ):
        return _to_person(request, person, _("The accommodation is recorded."))
    return _form_page(
        request,
        form,
        title=_("Add accommodation"),
        intro=_("Where the person lives, and whether food is included, which lowers the daily allowance."),
        subject=person,
        back=_person_back(person),
    )


@require_http_methods(FORM_METHODS)
@staff_view("people.view_person", "people.add_municipalityofresidence")
def municipality_of_residence_add(request: StaffRequest, person_id: int) -> HttpResponse:
    person = person_open_or_404(request, person_id)
    form = MunicipalityOfResidenceForm(request.POST or None)
    if _saved(
        request,
        form,
        lambda acting, data: services.municipality_of_residence_record(acting=acting, person=person, **data),
    ):
        return _to_person(request, person, _("The municipality of residence is recorded."))
    return _form_page(
        request,
        form,
        title=_("Record the municipality of residence"),
        intro=_(
            "The municipality the person is registered in from a day. The municipality recorded before ends the "
            "day before; municipalities get figures on the people who settle there."
        ),
        subject=person,
        back=_person_back(person),
    )


@require_http_methods(FORM_METHODS)
@staff_view("people.view_person", "people.add_permitapplication")
def permit_application_add(request: StaffRequest, person_id: int) -> HttpResponse:
    person = person_open_or_404(request, person_id)
    form = PermitApplicationForm(request.POST or None)
    if _saved(
        request, form, lambda acting, data: services.permit_application_submit(acting=acting, person=person, **data)
    ):
        return _to_person(request, person, _("The application is recorded."))
    return _form_page(
        request,
        form,
        title=_("Record a permit application"),
        intro=_("An application for a residence permit, on one ground."),
        subject=person,
        back=_person_back(person),
    )


@require_http_methods(FORM_METHODS)
@staff_view("people.view_person", "people.add_permitdecision")
def permit_decision_add(request: StaffRequest, person_id: int, application_id: int) -> HttpResponse:
    person = person_open_or_404(request, person_id)
    application = get_object_or_404(PermitApplication, pk=application_id, person=person)
    form = PermitDecisionForm(request.POST or None)
    if _saved(
        request,
        form,
        lambda acting, data: services.permit_decision_record(acting=acting, application=application, **data),
    ):
        return _to_person(request, person, _("The decision is recorded."))
    return _form_page(
        request,
        form,
        title=_("Record a decision on the application"),
        intro=_("A granted permit states whether it is temporary or permanent and from which day it is valid."),
        subject=application,
        back=_person_back(person),
    )


@require_http_methods(FORM_METHODS)
@staff_view("people.view_person", "people.add_household")
def household_start(request: StaffRequest, person_id: int) -> HttpResponse:
    person = person_open_or_404(request, person_id)
    form = HouseholdStartForm(request.POST or None)
    created: list[Household] = []

    def write(acting: Acting, data: dict[str, Any]) -> None:
        member = services.Member(person, MemberRole.ADULT)
        created.append(services.household_create(acting=acting, members=[member], **data))

    # The service names the one member "members[0]"; on this page that is the date the person joins.
    if _saved(request, form, write, rename={"members[0]": "start_date"}):
        return _to_household(request, created[0].pk, _("The household is created. Add the other members here."))
    return _form_page(
        request,
        form,
        title=_("Start a household with this person"),
        intro=_("The person joins as an adult. A household has no head: add the other members on its page."),
        subject=person,
        back=_person_back(person),
    )


def _household(request: StaffRequest, household_id: int) -> Household:
    """The household, opened through the registry's audited read (404 when it has no members)."""
    household_open_or_404(request, household_id)
    return Household.objects.get(pk=household_id)


@require_http_methods(FORM_METHODS)
@staff_view("people.view_household", "people.add_householdmembership")
def member_add(request: StaffRequest, household_id: int) -> HttpResponse:
    household = _household(request, household_id)
    form = MemberAddForm(request.POST or None)

    def write(acting: Acting, data: dict[str, Any]) -> None:
        # Opened like any other reading of a person, so that adding a protected person is recorded.
        person = person_open_or_404(request, data.pop("dossier_number").pk)
        services.household_member_add(acting=acting, household=household, person=person, **data)

    if _saved(request, form, write, rename={"person": "dossier_number"}):
        return _to_household(request, household_id, _("The member is added."))
    return _form_page(
        request,
        form,
        title=_("Add a member"),
        intro=_("A person is in one household at a time. A child needs an adult member every day."),
        subject=household,
        back=_household_back(household_id),
    )


@require_http_methods(FORM_METHODS)
@staff_view("people.view_household", "people.change_householdmembership")
def member_end(request: StaffRequest, household_id: int, membership_id: int) -> HttpResponse:
    _household(request, household_id)
    membership = get_object_or_404(
        HouseholdMembership.objects.select_related("person"), pk=membership_id, household_id=household_id
    )
    form = PeriodEndForm(request.POST or None)
    if _saved(
        request, form, lambda acting, data: services.household_member_end(acting=acting, membership=membership, **data)
    ):
        return _to_household(request, household_id, _("The membership is ended."))
    return _form_page(
        request,
        form,
        title=_("End a membership"),
        intro=_("The last day is the last day the person lives in the household."),
        subject=membership.person,
        back=_household_back(household_id),
    )


@require_http_methods(FORM_METHODS)
@staff_view("people.view_household", "people.add_partnership")
def partnership_add(request: StaffRequest, household_id: int) -> HttpResponse:
    household = _household(request, household_id)
    form = PartnershipForm(request.POST or None, household_id=household_id)
    if _saved(
        request, form, lambda acting, data: services.partnership_create(acting=acting, household=household, **data)
    ):
        return _to_household(request, household_id, _("The partners are recorded."))
    return _form_page(
        request,
        form,
        title=_("Record partners"),
        intro=_("Two adult members who are married or cohabiting. Each partner keeps their own decision and card."),
        subject=household,
        back=_household_back(household_id),
    )


@require_http_methods(FORM_METHODS)
@staff_view("people.view_household", "people.change_partnership")
def partnership_end(request: StaffRequest, household_id: int, partnership_id: int) -> HttpResponse:
    household = _household(request, household_id)
    partnership = get_object_or_404(Partnership, pk=partnership_id, household=household)
    form = PeriodEndForm(request.POST or None)
    if _saved(
        request, form, lambda acting, data: services.partnership_end(acting=acting, partnership=partnership, **data)
    ):
        return _to_household(request, household_id, _("The partnership is ended."))
    return _form_page(
        request,
        form,
        title=_("End a partnership"),
        intro=_("The last day is the last day the two are partners."),
        subject=partnership,
        back=_household_back(household_id),
    )


@require_http_methods(FORM_METHODS)
@staff_view("people.view_household", "people.add_guardianship")
def guardianship_add(request: StaffRequest, household_id: int) -> HttpResponse:
    household = _household(request, household_id)
    form = GuardianshipForm(request.POST or None, household_id=household_id)
    if _saved(request, form, lambda acting, data: services.guardianship_create(acting=acting, **data)):
        return _to_household(request, household_id, _("The parent or guardian is recorded."))
    return _form_page(
        request,
        form,
        title=_("Record a parent or guardian"),
        intro=_("The relation ends by law the day before the child turns 18."),
        subject=household,
        back=_household_back(household_id),
    )


@require_http_methods(FORM_METHODS)
@staff_view("people.view_person", "people.add_permitconversation")
def permit_conversation(request: StaffRequest, person_id: int, decision_id: int) -> HttpResponse:
    """The conversation with an adult granted a permit (report 2.1.4): how it was held and what it covered.

    Whether women get each topic as often as men is what the follow-up asks, so every topic given, and
    every topic not given, is recorded.
    """
    person = person_open_or_404(request, person_id)
    decision = get_object_or_404(
        PermitDecision.objects.select_related("application__person"),
        pk=decision_id,
        application__person=person,
        outcome=DecisionOutcome.GRANTED,
    )
    initial = {
        "held_on": clock.today(),
        "language": person.preferred_language,
        "reason": _("The conversation after a granted permit"),
    }
    form = PermitConversationForm(request.POST or None, initial=initial)
    if _saved(
        request,
        form,
        lambda acting, data: services.permit_conversation_record(
            acting=acting, decision=decision, conversation=services.Conversation(**data)
        ),
    ):
        return _to_person(request, person, _("The permit conversation is recorded."))
    return _form_page(
        request,
        form,
        title=_("The permit conversation"),
        intro=_(
            "Record the conversation you held with the person about their new life in Sweden. Tick each topic you "
            "talked about. The follow-up counts how often women and men get each topic, so record what was said, "
            "not what should have been."
        ),
        subject=_("%(person)s · permit granted on %(day)s") % {"person": person, "day": decision.decided_on},
        back=_person_back(person),
    )
