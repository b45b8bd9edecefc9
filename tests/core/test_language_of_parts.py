"""Texts written in another language than the page's are marked with lang="…" (WCAG 3.1.2)."""

import re

import pytest

from tests.factories import EventFactory, InvestorProfileFactory, StartupFactory, UserFactory

pytestmark = pytest.mark.django_db


def element_with(content: str, text: str) -> str:
    """The start tag of the element whose text starts with `text`."""
    match = re.search(rf"<(\w+)\b([^>]*)>\s*(?:<p>)?{re.escape(text)}", content)
    assert match, f"no element with {text!r}"
    return match.group(0)


def test_german_startup_texts_are_marked_german_on_english_pages(client):
    startup = StartupFactory(pitch="Wir machen Logistik digital.", description="Eine ausführliche Beschreibung.")

    english = client.get(f"/en/startups/{startup.slug}/").content.decode()
    german = client.get(f"/de/startups/{startup.slug}/").content.decode()
    directory = client.get("/en/startups/").content.decode()

    assert '<html lang="en">' in english
    assert 'lang="de"' in element_with(english, "Wir machen Logistik digital.")
    assert 'lang="de"' in element_with(english, "Eine ausführliche Beschreibung.")
    assert 'lang="de"' in element_with(directory, "Wir machen Logistik digital.")
    assert "lang=" not in element_with(german, "Wir machen Logistik digital.")


def test_english_startup_texts_are_marked_english_on_german_pages_only(client):
    startup = StartupFactory(pitch="We make logistics digital.", content_language="en")

    english = client.get(f"/en/startups/{startup.slug}/").content.decode()
    german = client.get(f"/de/startups/{startup.slug}/").content.decode()

    assert "lang=" not in element_with(english, "We make logistics digital.")
    assert 'lang="en"' in element_with(german, "We make logistics digital.")


def test_event_description_is_marked_in_the_language_it_is_shown_in(client):
    only_german = EventFactory(title="Pitch-Abend", description_de="Nur auf Deutsch.", description_en="")
    both = EventFactory(description_de="Auf Deutsch.", description_en="In English.")

    page = client.get(f"/en/events/{only_german.slug}/").content.decode()
    assert 'lang="de"' in element_with(page, "Nur auf Deutsch.")
    assert '<h1 lang="de">Pitch-Abend</h1>' in page
    page = client.get(f"/en/events/{both.slug}/").content.decode()
    assert "lang=" not in element_with(page, "In English.")


def test_investor_thesis_is_marked_with_its_language(client):
    investor = InvestorProfileFactory(thesis="Wir investieren in Logistik.", is_verified=True)
    founder = UserFactory(account_type="startup")
    StartupFactory(owner=founder)
    client.force_login(founder)

    response = client.get(investor.get_absolute_url().replace("/de/", "/en/", 1))

    assert response.status_code == 200
    assert 'lang="de"' in element_with(response.content.decode(), "Wir investieren in Logistik.")


def test_owners_choose_the_language_of_their_texts(client):
    owner = UserFactory(account_type="startup")
    startup = StartupFactory(owner=owner)
    client.force_login(owner)

    page = client.get(f"/en/startups/{startup.slug}/edit/").content.decode()

    assert 'name="content_language"' in page
