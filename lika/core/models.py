"""The ground floor's one table: the jobs that run in the background (see lika.core.jobs)."""

from __future__ import annotations

import datetime
import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# A job reports after each chunk, seconds apart; this long without a word, its worker has likely stopped.
SILENT_AFTER = datetime.timedelta(minutes=15)


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("waiting to start")
    RUNNING = "running", _("running")
    DONE = "done", _("done")
    FAILED = "failed", _("stopped by an error")


class Job(models.Model):
    """A piece of work a member of staff started on a page and a worker does in the background.

    The work itself is a task (django-tasks); this row is what the page shows while it runs: how far it
    has come, how it ended, and where to go next. It outlives the browser tab that started it.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(max_length=100, help_text="The task's dotted name.")
    title = models.CharField(max_length=200)
    # Who may follow the job: the one who started it, and staff holding this permission.
    permission = models.CharField(max_length=100, blank=True)
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    reason = models.TextField(blank=True)
    arguments = models.JSONField(default=dict, blank=True)
    task_id = models.CharField(max_length=64, blank=True)
    status = models.CharField(max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(null=True, blank=True)
    outcome = models.TextField(blank=True)
    next_url = models.CharField(max_length=300, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["started_by", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.title} ({self.get_status_display()})"

    @property
    def finished(self) -> bool:
        return self.status in (JobStatus.DONE, JobStatus.FAILED)

    @property
    def silent(self) -> bool:
        """Running, but not heard from for :data:`SILENT_AFTER`: its worker may have stopped."""
        return self.status == JobStatus.RUNNING and self.updated_at < timezone.now() - SILENT_AFTER

    @property
    def percent(self) -> int | None:
        if not self.total:
            return None
        return min(100, self.done * 100 // self.total)
