"""Backups: one archive (``.tar.gz``) holding a database dump, the media files and a manifest,
and a restore that checks the archive before it changes anything (decision 0015).

- ``archive.write_backup`` makes the archive; ``archive.read_backup`` unpacks one into a
  working folder and refuses it (``BackupRefused``) when it is damaged, when a file's checksum
  differs from the manifest's, or when it was made on another database or by newer code;
  ``archive.restore_backup`` then replaces the database and writes the media back.
- ``database`` knows how each database is dumped and restored (PostgreSQL: ``pg_dump`` and
  ``pg_restore``; SQLite: its online backup API), ``media`` reads and writes the files through
  Django's storage API, ``manifest`` says what the archive holds.

The ``backup`` and ``restore`` management commands (``make backup``, ``make restore``) are the
operator's way in.
"""

from home.backups.archive import BackupRefused, read_backup, restore_backup, write_backup

__all__ = ["BackupRefused", "read_backup", "restore_backup", "write_backup"]
