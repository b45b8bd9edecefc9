import logging
import signal
import threading

from django.core.management.base import BaseCommand
from django.db import Error, close_old_connections, connections

from hubportal.scheduler import registry
from hubportal.scheduler.services import scheduler_run_due

logger = logging.getLogger("hubportal.scheduler")


class Command(BaseCommand):
    help = (
        "Runs the periodic jobs the apps registered, each once per period however many schedulers run. "
        "Keeps running; --once runs what is due and exits (for cron: every minute)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="Run the due jobs once, then exit.")
        parser.add_argument("--interval", type=float, default=30, help="Seconds between two looks (default 30).")
        parser.add_argument("--list", action="store_true", help="List the registered jobs and exit.")

    def handle(self, *args, once=False, interval=30.0, list=False, **options):  # noqa: A002 - the option's name
        if list:
            for job in registry.jobs():
                self.stdout.write(f"{job.name}: {job.schedule}")
            return
        if once:
            self.run_due()
            return
        stop = threading.Event()

        def request_stop(signum, frame):
            if stop.is_set():  # a second Ctrl-C: leave now; another scheduler resumes an interrupted job
                raise SystemExit(1)
            logger.info("Scheduler stopping after the current job (%s)", signal.strsignal(signum))
            stop.set()

        signal.signal(signal.SIGINT, request_stop)
        signal.signal(signal.SIGTERM, request_stop)
        logger.info("Scheduler started: %s", ", ".join(f"{job.name} ({job.schedule})" for job in registry.jobs()))
        while not stop.is_set():
            close_old_connections()  # as between two requests: drop connections past CONN_MAX_AGE or broken
            self.run_due(stop=stop)
            stop.wait(interval)
        logger.info("Scheduler stopped")

    def run_due(self, stop: threading.Event | None = None) -> None:
        for job in registry.jobs():
            if stop is not None and stop.is_set():
                return
            try:
                for run in scheduler_run_due(jobs=[job]):
                    logger.info("%s: %s %s", run.job, run.status, (run.output or run.error).strip()[-300:])
            except Error as error:  # the database is down or restarting: try again at the next look
                logger.warning("Scheduler could not reach the database: %s", error)
                connections.close_all()
                return
