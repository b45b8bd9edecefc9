from django.db import models
from django.utils.translation import gettext_lazy as _

from .querysets import OutboundEmailQuerySet


class OutboundEmail(models.Model):
    """A rendered mail waiting for, or done with, delivery. Kept so that no mail is lost."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RETRYING = "retrying", _("Waiting to retry")
        SENDING = "sending", _("Being sent")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    to = models.JSONField(_("recipients"), default=list)
    subject = models.CharField(_("subject"), max_length=998)
    body_text = models.TextField(_("text body"))
    body_html = models.TextField(_("HTML body"), blank=True)
    from_email = models.CharField(_("sender"), max_length=254)
    headers = models.JSONField(_("headers"), default=dict, blank=True)
    attachments = models.JSONField(
        _("attachments"), default=list, blank=True, help_text=_("List of {filename, mimetype, content (base64)}.")
    )
    language = models.CharField(_("language"), max_length=8, blank=True)
    template = models.CharField(_("template"), max_length=200, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    claimed_at = models.DateTimeField(_("delivery started"), null=True, blank=True)

    objects = OutboundEmailQuerySet.as_manager()

    class Meta:
        verbose_name = _("outgoing mail")
        verbose_name_plural = _("outgoing mails")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "next_attempt_at"]), models.Index(fields=["-created_at"])]

    def __str__(self):
        return f"{self.subject} → {', '.join(self.to)}"
