import datetime
import re
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation

from agency import activity
from agency.models import AdviceRequest
from agency.services import (
    advice_note_add,
    advice_reply_send,
    advice_request_assign,
    advice_request_close,
    advice_request_create,
    advice_request_set_status,
)
from agency.workdays import working_days_before
from hubportal.activity.models import Activity
from hubportal.errors import ServiceError
from tests.factories import AdviceRequestFactory, HubFactory, StartupFactory, UserFactory

BERLIN = ZoneInfo("Europe/Berlin")
SECRET = "Intern: Gründer wirkt unsicher, Budget klären"


def at(day, hour=10):
    """A moment in November 2026 (the 20th is a Friday)."""
    return datetime.datetime(2026, 11, day, hour, tzinfo=BERLIN)


@pytest.mark.django_db
def test_lifecycle_from_request_to_closed_with_history_and_mails(advisor):
    founder = UserFactory(account_type="startup")
    startup = StartupFactory(owner=founder)
    hub = HubFactory()
    advice = advice_request_create(
        requester=founder,
        topic="investors",
        message="Wie finden wir einen Lead-Investor?",
        preferred_hub=hub,
        startup=startup,
    )
    assert advice.status == AdviceRequest.Status.NEW
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [founder.email]

    advice_request_assign(request=advice, advisor=advisor, actor=advisor)
    advice.refresh_from_db()
    assert advice.status == AdviceRequest.Status.ASSIGNED and advice.advisor == advisor

    advice_note_add(request=advice, author=advisor, text=SECRET)
    assert len(mail.outbox) == 1  # a note mails nobody

    advice_reply_send(request=advice, author=advisor, text="Wir stellen Ihnen drei Fonds vor.")
    advice.refresh_from_db()
    assert advice.status == AdviceRequest.Status.IN_PROGRESS
    assert advice.last_public_reply_at is not None
    assert len(mail.outbox) == 2
    assert "drei Fonds" in mail.outbox[1].body and SECRET not in mail.outbox[1].body

    advice_request_set_status(request=advice, status=AdviceRequest.Status.WAITING, actor=advisor)
    advice_request_close(request=advice, outcome=AdviceRequest.Outcome.RESOLVED, actor=advisor)
    advice.refresh_from_db()
    assert advice.status == AdviceRequest.Status.CLOSED and advice.closed_at is not None

    history = list(Activity.objects.of(advice).order_by("created_at", "id").values_list("action", "actor", "data"))
    assert history == [
        (activity.CREATED, founder.pk, {}),
        (activity.ASSIGNED, advisor.pk, {"advisor": advisor.pk}),
        (activity.NOTE, advisor.pk, {}),
        (activity.REPLY, advisor.pk, {}),
        (activity.STATUS, advisor.pk, {"from": "in_progress", "to": "waiting"}),
        (activity.CLOSED, advisor.pk, {"outcome": "resolved"}),
    ]


@pytest.mark.django_db
def test_closing_needs_a_known_outcome_and_status_cannot_skip_it(advisor):
    advice = AdviceRequestFactory()
    with pytest.raises(ServiceError):
        advice_request_close(request=advice, outcome="", actor=advisor)
    with pytest.raises(ServiceError):
        advice_request_set_status(request=advice, status=AdviceRequest.Status.CLOSED, actor=advisor)


@pytest.mark.django_db
def test_requester_sees_status_and_replies_but_never_internal_notes(client, advisor):
    advice = AdviceRequestFactory()
    advice_note_add(request=advice, author=advisor, text=SECRET)
    advice_reply_send(request=advice, author=advisor, text="Öffentliche Antwort an Sie.")
    client.force_login(advice.requester)

    page = client.get(reverse("agency:advicerequest_detail", kwargs={"pk": advice.pk}))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Öffentliche Antwort an Sie." in html
    assert 'data-status="in_progress"' in html
    assert SECRET not in html
    assert "notes" not in page.context

    listing = client.get(reverse("agency:advicerequest_list")).content.decode()
    account = client.get(reverse("users:account")).content.decode()
    for html in (listing, account):
        assert advice.get_absolute_url() in html and SECRET not in html
    assert all(SECRET not in m.body for m in mail.outbox)


@pytest.mark.django_db
def test_another_user_gets_404_for_a_foreign_request(client):
    advice = AdviceRequestFactory()
    client.force_login(UserFactory())
    assert client.get(reverse("agency:advicerequest_detail", kwargs={"pk": advice.pk})).status_code == 404
    assert advice.get_absolute_url() not in client.get(reverse("agency:advicerequest_list")).content.decode()


@pytest.mark.django_db
def test_anonymous_visitor_is_sent_to_login(client):
    advice = AdviceRequestFactory()
    response = client.get(reverse("agency:advicerequest_detail", kwargs={"pk": advice.pk}))
    assert response.status_code == 302 and reverse("account_login") in response["Location"]


@pytest.mark.django_db
def test_create_page_files_a_request_for_own_startup_only(client):
    founder = UserFactory(account_type="startup")
    own = StartupFactory(owner=founder)
    foreign = StartupFactory()
    hub = HubFactory()
    client.force_login(founder)
    url = reverse("agency:advicerequest_create")
    data = {"topic": "funding", "message": "Hilfe bei EXIST?", "preferred_hub": hub.pk, "contact_way": "email"}

    rejected = client.post(url, {**data, "startup": foreign.pk})
    assert rejected.status_code == 200 and "startup" in rejected.context["form"].errors
    assert rejected.context["form"]["message"].value() == "Hilfe bei EXIST?"

    response = client.post(url, {**data, "startup": own.pk})
    advice = AdviceRequest.objects.get()
    assert response.status_code == 302 and response["Location"] == advice.get_absolute_url()
    assert (advice.requester, advice.startup, advice.preferred_hub) == (founder, own, hub)


@pytest.mark.django_db
def test_phone_contact_needs_a_phone_number(client, user):
    client.force_login(user)
    response = client.post(
        reverse("agency:advicerequest_create"), {"topic": "other", "message": "Bitte anrufen", "contact_way": "phone"}
    )
    assert response.status_code == 200 and "phone" in response.context["form"].errors
    assert not AdviceRequest.objects.exists()


@pytest.mark.django_db
def test_question_longer_than_5000_characters_is_refused_and_shown_again(client, user):
    client.force_login(user)
    url = reverse("agency:advicerequest_create")
    data = {"topic": "other", "contact_way": "email"}
    too_long = ("Förderung? " * 455)[:5004]
    response = client.post(url, {**data, "message": too_long})
    assert response.status_code == 200
    assert response.context["form"].errors["message"] == [
        "Bitte kürzen Sie Ihre Frage auf höchstens 5.000 Zeichen (sie hat 5.004)."
    ]
    assert response.context["form"]["message"].value() == too_long
    assert too_long in response.content.decode()
    assert not AdviceRequest.objects.exists()

    with translation.override("en"):
        english = client.post(reverse("agency:advicerequest_create"), {**data, "message": too_long})
    assert "Please shorten your question to at most 5,000 characters (it has 5,004)." in english.content.decode()

    client.post(url, {**data, "message": too_long[:5000]})
    assert len(AdviceRequest.objects.get().message) == 5000


@pytest.mark.django_db
def test_question_textarea_tells_the_browser_the_limit(client, user):
    client.force_login(user)
    page = client.get(reverse("agency:advicerequest_create")).content.decode()
    # an HTML attribute takes a plain integer in every language
    assert re.search(r'<textarea name="message"[^>]* maxlength="5000"', page)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "help_text", "error"),
    [
        (
            "de",
            "Beschreiben Sie Ihre Situation und was Sie wissen möchten (bis zu 5.000 Zeichen).",
            "Bitte kürzen Sie Ihre Frage auf höchstens 5.000 Zeichen (sie hat 5.001).",
        ),
        (
            "en",
            "Describe your situation and what you would like to know (up to 5,000 characters).",
            "Please shorten your question to at most 5,000 characters (it has 5,001).",
        ),
    ],
)
def test_help_text_and_error_write_the_limit_the_same_way(client, user, language, help_text, error):
    client.force_login(user)
    with translation.override(language):
        url = reverse("agency:advicerequest_create")
        page = client.get(url).content.decode()
        response = client.post(url, {"topic": "other", "contact_way": "email", "message": "x" * 5001})
        assert response.context["form"].errors["message"] == [error]
    assert help_text in page
    assert help_text in response.content.decode() and error in response.content.decode()


@pytest.mark.django_db
def test_line_breaks_count_as_one_character_as_in_the_browser(client, user):
    client.force_login(user)
    lines = ["x" * 99] * 50  # 4,950 characters and 49 line breaks: 4,999 for the browser, 5,048 sent as CRLF
    client.post(
        reverse("agency:advicerequest_create"),
        {"topic": "other", "contact_way": "email", "message": "\r\n".join(lines)},
    )
    assert AdviceRequest.objects.get().message == "\n".join(lines)


@pytest.mark.django_db
def test_empty_state_on_the_list(client, user):
    client.force_login(user)
    response = client.get(reverse("agency:advicerequest_list"))
    assert list(response.context["advice_requests"]) == []
    with translation.override("en"):
        assert "You have not asked for advice yet." in client.get(reverse("agency:advicerequest_list")).content.decode()


def test_working_days_skip_the_weekend():
    # Tuesday 10:00 minus three working days is the Thursday before (Mon, Fri, Thu).
    assert working_days_before(at(24), 3) == at(19)
    assert working_days_before(at(23), 1) == at(20)  # Monday → Friday


@pytest.mark.django_db
def test_overdue_detection_across_a_weekend(settings):
    settings.ADVICE_OVERDUE_WORKING_DAYS = 3
    friday = AdviceRequestFactory()
    AdviceRequest.objects.filter(pk=friday.pk).update(created_at=at(20, 9))
    friday.refresh_from_db()

    # Sat, Sun and Mon: only one working day has passed.
    assert not friday.is_overdue(now=at(23, 12))
    assert not AdviceRequest.objects.overdue(now=at(23, 12)).exists()
    # Wednesday 10:00: Mon, Tue, Wed passed → overdue; the weekend did not count.
    assert not friday.is_overdue(now=at(25, 8))
    assert friday.is_overdue(now=at(25, 10))
    assert list(AdviceRequest.objects.overdue(now=at(25, 10))) == [friday]


@pytest.mark.django_db
def test_a_reply_resets_the_overdue_clock_and_closed_requests_are_never_overdue(advisor, settings):
    settings.ADVICE_OVERDUE_WORKING_DAYS = 3
    advice = AdviceRequestFactory()
    AdviceRequest.objects.filter(pk=advice.pk).update(created_at=at(16), last_public_reply_at=at(24))
    assert not AdviceRequest.objects.overdue(now=at(26)).exists()
    assert AdviceRequest.objects.overdue(now=at(30)).exists()
    advice_request_close(request=advice, outcome="resolved", actor=advisor)
    assert not AdviceRequest.objects.overdue(now=at(30)).exists()


@pytest.mark.django_db
@pytest.mark.parametrize(("recipient", "sender"), [("de", "en"), ("en", "de")])
def test_advice_mails_link_in_the_requesters_language(recipient, sender, advisor):
    founder = UserFactory(language=recipient)
    translation.activate(sender)
    advice = advice_request_create(requester=founder, topic="funding", message="Welche Förderung passt?")
    advice_reply_send(request=advice, author=advisor, text="Wir melden uns.")
    with translation.override(recipient):
        link = reverse("agency:advicerequest_detail", kwargs={"pk": advice.pk})
    assert len(mail.outbox) == 2
    for message in mail.outbox:
        assert set(re.findall(r"https?://[^/\s]+/([a-z]{2})/", message.body)) == {recipient}
        assert link in message.body


@pytest.mark.django_db
def test_a_request_waiting_for_the_requester_is_not_overdue(settings):
    settings.ADVICE_OVERDUE_WORKING_DAYS = 3
    waiting = AdviceRequestFactory(status=AdviceRequest.Status.WAITING)
    in_progress = AdviceRequestFactory(status=AdviceRequest.Status.IN_PROGRESS)
    AdviceRequest.objects.update(created_at=at(16), last_public_reply_at=at(17))
    waiting.refresh_from_db()
    in_progress.refresh_from_db()
    assert not waiting.is_overdue(now=at(30)) and in_progress.is_overdue(now=at(30))
    assert list(AdviceRequest.objects.overdue(now=at(30))) == [in_progress]


@pytest.mark.django_db
def test_the_promised_reply_time_follows_the_overdue_setting(client, settings):
    settings.ADVICE_OVERDUE_WORKING_DAYS = 5
    founder = UserFactory(language="en")
    client.force_login(founder)
    with translation.override("en"):
        page = client.get(reverse("agency:advicerequest_create")).content.decode()
        advice_request_create(requester=founder, topic="other", message="Hallo")
    assert "usually within 5 working days" in page
    assert "usually within 5 working days" in mail.outbox[0].body
