"""Introduction requests: ask, answer, withdraw, and the inbox."""

from allauth.core import ratelimit
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.timezone import now
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import FormView, TemplateView

from hubportal.errors import ServiceError
from startups.models import InvestorProfile, Startup

from .. import services
from ..forms import IntroductionDeclineForm, IntroductionRequestForm
from ..models import Introduction

REQUEST_RATE_LIMIT = "introduction_request"  # per-minute burst limit, rates in settings.ACCOUNT_RATE_LIMITS


class IntroductionRequestView(LoginRequiredMixin, FormView):
    """A verified investor asks a startup, or a startup's team member asks a verified investor."""

    form_class = IntroductionRequestForm
    template_name = "matching/introduction_form.html"
    target = "startup"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        slug = kwargs["slug"]
        if self.target == "startup":
            self.startup = get_object_or_404(Startup.objects.published(), slug=slug)
            self.investor = InvestorProfile.objects.filter(user=request.user, is_verified=True).first()
            self.startups = []
            if self.investor is None:
                raise PermissionDenied
        else:
            self.investor = get_object_or_404(InvestorProfile.objects.verified(), slug=slug)
            self.startups = list(Startup.objects.published().of_member(request.user).order_by("name", "id"))
            self.startup = self.startups[0] if self.startups else None
            if not self.startups:
                raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "startups": self.startups}

    def get_context_data(self, **kwargs):
        return super().get_context_data(startup=self.startup, investor=self.investor, target=self.target, **kwargs)

    def form_valid(self, form):
        if not ratelimit.consume(self.request, action=REQUEST_RATE_LIMIT):
            form.add_error(None, _("Too many requests in a short time. Please wait a minute, then try again."))
            response = self.form_invalid(form)
            response.status_code = 429
            return response
        startup = form.chosen_startup() or self.startup
        try:
            services.intro_request(
                user=self.request.user, startup=startup, investor=self.investor, message=form.cleaned_data["message"]
            )
        except ServiceError as error:
            form.add_error(None, error.message)
            return self.form_invalid(form)
        messages.success(self.request, _("Your request is sent. You get a mail when it is answered."))
        return redirect("matching:introduction_list")


class IntroductionListView(LoginRequiredMixin, TemplateView):
    """The inbox: requests to answer, own pending requests, accepted introductions with contacts, the rest."""

    template_name = "matching/introduction_list.html"
    PAST_LIMIT = 20

    def get_context_data(self, **kwargs):
        user = self.request.user
        mine = Introduction.objects.involving(user).for_inbox()
        incoming = list(Introduction.objects.incoming_for(user).for_inbox())
        outgoing = list(Introduction.objects.outgoing_for(user).for_inbox())
        accepted = list(mine.filter(status=Introduction.Status.ACCEPTED))
        # Answered, withdrawn, closed and expired requests, also those past their expiry that are not yet marked.
        past = list(mine.exclude(status="accepted").exclude(status="pending", expires_at__gt=now())[: self.PAST_LIMIT])
        for intro in accepted:
            intro.is_investor_side = intro.investor.user_id == user.pk
        return super().get_context_data(
            incoming=incoming,
            outgoing=outgoing,
            accepted=accepted,
            past=past,
            **{"decline_form": IntroductionDeclineForm(), "declining": None, **kwargs},
        )


class IntroductionActionView(LoginRequiredMixin, View):
    """POST: one step of a request the user is part of (others get a 404)."""

    def post(self, request, pk):
        introduction = get_object_or_404(
            Introduction.objects.involving(request.user).select_related("investor", "startup"), pk=pk
        )
        try:
            self.act(introduction)
        except ServiceError as error:
            messages.error(request, error.message)
        return redirect("matching:introduction_list")


class IntroductionAcceptView(IntroductionActionView):
    def act(self, introduction):
        services.intro_accept(introduction=introduction, user=self.request.user)
        messages.success(self.request, _("Introduction accepted. You now see each other's contact details."))


class IntroductionDeclineView(IntroductionActionView):
    def post(self, request, pk):
        form = IntroductionDeclineForm(request.POST)
        if form.is_valid():
            self.reason = form.cleaned_data["reason"]
            return super().post(request, pk)
        introduction = get_object_or_404(Introduction.objects.involving(request.user), pk=pk)
        if not Introduction.objects.incoming_for(request.user).filter(pk=introduction.pk).exists():
            # The inbox has no decline form of this request to show the error at: the answer a valid reason gets.
            if introduction.is_expired:
                messages.error(request, _("This request has expired without an answer."))
                return redirect("matching:introduction_list")
            if introduction.status != Introduction.Status.PENDING:
                messages.error(request, _("This request is no longer pending."))
                return redirect("matching:introduction_list")
            raise PermissionDenied  # the requesting side never declines (services.intro_decline)
        # Nothing is declined: the inbox again, with the reason as typed and the error at that request's form.
        inbox = IntroductionListView()
        inbox.setup(request)
        context = inbox.get_context_data(decline_form=form, declining=introduction.pk)
        return render(request, inbox.template_name, context, status=400)

    def act(self, introduction):
        services.intro_decline(introduction=introduction, user=self.request.user, reason=self.reason)
        messages.success(self.request, _("Request declined."))


class IntroductionWithdrawView(IntroductionActionView):
    def act(self, introduction):
        services.intro_withdraw(introduction=introduction, user=self.request.user)
        messages.success(self.request, _("Request withdrawn."))
