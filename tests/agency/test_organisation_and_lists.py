import pytest
from django.urls import reverse

from agency.models import OrganisationProfile
from tests.factories import (
    AdviceRequestFactory,
    HubReportFactory,
    HubUpdateFactory,
    OrganisationProfileFactory,
    UserFactory,
)


@pytest.mark.django_db
def test_organisation_creates_then_edits_its_profile(client):
    company = UserFactory(account_type="organisation")
    client.force_login(company)
    url = reverse("agency:organisationprofile_update")
    assert url in client.get(reverse("users:account")).content.decode()

    data = {"company_name": "Beispiel Werkzeugbau GmbH", "size": "small", "sector": "Werkzeugbau"}
    assert client.post(url, data).status_code == 302
    assert client.post(url, {**data, "size": "large"}).status_code == 302
    profile = OrganisationProfile.objects.get()
    assert (profile.user, profile.size) == (company, "large")
    assert "Beispiel Werkzeugbau GmbH" in client.get(reverse("users:account")).content.decode()


@pytest.mark.django_db
def test_invalid_organisation_profile_keeps_the_input(client):
    client.force_login(UserFactory(account_type="organisation"))
    response = client.post(reverse("agency:organisationprofile_update"), {"company_name": "Halb fertig GmbH"})
    assert response.status_code == 200 and "size" in response.context["form"].errors
    assert response.context["form"]["company_name"].value() == "Halb fertig GmbH"
    assert not OrganisationProfile.objects.exists()


@pytest.mark.django_db
def test_only_organisation_accounts_have_the_profile_page(client):
    client.force_login(UserFactory(account_type="startup"))
    assert client.get(reverse("agency:organisationprofile_update")).status_code == 404


@pytest.mark.django_db
def test_a_company_edits_only_its_own_profile(client):
    other = OrganisationProfileFactory(company_name="Fremde AG")
    mine = UserFactory(account_type="organisation")
    client.force_login(mine)
    client.post(
        reverse("agency:organisationprofile_update"), {"company_name": "Meine GmbH", "size": "micro", "sector": "IT"}
    )
    other.refresh_from_db()
    assert other.company_name == "Fremde AG"
    assert OrganisationProfile.objects.get(user=mine).company_name == "Meine GmbH"


@pytest.mark.django_db
def test_advice_list_query_count_does_not_grow(client, django_assert_max_num_queries):
    user = UserFactory()
    client.force_login(user)
    AdviceRequestFactory.create_batch(2, requester=user)
    with django_assert_max_num_queries(12) as few:
        client.get(reverse("agency:advicerequest_list"))
    AdviceRequestFactory.create_batch(8, requester=user)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("agency:advicerequest_list"))


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url_name", "factory"),
    [
        ("admin:agency_hubupdate_changelist", HubUpdateFactory),
        ("admin:agency_hubreport_changelist", HubReportFactory),
        ("admin:agency_organisationprofile_changelist", OrganisationProfileFactory),
    ],
)
def test_admin_changelists_query_count_does_not_grow(
    client, staff_user, url_name, factory, django_assert_max_num_queries
):
    client.force_login(staff_user)
    factory()
    with django_assert_max_num_queries(15) as few:
        assert client.get(reverse(url_name)).status_code == 200
    factory.create_batch(6)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse(url_name))
