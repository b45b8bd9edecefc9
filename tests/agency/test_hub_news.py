import csv
import io
from datetime import timedelta

import pytest
from django.db import IntegrityError
from django.urls import reverse
from django.utils import timezone, translation

from agency.models import HubReport
from agency.models.hubnews import previous_quarter
from agency.services import hub_report_missing, hub_report_rows
from hubportal.exports import csv_lines
from tests.factories import HubFactory, HubReportFactory, HubUpdateFactory, UserFactory


@pytest.mark.django_db
def test_news_list_shows_published_updates_in_the_active_language(client):
    shown = HubUpdateFactory(title_de="Neues Programm", title_en="New programme")
    HubUpdateFactory(title_de="Entwurf", is_published=False)
    HubUpdateFactory(title_de="Zukunft", published_at=timezone.now() + timedelta(days=2))
    response = client.get(reverse("agency:hubupdate_list"))
    assert list(response.context["updates"]) == [shown]
    assert "Neues Programm" in response.content.decode()
    with translation.override("en"):
        assert "New programme" in client.get(reverse("agency:hubupdate_list")).content.decode()


@pytest.mark.django_db
def test_unpublished_update_page_is_404(client):
    draft = HubUpdateFactory(is_published=False)
    assert client.get(reverse("agency:hubupdate_detail", kwargs={"slug": draft.slug})).status_code == 404
    live = HubUpdateFactory()
    assert client.get(live.get_absolute_url()).status_code == 200


@pytest.mark.django_db
def test_news_list_query_count_does_not_grow(client, django_assert_max_num_queries):
    HubUpdateFactory.create_batch(2)
    with django_assert_max_num_queries(10) as few:
        client.get(reverse("agency:hubupdate_list"))
    HubUpdateFactory.create_batch(8)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("agency:hubupdate_list"))


@pytest.mark.django_db
def test_empty_news_list(client):
    with translation.override("en"):
        assert "No news yet." in client.get(reverse("agency:hubupdate_list")).content.decode()


@pytest.mark.django_db
def test_atom_feed_lists_published_news_only(client):
    HubUpdateFactory(title_de="Im Feed")
    HubUpdateFactory(title_de="Nicht im Feed", is_published=False)
    response = client.get(reverse("agency:hubupdate_feed"))
    assert response.status_code == 200 and response["Content-Type"].startswith("application/atom+xml")
    body = response.content.decode()
    assert "Im Feed" in body and "Nicht im Feed" not in body


@pytest.mark.django_db
def test_hub_page_shows_its_own_news(client):
    hub = HubFactory()
    own = HubUpdateFactory(hub=hub, title_de="Unser Demo-Day")
    HubUpdateFactory(title_de="Fremde Meldung")
    html = client.get(hub.get_absolute_url()).content.decode()
    assert own.get_absolute_url() in html and "Fremde Meldung" not in html


@pytest.mark.django_db
def test_one_report_per_hub_and_quarter():
    report = HubReportFactory()
    with pytest.raises(IntegrityError):
        HubReportFactory(hub=report.hub, year=report.year, quarter=report.quarter)


@pytest.mark.django_db
def test_missing_reports_are_the_active_national_hubs_without_one():
    reported, missing = HubFactory(name="A-Hub"), HubFactory(name="B-Hub")
    HubFactory(name="C-Hub", is_active=False)
    HubFactory(name="D-Hub", kind="regional")
    HubReportFactory(hub=reported, year=2026, quarter=2)
    HubReportFactory(hub=missing, year=2026, quarter=1)  # another quarter does not count
    assert list(hub_report_missing(year=2026, quarter=2)) == [missing]


def test_previous_quarter_wraps_the_year():
    import datetime

    assert previous_quarter(datetime.date(2026, 2, 10)) == (2025, 4)
    assert previous_quarter(datetime.date(2026, 11, 22)) == (2026, 3)


@pytest.mark.django_db
def test_csv_export_has_every_report_and_defuses_formulas():
    HubReportFactory(hub=HubFactory(name="=Evil Hub"), comments="+SUM(A1)", startups_supported=7)
    HubReportFactory(quarter=2)
    content = "".join(csv_lines(hub_report_rows(reports=HubReport.objects.all())))
    rows = list(csv.reader(io.StringIO(content.removeprefix("\ufeff"))))
    assert len(rows) == 3
    assert rows[1][0] == "'=Evil Hub" and rows[1][-1] == "'+SUM(A1)" and rows[1][3] == "7"


@pytest.mark.django_db
def test_agency_sees_missing_reports_and_exports_csv_in_the_admin(client, staff_user):
    hub = HubFactory(name="Ohne Bericht")
    client.force_login(staff_user)
    response = client.get(reverse("admin:agency_hubreport_missing"), {"year": 2026, "quarter": 3})
    assert response.status_code == 200 and list(response.context["missing"]) == [hub]
    HubReportFactory(hub=hub, year=2026, quarter=3)
    response = client.get(reverse("admin:agency_hubreport_missing"), {"year": 2026, "quarter": 3})
    assert list(response.context["missing"]) == []
    export = client.get(reverse("admin:agency_hubreport_export"))
    assert export["Content-Type"].startswith("text/csv") and "Ohne Bericht" in export.getvalue().decode()
    assert client.get(reverse("admin:agency_hubreport_missing"), {"quarter": "9"}).status_code == 404


@pytest.mark.django_db
def test_hub_manager_cannot_see_missing_reports_or_export_all(client, staff_groups):
    manager = UserFactory(is_staff=True)
    manager.groups.add(staff_groups["Hub manager"])
    HubFactory().managers.add(manager)
    client.force_login(manager)
    assert client.get(reverse("admin:agency_hubreport_missing")).status_code == 404
    assert client.get(reverse("admin:agency_hubreport_export")).status_code == 404


@pytest.mark.django_db
def test_hub_manager_submits_a_report_for_the_own_hub(client, staff_groups):
    manager = UserFactory(is_staff=True)
    manager.groups.add(staff_groups["Hub manager"])
    hub = HubFactory()
    hub.managers.add(manager)
    client.force_login(manager)
    data = {
        "hub": hub.pk,
        "year": 2026,
        "quarter": 3,
        "startups_supported": 9,
        "events_held": 2,
        "attendees": 80,
        "investments_raised": 1000000,
        "jobs_created": 5,
        "comments": "",
    }
    assert client.post(reverse("admin:agency_hubreport_add"), data).status_code == 302
    report = HubReport.objects.get()
    assert report.submitted_by == manager and report.hub == hub
    duplicate = client.post(reverse("admin:agency_hubreport_add"), data)
    assert duplicate.status_code == 200 and HubReport.objects.count() == 1


def png_upload(name="bild.png"):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "blue").save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


@pytest.mark.django_db
def test_hub_manager_posts_bilingual_news_with_image(client, staff_groups):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from agency.models import HubUpdate

    manager = UserFactory(is_staff=True)
    manager.groups.add(staff_groups["Hub manager"])
    hub = HubFactory()
    hub.managers.add(manager)
    client.force_login(manager)
    data = {
        "hub": hub.pk,
        "slug": "demo-day",
        "is_published": "on",
        "published_at_0": "2026-01-10",
        "published_at_1": "10:00:00",
        "title_de": "Demo-Tag",
        "title_en": "Demo day",
        "text_de": "Text",
        "text_en": "Text",
        "image_alt_de": "Bühne",
        "image_alt_en": "Stage",
    }
    not_an_image = client.post(
        reverse("admin:agency_hubupdate_add"),
        {**data, "image": SimpleUploadedFile("fake.png", b"not an image", content_type="image/png")},
    )
    assert not_an_image.status_code == 200 and not HubUpdate.objects.exists()
    assert "image" in not_an_image.context["adminform"].form.errors
    response = client.post(reverse("admin:agency_hubupdate_add"), {**data, "image": png_upload()})
    assert response.status_code == 302
    update = HubUpdate.objects.get()
    assert update.author == manager and update.image
    with translation.override("en"):
        page = client.get(update.get_absolute_url()).content.decode()
    assert "Demo day" in page and 'alt="Stage"' in page


@pytest.mark.django_db
def test_admin_export_of_hub_reports_defuses_formulas_in_every_text_cell(client, staff_user):
    HubReportFactory(hub=HubFactory(name="\t=Evil Hub"), comments="@SUM(A1)", startups_supported=7)
    client.force_login(staff_user)
    response = client.get(reverse("admin:agency_hubreport_export"))
    assert response["Content-Disposition"] == 'attachment; filename="hub-reports.csv"'
    body = response.getvalue()
    assert body.startswith(b"\xef\xbb\xbf")
    [header, row] = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert header[0] == "Hub"
    assert (row[0], row[3], row[-1]) == ("'\t=Evil Hub", "7", "'@SUM(A1)")
