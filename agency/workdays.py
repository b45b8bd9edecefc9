"""Working-day arithmetic (Monday to Friday; public holidays are not counted)."""

from datetime import datetime, timedelta

from django.utils import timezone


def working_days_before(moment: datetime, days: int) -> datetime:
    """The moment `days` working days before `moment` (weekends are skipped, not counted)."""
    result = timezone.localtime(moment) if timezone.is_aware(moment) else moment
    remaining = days
    while remaining > 0:
        result -= timedelta(days=1)
        if result.weekday() < 5:
            remaining -= 1
    return result
