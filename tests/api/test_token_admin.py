"""The API tokens in the admin: a read-only list for superusers and agency administrators, revoked through the
service (and so logged), never showing or filtering by the digest; other staff get a 403."""

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.test import Client
from django.urls import reverse
from django.utils import translation

from hubportal.activity.models import Activity
from hubportal.admin.roles import ADVISOR, AGENCY_ADMINISTRATOR, CONTENT_EDITOR, EVENT_MANAGER, staff_groups_ensure
from hubportal.users.models import ApiToken
from hubportal.users.services.api_tokens import api_token_create, api_token_revoke
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def url(name, *args, language="en"):
    with translation.override(language):
        return reverse(f"admin:users_apitoken_{name}", args=args)


@pytest.fixture
def groups():
    return staff_groups_ensure()


@pytest.fixture
def administrator(groups):
    user = UserFactory(is_staff=True, email="admin@example.org")
    user.groups.add(groups[AGENCY_ADMINISTRATOR])
    return user


def make_tokens(count):
    people = [UserFactory(email=f"holder{n}@example.org") for n in range(count)]
    return [api_token_create(user=person, name=f"Import {n}") for n, person in enumerate(people)]


def revoke(client, *rows):
    return client.post(
        url("changelist"),
        {"action": "revoke_selected", "index": 0, ACTION_CHECKBOX_NAME: [row.pk for row in rows]},
        follow=True,
    )


def test_the_list_shows_who_and_which_token_but_never_the_digest(client, administrator):
    (row, token), (revoked, _other) = make_tokens(2)
    api_token_revoke(user=revoked.user, token_id=revoked.pk)
    client.force_login(administrator)

    page = client.get(url("changelist")).content.decode()

    assert "holder0@example.org" in page and "Import 0" in page and row.prefix in page
    assert row.digest not in page and token not in page
    active = client.get(url("changelist"), {"revoked": "no"}).content.decode()
    assert "Import 0" in active and "Import 1" not in active
    found = client.get(url("changelist"), {"q": "holder1@"}).content.decode()
    assert "Import 1" in found and "Import 0" not in found
    detail = client.get(url("change", row.pk)).content.decode()
    assert row.prefix in detail and row.digest not in detail and "API token created" in detail


def test_the_columns_and_the_action_speak_german(client, administrator):
    make_tokens(1)
    client.force_login(administrator)

    page = client.get(url("changelist", language="de")).content.decode()

    assert "Zuletzt verwendet" in page and "Widerrufen" in page
    assert "Ausgewählte API-Tokens widerrufen" in page


@pytest.mark.parametrize("rows", [1, 20])
def test_the_list_needs_the_same_queries_for_1_and_20_tokens(
    client, administrator, django_assert_max_num_queries, rows
):
    make_tokens(rows)
    client.force_login(administrator)

    with django_assert_max_num_queries(12):
        response = client.get(url("changelist"))

    assert response.status_code == 200
    assert len(response.context["cl"].result_list) == rows


def test_revoking_in_the_admin_goes_through_the_service_and_is_logged(client, administrator):
    (row, token), (already, _other), (kept, kept_token) = make_tokens(3)
    api_token_revoke(user=already.user, token_id=already.pk)
    client.force_login(administrator)

    response = revoke(client, row, already)

    content = response.content.decode()
    assert "1 API token revoked." in content and "The token was revoked already." in content
    assert not ApiToken.objects.get(pk=row.pk).is_active and ApiToken.objects.get(pk=kept.pk).is_active
    entry = Activity.objects.of(row).filter(action="users.api_token_revoked").get()
    assert entry.actor == administrator
    assert entry.data == {"name": "Import 0", "prefix": row.prefix, "by_staff": True}
    assert Client(HTTP_AUTHORIZATION=f"Bearer {token}").get("/api/v1/hubs/").status_code == 401
    assert Client(HTTP_AUTHORIZATION=f"Bearer {kept_token}").get("/api/v1/hubs/").status_code == 200


def test_tokens_are_neither_added_changed_nor_deleted_here(client, staff_user):
    ((row, _token),) = make_tokens(1)
    client.force_login(staff_user)  # even a superuser
    original = ApiToken.objects.values().get(pk=row.pk)

    assert client.get(url("add")).status_code == 403
    assert client.post(url("change", row.pk), {"name": "changed"}).status_code == 403
    assert client.post(url("delete", row.pk), {"post": "yes"}).status_code == 403
    client.post(url("changelist"), {"action": "delete_selected", ACTION_CHECKBOX_NAME: [row.pk], "post": "yes"})
    assert ApiToken.objects.values().get(pk=row.pk) == original
    assert "delete_selected" not in client.get(url("changelist")).content.decode()


def test_nobody_filters_tokens_by_their_digest(client, staff_user):
    ((row, _token),) = make_tokens(1)
    client.force_login(staff_user)

    response = client.get(url("changelist"), {"digest__startswith": row.digest[:1]})

    assert response.status_code == 400


@pytest.mark.parametrize("group", [ADVISOR, EVENT_MANAGER, CONTENT_EDITOR])
def test_other_staff_get_a_403_and_revoke_nothing(client, groups, group):
    ((row, token), (other, _other_token)) = make_tokens(2)
    person = UserFactory(is_staff=True)
    person.groups.add(groups[group])
    client.force_login(person)

    assert client.get(url("changelist")).status_code == 403
    assert client.get(url("change", row.pk)).status_code == 403
    response = client.post(url("changelist"), {"action": "revoke_selected", ACTION_CHECKBOX_NAME: [row.pk]})
    assert response.status_code == 403
    assert ApiToken.objects.get(pk=row.pk).is_active
    assert not Activity.objects.filter(action="users.api_token_revoked").exists()


def test_the_admin_index_names_token_activity_for_those_who_may_see_it(client, administrator, groups):
    ((row, _token),) = make_tokens(1)
    api_token_revoke(user=row.user, token_id=row.pk)
    client.force_login(administrator)

    with translation.override("en"):
        index_url = reverse("admin:index")
    index = client.get(index_url).content.decode()

    assert "API token revoked" in index and "Import 0" in index
    advisor = UserFactory(is_staff=True)
    advisor.groups.add(groups[ADVISOR])
    client.force_login(advisor)
    assert "Import 0" not in client.get(index_url).content.decode()
