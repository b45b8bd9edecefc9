"""Sending mail: every mail is rendered in its recipient's language, stored, and delivered by a task."""

import base64
import logging
from datetime import timedelta
from typing import Any, cast
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.db import transaction
from django.template.exceptions import TemplateDoesNotExist
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from hubportal.errors import ServiceError

from .models import OutboundEmail

logger = logging.getLogger(__name__)


def language_for(email: str, default: str | None = None) -> str:
    """The language a recipient reads mail in: their account's setting, else the current one."""
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.filter(email__iexact=email).only("language").first()
    if user and user.language:
        return user.language
    return (default or translation.get_language() or settings.LANGUAGE_CODE)[:2]


def render_email(*, template_prefix: str, context: dict[str, Any], language: str) -> tuple[str, str, str]:
    """Renders `<prefix>_subject.txt`, `<prefix>_message.txt` and (optional) `_message.html`."""
    ctx = {"site_url": settings.SITE_URL, **context}
    with translation.override(language):
        subject = " ".join(render_to_string(f"{template_prefix}_subject.txt", ctx).splitlines()).strip()
        text = render_to_string(f"{template_prefix}_message.txt", ctx).strip()
        try:
            html = render_to_string(f"{template_prefix}_message.html", ctx).strip()
        except TemplateDoesNotExist:
            html = ""
    return subject, text, html


def email_queue_message(*, message: EmailMessage, language: str = "", template: str = "") -> OutboundEmail:
    """Stores an already built message and hands it to the mail task after the transaction commits."""
    html = ""
    if isinstance(message, EmailMultiAlternatives):
        for content, mimetype in message.alternatives:
            if mimetype == "text/html":
                html = cast(str, content)
    attachments = []
    for attachment in message.attachments:
        filename, content, mimetype = attachment
        raw = content.encode() if isinstance(content, str) else content
        attachments.append({"filename": filename, "mimetype": mimetype, "content": base64.b64encode(raw).decode()})
    outbound = OutboundEmail.objects.create(
        to=list(message.to),
        subject=message.subject[:998],
        body_text=cast(str, message.body),  # a built message holds its text
        body_html=html,
        from_email=message.from_email or settings.DEFAULT_FROM_EMAIL,
        headers=dict(message.extra_headers),
        attachments=attachments,
        language=language,
        template=template,
    )
    # Enqueued in the same transaction: with the database backend the task row commits or rolls
    # back together with the mail and the change that caused it.
    enqueue_delivery(outbound.pk)
    return outbound


def email_send(
    *,
    to: str,
    template_prefix: str,
    context: dict[str, Any],
    language: str | None = None,
    attachments: list[tuple[str, bytes | str, str]] | None = None,
) -> OutboundEmail:
    """Renders the mail `template_prefix` for one recipient in their language and queues it.

    `template_prefix` names templates such as `emails/startup_published` (see templates/emails/).
    Links to portal pages belong in the template (`{% url %}`, `get_absolute_url`): rendered in the
    recipient's language, while a path reversed beforehand has the prefix of whoever triggers the mail.
    """
    language = language or language_for(to)
    subject, text, html = render_email(template_prefix=template_prefix, context=context, language=language)
    message = EmailMultiAlternatives(
        settings.EMAIL_SUBJECT_PREFIX_PORTAL + subject, text, settings.DEFAULT_FROM_EMAIL, [to]
    )
    if html:
        message.attach_alternative(html, "text/html")
    for filename, content, mimetype in attachments or []:
        message.attach(filename, content, mimetype)
    return email_queue_message(message=message, language=language, template=template_prefix)


def enqueue_delivery(outbound_id: int, *, delay: timedelta | None = None) -> None:
    """Hands one stored mail to the task queue; a backend that cannot defer leaves retries to the sweep."""
    try:
        from .tasks import deliver_email

        task = deliver_email
        if delay:
            if not task.get_backend().supports_defer:
                return
            task = task.using(run_after=timezone.now() + delay)
        with transaction.atomic():  # a savepoint: a failed enqueue must not break the caller's transaction
            task.enqueue(outbound_id)
    except Exception:  # the mail stays stored; `send_pending_mail` picks it up
        logger.exception("Could not enqueue mail %s", outbound_id)


def retry_delay(attempt: int) -> timedelta:
    """Exponential back-off: 1, 2, 4, … minutes, at most one hour between attempts."""
    return timedelta(minutes=min(2 ** min(attempt - 1, 10), 60))


# A mail "being sent" whose row no process holds, and whose delivery started longer ago than this, was
# interrupted: the process sending it stopped (killed, out of memory, machine down). Far longer than the moment
# between claiming a mail and taking its row for the SMTP conversation.
INTERRUPTED_AFTER = timedelta(minutes=1)
INTERRUPTED_ERROR = "Delivery interrupted: the process sending this mail stopped before it finished."


def message_id(outbound: OutboundEmail) -> str:
    """The same Message-ID for every attempt of one mail, so that a receiver can recognise a second copy."""
    domain = urlsplit(settings.SITE_URL).hostname or "hubportal.invalid"
    return f"<hubportal.{outbound.pk}.{int(outbound.created_at.timestamp())}@{domain}>"


def _email_claim(outbound_id: int) -> tuple[OutboundEmail | None, bool]:
    """Marks a due mail "being sent" (committed before any SMTP conversation starts); returns it and whether
    this call claimed it. Not claimed: sent, failed, not due yet, or being sent by a live process right now."""
    with transaction.atomic():
        # A row held by another process is being sent right now: leave it to that process.
        outbound = OutboundEmail.objects.select_for_update(skip_locked=True).filter(pk=outbound_id).first()
        if outbound is None:
            return OutboundEmail.objects.filter(pk=outbound_id).first(), False
        if outbound.status in {OutboundEmail.Status.SENT, OutboundEmail.Status.FAILED}:
            return outbound, False
        now = timezone.now()
        if outbound.status == OutboundEmail.Status.SENDING:
            if outbound.claimed_at and outbound.claimed_at > now - INTERRUPTED_AFTER:
                return outbound, False  # claimed a moment ago by a process about to send it
            outbound.last_error = INTERRUPTED_ERROR
            retry_until = outbound.created_at + timedelta(hours=settings.MAIL_RETRY_HOURS)
            if outbound.attempts >= settings.MAIL_MAX_ATTEMPTS or now >= retry_until:
                outbound.status = OutboundEmail.Status.FAILED
                outbound.claimed_at = None
                outbound.save(update_fields=["status", "claimed_at", "last_error"])
                return outbound, False
        elif outbound.next_attempt_at and outbound.next_attempt_at > now:
            return outbound, False  # an early or stale task: the mail's own schedule decides
        outbound.status = OutboundEmail.Status.SENDING
        outbound.attempts += 1
        outbound.claimed_at = now
        outbound.save(update_fields=["status", "attempts", "claimed_at", "last_error"])
    return outbound, True


def email_deliver(*, outbound_id: int, schedule_retry: bool = True) -> OutboundEmail | None:
    """Sends one stored mail if it is due; on failure records the error and schedules one retry.

    First the mail is claimed ("being sent", committed), then sent while its row is held, so no other process
    sends it meanwhile. If the sending process dies, PostgreSQL releases the row and the mail stays "being sent":
    the sweep (`send_pending_mail`) then sends it once more, with the interruption noted in `last_error`.
    A mail is retried for MAIL_RETRY_HOURS after it was queued (so a long SMTP outage loses
    nothing), then marked failed; staff can send failed mails again from the admin. Only the task
    path schedules retries (`schedule_retry`), so the sweep never starts a second retry chain.
    """
    claimed, ok = _email_claim(outbound_id)
    if not ok:
        return claimed
    claimed = cast(OutboundEmail, claimed)  # claimed whenever ok
    with transaction.atomic():
        outbound = (
            OutboundEmail.objects.select_for_update()
            .filter(pk=outbound_id, status=OutboundEmail.Status.SENDING, claimed_at=claimed.claimed_at)
            .first()
        )
        if outbound is None:  # taken over meanwhile, which only happens if this process stalled for minutes
            return OutboundEmail.objects.filter(pk=outbound_id).first()
        headers = {"Message-ID": message_id(outbound), **outbound.headers}
        message = EmailMultiAlternatives(
            outbound.subject, outbound.body_text, outbound.from_email, outbound.to, headers=headers
        )
        if outbound.body_html:
            message.attach_alternative(outbound.body_html, "text/html")
        for attachment in outbound.attachments:
            message.attach(attachment["filename"], base64.b64decode(attachment["content"]), attachment["mimetype"])
        outbound.claimed_at = None
        try:
            message.send()
        except Exception as error:  # SMTP down, refused, timed out: keep the mail and try later
            logger.warning("Mail %s failed (attempt %s): %s", outbound.pk, outbound.attempts, error)
            outbound.last_error = f"{type(error).__name__}: {error}"[:2000]
            retry_until = outbound.created_at + timedelta(hours=settings.MAIL_RETRY_HOURS)
            if outbound.attempts >= settings.MAIL_MAX_ATTEMPTS or timezone.now() >= retry_until:
                outbound.status = OutboundEmail.Status.FAILED
                outbound.next_attempt_at = None
            else:
                outbound.status = OutboundEmail.Status.RETRYING
                outbound.next_attempt_at = timezone.now() + retry_delay(outbound.attempts)
            outbound.save(update_fields=["last_error", "status", "next_attempt_at", "claimed_at"])
            if outbound.status == OutboundEmail.Status.RETRYING and schedule_retry:
                enqueue_delivery(outbound.pk, delay=retry_delay(outbound.attempts))
            return outbound
        outbound.status = OutboundEmail.Status.SENT
        outbound.sent_at = timezone.now()
        outbound.next_attempt_at = None
        if outbound.last_error != INTERRUPTED_ERROR:  # that note stays: the mail may have reached its recipient twice
            outbound.last_error = ""
        outbound.save(update_fields=["status", "sent_at", "next_attempt_at", "claimed_at", "last_error"])
    return outbound


def email_retry_now(*, outbound_ids: list[int]) -> int:
    """Makes the given mails due now and hands them to the task queue (the admin's "retry now"); sent mails and
    mails being sent right now are left alone. Returns how many were queued again."""
    count = 0
    with transaction.atomic():
        # Row locks: a mail being sent right now is waited for and then seen as sent, never reset to "retrying".
        for outbound in (
            OutboundEmail.objects.select_for_update()
            .filter(pk__in=outbound_ids)
            .exclude(status=OutboundEmail.Status.SENT)
        ):
            recently_claimed = outbound.claimed_at and outbound.claimed_at > timezone.now() - INTERRUPTED_AFTER
            if outbound.status == OutboundEmail.Status.SENDING and recently_claimed:
                continue  # about to be sent by the process that claimed it
            outbound.status = OutboundEmail.Status.RETRYING
            outbound.next_attempt_at = None  # due now
            outbound.claimed_at = None
            outbound.save(update_fields=["status", "next_attempt_at", "claimed_at"])
            enqueue_delivery(outbound.pk)
            count += 1
    return count


def email_retry_one(*, outbound: OutboundEmail, by: "object | None" = None) -> None:
    """The admin's "retry now" for one mail (`email_retry_now`); a mail sent already, or being sent right now, is
    refused with the reason."""
    if not email_retry_now(outbound_ids=[outbound.pk]):
        raise ServiceError(_("This mail was sent already or is being sent right now."))


def email_send_pending() -> int:
    """Delivers every stored mail that is due (the sweep behind `manage.py send_pending_mail`)."""
    now = timezone.now()
    due = OutboundEmail.objects.due().exclude(next_attempt_at__gt=now).values_list("pk", flat=True)
    count = 0
    for pk in list(due):
        email_deliver(outbound_id=pk, schedule_retry=False)
        count += 1
    return count
