from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from hubportal.activity.models import Activity
from matching.models import Introduction
from tests.factories import IntroductionFactory, InvestorProfileFactory, StartupFactory, UserFactory


def url(name, **kwargs):
    return reverse(f"matching:{name}", kwargs=kwargs or None)


def test_startup_matches_need_a_verified_investor(client, startup):
    response = client.get(url("startup_matches"))
    assert response.status_code == 302 and "login" in response.url
    client.force_login(UserFactory())
    assert client.get(url("startup_matches")).status_code == 403
    client.force_login(InvestorProfileFactory(is_verified=False).user)
    assert client.get(url("startup_matches")).status_code == 403


def test_startup_matches_are_ranked_published_only_and_explained(client, startup, investor, topics):
    weak = StartupFactory(topics=[topics["iot"]], stage="growth")
    StartupFactory(status="draft", published_at=None, topics=[topics["ai"]])
    client.force_login(investor.user)
    response = client.get(url("startup_matches"))
    rows = list(response.context["startups"])
    assert rows == [startup, weak]
    assert rows[0].match_score > rows[1].match_score
    assert {r.criterion for r in rows[0].reasons} >= {"topics", "stage", "ticket", "hub"}
    assert b"Alpha Sensorik" in response.content


def test_startup_matches_use_the_directory_filters(client, startup, investor, topics):
    other = StartupFactory(topics=[topics["iot"]])
    client.force_login(investor.user)
    response = client.get(url("startup_matches"), {"topic": "iot"})
    assert list(response.context["startups"]) == [other]
    assert response.context["result_count"] == 1


def test_startup_matches_query_count_does_not_grow(client, investor, topics, django_assert_max_num_queries):
    client.force_login(investor.user)
    StartupFactory(topics=[topics["ai"]])
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(url("startup_matches"))
    for _ in range(15):
        StartupFactory(topics=[topics["ai"], topics["iot"]])
    with CaptureQueriesContext(connection) as many:
        response = client.get(url("startup_matches"))
    assert len(response.context["startups"]) == 16
    assert len(many) == len(few)


def test_investor_matches_for_a_published_startup_team(client, startup, investor, founder, topics):
    other = InvestorProfileFactory(stages=["growth"])
    InvestorProfileFactory(is_verified=False)
    client.force_login(founder)
    response = client.get(url("investor_matches"))
    assert list(response.context["investors"]) == [investor, other]
    assert response.context["investors"][0].reasons
    client.force_login(UserFactory())
    assert client.get(url("investor_matches")).status_code == 403
    draft = StartupFactory(status="draft", published_at=None)
    client.force_login(draft.memberships.get().user)
    assert client.get(url("investor_matches")).status_code == 403


def test_investor_matches_query_count_does_not_grow(client, founder, startup):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(founder)
    InvestorProfileFactory()
    with CaptureQueriesContext(connection) as few:
        client.get(url("investor_matches"))
    for _ in range(10):
        InvestorProfileFactory()
    with CaptureQueriesContext(connection) as many:
        response = client.get(url("investor_matches"))
    assert len(response.context["investors"]) == 11
    assert len(many) == len(few)


def test_startup_detail_shows_the_investors_score_and_request_button(client, startup, investor):
    client.force_login(investor.user)
    response = client.get(startup.get_absolute_url())
    assert response.context is not None
    content = response.content.decode()
    assert 'id="match-heading"' in content
    assert url("introduction_request_startup", slug=startup.slug) in content


def test_startup_detail_shows_no_score_to_anonymous_or_team(client, startup, founder):
    assert b'id="match-heading"' not in client.get(startup.get_absolute_url()).content
    client.force_login(founder)
    assert b'id="match-heading"' not in client.get(startup.get_absolute_url()).content


def test_investor_detail_shows_the_startups_score(client, startup, investor, founder):
    client.force_login(founder)
    content = client.get(investor.get_absolute_url()).content.decode()
    assert 'id="match-heading"' in content
    assert url("introduction_request_investor", slug=investor.slug) in content
    assert investor.user.email not in content


def test_request_form_creates_a_request(client, startup, investor):
    client.force_login(investor.user)
    target = url("introduction_request_startup", slug=startup.slug)
    assert client.get(target).status_code == 200
    response = client.post(target, {"message": "Wir investieren in Sensorik."})
    assert response.status_code == 302
    assert Introduction.objects.get().message == "Wir investieren in Sensorik."
    response = client.post(target, {"message": "Nochmal"})
    assert response.status_code == 200  # open request: error shown, text kept
    assert response.context["form"].non_field_errors()
    assert "Nochmal" in response.content.decode()


def test_daily_limit_error_is_shown_translated(client, settings, investor):
    settings.INTRO_DAILY_LIMIT = 0
    startup = StartupFactory()
    client.force_login(investor.user)
    with translation.override("en"):
        response = client.post(url("introduction_request_startup", slug=startup.slug), {"message": "Hi"})
    assert "limit of 0 introduction requests a day" in response.content.decode()
    response = client.post(url("introduction_request_startup", slug=startup.slug), {"message": "Hi"})
    assert "Anfragen" in response.content.decode() or response.context["form"].non_field_errors()


def test_team_request_picks_one_of_several_startups(client, founder, startup, investor):
    second = StartupFactory(owner=founder, name="Zweite")
    client.force_login(founder)
    target = url("introduction_request_investor", slug=investor.slug)
    response = client.post(target, {"message": "Hi"})
    assert "startup" in response.context["form"].errors
    client.post(target, {"message": "Hi", "startup": second.slug})
    assert Introduction.objects.get().startup == second
    client.force_login(UserFactory())
    assert client.get(target).status_code == 403


def test_inbox_lists_incoming_outgoing_accepted_with_counts(client, startup, investor, founder):
    incoming = IntroductionFactory(startup=startup, investor=investor)
    other_investor = InvestorProfileFactory()
    outgoing = IntroductionFactory(
        startup=startup, investor=other_investor, requester_side="startup", requested_by=founder
    )
    accepted = IntroductionFactory(startup=startup, investor=InvestorProfileFactory(), status="accepted")
    client.force_login(founder)
    context = client.get(url("introduction_list")).context
    assert context["incoming"] == [incoming]
    assert context["outgoing"] == [outgoing]
    assert context["accepted"] == [accepted]
    client.force_login(investor.user)
    context = client.get(url("introduction_list")).context
    assert (context["incoming"], context["outgoing"], context["accepted"]) == ([], [incoming], [])


def test_inbox_query_count_does_not_grow(client, founder, startup, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(founder)
    for status in ["pending", "accepted", "declined"]:
        IntroductionFactory(startup=startup, status=status)
    IntroductionFactory(startup=startup, requester_side="startup", requested_by=founder)
    with CaptureQueriesContext(connection) as few:
        client.get(url("introduction_list"))
    for status in ["pending", "accepted", "declined", "expired", "pending", "accepted"]:
        IntroductionFactory(startup=startup, status=status)
    IntroductionFactory(startup=startup, requester_side="startup", requested_by=founder)
    with CaptureQueriesContext(connection) as many:
        response = client.get(url("introduction_list"))
    assert len(response.context["accepted"]) == 3
    assert len(many) == len(few)


def test_accept_decline_withdraw_through_the_inbox(client, startup, investor, founder):
    intro = IntroductionFactory(startup=startup, investor=investor)
    client.force_login(investor.user)
    client.post(url("introduction_accept", pk=intro.pk))
    assert Introduction.objects.get(pk=intro.pk).status == "pending"  # requester cannot accept
    client.force_login(founder)
    client.post(url("introduction_decline", pk=intro.pk), {"reason": "Nicht jetzt"})
    intro.refresh_from_db()
    assert (intro.status, intro.reason) == ("declined", "Nicht jetzt")
    second = IntroductionFactory(startup=startup, investor=investor)
    client.force_login(investor.user)
    client.post(url("introduction_withdraw", pk=second.pk))
    assert Introduction.objects.get(pk=second.pk).status == "withdrawn"


def test_someone_elses_introduction_is_a_404(client, startup, investor):
    intro = IntroductionFactory(startup=startup, investor=investor)
    client.force_login(UserFactory())
    for name in ("introduction_accept", "introduction_decline", "introduction_withdraw"):
        assert client.post(url(name, pk=intro.pk)).status_code == 404
    assert Introduction.objects.get(pk=intro.pk).status == "pending"


def test_account_page_shows_inbox_counts(client, startup, investor, founder):
    IntroductionFactory(startup=startup, investor=investor)
    client.force_login(founder)
    content = client.get(reverse("users:account")).content.decode()
    assert url("introduction_list") in content
    assert 'data-count="incoming"' in content
    assert url("investor_matches") in content


@pytest.mark.parametrize("status", ["pending", "declined", "withdrawn", "expired", "closed"])
def test_contact_hidden_before_acceptance_everywhere(client, startup, investor, founder, status):
    IntroductionFactory(startup=startup, investor=investor, status=status)
    client.force_login(investor.user)
    assert startup.contact_email not in client.get(startup.get_absolute_url()).content.decode()
    export = client.get(reverse("startups:startup_export")).getvalue().decode()
    assert "Alpha Sensorik" in export and startup.contact_email not in export
    assert startup.contact_email not in client.get(url("introduction_list")).content.decode()
    assert client.get(reverse("admin:matching_introduction_changelist")).status_code == 302
    assert client.get(reverse("admin:startups_startup_changelist")).status_code == 302
    client.force_login(founder)
    assert investor.user.email not in client.get(investor.get_absolute_url()).content.decode()
    assert investor.user.email not in client.get(url("introduction_list")).content.decode()
    assert investor.user.email not in client.get(url("investor_matches")).content.decode()


def test_contact_shown_to_both_sides_after_acceptance(client, startup, investor, founder):
    IntroductionFactory(startup=startup, investor=investor, status="accepted")
    client.force_login(investor.user)
    assert startup.contact_email in client.get(startup.get_absolute_url()).content.decode()
    assert startup.contact_email in client.get(reverse("startups:startup_export")).getvalue().decode()
    assert startup.contact_email in client.get(url("introduction_list")).content.decode()
    client.force_login(founder)
    assert investor.user.email in client.get(investor.get_absolute_url()).content.decode()
    assert investor.user.email in client.get(url("introduction_list")).content.decode()


def test_accepted_introduction_with_another_startup_reveals_nothing(client, startup, investor):
    IntroductionFactory(startup=StartupFactory(), investor=investor, status="accepted")
    client.force_login(investor.user)
    assert startup.contact_email not in client.get(startup.get_absolute_url()).content.decode()


def test_startup_matches_search_and_pagination_keep_the_ranking(client, investor, topics):
    for index in range(23):
        StartupFactory(name=f"Sensorik {index}", pitch="Sensorik für Netze", topics=[topics["ai"]])
    StartupFactory(name="Kochbox", pitch="Rezepte")
    client.force_login(investor.user)
    first = client.get(url("startup_matches"), {"q": "Sensorik"})
    second = client.get(url("startup_matches"), {"q": "Sensorik", "page": 2})
    assert first.context["result_count"] == 23
    names = [s.name for s in first.context["startups"]] + [s.name for s in second.context["startups"]]
    assert len(names) == len(set(names)) == 23
    scores = [s.match_score for s in first.context["startups"]] + [s.match_score for s in second.context["startups"]]
    assert scores == sorted(scores, reverse=True)


@pytest.mark.parametrize(
    ("language", "help_text", "error"),
    [
        (
            "de",
            "Ein paar Sätze dazu, warum Sie sich kennenlernen möchten (bis zu 1.000 Zeichen).",
            "Bitte kürzen Sie Ihre Nachricht auf höchstens 1.000 Zeichen (sie hat 1.001).",
        ),
        (
            "en",
            "A few sentences on why you would like to meet (up to 1,000 characters).",
            "Please shorten your message to at most 1,000 characters (it has 1,001).",
        ),
    ],
)
def test_request_message_limit_reads_the_same_in_help_text_and_error(
    client, startup, investor, language, help_text, error
):
    client.force_login(investor.user)
    with translation.override(language):
        target = url("introduction_request_startup", slug=startup.slug)
        page = client.get(target).content.decode()
        response = client.post(target, {"message": "Wir möchten " + "x" * 989})
        assert response.context["form"].errors["message"] == [error]
    assert help_text in page and 'maxlength="1000"' in page
    assert response.status_code == 200 and error in response.content.decode()
    assert "Wir möchten xxx" in response.content.decode()  # the text is kept
    assert not Introduction.objects.exists()


def test_request_message_line_breaks_count_as_one_character_as_in_the_browser(client, startup, investor):
    client.force_login(investor.user)
    lines = ["x" * 99] * 10  # 990 characters and 9 line breaks: 999 for the browser, 1,008 sent as CRLF
    response = client.post(url("introduction_request_startup", slug=startup.slug), {"message": "\r\n".join(lines)})
    assert response.status_code == 302
    assert Introduction.objects.get().message == "\n".join(lines)


def test_decline_reason_over_the_limit_is_refused_translated_and_kept(client, startup, investor, founder):
    intro = IntroductionFactory(startup=startup, investor=investor)
    client.force_login(founder)
    with translation.override("de"):
        response = client.post(url("introduction_decline", pk=intro.pk), {"reason": "Passt nicht " + "y" * 989})
    intro.refresh_from_db()
    assert (intro.status, intro.reason) == ("pending", "")  # nothing declined
    assert response.status_code == 400
    content = response.content.decode()
    assert "Bitte kürzen Sie den Text auf höchstens 1.000 Zeichen (er hat 1.001)." in content
    assert 'aria-invalid="true"' in content and "Passt nicht yyy" in content  # at this request, as typed
    other = IntroductionFactory(startup=StartupFactory(owner=founder), investor=investor)
    client.post(url("introduction_decline", pk=other.pk), {"reason": "\r\n".join(["z" * 99] * 10)})
    other.refresh_from_db()  # 999 characters for the browser: declined with the reason
    assert (other.status, other.reason) == ("declined", "\n".join(["z" * 99] * 10))


def test_decline_of_someone_elses_request_with_a_bad_reason_is_a_404(client, startup, investor):
    intro = IntroductionFactory(startup=startup, investor=investor)
    client.force_login(UserFactory())
    assert client.post(url("introduction_decline", pk=intro.pk), {"reason": "x" * 1001}).status_code == 404
    assert Introduction.objects.get(pk=intro.pk).status == "pending"


@pytest.mark.parametrize("requester_side", ["investor", "startup"])
def test_the_requesting_side_cannot_decline_with_any_reason(client, startup, investor, founder, requester_side):
    """Only the other side may decline; the requesting side has no decline form, so a reason over the limit gets the
    same answer as a valid one instead of the inbox with an error nowhere to see."""
    requester = investor.user if requester_side == "investor" else founder
    intro = IntroductionFactory(
        startup=startup, investor=investor, requester_side=requester_side, requested_by=requester
    )
    client.force_login(requester)
    for reason in ["Doch nicht", "x" * 1001]:
        assert client.post(url("introduction_decline", pk=intro.pk), {"reason": reason}).status_code == 403
    intro.refresh_from_db()
    assert (intro.status, intro.reason) == ("pending", "")
    assert not Activity.objects.of(intro).filter(action="matching.intro_declined").exists()


@pytest.mark.parametrize("status", ["accepted", "declined", "withdrawn", "expired", "closed"])
def test_decline_of_a_request_no_longer_pending_with_a_bad_reason_says_so(client, startup, investor, founder, status):
    """The inbox has no decline form for it: the answer is the one a valid reason gets, a message in the inbox."""
    intro = IntroductionFactory(startup=startup, investor=investor, status=status)
    client.force_login(founder)
    for reason in ["Nicht jetzt", "x" * 1001]:
        response = client.post(url("introduction_decline", pk=intro.pk), {"reason": reason}, follow=True)
        assert response.redirect_chain == [(url("introduction_list"), 302)]
        expected = (
            "Diese Anfrage ist ohne Antwort abgelaufen."
            if status == "expired"
            else "Diese Anfrage ist nicht mehr offen."
        )
        assert expected in response.content.decode()
    assert Introduction.objects.get(pk=intro.pk).status == status


def test_inbox_shows_a_request_past_its_expiry_as_expired_without_actions(client, startup, investor, founder):
    intro = IntroductionFactory(startup=startup, investor=investor, expires_at=timezone.now() - timedelta(minutes=1))
    client.force_login(founder)
    response = client.get(url("introduction_list"))
    assert response.context["incoming"] == []
    assert response.context["past"] == [intro]
    html = response.content.decode()
    assert "Abgelaufen" in html
    assert url("introduction_accept", pk=intro.pk) not in html
    response = client.post(url("introduction_accept", pk=intro.pk), follow=True)
    assert "Diese Anfrage ist ohne Antwort abgelaufen." in response.content.decode()
    assert Introduction.objects.get(pk=intro.pk).status == "pending"  # until expire_introductions records it


def test_profile_offers_a_new_request_once_the_old_one_is_past_its_expiry(client, startup, investor):
    IntroductionFactory(startup=startup, investor=investor, expires_at=timezone.now() - timedelta(minutes=1))
    client.force_login(investor.user)
    response = client.get(startup.get_absolute_url())
    assert reverse("matching:introduction_request_startup", kwargs={"slug": startup.slug}) in response.content.decode()
    assert "Abgelaufen" in response.content.decode()
