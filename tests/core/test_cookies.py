"""Anonymous visitors get no cookie but `csrftoken`, and that only on pages with a POST form; no sessions."""

import re

import pytest
from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import translation

from events.models import Registration
from events.tokens import confirm_token, guest_token
from hubs.models import Hub, HubNetwork, Topic
from tests.factories import (
    CallFactory,
    EventFactory,
    HubUpdateFactory,
    RegistrationFactory,
    StartupFactory,
    UserFactory,
)

POST_FORM = re.compile(r"<form\b[^>]*\bmethod=\"post\"", re.IGNORECASE)


@pytest.fixture
def public_urls(real_hubs):
    hub = Hub.objects.active().first()
    topic = Topic.objects.with_active_hubs().first()
    network = HubNetwork.objects.first()
    startup = StartupFactory(hub=hub)
    event = EventFactory()
    news = HubUpdateFactory(hub=hub)
    call = CallFactory()
    urls = {}
    for language in ("de", "en"):
        with translation.override(language):
            urls |= {
                f"home {language}": reverse("home"),
                f"hub list {language}": reverse("hubs:hub_list"),
                f"hub list filtered {language}": reverse("hubs:hub_list") + f"?topic={topic.slug}",
                f"hub detail {language}": hub.get_absolute_url(),
                f"topic {language}": reverse("hubs:topic_detail", kwargs={"slug": topic.slug}),
                f"network {language}": network.get_absolute_url(),
                f"startup directory {language}": reverse("startups:startup_list"),
                f"startup directory filtered {language}": reverse("startups:startup_list") + "?q=Logistik&stage=seed",
                f"startup detail {language}": startup.get_absolute_url(),
                f"investor directory {language}": reverse("startups:investor_list"),
                f"events {language}": reverse("events:event_list"),
                f"events filtered {language}": reverse("events:event_list") + "?q=Pitch",
                f"event archive {language}": reverse("events:event_archive"),
                f"event detail {language}": event.get_absolute_url(),
                f"event registration {language}": reverse("events:registration_create", kwargs={"slug": event.slug}),
                f"event calendar {language}": reverse("events:event_ics", kwargs={"slug": event.slug}),
                f"events calendar {language}": reverse("events:calendar_feed"),
                f"events rss {language}": reverse("events:event_feed_rss"),
                f"events atom {language}": reverse("events:event_feed_atom"),
                f"calls {language}": reverse("calls:call_list"),
                f"call detail {language}": call.get_absolute_url(),
                f"call deadlines {language}": reverse("calls:deadlines_ics"),
                f"imprint {language}": reverse("imprint"),
                f"privacy {language}": reverse("privacy"),
                f"accessibility {language}": reverse("accessibility"),
                f"login {language}": reverse("account_login"),
                f"sign-up {language}": reverse("account_signup"),
                f"password reset {language}": reverse("account_reset_password"),
                f"news {language}": reverse("agency:hubupdate_list"),
                f"news detail {language}": news.get_absolute_url(),
                f"news feed {language}": reverse("agency:hubupdate_feed"),
                f"account deleted {language}": reverse("users:account_deleted"),
            }
    return urls


def test_public_pages_set_no_cookie_but_csrf_and_that_only_with_a_post_form(client, public_urls):
    with_forms = []
    for label, url in public_urls.items():
        client.cookies.clear()
        response = client.get(url)
        assert response.status_code in {200, 302}, (label, response.status_code)
        has_post_form = bool(POST_FORM.search(response.content.decode()))
        set_cookies = set(response.cookies)
        assert set_cookies <= {"csrftoken"}, (label, set_cookies)
        assert ("csrftoken" in set_cookies) == has_post_form, (label, set_cookies, has_post_form)
        if has_post_form:
            with_forms.append(label.rsplit(" ", 1)[0])
    assert Session.objects.count() == 0
    # The check above can fail both ways: these pages do have a form, the rest have none. The event page links to
    # its registration page instead (so readers get no cookie there; who opens the registration page gets one).
    assert set(with_forms) == {"login", "sign-up", "password reset", "event registration"}


def test_the_language_switch_is_a_link_and_sets_no_cookie(client, db):
    with translation.override("de"):
        url = reverse("imprint")
    content = client.get(url).content.decode()
    english = re.search(r'<a href="([^"]*)" hreflang="en"', content).group(1)

    response = client.get(english)

    assert response.status_code == 200
    assert '<html lang="en">' in response.content.decode()
    assert not response.cookies
    assert not client.cookies


def test_guest_confirming_and_cancelling_an_event_registration_gets_no_session(client, db):
    registration = RegistrationFactory(
        user=None, name="Gerda Gast", email="gerda@example.org", status=Registration.Status.PENDING
    )
    confirm = reverse("events:registration_confirm", kwargs={"token": confirm_token(registration)})
    client.get(confirm)
    response = client.post(confirm, follow=True)

    registration.refresh_from_db()
    assert registration.status == Registration.Status.CONFIRMED
    assert response.status_code == 200
    assert "sessionid" not in client.cookies

    cancel = reverse("events:registration_guest_cancel", kwargs={"token": guest_token(registration)})
    client.post(cancel, follow=True)

    registration.refresh_from_db()
    assert registration.status == Registration.Status.CANCELLED
    assert "sessionid" not in client.cookies
    assert Session.objects.count() == 0


def test_logging_out_leaves_no_session_behind(client, db):
    user = UserFactory(email="lou@example.org")
    client.post(reverse("account_login"), {"login": user.email, "password": "correct-horse-battery"})
    assert client.cookies["sessionid"].value
    assert Session.objects.count() == 1

    response = client.post(reverse("account_logout"), follow=True)

    assert response.status_code == 200
    assert not client.cookies["sessionid"].value  # deleted, not replaced by a new anonymous session
    assert Session.objects.count() == 0


def test_signed_in_users_still_see_messages(client, user):
    client.force_login(user)
    with translation.override("en"):
        response = client.post(
            reverse("users:profile_update"),
            {"first_name": "Ina", "last_name": "Muster", "account_type": "other", "language": "en"},
            follow=True,
        )
    assert "Your profile was saved." in response.content.decode()
