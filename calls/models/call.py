"""Calls and competitions: what is asked (questions), how it is judged (criteria) and by whom (the jury)."""

from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from hubportal.core.i18n import LocalizedField
from hubportal.fields import ChoiceArrayField
from hubs.models import Hub

from ..querysets import CallQuerySet


class Precision(models.TextChoices):
    TIME = "time", _("Exact time")
    DAY = "day", _("Day only")
    MONTH = "month", _("Month only")


@dataclass(frozen=True)
class Phase:
    """One dated phase of a call as the call page lists it."""

    key: str
    label: str
    at: datetime
    precision: str
    is_past: bool
    is_deadline: bool


PHASES = [
    ("opens_at", _("Announcement, applications open"), False),
    ("deadline", _("Application deadline"), True),
    ("finalists_at", _("Shortlist and finalists announced"), False),
    ("second_phase_deadline", _("Second phase: deadline for the finalists"), True),
    ("result_at", _("Result"), False),
]


class Call(models.Model):
    """A call or competition: who organises it, who may apply, what there is to win, and its phases (Berlin time)."""

    class Organiser(models.TextChoices):
        AGENCY = "agency", _("The hub agency")
        HUB = "hub", _("A hub")
        OTHER = "other", _("An outside organiser")

    class Applicant(models.TextChoices):
        STARTUP = "startup", _("Startups")
        COMPANY = "company", _("Companies")
        PUBLIC = "public", _("Cities and public bodies")
        RESEARCH = "research", _("Research")

    title_de = models.CharField(_("title (German)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    summary_de = models.CharField(_("summary (German)"), max_length=300, blank=True)
    summary_en = models.CharField(_("summary (English)"), max_length=300, blank=True)
    description_de = models.TextField(_("description (German)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    organiser = models.CharField(_("organiser"), max_length=10, choices=Organiser.choices, default=Organiser.AGENCY)
    hub = models.ForeignKey(
        Hub,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="calls",
        verbose_name=_("organising hub"),
        help_text=_("Only for calls a hub organises; its hub managers run the call."),
    )
    organiser_name = models.CharField(
        _("name of the outside organiser"), max_length=200, blank=True, help_text=_("Only for outside organisers.")
    )
    eligible = ChoiceArrayField(
        models.CharField(max_length=10, choices=Applicant.choices),
        verbose_name=_("who may apply"),
        default=list,
    )
    prize_de = models.TextField(_("prize or funding (German)"), blank=True)
    prize_en = models.TextField(_("prize or funding (English)"), blank=True)
    opens_at = models.DateTimeField(_("announcement (applications open)"), null=True, blank=True)
    deadline = models.DateTimeField(_("application deadline"), null=True, blank=True)
    finalists_at = models.DateTimeField(_("shortlist and finalists announced"), null=True, blank=True)
    second_phase_deadline = models.DateTimeField(
        _("deadline of the second phase"),
        null=True,
        blank=True,
        help_text=_("Finalists answer more questions until then."),
    )
    result_at = models.DateTimeField(_("result announced"), null=True, blank=True)
    # Archive entries know some dates only to the day or month: {"result_at": "month"}; missing keys are exact.
    date_precision = models.JSONField(_("precision of the dates"), default=dict, blank=True, editable=False)
    applications_enabled = models.BooleanField(
        _("applications through the portal"),
        default=True,
        help_text=_("Untick for calls of others shown for information, and for archive entries."),
    )
    is_published = models.BooleanField(_("published"), default=False)
    result_summary_de = models.TextField(
        _("result in words (German)"), blank=True, help_text=_("Shown on the results page once the result is out.")
    )
    result_summary_en = models.TextField(_("result in words (English)"), blank=True)
    review_closed_at = models.DateTimeField(
        _("review closed"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("From then on jurors cannot change scores."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = CallQuerySet.as_manager()

    title = LocalizedField("title")
    summary = LocalizedField("summary")
    description = LocalizedField("description")
    prize = LocalizedField("prize")
    result_summary = LocalizedField("result_summary")

    class Meta:
        verbose_name = _("call")
        verbose_name_plural = _("calls")
        ordering = ["-deadline", "pk"]
        permissions = [("review_application", gettext_noop("Can review applications as a juror"))]
        constraints = [
            models.CheckConstraint(
                condition=Q(deadline__isnull=True) | Q(opens_at__isnull=True) | Q(deadline__gt=models.F("opens_at")),
                name="call_deadline_after_opening",
            ),
            models.CheckConstraint(
                condition=Q(second_phase_deadline__isnull=True)
                | Q(deadline__isnull=True)
                | Q(second_phase_deadline__gt=models.F("deadline")),
                name="call_second_phase_after_deadline",
            ),
            models.CheckConstraint(
                condition=~Q(organiser="hub") | Q(hub__isnull=False), name="call_hub_organiser_has_hub"
            ),
        ]
        indexes = [models.Index(fields=["is_published", "deadline"])]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("calls:call_detail", kwargs={"slug": self.slug})

    def get_results_url(self):
        return reverse("calls:call_results", kwargs={"slug": self.slug})

    @property
    def organiser_label(self) -> str:
        if self.organiser == self.Organiser.HUB and self.hub_id:
            return self.hub.name  # type: ignore[union-attr]  # hub_id checked just before
        if self.organiser == self.Organiser.OTHER:
            return self.organiser_name
        return str(_("Hub agency"))

    @property
    def eligible_labels(self) -> list[str]:
        labels = dict(self.Applicant.choices)
        return [str(labels[code]) for code in self.eligible if code in labels]

    def precision_of(self, field: str) -> str:
        return self.date_precision.get(field, Precision.TIME)

    def phases(self, now: datetime | None = None) -> list[Phase]:
        """The dated phases, in order (phases without a date are left out)."""
        now = now or timezone.now()
        result = []
        for key, label, is_deadline in PHASES:
            at = getattr(self, key)
            if at is not None:
                result.append(Phase(key, str(label), at, self.precision_of(key), at <= now, is_deadline))
        return result

    def state(self, now: datetime | None = None) -> str:
        """upcoming, open or closed (as the calls page sorts it)."""
        now = now or timezone.now()
        if self.opens_at and now < self.opens_at:
            return "upcoming"
        if self.applications_enabled and self.deadline and now < self.deadline:
            return "open"
        return "closed"

    def accepts_submissions(self, now: datetime | None = None) -> bool:
        """Applications may be submitted (and edited) strictly before the deadline."""
        return self.state(now) == "open"

    def second_phase_open(self, now: datetime | None = None) -> bool:
        now = now or timezone.now()
        return bool(self.second_phase_deadline and now < self.second_phase_deadline)

    def finalists_public(self, now: datetime | None = None) -> bool:
        """The results page shows the finalists from the announcement of the finalists (or the result) on."""
        now = now or timezone.now()
        return any(at is not None and at <= now for at in (self.finalists_at, self.result_at))

    def result_public(self, now: datetime | None = None) -> bool:
        now = now or timezone.now()
        return self.result_at is not None and self.result_at <= now

    @property
    def review_closed(self) -> bool:
        return self.review_closed_at is not None

    def is_run_by(self, user) -> bool:
        return Call.objects.for_staff(user).filter(pk=self.pk).exists()


class Question(models.Model):
    """One question of a call's application form, in both languages; the second phase asks the finalists."""

    class Kind(models.TextChoices):
        SHORT_TEXT = "short_text", _("Short text")
        LONG_TEXT = "long_text", _("Long text")
        NUMBER = "number", _("Number")
        CHOICE = "choice", _("Choice")
        YES_NO = "yes_no", _("Yes or no")
        DATE = "date", _("Date")
        FILE = "file", _("File (PDF)")

    class Stage(models.TextChoices):
        FIRST = "first", _("Application")
        SECOND = "second", _("Second phase (finalists)")

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="questions", verbose_name=_("call"))
    phase = models.CharField(_("phase"), max_length=6, choices=Stage.choices, default=Stage.FIRST)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.SHORT_TEXT)
    label_de = models.CharField(_("question (German)"), max_length=300)
    label_en = models.CharField(_("question (English)"), max_length=300, blank=True)
    help_de = models.CharField(_("help text (German)"), max_length=500, blank=True)
    help_en = models.CharField(_("help text (English)"), max_length=500, blank=True)
    required = models.BooleanField(_("required"), default=True)
    max_length = models.PositiveIntegerField(
        _("character limit"), null=True, blank=True, help_text=_("For long texts (short texts: at most 300).")
    )
    choices_de = models.TextField(_("choices (German)"), blank=True, help_text=_("One per line, for choices."))
    choices_en = models.TextField(_("choices (English)"), blank=True, help_text=_("Same order as the German ones."))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    label = LocalizedField("label")
    help = LocalizedField("help")

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["call", "phase", "position", "pk"]

    def __str__(self):
        return self.label

    def choice_list(self) -> list[tuple[str, str]]:
        """(stored value, label in the active language): the value is the choice's number, stable across languages."""
        from hubportal.core.i18n import localized

        german = [line.strip() for line in self.choices_de.splitlines() if line.strip()]
        english = [line.strip() for line in self.choices_en.splitlines() if line.strip()]
        shown = [line.strip() for line in localized(self, "choices").splitlines() if line.strip()]
        if len(shown) != len(german):
            shown = german
        return [(str(index + 1), label) for index, label in enumerate(shown or english)]


class Criterion(models.Model):
    """One criterion of a call's rubric: jurors score it from 1 to 5; its weight counts in the weighted mean."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="criteria", verbose_name=_("call"))
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    name_de = models.CharField(_("name (German)"), max_length=150)
    name_en = models.CharField(_("name (English)"), max_length=150, blank=True)
    description_de = models.CharField(_("what to look at (German)"), max_length=500, blank=True)
    description_en = models.CharField(_("what to look at (English)"), max_length=500, blank=True)
    weight = models.PositiveSmallIntegerField(_("weight"), default=1)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    name = LocalizedField("name")
    description = LocalizedField("description")

    class Meta:
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        ordering = ["call", "position", "pk"]
        constraints = [models.CheckConstraint(condition=Q(weight__gte=1), name="criterion_weight_positive")]

    def __str__(self):
        return self.name


class JuryMember(models.Model):
    """A juror of a call: reviews all of its applications, or only those chosen."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="jury", verbose_name=_("call"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="jury_seats", verbose_name=_("juror")
    )
    all_applications = models.BooleanField(_("reviews all applications"), default=True)
    applications = models.ManyToManyField(
        "calls.Application",
        blank=True,
        related_name="assigned_jurors",
        verbose_name=_("chosen applications"),
        help_text=_("Only when the juror does not review all applications."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("juror")
        verbose_name_plural = _("jury")
        ordering = ["call", "pk"]
        constraints = [models.UniqueConstraint(fields=["call", "user"], name="jurymember_once_per_call")]

    def __str__(self):
        return f"{self.user} – {self.call}"
