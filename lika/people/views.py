from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render

from lika.accounts.access import StaffRequest, staff_view
from lika.audit.acting import Acting
from lika.core.forms import refusal_show
from lika.people import selectors, services
from lika.people.forms import PersonCreateForm
from lika.people.shortcuts import household_open_or_404, person_open_or_404, person_search_page


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
    }
    return render(request, "people/person_detail.html", context)


@staff_view("people.view_household")
def household_detail(request: StaffRequest, household_id: int) -> HttpResponse:
    members = household_open_or_404(request, household_id)
    return render(request, "people/household_detail.html", {"household_id": household_id, "members": members})


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
