"""Calls in the admin: questions, rubric and jury inline; closing the review; the ranking table with CSV export.
Hub managers see their hubs' calls only."""

from django import forms
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.http import Http404, StreamingHttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from hubportal.admin.actions import ServiceInline, ServiceSaveAdmin, bulk_action
from hubportal.admin.services import reference_delete, reference_save
from hubportal.exports import csv_response
from hubs.models import Hub

from .. import services
from ..models import Application, Call, Criterion, JuryMember, Question, can_manage_all_calls


def jurors():
    """Active staff who may review (the Jury group, or the permission otherwise): the people to seat on a jury."""
    user_model = get_user_model()
    perm = Q(groups__permissions__codename="review_application", groups__permissions__content_type__app_label="calls")
    own = Q(user_permissions__codename="review_application", user_permissions__content_type__app_label="calls")
    return user_model.objects.filter(is_staff=True, is_active=True).filter(perm | own).distinct().order_by("email")


class StaffScopedMixin:
    """Another hub's call (or its applications) is a 404, not "doesn't exist"."""

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is None:
            raise Http404
        return obj


class QuestionInline(ServiceInline, admin.StackedInline):
    save_service = reference_save
    delete_service = reference_delete
    model = Question
    extra = 0
    fields = [
        ("phase", "position", "kind", "required"),
        ("label_de", "label_en"),
        ("help_de", "help_en"),
        "max_length",
        ("choices_de", "choices_en"),
    ]


class CriterionInline(ServiceInline, admin.TabularInline):
    save_service = reference_save
    delete_service = reference_delete
    model = Criterion
    extra = 0
    fields = ["position", "name_de", "name_en", "description_de", "description_en", "weight"]


class JuryMemberInline(ServiceInline, admin.TabularInline):
    save_service = reference_save
    delete_service = reference_delete
    model = JuryMember
    extra = 0
    fields = ["user", "all_applications", "applications"]

    def get_formset(self, request, obj=None, **kwargs):
        self.parent_call = obj
        return super().get_formset(request, obj, **kwargs)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "user":
            kwargs["queryset"] = jurors()
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "applications":
            call = getattr(self, "parent_call", None)
            rows = Application.objects.filter(call=call).submitted() if call else Application.objects.none()
            kwargs["queryset"] = rows.order_by("organisation_name")
            kwargs["widget"] = forms.CheckboxSelectMultiple
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class CallAdminForm(forms.ModelForm):
    RESERVED = {"applications", "jury", "deadlines.ics"}

    class Meta:
        model = Call
        fields = [
            "title_de",
            "title_en",
            "slug",
            "is_published",
            "applications_enabled",
            "organiser",
            "hub",
            "organiser_name",
            "eligible",
            "summary_de",
            "summary_en",
            "description_de",
            "description_en",
            "prize_de",
            "prize_en",
            "opens_at",
            "deadline",
            "finalists_at",
            "second_phase_deadline",
            "result_at",
            "result_summary_de",
            "result_summary_en",
        ]

    def clean_slug(self):
        slug = self.cleaned_data["slug"]
        if slug in self.RESERVED:
            raise forms.ValidationError(_("This address is taken by a page of the portal. Please choose another."))
        return slug

    def clean(self):
        data = super().clean()
        organiser = data.get("organiser")
        if organiser == Call.Organiser.HUB and not data.get("hub"):
            self.add_error("hub", _("Name the hub that organises the call."))
        if organiser == Call.Organiser.OTHER and not data.get("organiser_name"):
            self.add_error("organiser_name", _("Name the organiser."))
        if data.get("applications_enabled") and not data.get("deadline"):
            self.add_error("deadline", _("A call that takes applications needs a deadline."))
        order = ["opens_at", "deadline", "finalists_at", "second_phase_deadline", "result_at"]
        dated = [(name, data.get(name)) for name in order if data.get(name)]
        for (_first, a), (second, b) in zip(dated, dated[1:], strict=False):
            if b <= a:
                self.add_error(second, _("This date must come after the earlier phases."))
        return data


@admin.register(Call)
class CallAdmin(StaffScopedMixin, ServiceSaveAdmin):
    save_service = reference_save
    form = CallAdminForm
    delete_service = services.call_delete
    delete_argument = "call"
    list_display = [
        "title_de",
        "organiser_shown",
        "deadline",
        "is_published",
        "applications_enabled",
        "application_count",
        "ranking_link",
    ]
    list_filter = ["is_published", "organiser", ("hub", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["hub"]
    search_fields = ["title_de", "title_en", "slug", "organiser_name"]
    prepopulated_fields = {"slug": ["title_de"]}
    date_hierarchy = "deadline"
    inlines = [QuestionInline, CriterionInline, JuryMemberInline]
    readonly_fields = ["review_closed_at", "created_at", "updated_at"]
    actions = ["close_review", "reopen_review"]
    fieldsets = [
        (None, {"fields": [("title_de", "title_en"), "slug", "is_published", "applications_enabled"]}),
        (_("Organiser and applicants"), {"fields": ["organiser", "hub", "organiser_name", "eligible"]}),
        (
            _("Text"),
            {"fields": [("summary_de", "summary_en"), ("description_de", "description_en"), ("prize_de", "prize_en")]},
        ),
        (
            _("Phases (Berlin time)"),
            {"fields": ["opens_at", "deadline", "finalists_at", "second_phase_deadline", "result_at"]},
        ),
        (
            _("Result"),
            {"fields": [("result_summary_de", "result_summary_en"), "review_closed_at", "created_at", "updated_at"]},
        ),
    ]

    def get_queryset(self, request):
        from django.db.models import Count

        qs = super().get_queryset(request).filter(pk__in=Call.objects.for_staff(request.user).values("pk"))
        return qs.annotate(
            submitted_total=Count("applications", filter=~Q(applications__stage__in=["draft", "withdrawn"]))
        )

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "hub" and not can_manage_all_calls(request.user):
            kwargs["queryset"] = Hub.objects.managed_by(request.user)
            kwargs["required"] = True
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_choice_field(self, db_field, request, **kwargs):
        if db_field.name == "organiser" and not can_manage_all_calls(request.user):
            kwargs["choices"] = [(Call.Organiser.HUB, Call.Organiser.HUB.label)]
        return super().formfield_for_choice_field(db_field, request, **kwargs)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if change and any(f.model is Criterion and f.has_changed() for f in formsets):
            services.call_rescore(call=form.instance)

    @admin.display(description=_("organiser"))
    def organiser_shown(self, obj):
        return obj.organiser_label

    @admin.display(description=_("applications"), ordering="submitted_total")
    def application_count(self, obj):
        return obj.submitted_total

    @admin.display(description=_("ranking"))
    def ranking_link(self, obj):
        return format_html('<a href="{}">{}</a>', reverse("admin:calls_call_ranking", args=[obj.pk]), _("Ranking"))

    close_review = bulk_action(
        services.call_review_close,
        description=_("Close the review (jurors can no longer change scores)"),
        done=lambda n: ngettext("%d review closed.", "%d reviews closed.", n) % n,
        argument="call",
    )
    reopen_review = bulk_action(
        services.call_review_reopen,
        description=_("Reopen the review"),
        done=lambda n: ngettext("%d review reopened.", "%d reviews reopened.", n) % n,
        argument="call",
    )

    def get_urls(self):
        return [
            path("<int:pk>/ranking/", self.admin_site.admin_view(self.ranking_view), name="calls_call_ranking"),
            *super().get_urls(),
        ]

    def ranking_view(self, request, pk):
        """Weighted mean, reviews, spread and a flag for strong disagreement; filter by stage; CSV export."""
        from django.conf import settings

        if not request.user.has_perm("calls.view_application"):
            raise Http404
        call = get_object_or_404(Call.objects.for_staff(request.user), pk=pk)
        rows = Application.objects.filter(call=call).for_ranking()
        stage = request.GET.get("stage", "")
        stages = [(code, label) for code, label in Application.Stage.choices if code not in ("draft", "withdrawn")]
        if stage in dict(stages):
            rows = rows.filter(stage=stage)
        else:
            stage = ""
        rows = list(rows)
        limit = settings.CALLS_DISAGREEMENT_SPREAD
        for row in rows:
            row.disagree = row.spread is not None and row.spread >= limit
        if request.GET.get("format") == "csv":
            return ranking_csv(call, rows)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Ranking: %(call)s") % {"call": call.title},
            "call": call,
            "rows": rows,
            "stages": stages,
            "stage": stage,
            "spread_limit": limit,
            "criteria": list(call.criteria.all()),
        }
        return TemplateResponse(request, "admin/calls/call/ranking.html", context)


def ranking_csv(call, rows) -> StreamingHttpResponse:
    """The ranking table as CSV (hubportal.exports: formulas defused, UTF-8 with BOM)."""
    return csv_response(ranking_rows(rows), f"ranking-{call.slug}.csv")


def ranking_rows(rows):
    """The header, then one row per application in ranking order."""
    yield [
        str(_("rank")),
        str(_("organisation")),
        str(_("reference")),
        str(_("stage")),
        str(_("weighted mean")),
        str(_("reviews")),
        str(_("lowest")),
        str(_("highest")),
        str(_("spread")),
        str(_("jurors disagree")),
    ]
    for rank, row in enumerate(rows, start=1):
        yield [
            rank,
            row.organisation_name,
            row.code,
            row.get_stage_display(),
            f"{row.mean_score:.2f}" if row.mean_score is not None else "",
            row.review_count,
            row.low_score if row.low_score is not None else "",
            row.high_score if row.high_score is not None else "",
            row.spread if row.spread is not None else "",
            _("yes") if row.disagree else "",
        ]
