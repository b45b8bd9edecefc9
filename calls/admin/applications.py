"""Applications and reviews in the admin: stages moved with bulk actions through the services, answers and the
jurors' declarations to read, the history from the activity log."""

from django import forms
from django.contrib import admin
from django.contrib.admin.helpers import ActionForm
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from hubportal.activity.actions import lines_html
from hubportal.activity.models import Activity
from hubportal.admin.actions import ServiceDeleteAdmin, ServiceSaveAdmin, bulk_action
from hubportal.admin.services import reference_save

from .. import services
from ..models import Answer, Application, Call, Review
from .calls import StaffScopedMixin


class ApplicationActionForm(ActionForm):
    reason = forms.CharField(
        label=_("Reason (mailed to the applicant; needed for “not eligible”)"), required=False, max_length=500
    )


def _move_action(stage: str, description):
    action = bulk_action(
        services.application_move,
        description=description,
        done=lambda n: ngettext("%d application moved.", "%d applications moved.", n) % n,
        argument="application",
        extra=lambda request: {"stage": stage, "reason": request.POST.get("reason", "")},
    )
    action.__name__ = f"move_to_{stage}"
    return action


class AnswerInline(admin.TabularInline):
    model = Answer
    extra = 0
    can_delete = False
    fields = readonly_fields = ("question", "value", "download")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("file"))
    def download(self, obj):
        if not obj.file:
            return "–"
        url = reverse("calls:reviewer_file", kwargs={"code": obj.application.code, "pk": obj.pk})
        return format_html('<a href="{}">{}</a>', url, obj.file_name)


class ReviewInline(admin.TabularInline):
    model = Review
    extra = 0
    can_delete = False
    fields = readonly_fields = ("juror", "conflict", "conflict_note", "score", "submitted_at")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False  # jurors write their reviews (review_save)


@admin.register(Application)
class ApplicationAdmin(StaffScopedMixin, ServiceSaveAdmin):
    save_service = reference_save  # every field is read only: a change page writes nothing; the actions move stages
    list_display = ["organisation_name", "call", "stage", "organisation_type", "submitted_at", "decided_at"]
    list_filter = ["stage", ("call", admin.RelatedOnlyFieldListFilter), "organisation_type"]
    list_select_related = ["call", "applicant"]
    search_fields = ["organisation_name", "code", "applicant__email", "call__title_de"]
    action_form = ApplicationActionForm
    inlines = [AnswerInline, ReviewInline]
    fields = readonly_fields = (
        "call",
        "code",
        "applicant",
        "organisation_name",
        "organisation_type",
        "source",
        "publish_consent",
        "stage",
        "stage_reason",
        "submitted_at",
        "second_phase_submitted_at",
        "decided_at",
        "withdrawn_at",
        "created_at",
        "history",
    )
    actions = [
        _move_action("eligible", _("Move to “eligible”")),
        _move_action("not_eligible", _("Move to “not eligible” (with the reason above)")),
        _move_action("shortlisted", _("Move to “shortlisted”")),
        _move_action("finalist", _("Move to “finalist”")),
        _move_action("winner", _("Move to “winner”")),
        _move_action("not_selected", _("Move to “not selected”")),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).filter(call__in=Call.objects.for_staff(request.user).values("pk"))

    def has_add_permission(self, request):
        return False  # applications come from applicants (or the archive's data migration)

    def has_delete_permission(self, request, obj=None):
        return False  # applicants withdraw, staff move the stage (with its log entry and mail)

    @admin.display(description=_("history"))
    def history(self, obj):
        return lines_html(Activity.objects.of(obj).select_related("actor"))


@admin.register(Review)
class ReviewAdmin(StaffScopedMixin, ServiceDeleteAdmin):
    """The jurors' declarations and scores, to read (jurors write them on their pages); deleting one goes through
    `review_delete`, which records it in the application's history."""

    delete_service = services.review_delete
    delete_argument = "review"

    list_display = ["application", "juror", "conflict", "score", "submitted_at"]
    list_filter = ["conflict", ("application__call", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["application", "application__call", "juror"]
    search_fields = ["application__organisation_name", "juror__email"]
    fields = readonly_fields = (
        "application",
        "juror",
        "conflict",
        "conflict_note",
        "score",
        "submitted_at",
        "created_at",
    )

    def get_queryset(self, request):
        calls = Call.objects.for_staff(request.user).values("pk")
        return super().get_queryset(request).filter(application__call__in=calls)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
