from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, connection, transaction
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from hubportal.activity.services import activity_record
from hubportal.errors import ServiceError
from hubportal.search import document

from .. import activity
from ..models import InvestorProfile, Startup, StartupMembership

if TYPE_CHECKING:
    from hubportal.users.models import User


class OwnerOnly(ServiceError):
    message = _("Only the owner decides who sees which fields.")
    code = "owner_only"


# Fields an owner or member may set through the profile form; status, team and moderation
# fields are only ever changed by the services below.
EDITABLE_FIELDS = (
    "name",
    "logo",
    "pitch",
    "description",
    "content_language",
    "website",
    "founded_year",
    "team_size",
    "stage",
    "business_model",
    "hub",
    "city",
    "seeking_funding",
    "funding_sought",
    "current_round",
    "contact_email",
    "company_visibility",
    "funding_visibility",
)


# Path segments of the startups URLs that a slug must not take.
RESERVED_SLUGS = {"new", "investors", "watchlist", "invitations", "export-csv"}


VISIBILITY_FIELDS = ("company_visibility", "funding_visibility")


def unique_slug(model: type[Startup | InvestorProfile], text: str, *, exclude_pk: int | None = None) -> str:
    """A slug from `text` that no other row of `model` uses yet (`name`, `name-2`, …)."""
    base = slugify(text)[:120] or "startup"
    slug, n = base, 1
    if slug in RESERVED_SLUGS:
        n, slug = 2, f"{base}-2"
    others = model.objects.exclude(pk=exclude_pk) if exclude_pk else model.objects.all()
    while others.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def save_with_unique_slug(instance: Startup | InvestorProfile, text: str, *, attempts: int = 5) -> None:
    """Inserts `instance` with a slug from `text`; if another request takes the slug first, tries the next one."""
    model = type(instance)
    for attempt in range(attempts):
        instance.slug = unique_slug(model, text)
        try:
            with transaction.atomic():  # a savepoint: the outer transaction survives the conflict
                instance.save()
            return
        except IntegrityError:
            if attempt == attempts - 1 or not model.objects.filter(slug=instance.slug).exists():
                raise


def startup_update_search_vector(*, startup_ids: list[int] | None = None) -> None:
    """Recomputes the stored full-text vectors (hubportal/search.py) in one UPDATE.

    `search_public` holds what everyone sees (name, pitch, city), `search_company` the description,
    which the search only matches where the viewer may see the company group.
    """
    queryset = Startup.objects.all()
    if startup_ids is not None:
        queryset = queryset.filter(pk__in=startup_ids)
    queryset.update(
        search_public=document(("name", "A"), ("pitch", "B"), ("city", "B")),
        search_company=document(("description", "C")),
    )


def startup_refresh_topic_ids(*, startup_ids: Iterable[int] | None = None) -> dict[int, list[int] | None]:
    """Recomputes `Startup.topic_ids` of the given startups (all when None) from the topics table, in one UPDATE.

    Returns the new values by startup id (empty for all rows).
    """
    with connection.cursor() as cursor:
        if startup_ids is None:
            cursor.execute(REFRESH_TOPIC_IDS)
            return {}
        cursor.execute(f"{REFRESH_TOPIC_IDS} WHERE s.id = ANY(%s) RETURNING s.id, s.topic_ids", [list(startup_ids)])
        return dict(cursor.fetchall())


REFRESH_TOPIC_IDS = """
UPDATE startups_startup AS s SET topic_ids = (
    SELECT array_agg(t.topic_id ORDER BY t.topic_id) FROM startups_startup_topics AS t WHERE t.startup_id = s.id
)"""


def _value(value: Any) -> Any:
    if hasattr(value, "pk"):
        return str(value)
    return value


def _json(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | float | str | list):
        return value
    return str(value)


def _values(startup: Startup) -> dict[str, Any]:
    """The values of the fields an edit logs with old and new (activity.VALUE_FIELDS), ready for JSON."""
    values = {name: _json(_value(getattr(startup, name))) for name in activity.VALUE_FIELDS if name != "topics"}
    values["topics"] = sorted(startup.topics.values_list("slug", flat=True)) if startup.pk else []
    return values


@transaction.atomic
def startup_create(*, user: "User", data: dict[str, Any], topics: Iterable[Any] = ()) -> Startup:
    """Creates a draft startup with `user` as its owner."""
    values = {name: data[name] for name in EDITABLE_FIELDS if name in data}
    startup = Startup(**values)
    startup.status = Startup.Status.DRAFT
    save_with_unique_slug(startup, startup.name)
    startup.topics.set(topics)
    StartupMembership.objects.create(startup=startup, user=user, role=StartupMembership.Role.OWNER)
    activity_record(actor=user, action_code=activity.CREATED, target=startup)
    startup_update_search_vector(startup_ids=[startup.pk])
    return startup


@transaction.atomic
def startup_update(
    *, startup: Startup, user: "User", data: dict[str, Any], topics: Iterable[Any] | None = None
) -> Startup:
    """Saves the team's edits (visibility: owner only); a published profile stays published; changes are logged."""
    startup = Startup.objects.select_for_update().get(pk=startup.pk)
    before = _values(startup)
    is_owner = StartupMembership.objects.filter(startup=startup, user=user, role=StartupMembership.Role.OWNER).exists()
    for name in VISIBILITY_FIELDS:
        if name in data and data[name] != getattr(startup, name) and not (is_owner or user.is_staff):
            raise OwnerOnly
    changes: list[str] = []
    for name in EDITABLE_FIELDS:
        if name not in data:
            continue
        old, new = getattr(startup, name), data[name]
        if name == "logo":
            if new is False:  # the "clear" checkbox
                new = ""
            elif new is None or (hasattr(new, "instance") and new.name == old.name):
                continue
            changes.append(name)
            setattr(startup, name, new)
        elif _value(old) != _value(new):
            changes.append(name)
            setattr(startup, name, new)
    if topics is not None and _topics_differ(startup, topics):
        changes.append("topics")
        startup.topics.set(topics)
    if changes:
        startup.save()
        data = activity.update_data(changes, before, _values(startup))
        activity_record(actor=user, action_code=activity.UPDATED, target=startup, data=data)
        startup_update_search_vector(startup_ids=[startup.pk])
    return startup


def _topics_differ(startup: Startup, topics: Iterable[Any]) -> bool:
    return sorted(startup.topics.values_list("pk", flat=True)) != sorted(t.pk for t in topics)


@transaction.atomic
def startup_admin_save(
    *, startup: Startup, by: "User", fields: Iterable[str], topics: Iterable[Any] | None = None
) -> Startup:
    """Staff save a startup the admin form has filled in (`fields`: the names the form changed): a new one is
    logged as created, an edit with the fields whose values differ from the stored row."""
    if startup.pk is None:
        startup.save()
        if topics is not None:
            startup.topics.set(topics)
        activity_record(actor=by, action_code=activity.CREATED, target=startup)
    else:
        stored = Startup.objects.select_for_update().defer("search_public", "search_company").get(pk=startup.pk)
        before = _values(stored)
        changed = [name for name in fields if name != "topics" and _field_differs(stored, startup, name)]
        startup.save()
        if topics is not None and _topics_differ(startup, topics):
            changed.append("topics")
            startup.topics.set(topics)
        if changed:
            data = activity.update_data(changed, before, _values(startup))
            activity_record(actor=by, action_code=activity.UPDATED, target=startup, data=data)
    startup_update_search_vector(startup_ids=[startup.pk])
    return startup


def _field_differs(old: Startup, new: Startup, name: str) -> bool:
    before, after = getattr(old, name), getattr(new, name)
    if name == "logo":
        return (before.name or "") != (after.name or "")
    return bool(_value(before) != _value(after))
