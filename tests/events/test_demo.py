import datetime
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from events.data import events_load_real_data
from events.models import Event, Registration


@pytest.mark.django_db
def test_real_past_events_are_loaded_once(real_hubs):
    assert events_load_real_data() == 3
    assert events_load_real_data() == 0
    gipfel = Event.objects.get(slug="it-gipfel-2016-saarbruecken")
    assert gipfel.date_precision == Event.DatePrecision.MONTH
    assert gipfel.is_past and gipfel.organiser_label == ""
    kickoff = Event.objects.get(slug="kick-off-digital-hub-netzwerk-bw-2018")
    assert timezone.localtime(kickoff.starts_at).date() == datetime.date(2018, 10, 10)
    assert "DIZ" in kickoff.organiser


@pytest.mark.django_db
def test_load_demo_is_idempotent(client):
    call_command("load_demo", stdout=io.StringIO())
    counts = (Event.objects.count(), Registration.objects.count())
    call_command("load_demo", stdout=io.StringIO())
    assert (Event.objects.count(), Registration.objects.count()) == counts
    archive = client.get("/de/events/archive/").context["events"]
    assert {e.slug for e in archive} >= {"it-gipfel-2016-saarbruecken", "new-new-festival-2018"}
    assert all(e.title.startswith("[Demo]") for e in client.get("/de/events/").context["events"])
