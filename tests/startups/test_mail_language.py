"""Mails of the startups app link to pages in the language the mail is written in, whoever triggers them."""

import re

import pytest
from django.conf import settings
from django.core import mail
from django.utils import translation

from startups.services import (
    investor_verify,
    invitation_create,
    startup_publish,
    startup_reject,
    startup_submit,
    startup_unpublish,
)
from tests.factories import InvestorProfileFactory, StartupFactory, TopicFactory, UserFactory

pytestmark = pytest.mark.django_db

SIGN_OFF = {"de": "Ihr Hubportal-Team", "en": "Your Hubportal team"}


def link_languages(body: str) -> set[str]:
    return set(re.findall(re.escape(settings.SITE_URL) + r"/([a-z]{2})/", body))


def assert_written_in(message, language: str) -> None:
    assert SIGN_OFF[language] in message.body
    assert link_languages(message.body) == {language}


@pytest.mark.parametrize(("recipient", "sender"), [("de", "en"), ("en", "de")])
def test_moderation_mails_link_in_the_recipients_language(recipient, sender, staff_user):
    founder = UserFactory(language=recipient)
    draft = StartupFactory(owner=founder, status="draft", published_at=None, topics=[TopicFactory()])
    startup_submit(startup=draft, user=founder)
    translation.activate(sender)
    startup_reject(startup=draft, user=staff_user, reason="Bitte Beschreibung ergänzen.")
    startup_submit(startup=draft, user=founder)
    startup_publish(startup=draft, user=staff_user)
    startup_unpublish(startup=draft, user=staff_user, reason="Bitte prüfen")
    assert len(mail.outbox) == 3
    for message in mail.outbox:
        assert_written_in(message, recipient)
        assert f"/{recipient}/startups/{draft.slug}/" in message.body


@pytest.mark.parametrize(("recipient", "sender"), [("de", "en"), ("en", "de")])
def test_investor_verified_mail_links_in_the_recipients_language(recipient, sender, staff_user):
    profile = InvestorProfileFactory(user__language=recipient, is_verified=False)
    translation.activate(sender)
    investor_verify(profile=profile, by=staff_user)
    [message] = mail.outbox
    assert_written_in(message, recipient)
    assert f"{settings.SITE_URL}/{recipient}/startups/\n" in message.body


@pytest.mark.parametrize(("recipient", "sender"), [("de", "en"), ("en", "de")])
def test_invitation_mail_links_in_the_recipients_language(recipient, sender, startup, founder):
    UserFactory(email="kollegin@example.org", language=recipient)
    translation.activate(sender)
    invitation = invitation_create(startup=startup, invited_by=founder, email="kollegin@example.org")
    [message] = mail.outbox
    assert_written_in(message, recipient)
    assert f"/{recipient}/startups/invitations/{invitation.token}/" in message.body
