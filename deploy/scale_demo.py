"""`make scale-demo`: two app servers behind nginx, two task workers and a scheduler on one PostgreSQL and one
Redis, all on this machine; measures and checks what scale-out promises (docs/production.md). Not a test: it
prints figures. Everything it starts is stopped by pid at the end, also on Ctrl-C.

- throughput and p95 through nginx with one and with two app servers, in alternating rounds (wrk);
- a session made on one app server is valid on the other;
- mails queued while two workers run are each sent once;
- one app server killed in the middle of a run: nginx goes on with the other, and no request fails beyond
  those the dead server had in flight (nginx passes a GET it could not finish to the other server).

    DATABASE_URL=postgres://… REDIS_URL=redis://127.0.0.1:6379/5 .venv/bin/python deploy/scale_demo.py
        [--seconds 10] [--rounds 3] [--connections 16] [--path /de/hubs/] [--mails 40] [--no-pin]

Production settings throughout (DEBUG off, HTTPS through nginx with a throw-away self-signed certificate).
On a machine with two or more cores app server A runs on core 0 and B on core 1 (taskset), so that the second
server brings a core of its own, as a second machine would; nginx, PostgreSQL, Redis and wrk share all cores.
Needs nginx and wrk (Debian: apt-get install nginx wrk).
"""

import argparse
import http.client
import json
import os
import re
import secrets
import shutil
import signal
import ssl
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from processes import install_signal_handlers
from scale_stack import (
    APP_PORTS,
    NGINX,
    TLS_BOTH,
    TLS_ONE,
    app_request,
    manage,
    say,
    stack_env,
    start_stack,
    uptime,
    wait_ready,
)

DEMO_EMAIL, DEMO_PASSWORD = "scale-demo@hubportal.example", secrets.token_urlsafe(16)

WRK_SCRIPT = """
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) statuses = {} end
function response(status, headers, body) statuses[status] = (statuses[status] or 0) + 1 end
function done(summary, latency, requests)
  local counts = {}
  for _, thread in ipairs(threads) do
    for status, n in pairs(thread:get("statuses")) do counts[tostring(status)] = (counts[tostring(status)] or 0) + n end
  end
  local parts = {}
  for status, n in pairs(counts) do table.insert(parts, string.format('"%s": %d', status, n)) end
  io.write(string.format(
    'RESULT {"requests": %d, "seconds": %.3f, "p50_ms": %.2f, "p95_ms": %.2f, "max_ms": %.2f, ' ..
    '"errors": {"connect": %d, "read": %d, "write": %d, "timeout": %d}, "statuses": {%s}}\\n',
    summary.requests, summary.duration / 1e6, latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency.max / 1000, summary.errors.connect, summary.errors.read, summary.errors.write,
    summary.errors.timeout, table.concat(parts, ", ")))
end
"""


def wrk(port: int, path: str, seconds: int, connections: int, script: Path) -> dict:
    result = subprocess.run(  # noqa: S603 - wrk with our own arguments
        ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s", "-s", str(script)]
        + [f"https://127.0.0.1:{port}{path}"],
        capture_output=True,
        text=True,
        timeout=seconds + 60,
    )
    match = re.search(r"^RESULT (.*)$", result.stdout, re.MULTILINE)
    if not match:
        raise RuntimeError(f"wrk gave no result: {result.stdout} {result.stderr}")
    figures = json.loads(match.group(1))
    figures["rps"] = figures["requests"] / figures["seconds"]
    return figures


def check_shared_session(env) -> str:
    manage(
        env,
        "shell",
        "-c",
        "from allauth.account.models import EmailAddress\nfrom hubportal.users.models import User\n"
        f"user, _ = User.objects.get_or_create(email={DEMO_EMAIL!r})\nuser.set_password({DEMO_PASSWORD!r})\n"
        "user.save()\nEmailAddress.objects.update_or_create(user=user, email=user.email, "
        "defaults={'verified': True, 'primary': True})",
    )
    a, b = APP_PORTS
    cookies: dict[str, str] = {}
    status, page, _ = app_request(a, "GET", "/en/accounts/login/", cookies=cookies)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)  # type: ignore[union-attr]  # the login page has the token
    status, _, headers = app_request(
        a,
        "POST",
        "/en/accounts/login/",
        cookies=cookies,
        body={"csrfmiddlewaretoken": token, "login": DEMO_EMAIL, "password": DEMO_PASSWORD},
    )
    if status != 302 or "sessionid" not in cookies:
        return f"FAILED: login on app server A answered {status} ({headers.get('Location')})"
    status, page, _ = app_request(b, "GET", "/en/account/", cookies={"sessionid": cookies["sessionid"]})
    ok = status == 200 and DEMO_EMAIL in page
    return (
        f"{'ok' if ok else 'FAILED'}: logged in on app server A (:{a}); app server B (:{b}) shows the account page "
        f"of {DEMO_EMAIL} with that session cookie (status {status})"
    )


def check_mail_once(env, tmp: Path, count: int) -> str:
    (tmp / "mail").mkdir(exist_ok=True)
    code = (
        "from django.db import transaction\nfrom hubportal.mail.services import email_send\n"
        f"for n in range({count}):\n"
        "    with transaction.atomic():\n"
        "        email_send(to=f'scale-{n}@example.org', template_prefix='account/email/password_reset_key', "
        "context={'password_reset_url': 'https://127.0.0.1/'}, language='en')\n"
    )
    started, since = time.monotonic(), time.time()
    manage(env, "shell", "-c", code)
    pending_code = (
        "from hubportal.mail.models import OutboundEmail\n"
        "print(OutboundEmail.objects.filter(to__0__startswith='scale-').exclude(status='sent').count())"
    )
    deadline = time.monotonic() + 120
    pending = count
    while time.monotonic() < deadline:
        pending = int(manage(env, "shell", "-c", pending_code, capture=True).strip() or count)
        if pending == 0:
            break
        time.sleep(1)
    elapsed = time.monotonic() - started
    delivered: dict[str, int] = {}
    for path in (tmp / "mail").iterdir():
        for recipient in re.findall(r"^To: (scale-\d+@example\.org)$", path.read_text(), re.MULTILINE):
            delivered[recipient] = delivered.get(recipient, 0) + 1
    workers = manage(
        env,
        "shell",
        "-c",
        "from django_tasks_db.models import DBTaskResult\nimport collections, datetime\n"
        f"since = datetime.datetime.fromtimestamp({since}, datetime.UTC)\n"
        "done = DBTaskResult.objects.filter(status='SUCCESSFUL', enqueued_at__gte=since)\n"
        "print(dict(collections.Counter(w for r in done for w in r.worker_ids[-1:])))",
        capture=True,
    ).strip()
    twice = sorted(r for r, n in delivered.items() if n > 1)
    ok = pending == 0 and len(delivered) == count and not twice
    return (
        f"{'ok' if ok else 'FAILED'}: {count} mails queued, {len(delivered)} recipients got one, "
        f"{len(twice)} got more than one, {pending} not sent, in {elapsed:.1f} s; tasks per worker: {workers}"
    )


def measure_throughput(args, script: Path, stop) -> None:
    """Load rounds through nginx, alternating between one app server and two; prints each round and the means."""
    say(f"\n1. Throughput through nginx, GET {args.path}, {args.connections} connections, {args.seconds} s rounds")
    say(f"   {'round':<6} {'servers':<8} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'errors':>7}   load")
    totals: dict[int, list[dict]] = {1: [], 2: []}
    for round_number in range(1, args.rounds + 1):
        for servers, port in ((1, TLS_ONE), (2, TLS_BOTH)):
            if stop.is_set():
                raise KeyboardInterrupt
            result = wrk(port, args.path, args.seconds, args.connections, script)
            bad = sum(result["errors"].values()) + sum(
                n for status, n in result["statuses"].items() if not status.startswith(("2", "3"))
            )
            totals[servers].append(result)
            load = uptime().split("load average:")[-1].strip()
            say(
                f"   {round_number:<6} {servers:<8} {result['rps']:>8.1f} {result['p50_ms']:>8.1f} "
                f"{result['p95_ms']:>8.1f} {bad:>7}   {load}"
            )
    for servers in (1, 2):
        runs = totals[servers]
        rps = sum(r["rps"] for r in runs) / len(runs)
        p95 = sorted(r["p95_ms"] for r in runs)[len(runs) // 2]
        say(f"   {servers} server(s): mean {rps:.1f} req/s, median p95 {p95:.1f} ms")


def check_killed_server(args, script: Path, tmp: Path, victim) -> None:
    """Kills app server B (`victim`) during a load run through nginx; prints what nginx passed on and what failed."""
    say(f"\n4. App server B killed {args.seconds // 3} s into a {args.seconds} s run (two servers behind nginx)")
    error_log = tmp / "nginx-error.log"
    log_start = error_log.stat().st_size if error_log.exists() else 0
    killer = threading.Timer(args.seconds / 3, lambda: os.killpg(victim.pid, signal.SIGKILL))
    killer.start()
    result = wrk(TLS_BOTH, args.path, args.seconds, args.connections, script)
    killer.join()
    failed = sum(result["errors"].values()) + sum(
        n for status, n in result["statuses"].items() if not status.startswith(("2", "3"))
    )
    # Our own throw-away certificate: nothing to verify it against.
    unverified = ssl._create_unverified_context()  # noqa: S323
    alive = http.client.HTTPSConnection("127.0.0.1", TLS_BOTH, context=unverified)
    alive.request("GET", "/readyz")
    after = alive.getresponse().status
    # nginx logs each request it could not finish on B (in flight when it died, or refused after) and passed on.
    nginx_log = error_log.read_bytes()[log_start:].decode() if error_log.exists() else ""
    in_flight = len(re.findall(rf"(prematurely closed|reset by peer).*:{APP_PORTS[1]}/", nginx_log))
    refused = len(re.findall(rf"Connection refused.*:{APP_PORTS[1]}/", nginx_log))
    say(
        f"   nginx passed to app server A: {in_flight} request(s) in flight on B when it died, "
        f"{refused} refused by B afterwards"
    )
    say(
        f"   {result['requests']} requests, {failed} failed (statuses {result['statuses']}, "
        f"socket errors {result['errors']}); {result['rps']:.1f} req/s, p95 {result['p95_ms']:.1f} ms; "
        f"app server B {'dead' if not victim.running() else 'still running'}, nginx answers {after} afterwards"
    )


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=10, help="length of one load round")
    parser.add_argument("--rounds", type=int, default=3, help="rounds of (1 server, 2 servers), alternating")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--path", default="/de/hubs/")
    parser.add_argument("--mails", type=int, default=40)
    parser.add_argument(
        "--no-pin", dest="pin", action="store_false", help="don't pin app server A to core 0 and B to core 1"
    )
    args = parser.parse_args()
    for tool in ("wrk", "openssl"):
        if not shutil.which(tool):
            raise SystemExit(f"scale-demo needs {tool} (Debian: apt-get install {tool})")
    if not Path(NGINX).exists():
        raise SystemExit("scale-demo needs nginx (Debian: apt-get install nginx)")
    return args


def main() -> int:
    args = parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="hubportal-scale-"))
    env = stack_env(tmp)
    say(f"scale-demo: processes log to {tmp / 'processes.log'}")
    say(f"load before: {uptime()}")
    manage(env, "compile_catalogs")
    manage(env, "collectstatic", "--noinput", "--verbosity", "0")
    manage(env, "migrate", "--noinput", "--verbosity", "0")
    manage(env, "load_hubs")

    # Each app server pinned to a core of its own, as if it had a machine of its own (the rest shares both).
    pin = args.pin and (os.cpu_count() or 1) >= 2 and shutil.which("taskset")
    supervisor, apps, log = start_stack(env, tmp, pin=pin)
    stop = threading.Event()
    install_signal_handlers(supervisor, stop)
    script = tmp / "report.lua"
    script.write_text(WRK_SCRIPT)
    try:
        supervisor.start_all()
        if not all(wait_ready(port) for port in APP_PORTS):
            raise SystemExit(f"scale-demo: the app servers did not become ready; see {tmp / 'processes.log'}")
        say(
            f"started by pid: {', '.join(f'{c.name} {c.pid}' for c in supervisor.children)}; "
            f"each app server: {env['GUNICORN_WORKERS']} workers × {env['GUNICORN_THREADS']} threads"
            + (", pinned to a core of its own (taskset)" if pin else "")
        )
        wrk(TLS_BOTH, args.path, 3, args.connections, script)  # warm-up: imports, connections, caches

        measure_throughput(args, script, stop)

        say("\n2. Sessions")
        say(f"   {check_shared_session(env)}")

        say("\n3. Mail with two workers")
        say(f"   {check_mail_once(env, tmp, args.mails)}")

        check_killed_server(args, script, tmp, apps[1])
        say(f"\nload after: {uptime()}")
    except KeyboardInterrupt:
        say("interrupted")
    finally:
        supervisor.stop_all(grace=20)
        log.close()
        leftovers = [c.name for c in supervisor.children if c.running()]
        names = ", ".join(f"{c.name} {c.pid}" for c in supervisor.children)
        say(f"stopped by pid: {names}" + (f"; still running: {leftovers}" if leftovers else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
