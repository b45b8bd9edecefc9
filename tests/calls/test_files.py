"""Private files: only real, unencrypted, readable PDFs within the limit are kept, outside MEDIA_ROOT, and only the
applicant, staff running the call and jurors without a conflict can download them."""

from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import Permission
from django.urls import reverse

from calls.services import review_declare
from tests.factories import ApplicationFactory, CallFactory, HubFactory, UserFactory

from .pdfs import broken_pdf, encrypted_pdf, fake_pdf, good_pdf, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def file_question(call):
    return call.questions.get(kind="file")


def post_file(client, application, question, file):
    return client.post(application.get_absolute_url(), {"draft": "1", f"q{question.pk}": file})


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (fake_pdf, "PDF"),
        (encrypted_pdf, "Passwort"),
        (broken_pdf, "kann nicht gelesen werden"),
        (lambda: upload(b"%PDF-1.4\n" + b"0" * 2048), "kann nicht gelesen werden"),
    ],
)
def test_refused_files_get_a_message_at_the_field_and_the_rest_is_saved(
    client, call, application, file_question, make, message
):
    client.force_login(application.applicant)
    short = call.questions.get(kind="short_text")
    response = client.post(
        application.get_absolute_url(), {"draft": "1", f"q{file_question.pk}": make(), f"q{short.pk}": "Behalten"}
    )
    assert response.status_code == 200
    errors = response.context["form"].errors[f"q{file_question.pk}"]
    assert errors and message in " ".join(errors)
    assert not application.answers.filter(question=file_question).exclude(file="").exists()
    assert application.answers.get(question=short).value == "Behalten"


def test_a_file_over_the_limit_is_refused(client, call, application, file_question, settings):
    settings.CALLS_FILE_MAX_BYTES = 100
    client.force_login(application.applicant)
    response = post_file(client, application, file_question, good_pdf())
    assert "zu groß" in " ".join(response.context["form"].errors[f"q{file_question.pk}"])


def test_a_good_pdf_is_stored_outside_the_public_media_folder_under_a_random_name(client, application, file_question):
    client.force_login(application.applicant)
    post_file(client, application, file_question, good_pdf("Unser Pitch.pdf"))
    answer = application.answers.get(question=file_question)
    assert answer.file_name == "Unser Pitch.pdf"
    path = Path(answer.file.path)
    assert path.is_file() and Path(settings.PRIVATE_MEDIA_ROOT) in path.parents
    assert Path(settings.MEDIA_ROOT) not in path.parents and "Pitch" not in path.name
    with pytest.raises(ValueError):
        answer.file.url  # noqa: B018 - private files have no URL


@pytest.fixture
def stored(client, application, file_question):
    client.force_login(application.applicant)
    post_file(client, application, file_question, good_pdf())
    client.logout()
    return application.answers.get(question=file_question)


def test_the_applicant_downloads_the_file_as_an_attachment(client, application, stored):
    client.force_login(application.applicant)
    response = client.get(reverse("calls:application_file", kwargs={"code": application.code, "pk": stored.pk}))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff" and response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_nobody_else_gets_the_file_also_not_by_direct_url(client, call, application, stored, make_juror):
    own_url = reverse("calls:application_file", kwargs={"code": application.code, "pk": stored.pk})
    review_url = reverse("calls:reviewer_file", kwargs={"code": application.code, "pk": stored.pk})
    application.stage = "submitted"
    application.save()
    other_applicant = ApplicationFactory(call=call).applicant
    conflicted = make_juror(call)
    review_declare(application=application, juror=conflicted, conflict=True)
    undeclared = make_juror(call)
    other_call_juror = make_juror(CallFactory())
    hub_manager = UserFactory(is_staff=True)
    hub_manager.user_permissions.add(*Permission.objects.filter(content_type__app_label="calls"))
    HubFactory().managers.add(hub_manager)

    client.logout()
    assert client.get(own_url).status_code == 302  # to the login page
    assert client.get(review_url).status_code == 302  # to the admin's login
    client.force_login(other_applicant)
    assert client.get(own_url).status_code == 404
    refused = client.get(review_url)  # not staff: the admin's guard sends them to its login, which refuses them
    assert refused.status_code == 302 and "/admin/login/" in refused.url
    for person in (conflicted, undeclared, other_call_juror, hub_manager):
        client.force_login(person)
        assert client.get(own_url).status_code == 404, person
        assert client.get(review_url).status_code == 404, person
    # a file of another application through this application's reference
    other = ApplicationFactory(call=call)
    client.force_login(other.applicant)
    assert (
        client.get(reverse("calls:application_file", kwargs={"code": other.code, "pk": stored.pk})).status_code == 404
    )


def test_a_juror_without_conflict_and_the_staff_of_the_call_get_the_file(
    client, call, application, stored, make_juror, staff_user
):
    application.stage = "submitted"
    application.save()
    juror = make_juror(call)
    review_declare(application=application, juror=juror, conflict=False)
    review_url = reverse("calls:reviewer_file", kwargs={"code": application.code, "pk": stored.pk})
    for person in (juror, staff_user):
        client.force_login(person)
        response = client.get(review_url)
        assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment;")


def test_a_replaced_file_is_deleted_from_the_storage(
    client, application, file_question, django_capture_on_commit_callbacks
):
    client.force_login(application.applicant)
    post_file(client, application, file_question, good_pdf())
    first = Path(application.answers.get(question=file_question).file.path)
    with django_capture_on_commit_callbacks(execute=True):
        post_file(client, application, file_question, good_pdf("neu.pdf"))
    assert not first.exists()
    assert application.answers.get(question=file_question).file_name == "neu.pdf"


def test_a_private_folder_inside_the_public_media_folder_is_refused_by_the_checks(settings, tmp_path):
    from calls.checks import private_media_outside_public_folders

    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    assert private_media_outside_public_folders() == []
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "media" / "private"
    assert [error.id for error in private_media_outside_public_folders()] == ["calls.E001"]
