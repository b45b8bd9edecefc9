"""The staff groups and their least-privilege permissions, by app label (created by agency/0002, kept in sync here)."""

from django.db import transaction
from django.utils.translation import gettext_noop

VIEW = ("view",)
EDIT = ("view", "change")
WRITE = ("view", "add", "change")
ALL = ("view", "add", "change", "delete")

# The names stay English in the database; the admin shows them translated (hubportal/admin/groups.py).
AGENCY_ADMINISTRATOR = gettext_noop("Agency administrator")
ADVISOR = gettext_noop("Advisor")
EVENT_MANAGER = gettext_noop("Event manager")
CONTENT_EDITOR = gettext_noop("Content editor")
HUB_MANAGER = gettext_noop("Hub manager")  # the same name as hubs.services.HUB_MANAGER_GROUP
JURY = gettext_noop(
    "Jury"
)  # calls: jurors review applications on their own pages (calls/views/jury.py), nothing in the admin

# group → {(app_label, model): actions}, plus extra permissions as (app_label, codename).
GROUPS: dict[str, dict] = {
    AGENCY_ADMINISTRATOR: {
        "models": {
            ("hubs", "hub"): ALL,
            ("hubs", "topic"): ALL,
            ("hubs", "hubnetwork"): ALL,
            ("hubs", "hublink"): ALL,
            ("startups", "startup"): ALL,
            ("startups", "startupmembership"): ALL,
            ("startups", "startupinvitation"): ALL,
            ("startups", "investorprofile"): ALL,
            ("startups", "bookmark"): VIEW,
            ("events", "event"): ALL,
            ("events", "speaker"): ALL,
            ("events", "agendaitem"): ALL,
            ("events", "registration"): ALL,
            ("agency", "organisationprofile"): ALL,
            ("agency", "advicerequest"): EDIT,
            ("agency", "advicenote"): ("view", "add"),
            ("agency", "advicereply"): ("view", "add"),
            ("agency", "hubupdate"): ALL,
            ("agency", "hubreport"): ALL,
            ("users", "user"): WRITE,
            ("users", "apitoken"): EDIT,  # read the personal API tokens; "change" revokes (nothing else is editable)
            ("auth", "group"): VIEW,
            ("mail", "outboundemail"): EDIT,  # "change" runs "retry now"; every field stays read-only
            # The intro funnel: "change" closes stale requests and keeps staff notes (all other fields are read-only).
            ("matching", "introduction"): EDIT,
            ("matching", "savedsearch"): VIEW,
            ("matching", "digestlog"): VIEW,
        },
        "extra": [("hubs", "manage_all_hubs"), ("agency", "edit_all_hub_updates")],
    },
    ADVISOR: {
        "models": {
            ("agency", "advicerequest"): EDIT,
            ("agency", "advicenote"): ("view", "add"),
            ("agency", "advicereply"): ("view", "add"),
            ("agency", "organisationprofile"): VIEW,
            ("startups", "startup"): VIEW,
            ("hubs", "topic"): VIEW,
        },
        "extra": [],
    },
    EVENT_MANAGER: {
        "models": {
            ("events", "event"): ALL,
            ("events", "speaker"): ALL,
            ("events", "agendaitem"): ALL,
            ("events", "registration"): EDIT,
            ("hubs", "topic"): VIEW,
        },
        "extra": [],
    },
    CONTENT_EDITOR: {
        "models": {
            ("agency", "hubupdate"): ALL,
            ("hubs", "topic"): WRITE,
            ("startups", "startup"): EDIT,
            ("startups", "investorprofile"): EDIT,
        },
        "extra": [("agency", "edit_all_hub_updates")],
    },
    HUB_MANAGER: {
        "models": {
            ("hubs", "hub"): EDIT,
            ("hubs", "hublink"): ALL,
            ("hubs", "topic"): VIEW,
            ("events", "event"): WRITE,
            ("events", "speaker"): WRITE,
            ("events", "agendaitem"): ALL,
            ("events", "registration"): EDIT,
            ("agency", "hubupdate"): ALL,
            ("agency", "hubreport"): WRITE,
        },
        "extra": [],
    },
}


# --- calls: the calls app's permissions and the Jury group, kept in one block (calls/migrations/0002
# creates the same). Agency administrators run every call, hub managers their hubs' calls (calls.models.CallQuerySet
# .for_staff); jurors hold only the juror's permission and work on the jury pages, with MFA like all staff.
CALLS_STAFF_MODELS = {
    ("calls", "call"): ALL,
    ("calls", "question"): ALL,
    ("calls", "criterion"): ALL,
    ("calls", "jurymember"): ALL,
    ("calls", "application"): EDIT,
    ("calls", "answer"): VIEW,
    ("calls", "review"): VIEW,
}
# Agency administrators may delete a juror's declaration (with its scores) when a conflict was declared by mistake.
GROUPS[AGENCY_ADMINISTRATOR]["models"].update({**CALLS_STAFF_MODELS, ("calls", "review"): ("view", "delete")})
GROUPS[HUB_MANAGER]["models"].update({**CALLS_STAFF_MODELS, ("calls", "call"): WRITE})
GROUPS[JURY] = {"models": {}, "extra": [("calls", "review_application")]}
# --- end of calls


def group_permission_keys(name: str) -> set[tuple[str, str]]:
    """(app_label, codename) of every permission group `name` should have."""
    spec = GROUPS[name]
    keys = {(app, f"{action}_{model}") for (app, model), actions in spec["models"].items() for action in actions}
    return keys | set(spec["extra"])


def staff_groups_ensure(
    *, group_model=None, permission_model=None, using: str | None = None, skip_missing: bool = False
) -> dict:
    """Creates the staff groups and sets exactly their permissions (also used by the data migration, which passes
    its historical models and the database it migrates; None leaves the database to the routers). `skip_missing`
    leaves out permissions of apps not migrated yet (agency/0002; a later migration grants them)."""
    if group_model is None:
        from django.contrib.auth.models import Group, Permission

        group_model, permission_model = Group, Permission
    permissions = permission_model.objects.using(using)
    groups = {}
    with transaction.atomic(using=using):
        for name in GROUPS:
            keys = group_permission_keys(name)
            if skip_missing:
                wanted = [
                    p
                    for app, codename in keys
                    for p in permissions.filter(content_type__app_label=app, codename=codename)
                ]
            else:
                wanted = [permissions.get(content_type__app_label=app, codename=codename) for app, codename in keys]
            group, _ = group_model.objects.using(using).get_or_create(name=name)
            group.permissions.set(wanted)
            groups[name] = group
    return groups
