"""The stack `make loadtest` measures, as deployed: nginx with the deploy site (deploy/nginx/hubportal.conf) on a
loopback port in plain HTTP, the app servers (gunicorn with gunicorn.conf.py) behind its `hubportal_app`, and the
pool for event registrations behind `hubportal_register`, started as hubportal-register.service starts it (its own
gunicorn, `REGISTER_WORKERS` workers, default one).
"""

import os
import shutil
import subprocess
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
REGISTER_WORKERS = os.environ.get("REGISTER_WORKERS", "1")  # as in deploy/systemd/hubportal-register.service


def site(port: int, app_port: int, register_port: int, env: dict[str, str], tmp: Path) -> str:
    """The deploy site with loopback addresses: its upstreams and map, and its HTTPS server served as plain HTTP."""
    text = (BASE_DIR / "deploy" / "nginx" / "hubportal.conf").read_text()
    snippet = tmp / "hubportal-proxy.conf"
    shutil.copy(BASE_DIR / "deploy" / "nginx" / "hubportal-proxy.conf", snippet)
    head, https = text[: text.index("server {")], text[text.rindex("server {") :]
    head = (
        head.replace("server 10.0.0.11:8000", f"server 127.0.0.1:{app_port}")
        .replace("server 10.0.0.11:8001", f"server 127.0.0.1:{register_port}")
        .replace("server 10.0.0.12:8000", "#")
        .replace("server 10.0.0.12:8001", "#")
    )
    lines = [
        line
        for line in https.splitlines()
        if not line.strip().startswith(("ssl_", "listen [::]", "add_header Strict-Transport-Security"))
    ]
    https = (
        "\n".join(lines)
        .replace("listen 443 ssl http2;", f"listen 127.0.0.1:{port};")
        .replace("portal.example.org", "127.0.0.1")
        .replace("/etc/nginx/snippets/hubportal-proxy.conf", str(snippet))
        .replace("/srv/hubportal/static/", env["STATIC_ROOT"] + "/")
        .replace("/srv/hubportal/media/", env["MEDIA_ROOT"] + "/")
    )
    return head + https


def start(port: int, env: dict[str, str], tmp: Path) -> list[subprocess.Popen]:
    """nginx on `port`, the app servers on port + 1 and the registration pool on port + 2; returns the processes."""
    (tmp / "site.conf").write_text(site(port, port + 1, port + 2, env, tmp))
    conf = tmp / "nginx.conf"
    conf.write_text(
        f"daemon off;\nworker_processes 1;\npid {tmp}/nginx.pid;\nerror_log {tmp}/nginx-error.log;\n"
        f"events {{ worker_connections 4096; }}\nhttp {{\n  include /etc/nginx/mime.types;\n  access_log off;\n"
        f"  client_body_temp_path {tmp}/body;\n  proxy_temp_path {tmp}/proxy;\n  include {tmp}/site.conf;\n}}\n"
    )
    gunicorn = [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "hubportal.wsgi"]
    register = [*gunicorn[:-1], "--workers", REGISTER_WORKERS, gunicorn[-1]]
    return [
        subprocess.Popen(gunicorn, cwd=BASE_DIR, env={**env, "GUNICORN_BIND": f"127.0.0.1:{port + 1}"}),  # noqa: S603
        subprocess.Popen(register, cwd=BASE_DIR, env={**env, "GUNICORN_BIND": f"127.0.0.1:{port + 2}"}),  # noqa: S603
        subprocess.Popen([NGINX, "-p", str(tmp), "-c", str(conf)], cwd=BASE_DIR),  # noqa: S603
    ]


def stop(processes: list[subprocess.Popen]) -> None:
    for process in processes:
        process.terminate()
    for process in processes:
        process.wait(30)
