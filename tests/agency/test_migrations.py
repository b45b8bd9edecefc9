"""agency/0007: the advice history (AdviceEvent, prose in German or English) becomes activity log entries with codes
and ids, and back."""

from django.db.migrations.executor import MigrationExecutor

from tests.startups.test_migrations import SCRATCH, scratch_database  # noqa: F401 - the fixture

BEFORE = [("agency", "0006_advice_requester_answers"), ("activity", "0001_initial")]
AFTER = [("agency", "0007_advice_history_to_activity")]


def make_history(apps):
    """A request with an entry of every kind the old services wrote, in both languages."""
    db = SCRATCH
    user_model, hub_model = apps.get_model("users", "User"), apps.get_model("hubs", "Hub")
    request_model, event_model = apps.get_model("agency", "AdviceRequest"), apps.get_model("agency", "AdviceEvent")
    ada = user_model.objects.using(db).create(email="ada@example.org", first_name="Ada", last_name="Advisor")
    bob = user_model.objects.using(db).create(email="bob@example.org", is_staff=True)
    founder = user_model.objects.using(db).create(email="f@example.org", first_name="Fee", last_name="Founder")
    berlin = hub_model.objects.using(db).create(slug="berlin", name="Berlin", cities="Berlin")
    advice = request_model.objects.using(db).create(requester=founder, topic="funding", message="?", advisor=bob)
    rows = [
        (founder, "created", ""),
        (ada, "assigned", "Ada Advisor"),
        (ada, "assigned", "bob@example.org"),
        (ada, "assigned", "Renamed Person"),
        (ada, "note", ""),
        (ada, "reply", ""),
        (founder, "answer", ""),
        (ada, "status", "Neu → Zugewiesen"),
        (ada, "status", "In progress → Waiting for requester"),
        (ada, "changed", "Topic: Funding → Internationalisation"),
        (ada, "changed", "Bevorzugter Hub: – → Berlin"),
        (ada, "changed", "Preferred hub: Berlin → –"),
        (ada, "changed", "advisor: Ada Advisor → –"),
        (ada, "changed", "Something else: a → b"),
        (ada, "closed", "Gelöst"),
        (None, "changed", "Anonymised: the requester deleted their account."),
    ]
    for actor, action, detail in rows:
        event_model.objects.using(db).create(request=advice, actor=actor, action=action, detail=detail)
    return advice, ada, bob, founder, berlin


def test_the_advice_history_becomes_activity_entries_and_back(scratch_database):  # noqa: F811
    executor = MigrationExecutor(scratch_database)
    executor.migrate(BEFORE)
    advice, ada, bob, founder, berlin = make_history(executor.loader.project_state(BEFORE).apps)

    executor.loader.build_graph()
    executor.migrate(AFTER)
    apps = executor.loader.project_state(AFTER).apps
    assert "adviceevent" not in apps.all_models["agency"]
    activity = apps.get_model("activity", "Activity").objects.using(SCRATCH).order_by("created_at", "pk")
    assert {entry.object_id for entry in activity} == {advice.pk}
    assert {entry.content_type.model for entry in activity} == {"advicerequest"}
    hub = {"id": berlin.pk, "name": "Berlin"}
    assert [(entry.actor_id, entry.action, entry.data) for entry in activity] == [
        (founder.pk, "agency.advice_created", {}),
        (ada.pk, "agency.advice_assigned", {"advisor": ada.pk}),
        (ada.pk, "agency.advice_assigned", {"advisor": bob.pk}),
        (ada.pk, "agency.advice_assigned", {"advisor": bob.pk}),  # an unknown name: the request's advisor
        (ada.pk, "agency.advice_note", {}),
        (ada.pk, "agency.advice_reply", {}),
        (founder.pk, "agency.advice_answer", {}),
        (ada.pk, "agency.advice_status", {"from": "new", "to": "assigned"}),
        (ada.pk, "agency.advice_status", {"from": "in_progress", "to": "waiting"}),
        (ada.pk, "agency.advice_changed", {"topic": ["funding", "international"]}),
        (ada.pk, "agency.advice_changed", {"preferred_hub": [None, hub]}),
        (ada.pk, "agency.advice_changed", {"preferred_hub": [hub, None]}),
        (ada.pk, "agency.advice_unassigned", {"previous": ada.pk}),
        (ada.pk, "agency.advice_changed", {}),
        (ada.pk, "agency.advice_closed", {"outcome": "resolved"}),
        (None, "agency.advice_anonymised", {}),
    ]
    times = list(activity.values_list("created_at", flat=True))
    assert times == sorted(times)

    executor.loader.build_graph()
    executor.migrate(BEFORE)
    events = executor.loader.project_state(BEFORE).apps.get_model("agency", "AdviceEvent").objects.using(SCRATCH)
    back = list(events.order_by("created_at", "pk").values_list("action", "detail", "created_at"))
    assert [action for action, _detail, _when in back][:3] == ["created", "assigned", "assigned"]
    assert ("status", "new → assigned") in [(action, detail) for action, detail, _when in back]
    assert [when for _action, _detail, when in back] == times
    assert not apps.get_model("activity", "Activity").objects.using(SCRATCH).exists()
