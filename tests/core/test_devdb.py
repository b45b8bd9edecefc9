"""The embedded PostgreSQL server (hubportal/devdb.py), each test on folders of its own: it starts, is reused, keeps
its data over a restart and stops; two of them run side by side; and what cannot start says why, touching nothing."""

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import psycopg
import pytest

from hubportal import devdb

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def place(monkeypatch):
    """Points the module at an empty folder; stops a server started there.

    Not under pytest's own temporary folder: pytest closes that to other users again whenever a test process
    starts, and the server runs as a user of its own when the tests run as root.
    """
    tmp_path = Path(tempfile.mkdtemp(prefix="hubportal-devdb-test-"))

    def use(root: Path):
        monkeypatch.setattr(devdb, "ROOT", root)
        monkeypatch.setattr(devdb, "DATA", root / "data")
        monkeypatch.setattr(devdb, "LOG", root / "log" / "server.log")
        return root

    roots = []

    def new(name: str = "pgdata") -> Path:
        roots.append(tmp_path / name)
        return use(tmp_path / name)

    new.use = use
    yield new
    for root in roots:
        use(root)
        if devdb.is_running():
            devdb.stop()
    shutil.rmtree(tmp_path, ignore_errors=True)


def query(sql: str):
    with psycopg.connect(devdb.url(), autocommit=True) as connection:
        cursor = connection.execute(sql)
        return cursor.fetchall() if cursor.description else None


def test_starts_once_keeps_its_data_and_stops(place):
    place()
    assert not devdb.is_running()
    assert devdb.start() is True
    assert devdb.start() is False  # running: reused, not started again
    query("CREATE TABLE kept (word text)")
    query("INSERT INTO kept VALUES ('Grünfläche')")
    assert query("SELECT to_tsvector('german', word)::text FROM kept") == [("'grunflach':1",)]
    assert query("SELECT name FROM pg_available_extensions WHERE name IN ('pg_trgm', 'unaccent') ORDER BY 1") == [
        ("pg_trgm",),
        ("unaccent",),
    ]
    assert devdb.stop() is True
    assert not devdb.is_running()
    assert devdb.stop() is False
    assert devdb.start() is True
    assert query("SELECT word FROM kept") == [("Grünfläche",)]


def test_two_checkouts_run_side_by_side(place):
    first = place("first")
    devdb.start()
    first_url = devdb.url()
    place("second")
    devdb.start()
    assert devdb.url() != first_url
    query("CREATE TABLE only_in_second (id int)")
    place.use(first)
    assert devdb.is_running()
    assert query("SELECT to_regclass('only_in_second')") == [(None,)]


def test_a_half_initialised_folder_is_reported_and_left_alone(place):
    root = place()
    (root / "data").mkdir(parents=True)
    (root / "data" / "base").mkdir()
    (root / "data" / "precious.txt").write_text("do not touch")
    with pytest.raises(devdb.EmbeddedDatabaseError, match="not a complete PostgreSQL data folder.*PG_VERSION"):
        devdb.start()
    assert sorted(path.name for path in (root / "data").iterdir()) == ["base", "precious.txt"]
    assert (root / "data" / "precious.txt").read_text() == "do not touch"


def test_an_interrupted_first_initialisation_is_reported(place):
    root = place()
    (root / "data.initdb-4242").mkdir(parents=True)
    with pytest.raises(devdb.EmbeddedDatabaseError, match="interrupted.*data.initdb-4242"):
        devdb.start()
    assert (root / "data.initdb-4242").exists() and not (root / "data").exists()


def test_a_lock_file_naming_another_process_is_reported_with_the_fix(place):
    root = place()
    devdb.start()
    devdb.stop()
    (root / "data" / "postmaster.pid").write_text(f"{os.getpid()}\n{root / 'data'}\n")  # alive, and not postgres
    with pytest.raises(devdb.EmbeddedDatabaseError, match="stale lock file .*postmaster.pid.*delete that file"):
        devdb.start()
    assert not devdb.is_running()
    (root / "data" / "postmaster.pid").unlink()
    assert devdb.start() is True


def test_a_lock_file_of_a_dead_process_does_not_stop_the_start(place):
    root = place()
    devdb.start()
    devdb.stop()
    (root / "data" / "postmaster.pid").write_text("4194303\n")  # above any pid this kernel hands out
    assert devdb.start() is True


def test_a_file_in_place_of_the_folder_is_reported(place):
    root = place()
    root.write_text("not a folder")
    with pytest.raises(devdb.EmbeddedDatabaseError, match="is a file, not a folder"):
        devdb.start()


def test_the_command_says_why_in_one_line(tmp_path):
    root = tmp_path / "pgdata"
    (root / "data").mkdir(parents=True)
    env = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
    env["HUBPORTAL_PGDATA"] = str(root)
    result = subprocess.run(
        [sys.executable, "-m", "hubportal.devdb", "start"], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("hubportal: ")
    assert "not a complete PostgreSQL data folder" in result.stderr
    # The settings refuse to start the same way, before any traceback.
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 1
    assert result.stderr.strip().startswith("hubportal: ") and "Traceback" not in result.stderr


def test_with_database_url_nothing_is_started(tmp_path):
    root = tmp_path / "pgdata"
    env = {**os.environ, "DATABASE_URL": "postgres://postgres@db.invalid:5432/x", "HUBPORTAL_PGDATA": str(root)}
    code = (
        "import django; django.setup(); from django.conf import settings; print(settings.DATABASES['default']['HOST'])"
    )
    env["DJANGO_SETTINGS_MODULE"] = "hubportal.settings.dev"
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.stdout.strip() == "db.invalid", result.stderr
    assert not root.exists()
    result = subprocess.run(
        [sys.executable, "-m", "hubportal.devdb", "run", "--", "true"], cwd=ROOT, env=env, capture_output=True
    )
    assert result.returncode == 0 and not root.exists()
