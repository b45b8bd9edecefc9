"""The shared cache in Redis, with a per-process memory cache standing in while Redis cannot be reached.

Without Redis the portal keeps serving: reads miss, writes go to the stand-in, and allauth's rate limits keep
counting (per process, as without REDIS_URL) instead of letting everything through or refusing everyone (their
lock is a cache `add`). After a failure Redis is left alone for RETRY_SECONDS, so that a dead server costs one
timeout per process and period, not one per cache call. `/readyz` asks Redis itself (`ping`) and reports it.
"""

import logging
import threading
import time

import redis
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache as DjangoRedisCache

logger = logging.getLogger(__name__)

UNREACHABLE = (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError, OSError)

# Per process, shared by the threads (Django makes one cache object per thread): location → monotonic deadline.
_down_until: dict[str, float] = {}
_state_lock = threading.Lock()


def _falls_back(name):
    def method(self, *args, **kwargs):
        if self._redis_usable():
            try:
                result = getattr(super(RedisCache, self), name)(*args, **kwargs)
            except UNREACHABLE as error:
                self._mark_down(error)
            else:
                self._mark_up()
                return result
        return getattr(self.fallback, name)(*args, **kwargs)

    method.__name__ = name
    method.__doc__ = f"Redis `{name}`, or the stand-in memory cache's while Redis cannot be reached."
    return method


class RedisCache(DjangoRedisCache):
    """Django's Redis cache that survives a Redis outage (module docstring). OPTIONS as Django's, plus
    RETRY_SECONDS (default 10): how long to use the stand-in after a failure before trying Redis again."""

    def __init__(self, server, params):
        options = dict(params.get("OPTIONS", {}))
        self.retry_seconds = float(options.pop("RETRY_SECONDS", 10))
        super().__init__(server, {**params, "OPTIONS": options})
        self.location = server if isinstance(server, str) else ",".join(server)
        self.fallback = LocMemCache(f"redis-fallback:{self.location}", {"TIMEOUT": params.get("TIMEOUT", 300)})

    def _redis_usable(self) -> bool:
        return time.monotonic() >= _down_until.get(self.location, 0.0)

    def _mark_down(self, error: BaseException) -> None:
        with _state_lock:
            was_up = self.location not in _down_until
            _down_until[self.location] = time.monotonic() + self.retry_seconds
        if was_up:
            logger.warning("Redis cache unreachable, using a per-process memory cache meanwhile: %s", error)

    def _mark_up(self) -> None:
        if self.location in _down_until:
            with _state_lock:
                if _down_until.pop(self.location, None) is not None:
                    logger.warning("Redis cache reachable again")

    def ping(self) -> bool:
        """Asks Redis itself (no stand-in); raises when it cannot be reached. For `/readyz`."""
        return self._cache.get_client(write=True).ping()  # type: ignore[attr-defined]  # django-redis client

    add = _falls_back("add")
    get = _falls_back("get")
    set = _falls_back("set")
    touch = _falls_back("touch")
    delete = _falls_back("delete")
    get_many = _falls_back("get_many")
    has_key = _falls_back("has_key")
    incr = _falls_back("incr")
    set_many = _falls_back("set_many")
    delete_many = _falls_back("delete_many")
    clear = _falls_back("clear")
