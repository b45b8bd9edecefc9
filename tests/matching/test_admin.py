from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from matching.models import DigestLog, Introduction
from tests.factories import IntroductionFactory, InvestorProfileFactory, SavedSearchFactory


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
    event = intro.events.create(action="requested", actor=intro.requested_by)
    client.force_login(staff_user)
    change = reverse("admin:matching_introduction_change", args=[intro.pk])
    response = client.get(change)
    assert response.status_code == 200
    assert str(intro.requested_by) in response.content.decode()
    response = client.post(
        change,
        {
            "staff_notes": "Angerufen",
            "events-TOTAL_FORMS": "1",
            "events-INITIAL_FORMS": "1",
            "events-MIN_NUM_FORMS": "0",
            "events-MAX_NUM_FORMS": "1000",
            "events-0-id": str(event.pk),
            "events-0-introduction": str(intro.pk),
        },
    )
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
    assert Introduction.objects.get(pk=pending.pk).events.get().actor == staff_user


def test_changelist_shows_a_request_past_its_expiry_as_expired(client, staff_user):
    IntroductionFactory(expires_at=timezone.now() - timedelta(minutes=1))
    client.force_login(staff_user)
    with translation.override("en"):
        html = client.get(reverse("admin:matching_introduction_changelist")).content.decode()
    assert '<td class="field-current_status">Expired</td>' in html
