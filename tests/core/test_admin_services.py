"""Every admin write goes through a service: the walk over the admin site's ModelAdmins and inlines, and a few of
the writes seen from the outside (the activity entry only a service writes, the account deletion's anonymising)."""

import datetime

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone, translation

from agency.models import AdviceNote, AdviceReply
from events.models import AgendaItem, Registration, Speaker
from hubportal.activity.actions import lines
from hubportal.activity.models import Activity
from hubportal.admin.actions import ServiceDeleteAdmin, ServiceInline, ServiceSaveAdmin
from hubportal.mail.models import OutboundEmail
from hubs.models import Topic
from startups.models import StartupMembership
from tests.factories import EventFactory, RegistrationFactory, SpeakerFactory, TopicFactory, UserFactory

pytestmark = pytest.mark.django_db

# ModelAdmins that save through a specific service of their own in save_model (not the one they name): label → it.
OWN_SAVE_MODEL = {
    "startups.startup": "startup_admin_save",
    "events.event": "event_save",
    "events.registration": "registration_save",
    "agency.advicerequest": "advice_request_update",
    "agency.hubupdate": "hub_update_save",
    "agency.hubreport": "hub_report_save",
    "matching.introduction": "intro_staff_notes_save",
}
# Inlines whose rows their ModelAdmin's own save_formset hands to specific services: inline model → service.
OWN_SAVE_FORMSET = {
    AgendaItem: "agenda_save",
    StartupMembership: "membership_add / membership_remove / ownership_transfer",
    AdviceNote: "advice_note_add",
    AdviceReply: "advice_reply_send",
}


def superuser_request():
    request = RequestFactory().get("/")
    request.user = UserFactory(is_staff=True, is_superuser=True)
    return request


def inline_writes(inline, request) -> bool:
    return bool(
        inline.has_add_permission(request, None)
        or inline.has_change_permission(request)
        or (inline.can_delete and inline.has_delete_permission(request))
    )


def problems(site, request) -> list[str]:
    """What on `site` a superuser may add, change or delete without the service mixins."""
    found = []
    for model, model_admin in site._registry.items():
        label, cls = model._meta.label_lower, type(model_admin)
        if model_admin.has_add_permission(request) or model_admin.has_change_permission(request):
            if not isinstance(model_admin, ServiceSaveAdmin):
                found.append(f"{label}: saves without ServiceSaveAdmin")
            elif cls.save_model is not ServiceSaveAdmin.save_model and label not in OWN_SAVE_MODEL:
                found.append(f"{label}: save_model of its own, not listed with its service")
        if model_admin.has_delete_permission(request) and not isinstance(model_admin, ServiceDeleteAdmin):
            found.append(f"{label}: deletes without ServiceDeleteAdmin")
        for inline_class in model_admin.inlines:
            inline = inline_class(model, site)
            if not inline_writes(inline, request) or issubclass(inline_class, ServiceInline):
                continue
            own = cls.save_formset is not ServiceSaveAdmin.save_formset and inline_class.model in OWN_SAVE_FORMSET
            if not (isinstance(model_admin, ServiceSaveAdmin) and own):
                found.append(f"{label}: inline {inline_class.__name__} writes without ServiceInline")
    return found


def test_every_admin_and_inline_writes_through_the_service_mixins():
    assert problems(admin.site, superuser_request()) == []


def test_the_walk_finds_an_admin_and_an_inline_that_write_on_their_own():
    class PlainInline(admin.TabularInline):
        model = Registration

    class PlainAdmin(admin.ModelAdmin):
        inlines = [PlainInline]

    site = admin.AdminSite(name="plain")
    site.register(Topic, PlainAdmin)
    from events.models import Event

    site.register(Event, PlainAdmin)
    found = problems(site, superuser_request())
    assert "hubs.topic: saves without ServiceSaveAdmin" in found
    assert "hubs.topic: deletes without ServiceDeleteAdmin" in found
    assert "events.event: inline PlainInline writes without ServiceInline" in found


def topic_form(**values):
    data = {"name_de": "Bioökonomie", "name_en": "Bioeconomy", "slug": "bio"}
    return {"description_de": "", "description_en": "", **data, **values}


def test_a_topic_saved_in_the_admin_is_logged_with_its_changed_fields(client):
    creator, editor = UserFactory(is_staff=True, is_superuser=True), UserFactory(is_staff=True, is_superuser=True)
    client.force_login(creator)
    response = client.post(reverse("admin:hubs_topic_add"), topic_form())
    assert response.status_code == 302
    topic = Topic.objects.get(slug="bio")
    client.force_login(editor)
    response = client.post(reverse("admin:hubs_topic_change", args=[topic.pk]), topic_form(name_en="Bio economy"))
    assert response.status_code == 302

    created, changed = Activity.objects.of(topic).order_by("created_at", "id")
    assert (created.action, created.actor) == ("admin.created", creator)
    assert (changed.action, changed.actor, changed.data["fields"]) == ("admin.changed", editor, ["name_en"])
    with translation.override("de"):
        line = lines([changed])[0]
        name_en = str(Topic._meta.get_field("name_en").verbose_name)
    assert line.label == "Im Admin geändert"
    assert line.text.endswith(name_en)


def test_saving_an_unchanged_topic_writes_and_logs_nothing(admin_client):
    topic = TopicFactory(name_de="Bioökonomie", name_en="Bioeconomy", slug="bio")
    admin_client.post(reverse("admin:hubs_topic_change", args=[topic.pk]), topic_form())
    assert not Activity.objects.of(topic).exists()


def test_a_speaker_is_deleted_through_its_service(admin_client):
    speaker = SpeakerFactory(name="Ada Lovelace")
    response = admin_client.post(reverse("admin:events_speaker_delete", args=[speaker.pk]), {"post": "yes"})
    assert response.status_code == 302
    assert not Speaker.objects.filter(pk=speaker.pk).exists()
    entry = Activity.objects.get(action="admin.deleted")
    assert entry.data["target_name"] == str(speaker) and entry.data["target_deleted"] is True
    assert entry.actor.is_superuser


def test_the_user_delete_page_deletes_as_self_service_deletion_does(admin_client):
    person = UserFactory(email="greta@example.org", first_name="Greta")
    past = EventFactory(starts_at=timezone.now() - datetime.timedelta(days=10))
    registration = RegistrationFactory(event=past, user=person)

    response = admin_client.post(reverse("admin:users_user_delete", args=[person.pk]), {"post": "yes"})

    assert response.status_code == 302
    assert not get_user_model().objects.filter(pk=person.pk).exists()
    registration.refresh_from_db()
    assert (registration.name, registration.email, registration.user) == ("", "", None)
    assert OutboundEmail.objects.filter(template="emails/account_deleted", to=["greta@example.org"]).exists()


def test_a_staff_account_is_refused_on_the_delete_page_with_what_to_do_first(admin_client):
    colleague = UserFactory(is_staff=True)
    url = reverse("admin:users_user_delete", args=[colleague.pk])

    response = admin_client.post(url, {"post": "yes"}, follow=True)  # the admin's language: German

    assert response.redirect_chain[-1][0] == reverse("admin:users_user_change", args=[colleague.pk])
    messages = [str(message) for message in response.context["messages"]]
    assert any("Entfernen Sie zuerst den Mitarbeiter-Status" in message for message in messages), messages
    assert get_user_model().objects.filter(pk=colleague.pk).exists()


def test_staff_who_are_no_superusers_may_not_delete_a_superuser(client):
    from django.contrib.auth.models import Permission

    boss = UserFactory(is_staff=True, is_superuser=True)
    clerk = UserFactory(is_staff=True)
    clerk.user_permissions.add(*Permission.objects.filter(codename__in=["view_user", "delete_user"]))
    client.force_login(clerk)

    response = client.post(reverse("admin:users_user_delete", args=[boss.pk]), {"post": "yes"})

    assert response.status_code == 403
    assert get_user_model().objects.filter(pk=boss.pk).exists()
