"""Reads of the mail queue."""

from typing import TYPE_CHECKING, Self

from django.db import models

if TYPE_CHECKING:
    from .models import OutboundEmail  # noqa: F401 (named in the quoted QuerySet base)


class OutboundEmailQuerySet(models.QuerySet["OutboundEmail"]):
    def due(self) -> Self:
        """Mails not yet delivered that may be tried again now, and those whose delivery may have been interrupted
        (the process sending them stopped; `email_deliver` tells them from one still being sent)."""
        from .models import OutboundEmail

        return self.filter(
            status__in=[OutboundEmail.Status.QUEUED, OutboundEmail.Status.RETRYING, OutboundEmail.Status.SENDING]
        )
