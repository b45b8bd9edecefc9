from django.db import models
from django.utils.translation import gettext_lazy as _


class JobRun(models.Model):
    """One run of a periodic job in one period; the unique period makes it run once however many schedulers run."""

    class Status(models.TextChoices):
        RUNNING = "running", _("Running")
        SUCCEEDED = "succeeded", _("Succeeded")
        FAILED = "failed", _("Failed")

    job = models.CharField(_("job"), max_length=100)
    period_start = models.DateTimeField(_("period"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.RUNNING)
    attempts = models.PositiveSmallIntegerField(
        _("attempts"), default=1, help_text=_("More than one: a scheduler stopped during the run, another resumed it.")
    )
    runner = models.CharField(_("run by"), max_length=255, blank=True, help_text=_("Host and process id."))
    started_at = models.DateTimeField(_("started"))
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    output = models.TextField(_("output"), blank=True)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        verbose_name = _("scheduled job run")
        verbose_name_plural = _("scheduled job runs")
        ordering = ["-started_at"]
        constraints = [models.UniqueConstraint(fields=["job", "period_start"], name="scheduler_one_run_per_period")]
        indexes = [models.Index(fields=["started_at"])]

    def __str__(self):
        return f"{self.job} @ {self.period_start:%Y-%m-%d %H:%M}"
