"""The files in deploy/ work as they are: nginx accepts the site (`nginx -t`), systemd accepts the units
(`systemd-analyze verify`), and the environment template makes settings that pass Django's deploy check."""

import re
import secrets
import shutil
import subprocess

import pytest
from django.conf import settings

from tests.security.conftest import run_manage

from .conftest import BASE_DIR

DEPLOY = BASE_DIR / "deploy"
NGINX = shutil.which("nginx") or next((p for p in ("/usr/sbin/nginx",) if shutil.os.path.exists(p)), None)  # type: ignore[attr-defined]  # os via shutil
SYSTEMD_ANALYZE = shutil.which("systemd-analyze")
UNITS = [
    "hubportal-web.service",
    "hubportal-worker@.service",
    "hubportal-scheduler.service",
    "hubportal-register.service",
]


def self_signed_certificate(directory):
    key, cert = directory / "key.pem", directory / "cert.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=portal.example.org"]
        + ["-keyout", str(key), "-out", str(cert)],
        check=True,
        capture_output=True,
    )
    return key, cert


def nginx_test(tmp_path, site_text: str) -> subprocess.CompletedProcess:
    """`nginx -t` on the site inside a minimal nginx.conf of its own (nothing of the machine's nginx is used
    but mime.types); the certificate is a throw-away self-signed one."""
    key, cert = self_signed_certificate(tmp_path)
    snippet = tmp_path / "hubportal-proxy.conf"
    shutil.copy(DEPLOY / "nginx" / "hubportal-proxy.conf", snippet)
    site = (
        site_text.replace("/etc/letsencrypt/live/portal.example.org/fullchain.pem", str(cert))
        .replace("/etc/letsencrypt/live/portal.example.org/privkey.pem", str(key))
        .replace("/etc/nginx/snippets/hubportal-proxy.conf", str(snippet))
    )
    (tmp_path / "site.conf").write_text(site)
    (tmp_path / "nginx.conf").write_text(
        f"pid {tmp_path}/nginx.pid;\nerror_log {tmp_path}/error.log;\nevents {{}}\n"
        f"http {{\n  include /etc/nginx/mime.types;\n  access_log off;\n  client_body_temp_path {tmp_path}/body;\n"
        f"  proxy_temp_path {tmp_path}/proxy;\n  include {tmp_path}/site.conf;\n}}\n"
    )
    return subprocess.run(
        [NGINX, "-t", "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf"), "-e", str(tmp_path / "error.log")],  # type: ignore[list-item]  # skipped without nginx
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.skipif(not NGINX, reason="needs nginx (Debian package nginx; .ci/run installs it)")
def test_nginx_accepts_the_site(tmp_path):
    result = nginx_test(tmp_path, (DEPLOY / "nginx" / "hubportal.conf").read_text())
    assert result.returncode == 0, result.stderr
    assert "test is successful" in result.stderr


@pytest.mark.skipif(not NGINX, reason="needs nginx (Debian package nginx; .ci/run installs it)")
def test_nginx_test_refuses_a_broken_site(tmp_path):
    """The check above can fail: a directive nginx does not know."""
    broken = (DEPLOY / "nginx" / "hubportal.conf").read_text().replace("gzip_vary on;", "gzip_vary on; gzip_wrong 1;")
    result = nginx_test(tmp_path, broken)
    assert result.returncode != 0
    assert "gzip_wrong" in result.stderr


def test_nginx_takes_the_portals_upload_limit_and_passes_the_headers_django_needs():
    site = (DEPLOY / "nginx" / "hubportal.conf").read_text()
    proxy = (DEPLOY / "nginx" / "hubportal-proxy.conf").read_text()
    [size] = re.findall(r"^\s*client_max_body_size (\d+)m;", site, re.MULTILINE)
    assert int(size) * 1024 * 1024 == settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    upstream = site[site.index("upstream hubportal_app") : site.index("}")]
    assert len(re.findall(r"^\s*server \S+:\d+", upstream, re.MULTILINE)) == 2
    for header in (
        "proxy_set_header Host $host;",
        "proxy_set_header X-Forwarded-Proto $scheme;",
        "proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;",
    ):
        assert header in proxy
    assert "return 301 https://$host$request_uri;" in site
    [next_upstream] = re.findall(r"^proxy_next_upstream (.*);", proxy, re.MULTILINE)
    assert "non_idempotent" not in next_upstream  # a POST is never sent to a second server
    for location in ("location /static/", "location /media/"):
        assert location in site


def test_nginx_sends_registration_posts_to_their_own_pool():
    """A rush of registrations queues in hubportal_register; their GET and every other page stay on hubportal_app."""
    site = (DEPLOY / "nginx" / "hubportal.conf").read_text()
    upstream = site[site.index("upstream hubportal_register") :]
    upstream = upstream[: upstream.index("}")]
    assert re.findall(r"^\s*server \S+:(\d+)", upstream, re.MULTILINE) == ["8001", "8001"]
    method_map = site[site.index("map $request_method $hubportal_register_upstream") :]
    method_map = method_map[: method_map.index("}")]
    assert re.search(r"^\s*POST hubportal_register;", method_map, re.MULTILINE)
    assert re.search(r"^\s*default hubportal_app;", method_map, re.MULTILINE)
    [pattern] = re.findall(r"location ~ (\S+) \{\s*proxy_pass http://\$hubportal_register_upstream;", site)
    for code, _name in settings.LANGUAGES:  # every language's registration address
        assert re.match(pattern, f"/{code}/events/ai-day-2027/register/"), code
    for path in ("/de/events/startup-night/", "/de/events/x/register/extra/", "/de/startups/register/"):
        assert not re.match(pattern, path), path
    unit = (DEPLOY / "systemd" / "hubportal-register.service").read_text()
    assert "--bind ${REGISTER_BIND}" in unit
    assert "Environment=REGISTER_BIND=0.0.0.0:8001" in unit


def rendered_units(tmp_path):
    """The units as installed, with this checkout in place of /srv/hubportal/app (verify looks for ExecStart)."""
    for name in UNITS:
        text = (DEPLOY / "systemd" / name).read_text().replace("/srv/hubportal/app", str(BASE_DIR))
        (tmp_path / name).write_text(text)
    return [
        tmp_path / "hubportal-web.service",
        tmp_path / "hubportal-worker@1.service",
        tmp_path / UNITS[2],
        tmp_path / UNITS[3],
    ]


@pytest.mark.skipif(not SYSTEMD_ANALYZE, reason="needs systemd-analyze (Debian package systemd)")
def test_systemd_accepts_the_units_without_a_warning(tmp_path):
    if not (BASE_DIR / ".venv" / "bin" / "gunicorn").exists():
        pytest.skip("needs the virtualenv of this checkout (make install): verify checks that ExecStart exists")
    result = subprocess.run(
        [SYSTEMD_ANALYZE, "verify", *map(str, rendered_units(tmp_path))], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr.strip() == "" and result.stdout.strip() == ""


@pytest.mark.skipif(not SYSTEMD_ANALYZE, reason="needs systemd-analyze (Debian package systemd)")
def test_systemd_verify_reports_a_broken_unit(tmp_path):
    """The check above can fail: a misspelt key is reported."""
    units = rendered_units(tmp_path)
    units[0].write_text(units[0].read_text().replace("NoNewPrivileges=yes", "NoNewPrivilege=yes"))
    result = subprocess.run([SYSTEMD_ANALYZE, "verify", str(units[0])], capture_output=True, text=True, timeout=60)
    assert "NoNewPrivilege" in result.stderr


@pytest.mark.parametrize("name", UNITS)
def test_every_unit_runs_hardened_as_its_own_user(name):
    unit = (DEPLOY / "systemd" / name).read_text()
    for line in (
        "User=hubportal",
        "NoNewPrivileges=yes",
        "ProtectSystem=strict",
        "ReadWritePaths=/srv/hubportal/media",
        "PrivateTmp=yes",
        "CapabilityBoundingSet=",
        "EnvironmentFile=/etc/hubportal/hubportal.env",
        "Restart=",
    ):
        assert re.search(rf"^{re.escape(line)}", unit, re.MULTILINE), f"{name}: {line}"


def test_the_environment_template_passes_the_deploy_check():
    values = {}
    for line in (DEPLOY / "hubportal.env.example").read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            key, _, value = line.partition("=")
            values[key] = value
    assert values["DJANGO_SETTINGS_MODULE"] == "hubportal.settings.prod"
    values["SECRET_KEY"] = secrets.token_urlsafe(50)
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=values)
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout
