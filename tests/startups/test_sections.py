import pytest
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation

from hubportal.users.adapter import AccountAdapter
from tests.factories import HubFactory, InvestorProfileFactory, StartupFactory, TopicFactory, UserFactory

pytestmark = pytest.mark.django_db


def render(name, **context):
    return Template('{% include "startups/' + name + '" %}').render(Context(context))


def test_hub_section_lists_published_startups_and_links_to_filtered_directory():
    hub = HubFactory(slug="dortmund")
    StartupFactory(name="Im Hub", hub=hub)
    StartupFactory(name="Entwurf im Hub", hub=hub, status="draft")
    StartupFactory(name="Woanders")
    html = render("_hub_section.html", hub=hub)
    assert "Im Hub" in html and "Entwurf im Hub" not in html and "Woanders" not in html
    assert reverse("startups:startup_list") + "?hub=dortmund" in html


def test_topic_section_and_empty_state(english):
    topic = TopicFactory(slug="ai")
    assert "No startups are listed here yet." in render("_topic_section.html", topic=topic)
    StartupFactory(name="KI-Startup", topics=[topic])
    html = render("_topic_section.html", topic=topic)
    assert "KI-Startup" in html and "?topic=ai" in html


@pytest.mark.parametrize("rows", [1, 10])
def test_hub_and_topic_sections_query_count_is_constant(django_assert_num_queries, rows):
    hub, topic = HubFactory(), TopicFactory()
    StartupFactory.create_batch(rows, hub=hub, topics=[topic, TopicFactory()])
    with django_assert_num_queries(2):  # the startups, their topics
        html = render("_hub_section.html", hub=hub)
    assert html.count('class="card') >= min(rows, 6)
    with django_assert_num_queries(2):
        render("_topic_section.html", topic=topic)


@pytest.mark.parametrize("rows", [1, 10])
def test_account_section_query_count_is_constant(founder, django_assert_num_queries, rows):
    from startups.services import bookmark_save

    startups = [StartupFactory(owner=founder, topics=[TopicFactory()]) for _ in range(rows)]
    investor = InvestorProfileFactory(user=founder)  # a founder who also invests: every part of the section
    for startup in startups:
        bookmark_save(investor=investor, startup=startup)
    request = RequestFactory().get("/")
    request.user = founder
    # memberships with their startups, the investor profile, the watchlist
    with django_assert_num_queries(3):
        html = render("_account_section.html", user=founder, request=request)
    assert all(startup.get_absolute_url() in html for startup in startups)


def test_account_section_for_founder_shows_state_and_call_to_action(client, founder, startup):
    StartupFactory(owner=founder, name="Mein Entwurf", status="rejected", rejection_reason="Zu kurz")
    client.force_login(founder)
    html = client.get(reverse("users:account")).content.decode()
    assert "Alpha Logistik" in html and "Mein Entwurf" in html and "Zu kurz" in html
    assert reverse("startups:startup_create") in html
    assert reverse("startups:investor_list") in html


def test_account_section_for_investors(client, investor, unverified_investor, startup):
    from startups.services import bookmark_save

    bookmark_save(investor=investor, startup=startup)
    verified_badge = '<span class="status status-ok">Verified</span>'
    client.force_login(investor.user)
    with translation.override("en"):
        html = client.get(reverse("users:account")).content.decode()
    assert verified_badge in html and "Alpha Logistik" in html
    client.force_login(unverified_investor.user)
    with translation.override("en"):
        html = client.get(reverse("users:account")).content.decode()
    assert "Waiting for verification" in html and verified_badge not in html


def test_account_section_invites_new_investor_to_create_profile(client):
    client.force_login(UserFactory(account_type="investor"))
    assert reverse("startups:investor_profile") in client.get(reverse("users:account")).content.decode()


@pytest.mark.parametrize(
    ("account_type", "target"),
    [("startup", "startups:startup_create"), ("investor", "startups:investor_profile"), ("other", "users:account")],
)
def test_login_redirect_leads_new_users_to_their_profile(account_type, target):
    request = RequestFactory().get("/")
    request.user = UserFactory(account_type=account_type)
    assert AccountAdapter(request).get_login_redirect_url(request) == reverse(target)


def test_login_redirect_when_profile_exists(startup, founder, investor):
    request = RequestFactory().get("/")
    for user in (founder, investor.user):
        request.user = user
        assert AccountAdapter(request).get_login_redirect_url(request) == reverse("users:account")


def test_investor_card_renders():
    investor = InvestorProfileFactory(organisation="Karte GmbH")
    html = render("_investor_card.html", investor=investor)
    assert "Karte GmbH" in html and "100.000" in html
