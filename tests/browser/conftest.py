"""A real portal in a real browser: a server process on loopback with the demo content, and
Debian's Chromium driven by Playwright. Nothing is downloaded; requests that would leave
127.0.0.1 are blocked and recorded so a test can prove pages make none.

The server uses its own SQLite file so the browser sees committed data while the rest of the
suite keeps its fast rolled-back transactions (on whichever database it is pointed at).
"""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlparse

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--metrics-recording-only",
]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Portal(str):
    """The served portal's base URL, able to run management commands on its database."""

    env: dict

    def manage(self, *args: str) -> str:
        return subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=self.env,
            check=True,
            timeout=120,
            capture_output=True,
            text=True,
        ).stdout


@pytest.fixture(scope="session")
def portal_url(tmp_path_factory):
    """Migrate a fresh database, load the demo content and serve it; yield the base URL (a
    ``Portal``: ``portal_url.manage(...)`` runs a command against the served database)."""
    database = tmp_path_factory.mktemp("browser") / "portal.sqlite3"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings.test",
        "DATABASE_URL": f"sqlite:///{database}",
        "PYTHONUNBUFFERED": "1",
    }
    manage = [sys.executable, "manage.py"]
    for command in (["migrate", "--noinput", "-v0"], ["load_demo_content", "-v0"]):
        subprocess.run(manage + command, cwd=ROOT, env=env, check=True, timeout=300)
    port = free_port()
    log = open(database.with_suffix(".log"), "w")  # noqa: SIM115 - closed after the session
    server = subprocess.Popen(
        [*manage, "runserver", f"127.0.0.1:{port}", "--noreload", "--insecure"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = Portal(f"http://127.0.0.1:{port}")
    url.env = env
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(url + "/", timeout=2)  # noqa: S310 - loopback only
                break
            except OSError:
                if server.poll() is not None:
                    raise RuntimeError(database.with_suffix(".log").read_text()) from None
                time.sleep(0.2)
        yield url
    finally:
        server.terminate()
        server.wait(timeout=10)
        log.close()


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run 'make browser-deps' (Debian's chromium).")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


class OutsideRequests(list):
    """Every request a page tried to send beyond loopback (blocked)."""


def _context(browser, javascript: bool):
    context = browser.new_context(java_script_enabled=javascript, locale="el-GR")
    outside = OutsideRequests()

    def guard(route):
        host = urlparse(route.request.url).hostname
        if host in ("127.0.0.1", "localhost"):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    context.route("**/*", guard)
    return context, outside


def _tab(browser, javascript: bool):
    context, outside = _context(browser, javascript=javascript)
    tab = context.new_page()
    tab.outside_requests = outside
    return context, tab


@pytest.fixture
def page(browser):
    context, tab = _tab(browser, javascript=True)
    yield tab
    context.close()


@pytest.fixture
def page_without_js(browser):
    context, tab = _tab(browser, javascript=False)
    yield tab
    context.close()
