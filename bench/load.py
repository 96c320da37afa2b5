"""Load: the portal under gunicorn on loopback, measured with wrk, and the weight of each page.

A scratch PostgreSQL database gets the demo content; the production settings are served by
gunicorn (``deploy``-like: several sync workers, WhiteNoise for static files, DEBUG off,
no TLS on loopback so ``SECURE_SSL_REDIRECT`` is off) and wrk asks each page:

* **latency**: one connection, so the figures are the server's time per page and not a queue
  (target: an uncached page p50 <= 25 ms);
* **throughput**: ``CONNECTIONS`` connections, requests per second;

each page in three states, next to a static file served by the same server, the **ceiling**:

* **bare**: no cache of any kind (``PAGE_CACHE_SECONDS=0``, ``FRAGMENT_CACHE_SECONDS=0``),
  every request renders from the database alone: the first request after a publish;
* **cold** (the target's "uncached page"): the anonymous page cache off, so every request
  renders the page, with the shared fragments of core/fragments.py (menu, footer, a
  centre's partners, the directory's cards...) as a first request left them;
* **warm**: the page cache on, after a first request (target: cached pages >= 50 % of the
  ceiling's requests per second).
The HSDS API's per-client rate limit is raised for the run (every request comes from one
address); the search page is never page-cached (every search is counted), so its warm figure
is the search's own caches at work.

**Page weight**: each page type's HTML, stylesheets and scripts as a browser receives them
compressed (the HTML gzipped as nginx sends it, level 6; CSS and JS as WhiteNoise serves them,
Brotli), target <= 60 KB.

Figures go to ``bench/results/load.json`` and ``.md``. Needs wrk (``make bench-deps``).
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import platform
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from datetime import UTC, datetime

from bench.common import RESULTS, ROOT, fresh_postgres

DATABASE = "koinotita_bench_load"
WORKERS = 2
CONNECTIONS = 8
PAGES = {
    "home": "/",
    "centre": "/kentra/chania/",
    "finder": "/?q=%CE%A7%CE%B1%CE%BD%CE%B9%CE%AC",
    "directory": "/domes/",
    "search": "/search/?q=%CF%88%CF%85%CF%87%CE%BF%CE%BB%CE%BF%CE%B3%CE%BF%CF%82",
    "HSDS services": "/api/hsds/services?per_page=50",
}
WEIGHT_PAGES = {
    "home": "/",
    "home (en)": "/en/",
    "centres index": "/kentra/",
    "centre": "/kentra/heraklion/",
    "finder results": "/?q=%CE%A7%CE%B1%CE%BD%CE%B9%CE%AC",
    "directory": "/domes/",
    "service": "/domes/health-heraklion/health-heraklion-2/",
    "organisation": "/domes/health-heraklion/",
    "announcements": "/anakoinoseis/",
    "announcement": "/anakoinoseis/heraklion-paratasi-2025/",
    "funding notice": "/chrimatodotisi/chrimatodotisi-heraklion/",
    "standard page": "/schetika/",
    "search": "/search/?q=%CF%88%CF%85%CF%87%CE%BF%CE%BB%CE%BF%CE%B3%CE%BF%CF%82",
}
WEIGHT_LIMIT_KB = 60
TARGET_UNCACHED_P50_MS = 25
TARGET_CACHED_SHARE = 0.5


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


STATES = {  # name: (page cache, shared fragments)
    "bare": (False, False),
    "cold": (False, True),
    "warm": (True, True),
}


def environment(database_url: str, page_cache: bool, fragments: bool = True) -> dict:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings.production",
        "DATABASE_URL": database_url,
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "false",
        "PAGE_CACHE_SECONDS": "60" if page_cache else "0",
        "FRAGMENT_CACHE_SECONDS": "300" if fragments else "0",
        "HSDS_RATE_LIMIT_REQUESTS": "100000000",
        "LOG_LEVEL": "ERROR",
    }


def prepare(database_url: str) -> None:
    env = environment(database_url, page_cache=False)
    manage = [sys.executable, "manage.py"]
    for command in (
        ["migrate", "--noinput", "-v0"],
        ["load_demo_content", "-v0"],
        ["collectstatic", "--noinput", "-v0"],
    ):
        subprocess.run(manage + command, cwd=ROOT, env=env, check=True)


class Server:
    """gunicorn with the production settings on a free loopback port."""

    def __init__(self, database_url: str, page_cache: bool, fragments: bool = True):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "portal.wsgi:application",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                str(WORKERS),
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=environment(database_url, page_cache, fragments),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            start_new_session=True,
        )
        for _ in range(150):
            try:
                urllib.request.urlopen(self.url + "/healthz", timeout=2)  # noqa: S310 - loopback
                return
            except OSError:
                if self.process.poll() is not None:
                    raise RuntimeError(self.process.stderr.read().decode()) from None
                time.sleep(0.2)
        raise RuntimeError("gunicorn did not start")

    def stop(self) -> None:
        os.killpg(self.process.pid, signal.SIGTERM)
        self.process.wait(timeout=30)


UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def _ms(text: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", text).groups()
    return round(float(number) * UNITS[unit], 2)


def wrk(url: str, connections: int, seconds: int) -> dict:
    """One wrk run: requests/s, p50/p99 latency, and any non-2xx/3xx answers."""
    output = subprocess.run(
        [shutil.which("wrk"), "-t1", f"-c{connections}", f"-d{seconds}s", "--latency", url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    latency = dict(re.findall(r"^\s+(50|99)%\s+(\S+)$", output, re.MULTILINE))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return {
        "requests_per_s": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "p50_ms": _ms(latency["50"]),
        "p99_ms": _ms(latency["99"]),
        "errors": int(errors.group(1)) if errors else 0,
    }


def measure(server: Server, path: str, seconds: int) -> dict:
    urllib.request.urlopen(server.url + path, timeout=30).read()  # noqa: S310 - warms it
    return {
        "latency": wrk(server.url + path, 1, seconds),
        "throughput": wrk(server.url + path, CONNECTIONS, seconds),
    }


def static_path(server: Server) -> str:
    html = urllib.request.urlopen(server.url + "/", timeout=30).read().decode()  # noqa: S310
    return re.search(r'href="(/static/css/[^"]+\.css)"', html).group(1)


def fetch(url: str, encoding: str) -> tuple[bytes, str]:
    request = urllib.request.Request(url, headers={"Accept-Encoding": encoding})  # noqa: S310
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 - loopback
        return response.read(), response.headers.get("Content-Encoding", "")


def page_weight(server: Server, path: str) -> dict:
    html, _ = fetch(server.url + path, "identity")
    text = html.decode()
    html_bytes = len(gzip.compress(html, compresslevel=6))
    assets = sorted(
        set(re.findall(r'<link[^>]+rel="stylesheet"[^>]+href="(/static/[^"]+)"', text))
        | set(re.findall(r'<script[^>]+src="(/static/[^"]+)"', text))
    )
    sizes = {}
    for asset in assets:
        body, encoding = fetch(server.url + asset, "br, gzip")
        sizes[asset] = {"bytes": len(body), "encoding": encoding or "none"}
    total = html_bytes + sum(item["bytes"] for item in sizes.values())
    return {
        "html_gzip_bytes": html_bytes,
        "html_bytes": len(html),
        "assets": sizes,
        "total_kb": round(total / 1024, 1),
    }


def run(seconds: int) -> dict:
    if not shutil.which("wrk"):
        sys.exit("wrk is missing: run 'make bench-deps' (Debian's wrk).")
    database_url = fresh_postgres(DATABASE)
    if database_url is None:
        sys.exit("PostgreSQL is not reachable on 127.0.0.1:5432.")
    prepare(database_url)
    rows: dict[str, dict] = {}
    for state, (page_cache, fragments) in STATES.items():
        server = Server(database_url, page_cache, fragments)
        try:
            if state == "bare":
                ceiling_path = static_path(server)
                ceiling = measure(server, ceiling_path, seconds)
                weights = {name: page_weight(server, path) for name, path in WEIGHT_PAGES.items()}
            for name, path in PAGES.items():
                rows.setdefault(name, {"path": path})[state] = measure(server, path, seconds)
                print(f"{name} {state}: {rows[name][state]}", file=sys.stderr, flush=True)
        finally:
            server.stop()
    return {
        "ceiling": {"path": ceiling_path, **ceiling},
        "pages": rows,
        "weights": weights,
    }


def report(result: dict) -> str:
    ceiling = result["ceiling"]["throughput"]["requests_per_s"]
    lines = [
        "# Load: pages under gunicorn on loopback (wrk), and page weight",
        "",
        f"{result['machine']}; Python {result['python']}; {result['measured_at']} "
        f"(commit {result['commit']}). PostgreSQL with the demo content; production settings; "
        f"gunicorn, {WORKERS} sync workers; the per-process memory cache (no Redis). Each figure "
        f"is one wrk run of {result['seconds']} s: latency with 1 connection, throughput with "
        f"{CONNECTIONS}. Bare: no cache at all (every request renders from the database alone). "
        "Cold: page cache off, every request renders, with the shared fragments (menu, "
        "footer, partners, cards) kept. Warm: page cache on.",
        "",
        f"Targets: uncached page p50 <= {TARGET_UNCACHED_P50_MS} ms; cached anonymous pages >= "
        f"{int(TARGET_CACHED_SHARE * 100)} % of the static-file ceiling; page weight <= "
        f"{WEIGHT_LIMIT_KB} KB.",
        "",
        "| Page | bare p50 ms | bare req/s | cold p50 ms | cold p99 ms | cold req/s | "
        "warm p50 ms | warm p99 ms | warm req/s | warm / ceiling | errors |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    static = result["ceiling"]
    lines.append(
        f"| static file (ceiling) `{static['path']}` | — | — | {static['latency']['p50_ms']} | "
        f"{static['latency']['p99_ms']} | {ceiling:.0f} | — | — | — | 100 % | "
        f"{static['throughput']['errors']} |"
    )
    for name, row in result["pages"].items():
        bare, cold, warm = row["bare"], row["cold"], row["warm"]
        share = warm["throughput"]["requests_per_s"] / ceiling
        errors = sum(run[kind]["errors"] for run in (bare, cold, warm) for kind in run)
        lines.append(
            f"| {name} `{row['path']}` | {bare['latency']['p50_ms']} | "
            f"{bare['throughput']['requests_per_s']:.0f} | {cold['latency']['p50_ms']} | "
            f"{cold['latency']['p99_ms']} | {cold['throughput']['requests_per_s']:.0f} | "
            f"{warm['latency']['p50_ms']} | {warm['latency']['p99_ms']} | "
            f"{warm['throughput']['requests_per_s']:.0f} | {share:.0%} | {errors} |"
        )
    lines += [
        "",
        "The search page is never kept by the page cache (every search is counted); the HSDS "
        "list has its own ETag/304 handling and is not page-cached either, so their warm "
        "figures show only the application's own caches.",
        "",
        "## Page weight (HTML gzip level 6 + CSS and JS as served, compressed)",
        "",
        "| Page | HTML | HTML gzip | CSS + JS | total KB | <= 60 KB |",
        "|---|---:|---:|---:|---:|---|",
    ]
    for name, weight in result["weights"].items():
        assets = sum(item["bytes"] for item in weight["assets"].values())
        met = "yes" if weight["total_kb"] <= WEIGHT_LIMIT_KB else "NO"
        lines.append(
            f"| {name} | {weight['html_bytes'] / 1024:.1f} KB | "
            f"{weight['html_gzip_bytes'] / 1024:.1f} KB | {assets / 1024:.1f} KB | "
            f"{weight['total_kb']} | {met} |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=10, help="length of each wrk run")
    args = parser.parse_args()
    from bench.hsds import commit

    result = {
        "benchmark": "load (wrk against gunicorn) and page weight",
        "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "commit": commit(),
        "python": platform.python_version(),
        "machine": f"{platform.machine()}, {os.cpu_count()} CPUs",
        "seconds": args.seconds,
        **run(args.seconds),
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "load.json").write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    text = report(result)
    (RESULTS / "load.md").write_text(text + "\n")
    print(text)


if __name__ == "__main__":
    main()
