"""The archive: writing it, reading it back with every check, and restoring from it.

Layout of ``koinotita-YYYYmmdd-HHMMSS.tar.gz``::

    database/koinotita.pgdump    (PostgreSQL) or database/db.sqlite3 (SQLite)
    media/<storage name>         every media file, under its storage name
    manifest.json                written last: what made the archive, and each file's SHA-256

A restore unpacks the whole archive into a working folder and checks it (gzip and tar
integrity, safe member names, every checksum, the database vendor, the migrations, the dump
readable by the database's tools) before it touches anything; only then is the database
replaced (in one transaction) and the media written back.
"""

from __future__ import annotations

import datetime
import gzip
import hashlib
import io
import os
import tarfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from django.contrib.contenttypes.models import ContentType
from django.core.cache import caches
from django.db import DEFAULT_DB_ALIAS, connections
from django.utils import timezone

from home.backups import database, media
from home.backups.manifest import (
    MANIFEST_NAME,
    Manifest,
    app_commit,
    app_version,
    applied_migrations,
    missing_migrations,
    unknown_migrations,
)

MEDIA_FOLDER = "media"
CHUNK = 1024 * 1024
VENDOR_NAMES = {"postgresql": "PostgreSQL", "sqlite": "SQLite"}


class BackupRefused(Exception):
    """The archive cannot be restored here; nothing was changed. The message says why."""


# --- writing ------------------------------------------------------------------------------


def write_backup(directory: Path, include_media: bool = True, connection=None) -> Path:
    """Write a new archive into ``directory`` and return its path.

    The archive is written under a temporary name and renamed when complete, so a backup that
    fails (a full disk, a file that changed size while it was read) leaves no archive that
    looks whole. It is readable by its owner only: it holds personal data and password
    hashes."""
    connection = connection or connections[DEFAULT_DB_ALIAS]
    created = timezone.now().astimezone(datetime.UTC)
    directory.mkdir(parents=True, exist_ok=True)
    target = _free_name(directory, f"koinotita-{created:%Y%m%d-%H%M%S}")
    partial = target.with_name(target.name + ".partial")
    manifest = Manifest(
        created_at=created.isoformat(),
        vendor=connection.vendor,
        database_file=database.dump_name(connection),
        migrations=applied_migrations(connection),
        media_included=include_media,
        app_version=app_version(),
        commit=app_commit(),
        media_storage=media.storage_name() if include_media else "",
    )
    dump_path = partial.with_name(partial.name + ".dump")
    try:
        database.dump(connection, dump_path)
        descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "wb") as raw, tarfile.open(fileobj=raw, mode="w:gz") as tar:
            with open(dump_path, "rb") as dumped:
                _add(tar, manifest, manifest.database_file, dumped, dump_path.stat().st_size)
            if include_media:
                for name in media.names():
                    with media.open_file(name) as stored:
                        _add(tar, manifest, f"{MEDIA_FOLDER}/{name}", stored, media.size(name))
            info = tarfile.TarInfo(MANIFEST_NAME)
            content = manifest.to_json()
            info.size, info.mtime, info.mode = len(content), int(created.timestamp()), 0o600
            tar.addfile(info, io.BytesIO(content))
        os.replace(partial, target)
    finally:
        dump_path.unlink(missing_ok=True)
        partial.unlink(missing_ok=True)
    return target


def _free_name(directory: Path, stem: str) -> Path:
    target, number = directory / f"{stem}.tar.gz", 1
    while target.exists():
        number += 1
        target = directory / f"{stem}-{number}.tar.gz"
    return target


class _Hashing:
    """A file object that hashes what is read through it."""

    def __init__(self, raw):
        self.raw = raw
        self.sha256 = hashlib.sha256()
        self.size = 0

    def read(self, size=-1):
        data = self.raw.read(size)
        self.sha256.update(data)
        self.size += len(data)
        return data


def _add(tar, manifest: Manifest, name: str, source, size: int) -> None:
    info = tarfile.TarInfo(name)
    info.size, info.mode = size, 0o600
    info.mtime = int(timezone.now().timestamp())
    hashing = _Hashing(source)
    tar.addfile(info, hashing)  # raises OSError if the file is shorter than it said
    manifest.files[name] = {"sha256": hashing.sha256.hexdigest(), "size": hashing.size}


# --- reading and checking -----------------------------------------------------------------


@dataclass
class Backup:
    """An archive unpacked into ``folder`` and found whole and fit for this portal."""

    archive: Path
    folder: Path
    manifest: Manifest
    media_names: list[str] = field(default_factory=list)  # storage names

    @property
    def database_dump(self) -> Path:
        return self.folder / self.manifest.database_file

    @property
    def missing_migrations(self) -> list[str]:
        return missing_migrations(self.manifest.migrations)


def read_backup(archive: Path, folder: Path, connection=None) -> Backup:
    """Unpack ``archive`` into ``folder`` (an empty working folder) and check everything a
    restore depends on; raise ``BackupRefused`` with the reason when anything is wrong."""
    connection = connection or connections[DEFAULT_DB_ALIAS]
    if not archive.is_file():
        raise BackupRefused(f"{archive}: no such file")
    _check_gzip(archive)
    found = _unpack(archive, folder)
    if MANIFEST_NAME not in found:
        raise BackupRefused(f"{archive.name} has no {MANIFEST_NAME}: not a Koinotita backup")
    try:
        manifest = Manifest.from_json((folder / MANIFEST_NAME).read_bytes())
    except ValueError as error:
        raise BackupRefused(f"{archive.name}: {error}") from error
    del found[MANIFEST_NAME]
    _check_files(archive, manifest, found)
    if manifest.vendor != connection.vendor:
        raise BackupRefused(
            f"{archive.name} holds a {VENDOR_NAMES.get(manifest.vendor, manifest.vendor)} "
            f"database; this portal runs on "
            f"{VENDOR_NAMES.get(connection.vendor, connection.vendor)}"
        )
    if manifest.database_file != database.dump_name(connection):
        raise BackupRefused(f"{archive.name}: unexpected database file {manifest.database_file}")
    unknown = unknown_migrations(manifest.migrations)
    if unknown:
        raise BackupRefused(
            f"{archive.name} was made by newer code: its database has migrations this code "
            f"does not have ({', '.join(unknown[:5])}{' …' if len(unknown) > 5 else ''}). "
            "Restore it with the code it was made by."
        )
    try:
        database.check_dump(connection, folder / manifest.database_file)
    except database.DatabaseToolError as error:
        raise BackupRefused(f"{archive.name}: {error}") from error
    prefix = f"{MEDIA_FOLDER}/"
    media_names = sorted(name[len(prefix) :] for name in found if name.startswith(prefix))
    return Backup(archive=archive, folder=folder, manifest=manifest, media_names=media_names)


def _check_gzip(archive: Path) -> None:
    """Read the whole compressed stream, so a damaged or truncated archive is refused by its
    own CRC before anything else is looked at."""
    try:
        with gzip.open(archive, "rb") as stream:
            while stream.read(CHUNK):
                pass
    except (OSError, EOFError, zlib.error) as error:
        raise BackupRefused(f"{archive.name} is damaged (gzip: {error})") from error


def _unpack(archive: Path, folder: Path) -> dict[str, dict]:
    """Every member written under ``folder``, with its SHA-256 and size. Only regular files
    with plain relative names are accepted: an archive cannot write outside ``folder``."""
    found: dict[str, dict] = {}
    try:
        with tarfile.open(archive, "r:gz") as tar:
            for member in tar:
                name = _safe_name(archive, member)
                if name in found:
                    raise BackupRefused(f"{archive.name} holds {name} twice")
                target = folder / name
                target.parent.mkdir(parents=True, exist_ok=True)
                digest, size = hashlib.sha256(), 0
                source = tar.extractfile(member)
                with open(target, "wb") as written:
                    while chunk := source.read(CHUNK):
                        digest.update(chunk)
                        size += len(chunk)
                        written.write(chunk)
                found[name] = {"sha256": digest.hexdigest(), "size": size}
    except (tarfile.TarError, OSError, EOFError, zlib.error) as error:
        raise BackupRefused(f"{archive.name} is damaged (tar: {error})") from error
    return found


def _safe_name(archive: Path, member: tarfile.TarInfo) -> str:
    name = member.name
    path = PurePosixPath(name)
    if not member.isreg():
        raise BackupRefused(f"{archive.name}: {name} is not a regular file")
    if (
        "\\" in name
        or path.is_absolute()
        or any(part in ("", ".", "..") for part in name.split("/"))
        or not (name == MANIFEST_NAME or path.parts[0] in ("database", MEDIA_FOLDER))
        or (path.parts[0] == MEDIA_FOLDER and len(path.parts) < 2)
    ):
        raise BackupRefused(f"{archive.name}: refused member name {name!r}")
    return name


def _check_files(archive: Path, manifest: Manifest, found: dict[str, dict]) -> None:
    listed, present = set(manifest.files), set(found)
    if listed - present:
        missing = ", ".join(sorted(listed - present)[:5])
        raise BackupRefused(f"{archive.name} lacks files its manifest lists: {missing}")
    if present - listed:
        extra = ", ".join(sorted(present - listed)[:5])
        raise BackupRefused(f"{archive.name} holds files its manifest does not list: {extra}")
    differ = sorted(
        name
        for name in listed
        if (manifest.files[name]["sha256"], manifest.files[name]["size"])
        != (found[name]["sha256"], found[name]["size"])
    )
    if differ:
        raise BackupRefused(
            f"{archive.name}: checksum does not match the manifest for {', '.join(differ[:5])}"
        )


# --- restoring ----------------------------------------------------------------------------


@dataclass
class Restored:
    media_written: int
    media_not_in_archive: int
    missing_migrations: list[str]


def restore_backup(backup: Backup, connection=None) -> Restored:
    """Replace the database with the archive's and write its media files back.

    The database goes first and in one transaction: if it fails, nothing has changed. Media
    files the archive holds are written over the stored ones; files uploaded since the backup
    are left in place (no row refers to them any more) and counted."""
    connection = connection or connections[DEFAULT_DB_ALIAS]
    try:
        database.restore(connection, backup.database_dump)
    except database.DatabaseToolError as error:
        raise BackupRefused(f"{backup.archive.name}: {error}; the database is unchanged") from error
    ContentType.objects.clear_cache()
    for cache in caches.all():
        cache.clear()
    written = 0
    for name in backup.media_names:
        with open(backup.folder / MEDIA_FOLDER / name, "rb") as source:
            media.write(name, source)
        written += 1
    left = 0
    if backup.manifest.media_included:
        left = len(set(media.names()) - set(backup.media_names))
    return Restored(
        media_written=written,
        media_not_in_archive=left,
        missing_migrations=backup.missing_migrations,
    )
