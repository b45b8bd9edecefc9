"""Moderation in the admin: buttons on the change page and actions run the services, reasons are mailed, staff
without the right and other people are refused; the history comes from the activity log."""

import pytest
from django.contrib.auth.models import Permission
from django.core import mail
from django.urls import reverse
from django.utils import translation

from hubportal.activity.models import Activity
from startups.models import Startup
from tests.factories import InvestorProfileFactory, StartupFactory, TopicFactory, UserFactory

pytestmark = pytest.mark.django_db


def step_url(model, obj, step):
    return reverse(f"admin:startups_{model}_step", args=[obj.pk, step])


@pytest.fixture
def submitted(founder):
    return StartupFactory(owner=founder, status="submitted", published_at=None, topics=[TopicFactory()])


def test_change_page_offers_publish_and_reject_for_a_submitted_startup(admin_client, submitted, startup):
    html = admin_client.get(reverse("admin:startups_startup_change", args=[submitted.pk])).content.decode()
    assert step_url("startup", submitted, "publish") in html and step_url("startup", submitted, "reject") in html
    assert step_url("startup", submitted, "unpublish") not in html
    html = admin_client.get(reverse("admin:startups_startup_change", args=[startup.pk])).content.decode()
    assert step_url("startup", startup, "unpublish") in html and step_url("startup", startup, "publish") not in html


def test_publish_button_publishes_and_logs(admin_client, submitted, founder):
    assert admin_client.get(step_url("startup", submitted, "publish")).status_code == 200  # the confirmation
    assert Startup.objects.get(pk=submitted.pk).status == "submitted"
    response = admin_client.post(step_url("startup", submitted, "publish"))
    assert response.status_code == 302
    assert Startup.objects.get(pk=submitted.pk).status == "published"
    assert mail.outbox[-1].to == [founder.email]
    assert Activity.objects.of(submitted).filter(action="startups.published").exists()


def test_reject_button_needs_a_reason_and_mails_it(admin_client, submitted, founder):
    response = admin_client.post(step_url("startup", submitted, "reject"), {"reason": ""})
    assert response.status_code == 200 and Startup.objects.get(pk=submitted.pk).status == "submitted"
    admin_client.post(step_url("startup", submitted, "reject"), {"reason": "Bitte Team beschreiben"})
    assert Startup.objects.get(pk=submitted.pk).status == "rejected"
    assert mail.outbox[-1].to == [founder.email] and "Bitte Team beschreiben" in mail.outbox[-1].body
    entry = Activity.objects.of(submitted).get(action="startups.rejected")
    assert entry.data == {"reason": "Bitte Team beschreiben"}


def test_unpublish_asks_for_a_reason_and_mails_it(admin_client, startup, founder):
    url = reverse("admin:startups_startup_changelist") + "?status=all"
    response = admin_client.post(url, {"action": "unpublish_selected", "_selected_action": [startup.pk]})
    assert response.status_code == 200 and b'name="reason"' in response.content
    assert Startup.objects.get(pk=startup.pk).status == "published"
    admin_client.post(url, {"action": "unpublish_selected", "_selected_action": [startup.pk], "reason": "Veraltet"})
    assert Startup.objects.get(pk=startup.pk).status == "draft"
    assert mail.outbox[-1].to == [founder.email] and "Veraltet" in mail.outbox[-1].body


def test_a_refusal_of_the_service_is_shown(admin_client, startup):
    with translation.override("en"):
        response = admin_client.post(step_url("startup", startup, "publish"), follow=True)
    assert "Only a submitted profile can be published." in response.content.decode()
    assert Startup.objects.get(pk=startup.pk).status == "published"


def test_staff_who_may_only_view_and_other_people_are_refused(client, submitted):
    viewer = UserFactory(is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_startup"))
    client.force_login(viewer)
    assert client.post(step_url("startup", submitted, "publish")).status_code == 403
    changelist = reverse("admin:startups_startup_changelist")
    client.post(changelist, {"action": "publish_selected", "_selected_action": [submitted.pk]})
    client.force_login(UserFactory())  # not staff: the admin sends them to the login
    response = client.post(step_url("startup", submitted, "publish"))
    assert response.status_code == 302 and "login" in response["Location"]
    client.logout()
    assert client.post(step_url("startup", submitted, "reject"), {"reason": "x"}).status_code == 302
    assert Startup.objects.get(pk=submitted.pk).status == "submitted"
    assert not mail.outbox


def test_an_investor_is_declined_with_a_reason_by_mail(admin_client, unverified_investor):
    url = step_url("investorprofile", unverified_investor, "decline")
    html = admin_client.get(reverse("admin:startups_investorprofile_change", args=[unverified_investor.pk]))
    assert url in html.content.decode()
    admin_client.post(url, {"reason": "Keine Investitionstätigkeit erkennbar"})
    unverified_investor.refresh_from_db()
    assert unverified_investor.declined_at is not None and not unverified_investor.is_verified
    assert mail.outbox[-1].to == [unverified_investor.user.email]
    assert "Keine Investitionstätigkeit erkennbar" in mail.outbox[-1].body
    admin_client.post(url, {"reason": "noch einmal"}, follow=True)
    assert len(mail.outbox) == 1  # declined once


def test_decline_action_asks_for_a_reason(admin_client):
    profiles = [InvestorProfileFactory(is_verified=False), InvestorProfileFactory(is_verified=False)]
    url = reverse("admin:startups_investorprofile_changelist")
    selected = {"action": "decline_selected", "_selected_action": [p.pk for p in profiles]}
    assert b'name="reason"' in admin_client.post(url, selected).content
    admin_client.post(url, {**selected, "reason": "Bitte Website angeben"})
    assert sorted(m.to[0] for m in mail.outbox) == sorted(p.user.email for p in profiles)


def test_a_staff_member_without_the_right_cannot_decline(client, unverified_investor):
    viewer = UserFactory(is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_investorprofile"))
    client.force_login(viewer)
    assert client.post(step_url("investorprofile", unverified_investor, "decline"), {"reason": "x"}).status_code == 403
    unverified_investor.refresh_from_db()
    assert unverified_investor.declined_at is None and not mail.outbox


def test_the_change_page_shows_the_history_in_the_readers_language(admin_client, submitted):
    admin_client.post(step_url("startup", submitted, "reject"), {"reason": "Bitte ergänzen"})
    change = reverse("admin:startups_startup_change", args=[submitted.pk])
    assert "Abgelehnt" in admin_client.get(change.replace("/en/", "/de/")).content.decode()
    assert "Rejected" in admin_client.get(change.replace("/de/", "/en/")).content.decode()


def test_declined_investors_wait_behind_those_still_to_be_checked(admin_client):
    declined = InvestorProfileFactory(organisation="A declined", is_verified=False)
    InvestorProfileFactory(organisation="B verified")
    InvestorProfileFactory(organisation="C waiting", is_verified=False)
    admin_client.post(step_url("investorprofile", declined, "decline"), {"reason": "Unklar"})
    response = admin_client.get(reverse("admin:startups_investorprofile_changelist"))
    assert [p.organisation for p in response.context["cl"].result_list] == ["C waiting", "A declined", "B verified"]
