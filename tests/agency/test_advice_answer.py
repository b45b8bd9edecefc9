"""The requester answers in the conversation of their request, or withdraws it; nobody else can."""

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation

from agency import activity
from agency.models import AdviceRequest
from agency.services import advice_reply_send
from hubportal.activity.models import Activity
from tests.factories import AdviceRequestFactory, UserFactory


@pytest.fixture
def waiting(advisor):
    """A request whose advisor asked the requester a question."""
    advice = AdviceRequestFactory(advisor=advisor, status=AdviceRequest.Status.IN_PROGRESS)
    advice_reply_send(request=advice, author=advisor, text="Welche Summe suchen Sie?")
    AdviceRequest.objects.filter(pk=advice.pk).update(status=AdviceRequest.Status.WAITING)
    advice.refresh_from_db()
    mail.outbox.clear()
    return advice


def detail_url(advice):
    return reverse("agency:advicerequest_detail", args=[advice.pk])


@pytest.mark.django_db
def test_requester_answers_on_the_page_and_the_advisor_gets_a_mail(client, waiting, advisor):
    client.force_login(waiting.requester)
    with translation.override("en"):
        page = client.get(detail_url(waiting)).content.decode()
    assert 'name="text"' in page and "Withdraw request" in page

    response = client.post(detail_url(waiting), {"text": "Etwa 500.000 Euro."})
    assert response.status_code == 302
    waiting.refresh_from_db()
    assert waiting.status == AdviceRequest.Status.IN_PROGRESS
    answer = waiting.replies.last()
    assert answer.by_requester and answer.author == waiting.requester and answer.text == "Etwa 500.000 Euro."
    assert waiting.last_public_reply_at == answer.created_at  # the agency owes the next reply
    assert Activity.objects.of(waiting).filter(action=activity.ANSWER, actor=waiting.requester).exists()
    assert [m.to for m in mail.outbox] == [[advisor.email]]
    assert "Etwa 500.000 Euro." in mail.outbox[0].body
    assert reverse("admin:agency_advicerequest_change", args=[waiting.pk]) in mail.outbox[0].body

    with translation.override("en"):
        page = client.get(detail_url(waiting)).content.decode()
    assert "You wrote" in page and "Etwa 500.000 Euro." in page


@pytest.mark.django_db
def test_an_empty_answer_is_refused_with_an_error(client, waiting):
    client.force_login(waiting.requester)
    response = client.post(detail_url(waiting), {"text": " "})
    assert response.status_code == 200 and response.context["form"].errors["text"]
    assert not waiting.replies.filter(by_requester=True).exists() and mail.outbox == []


@pytest.mark.django_db
def test_requester_withdraws_an_open_request(client, waiting):
    client.force_login(waiting.requester)
    response = client.post(reverse("agency:advicerequest_withdraw", args=[waiting.pk]))
    assert response.status_code == 302
    waiting.refresh_from_db()
    assert (waiting.status, waiting.outcome) == ("closed", "withdrawn")
    assert Activity.objects.of(waiting).get(action=activity.CLOSED).actor == waiting.requester

    # closed: no form any more, and an answer is refused
    assert 'name="text"' not in client.get(detail_url(waiting)).content.decode()
    client.post(detail_url(waiting), {"text": "Doch noch eine Frage"})
    assert not waiting.replies.filter(by_requester=True).exists()


@pytest.mark.django_db
def test_another_user_can_neither_answer_nor_withdraw(client, waiting):
    client.force_login(UserFactory())
    assert client.post(detail_url(waiting), {"text": "Fremd"}).status_code == 404
    assert client.post(reverse("agency:advicerequest_withdraw", args=[waiting.pk])).status_code == 404
    waiting.refresh_from_db()
    assert waiting.status == AdviceRequest.Status.WAITING and not waiting.replies.filter(by_requester=True).exists()
    assert mail.outbox == []


@pytest.mark.django_db
def test_withdraw_accepts_only_post(client, waiting):
    client.force_login(waiting.requester)
    assert client.get(reverse("agency:advicerequest_withdraw", args=[waiting.pk])).status_code == 405


@pytest.mark.django_db
def test_the_advisor_sees_the_answer_in_the_admin(client, waiting, advisor):
    from agency.services import advice_request_answer

    advice_request_answer(request=waiting, requester=waiting.requester, text="Etwa 500.000 Euro.")
    client.force_login(advisor)
    html = client.get(reverse("admin:agency_advicerequest_change", args=[waiting.pk])).content.decode()
    assert "Etwa 500.000 Euro." in html and "Welche Summe suchen Sie?" in html


@pytest.mark.django_db
def test_a_nudge_does_not_hide_an_overdue_request(settings):
    """Only an answer the agency waited for restarts the overdue clock; "any news?" on an ignored request does not."""
    from datetime import timedelta

    from django.utils import timezone

    from agency.services import advice_request_answer

    settings.ADVICE_OVERDUE_WORKING_DAYS = 3
    ignored = AdviceRequestFactory(status=AdviceRequest.Status.NEW)
    AdviceRequest.objects.filter(pk=ignored.pk).update(created_at=timezone.now() - timedelta(days=20))
    ignored.refresh_from_db()
    assert ignored.is_overdue()
    advice_request_answer(request=ignored, requester=ignored.requester, text="Gibt es Neuigkeiten?")
    ignored.refresh_from_db()
    assert ignored.last_public_reply_at is None
    assert ignored.is_overdue() and ignored in AdviceRequest.objects.overdue()


@pytest.mark.django_db
def test_a_request_closed_meanwhile_says_so_instead_of_failing(client, waiting, monkeypatch):
    """The page checked an open request; the agency closed it before the answer was stored (the service refuses)."""
    import agency.views
    from agency.services import AdviceRequestClosed

    def closed_meanwhile(**kwargs):
        raise AdviceRequestClosed

    monkeypatch.setattr(agency.views, "advice_request_answer", closed_meanwhile)
    client.force_login(waiting.requester)
    response = client.post(detail_url(waiting), {"text": "Noch da?"}, follow=True)
    assert response.status_code == 200
    assert "Diese Anfrage ist abgeschlossen." in response.content.decode()

    AdviceRequest.objects.filter(pk=waiting.pk).update(
        status=AdviceRequest.Status.CLOSED, outcome=AdviceRequest.Outcome.RESOLVED
    )
    response = client.post(reverse("agency:advicerequest_withdraw", args=[waiting.pk]), follow=True)
    assert "Diese Anfrage ist abgeschlossen." in response.content.decode()
