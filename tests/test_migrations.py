"""Our migrations can be undone (decision 0015): a deployment that goes wrong is rolled back
with ``manage.py migrate <app> <previous>`` and the code of the release before.

Every operation of the ``home``, ``directory`` and ``search`` migrations must be reversible
(a ``RunPython`` with its reverse function, a ``RunSQL`` with its reverse SQL) unless it is
listed, with the reason, in ``IRREVERSIBLE``. Then the three apps are migrated back to zero
and forwards again with Django's ``MigrationExecutor`` on a scratch copy of the test database
(with the demo content in it, as a real rollback has), and the schema must come back the same.
Runs on SQLite and on PostgreSQL; CI runs both.
"""

from __future__ import annotations

import pytest
from django.db import migrations
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader

from tests.scratch_database import connected_to, scratch_copy

LOCAL_APPS = ("home", "directory", "search")
# (app, migration, index of the operation) -> why it cannot be undone. Empty: every one can.
IRREVERSIBLE: dict[tuple[str, str, int], str] = {}


def local_operations():
    loader = MigrationLoader(None, ignore_no_migrations=True)
    for (app, name), migration in sorted(loader.disk_migrations.items()):
        if app in LOCAL_APPS:
            for index, operation in enumerate(migration.operations):
                yield (app, name, index), operation


def test_every_operation_of_our_migrations_has_a_way_back():
    missing = []
    for key, operation in local_operations():
        undoable = operation.reversible
        if isinstance(operation, migrations.RunPython):
            undoable = operation.reverse_code is not None
        if isinstance(operation, migrations.RunSQL):
            undoable = operation.reverse_sql is not None
        if not undoable and key not in IRREVERSIBLE:
            missing.append(f"{key}: {operation.describe()}")
    assert not missing, "irreversible, and not in IRREVERSIBLE with a reason:\n" + "\n".join(
        missing
    )
    known = {key for key, _operation in local_operations()}
    assert set(IRREVERSIBLE) <= known, "IRREVERSIBLE names an operation that no longer exists"


@pytest.fixture(scope="module")
def scratch_settings(django_db_setup, django_db_blocker, tmp_path_factory):
    with scratch_copy(django_db_blocker, tmp_path_factory.mktemp("mig"), "migrations") as copy:
        yield copy


def schema(connection) -> dict:
    """Every table's columns (name, type, nullability) and constraint names, for the tables
    of our apps and Wagtail's page table (which ``home`` indexes)."""
    found = {}
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            if not table.startswith(tuple(f"{app}_" for app in LOCAL_APPS)) and (
                table != "wagtailcore_page"
            ):
                continue
            columns = connection.introspection.get_table_description(cursor, table)
            found[table] = {
                "columns": sorted((c.name, c.type_code, c.null_ok) for c in columns),
                "constraints": sorted(connection.introspection.get_constraints(cursor, table)),
            }
    return found


def applied(connection) -> set:
    executor = MigrationExecutor(connection)
    return {key for key in executor.loader.applied_migrations if key[0] in LOCAL_APPS}


def test_our_apps_migrate_back_to_zero_and_forwards_again(db, scratch_settings):
    with connected_to(scratch_settings) as connection:
        executor = MigrationExecutor(connection)
        latest = [key for key in executor.loader.graph.leaf_nodes() if key[0] in LOCAL_APPS]
        everything = applied(connection)
        before = schema(connection)
        assert len(latest) == len(LOCAL_APPS) and everything

        executor.migrate([(app, None) for app in LOCAL_APPS])
        assert applied(connection) == set()
        assert set(schema(connection)) == {"wagtailcore_page"}  # our tables are gone
        page_indexes = schema(connection)["wagtailcore_page"]["constraints"]
        assert "koinotita_page_depth_path" not in page_indexes  # home.0002 undone

        executor = MigrationExecutor(connection)
        executor.migrate(latest)
        assert applied(connection) == everything
        assert schema(connection) == before
