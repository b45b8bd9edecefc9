"""A full event without a waitlist offers nothing to join, and refuses guests before any mail."""

import pytest
from django.core import mail
from django.urls import reverse

from events.models import Registration
from events.services import EventFull, registration_confirm_email, registration_create
from tests.factories import EventFactory, RegistrationFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def sold_out():
    event = EventFactory(capacity=1, waitlist_enabled=False)
    RegistrationFactory(event=event)
    mail.outbox = []
    return event


@pytest.mark.parametrize("logged_in", [True, False])
def test_sold_out_event_shows_no_form_and_no_waitlist_button(client, sold_out, logged_in):
    if logged_in:
        client.force_login(UserFactory())
    for url in (sold_out.get_absolute_url(), reverse("events:registration_create", args=[sold_out.slug])):
        html = client.get(url).content.decode()
        assert "ausgebucht und hat keine Warteliste" in html
        assert "Auf die Warteliste" not in html
        assert 'class="form registration-form"' not in html


def test_guest_post_to_a_sold_out_event_is_refused_without_mail(client, sold_out):
    url = reverse("events:registration_create", args=[sold_out.slug])
    response = client.post(url, {"name": "Gast Gustav", "email": "gustav@example.org"})
    assert response.status_code == 200
    assert "ausgebucht und hat keine Warteliste" in response.content.decode()
    assert not Registration.objects.filter(email="gustav@example.org").exists()
    assert mail.outbox == []


def test_guest_asking_again_for_a_sold_out_event_gets_no_fresh_link(sold_out):
    sold_out.capacity = 2
    sold_out.save()
    guest = registration_create(event=sold_out, name="Gast", email="g@example.org")
    RegistrationFactory(event=sold_out)
    Registration.objects.filter(pk=guest.pk).update(updated_at=guest.updated_at.replace(year=2000))
    mail.outbox = []
    with pytest.raises(EventFull):
        registration_create(event=sold_out, name="Gast", email="g@example.org")
    assert mail.outbox == []


def test_guest_whose_seat_went_while_the_mail_was_on_its_way_is_refused_at_confirming():
    event = EventFactory(capacity=1, waitlist_enabled=False)
    guest = registration_create(event=event, name="Gast", email="g@example.org")
    registration_create(event=event, user=UserFactory())
    with pytest.raises(EventFull):
        registration_confirm_email(registration=guest)
    guest.refresh_from_db()
    assert guest.status == Registration.Status.PENDING
    assert Registration.objects.confirmed().filter(event=event).count() == 1
