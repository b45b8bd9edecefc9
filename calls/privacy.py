"""The calls app's part of the data export and of account deletion (registered with hubportal/users/privacy.py).

Export: the person's applications with their answers (file names, not the files) and stages, and the reviews and
scores they gave as a juror. Deletion: drafts go with their files; other applications stay in the call's record
(stage, dates, scores of the jury; the organisation's name only where it is a public result) without the person,
their answers or files; open ones are withdrawn first. Reviews a juror gave stay without the juror's name.
"""

from django.db.models import Prefetch

from hubportal.activity.services import activity_erase_person, activity_record

from . import activity
from .models import Answer, Application, Review

REDACTED = "[deleted account]"


def export(person) -> dict:
    user = person.user
    answers = Prefetch(
        "answers", queryset=Answer.objects.select_related("question").order_by("question__phase", "question__position")
    )
    applications = (
        Application.objects.filter(applicant=user)
        .select_related("call")
        .prefetch_related(answers)
        .order_by("created_at", "pk")
    )
    reviews = (
        Review.objects.filter(juror=user).with_scores().select_related("application__call").order_by("created_at", "pk")
    )
    return {
        "call_applications": [
            {
                "call": application.call.title,
                "reference": application.code,
                "organisation": application.organisation_name,
                "kind_of_organisation": application.organisation_type,
                "may_be_named_publicly": application.publish_consent,
                "stage": application.stage,
                "reason": application.stage_reason,
                "created_at": application.created_at,
                "submitted_at": application.submitted_at,
                "second_phase_submitted_at": application.second_phase_submitted_at,
                "withdrawn_at": application.withdrawn_at,
                "answers": [
                    {
                        "question": answer.question.label,
                        "phase": answer.question.phase,
                        "answer": answer.value,
                        "file": answer.file_name or None,
                    }
                    for answer in application.answers.all()
                ],
            }
            for application in applications
        ],
        "call_reviews": [
            {
                "call": review.application.call.title,
                "application": review.application.code,
                "conflict_of_interest": review.conflict,
                "conflict_explained": review.conflict_note,
                "weighted_score": review.score,
                "submitted_at": review.submitted_at,
                "scores": [
                    {"criterion": score.criterion.name, "score": score.value, "comment": score.comment}
                    for score in review.scores.all()
                ],
            }
            for review in reviews
        ],
    }


def _delete_files(answers) -> None:
    from django.db import transaction

    names = [(answer.file.storage, answer.file.name) for answer in answers if answer.file]
    transaction.on_commit(lambda: [storage.delete(name) for storage, name in names])


def erase(person) -> None:
    user = person.user
    applications = list(Application.objects.select_for_update().filter(applicant=user))
    drafts = [a for a in applications if a.is_draft]
    kept = [a for a in applications if not a.is_draft]
    _delete_files(Answer.objects.filter(application__in=applications))
    Application.objects.filter(pk__in=[a.pk for a in drafts]).delete()
    for application in kept:
        public = application.publish_consent and application.stage in (
            Application.Stage.FINALIST,
            Application.Stage.WINNER,
        )
        if application.can_be_withdrawn() and not application.is_withdrawn:
            application.stage = Application.Stage.WITHDRAWN
            application.withdrawn_at = person.now
        application.applicant = None
        application.source, application.source_id = "new", None
        if not public:
            application.organisation_name = REDACTED
        application.save()
        activity_record(actor=None, action_code=activity.ERASED, target=application, data={"stage": application.stage})
    Answer.objects.filter(application__in=kept).delete()
    Review.objects.filter(juror=user).update(juror=None, conflict_note="")
    # The log keeps what happened to the applications; what the person did reads "deleted user" from now on.
    activity_erase_person(user=user)
