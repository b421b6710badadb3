"""Work that runs in the background: started on a page, done by a worker, followed on its own page.

A month's decisions or a payment run's execution can take minutes. Done inside a web request they tie up
a web worker and die with the browser tab. Instead a view calls :func:`job_start`, which records a
:class:`~lika.core.models.Job` and hands a task (django-tasks, Django's task interface) to the backend
``jobs`` of ``settings.TASKS``: in production and the demo the database backend, whose worker
(``lika db_worker --backend jobs``, deploy/systemd/lika-worker.service) takes tasks from a table, so no
new server is needed; in the tests the immediate backend, which runs the task at once.

The task opens the job with :func:`job_running`, acts as the member of staff who started it (the audit
trail records the act as a job's), reports progress that the job's page shows, and records how it ended.
Every task here must be safe to run again: a job that stopped half-way is started again from its page
and does only what is still undone (the services it calls are idempotent).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import F
from django.utils import translation
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django_tasks.base import Task

from lika.audit.acting import Acting
from lika.audit.models import Channel
from lika.audit.shell import shell_user
from lika.core import clock
from lika.core.models import Job, JobStatus

WORKER_LABEL = "lika worker"
# The backend of settings.TASKS that Lika's jobs go to (the database's, in production and the demo).
JOBS_BACKEND = "jobs"


def job_start(
    *,
    acting: Acting,
    task: Task[[str], None],
    title: str,
    permission: str,
    next_url: str = "",
    arguments: dict[str, Any] | None = None,
) -> Job:
    """Records a job for ``task`` and queues it; returns the job (its page follows it).

    When the same task with the same ``arguments`` already waits or runs, that job is returned instead.

    ``permission`` names who besides the starter may follow the job. The starter must say why
    (the reason goes with every act the job does); nothing is queued otherwise.
    """
    acting.require_reason()
    # The same work already waiting or running is followed, not started twice.
    same = Job.objects.filter(
        kind=task.module_path,
        status__in=[JobStatus.QUEUED, JobStatus.RUNNING],
        **{f"arguments__{key}": value for key, value in (arguments or {}).items()},
    ).first()
    if same is not None:
        return same
    job = Job.objects.create(
        kind=task.module_path,
        title=title,
        permission=permission,
        started_by=acting.actor,
        reason=acting.reason,
        # The job speaks the starter's language: its outcome is read on their page.
        arguments={"language": translation.get_language(), **(arguments or {})},
        next_url=next_url,
    )
    _enqueue(job, task)
    job.refresh_from_db()
    return job


def job_restart(job: Job) -> Job:
    """Queues a job that stopped by an error, or went silent, again; the task does only what is still undone."""
    if not (job.status == JobStatus.FAILED or job.silent):
        raise ValidationError(
            {
                "job": _(
                    "Only a job that stopped by an error, or has not been heard from for long, can be started again."
                )
            }
        )
    Job.objects.filter(pk=job.pk).update(status=JobStatus.QUEUED, outcome="", finished_at=None, updated_at=clock.now())
    _enqueue(job, import_string(job.kind))
    job.refresh_from_db()
    return job


def _enqueue(job: Job, task: Task[[str], None]) -> None:
    # An immediate backend runs the task inside enqueue(): the job row is updated by then, so only the
    # task's id is written here, never the stale object.
    result = task.enqueue(str(job.pk))
    Job.objects.filter(pk=job.pk).update(task_id=str(result.id))


def jobs_visible(user: Any) -> list[Job]:
    """The jobs ``user`` started, newest first (the twenty latest)."""
    return list(Job.objects.filter(started_by=user).order_by("-created_at")[:20])


def job_visible_to(job: Job, user: Any) -> bool:
    """Whether ``user`` may follow ``job``: its starter, or staff holding its permission."""
    if job.started_by_id is not None and job.started_by_id == user.pk:
        return True
    return bool(job.permission) and bool(user.has_perm(job.permission))


@dataclass
class JobRun:
    """What a task has while its job runs: the job, who acts, and where it reports."""

    job: Job
    acting: Acting
    outcome: str = ""
    next_url: str = field(default="")

    @property
    def arguments(self) -> dict[str, Any]:
        return dict(self.job.arguments)

    def progress(self, done: int, total: int) -> None:
        """Shows ``done`` of ``total`` on the job's page (its own write, seen at once by the page)."""
        Job.objects.filter(pk=self.job.pk).update(done=done, total=total, updated_at=clock.now())


def _error_text(error: ValidationError) -> str:
    if hasattr(error, "error_dict"):
        return " ".join(" ".join(texts) for texts in error.message_dict.values())
    return " ".join(error.messages)


@contextmanager
def job_running(job_id: str) -> Iterator[JobRun | None]:
    """Opens the job ``job_id`` for its task; yields None when there is nothing to do.

    The task acts as the member of staff who started the job, through the job channel. A refusal
    (ValidationError) ends the job with its message; any other error ends it as stopped, with a message
    that says it can be started again, and is raised on so that the worker logs it.
    """
    job = Job.objects.select_related("started_by").filter(pk=job_id).first()
    if job is None or job.status == JobStatus.DONE:
        yield None
        return
    starter = job.started_by
    if starter is None or not starter.is_active:
        _finish(job, JobStatus.FAILED, _("The member of staff who started this job no longer has an account."))
        yield None
        return
    Job.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING, attempts=F("attempts") + 1, updated_at=clock.now())
    acting = Acting(
        actor=starter, reason=job.reason, actor_label=WORKER_LABEL, channel=Channel.TASK, os_user=shell_user()
    )
    run = JobRun(job=job, acting=acting, next_url=job.next_url)
    try:
        with translation.override(job.arguments.get("language")):
            yield run
    except ValidationError as error:
        _finish(job, JobStatus.FAILED, _error_text(error))
    except Exception:
        _finish(
            job,
            JobStatus.FAILED,
            _(
                "An unexpected error stopped the job. What was done is kept; start it again and it does only "
                "what is still undone."
            ),
        )
        raise
    else:
        _finish(job, JobStatus.DONE, run.outcome, next_url=run.next_url)


def _finish(job: Job, status: JobStatus, outcome: str, *, next_url: str | None = None) -> None:
    now = clock.now()
    fields: dict[str, Any] = {"status": status, "outcome": outcome, "finished_at": now, "updated_at": now}
    if next_url is not None:
        fields["next_url"] = next_url
    Job.objects.filter(pk=job.pk).update(**fields)
