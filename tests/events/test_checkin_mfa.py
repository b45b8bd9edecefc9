"""The check-in page follows the admin's two-factor rule (ADMIN_REQUIRE_MFA)."""

import pytest
from allauth.mfa.models import Authenticator
from django.urls import reverse

from tests.factories import EventFactory, RegistrationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _require_mfa(settings):
    settings.ADMIN_REQUIRE_MFA = True


def test_staff_without_mfa_is_sent_to_set_it_up_and_checks_nobody_in(client, staff_user):
    registration = RegistrationFactory()
    url = reverse("events:event_checkin", args=[registration.event.slug])
    client.force_login(staff_user)
    for response in (client.get(url), client.post(url, {"code": registration.ticket_code})):
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("mfa_activate_totp"))
    registration.refresh_from_db()
    assert registration.checked_in_at is None


def test_staff_with_mfa_checks_in(client, staff_user):
    Authenticator.objects.create(user=staff_user, type=Authenticator.Type.TOTP, data={"secret": "x"})
    registration = RegistrationFactory(event=EventFactory())
    url = reverse("events:event_checkin", args=[registration.event.slug])
    client.force_login(staff_user)
    assert client.get(url).status_code == 200
    response = client.post(url, {"code": registration.ticket_code})
    assert response.status_code == 200 and "checkin-ok" in response.content.decode()
    registration.refresh_from_db()
    assert registration.checked_in_at is not None
