"""Keeps `Startup.topic_ids` equal to the startup's topics, whichever way the topics change.

`m2m_changed` covers forms, the admin and `.set()/.add()/.remove()/.clear()` from either side; deleting a
topic removes its rows without that signal, so its startups are refreshed around the delete.
"""

from django.db.models.signals import m2m_changed, post_delete, pre_delete
from django.dispatch import receiver

from hubs.models import Topic

from .models import Startup
from .services import startup_refresh_topic_ids


@receiver(m2m_changed, sender=Startup.topics.through, dispatch_uid="startup_topic_ids")
def refresh_topic_ids(sender, instance, action, reverse, pk_set, **kwargs):
    if not reverse:
        if action in ("post_add", "post_remove", "post_clear"):
            # The instance too, so that a later save() of it does not write the old value back.
            instance.topic_ids = startup_refresh_topic_ids(startup_ids=[instance.pk]).get(instance.pk)
        return
    # From the topic's side (topic.startups.add(...)): pk_set holds startups; a clear has none, so remember them.
    if action == "pre_clear":
        instance._topic_startup_ids = list(
            sender.objects.filter(topic_id=instance.pk).values_list("startup_id", flat=True)
        )
    elif action in ("post_add", "post_remove"):
        startup_refresh_topic_ids(startup_ids=pk_set or [])
    elif action == "post_clear":
        startup_refresh_topic_ids(startup_ids=getattr(instance, "_topic_startup_ids", []))


@receiver(pre_delete, sender=Topic, dispatch_uid="topic_delete_remember_startups")
def remember_startups_of_deleted_topic(sender, instance, **kwargs):
    instance._topic_startup_ids = list(
        Startup.topics.through.objects.filter(topic_id=instance.pk).values_list("startup_id", flat=True)
    )


@receiver(post_delete, sender=Topic, dispatch_uid="topic_delete_refresh_startups")
def refresh_startups_of_deleted_topic(sender, instance, **kwargs):
    startup_refresh_topic_ids(startup_ids=getattr(instance, "_topic_startup_ids", []))
