import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from startups.models import Startup, StartupChange
from startups.services import startup_publish, startup_reject, startup_submit, startup_unpublish, startup_update
from tests.factories import StartupFactory, TopicFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(founder):
    return StartupFactory(owner=founder, status="draft", published_at=None, topics=[TopicFactory()])


def test_submit_then_publish_mails_the_team_and_logs(draft, founder, staff_user):
    startup_submit(startup=draft, user=founder)
    draft.refresh_from_db()
    assert draft.status == Startup.Status.SUBMITTED and draft.submitted_at
    startup_publish(startup=draft, user=staff_user)
    draft.refresh_from_db()
    assert draft.status == Startup.Status.PUBLISHED and draft.published_at
    assert [m.to for m in mail.outbox] == [[founder.email]]
    assert draft.name in mail.outbox[0].subject
    actions = list(draft.changes.order_by("created_at", "id").values_list("action", "user"))
    assert actions[-2:] == [("submitted", founder.pk), ("published", staff_user.pk)]


def test_incomplete_profile_cannot_be_submitted(founder):
    startup = StartupFactory(owner=founder, status="draft", description="", published_at=None)
    with pytest.raises(ValidationError):
        startup_submit(startup=startup, user=founder)
    startup.refresh_from_db()
    assert startup.status == "draft"


def test_reject_needs_a_reason_and_mails_it(draft, founder, staff_user):
    startup_submit(startup=draft, user=founder)
    with pytest.raises(ValidationError):
        startup_reject(startup=draft, user=staff_user, reason="  ")
    startup_reject(startup=draft, user=staff_user, reason="Bitte Beschreibung ergänzen.")
    draft.refresh_from_db()
    assert draft.status == "rejected" and draft.rejection_reason == "Bitte Beschreibung ergänzen."
    assert "Bitte Beschreibung ergänzen." in mail.outbox[-1].body
    # A rejected profile can be edited and submitted again.
    startup_submit(startup=draft, user=founder)
    draft.refresh_from_db()
    assert draft.status == "submitted" and draft.rejection_reason == ""


def test_only_submitted_profiles_can_be_rejected(draft, staff_user):
    with pytest.raises(ValidationError):
        startup_reject(startup=draft, user=staff_user, reason="nein")


def test_edit_of_published_profile_stays_published_and_is_logged(startup, founder):
    startup_update(startup=startup, user=founder, data={"pitch": "Neuer Pitch", "name": startup.name})
    startup.refresh_from_db()
    assert startup.status == "published" and startup.pitch == "Neuer Pitch"
    change = startup.changes.get(action=StartupChange.Action.UPDATED)
    assert change.user == founder
    assert change.changes == {"pitch": ["Wir machen Logistik digital.", "Neuer Pitch"]}


def test_edit_without_changes_logs_nothing(startup, founder):
    startup_update(startup=startup, user=founder, data={"pitch": startup.pitch})
    assert not startup.changes.filter(action="updated").exists()


def test_staff_can_unpublish(startup, staff_user, founder):
    startup_unpublish(startup=startup, user=staff_user, reason="Veraltet")
    startup.refresh_from_db()
    assert startup.status == "draft" and startup.published_at is None
    assert mail.outbox[-1].to == [founder.email]
    assert not Startup.objects.published().filter(pk=startup.pk).exists()


def test_moderation_queue_lists_submitted_first(db):
    published = StartupFactory()
    submitted = StartupFactory(status="submitted")
    draft = StartupFactory(status="draft")
    assert list(Startup.objects.moderation_queue())[0] == submitted
    assert {published, draft} <= set(Startup.objects.moderation_queue())


@pytest.mark.parametrize("status", ["draft", "rejected"])
def test_only_submitted_profiles_can_be_published(founder, staff_user, status):
    startup = StartupFactory(owner=founder, status=status, published_at=None, topics=[TopicFactory()])
    with pytest.raises(ValidationError):
        startup_publish(startup=startup, user=staff_user)
    startup.refresh_from_db()
    assert startup.status == status and not mail.outbox
    assert not startup.changes.filter(action="published").exists()


def test_incomplete_submitted_profile_cannot_be_published(draft, founder, staff_user):
    startup_submit(startup=draft, user=founder)
    Startup.objects.filter(pk=draft.pk).update(description="")  # edited after submission
    with pytest.raises(ValidationError):
        startup_publish(startup=draft, user=staff_user)
    draft.refresh_from_db()
    assert draft.status == "submitted"


def test_unpublished_profile_is_published_again_only_after_a_new_submission(startup, founder, staff_user):
    startup.topics.add(TopicFactory())
    startup_unpublish(startup=startup, user=staff_user)
    with pytest.raises(ValidationError):
        startup_publish(startup=startup, user=staff_user)
    startup_submit(startup=startup, user=founder)
    startup_publish(startup=startup, user=staff_user)
    startup.refresh_from_db()
    assert startup.status == "published" and startup.published_at
