"""The admin keeps exactly one owner per startup; ownership moves only through the service."""

import pytest
from django.db.models import ProtectedError
from django.urls import reverse

from hubportal.activity.models import Activity
from startups import activity
from startups.models import StartupMembership
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def form_data(response) -> dict:
    """The POST data of an admin change page as it was rendered (main form and inlines)."""
    data = {}

    def add(form):
        for bound in form:
            value = bound.value()
            if value is None or bound.field.disabled:
                continue
            if isinstance(value, bool):
                if value:
                    data[bound.html_name] = "on"
            elif isinstance(value, list | tuple):
                data[bound.html_name] = [str(v) for v in value]
            else:
                data[bound.html_name] = str(value)

    add(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        for name, value in formset.management_form.initial.items():
            data[f"{formset.prefix}-{name}"] = str(value)
        for form in formset.forms:
            add(form)
    return data


@pytest.fixture
def team(founder, startup):
    member = UserFactory(email="member@example.org")
    membership = StartupMembership.objects.create(startup=startup, user=member)
    return startup, startup.memberships.get(role="owner"), membership


def change_url(startup):
    return reverse("admin:startups_startup_change", args=[startup.pk])


def test_admin_cannot_delete_the_owner_row(admin_client, team, english):
    startup, owner, _member = team
    data = form_data(admin_client.get(change_url(startup)))
    prefix = "memberships"
    index = next(i for i in range(2) if data.get(f"{prefix}-{i}-id") == str(owner.pk))
    data[f"{prefix}-{index}-DELETE"] = "on"
    response = admin_client.post(change_url(startup), data)
    assert response.status_code == 200
    assert "The owner cannot be removed. Hand over ownership first." in response.content.decode()
    assert StartupMembership.objects.filter(pk=owner.pk, role="owner").exists()


def test_admin_cannot_change_roles_in_the_inline(admin_client, team):
    startup, owner, member = team
    data = form_data(admin_client.get(change_url(startup)))
    for i in range(2):
        data[f"memberships-{i}-role"] = "owner" if data[f"memberships-{i}-id"] == str(member.pk) else "member"
    response = admin_client.post(change_url(startup), data)
    assert response.status_code == 302
    assert startup.memberships.get(role="owner") == owner


def test_admin_hands_over_ownership_through_the_service(admin_client, team, staff_user):
    startup, owner, member = team
    url = reverse("admin:startups_startup_transfer_ownership", args=[startup.pk])
    assert admin_client.get(url).status_code == 200
    response = admin_client.post(url, {"membership": member.pk})
    assert response.status_code == 302
    assert startup.memberships.get(role="owner") == member
    entry = Activity.objects.of(startup).get(action=activity.OWNER_CHANGED)
    assert entry.data == {"person": member.user_id} and entry.actor.is_staff


def test_deleting_the_owner_account_is_refused_but_a_member_may_go(team):
    startup, owner, member = team
    with pytest.raises(ProtectedError):
        owner.user.delete()
    assert startup.memberships.filter(role="owner").exists()
    member.user.delete()
    assert list(startup.memberships.all()) == [owner]


def test_users_admin_shows_the_protected_page_for_an_owner(admin_client, team):
    _startup, owner, _member = team
    url = reverse("admin:users_user_delete", args=[owner.user.pk])
    response = admin_client.get(url)
    assert response.status_code == 200 and response.context["protected"]
    admin_client.post(url, {"post": "yes"})
    assert StartupMembership.objects.filter(pk=owner.pk).exists()


def test_new_startup_in_the_admin_needs_one_owner(admin_client):
    response = admin_client.get(reverse("admin:startups_startup_add"))
    assert response.status_code == 200
    owner_field = response.context["inline_admin_formsets"][0].formset.empty_form.fields
    assert "role" in owner_field  # on the add page the owner is chosen here


def test_membership_changes_in_the_admin_are_logged(admin_client, team):
    startup, owner, member = team
    newcomer = UserFactory(email="newcomer@example.org")
    data = form_data(admin_client.get(change_url(startup)))
    index = next(i for i in range(2) if data.get(f"memberships-{i}-id") == str(member.pk))
    data[f"memberships-{index}-DELETE"] = "on"
    data["memberships-TOTAL_FORMS"] = "3"
    data["memberships-2-user"] = str(newcomer.pk)
    data["memberships-2-startup"] = str(startup.pk)
    response = admin_client.post(change_url(startup), data)
    assert response.status_code == 302, response.context["errors"] if response.context else ""
    logged = list(Activity.objects.of(startup).values_list("action", "data"))
    assert (activity.MEMBER_JOINED, {"person": newcomer.pk, "owner": False}) in logged
    assert (activity.MEMBER_REMOVED, {"person": member.user_id}) in logged
    assert set(startup.memberships.values_list("user", flat=True)) == {owner.user_id, newcomer.pk}


def test_admin_edits_are_logged_with_old_and_new_values(admin_client, team, admin_user):
    from tests.factories import TopicFactory

    startup, _owner, _member = team
    topic = TopicFactory(slug="fintech")
    data = form_data(admin_client.get(change_url(startup)))
    data.update(pitch="Neuer Pitch", team_size="12", topics=[str(topic.pk)])
    response = admin_client.post(change_url(startup), data)
    assert response.status_code == 302
    change = Activity.objects.of(startup).get(action=activity.UPDATED)
    assert change.actor == admin_user
    assert sorted(change.data["fields"]) == ["pitch", "team_size", "topics"]
    assert change.data["values"] == {"team_size": [8, 12], "topics": [[], ["fintech"]]}  # no prose kept
