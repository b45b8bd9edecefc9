from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .querysets import ActivityQuerySet


class Activity(models.Model):
    """One entry of the activity log: who did what to which object, and when, as an action code with structured
    data. It is written by services only (`activity_record`) and read in the reader's language
    (`hubportal.activity.actions`)."""

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("who"),
    )
    # The account of the actor was deleted (shown as "deleted user"); no actor and not erased is the portal itself.
    actor_erased = models.BooleanField(_("actor deleted"), default=False)
    action = models.CharField(_("action"), max_length=60)
    content_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, related_name="+", verbose_name=_("content type")
    )
    object_id = models.PositiveBigIntegerField(_("object id"))
    target = GenericForeignKey("content_type", "object_id")
    data = models.JSONField(_("details"), default=dict, blank=True)
    created_at = models.DateTimeField(_("when"), default=timezone.now)

    objects = ActivityQuerySet.as_manager()

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activity log")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["content_type", "object_id", "-created_at"], name="activity_target"),
            models.Index(fields=["actor", "-created_at"], name="activity_actor"),
            models.Index(fields=["-created_at"], name="activity_recent"),
        ]

    def __str__(self):
        return f"{self.action} {self.content_type_id}:{self.object_id}"
