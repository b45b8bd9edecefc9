"""The figures of the admin dashboard: each section is a fixed number of aggregate queries."""

from datetime import date

from django.apps import apps
from django.db.models import Count, Q
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.translation import gettext as _

from events.models import Event, Registration
from hubs.models import Topic, can_manage_all_hubs
from startups.models import InvestorProfile, Startup

from .models import AdviceRequest
from .models.hubnews import previous_quarter
from .services import hub_report_missing

TREND_MONTHS = 6


def bars(rows) -> list[dict]:
    """[(label, value)] → rows with the bar length in percent of the largest value (for the SVG charts)."""
    rows = list(rows)
    top = max((value for _label, value in rows), default=0) or 1
    return [
        {"label": str(label), "value": value, "percent": round(value * 100 / top, 1), "y": index * 28}
        for index, (label, value) in enumerate(rows)
    ]


def chart(title: str, rows, chart_id: str) -> dict:
    data = bars(rows)
    return {"title": title, "rows": data, "id": chart_id, "height": max(len(data), 1) * 28}


def month_starts(today: date, count: int) -> list[date]:
    """The first day of the last `count` months, oldest first (the current month included)."""
    months, year, month = [], today.year, today.month
    for _step in range(count):
        months.append(date(year, month, 1))
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    return months[::-1]


def startup_figures() -> dict:
    published = Startup.objects.published()
    status_labels = dict(Startup.Status.choices)
    by_status = dict(Startup.objects.order_by().values_list("status").annotate(n=Count("id")))
    by_hub = published.order_by().values_list("hub__name").annotate(n=Count("id")).order_by("-n", "hub__name")
    stage_labels = dict(Startup.Stage.choices)
    by_stage = dict(published.order_by().values_list("stage").annotate(n=Count("id")))
    by_topic = (
        Topic.objects.annotate(n=Count("startups", filter=Q(startups__status=Startup.Status.PUBLISHED)))
        .filter(n__gt=0)
        .order_by("-n", "name_en")
    )
    months = month_starts(timezone.localdate(), TREND_MONTHS)
    created = (
        Startup.objects.filter(created_at__date__gte=months[0])
        .annotate(month=TruncMonth("created_at"))
        .order_by()
        .values_list("month")
        .annotate(n=Count("id"))
    )
    per_month = {timezone.localtime(m).date().replace(day=1) if hasattr(m, "hour") else m: n for m, n in created}
    return {
        "status": [(status_labels[key], by_status.get(key, 0)) for key in status_labels],
        "charts": [
            chart(_("Published startups by hub"), [(hub or "–", n) for hub, n in by_hub], "chart-hub"),
            chart(_("Published startups by topic"), [(t.name, t.n) for t in by_topic], "chart-topic"),  # type: ignore[attr-defined]  # annotated by the query
            chart(
                _("Published startups by stage"),
                [(label, by_stage.get(key, 0)) for key, label in stage_labels.items()],
                "chart-stage",
            ),
            chart(
                _("New startup profiles per month"),
                [(m.strftime("%m/%Y"), per_month.get(m, 0)) for m in months],
                "chart-trend",
            ),
        ],
        "moderation_queue": by_status.get(Startup.Status.SUBMITTED, 0),
        "verification_queue": InvestorProfile.objects.filter(is_verified=False).count(),
    }


def event_figures() -> dict:
    now = timezone.now()
    totals = Registration.objects.aggregate(
        confirmed=Count("id", filter=Q(status=Registration.Status.CONFIRMED)),
        waitlisted=Count("id", filter=Q(status=Registration.Status.WAITLISTED)),
        past_confirmed=Count("id", filter=Q(status=Registration.Status.CONFIRMED, event__ends_at__lt=now)),
        past_attended=Count(
            "id",
            filter=Q(status=Registration.Status.CONFIRMED, event__ends_at__lt=now, checked_in_at__isnull=False),
        ),
    )
    rate = round(totals["past_attended"] * 100 / totals["past_confirmed"]) if totals["past_confirmed"] else None
    upcoming = Event.objects.published().filter(ends_at__gte=now).count()
    return {**totals, "attendance_rate": rate, "upcoming": upcoming}


def advice_figures() -> dict:
    open_requests = AdviceRequest.objects.open()
    per_advisor = (
        open_requests.order_by()
        .values_list("advisor__first_name", "advisor__last_name", "advisor__email")
        .annotate(n=Count("id"))
        .order_by("-n", "advisor__email")
    )
    rows = [
        (" ".join(filter(None, (first, last))) or email or _("Not assigned"), n)
        for first, last, email, n in per_advisor
    ]
    return {
        "chart": chart(_("Open advice requests per advisor"), rows, "chart-advice"),
        "open": sum(n for _label, n in rows),
        "overdue": AdviceRequest.objects.overdue().count(),
    }


def report_figures() -> dict:
    year, quarter = previous_quarter()
    return {"year": year, "quarter": quarter, "missing": list(hub_report_missing(year=year, quarter=quarter))}


def intro_figures() -> dict | None:
    """The intro funnel (requested → accepted), once the matching app is installed."""
    if not apps.is_installed("matching"):
        return None
    introduction = apps.get_model("matching", "Introduction")
    totals = introduction.objects.aggregate(
        requested=Count("id"),
        accepted=Count("id", filter=Q(status="accepted")),
        declined=Count("id", filter=Q(status="declined")),
        pending=Count("id", filter=Q(status="pending")),
    )
    rows = [(_("Requested"), totals["requested"]), (_("Accepted"), totals["accepted"])]
    rate = round(totals["accepted"] * 100 / totals["requested"]) if totals["requested"] else None
    return {**totals, "rate": rate, "chart": chart(_("Introductions: requested → accepted"), rows, "chart-intros")}


def dashboard_context(request) -> dict:
    """The dashboard sections the user may see (each gated by the permission of its data)."""
    user = request.user
    context = {"dashboard": True}
    if user.has_perm("startups.view_startup"):
        context["startups"] = startup_figures()  # type: ignore[assignment]  # context of mixed values
    if user.has_perm("events.view_registration") and not user.managed_hubs.exists():
        context["events"] = event_figures()  # type: ignore[assignment]  # context of mixed values
    if user.has_perm("agency.view_advicerequest"):
        context["advice"] = advice_figures()  # type: ignore[assignment]  # context of mixed values
    if can_manage_all_hubs(user):
        context["reports"] = report_figures()  # type: ignore[assignment]  # context of mixed values
    if user.has_perm("matching.view_introduction"):
        context["intros"] = intro_figures()  # type: ignore[assignment]  # context of mixed values
    return context
