from django.contrib import admin

from ..dashboard import dashboard_context
from ..timeline import startup_timeline_view
from ..work import work_items
from . import advice, hubnews, reports  # noqa: F401

admin.site.register_view("startups/startup/<int:pk>/timeline/", startup_timeline_view, "startups_startup_timeline")  # type: ignore[attr-defined]  # our admin site class
# The agency's figures make the dashboard page; each section only for staff who may see its data.
admin.site.register_dashboard_panel("agency/admin/_dashboard.html", dashboard_context)  # type: ignore[attr-defined]  # our admin site class
admin.site.register_work(work_items)  # type: ignore[attr-defined]  # our admin site class
