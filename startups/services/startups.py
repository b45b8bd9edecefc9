from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, connection, transaction
from django.utils.text import slugify

from hubportal.search import document

from ..models import InvestorProfile, Startup, StartupChange, StartupMembership

if TYPE_CHECKING:
    from hubportal.users.models import User

# Fields an owner or member may set through the profile form; status, team and moderation
# fields are only ever changed by the services below.
EDITABLE_FIELDS = (
    "name",
    "logo",
    "pitch",
    "description",
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


def startup_changes(old: Startup, new: Startup, names: Iterable[str]) -> dict[str, list[Any]]:
    """The `changes` of a log entry: {field: [old, new]} for each of `names` whose value differs."""
    changes = {}
    for name in names:
        before, after = getattr(old, name), getattr(new, name)
        if name == "logo":
            before, after = before.name or "", after.name or ""
        if _value(before) != _value(after):
            changes[name] = [_json(_value(before)), _json(_value(after))]
    return changes


def _value(value: Any) -> Any:
    if hasattr(value, "pk"):
        return str(value)
    return value


@transaction.atomic
def startup_create(*, user: "User", data: dict[str, Any], topics: Iterable[Any] = ()) -> Startup:
    """Creates a draft startup with `user` as its owner."""
    values = {name: data[name] for name in EDITABLE_FIELDS if name in data}
    startup = Startup(**values)
    startup.status = Startup.Status.DRAFT
    save_with_unique_slug(startup, startup.name)
    startup.topics.set(topics)
    StartupMembership.objects.create(startup=startup, user=user, role=StartupMembership.Role.OWNER)
    StartupChange.objects.create(startup=startup, user=user, action=StartupChange.Action.CREATED)
    startup_update_search_vector(startup_ids=[startup.pk])
    return startup


@transaction.atomic
def startup_update(
    *, startup: Startup, user: "User", data: dict[str, Any], topics: Iterable[Any] | None = None
) -> Startup:
    """Saves the team's edits (visibility: owner only); a published profile stays published; changes are logged."""
    startup = Startup.objects.select_for_update().get(pk=startup.pk)
    is_owner = StartupMembership.objects.filter(startup=startup, user=user, role=StartupMembership.Role.OWNER).exists()
    for name in VISIBILITY_FIELDS:
        if name in data and data[name] != getattr(startup, name) and not (is_owner or user.is_staff):
            raise PermissionDenied("Only the owner decides who sees which fields.")
    changes = {}
    for name in EDITABLE_FIELDS:
        if name not in data:
            continue
        old, new = getattr(startup, name), data[name]
        if name == "logo":
            if new is False:  # the "clear" checkbox
                new = ""
            elif new is None or (hasattr(new, "instance") and new.name == old.name):
                continue
            changes["logo"] = [old.name or "", ""]
            setattr(startup, name, new)
        elif _value(old) != _value(new):
            changes[name] = [_json(_value(old)), _json(_value(new))]
            setattr(startup, name, new)
    if topics is not None:
        old_topics = sorted(startup.topics.values_list("slug", flat=True))
        new_topics = sorted(t.slug for t in topics)
        if old_topics != new_topics:
            changes["topics"] = [old_topics, new_topics]
            startup.topics.set(topics)
    if changes:
        startup.save()
        if "logo" in changes:
            changes["logo"] = [changes["logo"][0], startup.logo.name]
        StartupChange.objects.create(startup=startup, user=user, action=StartupChange.Action.UPDATED, changes=changes)
        startup_update_search_vector(startup_ids=[startup.pk])
    return startup


def _json(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | float | str | list):
        return value
    return str(value)
