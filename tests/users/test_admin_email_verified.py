"""Staff mark an e-mail address verified through a service: logged, and refused for an address that another account
has verified (a verified address pulls in what is stored under it on export and deletion)."""

import pytest
from allauth.account.models import EmailAddress
from django.urls import reverse
from django.utils import translation

from hubportal.activity.actions import lines
from hubportal.activity.models import Activity
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
CHANGELIST = "admin:account_emailaddress_changelist"


def mark(client, *addresses):
    return client.post(
        reverse(CHANGELIST),
        {"action": "make_verified", "_selected_action": [a.pk for a in addresses]},
        follow=True,
    )


def test_marking_verified_goes_through_the_service_and_is_logged(admin_client, admin_user):
    person = UserFactory()
    address = EmailAddress.objects.create(user=person, email="neu@example.com", verified=False, primary=False)
    response = mark(admin_client, address)
    assert response.status_code == 200
    address.refresh_from_db()
    assert address.verified
    [entry] = Activity.objects.filter(action="users.email_verified_by_staff")
    assert entry.actor_id == admin_user.pk and entry.object_id == person.pk
    with translation.override("de"):
        assert [line.label for line in lines([entry])] == ["E-Mail-Adresse vom Team als bestätigt markiert"]


def test_an_address_verified_by_another_account_is_refused(admin_client):
    EmailAddress.objects.create(user=UserFactory(), email="geteilt@example.com", verified=True, primary=False)
    other = EmailAddress.objects.create(user=UserFactory(), email="Geteilt@example.com", verified=False, primary=False)
    response = mark(admin_client, other)
    other.refresh_from_db()
    assert not other.verified
    assert "Ein anderes Konto hat diese Adresse bereits bestätigt." in response.content.decode()  # the admin is German
    assert not Activity.objects.filter(action="users.email_verified_by_staff").exists()
