"""Staff need a TOTP authenticator to use the admin; the admin login is allauth's."""

import pytest
from allauth.mfa.models import Authenticator
from django.contrib.messages import get_messages
from django.urls import reverse

from tests.factories import StartupFactory, UserFactory


@pytest.fixture(autouse=True)
def _require_mfa(settings):
    settings.ADMIN_REQUIRE_MFA = True


def add_totp(user):
    return Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={"secret": "x"})


@pytest.mark.django_db
@pytest.mark.parametrize("url_name", ["admin:index", "admin:agency_advicerequest_changelist"])
def test_staff_without_mfa_is_sent_to_set_it_up(client, staff_user, url_name):
    client.force_login(staff_user)
    response = client.get(reverse(url_name))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("mfa_activate_totp"))
    texts = [str(m) for m in get_messages(response.wsgi_request)]
    assert texts and all("Zwei-Faktor" in t or "two-factor" in t for t in texts)


@pytest.mark.django_db
def test_staff_with_totp_reaches_the_admin(client, staff_user):
    add_totp(staff_user)
    client.force_login(staff_user)
    assert client.get(reverse("admin:index")).status_code == 200
    assert client.get(reverse("admin:agency_advicerequest_changelist")).status_code == 200


@pytest.mark.django_db
def test_recovery_codes_alone_do_not_count(client, staff_user):
    Authenticator.objects.create(user=staff_user, type=Authenticator.Type.RECOVERY_CODES, data={})
    client.force_login(staff_user)
    assert client.get(reverse("admin:index")).status_code == 302


@pytest.mark.django_db
def test_setting_off_lets_staff_in_without_mfa(client, staff_user, settings):
    settings.ADMIN_REQUIRE_MFA = False
    client.force_login(staff_user)
    assert client.get(reverse("admin:index")).status_code == 200


@pytest.mark.django_db
def test_anonymous_visitor_goes_to_the_allauth_login_with_next(client):
    response = client.get(reverse("admin:agency_advicerequest_changelist"))
    assert response.status_code == 302
    login = client.get(response["Location"])
    assert login.status_code == 302
    assert login["Location"].startswith(reverse("account_login"))
    assert "next=" in login["Location"] and "advicerequest" in login["Location"]


@pytest.mark.django_db
def test_admin_login_page_redirects_to_allauth(client):
    response = client.get(reverse("admin:login"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("account_login"))
    posted = client.post(reverse("admin:login"), {"username": "x@example.org", "password": "y"})
    assert posted.status_code == 302 and posted["Location"].startswith(reverse("account_login"))


@pytest.mark.django_db
def test_admin_login_ignores_a_foreign_next(client):
    response = client.get(reverse("admin:login"), {"next": "https://evil.example.com/"})
    assert "evil.example.com" not in response["Location"]


@pytest.mark.django_db
def test_non_staff_user_gets_403(client):
    client.force_login(UserFactory())
    index = client.get(reverse("admin:index"))
    assert index.status_code == 302
    assert client.get(index["Location"]).status_code == 403


@pytest.mark.django_db
def test_staff_without_mfa_may_still_log_out(client, staff_user):
    client.force_login(staff_user)
    response = client.post(reverse("admin:logout"))
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_a_page_an_app_registered_with_the_admin_site_needs_mfa_too(client, staff_user):
    startup = StartupFactory()
    url = reverse("admin:startups_startup_timeline", args=[startup.pk])  # the agency's startup timeline
    client.force_login(staff_user)
    assert client.get(url)["Location"].startswith(reverse("mfa_activate_totp"))
    add_totp(staff_user)
    assert client.get(url).status_code == 200
