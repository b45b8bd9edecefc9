import io
import re

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from PIL import Image

from hubportal.activity.models import Activity
from startups.forms import BookmarkNoteForm, InvestorProfileForm, RejectForm, StartupForm
from startups.models import InvestorProfile, Startup
from tests.factories import HubFactory, TopicFactory

pytestmark = pytest.mark.django_db


def png_bytes() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (40, 40), (10, 80, 160)).save(out, format="PNG")
    return out.getvalue()


def base_data(**extra):
    return {
        "name": "Logowerk",
        "stage": "seed",
        "company_visibility": "public",
        "funding_visibility": "investors",
        **extra,
    }


def test_create_with_logo_and_topics(client, founder):
    client.force_login(founder)
    topics = [TopicFactory(), TopicFactory()]
    data = base_data(topics=[t.pk for t in topics], hub=HubFactory().pk)
    data["logo"] = SimpleUploadedFile("logo.png", png_bytes(), content_type="image/png")
    response = client.post(reverse("startups:startup_create"), data)
    startup = Startup.objects.get(name="Logowerk")
    assert response["Location"] == startup.get_absolute_url()
    assert startup.logo.name.startswith("startups/logos/") and startup.logo.name.endswith(".jpg")
    assert set(startup.topics.all()) == set(topics)
    assert Activity.objects.of(startup).filter(action="startups.created", actor=founder).exists()


def test_non_image_logo_is_refused_and_input_kept(client, founder):
    client.force_login(founder)
    data = base_data(pitch="Mein Pitch bleibt stehen")
    data["logo"] = SimpleUploadedFile("logo.png", b"not an image at all", content_type="image/png")
    response = client.post(reverse("startups:startup_create"), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Mein Pitch bleibt stehen" in html
    assert response.context["form"].errors["logo"]
    assert not Startup.objects.exists()


def test_bad_input_gets_clear_messages(client, founder, english):
    client.force_login(founder)
    topics = [TopicFactory().pk for _ in range(6)]
    data = base_data(
        topics=topics, founded_year=2999, funding_sought=1000, website="kein link", contact_email="x@", name=""
    )
    response = client.post(reverse("startups:startup_create"), data)
    errors = response.context["form"].errors
    assert set(errors) >= {"topics", "founded_year", "seeking_funding", "contact_email", "name"}
    assert "at most five topics" in str(errors["topics"])
    assert (
        'aria-describedby="id_topics_error' in response.content.decode()
        or "id_topics_error" in response.content.decode()
    )


def test_investor_ticket_range_is_checked(client, user, english):
    client.force_login(user)
    response = client.post(
        reverse("startups:investor_profile"), {"investor_type": "vc", "ticket_min": 500000, "ticket_max": 1000}
    )
    assert response.status_code == 200
    assert "must not be smaller" in str(response.context["form"].errors["ticket_max"])
    assert not InvestorProfile.objects.exists()


def test_investor_profile_create_and_edit_then_identity_change_needs_new_verification(
    client, user, staff_user, english
):
    from startups.services import investor_verify

    client.force_login(user)
    topic = TopicFactory()
    url = reverse("startups:investor_profile")
    data = {
        "investor_type": "business_angel",
        "organisation": "Engel GbR",
        "website": "https://engel.example.org",
        "stages": ["seed", "idea"],
        "topics": [topic.pk],
    }
    client.post(url, data)
    profile = InvestorProfile.objects.get(user=user)
    assert profile.stage_list == ["idea", "seed"]  # in the order of the stages
    assert list(profile.topics.all()) == [topic]
    investor_verify(profile=profile, by=staff_user)
    # Thesis, stages and topics are the investor's own business: verification stays.
    response = client.post(url, {**data, "thesis": "Nur B2B", "stages": ["seed"]}, follow=True)
    profile.refresh_from_db()
    assert profile.is_verified and profile.thesis == "Nur B2B"
    assert "verified again" not in " ".join(str(m) for m in response.context["messages"])


@pytest.mark.parametrize(
    "change", [{"organisation": "Engel AG"}, {"investor_type": "vc"}, {"website": "https://other.example.org"}]
)
def test_changing_who_the_investor_is_resets_verification(client, user, staff_user, english, change):
    from startups.services import investor_verify
    from tests.factories import InvestorProfileFactory

    profile = InvestorProfileFactory(
        user=user, investor_type="business_angel", organisation="Engel GbR", website="https://engel.example.org"
    )
    investor_verify(profile=profile, by=staff_user)
    data = {"investor_type": "business_angel", "organisation": "Engel GbR", "website": "https://engel.example.org"}
    client.force_login(user)
    response = client.post(reverse("startups:investor_profile"), {**data, **change}, follow=True)
    profile.refresh_from_db()
    assert not profile.is_verified and profile.verified_at is None and profile.verified_by is None
    assert InvestorProfile.objects.verification_queue().first() == profile
    texts = " ".join(str(m) for m in response.context["messages"])
    assert "needs to be verified again" in texts


def test_edit_replaces_logo_and_logs_it(client, founder, startup):
    client.force_login(founder)
    url = reverse("startups:startup_update", args=[startup.slug])
    data = base_data(name=startup.name, pitch=startup.pitch, city=startup.city)
    data["logo"] = SimpleUploadedFile("neu.png", png_bytes(), content_type="image/png")
    assert client.post(url, data).status_code == 302
    startup.refresh_from_db()
    assert startup.logo.name.startswith("startups/logos/neu")
    change = Activity.objects.of(startup).get(action="startups.updated")
    # The form sent no company details, so they were emptied too; the log names every field that changed.
    assert "logo" in change.data["fields"] and "name" not in change.data["fields"] and startup.logo.name
    assert startup.status == "published"
    # Saving again without a new file keeps the logo.
    data.pop("logo")
    client.post(url, data)
    startup.refresh_from_db()
    assert startup.logo.name.startswith("startups/logos/neu")


def test_other_team_member_can_edit_but_not_manage_team(client, startup, english):
    from startups.models import StartupMembership
    from tests.factories import UserFactory

    member = UserFactory()
    StartupMembership.objects.create(startup=startup, user=member)
    client.force_login(member)
    assert client.get(reverse("startups:startup_update", args=[startup.slug])).status_code == 200
    html = client.get(reverse("startups:startup_team", args=[startup.slug])).content.decode()
    assert "Only the owner can invite or remove members." in html
    assert (
        client.post(reverse("startups:startup_team", args=[startup.slug]), {"email": "x@example.org"}).status_code
        == 403
    )


def test_only_the_owner_sets_visibility(client, startup):
    from hubportal.errors import ServiceError
    from startups.models import StartupMembership
    from startups.services import startup_update
    from tests.factories import UserFactory

    member = UserFactory()
    StartupMembership.objects.create(startup=startup, user=member)
    client.force_login(member)
    url = reverse("startups:startup_update", args=[startup.slug])
    assert "funding_visibility" not in client.get(url).context["form"].fields
    client.post(url, base_data(name=startup.name, funding_visibility="public"))
    startup.refresh_from_db()
    assert startup.funding_visibility == "investors"
    with pytest.raises(ServiceError):
        startup_update(startup=startup, user=member, data={"funding_visibility": "public"})


@pytest.mark.parametrize(
    ("form_class", "field", "limit"),
    [
        (StartupForm, "description", 10_000),
        (InvestorProfileForm, "thesis", 5_000),
        (BookmarkNoteForm, "note", 2_000),
        (RejectForm, "reason", 2_000),
    ],
)
def test_long_texts_count_line_breaks_once_as_the_browser_does(form_class, field, limit):
    """The browser's maxlength counts a line break once, but sends it as CRLF: a text the browser allowed must pass,
    stored with LF; one character more gets the limit written as the language writes numbers."""
    form = form_class()
    assert form.fields[field].widget.attrs["maxlength"] == str(limit)
    lines = ["x" * 99] * (limit // 100)  # limit − 1 characters for the browser, more than limit as CRLF
    assert len("\n".join(lines)) == limit - 1 and len("\r\n".join(lines)) > limit
    assert form.fields[field].clean("\r\n".join(lines)) == "\n".join(lines)
    with translation.override("de"):
        with pytest.raises(ValidationError) as refused:
            form.fields[field].clean("y" * (limit + 1))
        assert refused.value.messages == [
            f"Bitte kürzen Sie den Text auf höchstens {limit:,} Zeichen (er hat {limit + 1:,}).".replace(",", ".")
        ]


def number_input(form, name) -> dict[str, str]:
    return dict(re.findall(r'(\w+)="([^"]*)"', str(form[name])))


def test_funding_input_allows_any_whole_euro_amount_the_server_accepts():
    attrs = number_input(StartupForm(), "funding_sought")
    assert "step" not in attrs  # the browser's default step 1 from min 0: 37,500 € is valid there too
    form = StartupForm(data=base_data(seeking_funding="on", funding_sought="37500"))
    assert form.is_valid(), form.errors


@pytest.mark.parametrize(
    ("form_class", "field", "data"),
    [
        (StartupForm, "founded_year", base_data()),
        (StartupForm, "team_size", base_data()),
        (StartupForm, "funding_sought", base_data(seeking_funding="on")),
        (InvestorProfileForm, "ticket_min", {"investor_type": "business_angel"}),
        (InvestorProfileForm, "ticket_max", {"investor_type": "business_angel"}),
    ],
)
def test_number_inputs_limit_what_the_server_limits(form_class, field, data):
    """The browser's min and max are the server's: both ends are accepted, one beyond is refused."""
    attrs = number_input(form_class(), field)
    assert "step" not in attrs
    low, high = int(attrs["min"]), int(attrs["max"])
    for value, valid in [(low, True), (high, True), (low - 1, False), (high + 1, False)]:
        form = form_class(data={**data, field: str(value)})
        form.is_valid()
        assert (field not in form.errors) is valid, (value, form.errors.get(field))
