"""Sign-up and allauth's mails: recipient's language, queue, and mail outages."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from hubportal.mail.models import OutboundEmail
from hubportal.users.models import User
from tests.factories import UserFactory

SIGNUP = {
    "account_type": "investor",
    "first_name": "Ada",
    "last_name": "Lovelace",
    "email": "ada@example.org",
    "password1": "a-long-enough-secret-42",
    "password2": "a-long-enough-secret-42",
}


def url_in(language, name):
    with translation.override(language):
        return reverse(name)


def signup_url(language):
    return url_in(language, "account_signup")


@pytest.mark.parametrize("preselect", ["startup", "investor", "organisation"])
def test_signup_preselects_the_account_type(client, db, preselect):
    response = client.get(signup_url("en"), {"as": preselect})

    assert response.context["form"].initial["account_type"] == preselect
    assert re.search(rf'value="{preselect}"[^>]*checked', response.content.decode())


def test_signup_ignores_an_unknown_account_type(client, db):
    response = client.get(signup_url("en"), {"as": "admin"})
    assert response.context["form"].initial.get("account_type", "startup") == "startup"


def test_signup_page_explains_account_types_and_has_one_h1(client, db):
    content = client.get(signup_url("en")).content.decode()

    assert content.count("<h1") == 1
    for text in ("Startup", "Investor", "Company or organisation"):
        assert text in content
    assert '<html lang="en">' in content


def test_signup_creates_user_and_sends_confirmation_in_their_language(client, db):
    response = client.post(signup_url("en"), SIGNUP)

    assert response.status_code == 302
    user = User.objects.get(email="ada@example.org")
    assert (user.first_name, user.account_type, user.language) == ("Ada", "investor", "en")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.subject == "[Hubportal] Please confirm your email address"
    assert "Hello Ada Lovelace," in message.body
    link = re.search(r"http://\S+/en/accounts/confirm-email/\S+/", message.body)
    assert link, message.body
    html = message.alternatives[0][0]
    assert '<html lang="en">' in html and link.group(0) in html


def test_signup_form_errors_stay_next_to_the_fields(client, db):
    response = client.post(signup_url("en"), {**SIGNUP, "password2": "something-else-42"})

    content = response.content.decode()
    assert response.status_code == 200
    assert 'value="ada@example.org"' in content
    assert 'id="id_password2_error"' in content
    assert re.search(r'id="id_password2"[^>]*aria-describedby="[^"]*id_password2_error', content) or re.search(
        r'aria-describedby="[^"]*id_password2_error"[^>]*id="id_password2"', content
    )
    assert not User.objects.filter(email="ada@example.org").exists()


def test_password_reset_mail_uses_the_recipients_language_not_the_requests(client, db):
    UserFactory(email="deutsch@example.org", language="de")

    client.post(url_in("en", "account_reset_password"), {"email": "deutsch@example.org"})

    assert len(mail.outbox) == 1
    outbound = OutboundEmail.objects.get()
    assert outbound.language == "de"
    assert re.search(r"/de/accounts/password/reset/key/\S+/", mail.outbox[0].body)
    assert '<html lang="de">' in mail.outbox[0].alternatives[0][0]


def test_password_change_sends_a_notification_to_the_account_holder(client, db):
    user = UserFactory(email="note@example.org", language="en", first_name="Grace", last_name="Hopper")
    client.force_login(user)
    response = client.post(
        url_in("en", "account_change_password"),
        {"oldpassword": "correct-horse-battery", "password1": "new-secret-4711x", "password2": "new-secret-4711x"},
    )

    assert response.status_code == 302
    assert [m.subject for m in mail.outbox] == ["[Hubportal] Your password was changed"]
    assert "Hello Grace Hopper," in mail.outbox[0].body
    assert "/en/accounts/password/reset/" in mail.outbox[0].body


def test_signup_succeeds_while_mail_is_down_and_the_sweep_delivers_later(client, db, settings):
    settings.EMAIL_BACKEND = "tests.mail.backends.FailingBackend"

    response = client.post(signup_url("de"), SIGNUP)

    assert response.status_code == 302
    assert User.objects.filter(email="ada@example.org").exists()
    outbound = OutboundEmail.objects.get()
    assert outbound.status == OutboundEmail.Status.RETRYING
    assert mail.outbox == []

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    OutboundEmail.objects.update(next_attempt_at=None)
    call_command("send_pending_mail", stdout=open("/dev/null", "w"))  # noqa: SIM115

    assert len(mail.outbox) == 1
    link = re.search(r"http://\S+/de/accounts/confirm-email/(\S+)/", mail.outbox[0].body)
    client.post(link.group(0))
    assert EmailAddress.objects.get(email="ada@example.org").verified
