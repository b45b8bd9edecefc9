"""Stages: allowed moves only, a reason for "not eligible", each move logged and mailed in the applicant's language;
bulk actions in the admin; the results page names only consenting finalists and winners, once announced."""

import datetime

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from calls.services import ReasonRequired, StageNotAllowed, application_move
from hubportal.activity.models import Activity
from tests.factories import ApplicationFactory, CallFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_moves_follow_the_flow_and_not_eligible_needs_a_reason(call, staff_user):
    application = ApplicationFactory(call=call)
    with pytest.raises(StageNotAllowed):
        application_move(application=application, stage="winner", by=staff_user)
    with pytest.raises(ReasonRequired):
        application_move(application=application, stage="not_eligible", by=staff_user, reason="  ")
    for stage in ("eligible", "shortlisted", "finalist", "winner"):
        application_move(application=application, stage=stage, by=staff_user)
    application.refresh_from_db()
    assert application.stage == "winner" and application.decided_at
    draft = ApplicationFactory(call=call, stage="draft")
    with pytest.raises(StageNotAllowed):
        application_move(application=draft, stage="eligible", by=staff_user)


def test_each_move_is_logged_with_who_and_mailed_in_the_applicants_language(
    call, staff_user, django_capture_on_commit_callbacks
):
    english = UserFactory(language="en")
    application = ApplicationFactory(call=call, applicant=english, organisation_name="Sensorwiese")
    with django_capture_on_commit_callbacks(execute=True):
        application_move(application=application, stage="not_eligible", by=staff_user, reason="Zu spät gegründet")
    entry = Activity.objects.of(application).get(action="calls.application_moved")
    assert entry.actor == staff_user
    assert entry.data == {"from": "submitted", "to": "not_eligible", "reason": "Zu spät gegründet"}
    message = mail.outbox[-1]
    assert message.to == [english.email] and "not eligible" in message.body and "Zu spät gegründet" in message.body
    assert "/en/calls/applications/" in message.body


def test_a_hub_manager_cannot_move_applications_of_another_hubs_call(call):
    from calls.services.stages import NotYourCall
    from tests.factories import HubFactory

    manager = UserFactory(is_staff=True)
    HubFactory().managers.add(manager)
    application = ApplicationFactory(call=CallFactory(organiser="hub", hub=HubFactory()))
    with pytest.raises(NotYourCall):
        application_move(application=application, stage="eligible", by=manager)


def test_bulk_actions_in_the_admin_move_many_and_name_each_refusal(client, call, staff_user):
    ready = [ApplicationFactory(call=call) for _ in range(2)]
    draft = ApplicationFactory(call=call, stage="draft", organisation_name="Noch Entwurf")
    client.force_login(staff_user)
    url = reverse("admin:calls_application_changelist")
    response = client.post(
        url,
        {"action": "move_to_eligible", "index": 0, ACTION_CHECKBOX_NAME: [a.pk for a in [*ready, draft]]},
        follow=True,
    )
    assert {a.stage for a in type(draft).objects.filter(pk__in=[a.pk for a in ready])} == {"eligible"}
    draft.refresh_from_db()
    assert draft.stage == "draft"
    assert "Noch Entwurf" in response.content.decode()

    client.post(url, {"action": "move_to_not_eligible", "index": 0, "reason": "", ACTION_CHECKBOX_NAME: [ready[0].pk]})
    ready[0].refresh_from_db()
    assert ready[0].stage == "eligible"
    client.post(
        url,
        {"action": "move_to_not_eligible", "index": 0, "reason": "Kein Startup", ACTION_CHECKBOX_NAME: [ready[0].pk]},
    )
    ready[0].refresh_from_db()
    assert (ready[0].stage, ready[0].stage_reason) == ("not_eligible", "Kein Startup")


def test_the_results_page_names_only_consenting_finalists_and_the_winner_after_the_dates(client, monkeypatch):
    now = timezone.now()
    call = CallFactory(
        opens_at=now - datetime.timedelta(days=60),
        deadline=now - datetime.timedelta(days=30),
        finalists_at=now + datetime.timedelta(days=1),
        second_phase_deadline=now + datetime.timedelta(days=5),
        result_at=now + datetime.timedelta(days=10),
    )
    ApplicationFactory(call=call, stage="winner", publish_consent=True, organisation_name="Gewinnerin AG")
    ApplicationFactory(call=call, stage="finalist", publish_consent=True, organisation_name="Finalistin GmbH")
    ApplicationFactory(call=call, stage="finalist", publish_consent=False, organisation_name="Geheim GmbH")
    ApplicationFactory(call=call, stage="not_selected", publish_consent=True, organisation_name="Andere eG")
    url = reverse("calls:call_results", kwargs={"slug": call.slug})
    assert client.get(url).status_code == 404

    monkeypatch.setattr(timezone, "now", lambda: now + datetime.timedelta(days=2))
    page = client.get(url)
    content = page.content.decode()
    assert "Finalistin GmbH" in content and "Gewinnerin AG" in content  # both finalists until the result
    assert page.context["winners"] == [] and "Geheim GmbH" not in content and "Andere eG" not in content

    monkeypatch.setattr(timezone, "now", lambda: now + datetime.timedelta(days=11))
    page = client.get(url)
    assert [a.organisation_name for a in page.context["winners"]] == ["Gewinnerin AG"]
    assert [a.organisation_name for a in page.context["finalists"]] == ["Finalistin GmbH"]
    assert "Geheim GmbH" not in page.content.decode()


def test_the_historical_calls_are_seeded_with_their_real_dates_and_results(client):
    from calls.models import Call

    digital = Call.objects.get(slug="digitale-stadt-2017")
    assert timezone.localdate(digital.deadline) == datetime.date(2017, 3, 15)
    assert timezone.localdate(digital.finalists_at) == datetime.date(2017, 3, 31)
    assert timezone.localdate(digital.second_phase_deadline) == datetime.date(2017, 5, 15)
    assert digital.date_precision["result_at"] == "month"
    page = client.get(reverse("calls:call_results", kwargs={"slug": digital.slug}))
    assert [a.organisation_name for a in page.context["winners"]] == ["Darmstadt"]
    assert page.context["finalists"] == [] and "Kaiserslautern" not in page.content.decode()
    assert "Kaiserslautern" in client.get(digital.get_absolute_url()).content.decode()  # a fact of the call
    first = Call.objects.get(slug="de-hub-staedtewettbewerb-runde-1")
    assert sorted(first.applications.values_list("organisation_name", flat=True)) == [
        "Berlin",
        "Dortmund",
        "Frankfurt am Main",
        "Hamburg",
        "München",
    ]
    second = Call.objects.get(slug="de-hub-staedtewettbewerb-runde-2")
    assert second.applications.filter(stage="winner").count() == 8
    en = client.get("/en/calls/de-hub-staedtewettbewerb-runde-2/results/").content.decode()
    assert "Brigitte Zypries" in en and "April 2017" in en
    listing = client.get(reverse("calls:call_list"))
    assert {c.slug for c in listing.context["closed_calls"]} >= {digital.slug, first.slug, second.slug}
