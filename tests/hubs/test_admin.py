import io

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from PIL import Image

from hubs.admin import HubAdmin
from hubs.models import Hub, HubNetwork
from hubs.services import hub_manager_group_ensure
from tests.factories import HubFactory, HubNetworkFactory, TopicFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def berlin_manager(real_hubs):
    manager = UserFactory(is_staff=True)
    manager.groups.add(hub_manager_group_ensure())
    Hub.objects.get(slug="berlin").managers.add(manager)
    return manager


def change_url(slug):
    return reverse("admin:hubs_hub_change", args=[Hub.objects.get(slug=slug).pk])


def change_form_data(hub, **overrides):
    """The POST data of the hub change form as a hub manager sees it (editable fields only)."""
    data = {
        "name": hub.name,
        "cities": hub.cities,
        "states": hub.states,
        "focus_topics": [t.pk for t in hub.focus_topics.all()],
        "focus_de": hub.focus_de,
        "focus_en": hub.focus_en,
        "tagline_de": "",
        "tagline_en": "",
        "description_de": "",
        "description_en": "",
        "website": "",
        "contact_email": "",
        "latitude": str(hub.latitude),
        "longitude": str(hub.longitude),
        "links-TOTAL_FORMS": "0",
        "links-INITIAL_FORMS": "0",
        "links-MIN_NUM_FORMS": "0",
        "links-MAX_NUM_FORMS": "1000",
    }
    data.update(overrides)
    return data


def test_hub_manager_sees_only_their_hub_in_the_changelist(client, berlin_manager):
    client.force_login(berlin_manager)
    response = client.get(reverse("admin:hubs_hub_changelist"))
    assert response.status_code == 200
    assert [hub.slug for hub in response.context["cl"].result_list] == ["berlin"]
    assert "Hamburg" not in response.content.decode()


def test_hub_manager_cannot_open_or_post_another_hub(client, berlin_manager):
    client.force_login(berlin_manager)
    hamburg = Hub.objects.get(slug="hamburg")
    assert client.get(change_url("hamburg")).status_code == 404
    response = client.post(change_url("hamburg"), change_form_data(hamburg, focus_de="Gekapert"))
    assert response.status_code == 404
    hamburg.refresh_from_db()
    assert hamburg.focus_de == "Logistik"
    assert client.get(reverse("admin:hubs_hub_delete", args=[hamburg.pk])).status_code in {403, 404}
    assert Hub.objects.filter(slug="hamburg").exists()


def test_hub_manager_can_edit_their_hub(client, berlin_manager):
    client.force_login(berlin_manager)
    berlin = Hub.objects.get(slug="berlin")
    assert client.get(change_url("berlin")).status_code == 200
    response = client.post(
        change_url("berlin"),
        change_form_data(berlin, website="https://berlin.example.org/", tagline_en="Things and money"),
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    berlin.refresh_from_db()
    assert berlin.website == "https://berlin.example.org/"
    assert berlin.tagline_en == "Things and money"


def test_hub_manager_cannot_change_agency_only_fields_by_posting_them(client, berlin_manager):
    client.force_login(berlin_manager)
    intruder = UserFactory(is_staff=True)
    berlin = Hub.objects.get(slug="berlin")
    hamburg = Hub.objects.get(slug="hamburg")
    data = change_form_data(
        berlin,
        managers=[intruder.pk],
        is_active="",
        kind="regional",
        slug="hijacked",
        lead_hub=hamburg.pk,
        selection_round_de="Erfunden",
    )
    response = client.post(change_url("berlin"), data)
    assert response.status_code == 302
    berlin.refresh_from_db()
    assert list(berlin.managers.all()) == [berlin_manager]
    assert berlin.is_active is True
    assert berlin.kind == Hub.Kind.NATIONAL
    assert berlin.slug == "berlin"
    assert berlin.lead_hub is None
    assert berlin.selection_round_de.startswith("Erste Runde")


def test_hub_manager_cannot_add_hubs_or_manage_networks(client, berlin_manager):
    client.force_login(berlin_manager)
    assert client.get(reverse("admin:hubs_hub_add")).status_code == 403
    assert client.get(reverse("admin:hubs_hubnetwork_changelist")).status_code == 403


def test_staff_without_hub_permission_cannot_open_hub_admin(client, real_hubs):
    staff = UserFactory(is_staff=True)
    Hub.objects.get(slug="berlin").managers.add(staff)
    client.force_login(staff)
    assert client.get(change_url("berlin")).status_code == 403


def test_agency_staff_with_permission_manage_all_hubs_and_their_managers(client, real_hubs):
    agency = UserFactory(is_staff=True)
    agency.user_permissions.add(
        *Permission.objects.filter(content_type__app_label="hubs", codename__in=["change_hub", "manage_all_hubs"])
    )
    manager = UserFactory(is_staff=True)
    client.force_login(agency)
    hamburg = Hub.objects.get(slug="hamburg")
    data = change_form_data(hamburg, slug="hamburg", kind="national", is_active="on", managers=[manager.pk])
    data |= {"selection_round_de": "x", "selection_round_en": "y", "selected_on": ""}
    response = client.post(change_url("hamburg"), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert list(hamburg.managers.all()) == [manager]


def test_managed_by_and_editable_by(real_hubs, berlin_manager, staff_user):
    assert list(Hub.objects.managed_by(berlin_manager).values_list("slug", flat=True)) == ["berlin"]
    assert Hub.objects.editable_by(staff_user).count() == Hub.objects.count()
    assert Hub.objects.managed_by(staff_user).count() == 0
    hamburg = Hub.objects.get(slug="hamburg")
    assert not hamburg.is_editable_by(berlin_manager)
    assert Hub.objects.get(slug="berlin").is_editable_by(berlin_manager)


def jpeg_with_exif() -> bytes:
    image = Image.new("RGB", (64, 48), "navy")
    exif = Image.Exif()
    exif[0x010F] = "SpyCam"  # Make
    exif[0x8825] = {1: "N", 2: (52.0, 31.0, 12.0)}  # GPS IFD
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif)
    return out.getvalue()


def test_logo_upload_through_the_admin_strips_exif(client, berlin_manager):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(berlin_manager)
    berlin = Hub.objects.get(slug="berlin")
    upload = SimpleUploadedFile("logo.jpg", jpeg_with_exif(), content_type="image/jpeg")
    assert Image.open(io.BytesIO(jpeg_with_exif())).getexif()
    response = client.post(change_url("berlin"), change_form_data(berlin, logo=upload))
    assert response.status_code == 302, response.context["adminform"].form.errors
    berlin.refresh_from_db()
    with berlin.logo.open("rb") as stored, Image.open(stored) as image:
        assert image.format == "JPEG"
        assert not image.getexif()
        assert "exif" not in image.info


def test_logo_upload_of_a_non_image_shows_an_error(client, berlin_manager):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(berlin_manager)
    berlin = Hub.objects.get(slug="berlin")
    upload = SimpleUploadedFile("logo.png", b"<svg xmlns='http://www.w3.org/2000/svg'/>", content_type="image/png")
    response = client.post(change_url("berlin"), change_form_data(berlin, logo=upload))
    assert response.status_code == 200
    assert "logo" in response.context["adminform"].form.errors
    berlin.refresh_from_db()
    assert not berlin.logo


def changelist_queries(client, url, django_assert_max_num_queries, limit=20):
    with django_assert_max_num_queries(limit) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


def add_hubs_with_relations(count):
    network = HubNetworkFactory(coordinator_hub=HubFactory())
    for _ in range(count):
        lead = HubFactory()
        hub = HubFactory(lead_hub=lead, topics=[TopicFactory(), TopicFactory()])
        network.members.add(hub)


@pytest.mark.parametrize("name", ["hubs_hub_changelist", "hubs_topic_changelist", "hubs_hubnetwork_changelist"])
def test_changelists_query_count_does_not_grow_with_rows(client, staff_user, name, django_assert_max_num_queries):
    client.force_login(staff_user)
    url = reverse(f"admin:{name}")
    add_hubs_with_relations(2)
    few = changelist_queries(client, url, django_assert_max_num_queries)
    add_hubs_with_relations(8)
    HubNetworkFactory(coordinator_hub=HubFactory())
    many = changelist_queries(client, url, django_assert_max_num_queries)
    assert many == few


def test_changelist_guard_notices_a_missing_list_select_related(
    client, staff_user, monkeypatch, django_assert_max_num_queries
):
    """The guard above would fail if the lead_hub column were not joined."""
    monkeypatch.setattr(HubAdmin, "list_select_related", [])
    monkeypatch.setattr(HubAdmin, "get_queryset", lambda self, request: Hub.objects.prefetch_related("focus_topics"))
    client.force_login(staff_user)
    url = reverse("admin:hubs_hub_changelist")
    add_hubs_with_relations(2)
    few = changelist_queries(client, url, django_assert_max_num_queries, limit=100)
    add_hubs_with_relations(3)
    many = changelist_queries(client, url, django_assert_max_num_queries, limit=100)
    assert many > few


def test_changelist_search_and_filters_work(client, staff_user, real_hubs):
    client.force_login(staff_user)
    response = client.get(reverse("admin:hubs_hub_changelist"), {"q": "Leipzig"})
    assert [h.slug for h in response.context["cl"].result_list] == ["dresden-leipzig"]
    response = client.get(reverse("admin:hubs_hub_changelist"), {"kind__exact": "partner"})
    assert [h.slug for h in response.context["cl"].result_list] == ["darmstadt"]
    network = HubNetwork.objects.get()
    response = client.get(reverse("admin:hubs_hubnetwork_change", args=[network.pk]))
    assert response.status_code == 200


@pytest.mark.parametrize("name", ["hubs_hub_add", "hubs_topic_add", "hubs_hubnetwork_add"])
def test_agency_add_forms_render(client, staff_user, name):
    client.force_login(staff_user)
    response = client.get(reverse(f"admin:{name}"))
    assert response.status_code == 200
    assert 'name="slug"' in response.content.decode()


def test_agency_can_create_a_regional_hub(client, staff_user, real_hubs):
    client.force_login(staff_user)
    data = {
        "name": "Digital Hub Musterregion",
        "slug": "musterregion",
        "kind": "regional",
        "is_active": "on",
        "cities": "Musterstadt",
        "states": "BW",
        "focus_topics": [],
        "partner_hubs": [],
        "managers": [],
        "links-TOTAL_FORMS": "0",
        "links-INITIAL_FORMS": "0",
    }
    response = client.post(reverse("admin:hubs_hub_add"), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert Hub.objects.get(slug="musterregion").kind == Hub.Kind.REGIONAL


def test_edit_link_on_the_hub_page_only_for_its_manager(client, berlin_manager):
    berlin_edit = reverse("admin:hubs_hub_change", args=[Hub.objects.get(slug="berlin").pk])
    client.force_login(berlin_manager)
    assert berlin_edit in client.get(reverse("hubs:hub_detail", kwargs={"slug": "berlin"})).content.decode()
    hamburg_page = client.get(reverse("hubs:hub_detail", kwargs={"slug": "hamburg"})).content.decode()
    assert "/admin/hubs/hub/" not in hamburg_page
    client.force_login(UserFactory())
    assert berlin_edit not in client.get(reverse("hubs:hub_detail", kwargs={"slug": "berlin"})).content.decode()


def test_hub_manager_add_gives_staff_group_and_assignment(client, real_hubs):
    from hubs.services import hub_manager_add

    person = UserFactory()
    hamburg = Hub.objects.get(slug="hamburg")
    hub_manager_add(hub=hamburg, user=person)
    hub_manager_add(hub=hamburg, user=person)
    person.refresh_from_db()
    assert person.is_staff and not person.is_superuser
    assert list(Hub.objects.managed_by(person)) == [hamburg]
    client.force_login(person)
    assert client.get(change_url("hamburg")).status_code == 200
    assert client.get(change_url("berlin")).status_code == 404


def test_topic_autocomplete_lists_topics_by_name_without_an_unordered_page(client, staff_user, recwarn):
    """The hub form's topic picker pages the topics annotated with hub counts: they keep their name order."""
    for name in ("Zeta", "Alpha", "Mitte"):
        TopicFactory(name_en=name, name_de=name, slug=name.lower())
    client.force_login(staff_user)
    response = client.get(
        reverse("admin:autocomplete"),
        {"app_label": "hubs", "model_name": "hub", "field_name": "focus_topics", "term": ""},
    )
    assert response.status_code == 200
    names = [row["text"] for row in response.json()["results"]]
    assert names == sorted(names, key=str.lower)
    assert not [w for w in recwarn if "UnorderedObjectListWarning" in type(w.message).__name__]


def test_state_filter_and_checkboxes_of_the_federal_states(client, staff_user, real_hubs):
    client.force_login(staff_user)
    response = client.get(reverse("admin:hubs_hub_changelist"), {"state": "RP"})
    assert [hub.slug for hub in response.context["cl"].result_list] == ["ludwigshafen-mannheim"]
    in_bw = {
        hub.slug for hub in client.get(reverse("admin:hubs_hub_changelist"), {"state": "BW"}).context["cl"].result_list
    }
    assert {"ludwigshafen-mannheim", "karlsruhe", "stuttgart"} <= in_bw and "berlin" not in in_bw
    hub = Hub.objects.get(slug="berlin")
    page = client.get(change_url("berlin")).content.decode()
    assert 'type="checkbox" name="states" value="BE"' in page and "checked" in page
    data = {**change_form_data(hub), "states": ["BB", "BE"], "slug": hub.slug, "kind": hub.kind, "is_active": "on"}
    response = client.post(change_url("berlin"), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert Hub.objects.get(slug="berlin").states == ["BE", "BB"]  # in the order of the states


def test_hub_manager_adds_address_and_partner_links_to_their_hub(client, berlin_manager):
    client.force_login(berlin_manager)
    hub = Hub.objects.get(slug="berlin")
    data = change_form_data(
        hub,
        contact_address="Hubstraße 1\n10115 Berlin",
        **{
            "links-TOTAL_FORMS": "2",
            "links-0-kind": "partner",
            "links-0-name": "Universität",
            "links-0-url": "https://uni.example.org/",
            "links-0-position": "1",
            "links-1-kind": "social",
            "links-1-name": "Mastodon",
            "links-1-url": "https://social.example.org/@hub",
            "links-1-position": "0",
        },
    )
    response = client.post(change_url("berlin"), data)
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else response
    hub.refresh_from_db()
    assert hub.contact_address == "Hubstraße 1\n10115 Berlin"
    assert sorted(hub.links.values_list("kind", "name")) == [("partner", "Universität"), ("social", "Mastodon")]
