from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, render
from django.utils.decorators import method_decorator
from django.views import View

from ..forms import CheckInForm
from ..models import Event, Registration
from ..services import registration_check_in
from .registrations import BusyPageMixin


# The admin's own guard, so the door follows the admin's rules: staff only, and with ADMIN_REQUIRE_MFA
# staff without a second factor are sent to set one up first.
@method_decorator(admin.site.admin_view, name="dispatch")
class EventCheckInView(BusyPageMixin, View):
    """Staff check-in at the door: type or scan a ticket code, see the name and status, mark attended."""

    template_name = "events/event_checkin.html"

    def get_event(self, request, slug):
        """Only events the person manages (another hub's event is a 404), and only with the permission."""
        if not request.user.has_perm("events.change_registration"):
            raise PermissionDenied
        return get_object_or_404(Event.objects.for_staff(request.user), slug=slug)

    def context(self, event, form, result=None):
        registrations = Registration.objects.filter(event=event)
        return {
            "event": event,
            "form": form,
            "result": result,
            "confirmed_count": registrations.confirmed().count(),
            "checked_in_count": registrations.confirmed().filter(checked_in_at__isnull=False).count(),
        }

    def get(self, request, slug):
        event = self.get_event(request, slug)
        return render(request, self.template_name, self.context(event, CheckInForm()))

    def post(self, request, slug):
        event = self.get_event(request, slug)
        form = CheckInForm(request.POST)
        result = None
        if form.is_valid():
            result = registration_check_in(event=event, code=form.cleaned_data["code"])
            form = CheckInForm()
        return render(request, self.template_name, self.context(event, form, result))
