"""Uncached server time of the centre page (and its neighbours), measured in-process.

A fresh SQLite database is migrated and filled with the demo content, then each page is
requested through Django's full request stack (middleware, Wagtail routing, templates) with
no page cache. The first requests warm Python's own caches and are discarded. Figures go to
``bench/results/centre_page.json`` and a readable ``.md`` beside it.

Run with ``make bench``; options: ``--requests N``.
"""

import argparse
import json
import os
import platform
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results"
PAGES = {
    "centre page (Paionia, el)": "/kentra/paionia/",
    "centre page (Heraklion, 4 branches, el)": "/kentra/heraklion/",
    "centre page (Paionia, en)": "/en/kentra/paionia/",
    "centres index (el)": "/kentra/",
    "home (el)": "/",
    "partner directory, 117 services (el)": "/domes/",
    "directory: keyword + category + near + open now (el)": (
        "/domes/?q=%CF%88%CF%85%CF%87%CE%BF%CE%BB%CE%BF%CE%B3%CE%B9%CE%BA%CE%AE"
        "&category=health&near=%CE%97%CF%81%CE%AC%CE%BA%CE%BB%CE%B5%CE%B9%CE%BF&open_now=on"
    ),
    "service page (el)": "/domes/health-heraklion/health-heraklion-2/",
}
WARM_UP = 5


def setup_django(database: Path) -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "portal.settings.test"
    os.environ["DATABASE_URL"] = f"sqlite:///{database}"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    call_command("load_demo_content", verbosity=0)


def measure(client, url: str, requests: int) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(WARM_UP):
        assert client.get(url).status_code == 200
    timings = []
    for _ in range(requests):
        started = time.perf_counter()
        response = client.get(url)
        timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    timings.sort()
    return {
        "url": url,
        "requests": requests,
        "median_ms": round(statistics.median(timings), 2),
        "p90_ms": round(timings[int(len(timings) * 0.9) - 1], 2),
        "min_ms": round(timings[0], 2),
        "queries": len(queries),
        "html_bytes": len(response.content),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=200)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        setup_django(Path(scratch) / "bench.sqlite3")
        from django.test import Client

        client = Client()
        figures = {name: measure(client, url, args.requests) for name, url in PAGES.items()}
    result = {
        "benchmark": "uncached server time, in-process, SQLite",
        "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "python": platform.python_version(),
        "machine": f"{platform.machine()}, {os.cpu_count()} CPUs",
        "pages": figures,
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "centre_page.json").write_text(
        json.dumps(result, indent=2, ensure_ascii=False) + "\n"
    )
    lines = [
        "# Uncached server time",
        "",
        f"{result['benchmark']}; {result['machine']}; Python {result['python']}; "
        f"{result['measured_at']}.",
        "",
        "| Page | median ms | p90 ms | queries | HTML bytes |",
        "|---|---:|---:|---:|---:|",
    ]
    for name, row in figures.items():
        lines.append(
            f"| {name} | {row['median_ms']} | {row['p90_ms']} | {row['queries']} | {row['html_bytes']} |"
        )
    (RESULTS / "centre_page.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
