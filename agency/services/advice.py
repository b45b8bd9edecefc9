"""Every write to an advice request goes through here, so the history is always complete."""

from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation

from hubportal.mail.services import email_send

from ..models import AdviceEvent, AdviceNote, AdviceReply, AdviceRequest, OrganisationProfile

if TYPE_CHECKING:
    from hubportal.users.models import User
    from hubs.models import Hub
    from startups.models import Startup

Status = AdviceRequest.Status


def _log(request: AdviceRequest, actor: "User", action: str, detail: str = "") -> AdviceEvent:
    return AdviceEvent.objects.create(request=request, actor=actor, action=action, detail=detail[:300])


@transaction.atomic
def organisation_profile_save(*, user: "User", company_name: str, size: str, sector: str) -> OrganisationProfile:
    """Creates or updates the organisation profile of `user`."""
    profile, _ = OrganisationProfile.objects.update_or_create(
        user=user, defaults={"company_name": company_name, "size": size, "sector": sector}
    )
    return profile


@transaction.atomic
def advice_request_create(
    *,
    requester: "User",
    topic: str,
    message: str,
    contact_way: str = AdviceRequest.ContactWay.EMAIL,
    phone: str = "",
    preferred_hub: "Hub | None" = None,
    startup: "Startup | None" = None,
) -> AdviceRequest:
    """Files a new request and confirms it to the requester by mail."""
    request = AdviceRequest.objects.create(
        requester=requester,
        topic=topic,
        message=message,
        contact_way=contact_way,
        phone=phone,
        preferred_hub=preferred_hub,
        startup=startup,
    )
    _log(request, requester, AdviceEvent.Action.CREATED)
    email_send(
        to=requester.email,
        template_prefix="emails/agency/advice_received",
        context={
            "advice": request,
            "user": requester,
            "reply_days": settings.ADVICE_OVERDUE_WORKING_DAYS,
        },
        language=requester.language,
    )
    return request


@transaction.atomic
def advice_request_assign(*, request: AdviceRequest, advisor: "User", actor: "User") -> AdviceRequest:
    """Assigns `advisor` (a staff user); a new request becomes "assigned"."""
    request = AdviceRequest.objects.select_for_update().get(pk=request.pk)
    if request.advisor_id == advisor.pk:
        return request
    request.advisor = advisor
    fields = ["advisor", "updated_at"]
    if request.status == Status.NEW:
        request.status = Status.ASSIGNED
        fields.append("status")
    request.save(update_fields=fields)
    _log(request, actor, AdviceEvent.Action.ASSIGNED, str(advisor))
    return request


@transaction.atomic
def advice_request_set_status(*, request: AdviceRequest, status: str, actor: "User") -> AdviceRequest:
    """Moves an open request to another open status (closing needs an outcome: `advice_request_close`)."""
    if status == Status.CLOSED:
        raise ValueError("Use advice_request_close() to close a request.")
    request = AdviceRequest.objects.select_for_update().get(pk=request.pk)
    if request.status != status:
        old = request.get_status_display()
        request.status = status
        request.closed_at = None
        request.outcome = ""
        request.save(update_fields=["status", "closed_at", "outcome", "updated_at"])
        _log(request, actor, AdviceEvent.Action.STATUS, f"{old} → {request.get_status_display()}")
    return request


@transaction.atomic
def advice_request_close(*, request: AdviceRequest, outcome: str, actor: "User") -> AdviceRequest:
    """Closes the request with an outcome."""
    if outcome not in AdviceRequest.Outcome.values:
        raise ValueError(f"Unknown outcome {outcome!r}")
    request = AdviceRequest.objects.select_for_update().get(pk=request.pk)
    if request.status == Status.CLOSED and request.outcome == outcome:
        return request
    request.status = Status.CLOSED
    request.outcome = outcome
    request.closed_at = timezone.now()
    request.save(update_fields=["status", "outcome", "closed_at", "updated_at"])
    _log(request, actor, AdviceEvent.Action.CLOSED, request.get_outcome_display())
    return request


@transaction.atomic
def advice_note_add(*, request: AdviceRequest, author: "User", text: str) -> AdviceNote:
    """Adds an internal note (staff only; nothing is sent to the requester)."""
    note = AdviceNote.objects.create(request=request, author=author, text=text)
    _log(request, author, AdviceEvent.Action.NOTE)
    return note


@transaction.atomic
def advice_reply_send(*, request: AdviceRequest, author: "User", text: str) -> AdviceReply:
    """Adds a public reply, mails it to the requester and counts as the advisor's answer (overdue clock)."""
    request = AdviceRequest.objects.select_for_update(of=("self",)).select_related("requester").get(pk=request.pk)
    reply = AdviceReply.objects.create(request=request, author=author, text=text)
    request.last_public_reply_at = reply.created_at
    fields = ["last_public_reply_at", "updated_at"]
    if request.status in (Status.NEW, Status.ASSIGNED):
        request.status = Status.IN_PROGRESS
        fields.append("status")
    if request.advisor_id is None and author is not None and author.is_staff:
        request.advisor = author
        fields.append("advisor")
    request.save(update_fields=fields)
    _log(request, author, AdviceEvent.Action.REPLY)
    requester = request.requester
    if requester is None:  # anonymised: the requester deleted their account
        return reply
    email_send(
        to=requester.email,
        template_prefix="emails/agency/advice_reply",
        context={"advice": request, "reply": reply, "user": requester},
        language=requester.language,
    )
    return reply


@transaction.atomic
def advice_request_log_changes(*, request: AdviceRequest, actor: "User", changed: dict[str, tuple[str, str]]) -> None:
    """Records field changes made directly in the admin form, as "field: old → new"."""
    for label, (old, new) in changed.items():
        _log(request, actor, AdviceEvent.Action.CHANGED, f"{label}: {old or '–'} → {new or '–'}")


@transaction.atomic
def advice_request_answer(*, request: AdviceRequest, requester: "User", text: str) -> AdviceReply:
    """The requester answers in the conversation of their open request: a request waiting for them goes back to
    "in progress" and its overdue clock restarts (the agency owes the next reply); the assigned advisor gets a mail."""
    request = AdviceRequest.objects.select_for_update(of=("self",)).select_related("advisor").get(pk=request.pk)
    if request.requester_id is None or request.requester_id != requester.pk:
        raise PermissionDenied
    if not request.is_open:
        raise ValueError("A closed request takes no answers.")
    reply = AdviceReply.objects.create(request=request, author=requester, text=text, by_requester=True)
    fields = ["updated_at"]
    if request.status == Status.WAITING:
        # Only an answer the agency waited for restarts the clock: a nudge must not hide an overdue request.
        request.status = Status.IN_PROGRESS
        request.last_public_reply_at = reply.created_at
        fields += ["status", "last_public_reply_at"]
    request.save(update_fields=fields)
    _log(request, requester, AdviceEvent.Action.REQUESTER_REPLY)
    advisor = request.advisor
    if advisor is not None and advisor.is_active:
        with translation.override(advisor.language):
            path = reverse("admin:agency_advicerequest_change", args=[request.pk])
        email_send(
            to=advisor.email,
            template_prefix="emails/agency/advice_answer",
            context={"advice": request, "reply": reply, "requester": requester, "path": path, "user": advisor},
            language=advisor.language,
        )
    return reply


@transaction.atomic
def advice_request_withdraw(*, request: AdviceRequest, requester: "User") -> AdviceRequest:
    """The requester withdraws their open request: it is closed with the outcome "withdrawn"."""
    request = AdviceRequest.objects.select_for_update().get(pk=request.pk)
    if request.requester_id is None or request.requester_id != requester.pk:
        raise PermissionDenied
    if not request.is_open:
        raise ValueError("Only an open request can be withdrawn.")
    return advice_request_close(request=request, outcome=AdviceRequest.Outcome.WITHDRAWN, actor=requester)
