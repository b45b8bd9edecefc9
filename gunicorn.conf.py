"""gunicorn settings of the portal (docs/production.md, "App server"). Every value comes from the environment:

- `GUNICORN_BIND`: address(es) to listen on, comma separated; `unix:/run/hubportal/web.sock` works too.
  Default `127.0.0.1:8000`.
- `GUNICORN_WORKERS` (or `WEB_CONCURRENCY`): worker processes. Default 2 × CPU cores.
- `GUNICORN_THREADS`: threads per worker; more than 1 uses the `gthread` worker. Default `2`.
- `GUNICORN_TIMEOUT`: seconds a request may take before its worker is killed and replaced. Default `30`.
- `GUNICORN_GRACEFUL_TIMEOUT`: seconds running requests get to finish on stop or restart. Default `30`.
- `GUNICORN_KEEPALIVE`: seconds an idle keep-alive connection (from nginx) stays open. Default `5`.
- `GUNICORN_MAX_REQUESTS`: a worker is replaced after this many requests, which bounds slow memory growth
  (0 = never). Default `1000`.
- `GUNICORN_MAX_REQUESTS_JITTER`: up to this many more, so that workers are not all replaced at once. Default `100`.
- `GUNICORN_ACCESS_LOG`, `GUNICORN_ERROR_LOG`: a file, or `-` for standard output / error (journald under
  systemd). Default `-`.
- `GUNICORN_LOG_LEVEL`: gunicorn's own messages. Default `info`.
- `GUNICORN_PRELOAD`: load the application once before forking the workers (less memory; a broken release fails
  at start). A reload by `HUP` then keeps the old code: restart to upgrade. Default `1`.
- `GUNICORN_CONTROL_SOCKET`: path of gunicorn's control socket for `gunicornc`. Default: none (its own default in
  $HOME would clash between two servers on one machine and is read-only under systemd's ProtectHome).
- `FORWARDED_ALLOW_IPS`: the proxies whose `X-Forwarded-*` headers gunicorn trusts (nginx's address).
  Default `127.0.0.1,::1`.
- `TRUSTED_PROXY_COUNT`: proxies of ours appending to `X-Forwarded-For`, as in the Django settings. The access
  log shows the client address the proxy appended, the one the rate limits count. Default `1`.

Connections: each thread holds at most one PostgreSQL connection (`CONN_MAX_AGE`), so one server needs
workers × threads of them; all servers together must stay below PostgreSQL's `max_connections`.
The access log leaves out the health checks (`/healthz`, `/readyz`) that answer 2xx or 3xx; a failing readiness
check is logged.
"""

import os

from gunicorn.glogging import Logger


def _int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


_cores = os.cpu_count() or 1

bind = [address.strip() for address in os.environ.get("GUNICORN_BIND", "127.0.0.1:8000").split(",") if address]
workers = _int("GUNICORN_WORKERS", _int("WEB_CONCURRENCY", max(2, 2 * _cores)))
threads = _int("GUNICORN_THREADS", 2)
worker_class = "gthread" if threads > 1 else "sync"
timeout = _int("GUNICORN_TIMEOUT", 30)
graceful_timeout = _int("GUNICORN_GRACEFUL_TIMEOUT", 30)
keepalive = _int("GUNICORN_KEEPALIVE", 5)
max_requests = _int("GUNICORN_MAX_REQUESTS", 1000)
max_requests_jitter = _int("GUNICORN_MAX_REQUESTS_JITTER", 100)
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
errorlog = os.environ.get("GUNICORN_ERROR_LOG", "-")
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
proc_name = "hubportal-web"
# Client address (see PortalLogger), user, time, request, status, bytes, referrer, user agent, request time in ms.
access_log_format = '%(client)s - %(u)s %(t)s "%(r)s" %(s)s %(b)s "%(f)s" "%(a)s" %(M)sms'
control_socket_disable = not os.environ.get("GUNICORN_CONTROL_SOCKET")
if not control_socket_disable:
    control_socket = os.environ["GUNICORN_CONTROL_SOCKET"]
# Workers import the application before forking: less memory, and a broken deployment fails at start.
preload_app = os.environ.get("GUNICORN_PRELOAD", "1") not in {"0", "false", "no", "off"}


def when_ready(server) -> None:
    """With preload, the master warms up once before it forks the first worker (hubportal/core/warmup.py)."""
    if preload_app:
        from hubportal.core.warmup import prepare_to_fork

        prepare_to_fork()


def post_worker_init(worker) -> None:
    """Without preload, each worker warms up before it accepts requests."""
    if not preload_app:
        from hubportal.core.warmup import prepare_to_fork

        prepare_to_fork()


TRUSTED_PROXY_COUNT = _int("TRUSTED_PROXY_COUNT", 1)
HEALTH_PATHS = frozenset({"/healthz", "/readyz"})


def client_address(remote_addr: str, forwarded_for: str, proxy_count: int) -> str:
    """The client as the rate limits see it (allauth's TRUSTED_PROXY_COUNT rule): the address our proxy appended
    to X-Forwarded-For, i.e. the `proxy_count`-th entry from the end; without the header, the peer itself."""
    entries = [entry.strip() for entry in forwarded_for.split(",") if entry.strip()]
    if proxy_count > 0 and len(entries) >= proxy_count:
        return entries[-proxy_count]
    return remote_addr or "-"


class PortalLogger(Logger):
    """gunicorn's logger with the client address atom and without successful health checks."""

    def access(self, resp, req, environ, request_time):
        status = str(getattr(resp, "status", "") or "")
        if environ.get("PATH_INFO") in HEALTH_PATHS and status[:1] in {"2", "3"}:
            return
        super().access(resp, req, environ, request_time)

    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        atoms["client"] = client_address(
            environ.get("REMOTE_ADDR", ""), environ.get("HTTP_X_FORWARDED_FOR", ""), TRUSTED_PROXY_COUNT
        )
        return atoms


logger_class = PortalLogger
