"""Finder at scale: 100 000 map points across Greece, nearest 10, on SQLite and PostgreSQL.

Each backend runs in its own process on a fresh database (migrated, demo content loaded, then
100 000 extra points spread around the 332 municipal centroids, as real branches would be).
Queries start from 500 random municipal centroids. Reported: the candidate query alone (the
indexed bounding-box search) and the whole ``nearest()`` call (candidates, branches, status),
p50 and p95 in milliseconds. Figures go to ``bench/results/finder.json`` and ``.md``.

PostgreSQL is used when it answers on 127.0.0.1:5432 (database ``koinotita_bench``, recreated).
"""

import argparse
import json
import os
import platform
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime

from bench.common import RESULTS, ROOT, fresh_postgres, percentile, run_child


def child(points: int, queries: int) -> dict:
    """Runs inside the benchmark process whose DATABASE_URL is already set."""
    os.environ["DJANGO_SETTINGS_MODULE"] = "portal.settings.test"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from directory import finder as finder_module
    from directory.finder import candidate_points

    nearest = finder_module.nearest
    from directory.models import Branch, MapPoint, Municipality

    call_command("migrate", verbosity=0, interactive=False)
    call_command("load_demo_content", verbosity=0)
    rng = random.Random(20261122)
    centroids = list(Municipality.objects.values_list("latitude", "longitude"))
    branches = list(Branch.objects.filter(locale__language_code="el").select_related("centre"))
    batch = []
    for _ in range(points):
        lat, lng = rng.choice(centroids)
        branch = rng.choice(branches)
        batch.append(
            MapPoint(
                centre_id=branch.centre_id,
                branch=branch,
                locale_id=branch.locale_id,
                latitude=lat + rng.gauss(0, 0.08),
                longitude=lng + rng.gauss(0, 0.08),
            )
        )
    MapPoint.objects.bulk_create(batch, batch_size=5000)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE directory_mappoint")
    locale_id = branches[0].locale_id
    now = timezone.now()
    starts = [rng.choice(centroids) for _ in range(queries)]
    for lat, lng in starts[:20]:  # warm up
        nearest(lat, lng, locale_id=locale_id, now=now)
    candidate_ms, nearest_ms = [], []
    for lat, lng in starts:
        began = time.perf_counter()
        candidate_points(lat, lng, locale_id, 30)
        candidate_ms.append((time.perf_counter() - began) * 1000)
        began = time.perf_counter()
        results = nearest(lat, lng, locale_id=locale_id, now=now, limit=10)
        nearest_ms.append((time.perf_counter() - began) * 1000)
        assert len(results) == 10
    return {
        "backend": connection.vendor,
        "points": MapPoint.objects.count(),
        "queries": queries,
        "candidates_p50_ms": round(statistics.median(candidate_ms), 2),
        "candidates_p95_ms": round(percentile(candidate_ms, 0.95), 2),
        "nearest10_p50_ms": round(statistics.median(nearest_ms), 2),
        "nearest10_p95_ms": round(percentile(nearest_ms, 0.95), 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--points", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=500)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.points, args.queries)))
        return
    figures = []
    with tempfile.TemporaryDirectory() as scratch:
        figures.append(
            run_child(
                "bench.finder",
                f"sqlite:///{scratch}/finder.sqlite3",
                "--points",
                str(args.points),
                "--queries",
                str(args.queries),
            )
        )
    postgres = fresh_postgres("koinotita_bench")
    if postgres:
        figures.append(
            run_child(
                "bench.finder",
                postgres,
                "--points",
                str(args.points),
                "--queries",
                str(args.queries),
            )
        )
    else:
        print("PostgreSQL not reachable on 127.0.0.1:5432: measured SQLite only.", file=sys.stderr)
    result = {
        "benchmark": "finder, nearest 10 of 100k points",
        "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "python": platform.python_version(),
        "machine": f"{platform.machine()}, {os.cpu_count()} CPUs",
        "target": "p95 <= 10 ms for the nearest 10 on both backends",
        "backends": figures,
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "finder.json").write_text(json.dumps(result, indent=2) + "\n")
    lines = [
        "# Finder at scale",
        "",
        f"{result['benchmark']}; {result['machine']}; Python {result['python']}; {result['measured_at']}.",
        f"Target: {result['target']}.",
        "",
        "| Backend | points | candidate query p50 / p95 ms | nearest 10 (with status) p50 / p95 ms |",
        "|---|---:|---:|---:|",
    ]
    for row in figures:
        lines.append(
            f"| {row['backend']} | {row['points']} | {row['candidates_p50_ms']} / {row['candidates_p95_ms']} "
            f"| {row['nearest10_p50_ms']} / {row['nearest10_p95_ms']} |"
        )
    (RESULTS / "finder.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
