"""What applicants do: start a draft, save answers, submit before the deadline, the second phase, withdraw."""

from typing import TYPE_CHECKING

from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hubportal.activity.services import activity_record
from hubportal.errors import ServiceError
from hubportal.users.organisations import Organisation

from .. import activity
from ..forms import AnswersForm
from ..models import Answer, Application, Call, Question
from .mails import answers_copy, mail_applicant

if TYPE_CHECKING:
    from hubportal.users.models import User


class CallClosed(ServiceError):
    message = _("The deadline of this call has passed. Applications can no longer be submitted or changed.")
    code = "closed"


class NotOpenYet(ServiceError):
    message = _("This call does not take applications (yet).")
    code = "not_open"


class SecondPhaseClosed(ServiceError):
    message = _("The second phase is not open for this application: its deadline has passed or it is not a finalist.")
    code = "second_phase_closed"


class Incomplete(ServiceError):
    message = _("Some answers are missing or not valid yet. Please correct the marked fields.")
    code = "incomplete"


class AlreadyApplied(ServiceError):
    message = _("You already have an application for this organisation in this call.")
    code = "duplicate"


class NotYours(ServiceError):
    message = _("This is not your application.")
    code = "not_yours"


class CannotWithdraw(ServiceError):
    message = _("This application can no longer be withdrawn: the decision has been made.")
    code = "cannot_withdraw"


def _lock(application: Application) -> Application:
    locked = Application.objects.select_for_update(of=("self",)).select_related("call").get(pk=application.pk)
    return locked


def _questions(call: Call, phase: str) -> list[Question]:
    return list(call.questions.filter(phase=phase).order_by("position", "pk"))


def _answers(application: Application) -> dict[int, Answer]:
    return {answer.question_id: answer for answer in application.answers.all()}


@transaction.atomic
def application_start(
    *,
    call: Call,
    user: "User",
    organisation: Organisation | None,
    organisation_name: str = "",
    organisation_type: str,
    publish_consent: bool = False,
) -> Application:
    """A new draft for `user`, for one of their organisations (registry) or one named in the form."""
    now = timezone.now()
    call = Call.objects.select_for_update().get(pk=call.pk)
    if not (call.is_published and call.accepts_submissions(now)):
        raise CallClosed if call.state(now) == "closed" else NotOpenYet
    name = organisation.name if organisation else organisation_name.strip()
    application = Application(
        call=call,
        applicant=user,
        source=organisation.kind if organisation else "new",
        source_id=organisation.id if organisation else None,
        organisation_name=name[:200],
        organisation_type=organisation_type,
        publish_consent=publish_consent,
    )
    try:
        with transaction.atomic():
            application.save()
    except IntegrityError:
        raise AlreadyApplied from None
    return application


def _store(application: Application, values: dict[int, str], uploads: dict[int, UploadedFile]) -> None:
    answers = _answers(application)
    for question_id, value in values.items():
        answer = answers.get(question_id)
        if answer is None:
            Answer.objects.create(application=application, question_id=question_id, value=value)
        elif answer.value != value:
            answer.value = value
            answer.save(update_fields=["value", "updated_at"])
    for question_id, upload in uploads.items():
        answer = answers.get(question_id) or Answer(application=application, question_id=question_id)
        old = answer.file.name if answer.file else ""
        answer.file.save(upload.name, upload, save=False)
        answer.file_name = upload.name[-200:]  # type: ignore[index]  # an upload always has a name
        answer.file_size = upload.size
        answer.save()
        if old:
            storage = answer.file.storage
            transaction.on_commit(lambda storage=storage, old=old: storage.delete(old))  # type: ignore[misc]  # defaults bind the loop values


def _check_owner(application: Application, user: "User") -> None:
    if application.applicant_id is None or application.applicant_id != user.pk:
        raise NotYours


@transaction.atomic
def application_save(
    *,
    application: Application,
    user: "User",
    values: dict[int, str],
    uploads: dict[int, UploadedFile],
    phase: str = "first",
) -> Application:
    """Stores answers: a draft as typed, a submitted application's changes only checked (`values` from a valid
    form). Until the deadline (the second phase: until its deadline, for finalists)."""
    application = _lock(application)
    _check_owner(application, user)
    now = timezone.now()
    if phase == Question.Stage.SECOND:
        if not application.can_answer_second_phase(now):
            raise SecondPhaseClosed
    elif not application.can_be_edited(now):
        raise CallClosed
    _store(application, values, uploads)
    application.save(update_fields=["updated_at"])
    return application


def stored_answers_form(application: Application, phase: str) -> AnswersForm:
    """The stored answers in the strict form: is_valid() says whether they may be submitted."""
    questions = _questions(application.call, phase)
    answers = _answers(application)
    data = {f"q{q.pk}": answers[q.pk].value for q in questions if q.pk in answers}
    return AnswersForm(data, {}, questions=questions, answers=answers, strict=True)


@transaction.atomic
def application_submit(*, application: Application, user: "User") -> Application:
    """Submits a draft before the deadline (strictly before), if every answer is complete; mails the receipt."""
    application = _lock(application)
    _check_owner(application, user)
    now = timezone.now()
    if not application.call.accepts_submissions(now):
        raise CallClosed
    if application.stage != Application.Stage.DRAFT:
        return application
    form = stored_answers_form(application, Question.Stage.FIRST)
    if not form.is_valid():
        raise Incomplete
    application.stage = Application.Stage.SUBMITTED
    application.submitted_at = now
    application.save(update_fields=["stage", "submitted_at", "updated_at"])
    activity_record(actor=user, action_code=activity.SUBMITTED, target=application, data={"stage": application.stage})
    mail_applicant(application, "application_submitted", answers=answers_copy(application, Question.Stage.FIRST))
    return application


@transaction.atomic
def second_phase_submit(*, application: Application, user: "User") -> Application:
    """A finalist submits the second phase's answers before its deadline; mails the receipt."""
    application = _lock(application)
    _check_owner(application, user)
    if not application.can_answer_second_phase(timezone.now()):
        raise SecondPhaseClosed
    form = stored_answers_form(application, Question.Stage.SECOND)
    if not form.is_valid():
        raise Incomplete
    first = application.second_phase_submitted_at is None
    application.second_phase_submitted_at = timezone.now()
    application.save(update_fields=["second_phase_submitted_at", "updated_at"])
    if first:
        activity_record(actor=user, action_code=activity.SECOND_PHASE_SUBMITTED, target=application)
    mail_applicant(application, "second_phase_submitted", answers=answers_copy(application, Question.Stage.SECOND))
    return application


@transaction.atomic
def application_withdraw(*, application: Application, user: "User") -> Application:
    """The applicant withdraws (a draft, or an application before the result)."""
    application = _lock(application)
    _check_owner(application, user)
    if application.is_withdrawn:
        return application
    if not application.can_be_withdrawn(timezone.now()):
        raise CannotWithdraw
    previous = application.stage
    application.stage = Application.Stage.WITHDRAWN
    application.withdrawn_at = timezone.now()
    application.save(update_fields=["stage", "withdrawn_at", "updated_at"])
    activity_record(actor=user, action_code=activity.WITHDRAWN, target=application, data={"from": previous})
    return application
