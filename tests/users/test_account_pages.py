"""The account page, profile editing and the users admin."""

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.urls import reverse
from django.utils import translation

from hubportal.users.models import User
from tests.factories import UserFactory


def test_account_page_needs_login(client, db):
    response = client.get(reverse("users:account"))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_account_page_shows_profile_email_and_security_status(client, user):
    client.force_login(user)

    response = client.get(reverse("users:account"))

    content = response.content.decode()
    assert content.count("<h1") == 1
    assert user.email in content.replace("<wbr>", "")  # the address may wrap at @ and dots
    assert 'data-status="email-verified"' in content
    assert 'data-status="mfa-off"' in content


def test_account_page_shows_unverified_email_and_mfa_on(client, db):
    user = UserFactory(verified=False)
    EmailAddress.objects.create(user=user, email=user.email, verified=False, primary=True)
    Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={"secret": "x"})
    client.force_login(user)

    content = client.get(reverse("users:account")).content.decode()

    assert 'data-status="email-unverified"' in content
    assert 'data-status="mfa-on"' in content


def test_account_page_shows_only_the_own_data(client, user):
    other = UserFactory(first_name="Zacharias", last_name="Fremd")
    client.force_login(user)

    content = client.get(reverse("users:account")).content.decode()

    assert other.email not in content
    assert "Zacharias" not in content


def test_profile_update_saves_and_keeps_input_on_errors(client, user):
    client.force_login(user)
    url = reverse("users:profile_update")

    response = client.post(url, {"first_name": "", "last_name": "Neu", "account_type": "investor", "language": "en"})
    assert response.status_code == 200
    assert 'value="Neu"' in response.content.decode()
    assert 'id="id_first_name_error"' in response.content.decode()

    response = client.post(url, {"first_name": "Eva", "last_name": "Neu", "account_type": "investor", "language": "en"})
    assert response.status_code == 302
    user.refresh_from_db()
    assert (user.first_name, user.last_name, user.account_type, user.language) == ("Eva", "Neu", "investor", "en")


def test_profile_update_changes_only_the_logged_in_user(client, user):
    other = UserFactory(first_name="Unverändert")
    client.force_login(user)

    client.post(
        reverse("users:profile_update"),
        {"first_name": "Eva", "last_name": "Neu", "account_type": "startup", "language": "de", "id": other.pk},
    )

    other.refresh_from_db()
    assert other.first_name == "Unverändert"


@pytest.mark.parametrize("rows", [1, 30])
def test_users_admin_changelist_query_count_does_not_grow(client, staff_user, django_assert_max_num_queries, rows):
    UserFactory.create_batch(rows)
    client.force_login(staff_user)

    with django_assert_max_num_queries(12):
        response = client.get(reverse("admin:users_user_changelist"))

    assert response.status_code == 200
    assert User.objects.count() == rows + 1


def test_users_admin_search_and_change_page(client, staff_user):
    target = UserFactory(email="findme@example.org")
    client.force_login(staff_user)

    response = client.get(reverse("admin:users_user_changelist"), {"q": "findme"})
    assert b"findme@example.org" in response.content
    assert client.get(reverse("admin:users_user_change", args=[target.pk])).status_code == 200
    assert client.get(reverse("admin:users_user_add")).status_code == 200


@pytest.mark.parametrize("name", ["account_email", "account_change_password", "mfa_index", "account_logout"])
def test_account_management_pages_show_the_shared_account_breadcrumbs(client, user, name):
    client.force_login(user)
    with translation.override("en"):
        url, account = reverse(name), reverse("users:account")

    response = client.get(url)

    used = [template.name for template in response.templates]
    assert "allauth/layouts/manage.html" in used and "includes/account_breadcrumbs.html" in used
    content = response.content.decode()
    assert content.count('class="breadcrumbs"') == 1
    assert f'<li><a href="{account}">My account</a></li>' in content
