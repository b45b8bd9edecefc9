"""`purge_expired_data` deletes what the privacy page says is deleted, and nothing younger."""

import datetime
import io

from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from hubportal.mail.models import OutboundEmail
from startups.models import StartupInvitation
from tests.factories import StartupFactory


def stored_mail(*, days_old, status=OutboundEmail.Status.SENT):
    mail = OutboundEmail.objects.create(to=["a@example.org"], subject="s", body_text="b", from_email="x@example.org")
    OutboundEmail.objects.filter(pk=mail.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=days_old), status=status
    )
    return mail


@override_settings(MAIL_RETENTION_DAYS=90)
def test_purge_deletes_old_mails_expired_sessions_and_invitations_only(db):
    old_sent, old_failed = stored_mail(days_old=91), stored_mail(days_old=91, status=OutboundEmail.Status.FAILED)
    young = stored_mail(days_old=89)
    old_queued = stored_mail(days_old=91, status=OutboundEmail.Status.RETRYING)  # still being delivered
    expired_session, live_session = SessionStore(), SessionStore()
    expired_session.create()
    live_session.create()
    Session.objects.filter(session_key=expired_session.session_key).update(
        expire_date=timezone.now() - datetime.timedelta(minutes=1)
    )
    startup = StartupFactory()
    now = timezone.now()
    day = datetime.timedelta(days=1)
    expired = StartupInvitation.objects.create(startup=startup, email="e@example.org", token="t1", expires_at=now - day)
    valid = StartupInvitation.objects.create(startup=startup, email="v@example.org", token="t2", expires_at=now + day)
    accepted = StartupInvitation.objects.create(
        startup=startup, email="a@example.org", token="t3", expires_at=now - day, accepted_at=now - 2 * day
    )

    out = io.StringIO()
    call_command("purge_expired_data", stdout=out)

    assert set(OutboundEmail.objects.values_list("pk", flat=True)) == {young.pk, old_queued.pk}
    assert not OutboundEmail.objects.filter(pk__in=[old_sent.pk, old_failed.pk]).exists()
    assert list(Session.objects.values_list("session_key", flat=True)) == [live_session.session_key]
    assert set(StartupInvitation.objects.values_list("pk", flat=True)) == {valid.pk, accepted.pk}
    assert not StartupInvitation.objects.filter(pk=expired.pk).exists()
    assert out.getvalue().strip() == "2 mails, 1 sessions, 1 invitations deleted."
