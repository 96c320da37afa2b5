"""Dumping and restoring the database, the way each database wants it.

- PostgreSQL: ``pg_dump --format=custom`` (a consistent snapshot, compressed, restorable object
  by object) and ``pg_restore --clean --if-exists --no-owner --single-transaction``: every
  object in the dump is dropped and recreated in one transaction, so a restore that fails
  half-way leaves the database as it was. The client tools must be at least the server's
  major version (Debian: ``postgresql-client``).
- SQLite: the online backup API (``sqlite3.Connection.backup``), both ways. Copying the
  database file while the portal runs could catch a write half-done; the backup API copies a
  consistent state and, restoring, replaces the live database's pages in one locked step.

Connection details come from Django's ``DATABASES["default"]``; PostgreSQL's are handed to the
tools as ``PG*`` environment variables, so the password never shows in a process list.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess  # noqa: S404 - pg_dump and pg_restore, with fixed arguments
from pathlib import Path

SQLITE_DUMP = "database/db.sqlite3"
POSTGRESQL_DUMP = "database/koinotita.pgdump"


class DatabaseToolError(Exception):
    """A dump or restore could not be done; the message says why."""


def dump_name(connection) -> str:
    if connection.vendor == "postgresql":
        return POSTGRESQL_DUMP
    if connection.vendor == "sqlite":
        return SQLITE_DUMP
    raise DatabaseToolError(f"backups support PostgreSQL and SQLite, not {connection.vendor}")


def dump(connection, target: Path) -> None:
    """Write a consistent copy of the database to ``target``."""
    if connection.vendor == "postgresql":
        _run_postgresql_tool(connection, "pg_dump", ["--format=custom", f"--file={target}"])
    elif connection.vendor == "sqlite":
        connection.ensure_connection()
        copy = sqlite3.connect(target)
        try:
            connection.connection.backup(copy)
        finally:
            copy.close()
    else:
        dump_name(connection)  # raises: unsupported


def check_dump(connection, source: Path) -> None:
    """Refuse a dump the database tools cannot read, before anything is replaced."""
    if connection.vendor == "postgresql":
        _run_postgresql_tool(connection, "pg_restore", ["--list", str(source)], database=False)
        return
    copy = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    try:
        result = copy.execute("PRAGMA integrity_check").fetchone()
    except sqlite3.DatabaseError as error:
        raise DatabaseToolError(f"the SQLite dump cannot be read: {error}") from error
    finally:
        copy.close()
    if not result or result[0] != "ok":
        raise DatabaseToolError(f"the SQLite dump fails its integrity check: {result}")


def restore(connection, source: Path) -> None:
    """Replace the database's content with the dump's, in one transaction."""
    if connection.in_atomic_block:
        raise DatabaseToolError("a restore cannot run inside a transaction")
    if connection.vendor == "postgresql":
        connection.close()  # our own session must not hold a lock pg_restore waits for
        _run_postgresql_tool(
            connection,
            "pg_restore",
            [
                "--clean",
                "--if-exists",
                "--no-owner",
                "--single-transaction",
                "--exit-on-error",
                f"--dbname={connection.settings_dict['NAME']}",
                str(source),
            ],
        )
        return
    dump_name(connection)  # raises when unsupported
    connection.ensure_connection()
    copy = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    try:
        copy.backup(connection.connection)
    except sqlite3.DatabaseError as error:
        raise DatabaseToolError(f"SQLite refused the restore: {error}") from error
    finally:
        copy.close()


def _run_postgresql_tool(connection, tool: str, arguments: list[str], database=True) -> None:
    program = shutil.which(tool)
    if program is None:
        raise DatabaseToolError(
            f"{tool} is not installed: install PostgreSQL's client tools "
            "(Debian: apt-get install postgresql-client), of the server's major version or newer"
        )
    done = subprocess.run(  # noqa: S603 - the program found above, our own arguments
        [program, *arguments],
        env=_postgresql_environment(connection.settings_dict, database),
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise DatabaseToolError(f"{tool} failed: {done.stderr.strip() or done.returncode}")


def _postgresql_environment(settings_dict: dict, database: bool) -> dict:
    # As psycopg2 does for Django, other PG* variables set by the operator (PGSSLROOTCERT…)
    # still apply; the ones Django's settings give win.
    environment = dict(os.environ)
    values = {
        "PGHOST": settings_dict.get("HOST"),
        "PGPORT": settings_dict.get("PORT"),
        "PGUSER": settings_dict.get("USER"),
        "PGPASSWORD": settings_dict.get("PASSWORD"),
        "PGDATABASE": settings_dict.get("NAME") if database else None,
        "PGSSLMODE": (settings_dict.get("OPTIONS") or {}).get("sslmode"),
    }
    environment.update({name: str(value) for name, value in values.items() if value})
    return environment
