from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.contrib.syndication.views import Feed
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse, reverse_lazy
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView, FormView, ListView, View
from django.views.generic.detail import SingleObjectMixin
from django.views.generic.edit import FormMixin

from hubportal.errors import ServiceError
from hubportal.users.models import User

from .forms import AdviceAnswerForm, AdviceRequestForm, OrganisationProfileForm
from .models import AdviceRequest, HubUpdate, OrganisationProfile
from .services import advice_request_answer, advice_request_create, advice_request_withdraw, organisation_profile_save


class OrganisationProfileUpdateView(LoginRequiredMixin, FormView):
    """Create or edit one's own organisation profile (organisation accounts only)."""

    form_class = OrganisationProfileForm
    template_name = "agency/organisationprofile_form.html"
    success_url = reverse_lazy("users:account")

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and request.user.account_type != User.AccountType.ORGANISATION:
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = OrganisationProfile.objects.filter(user=self.request.user).first()
        return kwargs

    def form_valid(self, form):
        organisation_profile_save(user=self.request.user, **form.cleaned_data)
        messages.success(self.request, _("Your organisation profile was saved."))
        return super().form_valid(form)


class AdviceRequestCreateView(LoginRequiredMixin, FormView):
    """Ask the agency for advice."""

    form_class = AdviceRequestForm
    template_name = "agency/advicerequest_form.html"

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["user"] = self.request.user
        return kwargs

    def get_initial(self):
        initial = super().get_initial()
        if self.request.GET.get("topic") in AdviceRequest.Topic.values:
            initial["topic"] = self.request.GET["topic"]
        return initial

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs, reply_days=settings.ADVICE_OVERDUE_WORKING_DAYS)

    def form_valid(self, form):
        advice = advice_request_create(requester=self.request.user, **form.cleaned_data)
        messages.success(self.request, _("Thank you. We received your request and will get back to you."))
        return redirect(advice)


class AdviceRequestListView(LoginRequiredMixin, ListView):
    """The requester's own advice requests."""

    template_name = "agency/advicerequest_list.html"
    context_object_name = "advice_requests"
    paginate_by = 20

    def get_queryset(self):
        return AdviceRequest.objects.for_account(self.request.user)


class AdviceRequestDetailView(LoginRequiredMixin, FormMixin, DetailView):
    """One request: status and the conversation, where the requester answers (internal notes are never loaded)."""

    template_name = "agency/advicerequest_detail.html"
    context_object_name = "advice"
    form_class = AdviceAnswerForm

    def get_queryset(self):
        return AdviceRequest.objects.for_requester(self.request.user).select_related("preferred_hub", "startup")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["replies"] = self.object.replies.select_related("author")
        return context

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        if not self.object.is_open:
            messages.error(request, _("This request is closed."))
            return redirect(self.object)
        form = self.get_form()
        if not form.is_valid():
            return self.form_invalid(form)
        try:
            advice_request_answer(request=self.object, requester=request.user, text=form.cleaned_data["text"])
        except ServiceError as error:  # e.g. closed by the agency since the check above
            messages.error(request, str(error))
            return redirect(self.object)
        messages.success(request, _("Your reply was sent to the agency."))
        return redirect(self.object)


class AdviceRequestWithdrawView(LoginRequiredMixin, SingleObjectMixin, View):
    """The requester withdraws their open request (POST only)."""

    http_method_names = ["post"]

    def get_queryset(self):
        return AdviceRequest.objects.for_requester(self.request.user)

    def post(self, request, *args, **kwargs):
        advice = self.get_object()
        try:
            advice_request_withdraw(request=advice, requester=request.user)
        except ServiceError as error:  # e.g. closed already (the service checks under the row lock)
            messages.error(request, str(error))
        else:
            messages.success(request, _("Your request was withdrawn."))
        return redirect(advice)


class HubUpdateListView(ListView):
    """News from all hubs, newest first."""

    template_name = "agency/hubupdate_list.html"
    context_object_name = "updates"
    paginate_by = 12

    def get_queryset(self):
        return HubUpdate.objects.for_listing()


class HubUpdateDetailView(DetailView):
    template_name = "agency/hubupdate_detail.html"
    context_object_name = "update"

    def get_queryset(self):
        return HubUpdate.objects.published().select_related("hub")


class HubUpdateFeed(Feed):
    """Atom feed of the hubs' news."""

    feed_type = Atom1Feed
    title = _("Hubportal: news from the hubs")
    subtitle = _("News from the digital hubs of the Digital Hub Initiative.")

    def link(self):
        return reverse("agency:hubupdate_list")

    def items(self):
        return HubUpdate.objects.for_listing()[:30]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.text

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_author_name(self, item):
        return item.hub.name
