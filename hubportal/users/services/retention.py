"""Retention: data past its keeping period is deleted by a daily command (see the privacy page)."""

from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import transaction
from django.utils import timezone

from hubportal.mail.models import OutboundEmail

from .. import privacy


@transaction.atomic
def data_purge_expired(*, now: datetime | None = None) -> dict[str, int]:
    """Deletes stored mails older than MAIL_RETENTION_DAYS (once delivered or given up), expired sessions
    and what the apps' privacy parts purge (team invitations that expired unaccepted). Returns the number
    of rows per kind."""
    now = now or timezone.now()
    mail_cutoff = now - timedelta(days=settings.MAIL_RETENTION_DAYS)
    mails, _ = (
        OutboundEmail.objects.filter(
            created_at__lt=mail_cutoff, status__in=[OutboundEmail.Status.SENT, OutboundEmail.Status.FAILED]
        )
        .only("pk")
        .delete()
    )
    sessions, _ = Session.objects.filter(expire_date__lt=now).delete()
    counts = {"mails": mails, "sessions": sessions}
    for part in privacy.parts():
        if part.purge_expired:
            counts.update(part.purge_expired(now))
    return counts
