"""“Matches for you”: startups ranked for a verified investor, investors ranked for a startup team."""

from functools import cached_property

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.views.generic import ListView

from startups.filtersets import InvestorFilterSet, StartupFilterSet
from startups.models import InvestorProfile, Startup
from startups.views.directory import PER_PAGE, PRIMARY_FILTERS, CappedPaginator, filter_chips
from startups.visibility import viewer_for

from ..explain import explain
from ..scoring import annotate_investor_matches, startup_match_page


class RankedPaginator(CappedPaginator):
    """Pages of a ranking: counts the filtered rows and asks `rows(bottom=…, top=…)` for one page only."""

    def __init__(self, object_list, per_page, *, rows, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.rows = rows

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        rows = list(self.rows(bottom=bottom, top=top)) if top > bottom else []
        return self._get_page(rows, number, self)


class MatchListMixin(LoginRequiredMixin):
    paginate_by = PER_PAGE
    paginator_class = CappedPaginator

    @cached_property
    def viewer(self):
        return viewer_for(self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        for row in context["object_list"]:
            row.reasons = explain(row)
        context.update(
            filterset=self.filterset,
            chips=filter_chips(self.filterset, self.request),
            result_count=context["paginator"].count,
            viewer=self.viewer,
        )
        return context


class StartupMatchListView(MatchListMixin, ListView):  # type: ignore[misc]  # the mixin's own paginator
    """Published startups ranked by fit for the current verified investor, with the directory's filters."""

    template_name = "matching/startup_matches.html"
    context_object_name = "startups"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.investor = (
                InvestorProfile.objects.filter(user=request.user, is_verified=True)
                .prefetch_related("topics", "hubs")  # the score takes them as constants
                .first()
            )
            if self.investor is None:
                raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        """The filtered startups, unranked: the paginator counts them and ranks one page at a time."""
        base = Startup.objects.published()
        self.filterset = StartupFilterSet(self.request.GET, queryset=base, request=self.request, viewer=self.viewer)
        return self.filterset.qs if self.filterset.is_valid() else base.none()

    def get_paginator(self, queryset, per_page, **kwargs):
        return RankedPaginator(
            queryset.order_by("-published_at", "-id"),  # counted only; this order lets the count use an index
            per_page,
            rows=lambda bottom, top: startup_match_page(queryset, self.investor, bottom=bottom, top=top),
            **kwargs,
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            investor=self.investor,
            primary_fields=PRIMARY_FILTERS,
            more_filters_open=any(
                self.request.GET.get(name) for name in self.filterset.form.fields if name not in PRIMARY_FILTERS
            ),
            **kwargs,
        )


class InvestorMatchListView(MatchListMixin, ListView):  # type: ignore[misc]  # the mixin's own paginator
    """Verified investors ranked by fit for one published startup of the current user's team."""

    template_name = "matching/investor_matches.html"
    context_object_name = "investors"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.startups = list(Startup.objects.published().of_member(request.user).order_by("name", "id"))
            if not self.startups:
                raise PermissionDenied
            chosen = request.GET.get("startup")
            self.startup = next((s for s in self.startups if s.slug == chosen), self.startups[0])
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        base = InvestorProfile.objects.verified().for_listing().exclude(user=self.request.user)
        self.filterset = InvestorFilterSet(self.request.GET, queryset=base, request=self.request)
        queryset = self.filterset.qs if self.filterset.is_valid() else base.none()
        return annotate_investor_matches(queryset, self.startup).order_by("-match_score", "organisation", "id")

    def get_context_data(self, **kwargs):
        return super().get_context_data(startup=self.startup, startups=self.startups, **kwargs)
