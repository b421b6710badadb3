"""Background jobs: queued by a page, run by a worker (the database backend's, in one test), followed on
their own page by whoever started them, and started again after an error."""

from __future__ import annotations

import datetime
from collections.abc import Callable

import pytest
from django.core.management import call_command
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from lika.accounts.models import User
from lika.accounts.roles import Role
from lika.audit.acting import Acting
from lika.core.jobs import job_start
from lika.core.models import SILENT_AFTER, Job, JobStatus
from lika.testing import jobs

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]
DATABASE_TASKS = {
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
    "jobs": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]},
}


@pytest.fixture
def officer(make_staff: Callable[..., User]) -> User:
    return make_staff(Role.CASE_OFFICER, username="officer")


def _client(user: User) -> Client:
    client = Client()
    client.cookies["lika_language"] = "en"
    client.force_login(user)
    return client


def _start(officer: User, **arguments: object) -> Job:
    return job_start(
        acting=Acting(actor=officer, reason="Testing jobs"),
        task=jobs.count_to,
        title="Count",
        permission="allowance.add_decision",
        arguments=arguments,
    )


def test_a_job_runs_reports_progress_and_ends_with_its_outcome(officer: User) -> None:
    job = _start(officer, to=4)
    assert (job.status, job.done, job.total, job.outcome, job.attempts) == (JobStatus.DONE, 4, 4, "Counted to 4.", 1)
    assert job.finished_at is not None
    page = _client(officer).get(reverse("core:job", args=[job.pk])).content.decode()
    assert '<progress id="job-progress" max="4" value="4">' in page
    assert "Counted to 4." in page
    assert 'data-job-finished="true"' in page


def test_a_job_must_say_why(officer: User) -> None:
    with pytest.raises(Exception, match="Say why"):
        job_start(
            acting=Acting(actor=officer, reason=" "), task=jobs.count_to, title="Count", permission="", arguments={}
        )
    assert not Job.objects.exists()


def test_only_the_starter_and_holders_of_its_permission_follow_a_job(
    officer: User, make_staff: Callable[..., User]
) -> None:
    job = _start(officer, to=2)
    url = reverse("core:job", args=[job.pk])
    other_officer = make_staff(Role.CASE_OFFICER, username="other-officer")
    communicator = make_staff(Role.COMMUNICATOR, username="communicator")
    assert _client(other_officer).get(url).status_code == 200
    assert _client(communicator).get(url).status_code == 404
    assert _client(communicator).post(reverse("core:job_start_again", args=[job.pk])).status_code == 404
    assert job.title not in _client(communicator).get(reverse("core:job_list")).content.decode()
    assert job.title in _client(officer).get(reverse("core:job_list")).content.decode()
    assert Client().get(url).status_code == 302


def test_a_job_stopped_by_an_error_is_started_again_and_finishes(officer: User) -> None:
    # The backend catches the error as a worker does (and logs it); the job says it stopped.
    job = _start(officer, to=6, **{jobs.STOPS_FIRST_TIME: True})
    assert (job.status, job.done, job.total) == (JobStatus.FAILED, 3, 6)
    client = _client(officer)
    page = client.get(reverse("core:job", args=[job.pk])).content.decode()
    assert "An unexpected error stopped the job." in page
    assert reverse("core:job_start_again", args=[job.pk]) in page

    response = client.post(reverse("core:job_start_again", args=[job.pk]), follow=True)
    job.refresh_from_db()
    assert (job.status, job.done, job.attempts, job.outcome) == (JobStatus.DONE, 6, 2, "Counted to 6.")
    assert "Counted to 6." in response.content.decode()
    # A finished job is not started again.
    again = client.post(reverse("core:job_start_again", args=[job.pk]), follow=True)
    assert "Only a job that stopped by an error, or has not been heard from for long" in again.content.decode()
    job.refresh_from_db()
    assert job.attempts == 2


def test_a_job_not_heard_from_for_long_may_be_started_again(officer: User) -> None:
    """A worker killed mid-task leaves its job running; once silent for long, the page offers to start it again."""
    job = _start(officer, to=2)
    Job.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING, done=1)
    client = _client(officer)
    url = reverse("core:job", args=[job.pk])
    assert reverse("core:job_start_again", args=[job.pk]) not in client.get(url).content.decode()
    Job.objects.filter(pk=job.pk).update(updated_at=timezone.now() - SILENT_AFTER - datetime.timedelta(seconds=1))
    page = client.get(url).content.decode()
    assert "its worker may have stopped" in page
    client.post(reverse("core:job_start_again", args=[job.pk]))
    job.refresh_from_db()
    assert (job.status, job.done, job.outcome) == (JobStatus.DONE, 2, "Counted to 2.")


def test_the_same_work_waiting_is_followed_not_started_twice(officer: User) -> None:
    with override_settings(TASKS=DATABASE_TASKS):
        first = _start(officer, to=3)
        second = _start(officer, to=3)
        other = _start(officer, to=5)
    assert first.pk == second.pk
    assert other.pk != first.pk
    assert Job.objects.count() == 2


@pytest.mark.django_db(transaction=True)
def test_the_database_backend_queues_and_its_worker_runs_the_job(officer: User) -> None:
    """As in production and the demo: the page only queues; the job is done by `lika db_worker`, in
    another process there, here in the same one. The worker closes its database connection after a task,
    as a worker should, so the test runs outside the usual wrapping transaction."""
    with override_settings(TASKS=DATABASE_TASKS):
        job = _start(officer, to=5)
        assert (job.status, job.done, job.task_id != "") == (JobStatus.QUEUED, 0, True)
        page = _client(officer).get(reverse("core:job", args=[job.pk])).content.decode()
        assert 'data-job-finished="false"' in page
        assert "core/job.js" in page
        call_command("db_worker", "--backend", "jobs", "--batch", "--no-startup-delay", verbosity=0)
    job.refresh_from_db()
    assert (job.status, job.done, job.outcome) == (JobStatus.DONE, 5, "Counted to 5.")
