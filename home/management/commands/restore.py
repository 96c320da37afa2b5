"""``python manage.py restore ARCHIVE [--yes]``

Replaces the database and the media files with those of an archive made by ``backup``. The
archive is unpacked and checked first (``home.backups.read_backup``): a damaged archive, a
checksum that does not match, a dump of another kind of database or one made by newer code is
refused with the reason, a non-zero exit and nothing changed. Then it asks for confirmation
(unless ``--yes``), and restores. Stop the web processes first: a restore on PostgreSQL waits
for every other session's locks.
"""

import tempfile
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections

from home.backups import BackupRefused, read_backup, restore_backup
from home.backups.archive import VENDOR_NAMES

CONFIRMATION = "yes"


class Command(BaseCommand):
    help = "Restore the database and the media files from an archive made by `backup`."

    def add_arguments(self, parser):
        parser.add_argument("archive", help="the .tar.gz archive made by manage.py backup")
        parser.add_argument(
            "--yes", action="store_true", help="do not ask for confirmation (scripts, drills)"
        )

    def handle(self, *args, archive: str, yes: bool, **options):
        connection = connections[DEFAULT_DB_ALIAS]
        with tempfile.TemporaryDirectory(prefix="koinotita-restore-") as work:
            try:
                backup = read_backup(Path(archive), Path(work), connection)
            except BackupRefused as error:
                raise CommandError(f"Restore refused, nothing was changed: {error}") from error
            manifest = backup.manifest
            self.stdout.write(
                f"Archive {backup.archive.name}: made {manifest.created_at} by Koinotita "
                f"{manifest.app_version or '?'} ({manifest.commit[:12] or 'commit unknown'}), "
                f"{VENDOR_NAMES.get(manifest.vendor, manifest.vendor)} database, "
                + (
                    f"{len(backup.media_names)} media files; checksums verified."
                    if manifest.media_included
                    else "no media files (made with --no-media); checksums verified."
                )
            )
            if not yes and not self._confirmed(connection):
                raise CommandError("Restore cancelled; nothing was changed.")
            try:
                restored = restore_backup(backup, connection)
            except BackupRefused as error:
                raise CommandError(f"Restore failed: {error}") from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored the database and {restored.media_written} media files "
                f"from {backup.archive.name}."
            )
        )
        if restored.media_not_in_archive:
            self.stdout.write(
                f"{restored.media_not_in_archive} media files uploaded since the backup were "
                "left in place; no content refers to them."
            )
        if restored.missing_migrations:
            self.stdout.write(
                f"The archive predates {len(restored.missing_migrations)} migrations of this "
                "code: run `manage.py migrate` now."
            )
        if settings.WAGTAILSEARCH_BACKENDS["default"]["BACKEND"] == "search.elasticsearch":
            self.stdout.write("Elasticsearch is not in the archive: run `manage.py update_index`.")

    def _confirmed(self, connection) -> bool:
        name = connection.settings_dict["NAME"]
        prompt = (
            f"This replaces everything in the database {name} and overwrites the media files. "
            f"Type '{CONFIRMATION}' to restore: "
        )
        try:
            return input(prompt).strip().lower() == CONFIRMATION
        except EOFError:  # no terminal and no --yes
            return False
