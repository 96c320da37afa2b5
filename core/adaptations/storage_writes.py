"""Every file any storage writes while a guarded request runs is recorded, so that a failed
upload can remove what it half-wrote.

Why: the upload guard (``UploadFaultMiddleware`` in the editorial app) rolls the database back
when an upload fails and must delete the files the request already stored: the original, its
renditions, through whichever backend is configured (the file system, django-storages). Django
offers no signal for a stored file, and a wrapping backend in ``STORAGES`` would miss storages
a field names itself; every backend inherits ``Storage.save``, so ``install()`` wraps it. The
wrapper only records when ``recording_writes()`` is open; otherwise it is Django's own.

Mirrors Django 5.2 (``MIRRORS``), as Wagtail 8.0.1 uses it.
"""

import contextvars
import functools
from contextlib import contextmanager

MIRRORS = {
    "django.core.files.storage.base:Storage.save": "da89d09f37bf9fdd",
}

_written: contextvars.ContextVar[list | None] = contextvars.ContextVar(
    "upload_files_written", default=None
)


def install() -> None:
    """Record, while ``recording_writes()`` is open, every file any storage saves. Idempotent."""
    from django.core.files.storage import Storage

    if getattr(Storage.save, "records_upload_writes", False):
        return
    original = Storage.save

    @functools.wraps(original)
    def save(self, name, content, max_length=None):
        stored = original(self, name, content, max_length=max_length)
        written = _written.get()
        if written is not None:
            written.append((self, stored))
        return stored

    save.records_upload_writes = True
    Storage.save = save


def recording() -> bool:
    """Whether a ``recording_writes()`` block is open in this context."""
    return _written.get() is not None


@contextmanager
def recording_writes():
    """Inside the block, ``(storage, name)`` of every file saved is appended to the list."""
    written: list = []
    token = _written.set(written)
    try:
        yield written
    finally:
        _written.reset(token)
