from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation

from agency import activity
from agency.models import AdviceRequest
from agency.services import advice_note_add
from hubportal.activity.models import Activity
from tests.factories import AdviceRequestFactory, OrganisationProfileFactory, StartupFactory, UserFactory

CHANGELIST = "admin:agency_advicerequest_changelist"
HISTORY = "activity-activity-content_type-object_id"


def change_url(advice):
    return reverse("admin:agency_advicerequest_change", args=[advice.pk])


def inline_data(advice, **extra):
    """The management forms of the change page (no existing replies or notes unless counted)."""
    data = {
        "topic": advice.topic,
        "preferred_hub": "",
        "advisor": advice.advisor_id or "",
        "status": advice.status,
        "outcome": advice.outcome,
    }
    for prefix, count in (("replies", advice.replies.count()), ("notes", advice.notes.count())):
        data |= {
            f"{prefix}-TOTAL_FORMS": str(count + 1),
            f"{prefix}-INITIAL_FORMS": str(count),
            f"{prefix}-MIN_NUM_FORMS": "0",
            f"{prefix}-MAX_NUM_FORMS": "1000",
            f"{prefix}-{count}-text": "",
            f"{prefix}-{count}-request": advice.pk,
        }
    data |= {
        f"{HISTORY}-TOTAL_FORMS": "0",
        f"{HISTORY}-INITIAL_FORMS": "0",
        f"{HISTORY}-MIN_NUM_FORMS": "0",
        f"{HISTORY}-MAX_NUM_FORMS": "1000",
    }
    return data | extra


@pytest.mark.django_db
def test_changelist_lists_newest_first_and_the_advisor_filters_their_open_ones(client, advisor):
    older_mine = AdviceRequestFactory(advisor=advisor, status="assigned")
    others = AdviceRequestFactory.create_batch(3)
    closed = AdviceRequestFactory(advisor=advisor, status="closed", outcome="resolved")
    client.force_login(advisor)
    response = client.get(reverse(CHANGELIST))
    assert response.status_code == 200
    rows = list(response.context["cl"].result_list)
    assert rows == sorted([older_mine, *others, closed], key=lambda a: (a.created_at, a.pk), reverse=True)
    assert response.content.decode().count("By advisor") <= 1

    mine = client.get(reverse(CHANGELIST), {"mine": "open"})
    assert list(mine.context["cl"].result_list) == [older_mine]


@pytest.mark.django_db
def test_changelist_query_count_does_not_grow(client, advisor, django_assert_max_num_queries):
    client.force_login(advisor)
    AdviceRequestFactory.create_batch(2, advisor=advisor)
    with django_assert_max_num_queries(12) as few:
        client.get(reverse(CHANGELIST))
    for index in range(10):
        requester = UserFactory(first_name=f"Nr{index}", account_type="organisation")
        OrganisationProfileFactory(user=requester, company_name=f"Firma {index}")
        AdviceRequestFactory(advisor=advisor, requester=requester, startup=StartupFactory() if index % 2 else None)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse(CHANGELIST))


@pytest.mark.django_db
def test_reply_and_note_in_the_admin_go_through_services(client, advisor):
    advice = AdviceRequestFactory()
    client.force_login(advisor)
    data = inline_data(advice, **{"replies-0-text": "Gern beraten wir Sie.", "notes-0-text": "Nur intern"})
    data["advisor"] = advisor.pk
    response = client.post(change_url(advice), data)
    assert response.status_code == 302, response.context["errors"] if response.context else response
    advice.refresh_from_db()
    assert advice.advisor == advisor and advice.status == AdviceRequest.Status.IN_PROGRESS
    assert advice.replies.get().author == advisor
    assert advice.notes.get().text == "Nur intern"
    assert [m.to for m in mail.outbox] == [[advice.requester.email]]
    assert "Gern beraten" in mail.outbox[0].body and "Nur intern" not in mail.outbox[0].body
    actions = set(Activity.objects.of(advice).values_list("action", flat=True))
    assert {activity.ASSIGNED, activity.REPLY, activity.NOTE} <= actions


@pytest.mark.django_db
def test_closing_in_the_admin_needs_an_outcome_and_is_logged(client, advisor):
    advice = AdviceRequestFactory(advisor=advisor, status="assigned")
    client.force_login(advisor)
    refused = client.post(change_url(advice), inline_data(advice, status="closed"))
    assert refused.status_code == 200
    advice.refresh_from_db()
    assert advice.status == "assigned"

    client.post(change_url(advice), inline_data(advice, status="closed", outcome="referred"))
    advice.refresh_from_db()
    assert (advice.status, advice.outcome) == ("closed", "referred")
    entry = Activity.objects.of(advice).get(action=activity.CLOSED)
    assert entry.actor == advisor and entry.data == {"outcome": "referred"}


@pytest.mark.django_db
def test_changing_the_topic_is_logged_with_old_and_new_value(client, advisor):
    advice = AdviceRequestFactory(topic="funding")
    client.force_login(advisor)
    client.post(change_url(advice), inline_data(advice, topic="international"))
    entry = Activity.objects.of(advice).get(action=activity.CHANGED)
    assert entry.actor == advisor and entry.data == {"topic": ["funding", "international"]}
    advice.refresh_from_db()
    assert advice.topic == "international"


@pytest.mark.django_db
def test_actions_assign_to_me_and_close(client, advisor):
    first, second = AdviceRequestFactory.create_batch(2)
    client.force_login(advisor)
    client.post(reverse(CHANGELIST), {"action": "assign_to_me", "_selected_action": [first.pk, second.pk]})
    assert set(AdviceRequest.objects.values_list("advisor", "status")) == {(advisor.pk, "assigned")}
    client.post(reverse(CHANGELIST), {"action": "close_resolved", "_selected_action": [first.pk]})
    first.refresh_from_db()
    assert (first.status, first.outcome) == ("closed", "resolved")
    assert Activity.objects.of(first).filter(action=activity.CLOSED, actor=advisor).exists()


@pytest.mark.django_db
def test_existing_notes_are_shown_to_staff_read_only(client, advisor):
    advice = AdviceRequestFactory()
    advice_note_add(request=advice, author=advisor, text="Schon telefoniert")
    client.force_login(advisor)
    html = client.get(change_url(advice)).content.decode()
    assert "Schon telefoniert" in html
    assert 'name="notes-0-text"' not in html


@pytest.mark.django_db
def test_non_staff_cannot_open_the_triage(client):
    client.force_login(UserFactory())
    response = client.get(reverse(CHANGELIST))
    assert response.status_code in (302, 403)


@pytest.mark.django_db
def test_changelist_marks_overdue_requests_and_nothing_for_the_others(client, advisor):
    overdue = AdviceRequestFactory(topic="funding")
    AdviceRequest.objects.filter(pk=overdue.pk).update(created_at=timezone.now() - timedelta(days=30))
    AdviceRequestFactory(topic="other")  # on time
    client.force_login(advisor)
    with translation.override("en"):
        html = client.get(reverse(CHANGELIST)).content.decode()
    assert html.count('class="advice-overdue"') == 1 and "⚠ Overdue" in html
    assert "icon-yes" not in html and "icon-no" not in html


@pytest.mark.django_db
def test_advisor_sees_the_requesters_address_and_organisation_without_a_link_to_the_user_page(client, advisor):
    from agency.services import organisation_profile_save

    requester = UserFactory(first_name="Olga", last_name="Orga", email="olga@mittelstand.example")
    organisation_profile_save(user=requester, company_name="Mittelstand GmbH", size="small", sector="Maschinenbau")
    advice = AdviceRequestFactory(requester=requester, contact_way="video")
    client.force_login(advisor)
    html = client.get(change_url(advice)).content.decode()
    assert 'Olga Orga &lt;<a href="mailto:olga@mittelstand.example">olga@mittelstand.example</a>&gt;' in html
    assert "Mittelstand GmbH" in html and "Maschinenbau" in html
    assert reverse("admin:users_user_change", args=[requester.pk]) not in html
    assert client.get(reverse("admin:users_user_change", args=[requester.pk])).status_code == 403
    anonymised = AdviceRequestFactory(requester=None)
    assert client.get(change_url(anonymised)).status_code == 200


@pytest.mark.django_db
def test_only_staff_who_may_work_on_advice_can_be_assigned(client, advisor, staff_groups):
    def member(group):
        user = UserFactory(is_staff=True)
        user.groups.add(staff_groups[group])
        return user

    administrator = member("Agency administrator")
    superuser = UserFactory(is_staff=True, is_superuser=True)
    others = [member("Hub manager"), member("Event manager"), member("Content editor"), UserFactory(is_staff=True)]
    second_advisor = member("Advisor")  # two advisors: the group join must not repeat anyone
    inactive = member("Advisor")
    inactive.is_active = False
    inactive.save()
    advice = AdviceRequestFactory()
    client.force_login(advisor)
    choices = client.get(change_url(advice)).context["adminform"].form.fields["advisor"].queryset
    assert sorted(user.pk for user in choices) == sorted(
        [advisor.pk, second_advisor.pk, administrator.pk, superuser.pk]
    )

    refused = client.post(change_url(advice), inline_data(advice, advisor=others[0].pk))
    assert refused.status_code == 200 and "advisor" in refused.context["adminform"].form.errors
    advice.refresh_from_db()
    assert advice.advisor is None
