"""The startup change log and the introduction history become activity entries (startups 0010, matching 0006):
every stored note format turns into codes and user ids, the dates and people stay; migrating back restores the rows."""

import json

from django.db.migrations.executor import MigrationExecutor

from tests.startups.test_migrations import SCRATCH, rows, scratch_database  # noqa: F401 - the fixture

BEFORE = [
    ("startups", "0009_field_verbose_names"),
    ("matching", "0005_field_verbose_names"),
    ("activity", "0001_initial"),
]
AFTER = [("startups", "0010_history_to_activity"), ("matching", "0006_history_to_activity")]


def _history_before(apps):
    db = SCRATCH
    User = apps.get_model("users", "User")
    Startup = apps.get_model("startups", "Startup")
    Change = apps.get_model("startups", "StartupChange")
    anna = User.objects.using(db).create(email="Anna@example.org", first_name="Anna")
    ben = User.objects.using(db).create(email="ben@example.org")
    startup = Startup.objects.using(db).create(name="Alpha", slug="alpha")
    for user, action, changes, note in [
        (anna, "created", {}, ""),
        (anna, "updated", {"pitch": ["", "Neu"], "stage": ["idea", "seed"]}, ""),
        (anna, "submitted", {}, ""),
        (ben, "rejected", {}, "owner: bitte ergänzen"),
        (ben, "unpublished", {}, ""),
        (anna, "team", {}, "joined: anna@example.org (owner)"),
        (anna, "team", {}, "joined: ben@example.org"),
        (anna, "team", {}, "removed: [deleted account]"),
        (anna, "team", {}, "owner: ben@example.org"),
        (None, "published", {}, ""),
    ]:
        Change.objects.using(db).create(startup=startup, user=user, action=action, changes=changes, note=note)
    profile = apps.get_model("startups", "InvestorProfile").objects.using(db).create(user=ben, slug="ben")
    Introduction = apps.get_model("matching", "Introduction")
    intro = Introduction.objects.using(db).create(
        startup=startup, investor=profile, requester_side="investor", requested_by=ben, expires_at="2030-01-01T00:00Z"
    )
    Event = apps.get_model("matching", "IntroductionEvent")
    for actor, action, note in [
        (ben, "requested", ""),
        (anna, "declined", "Passt nicht"),
        (None, "expired", ""),
        (ben, "closed", "In der Verwaltung geschlossen"),
        (None, "accepted", ""),
    ]:
        Event.objects.using(db).create(introduction=intro, actor=actor, action=action, note=note)
    return anna, ben, startup, intro


def test_the_history_becomes_activity_entries_and_back(scratch_database):  # noqa: F811
    executor = MigrationExecutor(scratch_database)
    executor.migrate(BEFORE)
    anna, ben, startup, intro = _history_before(executor.loader.project_state(BEFORE).apps)

    executor.loader.build_graph()
    executor.migrate(AFTER)

    found = [
        (actor, erased, action, json.loads(data) if isinstance(data, str) else data, model, object_id)
        for actor, erased, action, data, model, object_id in rows(
            scratch_database,
            "SELECT a.actor_id, a.actor_erased, a.action, a.data, c.model, a.object_id FROM activity_activity a "
            "JOIN django_content_type c ON c.id = a.content_type_id ORDER BY a.created_at, a.id",
        )
    ]
    s, i = ("startup", startup.pk), ("introduction", intro.pk)
    assert found == [
        (anna.pk, False, "startups.created", {}, *s),
        (anna.pk, False, "startups.updated", {"fields": ["pitch", "stage"], "values": {"stage": ["idea", "seed"]}}, *s),
        (anna.pk, False, "startups.submitted", {}, *s),
        (ben.pk, False, "startups.rejected", {"reason": "owner: bitte ergänzen"}, *s),
        (ben.pk, False, "startups.unpublished", {}, *s),
        (anna.pk, False, "startups.member_joined", {"person": anna.pk, "owner": True}, *s),
        (anna.pk, False, "startups.member_joined", {"person": ben.pk, "owner": False}, *s),
        (anna.pk, False, "startups.member_removed", {"person": None}, *s),
        (anna.pk, False, "startups.owner_changed", {"person": ben.pk}, *s),
        (None, True, "startups.published", {}, *s),
        (ben.pk, False, "matching.intro_requested", {}, *i),
        (anna.pk, False, "matching.intro_declined", {"reason": "Passt nicht"}, *i),
        (None, False, "matching.intro_expired", {}, *i),
        (ben.pk, False, "matching.intro_closed", {}, *i),
        (None, True, "matching.intro_accepted", {}, *i),
    ]
    tables = {name for (name,) in rows(scratch_database, "SELECT tablename FROM pg_tables")}
    assert not {"startups_startupchange", "matching_introductionevent"} & tables
    assert not rows(scratch_database, "SELECT id FROM django_content_type WHERE model = 'startupchange'")

    executor.loader.build_graph()
    executor.migrate(BEFORE)
    assert rows(
        scratch_database, "SELECT action, note FROM startups_startupchange WHERE action = 'team' ORDER BY id"
    ) == [
        ("team", "joined: Anna@example.org (owner)"),
        ("team", "joined: ben@example.org"),
        ("team", "removed: [deleted account]"),
        ("team", "owner: ben@example.org"),
    ]
    assert rows(scratch_database, "SELECT count(*) FROM matching_introductionevent") == [(5,)]
    assert rows(scratch_database, "SELECT count(*) FROM activity_activity") == [(0,)]
