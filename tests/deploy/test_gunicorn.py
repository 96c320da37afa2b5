"""deploy/gunicorn.conf.py, read by the real gunicorn: it loads with the portal, takes its
sizes from the environment, and a running server logs no visitor address and survives a
graceful reload."""

import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.deploy.conftest import DEPLOY, ROOT, free_port

GUNICORN = Path(sys.executable).with_name("gunicorn")
CONFIG = DEPLOY / "gunicorn.conf.py"


def environment(tmp_path, **extra) -> dict:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings.test",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'unused.sqlite3'}",
        **extra,
    }


def resolved_configuration(tmp_path, **extra) -> dict[str, str]:
    result = subprocess.run(
        [GUNICORN, "--config", CONFIG, "--print-config", "portal.wsgi"],
        cwd=ROOT,
        env=environment(tmp_path, **extra),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    settings = {}
    for line in result.stdout.splitlines():
        name, separator, value = line.partition("=")
        if separator:
            settings[name.strip()] = value.strip()
    return settings


def test_sizes_and_addresses_come_from_the_environment(tmp_path):
    settings = resolved_configuration(
        tmp_path,
        WEB_CONCURRENCY="3",
        GUNICORN_THREADS="4",
        GUNICORN_BIND="10.0.0.11:8000",
        TRUSTED_PROXIES="10.0.0.2",
    )
    assert settings["workers"] == "3"
    assert settings["threads"] == "4"
    assert settings["worker_class"] == "gthread"
    assert settings["bind"] == "['10.0.0.11:8000']"
    assert settings["forwarded_allow_ips"] == "['10.0.0.2']"
    assert settings["preload_app"] == "False"  # a HUP must load new code


def test_gunicorn_loads_the_portal_with_a_worker_count_from_the_processors(tmp_path, monkeypatch):
    """``--print-config`` implies ``--check-config``: the configuration and the application
    both load, or gunicorn exits non-zero. Without ``TRUSTED_PROXIES`` no peer may set the
    scheme, as in Django."""
    monkeypatch.delenv("WEB_CONCURRENCY", raising=False)
    monkeypatch.delenv("TRUSTED_PROXIES", raising=False)
    monkeypatch.delenv("FORWARDED_ALLOW_IPS", raising=False)
    settings = resolved_configuration(tmp_path)
    assert int(settings["workers"]) == 2 * len(os.sched_getaffinity(0)) + 1
    assert settings["control_socket_disable"] == "True"
    assert settings["forwarded_allow_ips"] == "[]"  # no proxy, loopback included, unless named


@pytest.fixture
def running_gunicorn(tmp_path):
    port = free_port()
    log = tmp_path / "gunicorn.log"
    with log.open("w") as output:
        server = subprocess.Popen(
            [GUNICORN, "--config", CONFIG, "portal.wsgi"],
            cwd=ROOT,
            env=environment(tmp_path, WEB_CONCURRENCY="1", GUNICORN_BIND=f"127.0.0.1:{port}"),
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_serving(url + "/robots.txt", server, log)
        yield server, url, log
    finally:
        server.terminate()
        server.wait(timeout=40)


def wait_until_serving(url, server, log):
    for _ in range(300):
        try:
            return urllib.request.urlopen(url, timeout=2)  # noqa: S310 - loopback only
        except OSError:
            if server.poll() is not None:
                pytest.fail(log.read_text())
            time.sleep(0.1)
    pytest.fail("gunicorn did not answer: " + log.read_text())


def test_the_access_log_holds_no_address_nor_query(running_gunicorn):
    server, url, log = running_gunicorn
    request = urllib.request.Request(  # noqa: S310 - loopback only
        url + "/robots.txt?q=shelter", headers={"X-Request-ID": "0123abcd", "User-Agent": "ua-x"}
    )
    assert urllib.request.urlopen(request, timeout=10).status == 200  # noqa: S310
    time.sleep(0.5)  # the log line is written after the response
    line = next(line for line in log.read_text().splitlines() if "0123abcd" in line)
    assert '"GET /robots.txt" 200' in line
    assert "127.0.0.1" not in line
    assert "shelter" not in line
    assert "ua-x" not in line


def test_a_graceful_reload_keeps_serving(running_gunicorn):
    server, url, log = running_gunicorn
    server.send_signal(signal.SIGHUP)
    time.sleep(1)
    assert server.poll() is None
    assert wait_until_serving(url + "/robots.txt", server, log).status == 200
    assert "Hang up" in log.read_text() or "Handling signal: hup" in log.read_text()
