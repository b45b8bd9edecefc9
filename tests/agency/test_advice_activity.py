"""The history of an advice request is the activity log: entries read in the reader's language, the admin shows them,
admin changes go through the services, and a deleted account reads "deleted user"."""

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation

from agency import activity
from agency.models import AdviceRequest
from agency.services import (
    advice_note_add,
    advice_request_answer,
    advice_request_assign,
    advice_request_close,
    advice_request_set_status,
    advice_request_update,
)
from hubportal.activity.actions import lines
from hubportal.activity.models import Activity
from hubportal.activity.services import activity_erase_person
from hubportal.errors import ServiceError
from tests.factories import AdviceRequestFactory, HubFactory, OrganisationProfileFactory, UserFactory

from .test_advice_admin import CHANGELIST, change_url, inline_data

pytestmark = pytest.mark.django_db


def read(advice, language):
    with translation.override(language):
        entries = Activity.objects.of(advice).select_related("actor")
        return [(line.who, line.label, line.text) for line in lines(entries)]


@pytest.fixture
def history(advisor):
    """A request that went through every kind of step."""
    colleague = UserFactory(is_staff=True, first_name="Carl", last_name="Colleague")
    advice = AdviceRequestFactory(requester=UserFactory(first_name="Fee", last_name="Founder"))
    advice_request_assign(request=advice, advisor=advisor, actor=colleague)
    advice_note_add(request=advice, author=advisor, text="intern")
    advice_request_set_status(request=advice, status=AdviceRequest.Status.WAITING, actor=advisor)
    advice_request_answer(request=advice, requester=advice.requester, text="Hier die Zahlen.")
    hub = HubFactory(name="Ulm")
    advice_request_update(request=advice, by=advisor, data={"topic": "digital", "preferred_hub": hub})
    advice_request_update(request=advice, by=advisor, data={"advisor": None})
    advice_request_close(request=advice, outcome=AdviceRequest.Outcome.REFERRED, actor=advisor)
    return advice, colleague


def test_every_step_reads_in_german_and_english(history):
    advice, _colleague = history
    assert read(advice, "en")[::-1] == [
        ("Carl Colleague", "Advisor assigned", "Ada Advisor"),
        ("Ada Advisor", "Internal note added", ""),
        ("Ada Advisor", "Status changed", "Assigned → Waiting for requester"),
        ("Fee Founder", "Requester replied", ""),
        ("Ada Advisor", "Request changed", "Topic: Funding → Digital transformation; Preferred hub: – → Ulm"),
        ("Ada Advisor", "Advisor removed", "previously: Ada Advisor"),
        ("Ada Advisor", "Request closed", "Referred to a hub or partner"),
    ]
    german = read(advice, "de")[::-1]
    assert german[0] == ("Carl Colleague", "Berater/in zugewiesen", "Ada Advisor")
    assert german[2][2] == "Zugewiesen → Wartet auf Rückmeldung"
    assert german[4][2] == "Thema: Finanzierung → Digitale Transformation; Bevorzugter Hub: – → Ulm"
    assert german[6][1:] == ("Anfrage abgeschlossen", "An einen Hub oder Partner vermittelt")
    assert all(label != code for _who, label, _text in german for code in activity.CODES)


def test_an_erased_advisor_and_requester_read_deleted_user(history, advisor):
    advice, _colleague = history
    requester = advice.requester
    activity_erase_person(user=advisor)
    activity_erase_person(user=requester)
    english = read(advice, "en")[::-1]
    assert english[0] == ("Carl Colleague", "Advisor assigned", "deleted user")
    assert english[3][0] == "deleted user"
    assert english[5] == ("deleted user", "Advisor removed", "previously: deleted user")
    data = list(Activity.objects.of(advice).values_list("data", flat=True))
    assert advisor.pk not in [value for entry in data for value in entry.values()]
    assert read(advice, "de")[::-1][0][2] == "gelöschte Person"


def test_the_change_page_shows_the_history_in_the_readers_language(client, history, advisor):
    advice, _colleague = history
    client.force_login(advisor)
    pages = {}
    for language in ("en", "de"):
        with translation.override(language):
            pages[language] = client.get(change_url(advice)).content.decode()
    assert "Advisor removed: previously: Ada Advisor" in pages["en"]
    assert "Berater/in entfernt: vorher: Ada Advisor" in pages["de"]
    assert "Carl Colleague" in pages["en"]


def test_assigning_in_the_admin_logs_it_and_mails_the_new_advisor(client, advisor):
    colleague = UserFactory(is_staff=True, is_superuser=True, first_name="Carl", language="en")
    advice = AdviceRequestFactory(requester=UserFactory(first_name="Fee", last_name="Founder"))
    client.force_login(colleague)
    response = client.post(change_url(advice), inline_data(advice, advisor=advisor.pk))
    assert response.status_code == 302
    entry = Activity.objects.of(advice).get()
    assert (entry.action, entry.actor, entry.data) == (activity.ASSIGNED, colleague, {"advisor": advisor.pk})
    assert [m.to for m in mail.outbox] == [[advisor.email]]
    assert "Fee Founder" in mail.outbox[0].body
    assert reverse("admin:agency_advicerequest_change", args=[advice.pk]) in mail.outbox[0].body

    mail.outbox.clear()
    client.post(change_url(advice), inline_data(AdviceRequest.objects.get(pk=advice.pk), advisor=""))
    advice.refresh_from_db()
    assert advice.advisor is None and Activity.objects.of(advice).filter(action=activity.UNASSIGNED).exists()
    assert mail.outbox == []


def test_the_assignment_mail_is_in_the_advisors_language():
    english = UserFactory(is_staff=True, language="en")
    german = UserFactory(is_staff=True, language="de")
    advice = AdviceRequestFactory()
    advice_request_assign(request=advice, advisor=english, actor=None)
    advice_request_assign(request=advice, advisor=german, actor=None)
    assert [m.to for m in mail.outbox[-2:]] == [[english.email], [german.email]]
    assert "was assigned to you" in mail.outbox[-2].subject
    assert "wurde Ihnen zugewiesen" in mail.outbox[-1].subject


def test_taking_a_request_oneself_sends_no_mail(advisor):
    advice = AdviceRequestFactory()
    mail.outbox.clear()
    advice_request_assign(request=advice, advisor=advisor, actor=advisor)
    assert mail.outbox == []


def test_staff_without_the_permission_and_other_users_cannot_change_a_request(client, advisor):
    advice = AdviceRequestFactory()
    for user in (UserFactory(is_staff=True), UserFactory()):
        client.force_login(user)
        response = client.post(change_url(advice), inline_data(advice, advisor=advisor.pk, topic="digital"))
        assert response.status_code in (302, 403)
        if response.status_code == 302:
            assert reverse("admin:login") in response.url
        action = {"action": "assign_to_me", "_selected_action": [advice.pk]}
        client.post(reverse(CHANGELIST), action)
    advice.refresh_from_db()
    assert (advice.advisor, advice.topic) == (None, "funding")
    assert not Activity.objects.of(advice).exists() and mail.outbox == []


def test_the_changelist_links_tell_requests_apart_and_find_the_requester_by_name(client, advisor):
    anna = UserFactory(first_name="Anna", last_name="Apfel", account_type="organisation")
    OrganisationProfileFactory(user=anna, company_name="Apfel GmbH")
    AdviceRequestFactory(requester=anna, topic="digital")
    AdviceRequestFactory(requester=UserFactory(first_name="Bert", last_name="Birne"))
    client.force_login(advisor)
    with translation.override("en"):
        response = client.get(reverse(CHANGELIST), {"q": "Apfel"})
    rows = list(response.context["cl"].result_list)
    assert [row.requester for row in rows] == [anna]
    page = response.content.decode()
    assert "Anna Apfel · Apfel GmbH · " in page
    titles = [str(spec.title) for spec in response.context["cl"].filter_specs]
    assert len(titles) == len(set(titles))
    found = client.get(reverse(CHANGELIST), {"q": "Bert"})
    assert [row.requester.first_name for row in found.context["cl"].result_list] == ["Bert"]


def test_only_staff_can_be_assigned():
    advice = AdviceRequestFactory()
    with pytest.raises(ServiceError):
        advice_request_assign(request=advice, advisor=UserFactory(), actor=None)
    assert AdviceRequest.objects.get(pk=advice.pk).advisor is None and not Activity.objects.of(advice).exists()
