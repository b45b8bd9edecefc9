"""The startups table on both databases: SQLite can rebuild it (any AlterField does), PostgreSQL keeps its indexes.
Data migrations fill the database they migrate, also when it is not the default one."""

from importlib import import_module

import pytest
from django.contrib.auth.models import Permission
from django.db import connection, connections, migrations, models, transaction
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader

from agency.roles import AGENCY_ADMINISTRATOR, GROUPS, group_permission_keys
from startups.models import Startup

FUNDING_INDEXES = ["startup_pub_funding", "startup_pub_funding_public", "startup_pub_funding_investors"]
BUILT_BY_0008_ON_SQLITE = {*FUNDING_INDEXES, "startup_search_public_gin", "startup_search_company_gin"}
SCRATCH = "scratch_sqlite"
SECOND = "second_alias"


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


@pytest.fixture
def scratch_sqlite(tmp_path, settings, django_db_blocker):
    """An empty SQLite database file of its own, whatever database the suite runs on."""
    database = {"ENGINE": "django.db.backends.sqlite3", "NAME": str(tmp_path / "scratch.sqlite3")}
    connections.settings[SCRATCH] = connections.configure_settings({"default": database})["default"]
    settings.DATABASE_ROUTERS = [NoRouting()]
    try:
        with django_db_blocker.unblock(), connection.execute_wrapper(refuse_default_database):
            yield connections[SCRATCH]
            connections[SCRATCH].close()
    finally:
        del connections[SCRATCH]
        del connections.settings[SCRATCH]


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


def startup_indexes(scratch):
    """The indexes of the startups table by name, with the SQL that built them."""
    with scratch.cursor() as cursor:
        cursor.execute("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'startups_startup'")
        return dict(cursor.fetchall())


def test_sqlite_rebuilds_the_startups_table_with_the_indexes_of_the_migrations(scratch_sqlite):
    executor = MigrationExecutor(scratch_sqlite)
    before, latest = ("startups", "0007_match_walk_indexes"), executor.loader.graph.leaf_nodes("startups")[0]
    executor.migrate([before])
    at_0007 = startup_indexes(scratch_sqlite)
    executor.loader.build_graph()
    executor.migrate([latest])
    migrated = startup_indexes(scratch_sqlite)

    # A rebuild (as for any AlterField on SQLite) builds every index of the state: the same ones as the migrations.
    state = executor.loader.project_state(latest)
    alter = migrations.AlterField("startup", "city", models.CharField(max_length=99, blank=True))
    altered = state.clone()
    alter.state_forwards("startups", altered)
    with scratch_sqlite.schema_editor() as editor:
        alter.database_forwards("startups", editor, state, altered)
    assert startup_indexes(scratch_sqlite) == migrated
    assert migrated.keys() - at_0007.keys() >= BUILT_BY_0008_ON_SQLITE
    assert {index.name for index in Startup._meta.indexes} <= migrated.keys()
    for name in FUNDING_INDEXES:
        assert " DESC, " in migrated[name] and "NULLS" not in migrated[name]

    executor.loader.build_graph()
    executor.migrate([before])
    assert startup_indexes(scratch_sqlite) == at_0007


def test_data_migrations_fill_the_database_they_migrate(scratch_sqlite):
    executor = MigrationExecutor(scratch_sqlite)
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
        ]
    )

    with scratch_sqlite.cursor() as cursor:
        cursor.execute("SELECT selection_round_de, selection_round_en FROM hubs_hub")
        assert cursor.fetchall() == [("Zweite Runde (April 2017)", "Second round (April 2017)")]
        cursor.execute("SELECT topic_ids FROM startups_startup")
        assert cursor.fetchall() == [(f",{topics[0].pk},{topics[1].pk},",)]
    assert staff_group_permissions() == {name: group_permission_keys(name) for name in GROUPS}

    executor.loader.build_graph()
    executor.migrate([("agency", "0003_advice_requester_nullable")])
    assert ("mail", "change_outboundemail") not in staff_group_permissions()[AGENCY_ADMINISTRATOR]


def staff_group_permissions():
    """(app_label, codename) of the permissions of each staff group in the scratch database."""
    permissions = Permission.objects.using(SCRATCH).values_list("content_type__app_label", "codename")
    return {name: set(permissions.filter(group__name=name)) for name in GROUPS}


@pytest.mark.postgres
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


@pytest.mark.postgres
@pytest.mark.django_db
def test_postgresql_keeps_nulls_last_in_the_funding_sort_indexes():
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname, indexdef FROM pg_indexes WHERE indexname = ANY(%s)", [FUNDING_INDEXES])
        definitions = dict(cursor.fetchall())
    assert definitions.keys() == set(FUNDING_INDEXES)
    assert all("DESC NULLS LAST, name, id)" in definition for definition in definitions.values())

    # The same SQL as the plain indexes that 0002 built: PostgreSQL never needs to rebuild them.
    editor = connection.schema_editor()
    for index in Startup._meta.indexes:
        if index.name in FUNDING_INDEXES:
            plain = models.Index(*index.expressions, condition=index.condition, name=index.name)
            assert str(index.create_sql(Startup, editor)) == str(plain.create_sql(Startup, editor))


def test_agency_0002_does_not_depend_on_later_migrations():
    """Databases migrated before matching/0004 existed have agency/0002 applied: a new dependency of it would make
    their history inconsistent and `migrate` refuse to run (InconsistentMigrationHistory)."""
    from django.db.migrations.loader import MigrationLoader

    graph = MigrationLoader(None, ignore_no_migrations=True).graph
    ancestors = graph.forwards_plan(("agency", "0002_staff_groups"))
    assert ("matching", "0004_digestlog_startups") not in ancestors
    assert not [node for node in ancestors if node[0] == "matching"]
