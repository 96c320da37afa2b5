"""Shared fragments: what many pages show and only a publish changes, computed once per
page-cache generation instead of once per request.

Why: a page the anonymous page cache (core/page_cache.py) does not hold yet is rendered in
full, and most of that work is not the page's own. Every page repeats the site's home page,
its menu and footer links; a centre page repeats its partners grouped by category, its latest
announcements and funding notices. Each is a handful of ORM queries (Wagtail's ``.public()``
alone asks for every view restriction each time) that give the same answer until something is
published. Here each is kept in the cache under the page cache's generation, which moves on
every publish, unpublish, move, delete, privacy change and on saving the alerts, settings and
taxonomies (core/page_cache_purge.py). So a fragment can never outlive the content it shows,
in any language, and a publish drops all of them at once.

What is kept must not depend on the clock or on who asks: plain values and pages, never
"open now" (computed from the kept opening hours on every request), never anything of a
signed-in user. Fragments are kept ``FRAGMENT_CACHE_SECONDS`` at most (0 turns them off; the
test suite does, as it turns the page cache off, because its tests change rows without
publishing); with Redis down, every fragment is computed, as if never kept (core/cache.py).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import TypeVar

from django.conf import settings
from django.core.cache import cache

from core import page_cache

T = TypeVar("T")
MISSING = object()


def seconds() -> int:
    return getattr(settings, "FRAGMENT_CACHE_SECONDS", 300)


def remember(name: str, parts: tuple, compute: Callable[[], T]) -> T:
    """``compute()``, or what it returned for the same ``name`` and ``parts`` (which must say
    everything the answer depends on: site, language, page) since the last publish."""
    if seconds() <= 0:
        return compute()
    digest = hashlib.sha256(repr(parts).encode("utf-8", "surrogateescape")).hexdigest()[:32]
    key = f"fragment:{page_cache.generation()}:{name}:{digest}"
    value = cache.get(key, MISSING)
    if value is MISSING:
        value = compute()
        cache.set(key, value, seconds())
    return value
