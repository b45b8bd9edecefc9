"""Applying: a draft keeps everything typed, submitting checks and asks to confirm, the receipt copies the answers."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from calls.models import Application
from calls.services import CallClosed, Incomplete, application_submit
from tests.factories import ApplicationFactory, OrganisationProfileFactory, StartupFactory, UserFactory

from .conftest import answers_data

pytestmark = pytest.mark.django_db


def start(client, call, **data):
    return client.post(reverse("calls:application_start", kwargs={"slug": call.slug}), data)


def test_start_offers_the_persons_startups_and_company_profile_and_a_new_organisation(client, call):
    founder = UserFactory()
    startup = StartupFactory(owner=founder, name="Sensorwiese")
    profile = OrganisationProfileFactory(user=founder, company_name="Wiese AG")
    StartupFactory(name="Fremd GmbH")
    client.force_login(founder)

    form = client.get(reverse("calls:application_start", kwargs={"slug": call.slug})).context["form"]

    values = [value for _group, options in form.fields["organisation"].choices[:-1] for value, _label in options]
    assert values == [f"startup:{startup.pk}", f"company:{profile.pk}"]
    response = start(client, call, organisation=f"startup:{startup.pk}", organisation_type="startup")
    application = Application.objects.get(call=call)
    assert response.url == application.get_absolute_url()
    assert (application.organisation_name, application.source, application.source_id) == (
        "Sensorwiese",
        "startup",
        startup.pk,
    )
    assert application.stage == "draft" and application.applicant == founder


def test_start_refuses_someone_elses_startup_and_a_new_organisation_without_name(client, call):
    other = StartupFactory(name="Fremd GmbH")
    client.force_login(UserFactory())
    response = start(client, call, organisation=f"startup:{other.pk}", organisation_type="startup")
    assert response.status_code == 200 and "organisation" in response.context["form"].errors
    response = start(client, call, organisation="new", organisation_name="  ", organisation_type="startup")
    assert "organisation_name" in response.context["form"].errors
    assert not Application.objects.filter(call=call).exists()


def test_a_second_application_for_the_same_organisation_is_refused(client, call):
    client.force_login(UserFactory())
    start(client, call, organisation="new", organisation_name="Neu GmbH", organisation_type="startup")
    response = start(client, call, organisation="new", organisation_name="neu gmbh", organisation_type="startup")
    assert "bereits eine Bewerbung" in response.content.decode()
    assert Application.objects.filter(call=call).count() == 1


def test_a_draft_keeps_everything_typed_even_what_is_not_valid_yet(client, call, application):
    client.force_login(application.applicant)
    long_text, number = call.questions.get(kind="long_text", phase="first"), call.questions.get(kind="number")
    too_long = "x" * 250
    response = client.post(
        application.get_absolute_url(), {"draft": "1", f"q{long_text.pk}": too_long, f"q{number.pk}": "zwölf"}
    )
    assert response.status_code == 302
    stored = {a.question_id: a.value for a in application.answers.all()}
    assert stored[long_text.pk] == too_long and stored[number.pk] == "zwölf"
    page = client.get(application.get_absolute_url()).content.decode()
    assert too_long in page and "zwölf" in page


def test_submit_with_errors_keeps_the_answers_and_marks_the_fields(client, call, application):
    client.force_login(application.applicant)
    number = call.questions.get(kind="number")
    data = answers_data(call, **{f"q{number.pk}": "viele"}, submit="1")
    response = client.post(application.get_absolute_url(), data)
    assert response.status_code == 200
    assert f"q{number.pk}" in response.context["form"].errors
    assert "viele" in response.content.decode()
    application.refresh_from_db()
    assert application.stage == "draft"
    assert application.answers.get(question=number).value == "viele"


def test_submit_asks_to_confirm_then_submits_and_mails_a_copy_in_the_applicants_language(
    client, call, application, django_capture_on_commit_callbacks
):
    application.applicant.language = "en"
    application.applicant.save()
    client.force_login(application.applicant)
    response = client.post(application.get_absolute_url(), answers_data(call, submit="1"))
    confirm = reverse("calls:application_submit", kwargs={"code": application.code})
    assert response.url == confirm
    application.refresh_from_db()
    assert application.stage == "draft"
    assert "Sensorwiese" in client.get(confirm).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        client.post(confirm)

    application.refresh_from_db()
    assert application.stage == "submitted" and application.submitted_at
    receipt = mail.outbox[-1]
    assert receipt.to == [application.applicant.email]
    assert "Application received" in receipt.subject
    assert "Product name" in receipt.body and "Sensorwiese" in receipt.body and "Growth" not in receipt.body
    assert "Seed" in receipt.body and "/en/calls/applications/" in receipt.body


def test_submitted_applications_can_be_edited_until_the_deadline_and_stay_valid(client, call, application):
    client.force_login(application.applicant)
    client.post(application.get_absolute_url(), answers_data(call, draft="1"))
    application_submit(application=application, user=application.applicant)
    short = call.questions.get(kind="short_text")
    response = client.post(application.get_absolute_url(), answers_data(call, **{f"q{short.pk}": ""}, save="1"))
    assert response.status_code == 200 and f"q{short.pk}" in response.context["form"].errors
    assert application.answers.get(question=short).value == "Sensorwiese"
    client.post(application.get_absolute_url(), answers_data(call, **{f"q{short.pk}": "Wiesensensor"}, save="1"))
    assert application.answers.get(question=short).value == "Wiesensensor"


def test_incomplete_drafts_cannot_be_submitted(call, application):
    with pytest.raises(Incomplete):
        application_submit(application=application, user=application.applicant)


def test_after_the_deadline_a_draft_cannot_be_submitted_and_the_page_says_so(client, call, application):
    client.force_login(application.applicant)
    client.post(application.get_absolute_url(), answers_data(call, draft="1"))
    call.opens_at = timezone.now() - datetime.timedelta(days=30)
    call.deadline = timezone.now() - datetime.timedelta(seconds=1)
    call.save()
    with pytest.raises(CallClosed):
        application_submit(application=application, user=application.applicant)
    page = client.get(application.get_absolute_url())
    assert "kann nicht mehr eingereicht werden" in page.content.decode()
    assert page.context["editable"] is False
    response = client.post(reverse("calls:application_submit", kwargs={"code": application.code}))
    application.refresh_from_db()
    assert application.stage == "draft" and response.status_code == 302


def test_another_person_cannot_see_edit_submit_or_withdraw_the_application(client, call, application):
    client.force_login(UserFactory())
    urls = [
        application.get_absolute_url(),
        reverse("calls:application_submit", kwargs={"code": application.code}),
        reverse("calls:application_withdraw", kwargs={"code": application.code}),
        reverse("calls:second_phase", kwargs={"code": application.code}),
    ]
    for url in urls:
        assert client.get(url).status_code == 404
        assert client.post(url, answers_data(call, submit="1")).status_code == 404
    assert not application.answers.exists()
    application.refresh_from_db()
    assert application.stage == "draft"


def test_my_applications_lists_only_mine(client, call, application):
    other = ApplicationFactory(call=call, organisation_name="Fremd GmbH")
    client.force_login(application.applicant)
    page = client.get(reverse("calls:application_list"))
    assert list(page.context["applications"]) == [application]
    assert other.organisation_name not in page.content.decode()


def test_withdraw_before_the_result_but_not_after_a_decision(client, call):
    application = ApplicationFactory(call=call)
    client.force_login(application.applicant)
    client.post(reverse("calls:application_withdraw", kwargs={"code": application.code}))
    application.refresh_from_db()
    assert application.stage == "withdrawn"

    decided = ApplicationFactory(call=call, stage="not_selected", applicant=application.applicant)
    client.post(reverse("calls:application_withdraw", kwargs={"code": decided.code}))
    decided.refresh_from_db()
    assert decided.stage == "not_selected"


def test_a_draft_takes_any_characters_and_huge_texts_without_failing(client, call, application):
    client.force_login(application.applicant)
    short, long_text = call.questions.get(kind="short_text"), call.questions.get(kind="long_text", phase="first")
    huge = "ä" * 200_000
    response = client.post(
        application.get_absolute_url(), {"draft": "1", f"q{short.pk}": "Null\x00Byte", f"q{long_text.pk}": huge}
    )
    assert response.status_code == 302
    assert application.answers.get(question=short).value == "NullByte"
    assert application.answers.get(question=long_text).value == huge
    response = client.post(application.get_absolute_url(), {"submit": "1", f"q{long_text.pk}": huge})
    assert response.status_code == 200 and f"q{long_text.pk}" in response.context["form"].errors
