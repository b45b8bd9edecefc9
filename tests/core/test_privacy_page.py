"""The privacy notice matches what the portal does: cookies, retention periods, self-service rights."""

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import translation


def page(client, language="en"):
    with translation.override(language):
        response = client.get(reverse("privacy"))
    assert response.status_code == 200
    return response.content.decode()


def test_privacy_page_names_only_the_cookies_the_portal_sets(client, db):
    content = page(client)

    assert "<strong>csrftoken</strong>" in content and "<strong>sessionid</strong>" in content
    assert "django_language" not in content
    assert "sets no cookie at all" in content


def test_privacy_page_links_to_the_export_and_the_deletion(client, db):
    content = page(client)

    assert 'href="/en/account/"' in content and "Download my data" in content
    assert 'href="/en/account/delete/"' in content


@override_settings(MAIL_RETENTION_DAYS=90, INTRO_EXPIRY_DAYS=14)
def test_privacy_page_states_the_retention_periods_from_the_settings(client, db):
    content = page(client)

    assert "Deleted 90 days after sending" in content
    assert "Unanswered requests expire after 14 days" in content
    for kind in ("Event registrations", "Advice requests", "Introductions", "Mails we send you", "Server logs"):
        assert kind in content, kind


@pytest.mark.parametrize("language", ["de", "en"])
def test_privacy_page_renders_in_both_languages(client, db, language):
    assert f'<html lang="{language}">' in page(client, language)
