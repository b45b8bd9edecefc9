from django.contrib import admin

from ..dashboard import dashboard_context
from ..timeline import startup_timeline_view
from . import advice, hubnews  # noqa: F401

admin.site.register_view("startups/startup/<int:pk>/timeline/", startup_timeline_view, "startups_startup_timeline")  # type: ignore[attr-defined]  # our admin site class
# The agency dashboard is the admin's index page: each section only for staff who may see its data.
admin.site.register_index_panel("agency/admin/_dashboard.html", dashboard_context)  # type: ignore[attr-defined]  # our admin site class
