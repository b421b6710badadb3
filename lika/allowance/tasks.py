"""The allowance's background jobs (lika/core/jobs.py): a month's decisions and a payment run's execution.

Each task calls the same service as the page and the command did, as the member of staff who started
the job, and reports progress. Both are safe to run again: decisions are issued only where the facts
changed, and a run pays each payment exactly once however often it is executed.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_tasks import task

from lika.allowance import services
from lika.allowance.models import PaymentRun
from lika.allowance.payment_file import PaymentFileError
from lika.allowance.rules.month import Month
from lika.core.jobs import JOBS_BACKEND, job_running


@task(backend=JOBS_BACKEND)
def decisions_issue_month(job_id: str) -> None:
    """Issues the decisions of every household for the job's month."""
    with job_running(job_id) as run:
        if run is None:
            return
        month = Month.parse(run.arguments["month"])
        issued = services.decisions_issue(acting=run.acting, month=month, progress=run.progress)
        run.outcome = ngettext(
            "%(count)d decision issued for %(month)s.", "%(count)d decisions issued for %(month)s.", len(issued)
        ) % {"count": len(issued), "month": month}
        run.next_url = reverse("allowance:worklist")


@task(backend=JOBS_BACKEND)
def payment_run_execute(job_id: str) -> None:
    """Pays the job's approved run, or finishes one that stopped half-way."""
    with job_running(job_id) as run:
        if run is None:
            return
        payment_run = PaymentRun.objects.get(pk=run.arguments["run"])
        try:
            done = services.payment_run_execute(acting=run.acting, run=payment_run, progress=run.progress)
        except PaymentFileError as error:
            # A run whose every payment is held has nothing to pay and no file to write.
            raise ValidationError({"run": str(error)}) from error
        run.outcome = ngettext(
            "Run executed: %(count)d payment made.", "Run executed: %(count)d payments made.", done.payments_count
        ) % {"count": done.payments_count}
        run.next_url = reverse("allowance:run_detail", args=[payment_run.pk])


def job_title_decisions(month: Month) -> str:
    return _("Decisions for %(month)s") % {"month": month}


def job_title_run(run: PaymentRun) -> str:
    return _("Payment run for %(month)s (#%(id)d)") % {"month": run.month, "id": run.pk}
