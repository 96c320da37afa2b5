"""Lighthouse mobile scores of every page type, served the way production serves them.

A scratch SQLite database is migrated and filled with the demo content, static files are
collected, and gunicorn serves the portal with the production settings (DEBUG off, whitenoise's
compressed, fingerprinted files; only the HTTPS redirect is off, as loopback has no TLS). Then
Lighthouse (npm ``lighthouse``, installed by ``make node-deps``) drives Debian's Chromium over
each page type in Greek, and the English home page, with its mobile defaults: a simulated
slow 4G and a 4× slower CPU (``--throttling-method=simulate``). Pages come from the list the
HTML checker uses (``tests/frontend/pages.py``).

Each page is measured ``--runs`` times (3 by default) and the run with the median performance
score is reported, as Lighthouse's own guidance asks: on a shared 2-core machine one run's
Total Blocking Time swings by hundreds of milliseconds with the neighbours' load, even on a page
with no JavaScript. The 404 page is left out: Lighthouse refuses to score a page that answers
404 (the HTML checker covers it).

Lighthouse must not reach the internet: Chromium starts with its background networking off,
every request a page makes is read back from the report, and any that left 127.0.0.1 is
listed. A page Lighthouse cannot finish within ``--timeout`` seconds is reported, not waited on.

Figures go to ``bench/results/lighthouse.json`` and a readable ``.md`` beside it. Targets
performance ≥ 98, accessibility, best practices and SEO 100.

Run with ``make bench``, or alone: ``python -m bench.lighthouse [--runs N] [--only TEXT]
[--reports DIR]`` (``--reports`` keeps each page's full Lighthouse report for a closer look).
"""

import argparse
import json
import os
import platform
import re
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlparse

from bench.common import RESULTS, ROOT

LIGHTHOUSE = ROOT / "node_modules" / "lighthouse" / "cli" / "index.js"
CHROME_PATH = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
CHROME_FLAGS = " ".join(
    [
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-default-apps",
        "--disable-extensions",
        "--metrics-recording-only",
    ]
)
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
TARGETS = {"performance": 98, "accessibility": 100, "best-practices": 100, "seo": 100}
# What a reader of the table needs to know that the figures do not say.
NOTES = [
    "- Search pages fail SEO's *is-crawlable* on purpose: `robots.txt` disallows `/search/` "
    "(endless result addresses, no content of their own); every page they list is crawlable.",
    "- The 404 page is not scored: Lighthouse refuses a page that answers 404. The HTML checker "
    "covers it (tests/frontend/test_html_validity.py).",
    "- Performance is the median of the runs by score; the simulated throttling scales the "
    "main-thread time Chromium really took, so a busy machine lowers it (TBT) on any page.",
]
METRICS = {
    "first-contentful-paint": "FCP",
    "largest-contentful-paint": "LCP",
    "total-blocking-time": "TBT",
    "cumulative-layout-shift": "CLS",
}


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def portal_environment(scratch: Path) -> dict:
    """Production settings against a scratch database, media folder and no outside service."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("REDIS_URL", "ELASTICSEARCH_URL", "DATABASE_URL")
    }
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "portal.settings.production",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "SECURE_SSL_REDIRECT": "false",
            "DATABASE_URL": f"sqlite:///{scratch / 'lighthouse.sqlite3'}",
            "MEDIA_ROOT": str(scratch / "media"),
            "PYTHONUNBUFFERED": "1",
        }
    )
    return env


def prepare(env: dict) -> None:
    manage = [sys.executable, "manage.py"]
    for command in (
        ["migrate", "--noinput", "-v0"],
        ["load_demo_content", "-v0"],
        ["collectstatic", "--noinput", "-v0"],
    ):
        subprocess.run(manage + command, cwd=ROOT, env=env, check=True, timeout=600)


def page_list(env: dict, only: str | None) -> list[tuple[str, str]]:
    """(label, path): every Greek page type but the 404, then the English home page."""
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from tests.frontend.pages import NOT_FOUND, page_cases

    greek = [(case.name, case.path) for case in page_cases("el") if case.path != NOT_FOUND]
    english_home = next(case for case in page_cases("en") if case.name == "home")
    pages = [*greek, (f"{english_home.name} (en)", english_home.path)]
    return [(label, path) for label, path in pages if not only or only in label]


def serve(env: dict, log: Path) -> tuple[subprocess.Popen, str]:
    port = free_port()
    server = subprocess.Popen(
        [
            str(Path(sys.executable).with_name("gunicorn")),
            "portal.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
            "--access-logfile",
            "-",
        ],
        cwd=ROOT,
        env=env,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    for _ in range(150):
        try:
            urllib.request.urlopen(url + "/", timeout=2)  # noqa: S310 - loopback only
            return server, url
        except OSError:
            if server.poll() is not None:
                raise RuntimeError(log.read_text()) from None
            time.sleep(0.2)
    server.terminate()
    raise RuntimeError(f"gunicorn did not answer on {url}:\n{log.read_text()}")


def lighthouse(url: str, report: Path, timeout: int) -> dict | None:
    """One Lighthouse run; the parsed report, or None when it failed or timed out."""
    command = [
        shutil.which("node") or "node",
        str(LIGHTHOUSE),
        url,
        "--output=json",
        f"--output-path={report}",
        f"--only-categories={','.join(CATEGORIES)}",
        "--form-factor=mobile",
        "--throttling-method=simulate",
        "--disable-full-page-screenshot",
        "--max-wait-for-load=30000",
        "--locale=en-US",
        "--quiet",
        f"--chrome-flags={CHROME_FLAGS}",
    ]
    env = {**os.environ, "CHROME_PATH": CHROME_PATH}
    try:
        subprocess.run(command, env=env, timeout=timeout, check=True, capture_output=True)
    except subprocess.TimeoutExpired:
        return None
    except subprocess.CalledProcessError as failure:
        sys.stderr.write(failure.stderr.decode(errors="replace")[-2000:])
        return None
    return json.loads(report.read_text())


def measure(label: str, url: str, scratch: Path, args) -> dict:
    """``args.runs`` Lighthouse runs of one page; the summary of the median one by
    performance score, with every run's performance score beside it."""
    started = time.perf_counter()
    reports = []
    for run in range(args.runs):
        report = lighthouse(url, scratch / f"report-{run}.json", args.timeout)
        if report is not None and not report.get("runtimeError"):
            reports.append(report)
    seconds = round(time.perf_counter() - started, 1)
    if not reports:
        return {"error": "failed or timed out", "seconds": seconds}
    reports.sort(key=lambda report: report["categories"]["performance"]["score"])
    median = reports[len(reports) // 2]
    if args.reports:
        args.reports.mkdir(parents=True, exist_ok=True)
        name = re.sub(r"[^a-z0-9]+", "-", label.lower()).strip("-")
        (args.reports / f"{name}.json").write_text(json.dumps(median))
    return {
        **summarise(median),
        "performance_runs": [round(r["categories"]["performance"]["score"] * 100) for r in reports],
        "seconds": seconds,
    }


def summarise(report: dict) -> dict:
    """Scores out of 100, the main metrics, what fell short, and any request off loopback."""
    categories = report["categories"]
    audits = report["audits"]
    scores = {name: round(categories[name]["score"] * 100) for name in CATEGORIES}
    failing = {}
    for name in CATEGORIES:
        for ref in categories[name]["auditRefs"]:
            audit = audits[ref["id"]]
            if ref.get("weight", 0) > 0 and audit.get("score") is not None and audit["score"] < 1:
                failing.setdefault(name, []).append(f"{ref['id']} ({audit['score']:.2f})")
    requests = audits.get("network-requests", {}).get("details", {}).get("items", [])
    outside = sorted(
        {
            item["url"]
            for item in requests
            if urlparse(item["url"]).hostname not in ("127.0.0.1", "localhost", None)
            and not item["url"].startswith("data:")
        }
    )
    return {
        "scores": scores,
        "metrics": {
            short: audits[audit]["displayValue"]
            for audit, short in METRICS.items()
            if audit in audits
        },
        "failing_audits": failing,
        "requests": len(requests),
        "outside_requests": outside,
        "runtime_error": report.get("runtimeError", {}).get("code"),
        "warnings": report.get("runWarnings", []),
    }


def chromium_version() -> str:
    try:
        return subprocess.run(
            [CHROME_PATH, "--version"], capture_output=True, text=True, timeout=30, check=False
        ).stdout.strip()
    except OSError:
        return "missing"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="runs per page; the median is kept")
    parser.add_argument("--only", help="only the pages whose label contains this text")
    parser.add_argument("--reports", type=Path, help="keep each page's median report here")
    parser.add_argument("--timeout", type=int, default=180, help="seconds per Lighthouse run")
    args = parser.parse_args()
    for tool, hint in ((LIGHTHOUSE, "make node-deps"), (Path(CHROME_PATH), "make browser-deps")):
        if not tool.exists():
            sys.exit(f"{tool} is missing: run '{hint}'.")

    figures = {}
    with tempfile.TemporaryDirectory() as folder:
        scratch = Path(folder)
        env = portal_environment(scratch)
        prepare(env)
        pages = page_list(env, args.only)
        server, base = serve(env, scratch / "gunicorn.log")
        try:
            for label, path in pages:
                figures[label] = measure(label, base + path, scratch, args)
                figures[label]["path"] = path
                print(f"{label}: {figures[label].get('scores', figures[label].get('error'))}")
        finally:
            server.terminate()
            server.wait(timeout=30)
        version = json.loads((ROOT / "node_modules/lighthouse/package.json").read_text())["version"]

    result = {
        "benchmark": "Lighthouse, mobile preset, simulated throttling, gunicorn + whitenoise, "
        "production settings, SQLite with the demo content",
        "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "lighthouse": version,
        "chromium": chromium_version(),
        "machine": f"{platform.machine()}, {os.cpu_count()} CPUs",
        "targets": TARGETS,
        "pages": figures,
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "lighthouse.json").write_text(
        json.dumps(result, indent=2, ensure_ascii=False) + "\n"
    )
    lines = markdown(result)
    (RESULTS / "lighthouse.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))


def markdown(result: dict) -> list[str]:
    def cell(scores: dict, name: str) -> str:
        value = scores[name]
        return f"{value}" if value >= TARGETS[name] else f"**{value}**"

    lines = [
        "# Lighthouse (mobile)",
        "",
        f"{result['benchmark']}; Lighthouse {result['lighthouse']}; {result['chromium']}; "
        f"{result['machine']}; {result['measured_at']}.",
        "",
        "Targets: performance ≥ 98, accessibility 100, best practices 100, SEO 100; "
        "a score below its target is in bold.",
        "",
        "| Page | Performance | Accessibility | Best practices | SEO | FCP | LCP | TBT | CLS "
        "| Performance, every run |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    short_of_target, outside = [], []
    for label, row in result["pages"].items():
        if "error" in row:
            lines.append(f"| {label} | {row['error']} |  |  |  |  |  |  |  |  |")
            continue
        scores, metrics = row["scores"], row["metrics"]
        lines.append(
            f"| {label} | "
            + " | ".join(cell(scores, name) for name in CATEGORIES)
            + " | "
            + " | ".join(metrics.get(short, "") for short in METRICS.values())
            + f" | {', '.join(map(str, row['performance_runs']))} |"
        )
        for category, audits in row["failing_audits"].items():
            short_of_target.append(f"- {label}, {category}: {', '.join(audits)}")
        outside += [f"- {label}: {url}" for url in row["outside_requests"]]
    lines += ["", "## Audits that did not pass (score)", ""]
    lines += short_of_target or ["None."]
    lines += ["", "## Requests beyond 127.0.0.1", ""]
    lines += outside or ["None."]
    lines += ["", "## Notes", "", *NOTES]
    return lines


if __name__ == "__main__":
    main()
