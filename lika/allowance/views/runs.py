"""Payment runs: prepared by one, approved and executed by another, reconciled by sex; downloads are audited."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lika.accounts.access import StaffRequest, staff_view
from lika.allowance import services, tasks
from lika.allowance.explanations import money
from lika.allowance.forms import (
    RunActionForm,
    RunPaymentsFilterForm,
    RunPrepareForm,
)
from lika.allowance.models import (
    CardException,
    Payment,
    PaymentRun,
    RunStatus,
)
from lika.allowance.rules.month import Month
from lika.allowance.selectors import (
    exceptions_active,
    payment_runs,
    run_held_payments,
    run_payments,
    run_reconciliation,
)
from lika.allowance.views._common import (
    FOLLOW_SECONDS,
    HELD_SHOWN,
    PAGE_SIZE,
    _acting,
    _next_month,
)
from lika.audit.acting import Acting
from lika.core.forms import refusal_show
from lika.core.jobs import job_start
from lika.people import selectors as people

# --- payment runs --------------------------------------------------------------------------------


@dataclass
class RunRow:
    run: PaymentRun
    total: str
    held: str


def _run_list_page(
    request: StaffRequest, *, prepare_form: RunPrepareForm | None = None, status: int = 200
) -> HttpResponse:
    page = Paginator(payment_runs(), PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [RunRow(run=run, total=money(run.total_ore), held=money(run.held_ore)) for run in page.object_list]
    if prepare_form is None:
        prepare_form = RunPrepareForm(initial={"month": _next_month()}, prefix="prepare")
    context = {"page": page, "rows": rows, "prepare_form": prepare_form}
    return render(request, "allowance/run_list.html", context, status=status)


@staff_view("allowance.view_paymentrun")
def run_list(request: StaffRequest) -> HttpResponse:
    return _run_list_page(request)


@staff_view("allowance.prepare_paymentrun")
@require_POST
def run_prepare(request: StaffRequest) -> HttpResponse:
    form = RunPrepareForm(request.POST, prefix="prepare")
    if form.is_valid():
        data = form.cleaned_data
        try:
            run = services.payment_run_prepare(
                acting=_acting(request, form), month=data["month"], execution_date=data["execution_date"]
            )
        except ValidationError as error:
            refusal_show(form, error)
        else:
            messages.success(
                request, _("Run for %(month)s prepared. Someone else must approve it.") % {"month": run.month}
            )
            return redirect("allowance:run_detail", run_id=run.pk)
    return _run_list_page(request, prepare_form=form, status=400)


def _money_split(split: people.SexSplit) -> dict[str, str]:
    return {
        "female": money(split.female),
        "male": money(split.male),
        "unknown": money(split.unknown),
        "total": money(split.total),
    }


def _run_detail_page(
    request: StaffRequest, run: PaymentRun, *, bound: RunActionForm | None = None, status: int = 200
) -> HttpResponse:
    sums = run_reconciliation(run.pk)
    reconciliation = [
        (_("Entitled for the month"), _money_split(sums.entitled)),
        (_("To be paid"), _money_split(sums.pending)),
        (_("Paid"), _money_split(sums.paid)),
        # Held money is still owed: entitled = to be paid + paid + held + what earlier runs paid.
        (_("Held: no usable card"), _money_split(sums.held_no_card)),
        (_("Held: the card has no account yet"), _money_split(sums.held_no_account)),
    ]

    def form(prefix: str) -> RunActionForm:
        return bound if bound is not None and bound.prefix == prefix else RunActionForm(prefix=prefix)

    held = [(payment, money(payment.amount_ore)) for payment in run_held_payments(run.pk, limit=HELD_SHOWN)]
    follow = run.status == RunStatus.EXECUTING and request.GET.get("follow") == "1"
    context = {
        "run": run,
        "total": money(run.total_ore),
        "held_total": money(run.held_ore),
        "overpaid_total": money(run.overpaid_ore),
        "paid_count": sums.persons_paid.total,
        "paid_split": sums.persons_paid,
        "reconciliation": reconciliation,
        "held": held,
        "held_more": run.held_count > HELD_SHOWN,
        "follow": follow,
        "approve_form": form("approve"),
        "execute_form": form("execute"),
        "cancel_form": form("cancel"),
        "may_cancel": request.user.has_perm("allowance.prepare_paymentrun")
        or request.user.has_perm("allowance.approve_paymentrun"),
    }
    response = render(request, "allowance/run_detail.html", context, status=status)
    if follow:
        # Only on request and only while executing, so that nobody's page moves under them unasked
        # (WCAG 2.2.1); the header does what a meta refresh would, without JavaScript.
        response["Refresh"] = str(FOLLOW_SECONDS)
    return response


def _run(run_id: int) -> PaymentRun:
    return get_object_or_404(payment_runs(), pk=run_id)


@staff_view("allowance.view_paymentrun")
def run_detail(request: StaffRequest, run_id: int) -> HttpResponse:
    return _run_detail_page(request, _run(run_id))


# The states in which the run page shows each action's form (allowance/run_detail.html).
_FORM_SHOWN = {
    "approve": {RunStatus.PREPARED},
    "execute": {RunStatus.APPROVED, RunStatus.EXECUTING},
    "cancel": {RunStatus.PREPARED, RunStatus.APPROVED},
}


def _run_action(request: StaffRequest, run: PaymentRun, prefix: str, act: Callable[[Acting], str]) -> HttpResponse:
    form = RunActionForm(request.POST, prefix=prefix)
    if form.is_valid():
        try:
            done = act(_acting(request, form))
        except ValidationError as error:
            refusal_show(form, error)
        else:
            messages.success(request, done)
            return redirect("allowance:run_detail", run_id=run.pk)
    return _run_refused(request, run, prefix, form)


def _run_refused(request: StaffRequest, run: PaymentRun, prefix: str, form: RunActionForm) -> HttpResponse:
    """The run's page again, with the refusal on the action's form, or above the page when it has none."""
    run.refresh_from_db()
    if run.status not in _FORM_SHOWN[prefix]:
        # The page has no form for this action in the run's state (a forged or stale post): say why above it.
        reason: list[object] = list(form.errors.get("reason") or ())
        for text in [*form.non_field_errors(), *reason]:
            messages.error(request, str(text))
    return _run_detail_page(request, run, bound=form, status=400)


@dataclass(frozen=True)
class PaymentRow:
    payment: Payment
    amount: str
    exception: CardException | None


@staff_view("allowance.view_paymentrun")
def run_payments_list(request: StaffRequest, run_id: int) -> HttpResponse:
    """Every payment of a run, for the approver to check before approving: person, card, amount, exception."""
    run = _run(run_id)
    form = RunPaymentsFilterForm(request.GET)
    chosen = form.cleaned_data if form.is_valid() else {}
    found = run_payments(run, status=chosen.get("status", ""), exceptions_only=chosen.get("exceptions", False))
    page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
    exceptions = exceptions_active([payment.person_id for payment in page], Month.parse(run.month))
    rows = [PaymentRow(p, money(p.amount_ore), exceptions.get(p.person_id)) for p in page]
    # The pages keep the filters: the links carry them along with the page number.
    filters = urlencode({key: value for key, value in request.GET.items() if key != "page"})
    context = {"run": run, "form": form, "page": page, "rows": rows, "filters": filters}
    return render(request, "allowance/run_payments.html", context, status=200 if form.is_valid() else 400)


@staff_view("allowance.view_paymentrun", "allowance.approve_paymentrun")
@require_POST
def run_approve(request: StaffRequest, run_id: int) -> HttpResponse:
    run = _run(run_id)

    def act(acting: Acting) -> str:
        services.payment_run_approve(acting=acting, run=run)
        return _("Run approved. It can now be executed.")

    return _run_action(request, run, "approve", act)


@staff_view("allowance.view_paymentrun", "allowance.approve_paymentrun")
@require_POST
def run_execute(request: StaffRequest, run_id: int) -> HttpResponse:
    """Executes the run in the background (lika/core/jobs.py) and shows the job's page: paying tens of
    thousands takes minutes, and goes on if the page is closed."""
    run = _run(run_id)
    form = RunActionForm(request.POST, prefix="execute")
    if form.is_valid():
        if run.status not in (RunStatus.APPROVED, RunStatus.EXECUTING):
            form.add_error("reason", _("Only an approved run can be executed."))
        else:
            job = job_start(
                acting=_acting(request, form),
                task=tasks.payment_run_execute,
                title=tasks.job_title_run(run),
                permission="allowance.approve_paymentrun",
                arguments={"run": run.pk},
            )
            return redirect("core:job", job_id=job.pk)
    return _run_refused(request, run, "execute", form)


@staff_view("allowance.view_paymentrun")
@require_POST
def run_cancel(request: StaffRequest, run_id: int) -> HttpResponse:
    user = request.user
    if not (user.has_perm("allowance.prepare_paymentrun") or user.has_perm("allowance.approve_paymentrun")):
        raise PermissionDenied
    run = _run(run_id)

    def act(acting: Acting) -> str:
        services.payment_run_cancel(acting=acting, run=run)
        return _("Run cancelled. Nothing was paid.")

    return _run_action(request, run, "cancel", act)


def _run_file(request: StaffRequest, run_id: int, *, kind: str, content_type: str, filename: str) -> HttpResponse:
    """An executed run's file as a download; the service records every download."""
    run = get_object_or_404(PaymentRun, pk=run_id)
    try:
        content = services.payment_file_open(acting=Acting(actor=request.user, reason="Downloaded"), run=run, kind=kind)
    except PaymentRun.DoesNotExist as error:
        raise Http404 from error
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="lika-{run.month}-run-{run.pk}-{filename}"'
    return response


@staff_view("allowance.approve_paymentrun")
def run_payment_file(request: StaffRequest, run_id: int) -> HttpResponse:
    return _run_file(request, run_id, kind="pain.001", content_type="application/xml", filename="pain001.xml")


@staff_view("allowance.approve_paymentrun")
def run_card_loads(request: StaffRequest, run_id: int) -> HttpResponse:
    return _run_file(
        request, run_id, kind="card loads", content_type="text/csv; charset=utf-8", filename="card-loads.csv"
    )
