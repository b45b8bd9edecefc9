"""Saved directory searches with an optional digest mail."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.db import IntegrityError, transaction
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import CreateView, ListView

from ..forms import SavedSearchForm
from ..models import SavedSearch


class SavedSearchListView(LoginRequiredMixin, ListView):
    """The current user's saved searches."""

    template_name = "matching/savedsearch_list.html"
    context_object_name = "searches"

    def get_queryset(self):
        return SavedSearch.objects.filter(user=self.request.user).order_by("name", "id")


class SavedSearchCreateView(LoginRequiredMixin, CreateView):
    """Saves the current filter (the query string) under a name."""

    form_class = SavedSearchForm
    template_name = "matching/savedsearch_form.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        cleaned = getattr(context["form"], "cleaned_data", {})
        if "kind" in cleaned and "querystring" in cleaned:
            # A refused name: the way back to the filtered directory the user came from.
            context["back_url"] = SavedSearch(
                kind=cleaned["kind"], querystring=cleaned["querystring"]
            ).get_absolute_url()
        return context

    def form_valid(self, form):
        form.instance.user = self.request.user
        try:
            with transaction.atomic():
                form.save()
        except IntegrityError:
            form.add_error("name", _("You already have a saved search with this name."))
            return self.form_invalid(form)
        messages.success(self.request, _("Your search is saved."))
        return redirect("matching:savedsearch_list")


class SavedSearchDeleteView(LoginRequiredMixin, View):
    """POST: deletes one of the user's saved searches."""

    def post(self, request, pk):
        get_object_or_404(SavedSearch, pk=pk, user=request.user).delete()
        messages.success(request, _("The saved search is deleted."))
        return redirect("matching:savedsearch_list")
