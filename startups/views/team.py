"""The team of a startup: members, invitations, ownership."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import FormView, TemplateView

from hubportal.errors import ServiceError

from .. import services
from ..forms import InvitationForm
from ..models import StartupInvitation, StartupMembership
from .startups import TeamStartupMixin


class StartupTeamView(TeamStartupMixin, FormView):
    """Members see the team; the owner also invites, removes and hands over ownership."""

    form_class = InvitationForm
    template_name = "startups/startup_team.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        memberships = list(self.startup.memberships.select_related("user"))
        context["memberships"] = memberships
        context["is_owner"] = any(m.user_id == self.request.user.pk and m.role == "owner" for m in memberships)
        if context["is_owner"]:
            context["invitations"] = self.startup.invitations.filter(
                accepted_at__isnull=True, expires_at__gt=timezone.now()
            )
        return context

    def form_valid(self, form):
        try:
            services.invitation_create(
                startup=self.startup, invited_by=self.request.user, email=form.cleaned_data["email"]
            )
        except ServiceError as error:
            form.add_error("email", error.message)
            return self.form_invalid(form)
        except PermissionDenied:
            raise
        messages.success(self.request, _("The invitation is on its way."))
        return redirect("startups:startup_team", slug=self.startup.slug)


class MembershipRemoveView(TeamStartupMixin, View):
    """POST: the owner removes a member, or a member leaves the team."""

    def post(self, request, slug, pk):
        membership = get_object_or_404(StartupMembership, startup=self.startup, pk=pk)
        try:
            services.membership_remove(membership=membership, by=request.user)
        except ServiceError as error:
            messages.error(request, error.message)
            return redirect("startups:startup_team", slug=slug)
        if membership.user_id == request.user.pk:
            messages.success(request, _("You have left the team."))
            return redirect("users:account")
        messages.success(request, _("The member has been removed."))
        return redirect("startups:startup_team", slug=slug)


class OwnershipTransferView(TeamStartupMixin, View):
    """POST: the owner hands ownership to another member."""

    owner_only = True

    def post(self, request, slug, pk):
        membership = get_object_or_404(StartupMembership, startup=self.startup, pk=pk)
        try:
            services.ownership_transfer(startup=self.startup, by=request.user, to_membership=membership)
        except ServiceError as error:  # the member left (or was removed) since the page was shown
            messages.error(request, error.message)
            return redirect("startups:startup_team", slug=slug)
        messages.success(request, _("%(name)s is now the owner.") % {"name": membership.user})
        return redirect("startups:startup_team", slug=slug)


class InvitationAcceptView(LoginRequiredMixin, TemplateView):
    """The invited person opens the link, logged in with the invited address, and accepts."""

    template_name = "startups/invitation_accept.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        invitation = get_object_or_404(StartupInvitation.objects.select_related("startup"), token=self.kwargs["token"])
        context["invitation"] = invitation
        context["wrong_account"] = invitation.email.lower() != self.request.user.email.lower()
        context["expired"] = invitation.expires_at < timezone.now() or invitation.accepted_at is not None
        return context

    def post(self, request, token):
        try:
            membership = services.invitation_accept(token=token, user=request.user)
        except ServiceError as error:
            messages.error(request, error.message)
            return redirect(reverse("startups:invitation_accept", kwargs={"token": token}))
        messages.success(request, _("Welcome to the team of %(name)s.") % {"name": membership.startup.name})
        return redirect(membership.startup)
