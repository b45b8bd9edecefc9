"""Derived columns that follow their sources, whichever way those change.

`Startup.topic_ids` equals the startup's topics: `m2m_changed` covers forms, the admin and
`.set()/.add()/.remove()/.clear()` from either side; deleting a topic removes its rows without that signal, so its
startups are refreshed around the delete. `InvestorProfile.search` follows the profile's name and thesis and the
person's name, from every save (the profile form, the admin, the account page).
"""

from django.conf import settings
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete
from django.dispatch import receiver

from hubs.models import Topic

from .models import InvestorProfile, Startup
from .services import investor_update_search_vector, startup_refresh_topic_ids

INVESTOR_SEARCHED = {"organisation", "thesis"}
PERSON_SEARCHED = {"first_name", "last_name"}


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


@receiver(post_save, sender=InvestorProfile, dispatch_uid="investor_search_vector")
def refresh_investor_search(sender, instance, update_fields=None, **kwargs):
    if update_fields is None or INVESTOR_SEARCHED & set(update_fields):
        investor_update_search_vector(profile_ids=[instance.pk])


@receiver(post_save, sender=settings.AUTH_USER_MODEL, dispatch_uid="investor_search_vector_person")
def refresh_investor_search_of_person(sender, instance, created=False, update_fields=None, **kwargs):
    if not created and (update_fields is None or PERSON_SEARCHED & set(update_fields)):
        investor_update_search_vector(user_id=instance.pk)
