"""Mail backends for tests: one that is down (SMTP refuses every message)."""

import smtplib

from django.core.mail.backends.base import BaseEmailBackend


class FailingBackend(BaseEmailBackend):
    """Behaves like an SMTP server that is down: every send raises."""

    def send_messages(self, email_messages):
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")


class HangingBackend(BaseEmailBackend):
    """An SMTP conversation that never ends: notes the message's Message-ID in the file named by
    $MAIL_HANG_MARKER, then waits to be killed (tests/mail/test_worker_killed.py)."""

    def send_messages(self, email_messages):
        import os
        import time

        with open(os.environ["MAIL_HANG_MARKER"], "w") as marker:
            marker.write(email_messages[0].message()["Message-ID"])
        time.sleep(300)
        return 0
