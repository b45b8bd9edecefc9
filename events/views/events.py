from django.conf import settings
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView
from django_filters.views import FilterView

from ..filtersets import EventFilterSet
from ..forms import RegistrationForm
from ..jsonld import event_jsonld
from ..models import Event, Registration


class EventListView(FilterView):
    """Upcoming events (or the archive of past ones) with filters and pagination."""

    filterset_class = EventFilterSet
    template_name = "events/event_list.html"
    context_object_name = "events"
    paginate_by = 12
    past = False

    def get_queryset(self):
        events = Event.objects.listed().for_listing()
        return events.past() if self.past else events.upcoming()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["past"] = self.past
        context["title"] = _("Past events") if self.past else _("Upcoming events")
        return context


def visible_event_queryset(request):
    """Published events; staff also see drafts of the events they manage (preview)."""
    return Event.objects.visible_to(request.user)


def check_invitation(event: Event, request, code: str = "") -> str:
    """Invite-only events are visible with the invitation code, to registrants and their managers; else 404."""
    if not event.is_invite_only or event.is_managed_by(request.user):
        return code
    if event.invite_code_matches(code):
        return code
    if request.user.is_authenticated and event.registrations.active().filter(user=request.user).exists():
        return ""
    raise Http404


class EventDetailView(DetailView):
    """The event page: facts, agenda, registration, and the person's own registration."""

    template_name = "events/event_detail.html"
    context_object_name = "event"

    def get_queryset(self):
        return visible_event_queryset(self.request).for_detail()

    def get_object(self, queryset=None):
        event = super().get_object(queryset)
        self.invite_code = check_invitation(event, self.request, self.request.GET.get("invite", ""))
        return event

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        event = self.object
        user = self.request.user
        registration = None
        if user.is_authenticated:
            registration = Registration.objects.active().filter(event=event, user=user).first()
        if "form" not in context and user.is_authenticated:  # readers get a link to the registration page
            context["form"] = RegistrationForm(initial={"invite": self.invite_code})
        if (registration and registration.is_confirmed) or event.is_managed_by(user):
            # Only attendees (and staff) see who else comes, and only people who agreed to be listed.
            context["participants"] = (
                Registration.objects.confirmed().filter(event=event, listed_publicly=True).order_by("name")
            )
        context.update(
            invite_code=self.invite_code,
            registration=registration,
            registration_state=event.registration_state(timezone.now()),
            show_online_link=bool(
                registration and registration.is_confirmed and not event.is_cancelled and event.online_url
            ),
            jsonld=event_jsonld(event, base_url=settings.SITE_URL),
        )
        return context
