"""Guest registrations cannot be used to flood mailboxes or to put chosen text into our mails."""

import pytest
from django.core import mail
from django.urls import reverse

from events.models import Registration
from tests.factories import EventFactory

pytestmark = pytest.mark.django_db


def register_guest(client, event, number, ip="203.0.113.7"):
    data = {"name": f"Gast {number}", "email": f"gast{number}@example.org"}
    return client.post(reverse("events:registration_create", args=[event.slug]), data, REMOTE_ADDR=ip)


def test_guest_registrations_are_rate_limited_per_ip(client, settings):
    limit = int(settings.ACCOUNT_RATE_LIMITS["event_guest_registration"].split("/")[0])
    event = EventFactory()
    for number in range(limit):
        assert register_guest(client, event, number).status_code == 200
    mail.outbox = []
    response = register_guest(client, event, "x")
    assert response.status_code == 429
    assert response.context["form"].non_field_errors()
    assert 'value="gastx@example.org"' in response.content.decode()  # what they typed stays
    assert not Registration.objects.filter(email="gastx@example.org").exists()
    assert mail.outbox == []
    assert register_guest(client, event, "y", ip="198.51.100.9").status_code == 200


def test_opt_in_mail_does_not_contain_the_chosen_name(client):
    event = EventFactory()
    data = {"name": "Visit evil.example now", "email": "opfer@example.org"}
    client.post(reverse("events:registration_create", args=[event.slug]), data)
    [message] = mail.outbox
    assert "evil.example" not in message.body
    assert "evil.example" not in message.subject
    assert all("evil.example" not in str(content) for content, _type in message.alternatives)
