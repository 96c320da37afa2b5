"""PostgreSQL restarts in the middle of a bounded load: the portal recovers by itself and
nothing is lost or half-written (core/errors.py, ATOMIC_REQUESTS, CONN_HEALTH_CHECKS).

The portal runs as in production (gunicorn, two workers, production settings) against a
PostgreSQL cluster of the test's own, started from the machine's PostgreSQL binaries in a
temporary folder, so restarting it cannot disturb the suite's own database. During the load
the cluster is restarted (``pg_ctl restart -m fast``: every connection is cut) while:

* readers ask the home and centre pages: each answer is a page (200) or, while the database
  is away, "briefly unavailable" (503 with Retry-After), never a 500 or a dropped connection;
* writers search for words never searched before, which the search log counts in the
  request's transaction: a search answered 200 is counted exactly once, one answered 503 at
  most once (a commit whose acknowledgement was lost), none twice;
* an HSDS import of 40 organisations runs across the restart: it either wrote everything or
  nothing, and run again it leaves each organisation exactly once.

After the restart, every page answers 200 again within seconds, by itself.
"""

import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path
from urllib.parse import quote

import pytest

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="a PostgreSQL fault: runs in the PostgreSQL suite (make test with DATABASE_URL)",
)


def pg_bin() -> Path:
    versions = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"))
    if not versions:
        pytest.fail("PostgreSQL's server binaries (initdb, pg_ctl) are missing")
    return versions[-1].parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Cluster:
    """A throwaway PostgreSQL cluster owned by the postgres user, on a free port."""

    def __init__(self, folder: Path):
        self.bin = pg_bin()
        self.data = folder / "data"
        self.port = free_port()
        folder.mkdir(parents=True, exist_ok=True)
        shutil.chown(folder, "postgres")
        self.log = folder / "postgres.log"
        self._as_postgres(self.bin / "initdb", "-D", self.data, "-A", "trust", "-U", "postgres")
        options = f"-p {self.port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off"
        self.ctl = [self.bin / "pg_ctl", "-D", self.data, "-l", self.log, "-o", options, "-w"]
        self._as_postgres(*self.ctl, "start")
        self.url = f"postgres://postgres@127.0.0.1:{self.port}/koinotita_fault"
        self._as_postgres(
            self.bin / "createdb", "-h", "127.0.0.1", "-p", self.port, "koinotita_fault"
        )

    def _as_postgres(self, *command):
        prefix = [] if os.geteuid() != 0 else ["runuser", "-u", "postgres", "--"]
        subprocess.run(
            [*prefix, *map(str, command)], check=True, capture_output=True, cwd=self.data.parent
        )

    def restart(self):
        self._as_postgres(*self.ctl, "-m", "fast", "restart")

    def stop(self):
        self._as_postgres(*self.ctl, "-m", "immediate", "stop")


def portal_env(database_url: str) -> dict:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings.production",
        "DATABASE_URL": database_url,
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "PAGE_CACHE_SECONDS": "0",
        "LOG_LEVEL": "ERROR",
    }


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    if os.geteuid() != 0 and os.environ.get("USER") != "postgres":
        pytest.fail("the fault test starts its own PostgreSQL cluster: run it as root or postgres")
    # Not under pytest's own temporary folder: that one is private to root, and the cluster
    # runs as the postgres user.
    folder = Path(tempfile.mkdtemp(prefix="koinotita-pg-fault-"))
    cluster = Cluster(folder)
    env = {**portal_env(cluster.url), "STATIC_ROOT": str(folder / "static")}
    for command in (
        ["migrate", "--noinput", "-v0"],
        ["load_demo_content", "-v0"],
        ["collectstatic", "--noinput", "-v0"],  # production settings serve the manifest's names
    ):
        subprocess.run([sys.executable, "manage.py", *command], cwd=ROOT, env=env, check=True)
    port = free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "portal.wsgi:application",
            "--workers",
            "2",
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_every_page_answers(url, ["/healthz", "/", "/kentra/chania/"], 60)
        yield cluster, env, url
    finally:
        server.terminate()
        server.wait(timeout=30)
        cluster.stop()
        shutil.rmtree(folder, ignore_errors=True)


def status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=20) as response:  # noqa: S310 - loopback
            response.read()
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except OSError:
        return -1  # the connection itself failed


def wait_until_every_page_answers(base: str, paths: list[str], seconds: float) -> float:
    began = time.monotonic()
    seen = []
    while time.monotonic() - began < seconds:
        answers = [status(base + path) for path in paths]
        if all(answer == 200 for answer in answers):
            return time.monotonic() - began
        seen.append(answers)
        time.sleep(0.2)
    pytest.fail(f"{paths} did not all answer 200 within {seconds} s; answers: {seen[-5:]}")


GREEK = "αβγδεζηθικλμνξοπρστυφχψω"


def unheard_word() -> str:
    """A word nobody searched before, of letters only (the search log keeps it as typed)."""
    return "δοκιμη" + "".join(secrets.choice(GREEK) for _ in range(10))


def organisations(count: int) -> list[dict]:
    return [
        {
            "id": str(uuid.uuid4()),
            "name": f"Σύλλογος Δοκιμής Βλάβης {number}",
            "description": "Οργάνωση που εισάγεται την ώρα που η βάση επανεκκινεί.",
            "services": [
                {
                    "id": str(uuid.uuid4()),
                    "name": f"Υπηρεσία Δοκιμής Βλάβης {number}",
                    "description": "Υπηρεσία της δοκιμής βλάβης.",
                    "status": "active",
                }
            ],
        }
        for number in range(count)
    ]


def count_rows(env: dict, sql: str, params: list) -> int:
    import psycopg2

    with psycopg2.connect(env["DATABASE_URL"]) as connection, connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()[0]


def test_a_database_restart_mid_load_loses_and_corrupts_nothing(served, tmp_path):
    cluster, env, base = served
    readers = ["/", "/kentra/chania/", "/en/kentra/chania/"]
    statuses: list[int] = []
    searches: dict[str, int] = {}
    stop = threading.Event()

    def read():
        while not stop.is_set():
            statuses.append(status(base + readers[len(statuses) % len(readers)]))

    def search():
        while not stop.is_set():
            word = unheard_word()
            searches[word] = status(f"{base}/search/?q={quote(word)}")

    workers = [threading.Thread(target=read) for _ in range(2)]
    workers += [threading.Thread(target=search) for _ in range(2)]
    for worker in workers:
        worker.start()
    feed = tmp_path / "organisations.json"
    records = organisations(40)
    feed.write_text(json.dumps(records, ensure_ascii=False))
    time.sleep(2)
    importing = subprocess.Popen(
        [sys.executable, "manage.py", "import_hsds", str(feed), "--publish"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    time.sleep(0.5)
    cluster.restart()
    importing.wait(timeout=300)
    recovery_s = wait_until_every_page_answers(base, readers, 90)
    time.sleep(2)  # the load goes on against the recovered database
    stop.set()
    for worker in workers:
        worker.join(timeout=60)

    # Readers: a page or "briefly unavailable", never a server error or a dropped connection.
    assert statuses and set(statuses) <= {200, 503}, sorted(set(statuses))
    assert set(searches.values()) <= {200, 503}, sorted(set(searches.values()))
    assert statuses[-1] == 200 and recovery_s < 90

    # Writes: each search counted once if answered, at most once if not; never twice.
    for word, answered in searches.items():
        counted = count_rows(
            env,
            "SELECT COALESCE(SUM(searches), 0) FROM search_searchqueryday WHERE query = %s",
            [word],
        )
        assert counted == 1 if answered == 200 else counted <= 1, (word, answered, counted)

    # The import: everything or nothing; run again, each organisation exactly once.
    names = [record["name"] for record in records]
    found = count_rows(env, "SELECT COUNT(*) FROM wagtailcore_page WHERE title = ANY(%s)", [names])
    assert found in (0, len(names) * 1), (found, importing.stderr)
    again = subprocess.run(
        [sys.executable, "manage.py", "import_hsds", str(feed), "--publish"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert again.returncode == 0, again.stderr
    assert count_rows(
        env, "SELECT COUNT(*) FROM wagtailcore_page WHERE title = ANY(%s)", [names]
    ) == len(names)
    assert status(base + "/domes/") == 200
