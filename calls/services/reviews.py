"""The jury: declaring conflicts, scoring with the rubric (blind until one's own review is in), closing the review."""

from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hubportal.activity.services import activity_record
from hubportal.errors import ServiceError

from .. import activity
from ..models import Application, Call, Review, Score

if TYPE_CHECKING:
    from hubportal.users.models import User


class NotOnJury(ServiceError):
    message = _("You are not on the jury for this application.")
    code = "not_on_jury"


class Conflicted(ServiceError):
    message = _("You declared a conflict of interest with this applicant, so you cannot open or score it.")
    code = "conflict"


class ConflictFinal(ServiceError):
    message = _("A declared conflict of interest cannot be withdrawn. Please ask the agency if it was a mistake.")
    code = "conflict_final"


class ReviewClosed(ServiceError):
    message = _("The review of this call is closed: scores can no longer be changed.")
    code = "review_closed"


class ScoresMissing(ServiceError):
    message = _("Please score every criterion from 1 to 5 before you submit the review.")
    code = "scores_missing"


def weighted_score(pairs: list[tuple[int, int | None]]) -> Decimal | None:
    """Σ weight × score ÷ Σ weight over the scored criteria, to three decimals (None: nothing scored)."""
    scored = [(weight, value) for weight, value in pairs if value is not None]
    total = sum(weight for weight, _value in scored)
    if not total:
        return None
    mean = Decimal(sum(weight * value for weight, value in scored)) / Decimal(total)
    return mean.quantize(Decimal("0.001"), rounding=ROUND_HALF_UP)


def _check_assigned(application: Application, juror: "User") -> None:
    if not Application.objects.assigned_to(juror, application.call).filter(pk=application.pk).exists():
        raise NotOnJury


@transaction.atomic
def review_declare(*, application: Application, juror: "User", conflict: bool, note: str = "") -> Review:
    """The juror's declaration: with a conflict the application stays closed to them (and a score they gave no
    longer counts); without one they may open and score it. A declared conflict is final."""
    _check_assigned(application, juror)
    review = Review.objects.select_for_update().filter(application=application, juror=juror).first()
    if review is not None:
        if review.conflict and not conflict:
            raise ConflictFinal
        if review.conflict == conflict:
            return review
        review.conflict, review.conflict_note = True, note[:500]
        review.submitted_at, review.score = None, None
        review.save()
        review.scores.all().delete()
    else:
        review = Review.objects.create(
            application=application, juror=juror, conflict=conflict, conflict_note=note[:500]
        )
    activity_record(
        actor=juror, action_code=activity.CONFLICT_DECLARED, target=application, data={"conflict": conflict}
    )
    return review


@transaction.atomic
def review_save(*, review: Review, juror: "User", scores: dict[int, tuple[int | None, str]], submit: bool) -> Review:
    """Saves the juror's scores and comments; `submit` needs every criterion scored. Scores may change until
    staff close the review; a change after submitting is logged with the old and new values."""
    # The call's row lock orders this against closing the review: a closed review takes no more scores.
    call = Call.objects.select_for_update().get(pk=review.application.call_id)
    review = Review.objects.select_for_update().select_related("application").get(pk=review.pk)
    if review.juror_id != juror.pk:
        raise NotOnJury
    _check_assigned(review.application, juror)
    if review.conflict:
        raise Conflicted
    if call.review_closed:
        raise ReviewClosed
    criteria = list(call.criteria.order_by("position", "pk"))
    existing = {score.criterion_id: score for score in review.scores.all()}
    was_submitted = review.submitted_at is not None
    if (submit or was_submitted) and any(scores.get(c.pk, (None, ""))[0] is None for c in criteria):
        raise ScoresMissing
    changes = []
    for criterion in criteria:
        value, comment = scores.get(criterion.pk, (None, ""))
        score = existing.get(criterion.pk)
        old = score.value if score else None
        if score is None:
            Score.objects.create(review=review, criterion=criterion, value=value, comment=comment)
        elif (score.value, score.comment) != (value, comment):
            score.value, score.comment = value, comment
            score.save(update_fields=["value", "comment"])
        if old != value:
            changes.append(
                {
                    "criterion": criterion.pk,
                    "name_de": criterion.name_de,
                    "name_en": criterion.name_en,
                    "old": old,
                    "new": value,
                }
            )
    if submit or was_submitted:
        review.score = weighted_score([(c.weight, scores[c.pk][0]) for c in criteria])
        if not was_submitted:
            review.submitted_at = timezone.now()
        review.save(update_fields=["score", "submitted_at", "updated_at"])
        if not was_submitted:
            activity_record(
                actor=juror,
                action_code=activity.REVIEW_SUBMITTED,
                target=review.application,
                data={"score": str(review.score)},
            )
        elif changes:
            activity_record(
                actor=juror, action_code=activity.SCORES_CHANGED, target=review.application, data={"changes": changes}
            )
    else:
        review.save(update_fields=["updated_at"])
    return review


@transaction.atomic
def call_review_close(*, call: Call, by: "User") -> Call:
    """Staff close the review: from now on jurors cannot change scores."""
    call = Call.objects.select_for_update().get(pk=call.pk)
    if not Call.objects.for_staff(by).filter(pk=call.pk).exists():
        raise ServiceError(_("You do not run this call."))
    if call.review_closed_at is None:
        call.review_closed_at = timezone.now()
        call.save(update_fields=["review_closed_at", "updated_at"])
        activity_record(actor=by, action_code=activity.REVIEW_CLOSED, target=call)
    return call


@transaction.atomic
def call_review_reopen(*, call: Call, by: "User") -> Call:
    call = Call.objects.select_for_update().get(pk=call.pk)
    if not Call.objects.for_staff(by).filter(pk=call.pk).exists():
        raise ServiceError(_("You do not run this call."))
    if call.review_closed_at is not None:
        call.review_closed_at = None
        call.save(update_fields=["review_closed_at", "updated_at"])
        activity_record(actor=by, action_code=activity.REVIEW_REOPENED, target=call)
    return call


@transaction.atomic
def call_rescore(*, call: Call) -> int:
    """After staff changed the rubric's weights: the weighted score of every submitted review again."""
    criteria = list(call.criteria.all())
    weights = {c.pk: c.weight for c in criteria}
    reviews = list(
        Review.objects.select_for_update()
        .filter(application__call=call, submitted_at__isnull=False)
        .prefetch_related("scores")
    )
    for review in reviews:
        values = {score.criterion_id: score.value for score in review.scores.all()}
        review.score = weighted_score([(weights[pk], values.get(pk)) for pk in weights])
        review.save(update_fields=["score"])
    return len(reviews)
