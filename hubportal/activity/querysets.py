"""Reads of the activity log: the entries about an object, about objects of a kind, or by a person."""

from collections.abc import Iterable
from typing import TYPE_CHECKING, Self

from django.contrib.contenttypes.models import ContentType
from django.db import models

if TYPE_CHECKING:
    from hubportal.users.models import User

    from .models import Activity  # noqa: F401 (named in the quoted QuerySet base)


class ActivityQuerySet(models.QuerySet["Activity"]):
    def of(self, obj: models.Model) -> Self:
        """The entries about `obj`, newest first."""
        content_type = ContentType.objects.get_for_model(obj)
        return self.filter(content_type=content_type, object_id=obj.pk).order_by("-created_at", "-id")

    def of_type(self, model: type[models.Model], object_ids: Iterable[int]) -> Self:
        """The entries about the objects of `model` with these ids, newest first."""
        content_type = ContentType.objects.get_for_model(model)
        return self.filter(content_type=content_type, object_id__in=list(object_ids)).order_by("-created_at", "-id")

    def by(self, user: "User") -> Self:
        """What `user` did, newest first."""
        return self.filter(actor=user).order_by("-created_at", "-id")
