"""A Redis outage is not a site outage: pages keep serving, the rate limits keep counting (per process) and the
cache goes back to Redis once it answers again (hubportal/core/cache.py). A private redis-server is started on a
free port, so stopping it touches nobody else."""

import shutil
import socket
import subprocess
import time
import uuid

import pytest
from allauth.core import ratelimit
from django.core.cache import cache, caches
from django.test import RequestFactory

from hubportal.core import cache as portal_cache

REDIS_SERVER = shutil.which("redis-server")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class PrivateRedis:
    def __init__(self, tmp_path):
        self.port = free_port()
        self.dir = tmp_path
        self.process = None

    def start(self):
        self.process = subprocess.Popen(
            [REDIS_SERVER, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            cwd=self.dir,
            stdout=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def stop(self):
        if self.process:
            self.process.terminate()
            self.process.wait(10)
            self.process = None


@pytest.fixture
def private_redis(tmp_path, settings):
    if not REDIS_SERVER:
        pytest.skip("needs redis-server (Debian package redis-server)")
    server = PrivateRedis(tmp_path)
    server.start()
    settings.CACHES = {
        "default": {
            "BACKEND": "hubportal.core.cache.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{server.port}/0",
            "KEY_PREFIX": uuid.uuid4().hex,
            "OPTIONS": {"RETRY_SECONDS": 0, "socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
    yield server
    server.stop()
    portal_cache._down_until.clear()


@pytest.mark.django_db
def test_pages_keep_serving_while_redis_is_down_and_the_cache_returns_to_redis(client, private_redis):
    cache.set("before", "in redis")
    assert cache.ping() is True
    private_redis.stop()

    assert client.get("/de/hubs/").status_code == 200
    assert client.get("/en/accounts/login/").status_code == 200
    assert client.get("/readyz").json()["checks"]["cache"] == "unreachable"
    assert cache.get("before") is None  # a miss, not an error
    cache.set("during", "in memory")
    assert cache.get("during") == "in memory"  # the stand-in of this process
    assert cache.add("lock", True) is True and cache.add("lock", True) is False

    private_redis.start()  # an empty Redis, as after a restart without persistence
    assert cache.get("during") is None  # Redis again, not the stand-in
    cache.set("after", "in redis")
    assert caches.create_connection("default").get("after") == "in redis"  # another process sees it
    assert client.get("/readyz").status_code == 200


@pytest.mark.django_db
def test_rate_limits_keep_counting_while_redis_is_down(private_redis, settings):
    """allauth's limiter takes a lock with `cache.add`: answering every call with a miss would refuse everyone
    (no lock) or let everyone through (no count). The stand-in counts per process instead."""
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "introduction_request": "3/m/ip"}
    private_redis.stop()
    request = RequestFactory().post("/", REMOTE_ADDR="203.0.113.7")
    started = time.monotonic()
    assert [ratelimit.consume(request, action="introduction_request") for _ in range(4)] == [True, True, True, False]
    other = RequestFactory().post("/", REMOTE_ADDR="198.51.100.7")
    assert ratelimit.consume(other, action="introduction_request") is True
    assert time.monotonic() - started < 2  # no lock waits, no connect timeouts piling up


def test_after_a_failure_redis_is_left_alone_for_the_retry_period(monkeypatch):
    backend = portal_cache.RedisCache(f"redis://127.0.0.1:{free_port()}/0", {"OPTIONS": {"RETRY_SECONDS": 60}})
    calls = []
    real_get_client = backend._cache.get_client

    def counting_get_client(*args, **kwargs):
        calls.append(1)
        return real_get_client(*args, **kwargs)

    monkeypatch.setattr(backend._cache, "get_client", counting_get_client)
    try:
        for _ in range(5):
            assert backend.get("anything", "default") == "default"
        assert len(calls) == 1  # only the first call went to the dead server
    finally:
        portal_cache._down_until.clear()
