import csv
import io

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from startups import visibility
from startups.models import Startup, StartupMembership
from startups.visibility import viewer_for
from tests.factories import HubFactory, InvestorProfileFactory, StartupFactory, TopicFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_field_groups_by_viewer(startup, founder, investor, unverified_investor, staff_user):
    # startup: company public, funding for investors, contact only after introduction
    public = startup.visible_fields_for(AnonymousUser())
    assert {"name", "pitch", "description", "team_size"} <= public
    assert not {"funding_sought", "contact_email"} & public
    assert startup.visible_fields_for(unverified_investor.user) == public
    verified = startup.visible_fields_for(investor.user)
    assert {"funding_sought", "current_round"} <= verified and "contact_email" not in verified
    assert "contact_email" in startup.visible_fields_for(founder)
    assert "contact_email" in startup.visible_fields_for(staff_user)


def test_introduction_setting_hides_group_from_verified_investors(investor):
    startup = StartupFactory(funding_visibility="introduction", company_visibility="investors")
    visible = startup.visible_fields_for(investor.user)
    assert "funding_sought" not in visible and "description" in visible
    assert "description" not in startup.visible_fields_for(AnonymousUser())


def test_a_registered_grant_reveals_field_groups_and_contact_to_its_person_only(monkeypatch, client, investor):
    granted = StartupFactory(funding_sought=3_000_000, funding_visibility="introduction", name="Gewährt")
    hidden = StartupFactory(funding_sought=3_000_000, funding_visibility="introduction", name="Verborgen")
    other = InvestorProfileFactory(user__email="other-investor@example.org")
    monkeypatch.setattr(visibility, "_grants", {})  # without matching's introductions
    assert "contact_email" not in viewer_for(investor.user).visible_fields(granted)

    def grant(user_id):
        return Startup.objects.filter(pk=granted.pk if user_id == investor.user_id else None).values("pk")

    visibility.register_grant("test", grant)

    assert {"contact_email", "funding_sought"} <= viewer_for(investor.user).visible_fields(granted)
    assert not {"contact_email", "funding_sought"} & viewer_for(investor.user).visible_fields(hidden)
    assert not {"contact_email", "funding_sought"} & viewer_for(other.user).visible_fields(granted)
    # Filters on the revealed field find the granted startup, and only for its person.
    url = reverse("startups:startup_list") + "?funding_min=2000000"
    client.force_login(investor.user)
    assert [s.name for s in client.get(url).context["startups"]] == ["Gewährt"]
    client.force_login(other.user)
    assert [s.name for s in client.get(url).context["startups"]] == []


def test_detail_page_hides_fields(client, startup, investor, unverified_investor):
    url = startup.get_absolute_url()
    for user in (None, unverified_investor.user):
        if user:
            client.force_login(user)
        html = client.get(url).content.decode()
        assert "500.000" not in html and startup.contact_email not in html
        assert startup.description in html
    client.force_login(investor.user)
    html = client.get(url).content.decode()
    assert "500.000" in html and startup.contact_email not in html


def test_filter_on_hidden_field_does_not_reveal_it(client, investor):
    hidden = StartupFactory(funding_sought=3_000_000, funding_visibility="investors", name="Verborgen")
    shown = StartupFactory(funding_sought=3_000_000, funding_visibility="public", name="Offen")
    url = reverse("startups:startup_list") + "?funding_min=2000000"
    names = [s.name for s in client.get(url).context["startups"]]
    assert names == [shown.name]
    client.force_login(investor.user)
    names = {s.name for s in client.get(url).context["startups"]}
    assert names == {shown.name, hidden.name}


def test_sort_by_funding_puts_hidden_amounts_last(client):
    hidden = StartupFactory(funding_sought=9_000_000, funding_visibility="investors")
    small = StartupFactory(funding_sought=100_000, funding_visibility="public")
    big = StartupFactory(funding_sought=800_000, funding_visibility="public")
    startups = list(client.get(reverse("startups:startup_list") + "?sort=funding").context["startups"])
    assert startups == [big, small, hidden]


def test_csv_export_only_has_visible_fields(client, startup, investor, english):
    client.force_login(investor.user)
    response = client.get(reverse("startups:startup_export") + "?stage=seed")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.getvalue().decode("utf-8-sig"))))
    assert len(rows) == 1
    row = rows[0]
    assert row["Name"] == "Alpha Logistik" and row["Funding sought (EUR)"] == "500000"
    assert row["Contact email"] == ""
    assert startup.contact_email not in response.getvalue().decode()


def test_csv_export_respects_filters_and_hides_introduction_groups(client, investor, english):
    StartupFactory(name="Versteckt", funding_visibility="introduction", stage="growth")
    StartupFactory(name="Anderes", stage="idea")
    client.force_login(investor.user)
    content = client.get(reverse("startups:startup_export") + "?stage=growth").getvalue().decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(content)))
    assert [r["Name"] for r in rows] == ["Versteckt"]
    assert rows[0]["Funding sought (EUR)"] == ""


def test_csv_export_refused_for_public_and_unverified(client, unverified_investor):
    url = reverse("startups:startup_export")
    assert client.get(url).status_code == 403
    client.force_login(unverified_investor.user)
    assert client.get(url).status_code == 403


def test_viewer_knows_roles(startup, founder, investor):
    assert viewer_for(founder).has_published_startup and not viewer_for(founder).is_verified_investor
    assert viewer_for(investor.user).can_bookmark and viewer_for(investor.user).can_export
    member = UserFactory()
    StartupMembership.objects.create(startup=startup, user=member)
    assert viewer_for(member).can_browse_investors


@pytest.mark.parametrize("status", ["draft", "submitted", "rejected"])
def test_investor_directory_refused_to_founders_without_a_published_startup(client, status):
    from tests.factories import InvestorProfileFactory, StartupFactory

    founder = UserFactory(account_type="startup")
    StartupFactory(owner=founder, status=status, published_at=None)
    investor = InvestorProfileFactory()
    client.force_login(founder)
    assert client.get(reverse("startups:investor_list")).status_code == 403
    assert client.get(investor.get_absolute_url()).status_code == 403
    assert not viewer_for(founder).can_browse_investors


def test_viewer_lookup_is_one_query_and_kept_on_the_request(startup, founder, other_startup, django_assert_num_queries):
    from django.test import RequestFactory

    from startups.visibility import viewer_for_request

    StartupMembership.objects.create(startup=other_startup, user=founder)
    request = RequestFactory().get("/")
    request.user = founder
    with django_assert_num_queries(1):
        viewer = viewer_for_request(request)
        assert viewer.startup_ids == {startup.pk, other_startup.pk}
        assert viewer.can_browse_investors and not viewer.is_verified_investor
        assert viewer_for_request(request) is viewer


def test_csv_export_defuses_spreadsheet_formulas(client, investor, english):
    StartupFactory(name='=HYPERLINK("http://evil.example")', stage="growth")
    client.force_login(investor.user)
    content = client.get(reverse("startups:startup_export") + "?stage=growth").getvalue().decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(content)))
    assert [r["Name"] for r in rows] == ['\'=HYPERLINK("http://evil.example")']


def test_csv_export_defuses_formulas_in_every_text_column(client, investor, english):
    StartupFactory(
        name="+Evil",
        pitch="@SUM(A1)",
        city="\t=1+1",
        current_round="=cmd|' /C calc'!A0",
        stage="growth",
        topics=[TopicFactory(name_en="-Topic")],
        hub=HubFactory(name="%Hub"),
    )
    client.force_login(investor.user)
    content = client.get(reverse("startups:startup_export") + "?stage=growth").getvalue().decode("utf-8-sig")
    [row] = list(csv.DictReader(io.StringIO(content)))
    assert (row["Name"], row["One-line pitch"], row["City"]) == ("'+Evil", "'@SUM(A1)", "'\t=1+1")
    assert row["Current round"] == "'=cmd\\|' /C calc'!A0"
    assert (row["Topics"], row["Home hub"]) == ("'-Topic", "'%Hub")
    assert row["Team size"] == "8" and row["Funding sought (EUR)"] == "500000"


def test_csv_export_query_count_does_not_grow_with_the_rows(client, investor):
    client.force_login(investor.user)
    url = reverse("startups:startup_export")

    def export_queries():
        with CaptureQueriesContext(connection) as queries:
            rows = client.get(url).getvalue().decode("utf-8-sig").splitlines()
        return len(rows), len(queries)

    StartupFactory.create_batch(2, topics=[TopicFactory()])
    rows_few, queries_few = export_queries()
    StartupFactory.create_batch(6, topics=[TopicFactory(), TopicFactory()])
    rows_more, queries_more = export_queries()
    assert rows_more == rows_few + 6
    assert queries_more == queries_few
