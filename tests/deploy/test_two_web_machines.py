"""Two web machines behind one load balancer, as docs/deployment.md describes them: two
gunicorn servers with the production settings, sharing nothing but PostgreSQL, Redis
(``REDIS_URL``) and the media folder. What makes them stateless is checked by requests:

* a page one machine rendered is served by the other from the shared page cache;
* a publish, made by a third process (an editor's request on either machine, or the
  scheduler), empties the page cache and the shared fragments of both at once: neither shows
  the old page again;
* a limit (the HSDS API's, per client) is counted across both, so a client cannot double its
  allowance by being balanced onto the other machine.

It needs the machine's PostgreSQL (a scratch database) and Redis (database 13, emptied), and
runs in the SQLite run of ``make test`` (the PostgreSQL run already spends its time on the
database-restart fault test, tests/faults/).
"""

import os
import secrets
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

import pytest

from tests.deploy.conftest import ROOT, free_port, in_ci

pytestmark = pytest.mark.skipif(
    os.environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="runs once, in the SQLite run of make test (it brings its own PostgreSQL database)",
)

SERVER = "postgres://postgres@127.0.0.1:5432"
REDIS_URL = "redis://127.0.0.1:6379/13"
CENTRE = "/kentra/chania/"
RATE_LIMIT = 6
PUBLIC_HOST = "portal.test"


def unavailable(reason: str):
    if in_ci():
        pytest.fail(reason)
    pytest.skip(reason)


def scratch_database() -> str:
    import psycopg2

    name = f"koinotita_machines_{uuid.uuid4().hex[:8]}"
    try:
        connection = psycopg2.connect(f"{SERVER}/postgres", connect_timeout=5)
    except psycopg2.OperationalError as error:
        unavailable(f"PostgreSQL is not reachable at {SERVER}: {error}")
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')
    connection.close()
    return name


def drop_database(name: str) -> None:
    import psycopg2

    connection = psycopg2.connect(f"{SERVER}/postgres", connect_timeout=5)
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    connection.close()


def empty_redis() -> None:
    import redis

    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).flushdb()
    except redis.exceptions.ConnectionError as error:
        unavailable(f"Redis is not reachable at {REDIS_URL}: {error}")


def get(url: str) -> tuple[int, dict, str]:
    """GET ``url`` with the public host name, as the load balancer passes it to every machine
    (a page is cached per host)."""
    request = urllib.request.Request(url, headers={"Host": PUBLIC_HOST})  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 - loopback
            return response.status, dict(response.headers), response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode()


class Machine:
    """One gunicorn server, as on its own machine (one worker: its own process memory)."""

    def __init__(self, env: dict):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "portal.wsgi:application",
                "--workers",
                "1",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        for _ in range(150):
            try:
                if get(self.url + "/healthz")[0] == 200:
                    return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError("gunicorn did not start")

    def get(self, path: str) -> tuple[int, dict, str]:
        return get(self.url + path)

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)


@pytest.fixture(scope="module")
def cluster():
    database = scratch_database()
    empty_redis()
    folder = Path(tempfile.mkdtemp(prefix="koinotita-machines-"))
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings.production",
        "DATABASE_URL": f"{SERVER}/{database}",
        "REDIS_URL": REDIS_URL,
        "MEDIA_ROOT": str(folder / "media"),
        "STATIC_ROOT": str(folder / "static"),
        "SECRET_KEY": secrets.token_urlsafe(50),  # one key, shared, as a deployment must
        "ALLOWED_HOSTS": f"127.0.0.1,{PUBLIC_HOST}",
        "SECURE_SSL_REDIRECT": "false",
        "PAGE_CACHE_SECONDS": "60",
        "FRAGMENT_CACHE_SECONDS": "300",
        "HSDS_RATE_LIMIT_REQUESTS": str(RATE_LIMIT),
        "HSDS_RATE_LIMIT_WINDOW": "3600",
        "LOG_LEVEL": "ERROR",
    }
    machines = []
    try:
        for command in (
            ["migrate", "--noinput", "-v0"],
            ["load_demo_content", "-v0"],
            ["collectstatic", "--noinput", "-v0"],
        ):
            subprocess.run(
                [sys.executable, "manage.py", *command], cwd=ROOT, env=env, check=True, timeout=600
            )
        machines = [Machine(env), Machine(env)]
        yield env, machines
    finally:
        for machine in machines:
            machine.stop()
        empty_redis()
        drop_database(database)


def publish_new_title(env: dict, title: str) -> None:
    """An editor's publish, from a third process."""
    script = (
        "from wagtail.models import Page;"
        f"page = Page.objects.get(url_path__endswith='{CENTRE}', locale__language_code='el').specific;"
        f"page.title = {title!r};"
        "page.save_revision().publish()"
    )
    subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", script], cwd=ROOT, env=env, check=True
    )


def test_a_page_one_machine_rendered_is_served_by_the_other(cluster):
    _env, (first, second) = cluster
    status, headers, page = first.get(CENTRE)
    assert status == 200 and headers["X-Cache"] == "miss"
    status, headers, again = second.get(CENTRE)
    assert status == 200 and headers["X-Cache"] == "hit"
    assert again == page


def test_a_publish_is_seen_at_once_on_every_machine(cluster):
    env, machines = cluster
    for machine in machines:
        machine.get(CENTRE)
        machine.get("/kentra/")  # the list shows the title too
    publish_new_title(env, "Κέντρο Κοινότητας Δήμου Χανίων (μετά τη δημοσίευση)")
    first, second = machines
    for path in (CENTRE, "/kentra/"):
        # The first to be asked renders it afresh; the other serves what that one rendered.
        for machine, cached in ((second, "miss"), (first, "hit")):
            status, headers, page = machine.get(path)
            assert (status, headers["X-Cache"]) == (200, cached), (machine.url, path)
            assert "Κέντρο Κοινότητας Δήμου Χανίων (μετά τη δημοσίευση)" in page


def test_a_limit_is_counted_across_machines(cluster):
    _env, (first, second) = cluster
    answers = [
        (first if number % 2 else second).get("/api/hsds/services?per_page=1")[0]
        for number in range(RATE_LIMIT + 1)
    ]
    assert answers == [200] * RATE_LIMIT + [429]
