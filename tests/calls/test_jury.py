"""The jury: conflicts close an application, reviews are blind until one's own is in, scores change until the review
is closed (logged), and the ranking table with its CSV; hub managers run only their hubs' calls."""

import csv
import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from calls.services import (
    Conflicted,
    ConflictFinal,
    NotOnJury,
    ReviewClosed,
    ScoresMissing,
    call_review_close,
    review_declare,
    review_save,
    weighted_score,
)
from hubportal.activity.models import Activity
from tests.factories import ApplicationFactory, CallFactory, HubFactory, UserFactory

pytestmark = pytest.mark.django_db


def scores_for(call, *values):
    return {c.pk: (v, f"Kommentar {v}") for c, v in zip(call.criteria.order_by("position", "pk"), values, strict=True)}


def jury_url(application):
    return reverse("calls:jury_application", kwargs={"slug": application.call.slug, "code": application.code})


def test_weighted_score():
    assert weighted_score([(2, 5), (1, 2)]) == Decimal("4.000")
    assert weighted_score([(3, 4), (1, None)]) == Decimal("4.000")
    assert weighted_score([(1, None)]) is None


def test_a_juror_declares_first_and_a_conflict_closes_the_application(client, call, make_juror):
    application = ApplicationFactory(call=call, organisation_name="Sensorwiese GmbH")
    juror = make_juror(call)
    client.force_login(juror)
    page = client.get(jury_url(application))
    assert page.status_code == 200 and "declaration" in page.context and "rubric" not in page.context

    client.post(jury_url(application), {"conflict": "yes", "note": "Ich berate das Team."})
    page = client.get(jury_url(application))
    assert "rubric" not in page.context and "answers" not in page.context
    with pytest.raises(Conflicted):
        review_save(review=page.context["review"], juror=juror, scores=scores_for(call, 5, 5), submit=True)
    with pytest.raises(ConflictFinal):
        review_declare(application=application, juror=juror, conflict=False)
    assert Activity.objects.of(application).filter(action="calls.conflict_declared", data__conflict=True).exists()


def test_a_juror_sees_other_scores_only_after_submitting_their_own(client, call, make_juror):
    application = ApplicationFactory(call=call)
    first, second = make_juror(call), make_juror(call)
    review = review_declare(application=application, juror=first, conflict=False)
    review_save(review=review, juror=first, scores=scores_for(call, 5, 2), submit=True)

    client.force_login(second)
    client.post(jury_url(application), {"conflict": "no"})
    page = client.get(jury_url(application))
    assert page.context.get("others") is None and "Kommentar 5" not in page.content.decode()

    data = {f"score_{pk}": str(v) for pk, (v, _c) in scores_for(call, 3, 3).items()}
    client.post(jury_url(application), {**data, "save": "1"})
    page = client.get(jury_url(application))
    assert page.context.get("others") is None and "Kommentar 5" not in page.content.decode()

    client.post(jury_url(application), {**data, "submit": "1"})
    page = client.get(jury_url(application))
    assert [other.juror for other in page.context["others"]] == [first]
    assert "Kommentar 5" in page.content.decode()


def test_submitting_needs_every_criterion_and_stores_the_weighted_score(call, make_juror):
    application = ApplicationFactory(call=call)
    juror = make_juror(call)
    review = review_declare(application=application, juror=juror, conflict=False)
    criteria = list(call.criteria.order_by("position", "pk"))
    with pytest.raises(ScoresMissing):
        review_save(review=review, juror=juror, scores={criteria[0].pk: (4, "")}, submit=True)
    review = review_save(review=review, juror=juror, scores=scores_for(call, 5, 2), submit=True)
    assert review.score == Decimal("4.000") and review.submitted_at


def test_scores_change_until_staff_close_the_review_and_each_change_is_logged(call, make_juror, staff_user):
    application = ApplicationFactory(call=call)
    juror = make_juror(call)
    review = review_declare(application=application, juror=juror, conflict=False)
    review_save(review=review, juror=juror, scores=scores_for(call, 5, 2), submit=True)
    review = review_save(review=review, juror=juror, scores=scores_for(call, 3, 2), submit=True)
    assert review.score == Decimal("2.667")
    change = Activity.objects.of(application).get(action="calls.scores_changed")
    assert change.actor == juror and [(c["old"], c["new"]) for c in change.data["changes"]] == [(5, 3)]

    call_review_close(call=call, by=staff_user)
    with pytest.raises(ReviewClosed):
        review_save(review=review, juror=juror, scores=scores_for(call, 1, 1), submit=True)
    review.refresh_from_db()
    assert review.score == Decimal("2.667")


def test_a_juror_of_chosen_applications_reviews_only_those_and_others_nothing(client, call, make_juror):
    chosen, other = ApplicationFactory(call=call), ApplicationFactory(call=call)
    juror = make_juror(call)
    seat = juror.jury_seats.get()
    seat.all_applications = False
    seat.save()
    seat.applications.add(chosen)
    client.force_login(juror)
    assert client.get(jury_url(chosen)).status_code == 200
    assert client.get(jury_url(other)).status_code == 404
    with pytest.raises(NotOnJury):
        review_declare(application=other, juror=juror, conflict=False)
    stranger = make_juror(CallFactory())
    client.force_login(stranger)
    assert client.get(jury_url(chosen)).status_code == 404
    assert client.get(reverse("calls:jury_call", kwargs={"slug": call.slug})).status_code == 404
    drafts = ApplicationFactory(call=call, stage="draft")
    client.force_login(juror)
    assert client.get(jury_url(drafts)).status_code == 404


def ranking(client, call, query=""):
    return client.get(reverse("admin:calls_call_ranking", args=[call.pk]) + query)


def rank_world(call, make_juror, count):
    jurors = [make_juror(call) for _ in range(2)]
    for index in range(count):
        application = ApplicationFactory(call=call, organisation_name=f"Team {index:02d}")
        for juror, values in zip(jurors, [(5, 5), (1 + index % 5, 1)], strict=True):
            review = review_declare(application=application, juror=juror, conflict=False)
            review_save(review=review, juror=juror, scores=scores_for(call, *values), submit=True)
    return jurors


def test_the_ranking_table_orders_by_weighted_mean_and_flags_disagreement(client, call, make_juror, staff_user):
    jurors = rank_world(call, make_juror, 3)
    conflicted = ApplicationFactory(call=call, organisation_name="Befangen")
    review_declare(application=conflicted, juror=jurors[0], conflict=True)
    client.force_login(staff_user)
    rows = ranking(client, call).context["rows"]
    assert [row.organisation_name for row in rows] == ["Team 02", "Team 01", "Team 00", "Befangen"]
    top = rows[0]
    # Team 02: 5 and 5 from the first juror (5.000), 3 and 1 from the second ((2×3 + 1) ÷ 3 = 2.333)
    assert top.review_count == 2 and top.spread == Decimal("2.667")
    assert top.mean_score == (Decimal("5.000") + Decimal("2.333")) / 2
    assert [row.disagree for row in rows] == [True, True, True, False]
    assert rows[-1].review_count == 0 and rows[-1].mean_score is None

    csv_text = ranking(client, call, "?format=csv").getvalue().decode("utf-8-sig")
    lines = csv_text.strip().splitlines()
    assert len(lines) == 5 and "Team 02" in lines[1] and "3.67" in lines[1]


def test_the_ranking_csv_defuses_formulas_and_keeps_the_figures(client, call, make_juror, staff_user):
    rank_world(call, make_juror, 1)
    call.applications.update(organisation_name='=HYPERLINK("http://evil.example")')
    client.force_login(staff_user)
    response = ranking(client, call, "?format=csv")
    assert response["Content-Disposition"] == f'attachment; filename="ranking-{call.slug}.csv"'
    body = response.getvalue()
    assert body.startswith(b"\xef\xbb\xbf")
    [header, row] = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert len(header) == 10
    assert row[0] == "1" and row[1] == '\'=HYPERLINK("http://evil.example")'
    assert row[4] == "3.00" and row[5] == "2"


def test_the_ranking_filters_by_stage(client, call, make_juror, staff_user):
    rank_world(call, make_juror, 2)
    call.applications.filter(organisation_name="Team 00").update(stage="shortlisted")
    client.force_login(staff_user)
    rows = ranking(client, call, "?stage=shortlisted").context["rows"]
    assert [row.organisation_name for row in rows] == ["Team 00"]
    assert "Team 01" not in ranking(client, call, "?stage=shortlisted&format=csv").getvalue().decode("utf-8-sig")


def test_the_ranking_table_needs_the_same_queries_for_3_and_30_applications(client, call, make_juror, staff_user):
    client.force_login(staff_user)
    rank_world(call, make_juror, 3)
    ranking(client, call)
    with CaptureQueriesContext(connection) as few:
        ranking(client, call)
    rank_world(call, make_juror, 27)
    with CaptureQueriesContext(connection) as many:
        response = ranking(client, call)
    assert len(response.context["rows"]) == 30
    assert len(many) == len(few)


def test_hub_managers_run_only_their_hubs_calls(client, call, staff_user):
    from django.contrib.auth.models import Group

    from hubportal.admin.roles import staff_groups_ensure

    staff_groups_ensure()
    own_hub, other_hub = HubFactory(), HubFactory()
    manager = UserFactory(is_staff=True)
    manager.groups.add(Group.objects.get(name="Hub manager"))
    own_hub.managers.add(manager)
    own = CallFactory(organiser="hub", hub=own_hub)
    other = CallFactory(organiser="hub", hub=other_hub)
    own_application, other_application = ApplicationFactory(call=own), ApplicationFactory(call=other)
    client.force_login(manager)
    listed = client.get(reverse("admin:calls_call_changelist")).context["cl"].result_list
    assert list(listed) == [own]
    assert ranking(client, own).status_code == 200
    assert ranking(client, other).status_code == 404
    assert client.get(reverse("admin:calls_call_change", args=[other.pk])).status_code == 404
    assert client.get(reverse("admin:calls_application_change", args=[other_application.pk])).status_code == 404
    assert client.get(reverse("admin:calls_application_change", args=[own_application.pk])).status_code == 200
    form = client.get(reverse("admin:calls_call_add")).context["adminform"].form
    assert list(form.fields["hub"].queryset) == [own_hub]


def test_jurors_need_two_factor_authentication_like_all_staff(client, call, make_juror, settings):
    settings.ADMIN_REQUIRE_MFA = True
    juror = make_juror(call)
    client.force_login(juror)
    response = client.get(reverse("calls:jury_list"))
    assert response.status_code == 302 and "/2fa/totp/activate/" in response.url


def test_staff_without_the_jurors_permission_get_no_jury_page(client, call):
    client.force_login(UserFactory(is_staff=True))
    assert client.get(reverse("calls:jury_list")).status_code == 403
