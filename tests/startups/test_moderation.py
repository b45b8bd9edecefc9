import pytest
from django.core import mail

from hubportal.activity.models import Activity
from hubportal.errors import ServiceError
from startups.models import Startup
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
    actions = list(Activity.objects.of(draft).order_by("created_at", "id").values_list("action", "actor"))
    assert actions[-2:] == [("startups.submitted", founder.pk), ("startups.published", staff_user.pk)]


def test_incomplete_profile_cannot_be_submitted(founder):
    startup = StartupFactory(owner=founder, status="draft", description="", published_at=None)
    with pytest.raises(ServiceError):
        startup_submit(startup=startup, user=founder)
    startup.refresh_from_db()
    assert startup.status == "draft"


def test_reject_needs_a_reason_and_mails_it(draft, founder, staff_user):
    startup_submit(startup=draft, user=founder)
    with pytest.raises(ServiceError):
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
    with pytest.raises(ServiceError):
        startup_reject(startup=draft, user=staff_user, reason="nein")


def test_edit_of_published_profile_stays_published_and_is_logged(startup, founder):
    startup_update(startup=startup, user=founder, data={"pitch": "Neuer Pitch", "name": startup.name})
    startup.refresh_from_db()
    assert startup.status == "published" and startup.pitch == "Neuer Pitch"
    change = Activity.objects.of(startup).get(action="startups.updated")
    assert change.actor == founder
    assert change.data == {"fields": ["pitch"]}  # the texts themselves are not copied into the log


def test_edit_without_changes_logs_nothing(startup, founder):
    startup_update(startup=startup, user=founder, data={"pitch": startup.pitch})
    assert not Activity.objects.of(startup).filter(action="startups.updated").exists()


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
    with pytest.raises(ServiceError):
        startup_publish(startup=startup, user=staff_user)
    startup.refresh_from_db()
    assert startup.status == status and not mail.outbox
    assert not Activity.objects.of(startup).filter(action="startups.published").exists()


def test_incomplete_submitted_profile_cannot_be_published(draft, founder, staff_user):
    startup_submit(startup=draft, user=founder)
    Startup.objects.filter(pk=draft.pk).update(description="")  # edited after submission
    with pytest.raises(ServiceError):
        startup_publish(startup=draft, user=staff_user)
    draft.refresh_from_db()
    assert draft.status == "submitted"


def test_unpublished_profile_is_published_again_only_after_a_new_submission(startup, founder, staff_user):
    startup.topics.add(TopicFactory())
    startup_unpublish(startup=startup, user=staff_user, reason="Bitte aktualisieren")
    with pytest.raises(ServiceError):
        startup_publish(startup=startup, user=staff_user)
    startup_submit(startup=startup, user=founder)
    startup_publish(startup=startup, user=staff_user)
    startup.refresh_from_db()
    assert startup.status == "published" and startup.published_at
