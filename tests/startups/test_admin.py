import pytest
from django.contrib import admin
from django.core import mail
from django.urls import reverse

from hubportal.activity.models import Activity
from hubportal.activity.services import activity_record
from startups import activity
from startups.models import InvestorProfile, Startup
from tests.factories import BookmarkFactory, InvestorProfileFactory, StartupFactory, TopicFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("model", ["startup", "investorprofile", "startupinvitation", "bookmark"])
@pytest.mark.parametrize("rows", [1, 15])
def test_changelists_render_with_constant_queries(admin_client, django_assert_max_num_queries, model, rows):
    for _ in range(rows):
        startup = StartupFactory(topics=[TopicFactory()])
        BookmarkFactory(startup=startup)
        startup.invitations.create(email="x@example.org", token=f"t{startup.pk}", expires_at=startup.created_at)
        activity_record(actor=None, action_code=activity.CREATED, target=startup)
    with django_assert_max_num_queries(12):
        response = admin_client.get(reverse(f"admin:startups_{model}_changelist") + "?q=a")
    assert response.status_code == 200


def test_change_pages_render(admin_client, startup, investor):
    assert admin_client.get(reverse("admin:startups_startup_change", args=[startup.pk])).status_code == 200
    assert admin_client.get(reverse("admin:startups_investorprofile_change", args=[investor.pk])).status_code == 200


def test_publish_action_uses_service(admin_client, founder):
    startup = StartupFactory(owner=founder, status="submitted", published_at=None, topics=[TopicFactory()])
    admin_client.post(
        reverse("admin:startups_startup_changelist"), {"action": "publish_selected", "_selected_action": [startup.pk]}
    )
    startup.refresh_from_db()
    assert startup.status == "published"
    assert mail.outbox[-1].to == [founder.email]
    assert Activity.objects.of(startup).filter(action=activity.PUBLISHED).exists()


def test_reject_action_asks_for_reason_then_mails_it(admin_client, founder):
    startup = StartupFactory(owner=founder, status="submitted", published_at=None)
    url = reverse("admin:startups_startup_changelist")
    response = admin_client.post(url, {"action": "reject_selected", "_selected_action": [startup.pk]})
    assert response.status_code == 200 and b"reason" in response.content.lower()
    startup.refresh_from_db()
    assert startup.status == "submitted"
    admin_client.post(
        url, {"action": "reject_selected", "_selected_action": [startup.pk], "reason": "Angaben unvollständig"}
    )
    startup.refresh_from_db()
    assert startup.status == "rejected" and "Angaben unvollständig" in mail.outbox[-1].body


def test_moderation_queue_shows_submitted_first(admin_client):
    StartupFactory(name="Alt und veröffentlicht")
    StartupFactory(name="Zu prüfen", status="submitted")
    response = admin_client.get(reverse("admin:startups_startup_changelist"))
    assert response.context["cl"].result_list[0].name == "Zu prüfen"


def test_verify_action_mails_investor(admin_client, unverified_investor):
    admin_client.post(
        reverse("admin:startups_investorprofile_changelist"),
        {"action": "verify_selected", "_selected_action": [unverified_investor.pk]},
    )
    unverified_investor.refresh_from_db()
    assert unverified_investor.is_verified and unverified_investor.verified_by is not None
    assert mail.outbox[-1].to == [unverified_investor.user.email]


def test_verification_queue_lists_unverified_first(admin_client):
    InvestorProfileFactory(organisation="A verified")
    InvestorProfileFactory(organisation="Z waiting", is_verified=False)
    response = admin_client.get(reverse("admin:startups_investorprofile_changelist"))
    assert response.context["cl"].result_list[0].organisation == "Z waiting"
    assert InvestorProfile.objects.verification_queue().first().organisation == "Z waiting"


def test_unpublish_action(admin_client, startup):
    admin_client.post(
        reverse("admin:startups_startup_changelist") + "?status=published",
        {"action": "unpublish_selected", "_selected_action": [startup.pk], "reason": "Veraltet"},
    )
    startup.refresh_from_db()
    assert startup.status == Startup.Status.DRAFT


def test_publish_action_skips_drafts_and_says_so(admin_client, founder, english):
    submitted = StartupFactory(owner=founder, status="submitted", published_at=None, topics=[TopicFactory()])
    draft = StartupFactory(status="draft", published_at=None, topics=[TopicFactory()])
    rejected = StartupFactory(status="rejected", published_at=None, topics=[TopicFactory()])
    response = admin_client.post(
        reverse("admin:startups_startup_changelist") + "?status=all",
        {"action": "publish_selected", "_selected_action": [submitted.pk, draft.pk, rejected.pk]},
        follow=True,
    )
    statuses = dict(Startup.objects.values_list("pk", "status"))
    assert statuses == {submitted.pk: "published", draft.pk: "draft", rejected.pk: "rejected"}
    texts = [str(m) for m in response.context["messages"]]
    assert "1 startup published." in texts
    assert (
        f"2 skipped: {draft}: Only a submitted profile can be published.; "
        f"{rejected}: Only a submitted profile can be published." in texts
    )


def test_moderation_changelist_defaults_to_the_submitted_queue_without_a_case_sort(admin_client):
    from datetime import timedelta

    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    now = timezone.now()
    StartupFactory(name="Veröffentlicht")
    StartupFactory(name="Später", status="submitted", submitted_at=now)
    StartupFactory(name="Früher", status="submitted", submitted_at=now - timedelta(days=2))
    url = reverse("admin:startups_startup_changelist")
    with CaptureQueriesContext(connection) as queries:
        response = admin_client.get(url)
    assert [s.name for s in response.context["cl"].result_list] == ["Früher", "Später"]
    listing = [q["sql"] for q in queries if 'FROM "startups_startup"' in q["sql"] and "ORDER BY" in q["sql"]]
    assert listing and not any("CASE" in sql.upper() for sql in listing)
    everything = admin_client.get(url + "?status=all")
    assert {s.name for s in everything.context["cl"].result_list} == {"Veröffentlicht", "Später", "Früher"}
    published = admin_client.get(url + "?status=published")
    assert [s.name for s in published.context["cl"].result_list] == ["Veröffentlicht"]


@pytest.mark.parametrize(
    ("model", "field", "limit"), [(Startup, "description", 10_000), (InvestorProfile, "thesis", 5_000)]
)
def test_admin_texts_count_line_breaks_once_as_the_browser_does(rf, admin_user, model, field, limit):
    request = rf.get("/")
    request.user = admin_user
    form_field = admin.site._registry[model].get_form(request)().fields[field]
    assert form_field.widget.attrs["maxlength"] == str(limit)
    lines = ["x" * 99] * (limit // 100)  # limit − 1 characters for the browser, more than limit as CRLF
    assert form_field.clean("\r\n".join(lines)) == "\n".join(lines)
