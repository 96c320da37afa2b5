"""A fixed-window request counter in the shared cache, for the limits the portal sets itself
(the HSDS API per client, the admin's password-reset e-mails per client and per address, the
wrong passwords of protected pages and collections per client).

Fixed windows, not sliding ones: one ``incr`` per request, no list of timestamps, and the
answer "try again in N seconds" is exact. The counter lives in the Django cache, shared by
every process when ``REDIS_URL`` is set. A cache that fails lets the request through: a
limit exists to slow abuse down, and must never take the page it guards down with it.
"""

from __future__ import annotations

import logging
import time

from django.core.cache import cache

logger = logging.getLogger(__name__)


def _key(name: str, who: str, slot: int) -> str:
    return f"rate:{name}:{who}:{slot}"


def seconds_to_wait(name: str, who: str, allowed: int, window: int) -> int:
    """Count one more request of ``who`` against ``name``'s limit of ``allowed`` per
    ``window`` seconds: 0 while within it, else the seconds until the window ends."""
    now = int(time.time())
    slot = now // window
    key = _key(name, who, slot)
    try:
        cache.add(key, 0, timeout=window + 1)
        used = cache.incr(key)
    except Exception:  # the cache is down or lost the key: let it through
        logger.warning("Rate limit %s skipped: the cache is unavailable", name, exc_info=True)
        return 0
    if used > allowed:
        return (slot + 1) * window - now or 1
    return 0


def forget(name: str, who: str, window: int) -> None:
    """Start ``who``'s count against ``name``'s limit afresh (the rest of the current window)."""
    slot = int(time.time()) // window
    try:
        cache.delete(_key(name, who, slot))
    except Exception:  # the cache is down: there is nothing to forget
        logger.warning("Rate limit %s not reset: the cache is unavailable", name, exc_info=True)
