"""Investor profiles, the investor directory and the watchlist."""

from functools import cached_property

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import DetailView, FormView, ListView

from .. import services
from ..filtersets import InvestorFilterSet
from ..forms import BookmarkNoteForm, InvestorProfileForm
from ..models import Bookmark, InvestorProfile, Startup
from ..visibility import viewer_for_request
from .directory import CappedPaginator


class InvestorProfileView(LoginRequiredMixin, FormView):
    """An investor creates or edits their own profile."""

    form_class = InvestorProfileForm
    template_name = "startups/investor_form.html"

    @cached_property
    def profile(self):
        return InvestorProfile.objects.filter(user=self.request.user).first()

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = self.profile or InvestorProfile(user=self.request.user)
        return kwargs

    def get_context_data(self, **kwargs):
        return super().get_context_data(profile=self.profile, **kwargs)

    def form_valid(self, form):
        data = dict(form.cleaned_data)
        was_verified = bool(self.profile and self.profile.is_verified)
        profile = services.investor_profile_save(
            user=self.request.user,
            data=data,
            stages=data.pop("stages"),
            topics=data.pop("topics"),
            hubs=data.pop("hubs"),
        )
        if profile.is_verified:
            messages.success(self.request, _("Your investor profile is saved."))
        elif was_verified:
            messages.warning(
                self.request,
                _(
                    "Your investor profile is saved. Because you changed your organisation, type or website, it "
                    "needs to be verified again: until our team has done so, you see only public fields. We tell "
                    "you by email."
                ),
            )
        else:
            messages.success(
                self.request, _("Your investor profile is saved. Our team verifies it and tells you by email.")
            )
        return redirect("users:account")


class InvestorAccessMixin:
    """The investor directory is for members of a startup team and staff."""

    def dispatch(self, request, *args, **kwargs):
        self.viewer = viewer_for_request(request)
        if not request.user.is_authenticated:
            from django.contrib.auth.views import redirect_to_login

            return redirect_to_login(request.get_full_path())
        if not self.viewer.can_browse_investors:
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class InvestorListView(InvestorAccessMixin, ListView):
    """Verified investors, filtered by type, stage, topic and ticket."""

    template_name = "startups/investor_list.html"
    context_object_name = "investors"
    paginate_by = 20
    paginator_class = CappedPaginator

    def get_queryset(self):
        base = InvestorProfile.objects.verified().for_listing().order_by("organisation", "id")
        self.filterset = InvestorFilterSet(self.request.GET, queryset=base, request=self.request)
        if not self.filterset.is_valid():
            return base.none()
        queryset = self.filterset.qs
        if "rank" in queryset.query.annotations:  # a search: best match first
            return queryset.order_by("-rank", "organisation", "id")
        return queryset.order_by("organisation", "id")

    def get_context_data(self, **kwargs):
        from .directory import filter_chips

        context = super().get_context_data(**kwargs)
        context["filterset"] = self.filterset
        context["chips"] = filter_chips(self.filterset, self.request)
        context["result_count"] = context["paginator"].count
        return context


class InvestorDetailView(InvestorAccessMixin, DetailView):
    template_name = "startups/investor_detail.html"
    context_object_name = "investor"

    def get_queryset(self):
        return InvestorProfile.objects.verified().for_listing()


class VerifiedInvestorMixin(LoginRequiredMixin):
    """Bookmarks are for verified investors only."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.investor = InvestorProfile.objects.filter(user=request.user, is_verified=True).first()
            if self.investor is None:
                raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class BookmarkListView(VerifiedInvestorMixin, ListView):
    """The investor's watchlist with private notes."""

    template_name = "startups/bookmark_list.html"
    context_object_name = "bookmarks"
    paginate_by = 50

    def get_queryset(self):
        return (
            Bookmark.objects.filter(investor=self.investor, startup__status=Startup.Status.PUBLISHED)
            .select_related("startup", "startup__hub")
            .order_by("-created_at", "-id")
        )


class BookmarkToggleView(VerifiedInvestorMixin, View):
    """POST: adds a published startup to the watchlist, or removes it."""

    def post(self, request, slug):
        startup = get_object_or_404(Startup.objects.published(), slug=slug)
        if Bookmark.objects.filter(investor=self.investor, startup=startup).exists():
            services.bookmark_delete(investor=self.investor, startup=startup)
            messages.success(request, _("%(name)s is no longer on your watchlist.") % {"name": startup.name})
        else:
            services.bookmark_save(investor=self.investor, startup=startup)
            messages.success(request, _("%(name)s is on your watchlist.") % {"name": startup.name})
        return redirect(_safe_next(request) or startup.get_absolute_url())


class BookmarkUpdateView(VerifiedInvestorMixin, View):
    """POST: saves the private note of a bookmark."""

    def post(self, request, slug):
        bookmark = get_object_or_404(
            Bookmark.objects.select_related("startup"), investor=self.investor, startup__slug=slug
        )
        form = BookmarkNoteForm(request.POST, instance=bookmark)
        if form.is_valid():
            services.bookmark_save(investor=self.investor, startup=bookmark.startup, note=form.cleaned_data["note"])
            messages.success(request, _("Your note is saved."))
        else:
            messages.error(request, _("The note is too long."))
        return redirect("startups:bookmark_list")


def _safe_next(request) -> str:
    from django.utils.http import url_has_allowed_host_and_scheme

    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return ""
