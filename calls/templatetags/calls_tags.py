from django import template
from django.utils import timezone
from django.utils.formats import date_format, time_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ..models import Call, Precision

register = template.Library()

SECTION_LIMIT = 5


def zone_name(local) -> str:
    """The Berlin zone's name at that moment, in the reader's language (CET/CEST, MEZ/MESZ)."""
    return _("CEST") if local.dst() else _("CET")


@register.filter
def berlin_time(value, precision: str = Precision.TIME) -> str:
    """A moment in Berlin time, as exact as it is known: "15 March 2017, 23:59 CET", "15 March 2017", "June 2017"."""
    if value is None:
        return ""
    local = timezone.localtime(value)
    if precision == Precision.MONTH:
        return date_format(local, "YEAR_MONTH_FORMAT")
    if precision == Precision.DAY:
        return date_format(local, "DATE_FORMAT")
    return _("%(date)s, %(time)s %(zone)s") % {
        "date": date_format(local, "DATE_FORMAT"),
        "time": time_format(local, "TIME_FORMAT"),
        "zone": zone_name(local),
    }


def days_left(deadline, now=None) -> int:
    """Calendar days in Berlin from today to the deadline's day (a DST change does not shift it)."""
    now = now or timezone.now()
    return (timezone.localdate(deadline) - timezone.localdate(now)).days


@register.simple_tag
def deadline_left(deadline, now=None) -> str:
    """ "12 days left", "1 day left", "Last day" – or "" once the deadline has passed."""
    now = now or timezone.now()
    if deadline is None or deadline <= now:
        return ""
    days = days_left(deadline, now)
    if days <= 0:
        return _("Last day")
    return ngettext("%(count)s day left", "%(count)s days left", days) % {"count": days}


@register.simple_tag
def phase_date(call: Call, field: str) -> str:
    return berlin_time(getattr(call, field), call.precision_of(field))


@register.inclusion_tag("calls/_hub_section.html")
def calls_for_hub(hub):
    """The open and upcoming calls a hub organises, for the hub page."""
    now = timezone.now()
    calls = list(Call.objects.published().open(now).filter(hub=hub).for_listing()[:SECTION_LIMIT])
    return {"calls": calls, "hub": hub}
