"""The start page and a household's allowance for a month, where a case officer issues the month's decisions."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST, require_safe

from lika.accounts.access import StaffRequest, staff_view
from lika.allowance import services, tasks
from lika.allowance.explanations import money
from lika.allowance.forms import (
    DecisionsIssueForm,
    MonthChoiceForm,
    MonthDecisionsIssueForm,
)
from lika.allowance.models import (
    Card,
    CardException,
    Decision,
)
from lika.allowance.rules.month import Month
from lika.allowance.selectors import household_month, members_in_month
from lika.allowance.selectors import worklist as worklist_selector
from lika.allowance.views._common import (
    _acting,
    _name,
    _next_month,
    _previous,
    _step_texts,
)
from lika.core.forms import refusal_show
from lika.core.jobs import job_start
from lika.people.models import HouseholdMembership, MemberRole
from lika.people.shortcuts import household_open_or_404, person_search_page

# --- start ---------------------------------------------------------------------------------------


@staff_view("allowance.view_paymentrun", "people.view_person")
def index(request: StaffRequest) -> HttpResponse:
    search = person_search_page(request, list_all=False)
    if isinstance(search, HttpResponse):
        return search
    return render(request, "allowance/index.html", {"form": search.form, "page": search.page})


WORKLIST_SHOWN = 25


@staff_view("allowance.view_paymentrun")
@require_safe
def worklist(request: StaffRequest) -> HttpResponse:
    """What waits: decisions for next month (the allowance is paid in advance), cards, runs, held payments."""
    return _worklist_page(request, MonthDecisionsIssueForm(initial={"month": _next_month()}, prefix="month"))


def _worklist_page(request: StaffRequest, form: MonthDecisionsIssueForm, *, status: int = 200) -> HttpResponse:
    work = worklist_selector(_next_month(), shown=WORKLIST_SHOWN)
    context = {"work": work, "shown": WORKLIST_SHOWN, "month_form": form}
    return render(request, "allowance/worklist.html", context, status=status)


@staff_view("allowance.view_paymentrun", "allowance.add_decision")
@require_POST
def month_decisions_issue(request: StaffRequest) -> HttpResponse:
    """Issues every household's decisions for a month as a job in the background, and shows the job's page:
    hundreds of decisions, each with two PDFs, take minutes, and go on if the page is closed."""
    form = MonthDecisionsIssueForm(request.POST, prefix="month")
    if form.is_valid():
        month = form.cleaned_data["month"]
        try:
            job = job_start(
                acting=_acting(request, form),
                task=tasks.decisions_issue_month,
                title=tasks.job_title_decisions(month),
                permission="allowance.add_decision",
                arguments={"month": str(month)},
            )
        except ValidationError as error:
            refusal_show(form, error)
        else:
            return redirect("core:job", job_id=job.pk)
    return _worklist_page(request, form, status=400)


# --- household -----------------------------------------------------------------------------------


@dataclass
class MemberRow:
    membership: HouseholdMembership
    name: str
    allowance: str
    payout: str
    card: Card | None
    exception: CardException | None
    exception_holder: str
    decision: Decision | None
    steps: list[str]

    @property
    def adult(self) -> bool:
        return self.membership.role == MemberRole.ADULT


def _member_rows(household_id: int, members: list[HouseholdMembership], month: Month) -> list[MemberRow]:
    found = household_month(household_id, [m.person_id for m in members], month)
    amounts = found.amounts
    by_id = {m.person_id: m.person for m in members}
    names = {pk: person.given_name for pk, person in by_id.items() if not person.protected_identity}
    rows = []
    for membership in members:
        pk = membership.person_id
        exception = found.exceptions.get(pk)
        holder = by_id.get(exception.card.holder_id) if exception else None
        rows.append(
            MemberRow(
                membership=membership,
                name=_name(membership.person),
                allowance=money(amounts.allowance_ore(pk)),
                payout=money(amounts.payout_ore(pk)),
                card=found.cards.get(pk),
                exception=exception,
                exception_holder=_name(holder) if holder else "",
                decision=found.decisions.get(pk),
                steps=_step_texts(amounts.steps.get(pk, []), names),
            )
        )
    return rows


def _household_page(
    request: StaffRequest,
    household_id: int,
    members: list[HouseholdMembership],
    *,
    month: Month | None,
    month_form: MonthChoiceForm,
    issue_form: DecisionsIssueForm | None = None,
    status: int = 200,
) -> HttpResponse:
    context: dict[str, Any] = {"household_id": household_id, "month_form": month_form, "month": month}
    if month is not None:
        in_month = members_in_month(members, month)
        rows = _member_rows(household_id, in_month, month) if in_month else []
        context |= {
            "rows": rows,
            "exceptions": [row for row in rows if row.exception],
            "previous_month": _previous(month),
            "next_month": month.next(),
            "issue_form": issue_form or DecisionsIssueForm(initial={"month": month}, prefix="issue"),
        }
    return render(request, "allowance/household.html", context, status=status)


@staff_view("allowance.view_decision", "allowance.view_card", "people.view_household")
def household(request: StaffRequest, household_id: int) -> HttpResponse:
    members = household_open_or_404(request, household_id)
    if "month" not in request.GET:
        month = _next_month()
        form = MonthChoiceForm(initial={"month": month})
        return _household_page(request, household_id, members, month=month, month_form=form)
    form = MonthChoiceForm(request.GET)
    if not form.is_valid():
        return _household_page(request, household_id, members, month=None, month_form=form, status=400)
    return _household_page(request, household_id, members, month=form.cleaned_data["month"], month_form=form)


@staff_view("allowance.add_decision", "people.view_household")
@require_POST
def household_decisions_issue(request: StaffRequest, household_id: int) -> HttpResponse:
    members = household_open_or_404(request, household_id)
    form = DecisionsIssueForm(request.POST, prefix="issue")
    if form.is_valid():
        month = form.cleaned_data["month"]
        try:
            issued = services.decisions_issue(acting=_acting(request, form), month=month, household_ids=[household_id])
        except ValidationError as error:
            refusal_show(form, error)
        else:
            if issued:
                text = ngettext("%(count)d decision issued.", "%(count)d decisions issued.", len(issued))
                messages.success(request, text % {"count": len(issued)})
            else:
                messages.info(request, _("No new decisions: every adult's latest decision still matches the facts."))
            return redirect(f"{reverse('allowance:household', args=[household_id])}?month={month}")
    month = form.cleaned_data.get("month") or _next_month()
    month_form = MonthChoiceForm(initial={"month": month})
    return _household_page(
        request, household_id, members, month=month, month_form=month_form, issue_form=form, status=400
    )
