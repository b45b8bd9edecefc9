"""Rate limits (allauth's limiter, settings.ACCOUNT_RATE_LIMITS): each is enforced, answered with the form again
(status 429, a translated message, everything typed but passwords) or, where there is no form to keep, a translated
429 page, and shared through Redis when REDIS_URL is set."""

import json
import re
import socket
import uuid

import pytest
from allauth.account.models import EmailAddress
from allauth.core import ratelimit
from allauth.core.internal import ratelimit as ratelimit_impl
from django.core import mail
from django.core.cache.backends.redis import RedisCache
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import translation

from events.models import Registration
from hubportal.users import ratelimit as users_ratelimit
from hubportal.users.models import User
from hubportal.users.ratelimit import rate_limit_message
from matching.models import Introduction
from tests.factories import EventFactory, InvestorProfileFactory, StartupFactory, UserFactory

from .conftest import run_manage

pytestmark = pytest.mark.django_db


def limit(settings, action: str, per: str) -> int:
    """The number of requests allowed per minute for `action` and `per` (ip, user or key)."""
    for rate in settings.ACCOUNT_RATE_LIMITS[action].split(","):
        amount, duration, who = rate.split("/")
        if duration == "m" and who == per:
            return int(amount)
    raise AssertionError(f"no per-minute {per} limit for {action}")


def en(name, **kwargs):
    with translation.override("en"):
        return reverse(name, kwargs=kwargs or None)


def assert_429_page(response):
    assert response.status_code == 429
    content = response.content.decode()
    assert "<h1>Too many attempts</h1>" in content or "<h1>Zu viele Versuche</h1>" in content
    assert 'href="/static/css/portal.css"' in content  # the portal's page, not allauth's bare fallback


# --- allauth: login, sign-up, password reset and the account pages -----------------------------------------


def test_failed_logins_for_one_address_are_limited_and_the_form_keeps_the_address(client, settings):
    UserFactory(email="ada@example.org")
    allowed = limit(settings, "login_failed", "ip")  # 10/m/ip; the 5/5m/key limit is checked below
    key_limit = int(settings.ACCOUNT_RATE_LIMITS["login_failed"].split(",")[1].split("/")[0])
    assert key_limit < allowed
    wrong = {"login": "ada@example.org", "password": "wrong-password"}
    for _ in range(key_limit):
        response = client.post(en("account_login"), wrong)
        assert "Too many failed login attempts" not in response.content.decode()
    response = client.post(en("account_login"), {"login": "ada@example.org", "password": "correct-horse-battery"})
    assert response.status_code == 200  # even the right password waits now
    content = response.content.decode()
    assert "Too many failed login attempts. Try again later." in content
    assert 'value="ada@example.org"' in content
    assert "_auth_user_id" not in client.session
    # Another address from another network is not affected.
    UserFactory(email="bea@example.org")
    response = client.post(
        en("account_login"),
        {"login": "bea@example.org", "password": "correct-horse-battery"},
        REMOTE_ADDR="198.51.100.9",
    )
    assert response.status_code == 302


# The message of a rate limit that allauth answers on one of its form pages (hubportal/users/ratelimit.py).
LIMITED = {
    "en": re.compile(r"Too many attempts in a short time\. Please wait (?:1 minute|\d\d? seconds?), then try again\."),
    "de": re.compile(
        r"Zu viele Versuche in kurzer Zeit\. Bitte warten Sie (?:1 Minute|\d\d? Sekunden?) und versuchen Sie es "
        r"dann noch einmal\."
    ),
}
PASSWORD_AGAIN = {
    "en": "For your security, please enter your password again.",
    "de": "Bitte geben Sie Ihr Passwort aus Sicherheitsgründen noch einmal ein.",
}
PASSWORD = "a-long-enough-secret-42"


def limit_to(settings, **rates):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, **rates}


def assert_limited_form(response, language: str, *, asks_password: bool) -> str:
    """The form page again (status 429) with the message in the form's error summary; returns the page."""
    assert response.status_code == 429
    content = response.content.decode()
    assert f'<html lang="{language}">' in content
    alert = re.search(r'<div class="error-summary" role="alert"[^>]*>.*?<ul>(.*?)</ul>', content, re.DOTALL)
    assert alert, "no error area with the message"
    assert LIMITED[language].search(alert.group(1)), alert.group(1)
    assert (PASSWORD_AGAIN[language] in alert.group(1)) is asks_password
    assert 0 < int(response["Retry-After"]) <= 60
    assert "no-store" in response["Cache-Control"]
    assert "<h1>Too many attempts</h1>" not in content and "<h1>Zu viele Versuche</h1>" not in content
    return content


@pytest.mark.parametrize("language", ["en", "de"])
def test_login_posts_over_the_limit_show_the_form_again_with_the_address(client, settings, language):
    limit_to(settings, login="2/m/ip")
    UserFactory(email="ada@example.org")
    url = f"/{language}/accounts/login/"
    for _ in range(2):
        assert client.post(url, {"login": "ada@example.org", "password": "wrong-password"}).status_code == 200
    right = {"login": "ada@example.org", "password": "correct-horse-battery", "remember": "on"}
    content = assert_limited_form(client.post(url, right), language, asks_password=True)
    assert 'value="ada@example.org"' in content
    assert re.search(r'<input type="checkbox" name="remember"[^>]* checked>', content)
    assert "correct-horse-battery" not in content
    assert "_auth_user_id" not in client.session
    # No attempt gets through while the limit holds; another network is not affected.
    assert client.post(url, right).status_code == 429
    assert "_auth_user_id" not in client.session
    assert client.post(url, right, REMOTE_ADDR="198.51.100.9").status_code == 302


def test_login_posts_per_ip_are_limited_at_the_configured_rate(client, settings):
    allowed = limit(settings, "login", "ip")
    for _ in range(allowed):
        assert client.post(en("account_login"), {}).status_code == 200
    assert client.post(en("account_login"), {}).status_code == 429
    assert client.post(en("account_login"), {}, REMOTE_ADDR="198.51.100.9").status_code == 200


def sign_up_data(**fields):
    data = {
        "account_type": "startup",
        "first_name": "Grace",
        "last_name": "Hopper",
        "email": "grace@example.org",
        "password1": PASSWORD,
        "password2": PASSWORD,
    }
    return {**data, **fields}


@pytest.mark.parametrize("language", ["en", "de"])
def test_sign_ups_over_the_limit_show_the_form_again_with_what_was_typed(client, settings, language):
    limit_to(settings, signup="1/m/ip")
    url = f"/{language}/accounts/signup/"
    assert Client().post(url, sign_up_data()).status_code == 302  # someone else on the same network
    sent = len(mail.outbox)
    data = sign_up_data(account_type="investor", first_name="Ada", last_name="Lovelace", email="ada@example.org")
    content = assert_limited_form(client.post(url, data), language, asks_password=True)
    assert 'value="Ada"' in content and 'value="Lovelace"' in content and 'value="ada@example.org"' in content
    assert re.search(r'<input type="radio" name="account_type" value="investor"[^>]* checked>', content)
    assert PASSWORD not in content
    assert not User.objects.filter(email="ada@example.org").exists()
    assert len(mail.outbox) == sent
    assert client.post(url, data, REMOTE_ADDR="198.51.100.9").status_code == 302


def test_sign_ups_per_ip_are_limited_at_the_configured_rate(client, settings):
    allowed = limit(settings, "signup", "ip")
    for _ in range(allowed):
        assert client.post(en("account_signup"), {}).status_code == 200
    assert client.post(en("account_signup"), {"email": "new@example.org"}).status_code == 429
    assert client.post(en("account_signup"), {}, REMOTE_ADDR="198.51.100.9").status_code == 200


@pytest.mark.parametrize("language", ["en", "de"])
def test_password_resets_over_the_limit_show_the_form_again_with_the_address(client, settings, language):
    UserFactory(email="ada@example.org")
    allowed = limit(settings, "reset_password", "key")
    url = f"/{language}/accounts/password/reset/"
    for _ in range(allowed):
        assert client.post(url, {"email": "ada@example.org"}).status_code == 302
    assert len(mail.outbox) == allowed
    content = assert_limited_form(client.post(url, {"email": "ada@example.org"}), language, asks_password=False)
    assert 'value="ada@example.org"' in content
    assert len(mail.outbox) == allowed  # no further mail to that address
    # Another address can still ask for a reset.
    UserFactory(email="bea@example.org")
    assert client.post(url, {"email": "bea@example.org"}).status_code == 302


def test_the_time_to_wait_is_the_time_left_of_the_limit(client, settings):
    limit_to(settings, signup="1/30s/ip")
    assert Client().post(en("account_signup"), sign_up_data()).status_code == 302
    response = client.post(en("account_signup"), sign_up_data(email="ada@example.org"))
    assert response.status_code == 429
    wait = int(response["Retry-After"])
    assert 20 <= wait <= 30
    assert f"Please wait {wait} seconds, then try again." in response.content.decode()


def test_without_allauths_counters_the_message_says_a_few_minutes(client, settings, monkeypatch):
    """allauth keeps the layout of its counters internal; if an upgrade changes it, the form still comes back."""
    limit_to(settings, signup="1/m/ip")
    assert Client().post(en("account_signup"), sign_up_data()).status_code == 302

    def changed(*args, **kwargs):
        raise TypeError("a changed signature")

    monkeypatch.setattr(users_ratelimit, "get_cache_key", changed)
    response = client.post(en("account_signup"), sign_up_data(email="ada@example.org"))
    assert response.status_code == 429
    content = response.content.decode()
    assert "Too many attempts in a short time. Please wait a few minutes, then try again." in content
    assert 'value="ada@example.org"' in content
    assert "Retry-After" not in response


@pytest.mark.parametrize(
    ("language", "seconds", "text"),
    [
        ("en", 1, "Please wait 1 second, then"),
        ("en", 45, "Please wait 45 seconds, then"),
        ("en", 60, "Please wait 1 minute, then"),
        ("en", 61, "Please wait 2 minutes, then"),
        ("de", 45, "Bitte warten Sie 45 Sekunden und"),
        ("de", 300, "Bitte warten Sie 5 Minuten und"),
        ("de", None, "Bitte warten Sie einige Minuten und"),
    ],
)
def test_the_message_names_the_time_to_wait(language, seconds, text):
    with translation.override(language):
        assert text in rate_limit_message(seconds)


def test_email_changes_over_the_limit_show_the_page_again_with_the_new_address(client, settings):
    limit_to(settings, manage_email="1/m/user")
    user = UserFactory(email="ada@example.org", language="en")
    client.force_login(user)
    assert client.post(en("account_email"), {"action_add": "", "email": "ada@example.net"}).status_code == 302
    response = client.post(en("account_email"), {"action_add": "", "email": "ada@example.com"})
    content = assert_limited_form(response, "en", asks_password=False)
    assert 'value="ada@example.com"' in content
    assert not EmailAddress.objects.filter(email="ada@example.com").exists()


@pytest.mark.parametrize("language", ["en", "de"])
def test_address_buttons_over_the_limit_leave_the_change_field_empty(client, settings, language):
    """Re-send, cancel (remove) and make primary post an existing address as `email`, the name of the field for a
    new address: only a post of that field's own form fills it again."""
    limit_to(settings, manage_email="1/m/user")
    client.force_login(UserFactory(email="ada@example.org", language=language))
    url = f"/{language}/accounts/email/"
    assert client.post(url, {"action_add": "", "email": "ada@example.net"}).status_code == 302
    sent = len(mail.outbox)
    for action, address in [
        ("action_send", "ada@example.net"),
        ("action_remove", "ada@example.net"),
        ("action_primary", "ada@example.org"),
    ]:
        content = assert_limited_form(client.post(url, {action: "", "email": address}), language, asks_password=False)
        field = re.search(r'<input [^>]*id="id_email"[^>]*>', content).group(0)
        assert "value=" not in field, (action, field)
    assert len(mail.outbox) == sent
    assert EmailAddress.objects.filter(email="ada@example.net", verified=False).exists()
    assert EmailAddress.objects.get(email="ada@example.org").primary
    content = assert_limited_form(
        client.post(url, {"action_add": "", "email": "ada@example.com"}), language, asks_password=False
    )
    assert 'value="ada@example.com"' in re.search(r'<input [^>]*id="id_email"[^>]*>', content).group(0)


def test_password_changes_over_the_limit_show_the_form_again_without_the_passwords(client, settings):
    limit_to(settings, change_password="1/m/user")
    user = UserFactory()
    client.force_login(user)
    assert client.post(en("account_change_password"), {"oldpassword": "wrong"}).status_code == 200
    data = {"oldpassword": "correct-horse-battery", "password1": PASSWORD, "password2": PASSWORD}
    content = assert_limited_form(client.post(en("account_change_password"), data), "en", asks_password=True)
    assert "correct-horse-battery" not in content and PASSWORD not in content
    user.refresh_from_db()
    assert user.check_password("correct-horse-battery")


def test_reauthentications_over_the_limit_show_the_form_again(client, settings):
    limit_to(settings, reauthenticate="1/m/user")
    client.force_login(UserFactory())
    assert client.post(en("account_reauthenticate"), {"password": "wrong-password"}).status_code == 200
    response = client.post(en("account_reauthenticate"), {"password": "correct-horse-battery"})
    content = assert_limited_form(response, "en", asks_password=True)
    assert "correct-horse-battery" not in content


def test_the_reset_link_page_keeps_the_translated_429_page(client, settings):
    """The page behind the mailed reset link checks the link before it has a form (and would keep only passwords)."""
    limit_to(settings, reset_password_from_key="1/m/ip")
    url = "/de/accounts/password/reset/key/1-not-a-key/"
    assert client.post(url, {"password1": PASSWORD, "password2": PASSWORD}).status_code == 200
    response = client.post(url, {"password1": PASSWORD, "password2": PASSWORD})
    assert_429_page(response)
    content = response.content.decode()
    assert '<html lang="de">' in content and "<h1>Zu viele Versuche</h1>" in content
    assert PASSWORD not in content


def test_behind_the_proxy_each_client_ip_has_its_own_limit(client, prod_like):
    """In production every request comes from the proxy's address; the limit counts the client's IP that the
    proxy appended to X-Forwarded-For (ALLAUTH_TRUSTED_PROXY_COUNT), so one client cannot lock out everyone."""
    assert prod_like.ALLAUTH_TRUSTED_PROXY_COUNT == 1
    proxy = {"REMOTE_ADDR": "10.0.0.2", "HTTP_X_FORWARDED_PROTO": "https"}
    allowed = limit(prod_like, "signup", "ip")
    for _ in range(allowed):
        response = client.post(en("account_signup"), {}, HTTP_X_FORWARDED_FOR="203.0.113.7", **proxy)
        assert response.status_code == 200
    # A client that forges X-Forwarded-For only changes the entries before the one our proxy appends.
    forged = "198.51.100.1, 203.0.113.7"
    assert client.post(en("account_signup"), {}, HTTP_X_FORWARDED_FOR=forged, **proxy).status_code == 429
    assert client.post(en("account_signup"), {}, HTTP_X_FORWARDED_FOR="198.51.100.9", **proxy).status_code == 200


# --- introduction requests -------------------------------------------------------------------------------


def request_intro(client, startup, message="Wir würden Sie gern kennenlernen.", **extra):
    return client.post(en("matching:introduction_request_startup", slug=startup.slug), {"message": message}, **extra)


def test_introduction_requests_have_a_per_minute_limit_per_user(client, settings):
    allowed = limit(settings, "introduction_request", "user")
    assert allowed < settings.INTRO_DAILY_LIMIT  # a burst limit below the daily one
    investor = InvestorProfileFactory()
    startups = StartupFactory.create_batch(allowed + 1)
    client.force_login(investor.user)
    for startup in startups[:allowed]:
        assert request_intro(client, startup).status_code == 302
    response = request_intro(client, startups[-1], message="Noch eine Anfrage, bitte nicht verlieren.")
    assert response.status_code == 429
    content = response.content.decode()
    assert "Too many requests in a short time. Please wait a minute, then try again." in content
    assert "Noch eine Anfrage, bitte nicht verlieren." in content  # the message is still in the form
    assert Introduction.objects.filter(requested_by=investor.user).count() == allowed
    # Another investor (same network) still gets through.
    other = InvestorProfileFactory()
    client.force_login(other.user)
    assert request_intro(client, startups[-1]).status_code == 302


def test_introduction_requests_have_a_per_minute_limit_per_ip(client, settings):
    per_user = limit(settings, "introduction_request", "user")
    per_ip = limit(settings, "introduction_request", "ip")
    startups = StartupFactory.create_batch(per_user)
    sent = 0
    while sent < per_ip:
        client.force_login(InvestorProfileFactory().user)
        for startup in startups[: min(per_user, per_ip - sent)]:
            assert request_intro(client, startup).status_code == 302
            sent += 1
    client.force_login(InvestorProfileFactory().user)
    assert request_intro(client, startups[0]).status_code == 429
    assert request_intro(client, startups[0], REMOTE_ADDR="198.51.100.9").status_code == 302


# --- event registrations ---------------------------------------------------------------------------------


def test_registrations_of_a_logged_in_person_have_a_per_minute_limit(client, settings):
    allowed = limit(settings, "event_registration", "user")
    events = EventFactory.create_batch(allowed + 1)
    person = UserFactory(language="en")
    client.force_login(person)
    for event in events[:allowed]:
        response = client.post(en("events:registration_create", slug=event.slug), {"company": "Frachtfuchs"})
        assert response.status_code == 302
    data = {"company": "Frachtfuchs GmbH", "dietary_needs": "vegan"}
    response = client.post(en("events:registration_create", slug=events[-1].slug), data)
    assert response.status_code == 429
    content = response.content.decode()
    assert "Too many registrations in a short time. Please wait a minute, then try again." in content
    assert 'value="Frachtfuchs GmbH"' in content and "vegan" in content  # what they typed stays
    assert not Registration.objects.filter(event=events[-1]).exists()
    # Someone else registers for the same event without waiting.
    client.force_login(UserFactory())
    assert client.post(en("events:registration_create", slug=events[-1].slug), {}).status_code == 302


# --- the cache behind the limits -------------------------------------------------------------------------


def cache_settings(**env):
    code = "import json\nfrom django.conf import settings\nprint(json.dumps(settings.CACHES['default']))"
    result = run_manage("shell", "-c", code, env={"DJANGO_SETTINGS_MODULE": "hubportal.settings.dev", **env})
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_with_redis_url_the_limits_live_in_redis():
    assert cache_settings(REDIS_URL="redis://127.0.0.1:6379/3") == {
        "BACKEND": "hubportal.core.cache.RedisCache",  # Django's, with a stand-in while Redis is down
        "LOCATION": "redis://127.0.0.1:6379/3",
        "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
    }
    assert cache_settings()["BACKEND"] == "django.core.cache.backends.locmem.LocMemCache"


def redis_is_running() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=0.5).close()
    except OSError:
        return False
    return True


@pytest.mark.skipif(not redis_is_running(), reason="needs Redis on 127.0.0.1:6379")
def test_two_processes_sharing_redis_share_the_limit(monkeypatch, settings):
    """Two cache clients (as in two web processes) count against one limit."""
    prefix = f"test-{uuid.uuid4().hex}"
    first, second = (RedisCache("redis://127.0.0.1:6379/15", {"KEY_PREFIX": prefix}) for _ in range(2))
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "introduction_request": "3/m/ip"}
    request = RequestFactory().post("/", REMOTE_ADDR="203.0.113.50")
    try:
        monkeypatch.setattr(ratelimit_impl, "cache", first)
        assert [ratelimit.consume(request, action="introduction_request") for _ in range(3)] == [True] * 3
        monkeypatch.setattr(ratelimit_impl, "cache", second)
        assert ratelimit.consume(request, action="introduction_request") is False
        other = RequestFactory().post("/", REMOTE_ADDR="198.51.100.9")
        assert ratelimit.consume(other, action="introduction_request") is True
    finally:
        client = first._cache.get_client(write=True)
        for key in client.scan_iter(f"{prefix}:*"):
            client.delete(key)
