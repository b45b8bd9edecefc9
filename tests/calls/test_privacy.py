"""Applications and scores in the data export; account deletion removes drafts and answers and anonymises the rest."""

import pytest
from django.urls import reverse

from calls.models import Answer, Application, Review
from calls.services import review_declare, review_save
from hubportal.activity.models import Activity
from hubportal.users.services import account_delete, account_export
from tests.factories import ApplicationFactory, UserFactory

from .pdfs import good_pdf

pytestmark = pytest.mark.django_db


def test_the_export_holds_the_applications_with_answers_and_the_jurors_scores(call, make_juror):
    application = ApplicationFactory(call=call, organisation_name="Sensorwiese")
    question = call.questions.get(kind="short_text")
    Answer.objects.create(application=application, question=question, value="Bewässerung")
    juror = make_juror(call)
    review = review_declare(application=application, juror=juror, conflict=False)
    review_save(review=review, juror=juror, scores={c.pk: (4, "Gut") for c in call.criteria.all()}, submit=True)

    mine = account_export(user=application.applicant)
    assert mine["call_applications"][0]["organisation"] == "Sensorwiese"
    assert mine["call_applications"][0]["answers"][0]["answer"] == "Bewässerung"
    assert mine["call_reviews"] == []
    theirs = account_export(user=juror)
    assert theirs["call_reviews"][0]["scores"][0]["comment"] == "Gut" and theirs["call_applications"] == []


def test_deletion_removes_drafts_answers_and_files_and_keeps_the_calls_record_anonymised(
    client, call, make_juror, django_capture_on_commit_callbacks
):
    person = UserFactory()
    draft = ApplicationFactory(call=call, applicant=person, stage="draft", organisation_name="Entwurf GmbH")
    client.force_login(person)
    file_question = call.questions.get(kind="file")
    client.post(draft.get_absolute_url(), {"draft": "1", f"q{file_question.pk}": good_pdf()})
    stored = Answer.objects.get(application=draft, question=file_question).file.path
    open_one = ApplicationFactory(call=call, applicant=person, organisation_name="Offen GmbH")
    Answer.objects.create(application=open_one, question=call.questions.get(kind="short_text"), value="privat")
    winner = ApplicationFactory(
        call=call, applicant=person, stage="winner", publish_consent=True, organisation_name="Sieger AG"
    )
    juror = make_juror(call)
    review = review_declare(application=open_one, juror=juror, conflict=False)
    review_save(review=review, juror=juror, scores={c.pk: (3, "") for c in call.criteria.all()}, submit=True)

    with django_capture_on_commit_callbacks(execute=True):
        account_delete(user=person)

    import os

    assert not Application.objects.filter(pk=draft.pk).exists() and not os.path.exists(stored)
    open_one.refresh_from_db()
    winner.refresh_from_db()
    assert (open_one.applicant, open_one.stage, open_one.organisation_name) == (None, "withdrawn", "[deleted account]")
    assert (winner.applicant, winner.stage, winner.organisation_name) == (None, "winner", "Sieger AG")
    assert not Answer.objects.filter(application__in=[open_one, winner]).exists()
    assert Review.objects.get(application=open_one).score is not None  # the jury's work stays
    submitted = Activity.objects.of(open_one).filter(action="calls.application_anonymised")
    assert submitted.exists()
    assert client.get(reverse("calls:application_list")).status_code == 302
