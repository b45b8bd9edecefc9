"""The periodic jobs, registered by the apps in their `AppConfig.ready()`; the scheduler runs only these.

    from hubportal.scheduler.registry import register_command
    register_command("send_event_reminders", every=timedelta(minutes=10))
    register_command("purge_expired_data", daily_at="04:30")

A period is a fixed slot: every 10 minutes from the full hour (UTC), or one day from the given local time
(TIME_ZONE). Each job runs once per period, however many schedulers run (hubportal/scheduler/services.py).
Pick daily times outside 02:00–03:00, which the change to and from summer time skips or repeats.
"""

import io
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from functools import partial

from django.core.management import call_command
from django.utils import timezone


@dataclass(frozen=True)
class Job:
    """A periodic job: `function` runs once in every period of `every`, or once a day from `daily_at`."""

    name: str
    function: Callable[[], object]
    every: timedelta | None = None
    daily_at: time | None = None

    def period_start(self, now: datetime) -> datetime:
        """The start of the period `now` falls in (aware, UTC)."""
        if self.every is not None:
            seconds = now.timestamp()
            return datetime.fromtimestamp(seconds - seconds % self.every.total_seconds(), tz=UTC)
        local = timezone.localtime(now)
        start = datetime.combine(local.date(), self.daily_at, tzinfo=local.tzinfo)  # type: ignore[arg-type]  # daily jobs have a time
        if start > local:
            start = datetime.combine(local.date() - timedelta(days=1), self.daily_at, tzinfo=local.tzinfo)  # type: ignore[arg-type]  # daily jobs have a time
        return start.astimezone(UTC)

    @property
    def schedule(self) -> str:
        if self.every is not None:
            return f"every {int(self.every.total_seconds() // 60)} min"
        return f"daily at {self.daily_at:%H:%M}"


_jobs: dict[str, Job] = {}


def register(name: str, function: Callable[[], object], *, every: timedelta | None = None, daily_at: str = "") -> Job:
    """Adds a job (or replaces the one of the same name). Give `every` (at least a minute) or `daily_at` ("HH:MM")."""
    if (every is None) == (not daily_at):
        raise ValueError(f"Job {name!r}: give either `every` or `daily_at`.")
    if every is not None and (every < timedelta(minutes=1) or every.total_seconds() % 60):
        raise ValueError(f"Job {name!r}: `every` must be whole minutes.")
    job = Job(name=name, function=function, every=every, daily_at=time.fromisoformat(daily_at) if daily_at else None)
    _jobs[name] = job
    return job


def run_command(command: str, **options) -> str:
    """Runs a management command and returns what it printed."""
    output = io.StringIO()
    call_command(command, stdout=output, stderr=output, **options)
    return output.getvalue()


def register_command(command: str, *, every: timedelta | None = None, daily_at: str = "", **options) -> Job:
    """Registers a management command as a job; cron can run the same command instead (docs/production.md)."""
    return register(command, partial(run_command, command, **options), every=every, daily_at=daily_at)


def unregister(name: str) -> None:
    _jobs.pop(name, None)


def jobs() -> list[Job]:
    return list(_jobs.values())
