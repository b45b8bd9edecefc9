"""The stack that `make scale-demo` starts on this machine: production settings, nginx on loopback in front of two
gunicorn app servers, two task workers and a scheduler under one supervisor; and a request straight to one app server.
"""

import http.client
import os
import secrets
import shutil
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

from processes import Supervisor

BASE_DIR = Path(__file__).resolve().parent.parent
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
APP_PORTS = (8101, 8102)
HTTP_PORT, TLS_BOTH, TLS_ONE = 8180, 8443, 8444


def say(text: str = "") -> None:
    print(text, flush=True)


def uptime() -> str:
    return subprocess.run(["/usr/bin/uptime"], capture_output=True, text=True).stdout.strip()  # noqa: S603


def stack_env(tmp: Path) -> dict[str, str]:
    env = dict(os.environ)
    if not env.get("DATABASE_URL"):
        raise SystemExit("scale-demo: set DATABASE_URL (make scale-demo takes it from hubportal.devdb otherwise)")
    env.setdefault("REDIS_URL", "redis://127.0.0.1:6379/5")
    env.update(
        DJANGO_SETTINGS_MODULE="hubportal.settings.prod",
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1",
        SITE_URL=f"https://127.0.0.1:{TLS_BOTH}",
        CSRF_TRUSTED_ORIGINS=f"https://127.0.0.1:{TLS_BOTH},https://127.0.0.1:{TLS_ONE}",
        EMAIL_URL=f"file://{tmp / 'mail'}",
        STATIC_ROOT=str(tmp / "static"),
        MEDIA_ROOT=str(tmp / "media"),
        GUNICORN_WORKERS=env.get("GUNICORN_WORKERS", "2"),
        GUNICORN_THREADS=env.get("GUNICORN_THREADS", "2"),
        GUNICORN_ACCESS_LOG="/dev/null",
        PYTHONUNBUFFERED="1",
    )
    for name in ("LOCAL_HTTP", "SERVE_MEDIA", "CONN_MAX_AGE"):
        env.pop(name, None)
    return env


def manage(env, *args, capture=False) -> str:
    result = subprocess.run(  # noqa: S603 - our own manage.py
        [sys.executable, "manage.py", *args], cwd=BASE_DIR, env=env, check=True, capture_output=True, text=True
    )
    # Django's shell may print a line of its own first: the answer is the last line.
    return result.stdout.strip().splitlines()[-1] if capture and result.stdout.strip() else ""


def nginx_config(tmp: Path, env: dict[str, str]) -> Path:
    """deploy/nginx/hubportal.conf on loopback ports, plus a second TLS server whose upstream is app server A only."""
    key, cert = tmp / "key.pem", tmp / "cert.pem"
    subprocess.run(  # noqa: S603
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1"]
        + ["-keyout", str(key), "-out", str(cert)],
        check=True,
        capture_output=True,
    )
    snippet = tmp / "hubportal-proxy.conf"
    shutil.copy(BASE_DIR / "deploy" / "nginx" / "hubportal-proxy.conf", snippet)
    site = (BASE_DIR / "deploy" / "nginx" / "hubportal.conf").read_text()
    a, b = (f"127.0.0.1:{port}" for port in APP_PORTS)
    site = (
        site.replace("server 10.0.0.11:8000", f"server {a}")
        .replace("server 10.0.0.12:8000", f"server {b}")
        # No pool of its own for registrations here: they go to the same two app servers.
        .replace("server 10.0.0.11:8001", f"server {a}")
        .replace("server 10.0.0.12:8001", f"server {b}")
        .replace("listen 80;", f"listen 127.0.0.1:{HTTP_PORT};")
        .replace("listen 443 ssl http2;", f"listen 127.0.0.1:{TLS_BOTH} ssl http2;")
        .replace("/etc/letsencrypt/live/portal.example.org/fullchain.pem", str(cert))
        .replace("/etc/letsencrypt/live/portal.example.org/privkey.pem", str(key))
        .replace("/etc/nginx/snippets/hubportal-proxy.conf", str(snippet))
        .replace("/srv/hubportal/static/", env["STATIC_ROOT"] + "/")
        .replace("/srv/hubportal/media/", env["MEDIA_ROOT"] + "/")
        .replace("portal.example.org", "127.0.0.1")
    )
    site = "\n".join(line for line in site.splitlines() if "listen [::]" not in line)
    tls_server = site[site.rindex("server {") :]
    one = tls_server.replace(f"listen 127.0.0.1:{TLS_BOTH} ssl http2;", f"listen 127.0.0.1:{TLS_ONE} ssl http2;")
    one = one.replace("http://hubportal_app", "http://hubportal_one").replace("shared:hubportal:", "shared:one:")
    site += f"\nupstream hubportal_one {{\n    server {a};\n    keepalive 32;\n    keepalive_timeout 4s;\n}}\n{one}"
    (tmp / "site.conf").write_text(site)
    conf = tmp / "nginx.conf"
    conf.write_text(
        f"daemon off;\nworker_processes 1;\npid {tmp}/nginx.pid;\nerror_log {tmp}/nginx-error.log;\n"
        f"events {{ worker_connections 1024; }}\nhttp {{\n  include /etc/nginx/mime.types;\n"
        f"  access_log off;\n  client_body_temp_path {tmp}/body;\n  proxy_temp_path {tmp}/proxy;\n"
        f"  include {tmp}/site.conf;\n}}\n"
    )
    return conf


def wait_ready(port: int, seconds: float = 60) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if app_request(port, "GET", "/readyz")[0] == 200:
                return True
        except OSError:
            pass
        time.sleep(0.3)
    return False


def app_request(port: int, method: str, path: str, *, cookies: dict | None = None, body: dict | None = None):
    """A request straight to one app server, as nginx would pass it on (HTTPS said by X-Forwarded-Proto)."""
    headers = {"Host": "127.0.0.1", "X-Forwarded-Proto": "https", "X-Forwarded-For": "198.51.100.20"}
    if cookies:
        headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
    data = None
    if body is not None:
        data = urllib.parse.urlencode(body)
        headers["Content-Type"] = "application/x-www-form-urlencoded"
        headers["Origin"] = f"https://127.0.0.1:{TLS_BOTH}"
        headers["Referer"] = f"https://127.0.0.1:{TLS_BOTH}{path}"
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=20)
    connection.request(method, path, body=data, headers=headers)
    response = connection.getresponse()
    content = response.read().decode("utf-8", "replace")
    for header, value in response.getheaders():
        if header.lower() == "set-cookie":
            name, _, rest = value.partition("=")
            (cookies if cookies is not None else {})[name] = rest.split(";", 1)[0]
    return response.status, content, dict(response.getheaders())


def start_stack(env: dict[str, str], tmp: Path, *, pin):
    """The app servers (each on a core of its own if `pin`), the workers, the scheduler and nginx under one supervisor,
    not started yet; returns the supervisor, the app servers' processes and the open process log."""
    log = (tmp / "processes.log").open("w")
    supervisor = Supervisor(log=log)
    python, cwd = sys.executable, str(BASE_DIR)
    apps = []
    for core, (name, port) in enumerate(zip(("app-a", "app-b"), APP_PORTS, strict=True)):
        app_env = {**env, "GUNICORN_BIND": f"127.0.0.1:{port}"}
        argv = [python, "-m", "gunicorn", "-c", "gunicorn.conf.py", "hubportal.wsgi"]
        apps.append(supervisor.add(name, (["taskset", "-c", str(core)] if pin else []) + argv, app_env, cwd))
    for n in (1, 2):
        argv = [python, "manage.py", "db_worker", "--queue-name", "*", "--no-reload", "--worker-id", f"worker-{n}"]
        supervisor.add(f"worker-{n}", argv, env, cwd)
    supervisor.add("scheduler", [python, "manage.py", "run_scheduler"], env, cwd)
    supervisor.add("nginx", [NGINX, "-p", str(tmp), "-c", str(nginx_config(tmp, env))], env, cwd)
    for child in supervisor.children:
        child.restart = False  # a demo: a killed server stays dead
    return supervisor, apps, log
