"""Every write to an advice request goes through here, so the activity log is always complete."""

from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from hubportal.activity.services import activity_record
from hubportal.errors import ServiceError
from hubportal.mail.services import email_send

from .. import activity
from ..models import AdviceNote, AdviceReply, AdviceRequest, OrganisationProfile

if TYPE_CHECKING:
    from hubportal.users.models import User
    from hubs.models import Hub
    from startups.models import Startup

Status = AdviceRequest.Status


class AdviceRequestClosed(ServiceError):
    """The request is closed: it takes no answers and cannot be withdrawn."""

    message = _("This request is closed.")
    code = "closed"


class AdviceOutcomeInvalid(ServiceError):
    message = _("A closed request needs one of the outcomes.")
    code = "outcome"


class AdvisorNotStaff(ServiceError):
    message = _("Only active staff members can advise on requests.")
    code = "advisor"


def _log(request: AdviceRequest, actor: "User | None", action_code: str, data: dict[str, Any] | None = None) -> None:
    activity_record(actor=actor, action_code=action_code, target=request, data=data)


def _mail_advisor(request: AdviceRequest, advisor: "User | None", template: str, context: dict[str, Any]) -> None:
    """A mail to the advisor with the link to the request in the back office, in the advisor's language."""
    if advisor is None or not advisor.is_active:
        return
    with translation.override(advisor.language):
        path = reverse("admin:agency_advicerequest_change", args=[request.pk])
    email_send(
        to=advisor.email,
        template_prefix=f"emails/agency/{template}",
        context={"advice": request, "path": path, "user": advisor, **context},
        language=advisor.language,
    )


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
    _log(request, requester, activity.CREATED)
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
def advice_request_assign(*, request: AdviceRequest, advisor: "User", actor: "User | None") -> AdviceRequest:
    """Assigns `advisor` (a staff user), who gets a mail unless they took it themselves; a new request becomes
    "assigned"."""
    if not (advisor.is_staff and advisor.is_active):
        raise AdvisorNotStaff
    request = AdviceRequest.objects.select_for_update(of=("self",)).select_related("requester").get(pk=request.pk)
    if request.advisor_id == advisor.pk:
        return request
    data: dict[str, Any] = {"advisor": advisor.pk}
    if request.advisor_id is not None:
        data["previous"] = request.advisor_id
    request.advisor = advisor
    fields = ["advisor", "updated_at"]
    if request.status == Status.NEW:
        request.status = Status.ASSIGNED
        fields.append("status")
    request.save(update_fields=fields)
    _log(request, actor, activity.ASSIGNED, data)
    if actor is None or actor.pk != advisor.pk:
        _mail_advisor(request, advisor, "advice_assigned", {"requester": request.requester, "by": actor})
    return request


@transaction.atomic
def advice_request_unassign(*, request: AdviceRequest, actor: "User | None") -> AdviceRequest:
    """Removes the advisor (the request keeps its status)."""
    request = AdviceRequest.objects.select_for_update().get(pk=request.pk)
    if request.advisor_id is None:
        return request
    previous = request.advisor_id
    request.advisor = None
    request.save(update_fields=["advisor", "updated_at"])
    _log(request, actor, activity.UNASSIGNED, {"previous": previous})
    return request


@transaction.atomic
def advice_request_set_status(*, request: AdviceRequest, status: str, actor: "User") -> AdviceRequest:
    """Moves an open request to another open status (closing needs an outcome: `advice_request_close`)."""
    if status == Status.CLOSED:
        raise AdviceOutcomeInvalid  # closing needs an outcome: advice_request_close
    if status not in Status.values:
        raise ServiceError(_("Unknown status."), code="status")
    request = AdviceRequest.objects.select_for_update().get(pk=request.pk)
    if request.status != status:
        old = request.status
        request.status = status
        request.closed_at = None
        request.outcome = ""
        request.save(update_fields=["status", "closed_at", "outcome", "updated_at"])
        _log(request, actor, activity.STATUS, {"from": old, "to": status})
    return request


@transaction.atomic
def advice_request_close(*, request: AdviceRequest, outcome: str, actor: "User") -> AdviceRequest:
    """Closes the request with an outcome."""
    if outcome not in AdviceRequest.Outcome.values:
        raise AdviceOutcomeInvalid
    request = AdviceRequest.objects.select_for_update().get(pk=request.pk)
    if request.status == Status.CLOSED and request.outcome == outcome:
        return request
    request.status = Status.CLOSED
    request.outcome = outcome
    request.closed_at = timezone.now()
    request.save(update_fields=["status", "outcome", "closed_at", "updated_at"])
    _log(request, actor, activity.CLOSED, {"outcome": outcome})
    return request


@transaction.atomic
def advice_note_add(*, request: AdviceRequest, author: "User", text: str) -> AdviceNote:
    """Adds an internal note (staff only; nothing is sent to the requester)."""
    note = AdviceNote.objects.create(request=request, author=author, text=text)
    _log(request, author, activity.NOTE)
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
    _log(request, author, activity.REPLY)
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


def _hub(hub: "Hub | None") -> dict[str, Any] | None:
    return {"id": hub.pk, "name": hub.name} if hub is not None else None


@transaction.atomic
def advice_request_update(*, request: AdviceRequest, by: "User", data: dict[str, Any]) -> AdviceRequest:
    """Staff change a request in the back office: topic and preferred hub, advisor, status and outcome (keys of
    `data` left out stay as they are). Each change is logged; a new advisor gets a mail."""
    request = AdviceRequest.objects.select_for_update(of=("self",)).select_related("preferred_hub").get(pk=request.pk)
    changes: dict[str, list[Any]] = {}
    if "topic" in data and data["topic"] != request.topic:
        if data["topic"] not in AdviceRequest.Topic.values:
            raise ServiceError(_("Unknown topic."), code="topic")
        changes["topic"] = [request.topic, data["topic"]]
        request.topic = data["topic"]
    if "preferred_hub" in data and data["preferred_hub"] != request.preferred_hub:
        changes["preferred_hub"] = [_hub(request.preferred_hub), _hub(data["preferred_hub"])]
        request.preferred_hub = data["preferred_hub"]
    if changes:
        request.save(update_fields=["topic", "preferred_hub", "updated_at"])
        _log(request, by, activity.CHANGED, changes)
    if "advisor" in data and data["advisor"] is not None:
        request = advice_request_assign(request=request, advisor=data["advisor"], actor=by)
    elif "advisor" in data:
        request = advice_request_unassign(request=request, actor=by)
    status, outcome = data.get("status", request.status), data.get("outcome", request.outcome)
    if status == Status.CLOSED:
        request = advice_request_close(request=request, outcome=outcome, actor=by)
    elif outcome:
        raise ServiceError(_("Only a closed request has an outcome."), code="outcome")
    else:
        request = advice_request_set_status(request=request, status=status, actor=by)
    return request


@transaction.atomic
def advice_request_answer(*, request: AdviceRequest, requester: "User", text: str) -> AdviceReply:
    """The requester answers in the conversation of their open request: a request waiting for them goes back to
    "in progress" and its overdue clock restarts (the agency owes the next reply); the assigned advisor gets a mail."""
    request = AdviceRequest.objects.select_for_update(of=("self",)).select_related("advisor").get(pk=request.pk)
    if request.requester_id is None or request.requester_id != requester.pk:
        raise PermissionDenied
    if not request.is_open:
        raise AdviceRequestClosed
    reply = AdviceReply.objects.create(request=request, author=requester, text=text, by_requester=True)
    fields = ["updated_at"]
    if request.status == Status.WAITING:
        # Only an answer the agency waited for restarts the clock: a nudge must not hide an overdue request.
        request.status = Status.IN_PROGRESS
        request.last_public_reply_at = reply.created_at
        fields += ["status", "last_public_reply_at"]
    request.save(update_fields=fields)
    _log(request, requester, activity.ANSWER)
    _mail_advisor(request, request.advisor, "advice_answer", {"reply": reply, "requester": requester})
    return reply


@transaction.atomic
def advice_request_withdraw(*, request: AdviceRequest, requester: "User") -> AdviceRequest:
    """The requester withdraws their open request: it is closed with the outcome "withdrawn"."""
    request = AdviceRequest.objects.select_for_update().get(pk=request.pk)
    if request.requester_id is None or request.requester_id != requester.pk:
        raise PermissionDenied
    if not request.is_open:
        raise AdviceRequestClosed
    return advice_request_close(request=request, outcome=AdviceRequest.Outcome.WITHDRAWN, actor=requester)
