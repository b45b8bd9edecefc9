import io
from datetime import timedelta

import pytest
from django.conf import settings
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone, translation

from hubportal.errors import ServiceError
from matching import services
from matching.models import Introduction
from startups.visibility import viewer_for
from tests.factories import IntroductionFactory, InvestorProfileFactory, StartupFactory, UserFactory
from tests.matching.history import events

Status = Introduction.Status


def request(investor, startup, message="Hallo!"):
    return services.intro_request(user=investor.user, startup=startup, investor=investor, message=message)


def test_investor_request_mails_the_startup_team_and_logs_history(startup, investor, founder):
    intro = request(investor, startup)
    assert intro.status == Status.PENDING
    assert intro.requester_side == Introduction.Side.INVESTOR
    assert intro.expires_at.date() == (timezone.now() + timedelta(days=14)).date()
    assert [m.to for m in mail.outbox] == [[founder.email]]
    assert "Hallo!" in mail.outbox[0].body
    assert events(intro) == [("requested", investor.user_id)]


def test_startup_member_requests_an_investor(startup, investor, founder):
    intro = services.intro_request(user=founder, startup=startup, investor=investor, message="Hi")
    assert intro.requester_side == Introduction.Side.STARTUP
    assert mail.outbox[0].to == [investor.user.email]


def test_stranger_cannot_request_for_a_startup(startup, investor):
    with pytest.raises(PermissionDenied):
        services.intro_request(user=UserFactory(), startup=startup, investor=investor, message="x")


def test_unverified_investor_cannot_request(startup):
    investor = InvestorProfileFactory(is_verified=False)
    with pytest.raises(ServiceError):
        request(investor, startup)


def test_one_open_request_per_pair(startup, investor, founder):
    request(investor, startup)
    with pytest.raises(ServiceError):
        services.intro_request(user=founder, startup=startup, investor=investor, message="again")
    assert Introduction.objects.count() == 1


def test_a_declined_pair_may_ask_again(startup, investor, founder):
    intro = request(investor, startup)
    services.intro_decline(introduction=intro, user=founder)
    assert request(investor, startup).status == Status.PENDING


def test_daily_limit_per_requester(settings, investor):
    settings.INTRO_DAILY_LIMIT = 2
    request(investor, StartupFactory())
    request(investor, StartupFactory())
    with translation.override("en"), pytest.raises(ServiceError) as error:
        request(investor, StartupFactory())
    assert "limit of 2 introduction requests a day" in str(error.value)
    with translation.override("de"), pytest.raises(ServiceError) as error:
        request(investor, StartupFactory())
    Introduction.objects.update(created_at=timezone.now() - timedelta(days=2))
    assert request(investor, StartupFactory()).is_pending


def test_accept_mails_both_sides_and_reveals_contacts(startup, investor, founder):
    intro = request(investor, startup)
    mail.outbox.clear()
    assert "contact_email" not in viewer_for(investor.user).visible_fields(startup)
    services.intro_accept(introduction=intro, user=founder)
    intro.refresh_from_db()
    assert intro.status == Status.ACCEPTED and intro.decided_at
    assert sorted(m.to[0] for m in mail.outbox) == sorted([investor.user.email, founder.email])
    to_investor = next(m for m in mail.outbox if m.to == [investor.user.email])
    to_founder = next(m for m in mail.outbox if m.to == [founder.email])
    assert startup.contact_email in to_investor.body
    assert investor.user.email in to_founder.body
    assert "contact_email" in viewer_for(investor.user).visible_fields(startup)


def test_requester_cannot_accept_own_request(startup, investor):
    intro = request(investor, startup)
    with pytest.raises(PermissionDenied):
        services.intro_accept(introduction=intro, user=investor.user)
    with pytest.raises(PermissionDenied):
        services.intro_accept(introduction=intro, user=UserFactory())


def test_decline_with_reason_mails_the_requester(startup, investor, founder):
    intro = request(investor, startup)
    mail.outbox.clear()
    services.intro_decline(introduction=intro, user=founder, reason="Passt gerade nicht")
    intro.refresh_from_db()
    assert (intro.status, intro.reason) == (Status.DECLINED, "Passt gerade nicht")
    assert mail.outbox[0].to == [investor.user.email]
    assert "Passt gerade nicht" in mail.outbox[0].body
    with pytest.raises(ServiceError):
        services.intro_accept(introduction=intro, user=founder)


def test_withdraw_only_by_the_requesting_side_while_pending(startup, investor, founder):
    intro = request(investor, startup)
    with pytest.raises(PermissionDenied):
        services.intro_withdraw(introduction=intro, user=founder)
    services.intro_withdraw(introduction=intro, user=investor.user)
    intro.refresh_from_db()
    assert intro.status == Status.WITHDRAWN
    with pytest.raises(ServiceError):
        services.intro_withdraw(introduction=intro, user=investor.user)
    assert [step for step, _actor in events(intro)] == ["requested", "withdrawn"]


def test_expiry_command_expires_only_stale_pending_requests(startup, investor):
    stale = IntroductionFactory(expires_at=timezone.now() - timedelta(minutes=1))
    fresh = IntroductionFactory()
    accepted = IntroductionFactory(status=Status.ACCEPTED, expires_at=timezone.now() - timedelta(days=1))
    out = io.StringIO()
    call_command("expire_introductions", stdout=out)
    assert out.getvalue().startswith("1 ")
    assert Introduction.objects.get(pk=stale.pk).status == Status.EXPIRED
    assert Introduction.objects.get(pk=fresh.pk).status == Status.PENDING
    assert Introduction.objects.get(pk=accepted.pk).status == Status.ACCEPTED
    assert services.intro_expire_stale() == 0
    assert [step for step, _actor in events(stale)] == ["expired"]


def past_expiry(startup, investor, **kwargs):
    """A pending request past its expiry that the scheduled command has not marked yet."""
    return IntroductionFactory(
        startup=startup, investor=investor, expires_at=timezone.now() - timedelta(minutes=1), **kwargs
    )


def test_a_request_past_its_expiry_can_no_longer_be_answered_or_withdrawn(startup, investor, founder):
    intro = past_expiry(startup, investor)
    mail.outbox.clear()
    with translation.override("en"):
        for answer in (services.intro_accept, services.intro_decline):
            with pytest.raises(ServiceError, match="expired without an answer"):
                answer(introduction=intro, user=founder)
        with pytest.raises(ServiceError, match="expired without an answer"):
            services.intro_withdraw(introduction=intro, user=investor.user)
    intro.refresh_from_db()
    assert intro.status == Status.PENDING and intro.is_expired and intro.current_status == Status.EXPIRED
    assert "contact_email" not in viewer_for(investor.user).visible_fields(startup)
    assert mail.outbox == []
    assert not events(intro)


def test_a_request_past_its_expiry_does_not_block_a_new_one_for_the_pair(startup, investor, founder):
    stale = past_expiry(startup, investor)
    other_pair = past_expiry(StartupFactory(), investor)
    fresh = request(investor, startup, "Noch einmal")
    assert fresh.status == Status.PENDING
    stale.refresh_from_db()
    assert stale.status == Status.EXPIRED
    assert events(stale) == [("expired", None)]
    assert Introduction.objects.get(pk=other_pair.pk).status == Status.PENDING  # left to the scheduled command


def test_requests_past_their_expiry_are_neither_incoming_nor_outgoing(startup, investor, founder):
    stale = past_expiry(startup, investor)
    live = IntroductionFactory(investor=investor, requester_side="startup")
    assert list(Introduction.objects.incoming_for(founder)) == []
    assert list(Introduction.objects.outgoing_for(investor.user)) == []
    assert list(Introduction.objects.incoming_for(investor.user)) == [live]
    assert stale not in Introduction.objects.pending()


def test_staff_close_hides_contacts_again(startup, investor, staff_user):
    intro = IntroductionFactory(startup=startup, investor=investor, status=Status.ACCEPTED)
    assert "contact_email" in viewer_for(investor.user).visible_fields(startup)
    services.intro_close(introduction=intro, staff_user=staff_user, note="vermittelt")
    assert Introduction.objects.get(pk=intro.pk).status == Status.CLOSED
    assert "contact_email" not in viewer_for(investor.user).visible_fields(startup)
    with pytest.raises(PermissionDenied):
        services.intro_close(introduction=intro, staff_user=investor.user)


def test_mail_failure_leaves_the_request_saved(monkeypatch, startup, investor):
    def broken(**kwargs):
        raise RuntimeError("SMTP down")

    monkeypatch.setattr(services, "email_send", broken)
    intro = request(investor, startup)
    assert Introduction.objects.filter(pk=intro.pk, status=Status.PENDING).exists()
    assert len(events(intro)) == 1


def test_mail_failure_on_acceptance_keeps_the_acceptance(monkeypatch, startup, investor, founder):
    intro = request(investor, startup)

    def broken(**kwargs):
        raise RuntimeError("SMTP down")

    monkeypatch.setattr(services, "email_send", broken)
    services.intro_accept(introduction=intro, user=founder)
    assert Introduction.objects.get(pk=intro.pk).status == Status.ACCEPTED
    assert "contact_email" in viewer_for(investor.user).visible_fields(startup)


def test_mail_goes_out_in_the_recipients_language(startup, investor, founder):
    founder.language = "en"
    founder.save()
    investor.user.language = "de"
    investor.user.save()
    intro = request(investor, startup)
    assert "asks for an introduction" in mail.outbox[-1].subject
    mail.outbox.clear()
    services.intro_accept(introduction=intro, user=founder)
    bodies = {m.to[0]: m.body for m in mail.outbox}
    assert bodies[founder.email].startswith("Hello")
    assert "Diese E-Mail wurde automatisch" in bodies[investor.user.email]  # the shared mail frame is translated


@pytest.mark.parametrize(("recipient", "sender"), [("de", "en"), ("en", "de")])
def test_introduction_mails_link_in_the_recipients_language(startup, investor, founder, recipient, sender):
    """The link was built in the language of whoever acted, the text in the recipient's."""
    founder.language = recipient
    founder.save(update_fields=["language"])
    investor.user.language = recipient
    investor.user.save(update_fields=["language"])
    with translation.override(sender):
        intro = request(investor, startup)
        services.intro_accept(introduction=intro, user=founder)
    assert len(mail.outbox) == 3  # the request to the team, the acceptance to both sides
    with translation.override(recipient):
        inbox = reverse("matching:introduction_list")
    for message in mail.outbox:
        assert f"{settings.SITE_URL}{inbox}" in message.body
