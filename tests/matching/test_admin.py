from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from hubportal.activity.services import activity_record
from matching.models import DigestLog, Introduction
from tests.factories import IntroductionFactory, InvestorProfileFactory, SavedSearchFactory
from tests.matching.history import events


def digest(kind="startups"):
    return DigestLog.objects.create(
        search=SavedSearchFactory(kind=kind), period_start=timezone.now(), period_end=timezone.now(), count=1
    )


def test_changelists_query_count_does_not_grow(client, staff_user):
    client.force_login(staff_user)
    IntroductionFactory()
    SavedSearchFactory()
    digest()
    names = ["matching_introduction", "matching_savedsearch", "matching_digestlog"]
    counts = {}
    for name in names:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse(f"admin:{name}_changelist")).status_code == 200
        counts[name] = len(queries)
    for _ in range(5):
        IntroductionFactory()
        SavedSearchFactory(kind="investors")
        digest("investors")
    for name in names:
        with CaptureQueriesContext(connection) as queries:
            client.get(reverse(f"admin:{name}_changelist"))
        assert len(queries) == counts[name], name


def test_saved_search_changelist_shows_and_filters_the_kind(client, staff_user):
    SavedSearchFactory(name="Angels", kind="investors")
    SavedSearchFactory(name="KI-Startups")
    digest("investors")
    client.force_login(staff_user)
    url = reverse("admin:matching_savedsearch_changelist")
    response = client.get(url, {"kind__exact": "investors"})
    html = response.content.decode()
    assert "Angels" in html and "KI-Startups" not in html
    assert 'class="field-kind' in html
    assert 'class="field-search__kind' in client.get(reverse("admin:matching_digestlog_changelist")).content.decode()


def test_digest_change_page_names_the_listed_investors_by_id(client, staff_user):
    log = digest("investors")
    listed = InvestorProfileFactory(is_verified=True)
    log.investors.add(listed)
    client.force_login(staff_user)
    html = client.get(reverse("admin:matching_digestlog_change", args=[log.pk])).content.decode()
    assert f'name="investors" value="{listed.pk}"' in html and "vManyToManyRawIdAdminField" in html


def test_change_page_shows_history_and_saves_staff_notes(client, staff_user):
    intro = IntroductionFactory()
    activity_record(actor=intro.requested_by, action_code="matching.intro_requested", target=intro)
    client.force_login(staff_user)
    with translation.override("en"):
        change = reverse("admin:matching_introduction_change", args=[intro.pk])
    response = client.get(change)
    assert response.status_code == 200
    html = response.content.decode()
    assert intro.requested_by.get_full_name() in html and "Introduction requested" in html
    response = client.post(change, {"staff_notes": "Angerufen"})
    assert response.status_code == 302
    assert Introduction.objects.get(pk=intro.pk).staff_notes == "Angerufen"


def test_close_action_calls_the_service(client, staff_user):
    pending = IntroductionFactory()
    declined = IntroductionFactory(status="declined")
    client.force_login(staff_user)
    client.post(
        reverse("admin:matching_introduction_changelist"),
        {"action": "close_introductions", "_selected_action": [pending.pk, declined.pk]},
    )
    assert Introduction.objects.get(pk=pending.pk).status == "closed"
    assert Introduction.objects.get(pk=declined.pk).status == "declined"
    assert events(pending) == [("closed", staff_user.pk)]


def test_changelist_shows_a_request_past_its_expiry_as_expired(client, staff_user):
    IntroductionFactory(expires_at=timezone.now() - timedelta(minutes=1))
    client.force_login(staff_user)
    with translation.override("en"):
        html = client.get(reverse("admin:matching_introduction_changelist")).content.decode()
    assert '<td class="field-current_status">Expired</td>' in html
