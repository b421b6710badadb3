"""A month's decisions and a payment run's execution as jobs in the background, started from the web."""

from __future__ import annotations

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse

from lika.accounts.models import User
from lika.allowance import services as allowance
from lika.allowance.models import Decision
from lika.allowance.rules.month import Month
from lika.audit.acting import Acting
from lika.audit.models import AuditEvent
from lika.core.models import Job, JobStatus
from lika.testing.personas import Family

pytestmark = pytest.mark.django_db
DECEMBER = Month(2026, 12)


def _client(user: User) -> Client:
    client = Client()
    client.cookies["lika_language"] = "en"
    client.force_login(user)
    return client


def test_an_officer_issues_a_months_decisions_from_the_worklist(family: Family, officer: User) -> None:
    client = _client(officer)
    worklist = client.get(reverse("allowance:worklist")).content.decode()
    assert reverse("allowance:month_decisions_issue") in worklist
    response = client.post(
        reverse("allowance:month_decisions_issue"), {"month-month": "2026-12", "month-reason": "December's decisions"}
    )
    job = Job.objects.get()
    assert response["Location"] == reverse("core:job", args=[job.pk])
    assert (job.status, job.done, job.total) == (JobStatus.DONE, 2, 2)
    assert job.outcome == "2 decisions issued for 2026-12."
    assert set(Decision.objects.filter(month="2026-12").values_list("person_id", flat=True)) == {
        family.woman.pk,
        family.man.pk,
    }
    events = AuditEvent.objects.filter(action="allowance.decision_issue")
    assert {(event.actor, event.channel, event.reason) for event in events} == {
        (officer, "task", "December's decisions")
    }
    page = client.get(response["Location"]).content.decode()
    assert "2 decisions issued for 2026-12." in page
    assert f'href="{reverse("allowance:worklist")}"' in page

    # Again: nothing changed, so nothing new is issued.
    client.post(reverse("allowance:month_decisions_issue"), {"month-month": "2026-12", "month-reason": "Once more"})
    assert Job.objects.latest("created_at").outcome == "0 decisions issued for 2026-12."
    assert Decision.objects.count() == 2


def test_a_months_decisions_need_a_reason_and_a_month(family: Family, officer: User) -> None:
    response = _client(officer).post(
        reverse("allowance:month_decisions_issue"), {"month-month": "December", "month-reason": ""}
    )
    assert response.status_code == 400
    assert not Job.objects.exists()
    assert not Decision.objects.exists()


def test_an_approver_may_not_issue_decisions(family: Family, approver: User) -> None:
    response = _client(approver).post(
        reverse("allowance:month_decisions_issue"), {"month-month": "2026-12", "month-reason": "Not mine to do"}
    )
    assert response.status_code == 403
    assert not Job.objects.exists()


def test_decisions_issued_in_chunks_are_those_issued_at_once(family: Family, by_officer: Acting) -> None:
    """A job issues a chunk at a time and reports after each; the decisions are the same as in one go."""
    with transaction.atomic():
        rollback = transaction.savepoint()
        at_once = allowance.decisions_issue(acting=by_officer, month=DECEMBER)
        expected = sorted((d.person_id, d.allowance_ore, d.payout_ore, d.digest) for d in at_once)
        transaction.savepoint_rollback(rollback)
    assert not Decision.objects.exists()
    reported: list[tuple[int, int]] = []
    issued = allowance.decisions_issue(
        acting=by_officer, month=DECEMBER, progress=lambda done, total: reported.append((done, total)), chunk=1
    )
    assert reported == [(0, 2), (1, 2), (2, 2)]
    assert sorted((d.person_id, d.allowance_ore, d.payout_ore, d.digest) for d in issued) == expected
    assert len(expected) == 2
