"""Writes for hubs: loading the real hub data, assigning hub managers."""

from typing import TYPE_CHECKING

from django.contrib.auth.models import Group, Permission
from django.db import transaction

from . import data
from .models import Hub, HubNetwork, Topic

if TYPE_CHECKING:
    from hubportal.users.models import User


@transaction.atomic
def hubs_load_real_data() -> dict[str, int]:
    """Creates or updates the real topics, hubs and networks. Running it twice changes nothing.

    Only the fields the sources know are written, so what staff filled in later (website,
    contacts, descriptions, logo) is kept.
    """
    created = {"topics": 0, "hubs": 0, "networks": 0}
    topics = {}
    for slug, name_de, name_en in data.TOPICS:
        topic, was_created = Topic.objects.get_or_create(slug=slug, defaults={"name_de": name_de, "name_en": name_en})
        created["topics"] += was_created
        topics[slug] = topic
    hubs = {}
    for entry in data.HUBS:
        fields = {
            "name": entry["name"],
            "kind": Hub.Kind.PARTNER if "lead" in entry else Hub.Kind.NATIONAL,
            "cities": entry["cities"],
            "states": entry["states"],
            "focus_de": entry["focus_de"],
            "focus_en": entry["focus_en"],
            "selection_round_de": entry["selection_round"],
            "selection_round_en": data.ROUNDS_EN[entry["selection_round"]],
            "selected_on": entry["selected_on"],
            "latitude": entry["coords"][0],
            "longitude": entry["coords"][1],
        }
        hub, was_created = Hub.objects.get_or_create(slug=entry["slug"], defaults=fields)
        created["hubs"] += was_created
        if was_created:
            hub.focus_topics.set([topics[t] for t in entry["topics"]])
        hubs[entry["slug"]] = hub
    for entry in data.HUBS:
        if "lead" in entry and hubs[entry["slug"]].lead_hub_id is None:
            hub = hubs[entry["slug"]]
            hub.lead_hub = hubs[entry["lead"]]
            hub.save(update_fields=["lead_hub"])
            hub.partner_hubs.add(hubs[entry["lead"]])
    for entry in data.NETWORKS:
        fields = {k: entry[k] for k in ("name", "coordinator", "states", "founded_on", "expected_member_count")}
        fields |= {"description_de": entry["description_de"], "description_en": entry["description_en"]}
        network, was_created = HubNetwork.objects.get_or_create(slug=entry["slug"], defaults=fields)
        created["networks"] += was_created
        network.members.add(*[hubs[s] for s in entry["members"]])
    return created


HUB_MANAGER_GROUP = "Hub manager"
HUB_MANAGER_PERMISSIONS = [("hubs", "view_hub"), ("hubs", "change_hub"), ("hubs", "view_topic")]


@transaction.atomic
def hub_manager_group_ensure() -> Group:
    """The group whose permissions let hub managers open and edit their own hubs in the admin."""
    group, _ = Group.objects.get_or_create(name=HUB_MANAGER_GROUP)
    group.permissions.add(
        *[
            Permission.objects.get(content_type__app_label=app, codename=codename)
            for app, codename in HUB_MANAGER_PERMISSIONS
        ]
    )
    return group


@transaction.atomic
def hub_manager_add(*, hub: Hub, user: "User") -> None:
    """Makes `user` a manager of `hub`: staff status, the hub manager group and the assignment."""
    if not user.is_staff:
        user.is_staff = True
        user.save(update_fields=["is_staff"])
    user.groups.add(hub_manager_group_ensure())
    hub.managers.add(user)
