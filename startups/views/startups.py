"""A startup's profile: the public page and the team's create, edit and submit screens."""

from functools import cached_property

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import DetailView, FormView

from hubportal.activity.actions import lines
from hubportal.activity.models import Activity
from hubportal.errors import ServiceError

from .. import services
from ..forms import StartupForm
from ..models import Startup, StartupMembership
from ..services.startups import VISIBILITY_FIELDS
from ..visibility import viewer_for_request


class StartupDetailView(DetailView):
    """A profile: published for everyone, any state for its team and staff; fields by visibility."""

    template_name = "startups/startup_detail.html"
    context_object_name = "startup"

    def get_queryset(self):
        return Startup.objects.visible_to(self.request.user).for_detail()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        viewer = viewer_for_request(self.request)
        startup = self.object
        context["viewer"] = viewer
        context["visible"] = viewer.visible_fields(startup)
        context["is_team"] = startup.pk in viewer.startup_ids
        if context["is_team"]:
            context["membership"] = StartupMembership.objects.filter(startup=startup, user=self.request.user).first()
            context["changes"] = lines(Activity.objects.of(startup).select_related("actor")[:10])
        if viewer.can_bookmark and startup.is_published:
            context["bookmark"] = startup.bookmarks.filter(investor_id=viewer.investor_id).first()
        return context


class StartupCreateView(LoginRequiredMixin, FormView):
    """A founder creates a profile; it is saved as a draft and the founder becomes its owner."""

    form_class = StartupForm
    template_name = "startups/startup_form.html"

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = Startup()
        return kwargs

    def form_valid(self, form):
        data = dict(form.cleaned_data)
        topics = data.pop("topics")
        if data.get("logo") is False:
            data["logo"] = ""
        startup = services.startup_create(user=self.request.user, data=data, topics=topics)
        messages.success(self.request, _("Your profile is saved as a draft. Submit it for review when it is complete."))
        return redirect(startup)


class TeamStartupMixin(LoginRequiredMixin):
    """Loads the startup by slug among the startups of the current user's team (else 404)."""

    owner_only = False

    @cached_property
    def startup(self):
        queryset = (
            Startup.objects.owned_by(self.request.user)
            if self.owner_only
            else Startup.objects.of_member(self.request.user)
        )
        return get_object_or_404(queryset, slug=self.kwargs["slug"])

    def get_context_data(self, **kwargs):
        return super().get_context_data(startup=self.startup, **kwargs)


class StartupUpdateView(TeamStartupMixin, FormView):
    """The team edits its profile; a published profile stays published and every change is logged."""

    form_class = StartupForm
    template_name = "startups/startup_form.html"

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = self.startup
        return kwargs

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        if not Startup.objects.owned_by(self.request.user).filter(pk=self.startup.pk).exists():
            for name in VISIBILITY_FIELDS:  # only the owner decides who sees what
                del form.fields[name]
        return form

    def form_valid(self, form):
        data = dict(form.cleaned_data)
        topics = data.pop("topics")
        startup = services.startup_update(startup=self.startup, user=self.request.user, data=data, topics=topics)
        messages.success(self.request, _("Your changes are saved."))
        return redirect(startup)


class StartupSubmitView(TeamStartupMixin, View):
    """POST: the team submits the profile for review."""

    def post(self, request, slug):
        try:
            services.startup_submit(startup=self.startup, user=request.user)
        except ServiceError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Thank you! Our team reviews your profile and tells you by email."))
        return redirect(self.startup)
