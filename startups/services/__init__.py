"""Writes that touch several rows, send mail or must hold under concurrency."""

from .investors import (
    bookmark_delete,
    bookmark_save,
    investor_decline,
    investor_profile_save,
    investor_reject,
    investor_update_search_vector,
    investor_verify,
)
from .moderation import startup_delete, startup_publish, startup_reject, startup_submit, startup_unpublish
from .startups import (
    startup_admin_save,
    startup_create,
    startup_refresh_topic_ids,
    startup_update,
    startup_update_search_vector,
)
from .team import invitation_accept, invitation_create, membership_add, membership_remove, ownership_transfer

__all__ = [
    "bookmark_delete",
    "bookmark_save",
    "invitation_accept",
    "invitation_create",
    "investor_decline",
    "investor_profile_save",
    "investor_reject",
    "investor_update_search_vector",
    "investor_verify",
    "membership_add",
    "membership_remove",
    "ownership_transfer",
    "startup_admin_save",
    "startup_create",
    "startup_delete",
    "startup_publish",
    "startup_reject",
    "startup_submit",
    "startup_unpublish",
    "startup_update",
    "startup_refresh_topic_ids",
    "startup_update_search_vector",
]
