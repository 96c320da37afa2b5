"""Generation stamps that every process sees at once, with or without a shared cache.

Cached pages, fragments and directory counts are kept under a *generation*: a publish or an
import moves it on, and what was kept under the old one is never read again. The stamp must
be seen by every process at the moment it moves, or a web process keeps showing old totals
after an import run from the shell (another process) until its cache entries expire.

- With a shared cache (``REDIS_URL``), the stamp lives in that cache, as everything else.
- With the per-process memory cache (one machine, ``make run``), a memory stamp would be
  private to each process, so the stamp is a small file in ``GENERATIONS_DIR`` instead:
  reading it costs a few microseconds, and writing it (atomically, by rename) is seen by
  every process on the machine at once.
"""

from __future__ import annotations

import os
import tempfile
import uuid
from pathlib import Path

from django.conf import settings
from django.core.cache import cache

PREFIX = "generation:"


def _shared() -> bool:
    backend = settings.CACHES.get("default", {}).get("BACKEND", "")
    return not backend.endswith(("LocMemCache", "DummyCache"))


def _path(name: str) -> Path:
    folder = Path(
        getattr(settings, "GENERATIONS_DIR", None)
        or Path(tempfile.gettempdir()) / "koinotita-generations"
    )
    return folder / name


def current(name: str) -> str:
    """The stamp ``name`` holds now (created on first use)."""
    if _shared():
        value = cache.get(PREFIX + name)
        if value is None:
            cache.add(PREFIX + name, uuid.uuid4().hex, None)
            value = cache.get(PREFIX + name)
        return value or "0"
    path = _path(name)
    try:
        return path.read_text(encoding="ascii") or "0"
    except FileNotFoundError:
        return advance(name)
    except OSError:
        return "0"


def advance(name: str) -> str:
    """Move ``name`` on: everything kept under the old stamp is dropped, in every process."""
    value = uuid.uuid4().hex
    if _shared():
        cache.set(PREFIX + name, value, None)
        return value
    path = _path(name)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{name}.")
        with os.fdopen(handle, "w", encoding="ascii") as stream:
            stream.write(value)
        os.replace(temporary, path)
    except OSError:
        return "0"  # a read-only disk: nothing is kept under a stamp nobody can move
    return value
