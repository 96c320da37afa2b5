"""The media files (documents, original images, renditions), read and written through
Django's storage API rather than the file system.

The same code then backs up a local ``MEDIA_ROOT`` (``FileSystemStorage``), an S3-compatible
bucket (django-storages, ``STORAGES["default"]``) and the test suite's in-memory storage.
Every file the storage lists is taken, renditions included, so a restored site needs no
regeneration. On a bucket with versioning and cross-region replication the operator may
leave media out (``backup --no-media``): the bucket is then its own backup.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterator

from django.core.files import File
from django.core.files.storage import default_storage, storages


def storage_name() -> str:
    kind = type(storages["default"])
    return f"{kind.__module__}.{kind.__qualname__}"


def names(directory: str = "") -> Iterator[str]:
    """Every file in the storage, as storage names ("documents/report.pdf"), sorted."""
    try:
        directories, files = default_storage.listdir(directory)
    except FileNotFoundError:  # a MEDIA_ROOT nothing was ever uploaded to
        return
    for name in sorted(files):
        yield posixpath.join(directory, name) if directory else name
    for name in sorted(directories):
        yield from names(posixpath.join(directory, name) if directory else name)


def size(name: str) -> int:
    return default_storage.size(name)


def open_file(name: str):
    return default_storage.open(name, "rb")


def write(name: str, source) -> None:
    """Put ``source``'s bytes at exactly ``name``, replacing what is there: a storage that
    would otherwise pick a free name ("report_a1b2c3.pdf") must not, or the database's
    references would point past the restored file."""
    if default_storage.exists(name):
        default_storage.delete(name)
    saved = default_storage.save(name, File(source, name=posixpath.basename(name)))
    if saved != name:
        raise OSError(f"the storage saved {name} as {saved}")
