"""A Redis cache that answers "nothing cached" when Redis cannot be reached.

Why: Django's ``RedisCache`` raises on a refused or timed-out connection, so with Redis down
every page that reads the cache (the page cache, the search's word counts, the rate limit,
the sign-in throttle) would fail with a 500. The cache only ever saves work: without it the
portal must serve uncached, a little slower, not fail. Every operation here that cannot reach
Redis logs a warning (at most once a minute per process, not once a request) and returns what
an empty cache would: a miss, ``False`` for a write, the default for ``get``. Connections
time out quickly (``REDIS_TIMEOUT``, 0.25 s by default) so a dead Redis costs each request a
quarter of a second at most, and the client retries after a pause rather than on every
request (``RETRY_AFTER``).
"""

from __future__ import annotations

import logging
import time

from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

UNREACHABLE = (RedisConnectionError, RedisTimeoutError, OSError)
WARN_EVERY = 60.0  # seconds between two warnings of one process
RETRY_AFTER = 5.0  # seconds during which a process does not try Redis again after a failure


class TolerantRedisCache(RedisCache):
    """``RedisCache`` whose failures are cache misses (see the module docstring)."""

    _down_until = 0.0
    _warned_at = 0.0

    def _fail(self, error: Exception, default):
        now = time.monotonic()
        type(self)._down_until = now + RETRY_AFTER
        if now - type(self)._warned_at > WARN_EVERY:
            type(self)._warned_at = now
            logger.warning("Redis cache unreachable (%s); serving uncached.", error)
        return default

    def _call(self, name: str, default, *args, **kwargs):
        if time.monotonic() < type(self)._down_until:
            return default
        try:
            return getattr(super(), name)(*args, **kwargs)
        except UNREACHABLE as error:
            return self._fail(error, default)

    def add(self, *args, **kwargs):
        return self._call("add", False, *args, **kwargs)

    def get(self, key, default=None, version=None):
        return self._call("get", default, key, default, version)

    def set(self, *args, **kwargs):
        return self._call("set", None, *args, **kwargs)

    def touch(self, *args, **kwargs):
        return self._call("touch", False, *args, **kwargs)

    def delete(self, *args, **kwargs):
        return self._call("delete", False, *args, **kwargs)

    def get_many(self, *args, **kwargs):
        return self._call("get_many", {}, *args, **kwargs)

    def has_key(self, *args, **kwargs):
        return self._call("has_key", False, *args, **kwargs)

    def incr(self, key, delta=1, version=None):
        if time.monotonic() < type(self)._down_until:
            raise ValueError(f"Key '{key}' not found (the cache is unreachable)")
        try:
            return super().incr(key, delta, version)
        except UNREACHABLE as error:
            self._fail(error, None)
            raise ValueError(f"Key '{key}' not found (the cache is unreachable)") from error

    def set_many(self, *args, **kwargs):
        return self._call("set_many", [], *args, **kwargs)

    def delete_many(self, *args, **kwargs):
        return self._call("delete_many", None, *args, **kwargs)

    def clear(self):
        return self._call("clear", False)
