"""What the scale benchmarks share: percentiles, a scratch PostgreSQL database, and running
one backend's measurements in a child process (each on a fresh database)."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results"
POSTGRES_ADMIN = "postgres://postgres@127.0.0.1:5432/postgres"


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def fresh_postgres(database: str) -> str | None:
    """Recreate ``database`` on 127.0.0.1:5432 and return its URL, or None when PostgreSQL
    does not answer."""
    try:
        import psycopg2

        connection = psycopg2.connect(POSTGRES_ADMIN, connect_timeout=3)
    except Exception:  # noqa: BLE001 - any failure means "not available"
        return None
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS {database}")
        cursor.execute(f"CREATE DATABASE {database}")
    connection.close()
    return f"postgres://postgres@127.0.0.1:5432/{database}"


def run_child(module: str, database_url: str, *args: str) -> dict:
    """Run ``python -m module --child ARGS`` on that database; its last line is JSON."""
    env = {**os.environ, "DATABASE_URL": database_url}
    output = subprocess.run(
        [sys.executable, "-m", module, "--child", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return json.loads(output.strip().splitlines()[-1])
