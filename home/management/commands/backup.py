"""``python manage.py backup [--output DIR] [--no-media] [--keep N]``

Writes one archive, ``DIR/koinotita-YYYYmmdd-HHMMSS.tar.gz`` (default DIR: ``backups/``),
holding a dump of the database, every media file and a manifest (``home.backups``, decision
0015), and prints its path. ``make backup`` runs it; in production a systemd timer or cron
line does (docs/deployment.md, "Backups and restore").
"""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from home.backups import write_backup
from home.backups.database import DatabaseToolError

ARCHIVE_PATTERN = "koinotita-*.tar.gz"


class Command(BaseCommand):
    help = "Back up the database and the media files into one .tar.gz archive."

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            default=str(settings.BASE_DIR / "backups"),
            help="the folder the archive is written to (default: backups/)",
        )
        parser.add_argument(
            "--no-media",
            action="store_true",
            help="leave the media files out (when their storage is backed up by itself)",
        )
        parser.add_argument(
            "--keep",
            type=int,
            default=0,
            help="then delete all but the newest N archives in the folder (default: keep all)",
        )

    def handle(self, *args, output: str, no_media: bool, keep: int, **options):
        if keep < 0:
            raise CommandError("--keep takes a number of archives, 1 or more")
        folder = Path(output)
        try:
            archive = write_backup(folder, include_media=not no_media)
        except DatabaseToolError as error:
            raise CommandError(f"Backup failed: {error}") from error
        except OSError as error:
            raise CommandError(f"Backup failed, no archive written: {error}") from error
        megabytes = archive.stat().st_size / 1_000_000
        self.stdout.write(f"Backup written: {archive} ({megabytes:.1f} MB)")
        if keep:
            for old in sorted(folder.glob(ARCHIVE_PATTERN), reverse=True)[keep:]:
                old.unlink()
                self.stdout.write(f"Deleted an older backup: {old}")
