"""Migrations on PostgreSQL: a database migrated by an earlier main migrates forward (the comma-separated columns
become arrays, the search vectors are rebuilt) and back; data migrations fill the database they migrate, also when it
is not the default one."""

import uuid
from importlib import import_module

import psycopg
import pytest
from django.contrib.auth.models import Permission
from django.db import connection, connections, transaction
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader

from hubportal.admin.roles import AGENCY_ADMINISTRATOR, GROUPS, group_permission_keys

FUNDING_INDEXES = ["startup_pub_funding", "startup_pub_funding_public", "startup_pub_funding_investors"]
SCRATCH = "scratch"
SECOND = "second_alias"
BEFORE_ARRAYS = [("hubs", "0004_selection_round_languages"), ("startups", "0007_match_walk_indexes")]


class NoRouting:
    """Fails any query left to the routers: a data migration must query the database it migrates
    (`.using(schema_editor.connection.alias)`), not the default one. The related managers of an instance use the
    database it came from, as Django's routing does."""

    def db_for_read(self, model, instance=None, **hints):
        if instance is not None and instance._state.db:
            return instance._state.db
        raise AssertionError(f"a query of {model._meta.label} without .using(): it would go to the default database")

    db_for_write = db_for_read


def refuse_default_database(execute, sql, params, many, context):
    """Fails a query sent to the default database by name (`using="default"`, a default argument)."""
    raise AssertionError(f"a query to the default database: {sql}")


def _server(**overrides):
    """A connection of our own to the test server's maintenance database, outside any transaction."""
    params = {**connection.get_connection_params(), "dbname": "postgres", **overrides}
    params.pop("cursor_factory", None)
    params.pop("context", None)
    return psycopg.connect(**params, autocommit=True)


@pytest.fixture
def scratch_database(settings, django_db_blocker):
    """An empty PostgreSQL database of its own on the test server, dropped afterwards."""
    name = f"test_scratch_{uuid.uuid4().hex[:12]}"
    with django_db_blocker.unblock():
        with _server() as server:
            server.execute(f'CREATE DATABASE "{name}"')
        connections.settings[SCRATCH] = {**connection.settings_dict, "NAME": name, "TEST": {}}
        settings.DATABASE_ROUTERS = [NoRouting()]
        try:
            with connection.execute_wrapper(refuse_default_database):
                yield connections[SCRATCH]
        finally:
            connections[SCRATCH].close()
            del connections[SCRATCH]
            del connections.settings[SCRATCH]
            with _server() as server:
                server.execute(f'DROP DATABASE "{name}" WITH (FORCE)')


@pytest.fixture
def second_alias(db, settings, django_db_blocker):
    """A second connection to the test database, in a transaction of its own that is rolled back: the default
    connection never sees what it writes."""
    connections.settings[SECOND] = {**connection.settings_dict}
    settings.DATABASE_ROUTERS = [NoRouting()]
    try:
        with django_db_blocker.unblock():
            with transaction.atomic(using=SECOND):
                yield connections[SECOND]
                transaction.set_rollback(True, using=SECOND)
            connections[SECOND].close()
    finally:
        del connections[SECOND]
        del connections.settings[SECOND]


def rows(scratch, sql):
    with scratch.cursor() as cursor:
        cursor.execute(sql)
        return cursor.fetchall()


def test_a_database_of_the_text_columns_migrates_to_arrays_and_back(scratch_database):
    """The upgrade path of a database migrated before PostgreSQL became the only database (hubs 0005, startups
    0008): comma-separated states, stages and topic ids become arrays, the search vectors are rebuilt in the new
    form, investors get theirs; migrating back gives the text columns as they were."""
    executor = MigrationExecutor(scratch_database)
    executor.migrate(BEFORE_ARRAYS)
    apps = executor.loader.project_state(BEFORE_ARRAYS).apps
    Hub, HubNetwork, Topic = (apps.get_model("hubs", name) for name in ["Hub", "HubNetwork", "Topic"])
    StartupModel, InvestorProfile = (apps.get_model("startups", name) for name in ["Startup", "InvestorProfile"])
    User = apps.get_model("users", "User")
    db = SCRATCH
    Hub.objects.using(db).create(slug="rhein-neckar", name="Rhein-Neckar", cities="Mannheim", states="RP,BW")
    Hub.objects.using(db).create(slug="berlin", name="Berlin", cities="Berlin", states="BE")
    HubNetwork.objects.using(db).create(slug="bw", name="BW", states="BW")
    HubNetwork.objects.using(db).create(slug="none", name="None", states="")
    topics = [Topic.objects.using(db).create(slug=slug, name_de=slug, name_en=slug) for slug in ["ki", "iot"]]
    wiese = StartupModel.objects.using(db).create(
        name="Sensorwiese", slug="sensorwiese", pitch="Bewässerung städtischer Grünflächen", status="published"
    )
    StartupModel.objects.using(db).create(name="Leer", slug="leer")
    ids = sorted(topic.pk for topic in topics)
    StartupModel.objects.using(db).filter(pk=wiese.pk).update(topic_ids=f",{ids[0]},{ids[1]},")
    person = User.objects.using(db).create(email="a@example.org", first_name="Anna", last_name="Angel")
    InvestorProfile.objects.using(db).create(
        user=person, slug="anna", investor_type="angel", stages=",seed,series_a,", thesis="Logistik und Lager"
    )
    nobody = User.objects.using(db).create(email="b@example.org")
    InvestorProfile.objects.using(db).create(user=nobody, slug="b", investor_type="angel", stages="")

    executor.loader.build_graph()
    executor.migrate([node for node in executor.loader.graph.leaf_nodes() if node[0] in ("hubs", "startups")])

    assert rows(scratch_database, "SELECT slug, states FROM hubs_hub ORDER BY slug") == [
        ("berlin", ["BE"]),
        ("rhein-neckar", ["RP", "BW"]),
    ]
    assert rows(scratch_database, "SELECT slug, states FROM hubs_hubnetwork ORDER BY slug") == [
        ("bw", ["BW"]),
        ("none", []),
    ]
    assert rows(scratch_database, "SELECT slug, stages FROM startups_investorprofile ORDER BY slug") == [
        ("anna", ["seed", "series_a"]),
        ("b", []),
    ]
    assert rows(scratch_database, "SELECT slug, topic_ids FROM startups_startup ORDER BY slug") == [
        ("leer", None),
        ("sensorwiese", ids),
    ]
    found = "SELECT slug FROM startups_startup WHERE search_public @@ to_tsquery('german', 'Grünfläche & städtische')"
    assert rows(scratch_database, found) == [("sensorwiese",)]
    found = "SELECT slug FROM startups_investorprofile WHERE search @@ to_tsquery('simple', 'angel & lag:*')"
    assert rows(scratch_database, found) == [("anna",)]
    indexes = {name for (name,) in rows(scratch_database, "SELECT indexname FROM pg_indexes WHERE indexdef ~ 'gin'")}
    assert {"hub_states_gin", "investor_stages_gin", "investor_search_gin", "startup_pub_topics_gin"} <= indexes

    executor.loader.build_graph()
    executor.migrate(BEFORE_ARRAYS)
    assert rows(scratch_database, "SELECT states FROM hubs_hub ORDER BY slug") == [("BE",), ("RP,BW",)]
    assert rows(scratch_database, "SELECT stages FROM startups_investorprofile ORDER BY slug") == [
        (",seed,series_a,",),
        ("",),
    ]
    assert rows(scratch_database, "SELECT topic_ids FROM startups_startup ORDER BY slug") == [
        (None,),
        (f",{ids[0]},{ids[1]},",),
    ]


def test_data_migrations_fill_the_database_they_migrate(scratch_database):
    executor = MigrationExecutor(scratch_database)
    before = [("hubs", "0003_hub_permissions"), ("startups", "0005_text_limits")]
    executor.migrate(before)
    apps = executor.loader.project_state(before).apps
    Hub, Topic, Startup = (apps.get_model(name) for name in ["hubs.Hub", "hubs.Topic", "startups.Startup"])
    Hub.objects.using(SCRATCH).create(
        slug="saarbruecken",
        name="Saarbrücken",
        cities="Saarbrücken",
        states="SL",
        selection_round="Zweite Runde (April 2017)",
    )
    topics = [Topic.objects.using(SCRATCH).create(slug=slug, name_de=slug, name_en=slug) for slug in ["ki", "iot"]]
    startup = Startup.objects.using(SCRATCH).create(name="Alpha", slug="alpha")
    Startup.topics.through.objects.using(SCRATCH).bulk_create(
        [Startup.topics.through(startup_id=startup.pk, topic_id=topic.pk) for topic in topics]
    )

    # The scratch database is not the default one: NoRouting fails a query that does not name it.
    executor.loader.build_graph()
    executor.migrate(
        [
            ("hubs", "0004_selection_round_languages"),
            ("startups", "0006_startup_topic_ids"),
            ("agency", "0005_agency_administrators_introductions"),
            ("calls", "0002_staff_groups"),  # the Jury group and the calls permissions of agency roles
            ("hubs", "0007_hub_link_permissions"),  # partners and social links of hub managers and the agency
        ]
    )

    with scratch_database.cursor() as cursor:
        cursor.execute("SELECT selection_round_de, selection_round_en FROM hubs_hub")
        assert cursor.fetchall() == [("Zweite Runde (April 2017)", "Second round (April 2017)")]
        cursor.execute("SELECT topic_ids FROM startups_startup")
        assert cursor.fetchall() == [(f",{topics[0].pk},{topics[1].pk},",)]
    # Every permission of today's roles that exists at this point is granted (models added by later migrations,
    # such as the activity log's, get theirs when those run); grants on models a later migration removes (the old
    # history models) are left out of the comparison.
    from django.apps import apps as current_apps

    existing = set(Permission.objects.using(SCRATCH).values_list("content_type__app_label", "codename"))
    still_there = {
        (model._meta.app_label, f"{action}_{model._meta.model_name}")
        for model in current_apps.get_models()
        for action in model._meta.default_permissions
    } | set().union(*(group_permission_keys(name) for name in GROUPS))  # and the custom permissions of the roles
    got = {name: keys & still_there for name, keys in staff_group_permissions().items()}
    assert got == {name: group_permission_keys(name) & existing for name in GROUPS}

    executor.loader.build_graph()
    executor.migrate([("agency", "0003_advice_requester_nullable")])
    assert ("mail", "change_outboundemail") not in staff_group_permissions()[AGENCY_ADMINISTRATOR]


def staff_group_permissions():
    """(app_label, codename) of the permissions of each staff group in the scratch database."""
    permissions = Permission.objects.using(SCRATCH).values_list("content_type__app_label", "codename")
    return {name: set(permissions.filter(group__name=name)) for name in GROUPS}


def test_postgresql_fills_the_search_vectors_in_the_database_it_migrates(second_alias):
    # The test database is past 0003, so its data migration runs on its own, on a second connection. A fill sent to
    # the default connection would not see the new row, and NoRouting fails one left to the routers.
    fill_vectors = import_module("startups.migrations.0003_search_public_company").fill_vectors
    apps = MigrationLoader(None).project_state(("startups", "0003_search_public_company")).apps
    Startup = apps.get_model("startups", "Startup")
    Startup.objects.using(SECOND).create(name="Alpha", slug="alpha", pitch="Logistik", description="Lagerhallen")

    fill_vectors(apps, second_alias.schema_editor())

    vectors = Startup.objects.using(SECOND).values_list("search_public", "search_company")
    assert list(vectors) == [("'alpha':1A 'logist':2B", "'lagerhall':1C")]


@pytest.mark.django_db
def test_the_funding_sort_indexes_keep_nulls_last():
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname, indexdef FROM pg_indexes WHERE indexname = ANY(%s)", [FUNDING_INDEXES])
        definitions = dict(cursor.fetchall())
    assert definitions.keys() == set(FUNDING_INDEXES)
    assert all("DESC NULLS LAST, name, id)" in definition for definition in definitions.values())


def test_agency_0002_does_not_depend_on_later_migrations():
    """Databases migrated before matching/0004 existed have agency/0002 applied: a new dependency of it would make
    their history inconsistent and `migrate` refuse to run (InconsistentMigrationHistory)."""
    from django.db.migrations.loader import MigrationLoader

    graph = MigrationLoader(None, ignore_no_migrations=True).graph
    ancestors = graph.forwards_plan(("agency", "0002_staff_groups"))
    assert ("matching", "0004_digestlog_startups") not in ancestors
    assert not [node for node in ancestors if node[0] == "matching"]
