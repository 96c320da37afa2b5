"""``make serve-prod``'s own steps that run before the portal: the PostgreSQL check and the
creation of a missing database."""

import os
import subprocess
import sys
import uuid

import pytest

from tests.deploy.conftest import DEPLOY, ROOT, in_ci

# The PostgreSQL server the suite uses, or CI's default one; its maintenance database.
_url = os.environ.get("DATABASE_URL", "")
_url = _url if _url.startswith("postgres") else "postgres://postgres@127.0.0.1:5432/koinotita"
SERVER = _url.rsplit("/", 1)[0] + "/postgres"


def run(*command, **environ):
    return subprocess.run(
        command,
        cwd=ROOT,
        env={**os.environ, **environ},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_serve_prod_refuses_a_database_that_is_not_postgresql():
    result = run("bash", DEPLOY / "serve-prod.sh", DATABASE_URL="sqlite:///db.sqlite3")
    assert result.returncode == 2
    assert "runs on PostgreSQL" in result.stderr


def test_an_unreachable_server_is_named_not_a_traceback():
    result = run(
        sys.executable,
        DEPLOY / "create_database.py",
        DATABASE_URL="postgres://postgres@127.0.0.1:1/koinotita_prod",
    )
    assert result.returncode == 1
    assert "PostgreSQL cannot be reached at 127.0.0.1:1" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.fixture
def postgres():
    import psycopg2

    try:
        connection = psycopg2.connect(SERVER, connect_timeout=5)
    except psycopg2.OperationalError as error:
        if in_ci():
            pytest.fail(f"PostgreSQL is not reachable at {SERVER}: {error}")
        pytest.skip(f"PostgreSQL is not reachable at {SERVER}")
    connection.autocommit = True
    yield connection
    connection.close()


def test_a_missing_database_is_created_once(postgres):
    name = f"koinotita_serve_prod_test_{uuid.uuid4().hex[:8]}"
    url = SERVER.rsplit("/", 1)[0] + "/" + name
    try:
        first = run(sys.executable, DEPLOY / "create_database.py", DATABASE_URL=url)
        second = run(sys.executable, DEPLOY / "create_database.py", DATABASE_URL=url)
        assert first.returncode == second.returncode == 0, first.stderr + second.stderr
        assert f"Created the database {name}." in first.stdout
        assert second.stdout == ""
        with postgres.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
            assert cursor.fetchone() == (1,)
    finally:
        with postgres.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
