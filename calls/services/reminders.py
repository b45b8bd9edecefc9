"""Reminder mails 7 days and 1 day before a deadline: to draft owners, and to finalists before the second phase's
deadline. One `Reminder` row per application and kind makes a second run send nothing twice."""

from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from ..models import Application, Call, Question, Reminder
from .mails import mail_applicant

WEEK, DAY = timedelta(days=7), timedelta(days=1)


def _kind(left: timedelta, week: str, day: str) -> str:
    return day if left <= DAY else week


def _send(application: Application, kind: str, template: str, deadline: datetime) -> bool:
    try:
        with transaction.atomic():
            Reminder.objects.create(application=application, kind=kind)
            mail_applicant(application, template, deadline=deadline, kind=kind)
    except IntegrityError:
        return False  # sent before (or by a run at the same time)
    return True


def reminders_send(*, now: datetime | None = None) -> int:
    """Queues the reminders that are due now; returns how many."""
    now = now or timezone.now()
    sent = 0
    calls = Call.objects.published().filter(applications_enabled=True)
    drafts = (
        Application.objects.filter(
            call__in=calls.filter(deadline__gt=now, deadline__lte=now + WEEK),
            stage=Application.Stage.DRAFT,
            applicant__isnull=False,
        )
        .select_related("call", "applicant")
        .order_by("pk")
    )
    for application in drafts:
        deadline = application.call.deadline
        if deadline is None:  # filtered on: never the case
            continue
        kind = _kind(deadline - now, Reminder.Kind.WEEK, Reminder.Kind.DAY)
        sent += _send(application, kind, "reminder_draft", deadline)
    second = Question.objects.filter(call=OuterRef("call_id"), phase=Question.Stage.SECOND)
    finalists = (
        Application.objects.filter(
            call__in=calls.filter(second_phase_deadline__gt=now, second_phase_deadline__lte=now + WEEK),
            stage=Application.Stage.FINALIST,
            second_phase_submitted_at__isnull=True,
            applicant__isnull=False,
        )
        .filter(Exists(second))
        .select_related("call", "applicant")
        .order_by("pk")
    )
    for application in finalists:
        deadline = application.call.second_phase_deadline
        if deadline is None:  # filtered on: never the case
            continue
        kind = _kind(deadline - now, Reminder.Kind.SECOND_WEEK, Reminder.Kind.SECOND_DAY)
        sent += _send(application, kind, "reminder_second_phase", deadline)
    return sent
