"""The directory's list, shared by viewers of one kind: what one kind sees never reaches another, each person's
bookmarks and CSRF token are their own, and an edit shows at once."""

import re

import pytest
from django.urls import reverse

from startups.models import Bookmark, StartupMembership
from startups.services import startup_update
from tests.factories import InvestorProfileFactory, StartupFactory, TopicFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)
URL = "/de/startups/"


@pytest.fixture(autouse=True)
def switched_on(settings):
    settings.PAGE_CACHE_SECONDS = 60


def page(client, url=URL, **params):
    return client.get(url, params).content.decode()


def test_investors_share_the_list_and_keep_their_own_bookmarks_and_tokens(client, django_assert_num_queries):
    startup = StartupFactory(name="Alpha", funding_sought=500_000, seeking_funding=True, funding_visibility="investors")
    first, second = InvestorProfileFactory(), InvestorProfileFactory()
    Bookmark.objects.create(investor=first, startup=startup)
    client.force_login(first.user)
    mine = page(client)
    with django_assert_num_queries(2):  # user, bookmarks of the page: the list is shared, viewer and navigation cached
        again = page(client)
    other = client.__class__()
    other.force_login(second.user)
    theirs = page(other)
    toggle = reverse("startups:bookmark_toggle", args=[startup.slug])
    assert toggle in mine and toggle in theirs
    assert button(mine, toggle) != button(theirs, toggle)  # one has it on the watchlist, the other not
    assert token(mine) != token(theirs) and token(again) == token(mine)
    assert "500.000" in theirs  # investors see what investors may see


def test_kinds_of_viewers_never_get_each_others_list(client):
    StartupFactory(name="Alpha", funding_sought=500_000, seeking_funding=True, funding_visibility="investors")
    investor = InvestorProfileFactory()
    client.force_login(investor.user)
    assert "500.000" in page(client)
    nobody = client.__class__()
    nobody.force_login(UserFactory())
    for_member = page(nobody)
    assert "500.000" not in for_member and "bookmark-form" not in for_member
    assert "500.000" not in page(client.__class__())  # a visitor


def test_an_edit_shows_at_once_in_the_shared_list(client):
    owner = UserFactory()
    startup = StartupFactory(name="Alpha", owner=owner, topics=[TopicFactory()])
    client.force_login(InvestorProfileFactory().user)
    assert "Alpha" in page(client)
    startup_update(startup=startup, user=owner, data={"name": "Alpha Nord"})
    assert "Alpha Nord" in page(client)


def test_a_search_of_a_signed_in_person_is_not_shared(client, django_assert_num_queries):
    StartupFactory(name="Lagerlogik", pitch="Lager")
    client.force_login(InvestorProfileFactory().user)
    page(client, q="Lager")
    with django_assert_num_queries(5):  # built again: the list may show what their teams or introductions reveal
        assert "Lagerlogik" in page(client, q="Lager")


def button(html: str, action: str) -> str:
    form = html[html.index(f'action="{action}"') :]
    return re.search(r"<button[^>]*>([^<]*)</button>", form).group(1)  # type: ignore[union-attr]  # the test fails without a match


def token(html: str) -> str:
    """The CSRF secret behind the page's token (each page masks it anew)."""
    from django.middleware.csrf import _unmask_cipher_token  # type: ignore[attr-defined]  # private Django helper

    return _unmask_cipher_token(re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1))  # type: ignore[union-attr]  # the test fails without a match


def test_a_withdrawn_verification_closes_the_investor_fields_at_once(client):
    """The viewer is cached per person (startups/visibility.py); the write must renew it, not its expiry."""
    from startups.services import investor_reject

    StartupFactory(name="Alpha", funding_sought=500_000, seeking_funding=True, funding_visibility="investors")
    investor = InvestorProfileFactory()
    client.force_login(investor.user)
    assert "500.000" in page(client)
    investor_reject(profile=investor, by=UserFactory(is_staff=True))
    assert "500.000" not in page(client)


def test_joining_a_team_shows_the_teams_own_fields_at_once(client):
    member = UserFactory()
    startup = StartupFactory(name="Alpha", status="submitted")
    client.force_login(member)
    assert client.get(startup.get_absolute_url()).status_code == 404  # not published, not theirs
    StartupMembership.objects.create(startup=startup, user=member, role="member")
    assert client.get(startup.get_absolute_url()).status_code == 200
