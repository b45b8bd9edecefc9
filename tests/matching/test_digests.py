from datetime import timedelta

import pytest
from django.conf import settings
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone, translation

from matching.digests import digest_send, digests_send_due
from matching.models import DigestLog, SavedSearch
from startups.models import Startup
from tests.factories import InvestorProfileFactory, SavedSearchFactory, StartupFactory, TopicFactory, UserFactory


@pytest.fixture
def search(db):
    topic = TopicFactory(slug="iot", name_en="IoT", name_de="IoT")
    search = SavedSearchFactory(user=UserFactory(email="sucher@example.org"), name="IoT", querystring="topic=iot")
    SavedSearch.objects.filter(pk=search.pk).update(created_at=timezone.now() - timedelta(days=2))
    search.refresh_from_db()
    search.topic = topic
    return search


def test_digest_lists_new_matching_startups_once(search):
    match = StartupFactory(name="Sensorfabrik", topics=[search.topic])
    StartupFactory(name="Andere")
    StartupFactory(name="Entwurf", topics=[search.topic], status="draft", published_at=None)
    assert digests_send_due() == 1
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["sucher@example.org"]
    assert "Sensorfabrik" in mail.outbox[0].body and match.get_absolute_url() in mail.outbox[0].body
    assert "Andere" not in mail.outbox[0].body and "Entwurf" not in mail.outbox[0].body
    assert digests_send_due() == 0
    call_command("send_digests", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert len(mail.outbox) == 1
    assert DigestLog.objects.get().count == 1
    search.refresh_from_db()
    assert search.last_sent_at is not None


def test_next_digest_only_has_startups_since_the_last_one(search):
    StartupFactory(name="Erste", topics=[search.topic])
    digests_send_due()
    later = timezone.now() + timedelta(days=1, minutes=5)
    StartupFactory(name="Zweite", topics=[search.topic], published_at=timezone.now() + timedelta(hours=2))
    assert digests_send_due(now=later) == 1
    assert "Zweite" in mail.outbox[-1].body and "Erste" not in mail.outbox[-1].body
    assert DigestLog.objects.count() == 2


def test_weekly_digest_waits_a_week(search):
    search.frequency = SavedSearch.Frequency.WEEKLY
    search.last_sent_at = timezone.now() - timedelta(days=3)
    search.save()
    StartupFactory(topics=[search.topic])
    assert digests_send_due() == 0
    assert digests_send_due(now=timezone.now() + timedelta(days=4)) == 1


def test_no_new_startups_no_mail_but_period_moves_on(search):
    assert digests_send_due() == 0
    assert mail.outbox == []
    search.refresh_from_db()
    assert search.last_sent_at is not None


def test_same_period_is_logged_only_once(search):
    StartupFactory(topics=[search.topic])
    now = timezone.now()
    assert digest_send(search=search, now=now).count == 1
    SavedSearch.objects.filter(pk=search.pk).update(last_sent_at=None)  # as if the update had been lost
    assert digest_send(search=search, now=now + timedelta(seconds=1)) is None
    assert len(mail.outbox) == 1


def test_hidden_funding_filter_does_not_leak_in_digests(search):
    search.querystring = "funding_min=1000000"
    search.save()
    StartupFactory(funding_sought=5_000_000, funding_visibility="introduction")
    assert digests_send_due() == 0


def test_saving_and_deleting_a_search(client, search):
    user = UserFactory()
    client.force_login(user)
    response = client.post(
        reverse("matching:savedsearch_create"), {"name": "KI", "frequency": "daily", "querystring": "topic=ai"}
    )
    assert response.status_code == 302
    saved = SavedSearch.objects.get(user=user)
    assert saved.get_absolute_url().endswith("?topic=ai")
    response = client.post(
        reverse("matching:savedsearch_create"), {"name": "KI", "frequency": "daily", "querystring": ""}
    )
    assert response.status_code == 200 and response.context["form"].errors["name"]
    assert [s.name for s in client.get(reverse("matching:savedsearch_list")).context["searches"]] == ["KI"]
    assert client.post(reverse("matching:savedsearch_delete", args=[search.pk])).status_code == 404
    client.post(reverse("matching:savedsearch_delete", args=[saved.pk]))
    assert not SavedSearch.objects.filter(user=user).exists()


@pytest.fixture
def investor_search(db):
    """A daily investor-directory search for business angels by the owner of a published startup."""
    owner = UserFactory(email="gruenderin@example.org", account_type="startup")
    StartupFactory(owner=owner)
    search = SavedSearchFactory(user=owner, name="Angels", kind="investors", querystring="investor_type=business_angel")
    SavedSearch.objects.filter(pk=search.pk).update(created_at=timezone.now() - timedelta(days=2))
    search.refresh_from_db()
    return search


def angel(organisation, *, verified_ago=timedelta(hours=1), investor_type="business_angel", **kwargs):
    verified = kwargs.pop("is_verified", True)
    return InvestorProfileFactory(
        organisation=organisation,
        investor_type=investor_type,
        is_verified=verified,
        verified_at=timezone.now() - verified_ago if verified else None,
        **kwargs,
    )


def test_investor_digest_lists_only_new_matching_verified_investors_once(investor_search):
    new = angel("Neue Engel")
    angel("Alte Engel", verified_ago=timedelta(days=5))
    angel("Ungeprüfte Engel", is_verified=False)
    angel("Fonds", investor_type="public_fund")
    assert digests_send_due() == 1
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["gruenderin@example.org"] and "Angels" in message.subject
    assert "Investoren" in message.subject  # in the recipient's language (German by default)
    assert "Neue Engel" in message.body and new.get_absolute_url() in message.body
    assert "/startups/investors/?investor_type=business_angel" in message.body
    for hidden in ("Alte Engel", "Ungeprüfte Engel", "Fonds"):
        assert hidden not in message.body
    assert digests_send_due() == 0
    call_command("send_digests", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert len(mail.outbox) == 1
    assert DigestLog.objects.get().count == 1


def test_investor_verified_after_the_last_digest_comes_in_the_next(investor_search):
    from startups.services import investor_verify

    pending = angel("Spätere Engel", is_verified=False)
    assert digests_send_due() == 0
    investor_verify(profile=pending, by=UserFactory(is_staff=True))
    mail.outbox.clear()
    assert digests_send_due(now=timezone.now() + timedelta(days=1, minutes=5)) == 1
    assert "Spätere Engel" in mail.outbox[-1].body


def test_investor_digest_sends_nothing_to_users_who_may_not_browse_investors(investor_search):
    Startup.objects.filter(memberships__user=investor_search.user).update(status="draft", published_at=None)
    angel("Neue Engel")
    assert digests_send_due() == 0
    assert mail.outbox == []
    investor_search.refresh_from_db()
    assert investor_search.last_sent_at is not None  # the period moves on: nothing piles up for later


def test_investor_digest_leaves_out_the_users_own_profile(investor_search):
    angel("Eigene Engel", user=investor_search.user)
    assert digests_send_due() == 0


def test_reverified_investor_is_not_listed_again_but_a_newly_verified_one_is(investor_search):
    from startups.services import investor_reject, investor_verify

    staff = UserFactory(is_staff=True)
    known = angel("Bekannte Engel")
    assert digests_send_due() == 1
    assert "Bekannte Engel" in mail.outbox[-1].body
    investor_reject(profile=known, by=staff)
    investor_verify(profile=known, by=staff)  # a new verified_at, after the first digest
    newcomer = investor_verify(profile=angel("Neue Engel", is_verified=False), by=staff)
    assert newcomer.verified_at > DigestLog.objects.get().period_end
    mail.outbox.clear()

    assert digests_send_due(now=timezone.now() + timedelta(days=1, minutes=5)) == 1
    assert "Neue Engel" in mail.outbox[-1].body and "Bekannte Engel" not in mail.outbox[-1].body
    assert DigestLog.objects.order_by("period_start").last().count == 1


def test_reverified_investor_alone_sends_no_digest_and_runs_twice_safely(investor_search):
    from startups.services import investor_reject, investor_verify

    staff = UserFactory(is_staff=True)
    known = angel("Bekannte Engel")
    assert digests_send_due() == 1
    investor_reject(profile=known, by=staff)
    investor_verify(profile=known, by=staff)
    mail.outbox.clear()
    later = timezone.now() + timedelta(days=1, minutes=5)
    assert digests_send_due(now=later) == 0
    assert digests_send_due(now=later) == 0
    assert mail.outbox == []


def test_reverified_investor_is_new_to_a_search_that_never_listed_it(investor_search):
    from startups.services import investor_reject, investor_verify

    staff = UserFactory(is_staff=True)
    known = angel("Bekannte Engel")
    assert digests_send_due() == 1
    investor_reject(profile=known, by=staff)
    other_owner = UserFactory(email="zweite@example.org", account_type="startup")
    StartupFactory(owner=other_owner)
    SavedSearchFactory(user=other_owner, name="Angels", kind="investors", querystring="investor_type=business_angel")
    investor_verify(profile=known, by=staff)
    mail.outbox.clear()
    assert digests_send_due(now=timezone.now() + timedelta(days=1, minutes=5)) == 1
    assert [m.to for m in mail.outbox] == [["zweite@example.org"]]
    assert "Bekannte Engel" in mail.outbox[0].body


def published_again(startup):
    """Staff unpublish `startup`, its team submits it again and staff publish it: a new `published_at`."""
    from startups.services import startup_publish, startup_submit, startup_unpublish

    staff = UserFactory(is_staff=True)
    owner = startup.memberships.get(role="owner").user
    startup_unpublish(startup=startup, user=staff, reason="Bitte Angaben prüfen")
    startup_submit(startup=startup, user=owner)
    return startup_publish(startup=startup, user=staff)


def test_startup_published_again_is_not_listed_again_but_a_new_one_is(search):
    known = StartupFactory(name="Bekannte Sensoren", topics=[search.topic], owner=UserFactory())
    assert digests_send_due() == 1
    assert "Bekannte Sensoren" in mail.outbox[-1].body
    known = published_again(known)
    newcomer = StartupFactory(name="Neue Sensoren", topics=[search.topic])
    assert known.published_at > DigestLog.objects.get().period_end
    assert newcomer.published_at > DigestLog.objects.get().period_end
    mail.outbox.clear()

    assert digests_send_due(now=timezone.now() + timedelta(days=1, minutes=5)) == 1
    assert "Neue Sensoren" in mail.outbox[-1].body and "Bekannte Sensoren" not in mail.outbox[-1].body
    assert DigestLog.objects.order_by("period_start").last().count == 1


def test_startup_published_again_alone_sends_no_digest_and_runs_twice_safely(search):
    known = StartupFactory(name="Bekannte Sensoren", topics=[search.topic], owner=UserFactory())
    assert digests_send_due() == 1
    published_again(known)
    mail.outbox.clear()
    later = timezone.now() + timedelta(days=1, minutes=5)
    assert digests_send_due(now=later) == 0
    assert digests_send_due(now=later) == 0
    assert mail.outbox == []


def test_startup_published_again_is_new_to_a_search_that_never_listed_it(search):
    known = StartupFactory(name="Bekannte Sensoren", topics=[search.topic], owner=UserFactory())
    assert digests_send_due() == 1
    other = SavedSearchFactory(user=UserFactory(email="zweite@example.org"), name="IoT", querystring="topic=iot")
    SavedSearch.objects.filter(pk=other.pk).update(created_at=timezone.now() - timedelta(hours=1))
    published_again(known)
    mail.outbox.clear()
    assert digests_send_due(now=timezone.now() + timedelta(days=1, minutes=5)) == 1
    assert [message.to for message in mail.outbox] == [["zweite@example.org"]]
    assert "Bekannte Sensoren" in mail.outbox[0].body


@pytest.mark.parametrize(("recipient", "sender"), [("de", "en"), ("en", "de")])
def test_digest_links_the_search_in_the_recipients_language(search, recipient, sender):
    search.user.language = recipient
    search.user.save(update_fields=["language"])
    StartupFactory(name="Sensorfabrik", topics=[search.topic])
    with translation.override(sender):
        assert digests_send_due() == 1
    with translation.override(recipient):
        link = f"{settings.SITE_URL}{reverse('startups:startup_list')}?topic=iot"
    assert link in mail.outbox[0].body
