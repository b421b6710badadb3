"""Four eyes on the command line (issue 16, defect 6): a shell user acts only as the staff account mapped
to them, and the audit trail tells a command from a page."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client, override_settings
from django.urls import reverse

from lika.accounts.models import User
from lika.allowance import services as allowance
from lika.allowance.models import PaymentRun, RunStatus
from lika.allowance.rules.month import Month
from lika.allowance.tests.factories import DECEMBER_PAYDAY
from lika.audit.acting import Acting
from lika.audit.models import AuditEvent, Channel
from lika.audit.shell import command_staff_map, shell_user
from lika.testing.personas import Family

pytestmark = pytest.mark.django_db

DECEMBER = Month(2026, 12)
APPROVED = "allowance.payment_run_approve"


@pytest.fixture
def run(family: Family, by_officer: Acting) -> PaymentRun:
    return allowance.payment_run_prepare(acting=by_officer, month=DECEMBER, execution_date=DECEMBER_PAYDAY)


def _approve(run: PaymentRun, *extra: str) -> None:
    call_command(
        "allowance", "payment-run", "approve", "--run", str(run.pk), "--reason", "Checked", *extra, stdout=io.StringIO()
    )


def test_without_a_mapping_as_is_believed_and_the_trail_says_it_was_a_command(run: PaymentRun, approver: User) -> None:
    _approve(run, "--as", "approver")
    event = AuditEvent.objects.get(action=APPROVED)
    assert (event.actor, event.channel, event.os_user) == (approver, Channel.COMMAND, shell_user())


def test_an_unmapped_shell_user_may_not_approve_as_anyone(run: PaymentRun, approver: User) -> None:
    with override_settings(LIKA_COMMAND_STAFF="someone-else=approver"), pytest.raises(CommandError) as refused:
        _approve(run, "--as", "approver")
    assert f"the shell user {shell_user()!r} is not mapped" in str(refused.value)
    run.refresh_from_db()
    assert run.status == RunStatus.PREPARED
    assert not AuditEvent.objects.filter(action=APPROVED).exists()


def test_a_mapped_shell_user_may_not_name_someone_else(run: PaymentRun, approver: User, officer: User) -> None:
    with override_settings(LIKA_COMMAND_STAFF=f"{shell_user()}=officer"), pytest.raises(CommandError) as refused:
        _approve(run, "--as", "approver")
    assert "acts as 'officer' and may not act as 'approver'" in str(refused.value)
    run.refresh_from_db()
    assert run.status == RunStatus.PREPARED


def test_a_mapped_shell_user_acts_as_their_account(run: PaymentRun, approver: User) -> None:
    with override_settings(LIKA_COMMAND_STAFF=f"ops=officer, {shell_user()}=approver"):
        _approve(run)
    run.refresh_from_db()
    assert run.status == RunStatus.APPROVED
    event = AuditEvent.objects.get(action=APPROVED)
    assert (event.actor, event.channel) == (approver, Channel.COMMAND)


def test_production_maps_nobody_unless_told(run: PaymentRun, approver: User) -> None:
    with override_settings(LIKA_COMMAND_STAFF=""), pytest.raises(CommandError, match="not mapped"):
        _approve(run, "--as", "approver")


def test_a_web_approval_is_recorded_as_web(run: PaymentRun, approver: User) -> None:
    client = Client()
    client.force_login(approver)
    client.post(reverse("allowance:run_approve", args=[run.pk]), {"approve-reason": "Checked"})
    run.refresh_from_db()
    assert run.status == RunStatus.APPROVED
    event = AuditEvent.objects.get(action=APPROVED)
    assert (event.channel, event.os_user) == (Channel.WEB, "")


@pytest.mark.parametrize("text", ["approver", "=approver", "ops=", "a=b,,c"])
def test_a_broken_mapping_is_named(text: str) -> None:
    with pytest.raises(CommandError, match="LIKA_COMMAND_STAFF"):
        command_staff_map(text)


def test_a_mapping_is_read() -> None:
    assert command_staff_map(" ops = officer , root=approver,") == {"ops": "officer", "root": "approver"}
    assert command_staff_map(None) is None
