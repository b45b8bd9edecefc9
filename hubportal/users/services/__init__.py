"""Writes and reads about a whole account: the data export and the deletion."""

from .deletion import (
    AccountDeletionBlocked,
    DeletionPlan,
    account_delete,
    account_delete_by_staff,
    account_deletion_plan,
)
from .export import account_export

__all__ = [
    "AccountDeletionBlocked",
    "DeletionPlan",
    "account_delete",
    "account_delete_by_staff",
    "account_deletion_plan",
    "account_export",
]
