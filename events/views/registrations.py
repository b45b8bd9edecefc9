import io

import segno
from allauth.core import ratelimit
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import DetailView

from ..forms import GuestRegistrationForm, RegistrationForm
from ..models import Registration
from ..services import (
    CancellationClosed,
    EventFull,
    RegistrationBusy,
    RegistrationError,
    registration_cancel,
    registration_confirm_email,
    registration_create,
)
from ..tokens import code_from_confirm_token, code_from_guest_token, guest_token
from .events import check_invitation, visible_event_queryset

RETRY_AFTER_SECONDS = 5
GUEST_RATE_LIMIT = "event_guest_registration"  # rates in settings.ACCOUNT_RATE_LIMITS
USER_RATE_LIMIT = "event_registration"


def busy_response(request):
    """The friendly 'please try again' page for lock timeouts: 503 with Retry-After, never a 500."""
    response = render(request, "events/busy.html", status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


class BusyPageMixin:
    def dispatch(self, request, *args, **kwargs):
        try:
            return super().dispatch(request, *args, **kwargs)
        except RegistrationBusy:
            return busy_response(request)


class RegistrationCreateView(BusyPageMixin, View):
    """Registers the logged-in user with one click, or a guest by name and email (double opt-in)."""

    template_name = "events/registration_form.html"

    def get_event(self):
        event = get_object_or_404(visible_event_queryset(self.request).with_seat_counts(), slug=self.kwargs["slug"])
        code = self.request.POST.get("invite") or self.request.GET.get("invite", "")
        self.invite_code = check_invitation(event, self.request, code)
        return event

    def form_class(self):
        return RegistrationForm if self.request.user.is_authenticated else GuestRegistrationForm

    def get(self, request, slug):
        event = self.get_event()
        form = self.form_class()(initial={"invite": self.invite_code})
        return render(request, self.template_name, {"event": event, "form": form})

    def post(self, request, slug):
        event = self.get_event()
        form = self.form_class()(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            user = request.user if request.user.is_authenticated else None
            # Every guest registration sends a mail to an address the visitor chose: limit them per IP.
            if user is None and not ratelimit.consume(request, action=GUEST_RATE_LIMIT):
                form.add_error(None, _("Too many registrations from your network. Please try again later."))
                return render(request, self.template_name, {"event": event, "form": form}, status=429)
            if user is not None and not ratelimit.consume(request, action=USER_RATE_LIMIT):
                form.add_error(None, _("Too many registrations in a short time. Please wait a minute, then try again."))
                return render(request, self.template_name, {"event": event, "form": form}, status=429)
            try:
                registration = registration_create(
                    event=event,
                    user=user,
                    name=data.get("name", ""),
                    email=data.get("email", ""),
                    company=data["company"],
                    dietary_needs=data["dietary_needs"],
                    listed_publicly=data["listed_publicly"],
                    invite_code=data.get("invite", ""),
                )
            except RegistrationBusy:
                raise
            except RegistrationError as error:
                form.add_error(None, error.message)
                if isinstance(error, EventFull):
                    event = self.get_event()  # the last seats went while the person filled in the form
            else:
                return self.success(registration)
        return render(request, self.template_name, {"event": event, "form": form})

    def success(self, registration):
        if registration.user_id is None or not self.request.user.is_authenticated:
            return render(self.request, "events/registration_pending.html", {"event": registration.event})
        if not registration.was_created:
            messages.info(self.request, _("You are already registered for this event."))
        elif registration.is_confirmed:
            messages.success(self.request, _("You are registered. Your ticket is below and in your inbox."))
        else:
            messages.warning(
                self.request,
                _("The event is fully booked. You are number %(position)s on the waitlist.")
                % {"position": registration.waitlist_position},
            )
        return redirect(registration)


class RegistrationDetailView(LoginRequiredMixin, DetailView):
    """The ticket page, only for the registration's owner (anyone else gets a 404)."""

    template_name = "events/registration_detail.html"
    context_object_name = "registration"
    slug_field = "ticket_code"
    slug_url_kwarg = "code"

    def get_queryset(self):
        return Registration.objects.filter(user=self.request.user).select_related("event", "event__hub")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["qr_url"] = reverse("events:registration_qr", kwargs={"code": self.object.ticket_code})
        context["cancel_url"] = reverse("events:registration_cancel", kwargs={"code": self.object.ticket_code})
        return context


def guest_registration(token: str) -> Registration:
    code = code_from_guest_token(token)
    if code is None:
        raise Http404
    return get_object_or_404(Registration.objects.select_related("event", "event__hub"), ticket_code=code)


class RegistrationGuestView(View):
    """The ticket page for a guest, opened with the signed link from their mail."""

    def get(self, request, token):
        registration = guest_registration(token)
        context = {
            "registration": registration,
            "qr_url": reverse("events:registration_guest_qr", kwargs={"token": token}),
            "cancel_url": reverse("events:registration_guest_cancel", kwargs={"token": token}),
        }
        response = render(request, "events/registration_detail.html", context)
        response["Referrer-Policy"] = "no-referrer"
        return response


def qr_response(code: str) -> HttpResponse:
    buffer = io.BytesIO()
    segno.make(code, error="m").save(buffer, kind="svg", scale=8, border=2, xmldecl=False, light="#fff")
    response = HttpResponse(buffer.getvalue(), content_type="image/svg+xml")
    response["Cache-Control"] = "private, max-age=3600"
    return response


def registration_qr(request, code):
    """The ticket's QR code (SVG, made here with segno) for its owner."""
    if not request.user.is_authenticated:
        raise Http404
    registration = get_object_or_404(Registration, user=request.user, ticket_code=code)
    return qr_response(registration.ticket_code)


def registration_guest_qr(request, token):
    return qr_response(guest_registration(token).ticket_code)


class CancelBaseView(BusyPageMixin, View):
    """Asks, then cancels a registration; the seat goes to the next person on the waitlist."""

    template_name = "events/registration_cancel.html"

    def get_registration(self):
        return get_object_or_404(
            Registration.objects.filter(user=self.request.user).select_related("event"), ticket_code=self.kwargs["code"]
        )

    def page(self, registration, status=200):
        context = {"registration": registration, "too_late": registration.event.has_started}
        return render(self.request, self.template_name, context, status=status)

    def get(self, request, **kwargs):
        return self.page(self.get_registration())

    def post(self, request, **kwargs):
        registration = self.get_registration()
        try:
            registration = registration_cancel(registration=registration)
        except CancellationClosed:
            return self.page(registration, status=400)
        messages.success(request, _("Your registration is cancelled."))
        return redirect(self.done_url(registration))

    def done_url(self, registration):
        return registration.event.get_absolute_url()


class RegistrationCancelView(LoginRequiredMixin, CancelBaseView):
    """Cancellation by the logged-in owner (anyone else gets a 404)."""


class RegistrationGuestCancelView(CancelBaseView):
    """Cancellation by a guest through the signed link from their mail."""

    def get_registration(self):
        return guest_registration(self.kwargs["token"])

    def done_url(self, registration):
        return reverse("events:registration_guest", kwargs={"token": self.kwargs["token"]})


class RegistrationConfirmView(BusyPageMixin, View):
    """Double opt-in: the guest confirms by a button (mail scanners that open links do not confirm)."""

    template_name = "events/registration_confirm.html"

    def get_registration(self):
        code = code_from_confirm_token(self.kwargs["token"])
        if code is None:
            return None
        return Registration.objects.select_related("event").filter(ticket_code=code).first()

    def get(self, request, token):
        registration = self.get_registration()
        status = 200 if registration else 400
        return render(request, self.template_name, {"registration": registration}, status=status)

    def post(self, request, token):
        registration = self.get_registration()
        if registration is None:
            return render(request, self.template_name, {"registration": None}, status=400)
        try:
            registration = registration_confirm_email(registration=registration)
        except RegistrationBusy:
            raise
        except RegistrationError as error:
            return render(request, self.template_name, {"registration": registration, "error": error.message})
        if registration.is_confirmed:
            messages.success(request, _("Thank you. Your registration is confirmed; your ticket is below."))
        elif registration.is_waitlisted:
            messages.warning(
                request,
                _("Thank you. The event is fully booked; you are number %(position)s on the waitlist.")
                % {"position": registration.waitlist_position},
            )
        return redirect("events:registration_guest", token=guest_token(registration))
