"""Staff move applications through the stages: each move is checked, logged and mailed to the applicant."""

from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hubportal.activity.services import activity_record
from hubportal.errors import ServiceError

from .. import activity
from ..models import TRANSITIONS, Application, Call
from .mails import mail_applicant

if TYPE_CHECKING:
    from hubportal.users.models import User


class StageNotAllowed(ServiceError):
    code = "stage"

    def __init__(self, application: Application, stage: str):
        labels = dict(Application.Stage.choices)
        super().__init__(
            _("An application in the stage “%(old)s” cannot be moved to “%(new)s”.")
            % {"old": labels.get(application.stage, application.stage), "new": labels.get(stage, stage)}
        )


class ReasonRequired(ServiceError):
    message = _("Please give a reason: the applicant reads it.")
    code = "reason"


class NotYourCall(ServiceError):
    message = _("You do not run this call.")
    code = "not_your_call"


@transaction.atomic
def application_move(*, application: Application, stage: str, by: "User", reason: str = "") -> Application:
    """Moves one application to `stage` (see models.TRANSITIONS); "not eligible" needs a reason. Logs who and
    when, and mails the applicant the decision in their language."""
    if not Call.objects.for_staff(by).filter(pk=application.call_id).exists():
        raise NotYourCall
    application = Application.objects.select_for_update(of=("self",)).select_related("call").get(pk=application.pk)
    if stage == application.stage:
        return application
    if stage not in TRANSITIONS.get(application.stage, ()):
        raise StageNotAllowed(application, stage)
    reason = reason.strip()
    if stage == Application.Stage.NOT_ELIGIBLE and not reason:
        raise ReasonRequired
    previous = application.stage
    application.stage = stage
    application.stage_reason = reason[:500]
    application.decided_at = timezone.now()
    application.save(update_fields=["stage", "stage_reason", "decided_at", "updated_at"])
    activity_record(
        actor=by, action_code=activity.MOVED, target=application, data={"from": previous, "to": stage, "reason": reason}
    )
    mail_applicant(application, f"stage_{stage}", reason=reason)
    return application
