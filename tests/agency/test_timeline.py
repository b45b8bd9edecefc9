from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from agency.services import advice_request_close, advice_request_create, advice_request_set_status
from agency.timeline import startup_timeline
from hubportal.activity.models import Activity
from hubportal.activity.services import activity_record
from startups import activity
from tests.factories import AdviceRequestFactory, EventFactory, RegistrationFactory, StartupFactory, UserFactory


def ask(requester, startup, topic="funding"):
    """An advice request filed through the service, which writes its "received" entry in the activity log."""
    return advice_request_create(requester=requester, topic=topic, message="Welche Programme passen?", startup=startup)


@pytest.fixture
def story(db):
    founder = UserFactory(account_type="startup", first_name="Fiona", last_name="Founder")
    startup = StartupFactory(owner=founder, name="Logistikstart")
    change = activity_record(actor=founder, action_code=activity.UPDATED, target=startup, data={"fields": ["pitch"]})
    Activity.objects.filter(pk=change.pk).update(created_at=timezone.now() - timedelta(days=10))
    event = EventFactory(title="Demo Day")
    registration = RegistrationFactory(event=event, user=founder, status="confirmed")
    registration.checked_in_at = timezone.now() - timedelta(days=1)
    registration.save()
    advice = ask(founder, startup)
    other = StartupFactory(name="Fremd")
    RegistrationFactory(event=EventFactory(title="Fremdes Event"), user=other.members.get(), status="confirmed")
    ask(other.members.get(), other)
    viewer = UserFactory(is_staff=True, is_superuser=True)
    return {"startup": startup, "advice": advice, "founder": founder, "viewer": viewer}


@pytest.mark.django_db
def test_timeline_collects_changes_events_and_advice_newest_first(story):
    entries = startup_timeline(story["startup"], viewer=story["viewer"])
    texts = " | ".join(e.text for e in entries)
    assert "Demo Day" in texts and "Fremdes Event" not in texts
    assert sum("Demo Day" in e.text for e in entries) == 2  # registered and attended
    assert [e.when for e in entries] == sorted((e.when for e in entries), reverse=True)
    kinds = {e.kind for e in entries}
    assert len(kinds) == 3


@pytest.mark.django_db
def test_closed_advice_adds_an_entry(story, staff_user):
    before = len(startup_timeline(story["startup"], viewer=story["viewer"]))
    advice_request_close(request=story["advice"], outcome="resolved", actor=staff_user)
    assert len(startup_timeline(story["startup"], viewer=story["viewer"])) == before + 1


@pytest.mark.django_db
def test_admin_timeline_page_linked_from_the_change_page(client, staff_user, story):
    client.force_login(staff_user)
    url = reverse("admin:startups_startup_timeline", args=[story["startup"].pk])
    change = client.get(reverse("admin:startups_startup_change", args=[story["startup"].pk]))
    assert url in change.content.decode()
    page = client.get(url)
    assert page.status_code == 200 and "Demo Day" in page.content.decode()
    assert client.get(reverse("admin:startups_startup_timeline", args=[999999])).status_code == 404


@pytest.mark.django_db
def test_timeline_query_count_does_not_grow(client, staff_user, story, django_assert_max_num_queries):
    client.force_login(staff_user)
    url = reverse("admin:startups_startup_timeline", args=[story["startup"].pk])
    with django_assert_max_num_queries(20) as first:
        client.get(url)
    for _ in range(4):
        RegistrationFactory(user=story["founder"], status="confirmed")
        advice_request_close(request=ask(story["founder"], story["startup"]), outcome="resolved", actor=staff_user)
    with django_assert_max_num_queries(len(first.captured_queries)):
        client.get(url)


@pytest.mark.django_db
def test_staff_without_startup_permission_cannot_open_a_timeline(client, staff_groups, story):
    manager = UserFactory(is_staff=True)
    manager.groups.add(staff_groups["Event manager"])
    client.force_login(manager)
    url = reverse("admin:startups_startup_timeline", args=[story["startup"].pk])
    assert client.get(url).status_code == 403
    client.force_login(UserFactory())
    assert client.get(url).status_code == 302


@pytest.mark.django_db
def test_timeline_lists_the_startups_introductions_only(story):
    from tests.factories import IntroductionFactory

    mine = IntroductionFactory(startup=story["startup"], status="accepted", decided_at=timezone.now())
    IntroductionFactory(investor__organisation="Fremdkapital")  # another startup's introduction
    texts = [e.text for e in startup_timeline(story["startup"], viewer=story["viewer"])]
    assert sum(str(mine.investor) in t for t in texts) == 2  # requested and decided
    assert not any("Fremdkapital" in t for t in texts)


def timeline_html(client, user, startup, language="en"):
    from django.utils import translation

    client.force_login(user)
    with translation.override(language):
        response = client.get(reverse("admin:startups_startup_timeline", args=[startup.pk]))
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.django_db
def test_timeline_shows_each_kind_of_entry_only_to_staff_who_may_view_it(client, staff_groups, story):
    from tests.factories import IntroductionFactory

    IntroductionFactory(startup=story["startup"], investor__organisation="Kapitalgeber AG")
    editor, administrator = UserFactory(is_staff=True), UserFactory(is_staff=True)
    editor.groups.add(staff_groups["Content editor"])
    administrator.groups.add(staff_groups["Agency administrator"])

    html = timeline_html(client, editor, story["startup"])
    assert "Edited" in html  # the profile changes are the content editor's business
    assert "Asked for advice" not in html and "Kapitalgeber AG" not in html and "Demo Day" not in html

    html = timeline_html(client, administrator, story["startup"])
    assert "Edited" in html and "Asked for advice" in html and "Kapitalgeber AG" in html and "Demo Day" in html


@pytest.mark.django_db
def test_timeline_shows_old_and_new_values_and_links_to_the_admin_pages(client, staff_groups, story):
    from tests.factories import IntroductionFactory

    startup = story["startup"]
    activity_record(
        actor=story["founder"],
        action_code=activity.UPDATED,
        target=startup,
        data={
            "fields": ["hub", "stage", "city"],
            "values": {"hub": ["Hub Berlin", "Hub München"], "stage": ["idea", "seed"], "city": ["", "Köln"]},
        },
    )
    introduction = IntroductionFactory(startup=startup)
    administrator = UserFactory(is_staff=True)
    administrator.groups.add(staff_groups["Agency administrator"])

    html = timeline_html(client, administrator, startup, language="de")
    assert "Bearbeitet: Stadt: – → Köln; Heimat-Hub: Hub Berlin → Hub München; Phase: Idee → Seed" in html
    assert f'href="{reverse("admin:agency_advicerequest_change", args=[story["advice"].pk])}"' in html
    assert f'href="{reverse("admin:matching_introduction_change", args=[introduction.pk])}"' in html


@pytest.mark.django_db
def test_the_advice_part_comes_from_the_activity_log(story, staff_user):
    """Asked and each closing are read from the log, with who did it; a request without entries adds nothing."""
    startup, advice = story["startup"], story["advice"]
    AdviceRequestFactory(requester=story["founder"], startup=startup, topic="legal")  # no log entry
    advice_request_close(request=advice, outcome="resolved", actor=staff_user)
    advice_request_set_status(request=advice, status="in_progress", actor=staff_user)
    advice_request_close(request=advice, outcome="referred", actor=staff_user)
    with translation.override("en"):
        entries = [e for e in startup_timeline(startup, viewer=story["viewer"]) if e.kind == "Advice"]
        url = reverse("admin:agency_advicerequest_change", args=[advice.pk])
    staff_name = staff_user.get_full_name() or staff_user.email
    assert [(e.text, e.who) for e in entries] == [
        ("Advice closed: Referred to a hub or partner", staff_name),
        ("Advice closed: Resolved", staff_name),
        ("Asked for advice: Funding (now: Closed)", "Fiona Founder"),
    ]
    assert {e.url for e in entries} == {url}
