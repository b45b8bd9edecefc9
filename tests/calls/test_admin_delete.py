"""The calls admin deletes a call and a juror's declaration through the services, which log it."""

import pytest
from django.urls import reverse

from calls import activity
from calls.models import Call, Review
from calls.services import CallHasApplications, call_delete, review_declare
from hubportal.activity.models import Activity
from tests.factories import ApplicationFactory, CallFactory

pytestmark = pytest.mark.django_db


def test_a_mistaken_conflict_declaration_is_deleted_through_the_service(admin_client, call, make_juror):
    application = ApplicationFactory(call=call)
    juror = make_juror(call)
    review = review_declare(application=application, juror=juror, conflict=True)
    url = reverse("admin:calls_review_delete", args=[review.pk])
    assert admin_client.post(url, {"post": "yes"}).status_code == 302
    assert not Review.objects.filter(pk=review.pk).exists()
    entry = Activity.objects.of(application).get(action=activity.REVIEW_DELETED)
    assert entry.data == {"juror": juror.pk, "conflict": True}
    review_declare(application=application, juror=juror, conflict=False)  # the juror may declare anew


def test_a_call_with_applications_is_not_deleted(admin_client, call):
    ApplicationFactory(call=call)
    with pytest.raises(CallHasApplications):
        call_delete(call=call, by=None)
    empty = CallFactory(title_de="Leerer Aufruf")
    assert admin_client.post(reverse("admin:calls_call_delete", args=[empty.pk]), {"post": "yes"}).status_code == 302
    assert not Call.objects.filter(pk=empty.pk).exists()
    assert Activity.objects.get(action=activity.CALL_DELETED).data["target_deleted"] is True
