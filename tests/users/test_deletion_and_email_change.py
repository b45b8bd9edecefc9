"""Account deletion and a change of email address at the same moment: one waits for the other."""

import re
import threading

import pytest
from allauth.account.models import EmailAddress, EmailConfirmationHMAC
from django.core import mail
from django.core.cache import cache
from django.db import connections
from django.http import Http404
from django.test import Client, RequestFactory

from events import privacy as deletion
from hubportal.users.models import User
from hubportal.users.services import account_delete
from tests.factories import UserFactory

NEW = "neu@example.org"


def add_address(user, client: Client) -> str:
    """The person adds a new address on the email page (allauth: the change waits for its confirmation)."""
    client.force_login(user)
    response = client.post("/de/accounts/email/", {"action_add": "", "email": NEW})
    assert response.status_code == 302
    body = next(message.body for message in reversed(mail.outbox) if NEW in message.to)
    return re.search(r"http://\S+/de/accounts/confirm-email/\S+/", body).group(0)  # type: ignore[arg-type, union-attr]  # the test fails without a match


@pytest.mark.django_db
def test_a_confirmation_whose_account_was_deleted_after_the_link_was_opened_is_invalid(client):
    user = UserFactory(email="alt@example.org")
    link = add_address(user, client)
    # The confirmation page has looked up the pending address when the deletion commits.
    verification = EmailConfirmationHMAC.from_key(link.rstrip("/").rsplit("/", 1)[-1])
    account_delete(user=user)
    with pytest.raises(Http404):
        verification.confirm(RequestFactory().post(link))
    assert not User.objects.filter(pk=user.pk).exists()
    assert not EmailAddress.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_a_confirmation_during_a_deletion_waits_and_then_finds_the_link_invalid(monkeypatch):
    cache.clear()  # allauth's rate limits
    user = UserFactory(email="alt@example.org")
    link = add_address(user, Client())
    deleting, finish = threading.Event(), threading.Event()
    anonymise = deletion._anonymise_registrations

    def slow_anonymise(*args, **kwargs):
        deleting.set()  # the account row is locked and the addresses are read
        finish.wait(10)
        return anonymise(*args, **kwargs)

    monkeypatch.setattr(deletion, "_anonymise_registrations", slow_anonymise)
    outcome = {}

    def run(name, call):
        try:
            outcome[name] = call()
        except Exception as error:  # asserted on below
            outcome[name] = error
        finally:
            connections.close_all()

    deleter = threading.Thread(target=run, args=("deleted", lambda: account_delete(user=user)))
    confirmer = threading.Thread(
        target=run, args=("confirmed", lambda: Client(raise_request_exception=True).post(link).status_code)
    )
    deleter.start()
    try:
        assert deleting.wait(10)
        confirmer.start()
        confirmer.join(1)
        # the confirmation waits for the deletion instead of changing the addresses under it
        assert confirmer.is_alive()
        assert list(EmailAddress.objects.filter(email=NEW).values_list("verified", flat=True)) == [False]
    finally:
        finish.set()
        deleter.join()
        confirmer.join(30)
    assert outcome == {"deleted": [], "confirmed": 404}
    assert not User.objects.filter(pk=user.pk).exists()
    assert not EmailAddress.objects.exists()
