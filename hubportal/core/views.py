import sys

from django.core.exceptions import RequestDataTooBig
from django.http import HttpResponse, HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.views.generic import TemplateView

from hubportal.core.database_unavailable import database_unavailable_response, is_database_unavailable
from hubportal.users.ratelimit import rate_limited_form_response

from .home import home_context


class HomeView(TemplateView):
    """The landing page: what the portal offers to startups, investors and companies, and the de:hubs.

    The apps add their sections' data through hubportal/core/home.py (the hubs app: hubs, map, topics, networks).
    """

    template_name = "core/home.html"

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), **home_context(self.request)}


class PageView(TemplateView):
    """Static pages (imprint, privacy, accessibility): one template each under templates/pages/."""

    page = ""

    def get_template_names(self):
        return [f"pages/{self.page}.html"]


def error_400(request, exception=None):
    """Unreadable or oversized requests: rendered without the request, whose body may be unreadable."""
    if isinstance(exception, RequestDataTooBig):
        return HttpResponse(loader.get_template("413.html").render(), status=413)
    return HttpResponse(loader.get_template("400.html").render(), status=400)


def error_404(request, exception=None):
    return render(request, "404.html", status=404)


def error_403(request, exception=None):
    return render(request, "403.html", status=403)


def csrf_failure(request, reason=""):
    """A form sent without a valid security token (CSRF_FAILURE_VIEW): our page in the visitor's language."""
    return render(request, "403_csrf.html", status=403)


def error_429(request, exception=None):
    """allauth's rate limits (its documented `handler429` hook): a limited form page answers with the form again,
    its message and what was typed (hubportal/users/ratelimit.py); anything else gets the 429 page."""
    return rate_limited_form_response(request) or render(request, "429.html", status=429)


def error_500(request):
    """Server error page: rendered without the request, so it works while the database is down.

    A database connection error raised outside a view (e.g. saving the session) gets the 503 page.
    """
    if is_database_unavailable(sys.exc_info()[1]):
        return database_unavailable_response()
    return HttpResponseServerError(loader.get_template("500.html").render())
