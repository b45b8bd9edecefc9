"""Reminders to draft owners 7 days and 1 day before the deadline (and to finalists before the second phase's):
each once, whatever how often the command runs."""

import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from calls.models import Reminder
from calls.services import reminders_send
from tests.factories import ApplicationFactory, CallFactory, QuestionFactory, UserFactory

pytestmark = pytest.mark.django_db


def run(now, capture):
    with capture(execute=True):
        return reminders_send(now=now)


def test_drafts_get_one_reminder_a_week_and_one_a_day_before_the_deadline(django_capture_on_commit_callbacks):
    now = timezone.now()
    call = CallFactory(deadline=now + datetime.timedelta(days=6, hours=12))
    english = UserFactory(language="en")
    draft = ApplicationFactory(call=call, stage="draft", applicant=english)
    ApplicationFactory(call=call, stage="submitted")
    ApplicationFactory(call=CallFactory(deadline=now + datetime.timedelta(days=20)), stage="draft")

    assert run(now, django_capture_on_commit_callbacks) == 1
    assert run(now, django_capture_on_commit_callbacks) == 0
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [english.email]
    assert "One week left" in mail.outbox[0].subject

    later = call.deadline - datetime.timedelta(hours=20)
    assert run(later, django_capture_on_commit_callbacks) == 1
    assert run(later, django_capture_on_commit_callbacks) == 0
    assert "Last day" in mail.outbox[-1].subject
    assert sorted(Reminder.objects.filter(application=draft).values_list("kind", flat=True)) == ["day", "week"]
    assert run(call.deadline + datetime.timedelta(seconds=1), django_capture_on_commit_callbacks) == 0
    assert len(mail.outbox) == 2


def test_the_command_is_safe_to_run_twice(django_capture_on_commit_callbacks):
    call = CallFactory(deadline=timezone.now() + datetime.timedelta(hours=5))
    ApplicationFactory(call=call, stage="draft")
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_call_reminders")
        call_command("send_call_reminders")
    assert len(mail.outbox) == 1 and Reminder.objects.get().kind == "day"


def test_finalists_are_reminded_of_the_second_phase_once(django_capture_on_commit_callbacks):
    now = timezone.now()
    call = CallFactory(
        opens_at=now - datetime.timedelta(days=40),
        deadline=now - datetime.timedelta(days=20),
        finalists_at=now - datetime.timedelta(days=10),
        second_phase_deadline=now + datetime.timedelta(days=3),
    )
    QuestionFactory(call=call, phase="second")
    finalist = ApplicationFactory(call=call, stage="finalist")
    ApplicationFactory(call=call, stage="finalist", second_phase_submitted_at=now)
    ApplicationFactory(call=call, stage="not_selected")
    assert run(now, django_capture_on_commit_callbacks) == 1
    assert run(now, django_capture_on_commit_callbacks) == 0
    assert Reminder.objects.get().application == finalist
