import re

import pytest
from django.urls import reverse
from django.utils import translation

from hubs.models import Hub, HubLink
from tests.factories import HubFactory, HubNetworkFactory, TopicFactory

pytestmark = pytest.mark.django_db


def hub_list(client, **params):
    return client.get(reverse("hubs:hub_list"), params)


def listed_slugs(response):
    return [hub.slug for hub in response.context["hubs"]]


def test_hub_list_shows_all_active_hubs_with_count_and_map(client, real_hubs):
    Hub.objects.filter(slug="potsdam").update(is_active=False)
    response = hub_list(client)
    assert response.status_code == 200
    assert len(listed_slugs(response)) == 12
    assert "potsdam" not in listed_slugs(response)
    html = response.content.decode()
    assert "12 Hubs gefunden" in html or "12 hubs found" in html
    assert html.count('class="hub-dot"') == 12
    assert 'role="search"' in html


def test_hub_list_filters_by_topic_state_network_kind_and_text(client, real_hubs):
    assert sorted(listed_slugs(hub_list(client, topic="logistics"))) == ["dortmund", "hamburg"]
    assert sorted(listed_slugs(hub_list(client, state="BW"))) == ["karlsruhe", "ludwigshafen-mannheim", "stuttgart"]
    assert listed_slugs(hub_list(client, state="RP")) == ["ludwigshafen-mannheim"]
    assert sorted(listed_slugs(hub_list(client, network="digital-hub-netzwerk-bw"))) == [
        "karlsruhe",
        "ludwigshafen-mannheim",
        "stuttgart",
    ]
    assert listed_slugs(hub_list(client, kind="partner")) == ["darmstadt"]
    assert listed_slugs(hub_list(client, q="Leipzig")) == ["dresden-leipzig"]
    assert listed_slugs(hub_list(client, q="künstliche")) == ["karlsruhe"]
    assert listed_slugs(hub_list(client, topic="fintech", state="BE")) == ["berlin"]


def test_hub_list_keeps_filter_state_in_the_form(client, real_hubs):
    html = hub_list(client, topic="ai", q="Karls").content.decode()
    assert re.search(r'<option value="ai" selected>', html)
    assert 'value="Karls"' in html
    assert "Filter zurücksetzen" in html or "Reset filters" in html


def test_topic_filter_does_not_duplicate_hubs_with_several_matching_topics(client, real_hubs):
    slugs = listed_slugs(hub_list(client, q="Internet"))
    assert len(slugs) == len(set(slugs))
    assert set(slugs) == {"berlin", "dresden-leipzig"}


def test_hub_list_empty_state_and_invalid_filter(client, real_hubs):
    response = hub_list(client, q="Atlantis")
    assert listed_slugs(response) == []
    assert 'class="empty-state"' in response.content.decode()
    response = hub_list(client, topic="no-such-topic")
    assert response.status_code == 200
    assert listed_slugs(response) == []


def test_hub_list_query_count_does_not_grow_with_rows(client, django_assert_max_num_queries):
    network = HubNetworkFactory()
    topics = [TopicFactory() for _ in range(3)]

    def add_hubs(count):
        for _ in range(count):
            hub = HubFactory(topics=topics)
            network.members.add(hub)

    add_hubs(2)
    with django_assert_max_num_queries(6) as few:
        hub_list(client)
    add_hubs(10)
    with django_assert_max_num_queries(6) as many:
        response = hub_list(client)
    assert len(response.context["hubs"]) == 12
    assert len(many.captured_queries) == len(few.captured_queries)


def test_hub_detail_shows_focus_topics_places_selection_and_relations(client, real_hubs):
    response = client.get(reverse("hubs:hub_detail", kwargs={"slug": "frankfurt"}))
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count("<h1") == 1
    assert "FinTech" in html
    assert reverse("hubs:topic_detail", kwargs={"slug": "fintech"}) in html
    assert "Hessen" in html and "Darmstadt" in html
    assert "Erste Runde, IT-Gipfel Saarbrücken (November 2016)" in html
    assert reverse("hubs:hub_detail", kwargs={"slug": "darmstadt"}) in html
    darmstadt = client.get(reverse("hubs:hub_detail", kwargs={"slug": "darmstadt"})).content.decode()
    assert reverse("hubs:hub_detail", kwargs={"slug": "frankfurt"}) in darmstadt
    karlsruhe = client.get(reverse("hubs:hub_detail", kwargs={"slug": "karlsruhe"})).content.decode()
    assert reverse("hubs:network_detail", kwargs={"slug": "digital-hub-netzwerk-bw"}) in karlsruhe


def test_hub_detail_in_english_uses_english_texts(client, real_hubs):
    with translation.override("en"):
        url = reverse("hubs:hub_detail", kwargs={"slug": "karlsruhe"})
    assert url == "/en/hubs/karlsruhe/"
    html = client.get(url).content.decode()
    assert "Artificial Intelligence" in html
    assert "Second round (April 2017)" in html
    assert 'lang="en"' in html


def test_hub_detail_shows_website_and_contact_only_when_filled(client):
    hub = HubFactory(website="", contact_email="")
    html = client.get(hub.get_absolute_url()).content.decode()
    assert "mailto:" not in html
    hub.website = "https://hub.example.org/"
    hub.contact_email = "hello@hub.example.org"
    hub.save()
    html = client.get(hub.get_absolute_url()).content.decode()
    assert 'href="https://hub.example.org/"' in html
    assert "mailto:hello@hub.example.org" in html


def test_hub_detail_shows_address_partners_and_social_links_only_when_filled(client):
    hub = HubFactory(contact_address="")
    html = client.get(hub.get_absolute_url()).content.decode()
    assert "<address>" not in html
    assert "<dt>Partner</dt>" not in html and "<dt>Social Media</dt>" not in html

    hub.contact_address = "Hubstraße 1\n10115 Berlin"
    hub.save()
    HubLink.objects.create(hub=hub, name="Handelskammer", url="https://kammer.example.org/", position=2)
    HubLink.objects.create(hub=hub, name="Universität", url="https://uni.example.org/", position=1)
    HubLink.objects.create(hub=hub, kind="social", name="LinkedIn", url="https://linkedin.example.org/hub")
    html = client.get(hub.get_absolute_url()).content.decode()

    assert "<address>Hubstraße 1<br>10115 Berlin</address>" in html
    assert html.index("<dt>Partner</dt>") < html.index("Universität") < html.index("Handelskammer")
    assert html.index("Handelskammer") < html.index("<dt>Social Media</dt>") < html.index("LinkedIn")
    assert 'href="https://linkedin.example.org/hub"' in html


def test_hub_link_refuses_addresses_that_are_not_web_pages(db):
    from django.core.exceptions import ValidationError

    link = HubLink(hub=HubFactory(), name="Datei", url="ftp://files.example.org/")
    with pytest.raises(ValidationError):
        link.full_clean()


def test_inactive_or_unknown_hub_is_404(client):
    hub = HubFactory(is_active=False)
    assert client.get(hub.get_absolute_url()).status_code == 404
    assert client.get(reverse("hubs:hub_detail", kwargs={"slug": "nowhere"})).status_code == 404


def test_hub_detail_query_count_is_bounded(client, django_assert_max_num_queries):
    hub = HubFactory(topics=[TopicFactory() for _ in range(4)])
    for n in range(3):
        hub.partner_hubs.add(HubFactory())
        HubNetworkFactory().members.add(hub)
        HubLink.objects.create(hub=hub, name=f"Partner {n}", url=f"https://partner{n}.example.org/")
        HubLink.objects.create(hub=hub, kind="social", name=f"Netz {n}", url=f"https://social{n}.example.org/hub")
    # 9, and one for the open calls of the hub (calls/_hub_section.html)
    with django_assert_max_num_queries(10):
        assert client.get(hub.get_absolute_url()).status_code == 200


def test_topic_page_lists_hubs_with_that_focus_only(client, real_hubs):
    response = client.get(reverse("hubs:topic_detail", kwargs={"slug": "health"}))
    assert sorted(h.slug for h in response.context["hubs"]) == ["ludwigshafen-mannheim", "nuernberg-erlangen"]
    assert "Hamburg" not in response.content.decode()


def test_topic_page_without_hubs_shows_empty_state(client, real_hubs):
    html = client.get(reverse("hubs:topic_detail", kwargs={"slug": "education"})).content.decode()
    assert 'class="empty-state"' in html


def test_topic_page_query_count_does_not_grow_with_rows(client, django_assert_max_num_queries):
    topic = TopicFactory()
    HubFactory(topics=[topic])
    with django_assert_max_num_queries(6) as few:
        client.get(topic.get_absolute_url())
    for _ in range(8):
        HubFactory(topics=[topic, TopicFactory()])
    with django_assert_max_num_queries(6) as many:
        client.get(topic.get_absolute_url())
    assert len(many.captured_queries) == len(few.captured_queries)


def test_network_page_names_coordinator_and_says_regional_hubs_are_missing(client, real_hubs):
    with translation.override("en"):
        url = reverse("hubs:network_detail", kwargs={"slug": "digital-hub-netzwerk-bw"})
    response = client.get(url)
    html = response.content.decode()
    assert "DIZ GmbH" in html
    assert "October 10, 2018" in html or "10 October 2018" in html
    assert len(response.context["members"]) == 3
    assert response.context["unlisted_count"] == 10
    assert "10 of them are not listed in the portal yet" in html


def test_network_page_query_count_does_not_grow_with_members(client, django_assert_max_num_queries):
    network = HubNetworkFactory(coordinator_hub=HubFactory())
    network.members.add(HubFactory(topics=[TopicFactory()]))
    with django_assert_max_num_queries(6) as few:
        client.get(network.get_absolute_url())
    network.members.add(*[HubFactory(topics=[TopicFactory()]) for _ in range(6)])
    with django_assert_max_num_queries(6) as many:
        client.get(network.get_absolute_url())
    assert len(many.captured_queries) == len(few.captured_queries)


def test_home_page_shows_the_twelve_hubs_map_and_topics(client, real_hubs):
    response = client.get("/de/")
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count("<h1") == 1
    assert len(response.context["hubs"]) == 12
    assert html.count('class="hub-dot"') == 12
    assert reverse("hubs:topic_detail", kwargs={"slug": "ai"}) in html
    assert reverse("hubs:topic_detail", kwargs={"slug": "education"}) not in html
    assert reverse("startups:startup_list") in html and reverse("events:event_list") in html
    assert "<script>" not in html and "style=" not in html


def test_home_page_in_english(client, real_hubs):
    html = client.get("/en/").content.decode()
    assert "Artificial Intelligence" in html
    assert "Twelve digital hubs. One portal." in html


def test_home_page_query_count_does_not_grow_with_rows(client, django_assert_max_num_queries):
    HubFactory(kind=Hub.Kind.NATIONAL, topics=[TopicFactory()])
    with django_assert_max_num_queries(6) as few:
        client.get("/de/")
    for _ in range(8):
        HubFactory(kind=Hub.Kind.NATIONAL, topics=[TopicFactory(), TopicFactory()])
    with django_assert_max_num_queries(6) as many:
        client.get("/de/")
    assert len(many.captured_queries) == len(few.captured_queries)


def test_home_page_without_hubs_still_renders(client):
    assert client.get("/de/").status_code == 200


def test_active_filters_are_shown_as_chips_that_remove_one_filter(client, real_hubs):
    with translation.override("en"):
        response = client.get("/en/hubs/", {"topic": "health", "state": "BY"})
    chips = response.context["active_filters"]
    assert [(chip["label"], chip["value"]) for chip in chips] == [
        ("Topic", "Digital Health"),
        ("Federal state", "Bayern"),
    ]
    assert chips[0]["url"] == "?state=BY"
    assert chips[1]["url"] == "?topic=health"
    assert listed_slugs(response) == ["nuernberg-erlangen"]
    assert hub_list(client).context["active_filters"] == []


def test_hub_and_topic_pages_include_the_startup_and_event_sections(client):
    topic = TopicFactory()
    hub = HubFactory(topics=[topic])
    used = {t.name for t in client.get(hub.get_absolute_url()).templates}
    assert {"startups/_hub_section.html", "events/_hub_section.html"} <= used
    used = {t.name for t in client.get(topic.get_absolute_url()).templates}
    assert {"startups/_topic_section.html", "events/_topic_section.html"} <= used


def test_hub_logo_is_shown_with_alt_text(client):
    from django.core.files.base import ContentFile

    hub = HubFactory(name="Logohub")
    hub.logo.save("logo.png", ContentFile(b"not checked here"), save=True)
    html = client.get(hub.get_absolute_url()).content.decode()
    assert f'src="{hub.logo.url}"' in html
    assert 'alt="Logo des Hubs Logohub"' in html or 'alt="Logo of the Logohub hub"' in html
