"""What an archive holds (``manifest.json``), and whether this code can take it back.

The manifest is written last, once every other file's checksum is known. It records the
migrations applied to the database that was dumped: a restore refuses an archive whose
database has migrations this code does not have (newer code made it; this code would run on a
schema it does not know), and reminds the operator to ``migrate`` when the code is the newer.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess  # noqa: S404 - git, to record which commit made the archive
import tomllib
from dataclasses import asdict, dataclass, field

from django.conf import settings
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder

FORMAT = "koinotita-backup"
FORMAT_VERSION = 1
MANIFEST_NAME = "manifest.json"


@dataclass
class Manifest:
    created_at: str  # ISO 8601, UTC
    vendor: str  # Django's connection.vendor: "postgresql", "sqlite"
    database_file: str  # the dump's name inside the archive
    migrations: dict[str, list[str]]  # app label -> applied migration names
    media_included: bool
    files: dict[str, dict] = field(default_factory=dict)  # name -> {"sha256": …, "size": …}
    app_version: str = ""
    commit: str = ""
    media_storage: str = ""
    format: str = FORMAT
    format_version: int = FORMAT_VERSION

    def to_json(self) -> bytes:
        return json.dumps(asdict(self), indent=2, ensure_ascii=False, sort_keys=True).encode()

    @classmethod
    def from_json(cls, data: bytes) -> Manifest:
        """Raises ValueError, with what is wrong, for anything but a manifest we can read."""
        try:
            raw = json.loads(data.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as error:
            raise ValueError(f"the manifest is not JSON ({error})") from error
        if not isinstance(raw, dict) or raw.get("format") != FORMAT:
            raise ValueError("the manifest is not a Koinotita backup manifest")
        version = raw.get("format_version")
        if not isinstance(version, int) or version > FORMAT_VERSION:
            raise ValueError(
                f"the archive's format version {version!r} is newer than this code reads "
                f"({FORMAT_VERSION})"
            )
        try:
            manifest = cls(**{name: raw[name] for name in cls.__dataclass_fields__ if name in raw})
        except TypeError as error:
            raise ValueError(f"the manifest lacks a field ({error})") from error
        files_ok = isinstance(manifest.files, dict) and all(
            isinstance(meta, dict)
            and isinstance(meta.get("sha256"), str)
            and isinstance(meta.get("size"), int)
            for meta in manifest.files.values()
        )
        migrations_ok = isinstance(manifest.migrations, dict) and all(
            isinstance(names, list) and all(isinstance(name, str) for name in names)
            for names in manifest.migrations.values()
        )
        if not (files_ok and migrations_ok and isinstance(manifest.database_file, str)):
            raise ValueError("the manifest's file list or migrations are malformed")
        if manifest.database_file not in manifest.files:
            raise ValueError("the manifest names no database dump among its files")
        return manifest


def app_version() -> str:
    with open(settings.BASE_DIR / "pyproject.toml", "rb") as handle:
        return tomllib.load(handle).get("project", {}).get("version", "")


def app_commit() -> str:
    """The commit the code was deployed from: ``KOINOTITA_COMMIT`` (set by a build without a
    git checkout), else git's answer, else empty."""
    if os.environ.get("KOINOTITA_COMMIT"):
        return os.environ["KOINOTITA_COMMIT"]
    git = shutil.which("git")
    if git is None or not (settings.BASE_DIR / ".git").exists():
        return ""
    done = subprocess.run(  # noqa: S603 - fixed arguments
        [git, "-C", str(settings.BASE_DIR), "rev-parse", "HEAD"],
        capture_output=True,
        text=True,
        check=False,
    )
    return done.stdout.strip() if done.returncode == 0 else ""


def applied_migrations(connection) -> dict[str, list[str]]:
    applied: dict[str, list[str]] = {}
    for app, name in sorted(MigrationRecorder(connection).applied_migrations()):
        applied.setdefault(app, []).append(name)
    return applied


def _loader() -> MigrationLoader:
    return MigrationLoader(None, ignore_no_migrations=True, load=True)


def unknown_migrations(migrations: dict[str, list[str]]) -> list[str]:
    """Migrations the archive's database had that this code's apps do not have: the archive
    was made by newer code. Apps this code does not install are not ours to judge."""
    loader = _loader()
    apps, known = set(loader.migrated_apps), set(loader.disk_migrations)
    return [
        f"{app}.{name}"
        for app, names in sorted(migrations.items())
        if app in apps
        for name in names
        if (app, name) not in known
    ]


def missing_migrations(migrations: dict[str, list[str]]) -> list[str]:
    """Migrations this code has that the archive's database had not applied: ``migrate``
    brings the restored database up to date."""
    known = set(_loader().graph.nodes)  # squashed migrations stand for what they replace
    had = {(app, name) for app, names in migrations.items() for name in names}
    return [f"{app}.{name}" for app, name in sorted(known - had)]
