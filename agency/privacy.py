"""The agency's part of the data export and the account deletion (hubportal/users/privacy.py).

Deletion: the organisation profile goes; advice requests stay for the agency's statistics (topic, hub, status,
dates) without requester, question, phone number, replies or internal notes, and open ones are closed as
withdrawn. The export leaves out the internal notes: they are the agency's working notes.
"""

from django.db.models import Prefetch

from hubportal.activity.models import Activity
from hubportal.activity.services import activity_erase_person, activity_record
from hubportal.users.privacy import Person

from . import activity
from .models import AdviceNote, AdviceReply, AdviceRequest, OrganisationProfile


def _anonymise_advice_requests(user, now) -> None:
    requests = AdviceRequest.objects.filter(requester=user)
    ids = list(requests.values_list("pk", flat=True))
    if not ids:
        return
    AdviceRequest.objects.filter(pk__in=ids).exclude(status=AdviceRequest.Status.CLOSED).update(
        status=AdviceRequest.Status.CLOSED, outcome=AdviceRequest.Outcome.WITHDRAWN, closed_at=now
    )
    AdviceReply.objects.filter(request_id__in=ids).delete()
    AdviceNote.objects.filter(request_id__in=ids).delete()
    AdviceRequest.objects.filter(pk__in=ids).update(requester=None, message="", phone="", updated_at=now)
    for request in AdviceRequest.objects.filter(pk__in=ids):
        activity_record(actor=None, action_code=activity.ANONYMISED, target=request)


def erase(person: Person) -> None:
    OrganisationProfile.objects.filter(user=person.user).delete()
    _anonymise_advice_requests(person.user, person.now)
    # The requests' history stays; what the person did (as requester or advisor) reads "deleted user" from now on.
    activity_erase_person(user=person.user)


def _organisation_profile(user) -> dict | None:
    profile = OrganisationProfile.objects.filter(user=user).first()
    if profile is None:
        return None
    return {
        "company_name": profile.company_name,
        "size": profile.size,
        "sector": profile.sector,
        "created_at": profile.created_at,
        "updated_at": profile.updated_at,
    }


def _advice_requests(user) -> list[dict]:
    replies = Prefetch("replies", queryset=AdviceReply.objects.order_by("created_at", "pk"))
    rows = (
        AdviceRequest.objects.filter(requester=user)
        .select_related("preferred_hub", "startup")
        .prefetch_related(replies)
        .order_by("-created_at", "-pk")
    )
    return [
        {
            "topic": a.topic,
            "message": a.message,
            "startup": a.startup.name if a.startup else None,
            "preferred_hub": a.preferred_hub.name if a.preferred_hub else None,
            "contact_way": a.contact_way,
            "phone": a.phone,
            "status": a.status,
            "outcome": a.outcome,
            "created_at": a.created_at,
            "closed_at": a.closed_at,
            "replies": [{"text": reply.text, "created_at": reply.created_at} for reply in a.replies.all()],
        }
        for a in rows
    ]


def _history(user) -> list[dict]:
    entries = Activity.objects.by(user).filter(action__in=activity.CODES).order_by("created_at", "pk")
    return [
        {"request": e.object_id, "action": e.action, "details": e.data, "created_at": e.created_at} for e in entries
    ]


def export(person: Person) -> dict:
    return {
        "organisation_profile": _organisation_profile(person.user),
        "advice_requests": _advice_requests(person.user),
        "history": {"advice_requests": _history(person.user)},
    }
