from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.db.models import Count, Q
from django.http import Http404, StreamingHttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from hubportal.admin.actions import ServiceSaveAdmin, bulk_action
from hubportal.admin.services import reference_delete, reference_save
from hubportal.exports import csv_response
from hubs.models import Hub

from .models import AgendaItem, Event, Registration, Speaker
from .querysets import can_manage_all_events
from .services import (
    AgendaChange,
    agenda_save,
    event_cancel,
    event_delete,
    event_save,
    registration_cancel_by_staff,
    registration_promote_by_staff,
    registration_save,
)

CSV_FIELDS = [
    "event",
    "name",
    "email",
    "company",
    "status",
    "waitlist_position",
    "dietary_needs",
    "listed_publicly",
    "language",
    "ticket_code",
    "checked_in_at",
    "created_at",
]


def csv_time(value) -> str:
    """Local (Berlin) time to the second, in a form spreadsheet programs read as a date and time."""
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M:%S") if value else ""


def attendees_csv(registrations, filename: str) -> StreamingHttpResponse:
    """A CSV file of registrations (hubportal.exports: formulas defused, UTF-8 with BOM)."""
    return csv_response(attendee_rows(registrations), filename)


def attendee_rows(registrations):
    """The header, then one row per registration, in the current language (Berlin times)."""
    languages = dict(settings.LANGUAGES)
    yield [str(Registration._meta.get_field(f).verbose_name) for f in CSV_FIELDS]
    for r in registrations:
        yield [
            r.event.title,
            r.name,
            r.email,
            r.company,
            r.get_status_display(),
            r.waitlist_position or "",
            r.dietary_needs,
            _("Yes") if r.listed_publicly else _("No"),
            languages.get(r.language, r.language),
            r.ticket_code,
            csv_time(r.checked_in_at),
            csv_time(r.created_at),
        ]


def _named(action, name: str):
    action.__name__ = name
    return action


cancel_events = _named(
    bulk_action(
        event_cancel,
        description=_("Cancel the selected events and mail every registrant"),
        done=lambda n: (
            ngettext(
                "%d event cancelled; its registrants are mailed.",
                "%d events cancelled; their registrants are mailed.",
                n,
            )
            % n
        ),
        argument="event",
    ),
    "cancel_events",
)
promote = _named(
    bulk_action(
        registration_promote_by_staff,
        description=_("Promote from the waitlist (even beyond capacity)"),
        done=lambda n: ngettext("%d registration promoted.", "%d registrations promoted.", n) % n,
        argument="registration",
        queryset=lambda qs: qs.filter(status=Registration.Status.WAITLISTED).order_by("waitlist_position"),
    ),
    "promote",
)
cancel = _named(
    bulk_action(
        registration_cancel_by_staff,
        description=_("Cancel the selected registrations (mails them, moves up the waitlist)"),
        done=lambda n: ngettext("%d registration cancelled.", "%d registrations cancelled.", n) % n,
        argument="registration",
        queryset=lambda qs: qs.exclude(status=Registration.Status.CANCELLED),
    ),
    "cancel",
)


class ManagedOnlyMixin:
    """An event (or registration) the user does not manage is a 404, not a redirect with "doesn't exist"."""

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is None:
            raise Http404
        return obj


WAITLIST_BUSY = _(
    "The event was saved, but nobody could move up from the waitlist right now because many people are "
    "registering. Change the capacity again in a moment to retry."
)

RESCHEDULE_BUSY = _(
    "The event was saved, but because many people are registering right now, its registrants were not mailed "
    "about the new time or place, and no new reminder was scheduled. Please inform them yourself."
)


class RegistrationAdminForm(forms.ModelForm):
    """Refuses an address that another active registration of the same event already uses."""

    class Meta:
        model = Registration
        fields = ["name", "email", "language", "company", "dietary_needs", "listed_publicly"]

    def clean_email(self):
        email = self.cleaned_data["email"]
        others = Registration.objects.active().filter(event_id=self.instance.event_id, email__iexact=email)
        if self.instance.is_active and others.exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(_("Another registration for this event already uses this address."))
        return email


class AgendaItemInline(admin.StackedInline):
    model = AgendaItem
    extra = 0
    autocomplete_fields = ["speakers"]
    fields = [("starts_at", "ends_at", "room"), "title", ("description_de", "description_en"), "speakers"]

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "speakers":
            kwargs["queryset"] = Speaker.objects.for_staff(request.user)
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class RegistrationInline(admin.TabularInline):
    model = Registration
    extra = 0
    can_delete = False
    show_change_link = True
    fields = readonly_fields = ("name", "email", "status", "waitlist_position", "checked_in_at")
    ordering = ["status", "waitlist_position", "created_at"]

    def has_add_permission(self, request, obj=None):
        return False  # registrations go through the service (capacity, waitlist, mails)

    def has_change_permission(self, request, obj=None):
        return False  # read only here: each row links to its registration's page


@admin.register(Event)
class EventAdmin(ManagedOnlyMixin, ServiceSaveAdmin):
    """Saved by `event_save` (with its topics), the agenda by `agenda_save`, deleted by `event_delete`."""

    delete_service = event_delete
    delete_argument = "event"
    list_display = [
        "title",
        "starts_at",
        "hub",
        "type",
        "status",
        "visibility",
        "capacity",
        "confirmed",
        "waitlisted",
        "checkin_link",
    ]
    list_filter = ["status", "visibility", "type", "format", ("hub", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["hub"]
    search_fields = ["title", "slug", "venue_name"]
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["topics"]
    date_hierarchy = "starts_at"
    inlines = [AgendaItemInline, RegistrationInline]
    actions = [cancel_events, "export_attendees"]
    readonly_fields = ["invite_link", "reminder_sent_at", "cancelled_at", "created_at", "updated_at"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "title",
                    "slug",
                    "status",
                    "type",
                    "format",
                    "language",
                    "content_language",
                    "hub",
                    "organiser",
                    "organised_by_agency",
                    "topics",
                ]
            },
        ),
        (
            _("Time and place"),
            {"fields": ["starts_at", "ends_at", "date_precision", "venue_name", "venue_address", "online_url"]},
        ),
        (_("Description"), {"fields": ["description_de", "description_en", "image"]}),
        (
            _("Registration"),
            {
                "fields": [
                    "registration_enabled",
                    "capacity",
                    "waitlist_enabled",
                    "registration_opens_at",
                    "registration_closes_at",
                    "visibility",
                    "invite_link",
                ]
            },
        ),
        (_("History"), {"fields": ["reminder_sent_at", "cancelled_at", "created_at", "updated_at"]}),
    ]

    def get_queryset(self, request):
        # Hub managers see and edit only their hubs' events; agency staff see all.
        return (
            super()
            .get_queryset(request)
            .filter(pk__in=Event.objects.for_staff(request.user).values("pk"))
            .annotate(
                confirmed_total=Count("registrations", filter=Q(registrations__status=Registration.Status.CONFIRMED)),
                waitlisted_total=Count("registrations", filter=Q(registrations__status=Registration.Status.WAITLISTED)),
            )
        )

    def get_readonly_fields(self, request, obj=None):
        readonly = super().get_readonly_fields(request, obj)
        if obj is not None and obj.is_cancelled:
            return [*readonly, "status"]
        return readonly

    def formfield_for_choice_field(self, db_field, request, **kwargs):
        if db_field.name == "status":
            # Cancelling mails every registrant: that is the "Cancel the selected events" action's job.
            kwargs["choices"] = [(value, label) for value, label in Event.Status.choices if value != "cancelled"]
        return super().formfield_for_choice_field(db_field, request, **kwargs)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "hub" and not can_manage_all_events(request.user):
            kwargs["queryset"] = Hub.objects.managed_by(request.user)
            kwargs["required"] = True
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        changed, topics = form.changed_data if change else (), form.cleaned_data.get("topics")
        result = event_save(event=obj, by=request.user, changed_fields=changed, topics=topics)
        if result.reschedule_busy:
            self.message_user(request, RESCHEDULE_BUSY, messages.ERROR)
        if result.waitlist_busy:
            self.message_user(request, WAITLIST_BUSY, messages.ERROR)
        if result.informed:
            message = ngettext(
                "%d registrant was mailed about the new time or place.",
                "%d registrants were mailed about the new time or place.",
                result.informed,
            )
            self.message_user(request, message % result.informed, messages.SUCCESS)
        if result.moved:
            message = ngettext(
                "%d person moved up from the waitlist.", "%d people moved up from the waitlist.", result.moved
            )
            self.message_user(request, message % result.moved, messages.SUCCESS)

    def save_formset(self, request, form, formset, change):
        """The agenda is saved through `agenda_save` (with its log entry); the registrations inline is read-only."""
        if formset.model is not AgendaItem:
            return super().save_formset(request, form, formset, change)
        formset.save(commit=False)  # builds the instances and the lists Django's change message reads
        saved = [AgendaChange(f.instance, list(f.cleaned_data.get("speakers") or [])) for f in formset.saved_forms]
        agenda_save(event=form.instance, by=request.user, saved=saved, deleted=formset.deleted_objects)
        return None

    @admin.display(description=_("confirmed"), ordering="confirmed_total")
    def confirmed(self, obj):
        return obj.confirmed_total

    @admin.display(description=_("waitlist"), ordering="waitlisted_total")
    def waitlisted(self, obj):
        return obj.waitlisted_total

    @admin.display(description=_("check-in"))
    def checkin_link(self, obj):
        return format_html('<a href="{}">{}</a>', reverse("events:event_checkin", args=[obj.slug]), _("Check-in"))

    @admin.display(description=_("invitation link"))
    def invite_link(self, obj):
        if not obj.pk or not obj.is_invite_only:
            return "–"
        return f"{settings.SITE_URL}{obj.get_absolute_url()}?invite={obj.invite_code}"

    @admin.action(description=_("Export attendees (CSV)"))
    def export_attendees(self, request, queryset):
        registrations = Registration.objects.for_admin().filter(event__in=queryset).order_by("event", "status", "name")
        return attendees_csv(registrations, "attendees.csv")


@admin.register(Registration)
class RegistrationAdmin(ManagedOnlyMixin, ServiceSaveAdmin):
    form = RegistrationAdminForm
    list_display = ["name", "email", "event", "status", "waitlist_position", "checked_in_at", "created_at"]
    list_filter = [
        "status",
        ("checked_in_at", admin.EmptyFieldListFilter),
        ("event", admin.RelatedOnlyFieldListFilter),
    ]
    list_select_related = ["event", "user"]
    search_fields = ["name", "email", "ticket_code", "event__title"]
    autocomplete_fields = ["event", "user"]
    readonly_fields = [
        "event",
        "user",
        "status",
        "waitlist_position",
        "ticket_code",
        "email_confirmed_at",
        "confirmed_at",
        "promoted_at",
        "cancelled_at",
        "checked_in_at",
        "created_at",
        "updated_at",
    ]
    actions = [promote, cancel, "export_csv"]

    def get_queryset(self, request):
        return super().get_queryset(request).filter(event__in=Event.objects.for_staff(request.user).values("pk"))

    def has_add_permission(self, request):
        return False  # registrations go through the service (capacity, waitlist, mails)

    def has_delete_permission(self, request, obj=None):
        return False  # cancelled through the service instead (mails the person, moves up the waitlist)

    def save_model(self, request, obj, form, change):
        registration_save(registration=obj, by=request.user, changed_fields=form.changed_data)

    @admin.action(description=_("Export as CSV"))
    def export_csv(self, request, queryset):
        return attendees_csv(queryset.select_related("event"), "registrations.csv")


@admin.register(Speaker)
class SpeakerAdmin(ManagedOnlyMixin, ServiceSaveAdmin):
    save_service = reference_save
    delete_service = reference_delete
    list_display = ["name", "organisation"]
    search_fields = ["name", "organisation"]

    def get_queryset(self, request):
        # Hub managers see and edit only their hubs' speakers (and new ones); agency staff see all.
        return super().get_queryset(request).filter(pk__in=Speaker.objects.for_staff(request.user).values("pk"))
