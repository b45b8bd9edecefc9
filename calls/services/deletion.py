"""Deleting in the back office: a call nobody applied to, and a juror's declaration made by mistake."""

from typing import TYPE_CHECKING

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from hubportal.activity.services import activity_record, activity_target_deleted
from hubportal.errors import ServiceError

from .. import activity
from ..models import Call, Review

if TYPE_CHECKING:
    from hubportal.users.models import User


class CallHasApplications(ServiceError):
    message = _("A call with applications cannot be deleted.")
    code = "has_applications"


@transaction.atomic
def call_delete(*, call: Call, by: "User") -> None:
    """Staff delete a call nobody applied to (its questions, criteria and jury go with it).

    The log keeps the call's entries, marked as about a deleted object with its title at the time, and adds a
    "deleted" entry (`activity_target_deleted`), as for a deleted startup or event.
    """
    call = Call.objects.select_for_update().get(pk=call.pk)
    if call.applications.exists():
        raise CallHasApplications
    activity_target_deleted(actor=by, action_code=activity.CALL_DELETED, target=call, name=str(call))
    call.delete()


@transaction.atomic
def review_delete(*, review: Review, by: "User") -> None:
    """Agency staff delete a juror's declaration (with its scores), e.g. a conflict of interest declared by mistake:
    the juror may declare anew. The application's history records it, naming the juror by id."""
    review = Review.objects.select_for_update().select_related("application").get(pk=review.pk)
    data = {"juror": review.juror_id, "conflict": review.conflict}
    activity_record(actor=by, action_code=activity.REVIEW_DELETED, target=review.application, data=data)
    review.delete()
