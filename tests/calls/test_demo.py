import io

import pytest
from django.core.management import call_command

from calls.models import Application, Call, Review


@pytest.mark.django_db
def test_the_demo_has_an_open_call_with_applications_in_several_stages_and_two_jurors(client):
    call_command("load_demo", stdout=io.StringIO())
    call = Call.objects.get(slug="pitch-day-demo")
    assert call.state() == "open"
    stages = set(Application.objects.filter(call=call).values_list("stage", flat=True))
    assert stages == {"draft", "submitted", "eligible", "not_eligible", "shortlisted"}
    assert set(call.jury.values_list("user__email", flat=True)) == {"jury@hubportal.example", "jury2@hubportal.example"}
    assert Review.objects.filter(application__call=call, submitted_at__isnull=False).count() == 4
    juror = call.jury.get(user__email="jury@hubportal.example").user
    assert juror.is_staff and juror.has_perm("calls.review_application") and not juror.has_perm("calls.view_call")
    counts = (Call.objects.count(), Application.objects.count(), Review.objects.count())
    call_command("load_demo", stdout=io.StringIO())
    assert (Call.objects.count(), Application.objects.count(), Review.objects.count()) == counts
