"""A second startup and an unverified investor try to reach what is not theirs."""

import pytest
from django.urls import reverse

from startups.models import Startup, StartupMembership
from tests.factories import HubFactory, StartupFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def rival(other_startup):
    """The owner of the second startup (a draft)."""
    return other_startup.memberships.get(role="owner").user


def test_draft_is_invisible_to_others(client, other_startup, founder, unverified_investor, rival):
    url = other_startup.get_absolute_url()
    assert client.get(url).status_code == 404
    for user in (founder, unverified_investor.user):
        client.force_login(user)
        assert client.get(url).status_code == 404
    client.force_login(rival)
    assert client.get(url).status_code == 200


@pytest.mark.parametrize(
    "name", ["startup_update", "startup_team", "startup_submit", "bookmark_toggle", "bookmark_update"]
)
def test_team_pages_of_another_startup_are_404(client, startup, rival, name):
    client.force_login(rival)
    url = reverse(f"startups:{name}", args=[startup.slug])
    response = client.post(url, {}) if name in {"startup_submit"} else client.get(url)
    assert response.status_code in {403, 404, 405}
    assert response.status_code != 200


def test_foreign_membership_ids_are_404(client, startup, other_startup, founder, rival):
    client.force_login(founder)
    rival_membership = other_startup.memberships.get()
    for name in ("membership_remove", "ownership_transfer"):
        response = client.post(reverse(f"startups:{name}", args=[startup.slug, rival_membership.pk]))
        assert response.status_code == 404
    assert StartupMembership.objects.filter(pk=rival_membership.pk, role="owner").exists()


def test_members_cannot_hand_over_ownership(client, startup):
    member = UserFactory()
    membership = StartupMembership.objects.create(startup=startup, user=member)
    client.force_login(member)
    response = client.post(reverse("startups:ownership_transfer", args=[startup.slug, membership.pk]))
    assert response.status_code == 404
    membership.refresh_from_db()
    assert membership.role == "member"


def test_team_list_is_hidden_from_outsiders(client, startup, investor):
    client.force_login(investor.user)
    assert client.get(reverse("startups:startup_team", args=[startup.slug])).status_code == 404
    html = client.get(startup.get_absolute_url()).content.decode()
    assert "founder@example.org" not in html


def test_extra_fields_in_post_change_nothing(client, founder, other_startup, rival):
    client.force_login(founder)
    hub = HubFactory()
    response = client.post(
        reverse("startups:startup_create"),
        {
            "name": "Sauber",
            "stage": "seed",
            "company_visibility": "public",
            "funding_visibility": "investors",
            "hub": hub.pk,
            "status": "published",
            "owner": rival.pk,
            "is_verified": "on",
            "slug": "gekapert",
            "published_at": "2020-01-01",
        },
    )
    assert response.status_code == 302
    startup = Startup.objects.get(name="Sauber")
    assert startup.status == "draft" and startup.slug == "sauber" and startup.published_at is None
    assert list(startup.memberships.values_list("user", "role")) == [(founder.pk, "owner")]
    assert startup.hub == hub


def current_form_data(startup) -> dict:
    """The edit form's data exactly as the page shows it: posting it back changes nothing."""
    from startups.forms import StartupForm

    form = StartupForm(instance=startup)
    data = {}
    for name in form.fields:
        value = form.initial.get(name)
        if value is None or name == "logo":
            continue
        if isinstance(value, bool):
            if value:
                data[name] = "on"
        elif isinstance(value, list):
            data[name] = [item.pk for item in value]  # type: ignore[assignment]  # form data of mixed values
        else:
            data[name] = value
    return data


def test_edit_cannot_publish_or_move_ownership(client, founder, startup, rival):
    from tests.factories import TopicFactory

    client.force_login(founder)
    Startup.objects.filter(pk=startup.pk).update(status="draft", published_at=None)
    startup.topics.add(TopicFactory())
    startup.refresh_from_db()
    before = {name: getattr(startup, name) for name in (f.attname for f in Startup._meta.concrete_fields)}
    data = {
        **current_form_data(startup),
        "status": "published",
        "published_at": "2020-01-01",
        "slug": "gekapert",
        "owner": rival.pk,
        "memberships": rival.pk,
    }
    assert client.post(reverse("startups:startup_update", args=[startup.slug]), data).status_code == 302
    startup.refresh_from_db()
    after = {name: getattr(startup, name) for name in before}
    changed = {name for name in before if before[name] != after[name]}
    assert changed <= {"updated_at", "search_public", "search_company"}
    assert startup.status == "draft" and startup.slug == "alpha-logistik"
    assert not startup.changes.filter(action="updated").exists()  # the form data itself changed nothing
    assert list(startup.memberships.values_list("user", "role")) == [(founder.pk, "owner")]


def test_investor_profile_post_cannot_self_verify(client, unverified_investor):
    client.force_login(unverified_investor.user)
    response = client.post(
        reverse("startups:investor_profile"),
        {"investor_type": "vc", "organisation": "Neu", "is_verified": "on", "user": UserFactory().pk},
    )
    assert response.status_code == 302
    unverified_investor.refresh_from_db()
    assert not unverified_investor.is_verified and unverified_investor.organisation == "Neu"


def test_unverified_investor_cannot_bookmark_or_see_watchlist(client, startup, unverified_investor):
    client.force_login(unverified_investor.user)
    assert client.post(reverse("startups:bookmark_toggle", args=[startup.slug])).status_code == 403
    assert client.get(reverse("startups:bookmark_list")).status_code == 403
    assert not startup.bookmarks.exists()


def test_watchlist_and_notes_are_private(client, startup, investor):
    from startups.services import bookmark_save
    from tests.factories import InvestorProfileFactory

    bookmark_save(investor=investor, startup=startup, note="Geheime Notiz")
    other = InvestorProfileFactory()
    client.force_login(other.user)
    assert "Geheime Notiz" not in client.get(reverse("startups:bookmark_list")).content.decode()
    client.post(reverse("startups:bookmark_update", args=[startup.slug]), {"note": "überschrieben"})
    assert startup.bookmarks.get().note == "Geheime Notiz"


def test_bookmarks_toggle_and_notes(client, startup, investor):
    client.force_login(investor.user)
    client.post(reverse("startups:bookmark_toggle", args=[startup.slug]))
    assert startup.bookmarks.filter(investor=investor).exists()
    client.post(reverse("startups:bookmark_update", args=[startup.slug]), {"note": "Anrufen im Mai"})
    assert "Anrufen im Mai" in client.get(reverse("startups:bookmark_list")).content.decode()
    client.post(reverse("startups:bookmark_toggle", args=[startup.slug]))
    assert not startup.bookmarks.exists()


def test_drafts_cannot_be_bookmarked(client, other_startup, investor):
    client.force_login(investor.user)
    assert client.post(reverse("startups:bookmark_toggle", args=[other_startup.slug])).status_code == 404


def test_bookmark_redirect_ignores_foreign_next(client, startup, investor):
    client.force_login(investor.user)
    response = client.post(reverse("startups:bookmark_toggle", args=[startup.slug]), {"next": "https://evil.example/"})
    assert response["Location"] == startup.get_absolute_url()


def test_staff_see_drafts(client, other_startup, staff_user):
    client.force_login(staff_user)
    assert client.get(other_startup.get_absolute_url()).status_code == 200


def test_reserved_slug_is_avoided(client, founder):
    client.force_login(founder)
    client.post(
        reverse("startups:startup_create"),
        {"name": "New", "stage": "idea", "company_visibility": "public", "funding_visibility": "public"},
    )
    assert Startup.objects.get(name="New").slug == "new-2"
    assert StartupFactory(slug="x").slug == "x"
