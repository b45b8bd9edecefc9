"""A user's password page in the admin writes through `password_set_by_staff`: logged (never the password), with
the staff member who set it; Django's validation still refuses a weak or mismatched password."""

import pytest
from django.urls import reverse
from django.utils import translation

from hubportal.activity.actions import lines
from hubportal.activity.models import Activity
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
STRONG = "Lange-Passphrase-fuer-Tests-42"


def page(user):
    return reverse("admin:auth_user_password_change", args=[user.pk])


def test_setting_a_password_goes_through_the_service_and_is_logged(admin_client, admin_user):
    person = UserFactory()
    response = admin_client.post(page(person), {"password1": STRONG, "password2": STRONG, "usable_password": "true"})
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.check_password(STRONG)
    [entry] = Activity.objects.filter(action="users.password_set_by_staff")
    assert (entry.actor_id, entry.object_id, entry.data) == (admin_user.pk, person.pk, {"usable": True})
    assert STRONG not in str(entry.data)
    with translation.override("de"):
        assert [line.label for line in lines([entry])] == ["Passwort vom Team gesetzt"]


def test_disabling_password_login_is_logged_as_such(admin_client):
    person = UserFactory()
    person.set_password(STRONG)  # the choice is offered only for an account with a password
    person.save()
    admin_client.post(page(person), {"usable_password": "false", "unset-password": "1"})  # the "disable" button
    person.refresh_from_db()
    assert not person.has_usable_password()
    [entry] = Activity.objects.filter(action="users.password_set_by_staff")
    assert entry.data == {"usable": False}


def test_a_mismatch_changes_and_logs_nothing(admin_client):
    person = UserFactory()
    before = person.password
    response = admin_client.post(
        page(person), {"password1": STRONG, "password2": STRONG + "x", "usable_password": "true"}
    )
    assert response.status_code == 200
    person.refresh_from_db()
    assert person.password == before
    assert not Activity.objects.filter(action="users.password_set_by_staff").exists()
