"""A task for the tests of background jobs (lika/core/jobs.py): it fails the first time when asked to."""

from __future__ import annotations

from django_tasks import task

from lika.core.jobs import JOBS_BACKEND, job_running

STOPS_FIRST_TIME = "stops_first_time"


@task(backend=JOBS_BACKEND)
def count_to(job_id: str) -> None:
    """Counts to the job's ``to``, reporting each step; with ``stops_first_time`` its first attempt breaks
    half-way, as a worker killed or a database gone would."""
    with job_running(job_id) as run:
        if run is None:
            return
        to = int(run.arguments["to"])
        for done in range(1, to + 1):
            run.progress(done, to)
            if run.arguments.get(STOPS_FIRST_TIME) and run.job.attempts == 0 and done == to // 2:
                message = "the worker lost its database half-way"
                raise ConnectionError(message)
        run.outcome = f"Counted to {to}."
        run.next_url = "/"
