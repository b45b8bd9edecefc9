"""Runs the registered periodic jobs (registry.py), each once per period, however many schedulers run.

Claiming a period inserts its JobRun row: the unique (job, period) constraint lets exactly one scheduler succeed.
While the job runs, its scheduler holds a PostgreSQL advisory lock on the run (taken in the transaction that
inserts the row, so no other scheduler ever sees the row without it). A scheduler that dies mid-run loses the
lock with its connection; the next scheduler to look finds the run "running" but unlocked, and resumes it in
the same period (at most MAX_ATTEMPTS times). Jobs are idempotent sweeps, so a resumed run repeats no harm.
"""

import logging
import os
import socket
import traceback
from datetime import datetime, timedelta
from typing import cast

from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from . import registry
from .models import JobRun

logger = logging.getLogger(__name__)

LOCK_NAMESPACE = 0x48505348  # the first key of our advisory locks ("HPSH"); the run's id is the second
MAX_ATTEMPTS = 3
KEEP_RUNS = timedelta(days=30)


def _runner() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"[:255]


def _try_lock(run: JobRun) -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s::integer, %s::integer)", [LOCK_NAMESPACE, run.pk & 0x7FFFFFFF])
        return cast(bool, cursor.fetchone()[0])


def _unlock(run: JobRun) -> None:
    # Session locks stack: release every hold this connection has on the run.
    with connection.cursor() as cursor:
        while True:
            cursor.execute("SELECT pg_advisory_unlock(%s::integer, %s::integer)", [LOCK_NAMESPACE, run.pk & 0x7FFFFFFF])
            if not cursor.fetchone()[0]:
                return


def _claim(job: registry.Job, period: datetime, now: datetime) -> JobRun | None:
    """This scheduler's run of `job` in `period`, locked; None if another scheduler has it or had it."""
    run: JobRun | None
    try:
        with transaction.atomic():
            run = JobRun.objects.create(job=job.name, period_start=period, started_at=now, runner=_runner())
            _try_lock(run)  # a new row: nobody else can hold its lock
        return run
    except IntegrityError:
        pass
    run = JobRun.objects.filter(job=job.name, period_start=period, status=JobRun.Status.RUNNING).first()
    if run is None or not _try_lock(run):
        return None  # done, failed, or still running in a live scheduler
    run.refresh_from_db()
    if run.status != JobRun.Status.RUNNING:
        _unlock(run)
        return None
    interrupted = f"Interrupted: the scheduler {run.runner} stopped during attempt {run.attempts}."
    if run.attempts >= MAX_ATTEMPTS:
        run.status = JobRun.Status.FAILED
        run.finished_at = now
        run.error = f"{run.error}\n{interrupted} Not resumed again in this period.".strip()
        run.save(update_fields=["status", "finished_at", "error"])
        _unlock(run)
        return None
    logger.warning("Resuming %s: %s", run, interrupted)
    run.attempts += 1
    run.runner = _runner()
    run.error = f"{run.error}\n{interrupted}".strip()
    run.save(update_fields=["attempts", "runner", "error"])
    return run


def _execute(job: registry.Job, run: JobRun) -> None:
    try:
        result = job.function()
    except Exception:
        logger.exception("Scheduled job %s failed", job.name)
        run.status = JobRun.Status.FAILED
        run.error = f"{run.error}\n{traceback.format_exc()}".strip()[-20_000:]
    else:
        run.status = JobRun.Status.SUCCEEDED
        run.output = str(result if result is not None else "")[-20_000:]
    run.finished_at = timezone.now()
    run.save(update_fields=["status", "output", "error", "finished_at"])


def scheduler_run_due(*, now: datetime | None = None, jobs: list[registry.Job] | None = None) -> list[JobRun]:
    """Runs every registered job whose current period no scheduler has run yet; returns the runs made here."""
    ran = []
    for job in registry.jobs() if jobs is None else jobs:
        moment = now or timezone.now()
        run = _claim(job, job.period_start(moment), moment)
        if run is None:
            continue
        try:
            _execute(job, run)
        finally:
            _unlock(run)
        ran.append(run)
    return ran


def scheduler_prune_runs(*, keep: timedelta = KEEP_RUNS) -> str:
    """Deletes the records of runs older than `keep` (a job of the scheduler itself)."""
    count, _ = JobRun.objects.filter(started_at__lt=timezone.now() - keep).delete()
    return f"{count} old run record(s) deleted."
