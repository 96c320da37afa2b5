"""A scratch copy of the session's test database, for tests that must commit, drop tables or
run outside a transaction (a backup and restore, migrations back to zero), and so must never
touch the test database every other test shares.

``scratch_copy`` copies the test database (PostgreSQL: ``CREATE DATABASE … TEMPLATE``; SQLite:
the online backup API into a file) and drops the copy afterwards; ``connected_to`` puts a
connection to the copy in place of the default connection while a block runs.
"""

from __future__ import annotations

import copy
import sqlite3
from contextlib import contextmanager
from pathlib import Path

from django.db import DEFAULT_DB_ALIAS, connections


@contextmanager
def scratch_copy(django_db_blocker, folder: Path, label: str):
    """Copy the test database; yields the copy's settings, drops it afterwards.

    Used from a module-scoped fixture: it runs before any test's transaction is opened (a
    PostgreSQL template must have no session in a transaction)."""
    with django_db_blocker.unblock():
        original = connections[DEFAULT_DB_ALIAS]
        settings = copy.deepcopy(original.settings_dict)
        if original.vendor == "postgresql":
            settings["NAME"] = f"{original.settings_dict['NAME']}_{label}"[:63]
            _clone_postgresql(original, settings["NAME"])
        else:
            settings["NAME"] = str(folder / f"{label}.sqlite3")
            original.ensure_connection()
            target = sqlite3.connect(settings["NAME"])
            try:
                original.connection.backup(target)
            finally:
                target.close()
        try:
            yield settings
        finally:
            if original.vendor == "postgresql":
                _drop_postgresql(original.settings_dict, settings["NAME"])


@contextmanager
def connected_to(settings: dict):
    """The default connection points at the copy while the block runs (in autocommit, like
    a real process); the test database's connection, and any transaction the test opened on
    it, is left as it was and put back afterwards."""
    original = connections[DEFAULT_DB_ALIAS]
    scratch = type(original)(copy.deepcopy(settings), alias=DEFAULT_DB_ALIAS)
    connections[DEFAULT_DB_ALIAS] = scratch
    try:
        yield scratch
    finally:
        scratch.close()
        connections[DEFAULT_DB_ALIAS] = original
        _forget_what_the_copy_taught()


def _maintenance(settings_dict):
    import psycopg2

    server = psycopg2.connect(
        dbname="postgres",
        host=settings_dict.get("HOST") or None,
        port=settings_dict.get("PORT") or None,
        user=settings_dict.get("USER") or None,
        password=settings_dict.get("PASSWORD") or None,
    )
    server.autocommit = True
    return server


def _clone_postgresql(original, name: str) -> None:
    from psycopg2 import sql

    # A template must have no other session: this process's own are closed first.
    for connection in connections.all(initialized_only=True):
        connection.close()
    server = _maintenance(original.settings_dict)
    try:
        with server.cursor() as cursor:
            cursor.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )
            cursor.execute(
                sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(
                    sql.Identifier(name), sql.Identifier(original.settings_dict["NAME"])
                )
            )
    finally:
        server.close()


def _drop_postgresql(settings_dict, name: str) -> None:
    from psycopg2 import sql

    server = _maintenance(settings_dict)
    try:
        with server.cursor() as cursor:
            cursor.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )
    finally:
        server.close()


def _forget_what_the_copy_taught() -> None:
    """In-process caches filled from the copy (content type ids, cached pages) must not
    answer for the test database."""
    from django.contrib.contenttypes.models import ContentType
    from django.core.cache import caches

    ContentType.objects.clear_cache()
    for cache in caches.all():
        cache.clear()
