"""The "recent actions" of the admin index: the latest entries of the activity log about objects the reader may see
in this admin (services write the log; Django's own admin log would miss what they do)."""

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse

from hubportal.activity.actions import Line, lines
from hubportal.activity.models import Activity

RECENT = 10
CANDIDATES = 50


@dataclass(frozen=True)
class Recent:
    line: Line
    target: str
    url: str
    kind: str


def recent_activity(site, request, *, limit: int = RECENT) -> list[Recent]:
    """The latest `limit` entries whose object the reader may view in `site`, narrowed as each model admin narrows
    its list (one query per kind of object)."""
    entries = list(Activity.objects.select_related("actor", "content_type").order_by("-created_at", "-id")[:CANDIDATES])
    visible: dict[int, dict] = {}
    for content_type in {entry.content_type for entry in entries}:
        model = content_type.model_class()
        model_admin = site._registry.get(model) if model is not None else None
        if model_admin is None or not model_admin.has_view_permission(request):
            continue
        ids = {entry.object_id for entry in entries if entry.content_type_id == content_type.pk}
        visible[content_type.pk] = model_admin.get_queryset(request).in_bulk(ids)
    shown = [entry for entry in entries if entry.object_id in visible.get(entry.content_type_id, {})][:limit]
    result = []
    for entry, line in zip(shown, lines(shown), strict=True):
        target = visible[entry.content_type_id][entry.object_id]
        opts = target._meta
        try:
            url = reverse(f"{site.name}:{opts.app_label}_{opts.model_name}_change", args=[target.pk])
        except NoReverseMatch:
            url = ""
        result.append(Recent(line, str(target), url, str(opts.verbose_name)))
    return result
