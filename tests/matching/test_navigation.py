"""The main navigation's links to a person's matches and introductions inbox, with the requests to answer."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from tests.factories import IntroductionFactory, InvestorProfileFactory, StartupFactory, UserFactory

HOME = "/de/"


def url(name):
    return reverse(f"matching:{name}")


def main_nav(response) -> str:
    html = response.content.decode()
    return html[html.index('<nav class="main-nav"') : html.index("</nav>")]


def links(nav: str) -> dict[str, str]:
    """The navigation's links as {href: text with tags removed and spaces collapsed}."""
    return {
        href: " ".join(re.sub(r"<[^>]+>", " ", text).split())
        for href, text in re.findall(r'<a href="([^"]+)"[^>]*>(.*?)</a>', nav, flags=re.S)
    }


def test_visitors_and_people_without_a_profile_see_no_matching_links(client, startup, investor):
    IntroductionFactory(startup=startup, investor=investor)
    for user in (None, UserFactory(account_type="company")):
        if user:
            client.force_login(user)
        nav = main_nav(client.get(HOME))
        assert url("startup_matches") not in nav
        assert url("investor_matches") not in nav
        assert url("introduction_list") not in nav


def test_verified_investor_sees_matches_and_the_requests_waiting_for_an_answer(
    client, startup, investor, founder, topics
):
    IntroductionFactory(startup=startup, investor=investor, requester_side="startup", requested_by=founder)
    IntroductionFactory(startup=StartupFactory(topics=[topics["iot"]]), investor=investor, requester_side="startup")
    # Not waiting for this investor: their own request, an accepted one, one to another investor.
    IntroductionFactory(startup=StartupFactory(), investor=investor)
    IntroductionFactory(startup=StartupFactory(), investor=investor, requester_side="startup", status="accepted")
    expired = timezone.now() - timedelta(minutes=1)  # past its expiry, not yet marked by expire_introductions
    IntroductionFactory(startup=StartupFactory(), investor=investor, requester_side="startup", expires_at=expired)
    IntroductionFactory(startup=startup, investor=InvestorProfileFactory(), requester_side="startup")
    client.force_login(investor.user)
    with translation.override("en"):
        found = links(main_nav(client.get("/en/")))
        assert found[url("startup_matches")] == "Matches"
        assert found[url("introduction_list")] == "Introductions 2 (2 requests to answer)"
    assert url("investor_matches") not in found
    assert reverse("startups:investor_list") not in found


def test_founder_sees_investor_matches_and_no_badge_without_requests(client, startup, investor, founder):
    IntroductionFactory(startup=startup, investor=investor, requester_side="startup", requested_by=founder)
    client.force_login(founder)
    nav = main_nav(client.get(HOME))
    found = links(nav)
    assert found[reverse("startups:investor_list")] == "Investoren"
    assert found[url("investor_matches")] == "Matches"
    assert found[url("introduction_list")] == "Vorstellungen"  # their own request waits for the investor
    assert 'data-count="waiting"' not in nav
    assert url("startup_matches") not in found


def test_founder_is_told_about_a_request_from_an_investor(client, startup, investor, founder):
    IntroductionFactory(startup=startup, investor=investor)
    member = UserFactory()
    startup.memberships.create(user=member, role="member")
    for user in (founder, member):
        client.force_login(user)
        found = links(main_nav(client.get(HOME)))
        assert found[url("introduction_list")] == "Vorstellungen 1 (1 Anfrage zu beantworten)"


def test_unverified_investor_and_unpublished_startup_have_an_inbox_but_no_matches(client, topics):
    pending = InvestorProfileFactory(is_verified=False)
    owner = UserFactory(account_type="startup")
    StartupFactory(owner=owner, status="draft", published_at=None)
    for user in (pending.user, owner):
        client.force_login(user)
        found = links(main_nav(client.get(HOME)))
        assert url("startup_matches") not in found and url("investor_matches") not in found
        assert reverse("startups:investor_list") not in found  # a draft does not open the investor directory
        assert found[url("introduction_list")] == "Vorstellungen"


def test_someone_with_both_kinds_of_matches_gets_both_links_named_apart(client, startup, investor):
    startup.memberships.create(user=investor.user, role="member")
    client.force_login(investor.user)
    found = links(main_nav(client.get(HOME)))
    assert found[url("startup_matches")] == "Startup-Matches"
    assert found[url("investor_matches")] == "Investoren-Matches"


def test_staff_see_the_investor_directory(client, staff_user):
    client.force_login(staff_user)
    found = links(main_nav(client.get(HOME)))
    assert found[reverse("startups:investor_list")] == "Investoren"
    assert url("introduction_list") not in found


def test_current_page_is_marked(client, startup, investor):
    client.force_login(investor.user)
    nav = main_nav(client.get(url("startup_matches")))
    assert f'<a href="{url("startup_matches")}" aria-current="page">' in nav
    assert f'<a href="{url("introduction_list")}">' in nav


@pytest.mark.parametrize("waiting", [0, 3])
def test_navigation_costs_one_query_whatever_the_requests(client, investor, django_assert_num_queries, waiting):
    for _ in range(waiting):
        IntroductionFactory(investor=investor, requester_side="startup")
    client.force_login(investor.user)
    # Django's user and the navigation's links (the session comes from the cache); the imprint needs nothing else.
    with django_assert_num_queries(2):
        response = client.get(reverse("imprint"))
    assert response.status_code == 200
    assert ('data-count="waiting"' in response.content.decode()) is bool(waiting)


def test_a_new_request_shows_in_the_navigation_at_once_and_a_second_page_needs_no_query(
    client, investor, django_assert_num_queries
):
    client.force_login(investor.user)
    assert 'data-count="waiting"' not in main_nav(client.get(HOME))
    with django_assert_num_queries(1):  # Django's user: the links are kept until a person's roles change
        client.get(reverse("imprint"))
    IntroductionFactory(investor=investor, requester_side="startup")
    assert 'data-count="waiting"' in main_nav(client.get(HOME))
