"""Applications to a call, their answers (and private PDF files), the jurors' reviews and the reminders sent."""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from hubportal.storage import private_storage

from ..querysets import ApplicationQuerySet, ReviewQuerySet
from .call import Call, Criterion, Question


def new_application_code() -> str:
    """The application's id in URLs: random, so nobody can count or guess applications."""
    return secrets.token_urlsafe(9)


# Stages a move may reach from each stage (staff), in the order of the flow.
TRANSITIONS = {
    "submitted": ("eligible", "not_eligible"),
    "eligible": ("shortlisted", "not_eligible", "not_selected"),
    "not_eligible": ("eligible",),
    "shortlisted": ("finalist", "not_selected"),
    "finalist": ("winner", "not_selected"),
    "not_selected": (),
    "winner": (),
}


class Application(models.Model):
    """One organisation's application to a call, from draft to decision; the applicant is a signed-in person."""

    class Stage(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        ELIGIBLE = "eligible", _("Eligible")
        NOT_ELIGIBLE = "not_eligible", _("Not eligible")
        SHORTLISTED = "shortlisted", _("Shortlisted")
        FINALIST = "finalist", _("Finalist")
        WINNER = "winner", _("Winner")
        NOT_SELECTED = "not_selected", _("Not selected")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    class Source(models.TextChoices):
        STARTUP = "startup", _("A startup on the portal")
        COMPANY = "company", _("A company profile on the portal")
        NEW = "new", _("An organisation named in the form")

    call = models.ForeignKey(Call, on_delete=models.PROTECT, related_name="applications", verbose_name=_("call"))
    code = models.CharField(_("reference"), max_length=20, unique=True, default=new_application_code, editable=False)
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="call_applications",
        verbose_name=_("applicant"),
    )
    # The organisation as offered by hubportal.users.organisations ("startup", "company"), or "new"; its id there.
    source = models.CharField(_("organisation from"), max_length=10, default="new")
    source_id = models.PositiveBigIntegerField(_("organisation id"), null=True, blank=True)
    organisation_name = models.CharField(_("organisation"), max_length=200)
    organisation_type = models.CharField(
        _("kind of organisation"), max_length=10, choices=Call.Applicant.choices, default=Call.Applicant.STARTUP
    )
    publish_consent = models.BooleanField(
        _("may be named on the results page"),
        default=False,
        help_text=_("If you become a finalist or win, the results page may show your organisation's name."),
    )
    stage = models.CharField(_("stage"), max_length=14, choices=Stage.choices, default=Stage.DRAFT)
    stage_reason = models.CharField(_("reason"), max_length=500, blank=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    second_phase_submitted_at = models.DateTimeField(_("second phase submitted"), null=True, blank=True)
    decided_at = models.DateTimeField(_("last decision"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["call", "-created_at", "pk"]
        constraints = [
            # One application per organisation and person to a call (a withdrawn one may be followed by a new one).
            models.UniqueConstraint(
                "call",
                "applicant",
                Lower("organisation_name"),
                condition=~Q(stage="withdrawn") & Q(applicant__isnull=False),
                name="application_once_per_organisation",
            ),
            models.CheckConstraint(
                condition=~Q(stage="not_eligible") | ~Q(stage_reason=""), name="application_not_eligible_has_reason"
            ),
        ]
        indexes = [models.Index(fields=["call", "stage"])]

    def __str__(self):
        return f"{self.organisation_name} – {self.call}"

    def get_absolute_url(self):
        return reverse("calls:application_detail", kwargs={"code": self.code})

    @property
    def is_draft(self) -> bool:
        return self.stage == self.Stage.DRAFT

    @property
    def is_withdrawn(self) -> bool:
        return self.stage == self.Stage.WITHDRAWN

    @property
    def is_decided(self) -> bool:
        """A final decision was made: nothing can be withdrawn any more."""
        return self.stage in (self.Stage.WINNER, self.Stage.NOT_SELECTED, self.Stage.NOT_ELIGIBLE)

    @property
    def is_finalist(self) -> bool:
        return self.stage == self.Stage.FINALIST

    def can_be_edited(self, now=None) -> bool:
        """Drafts and submitted applications can be changed until the deadline (not once staff decided on them)."""
        return self.stage in (self.Stage.DRAFT, self.Stage.SUBMITTED) and self.call.accepts_submissions(now)

    def can_be_withdrawn(self, now=None) -> bool:
        """Before the result: not after a final decision, and not once the call's result is out."""
        return not (self.is_withdrawn or self.is_decided or self.call.result_public(now))

    def can_answer_second_phase(self, now=None) -> bool:
        return self.is_finalist and self.call.second_phase_open(now)

    def next_stages(self) -> tuple[str, ...]:
        return TRANSITIONS.get(self.stage, ())


def answer_file_path(instance, filename: str) -> str:
    """Random names in a folder per call: the original name is kept in the row, never in the storage path."""
    return f"calls/{instance.application.call_id}/{secrets.token_hex(16)}.pdf"


class Answer(models.Model):
    """The answer to one question: text, number, choice, yes/no or date as text, or a private PDF file."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="answers", verbose_name=_("application")
    )
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="answers", verbose_name=_("question"))
    value = models.TextField(_("answer"), blank=True)
    file = models.FileField(_("file"), storage=private_storage, upload_to=answer_file_path, blank=True, max_length=200)
    file_name = models.CharField(_("file name"), max_length=200, blank=True)
    file_size = models.PositiveIntegerField(_("file size"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        ordering = ["application", "question__phase", "question__position", "question_id"]
        constraints = [models.UniqueConstraint(fields=["application", "question"], name="answer_once_per_question")]

    def __str__(self):
        return f"{self.question} – {self.application}"


class Review(models.Model):
    """A juror's declaration on one application (a conflict of interest or none) and, without one, their scores."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="reviews", verbose_name=_("application")
    )
    juror = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="call_reviews",
        verbose_name=_("juror"),
    )
    conflict = models.BooleanField(_("conflict of interest"))
    conflict_note = models.CharField(_("conflict explained"), max_length=500, blank=True)
    score = models.DecimalField(
        _("weighted score"), max_digits=5, decimal_places=3, null=True, blank=True, editable=False
    )
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    created_at = models.DateTimeField(_("declared"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = ReviewQuerySet.as_manager()

    class Meta:
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        ordering = ["application", "created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "juror"], condition=Q(juror__isnull=False), name="review_once_per_juror"
            ),
            models.CheckConstraint(
                condition=Q(conflict=False) | Q(submitted_at__isnull=True), name="review_conflict_no_scores"
            ),
        ]

    def __str__(self):
        return f"{self.juror} – {self.application}"


class Score(models.Model):
    """One criterion scored 1–5 by a juror, with a comment."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="scores", verbose_name=_("review"))
    criterion = models.ForeignKey(
        Criterion, on_delete=models.CASCADE, related_name="scores", verbose_name=_("criterion")
    )
    value = models.PositiveSmallIntegerField(_("score"), null=True, blank=True)
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        ordering = ["review", "criterion__position", "criterion_id"]
        constraints = [
            models.UniqueConstraint(fields=["review", "criterion"], name="score_once_per_criterion"),
            models.CheckConstraint(
                condition=Q(value__isnull=True) | Q(value__gte=1, value__lte=5), name="score_1_to_5"
            ),
        ]

    def __str__(self):
        return f"{self.criterion}: {self.value}"


class Reminder(models.Model):
    """A reminder mail sent for a draft (or an unanswered second phase): one row per application and kind."""

    class Kind(models.TextChoices):
        WEEK = "week", _("7 days before the deadline")
        DAY = "day", _("1 day before the deadline")
        SECOND_WEEK = "second_week", _("7 days before the second phase's deadline")
        SECOND_DAY = "second_day", _("1 day before the second phase's deadline")

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="reminders", verbose_name=_("application")
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    sent_at = models.DateTimeField(_("sent"), auto_now_add=True)

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        constraints = [models.UniqueConstraint(fields=["application", "kind"], name="reminder_once_per_kind")]

    def __str__(self):
        return f"{self.application} – {self.get_kind_display()}"
