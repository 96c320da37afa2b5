"""Site search: the judged query set and ``search.engine`` latency at scale.

Each run is its own process on a fresh database (a scratch SQLite file, or a scratch
PostgreSQL database as ``bench.common`` makes them): migrated, demo content loaded, then

1. **Quality** — the judged query set (``tests/search/judged_queries.py``) through
   ``engine.run(query, language)``: the share whose judged page is in the top 3 and the top 1,
   with every miss listed (target 100 % top 3). Measured on the demo content, then again once
   the generated services are in (for information: the same queries among N services).
2. **Scale** — the directory is grown to ``N`` services with ``bench.directory.build`` (bulk
   inserts; that builder does not touch the search index), then the generated organisations and
   services are added to the search index with the backend's bulk add, as ``directory.bulk_pages``
   does for imports (``index.add_items``; on PostgreSQL one ``INSERT … SELECT FROM UNNEST``
   per few thousand pages), in chunks with their relations prefetched — timed.
3. **Latency** — ``engine.run`` over the judged queries plus generated realistic queries (needs
   with and without accents, Greeklish, typos, with a municipality; English on the English
   site): p50/p95 over ``--runs`` timed runs after a warm-up, SQL queries per search; the
   same for the search page (``/search/?q=…``, ``/en/search/?q=…``) through the test client;
   and a cProfile + SQL breakdown of the slowest query.

Targets: p95 <= 50 ms on SQLite at 10 000 services, <= 100 ms on PostgreSQL at 100 000.
Figures go to ``bench/results/search.json`` and ``.md``. By default SQLite is measured at
10 000 services and PostgreSQL at 10 000 and 100 000 (``--plan`` changes it, e.g.
``--plan sqlite:10000,sqlite:100000,postgresql:10000,postgresql:100000``).
"""

import argparse
import cProfile
import io
import json
import os
import platform
import pstats
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlencode

from bench.common import RESULTS, ROOT, fresh_postgres, percentile, run_child

DEFAULT_PLAN = "sqlite:10000,postgresql:10000,postgresql:100000"
TARGETS = {("sqlite", 10_000): 50.0, ("postgresql", 100_000): 100.0}
WARM_UP = 10
INDEX_CHUNK = 2000
GENERATED_QUERIES = 120

# What residents type, beyond the judged set: needs (accented, bare, capitals, Greeklish, a
# typo), usually with a municipality; English needs on the English site.
NEEDS_EL = [
    "ψυχολόγος",
    "ψυχολογος",
    "psychologos",
    "ψιχολογος",
    "νομική βοήθεια",
    "νομικη συμβουλευτικη",
    "σίτιση",
    "τροφιμα",
    "κοινωνικο παντοπωλειο",
    "κοινωνικό φαρμακείο",
    "επιδοματα",
    "ΚΕΑ",
    "καρτα ανεργιας",
    "εμβολιασμοι",
    "μαθηματα ελληνικων",
    "κεντρο κοινοτητας",
    "ΚΕΝΤΡΟ ΚΟΙΝΟΤΗΤΑΣ",
    "kentro koinotitas",
    "ενδοοικογενειακη βια",
    "ΔΥΠΑ",
]
NEEDS_EN = [
    "psychologist",
    "legal advice",
    "food parcels",
    "social pharmacy",
    "unemployment card",
    "greek classes",
    "community centre",
    "vaccinations",
]


# --- inside the child process -----------------------------------------------------------------


def setup_django() -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "portal.settings.test"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def judged_quality() -> dict:
    """The judged set through ``engine.run``: top-3 and top-1 shares, and the misses."""
    from wagtail.models import Locale

    from search import engine
    from tests.search.judged_queries import JUDGED

    locales = {locale.language_code: locale.pk for locale in Locale.objects.all()}
    top3 = top1 = 0
    misses = []
    for judged in JUDGED:
        outcome = engine.run(judged.query, judged.language)
        top = [(hit.page.slug, hit.page.locale_id) for hit in outcome.hits[:3]]
        wanted = (judged.slug, locales[judged.language])
        top3 += wanted in top
        top1 += top[:1] == [wanted]
        if wanted not in top:
            misses.append(
                {
                    "query": judged.query,
                    "language": judged.language,
                    "wants": judged.slug,
                    "got": [slug for slug, _locale in top],
                }
            )
    total = len(JUDGED)
    return {
        "queries": total,
        "top3": top3,
        "top1": top1,
        "top3_pct": round(100 * top3 / total, 1),
        "top1_pct": round(100 * top1 / total, 1),
        "misses": misses,
    }


def index_generated(after_pk: int) -> dict:
    """Add the pages ``bench.directory.build`` wrote (pk > ``after_pk``) to every search
    backend with the bulk add ``directory.bulk_pages`` uses; returns counts and seconds."""
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import Page
    from wagtail.search.backends import get_search_backends
    from wagtail.search.models import IndexEntry

    from directory.bulk_pages import _index
    from directory.models import OrganisationPage, ServicePage

    began = time.perf_counter()
    indexed = {}
    for model in (OrganisationPage, ServicePage):
        ids = list(
            model.objects.filter(pk__gt=after_pk).order_by("pk").values_list("pk", flat=True)
        )
        relations = model.search_relations() if hasattr(model, "search_relations") else []
        for start in range(0, len(ids), INDEX_CHUNK):
            objects = list(
                model.objects.filter(pk__in=ids[start : start + INDEX_CHUNK]).prefetch_related(
                    *relations
                )
            )
            if getattr(model, "search_parent_title", False):
                parents = {page.path[: -page.steplen] for page in objects}
                titles = dict(Page.objects.filter(path__in=parents).values_list("path", "title"))
                for page in objects:
                    page._search_parent_title = titles.get(page.path[: -page.steplen], "")
            for backend in get_search_backends(with_auto_update=True):
                _index(backend.get_index_for_model(model), model, objects)
        indexed[model.__name__] = len(ids)
    seconds = time.perf_counter() - began
    service_type = ContentType.objects.get_for_model(ServicePage)
    pages = sum(indexed.values())
    return {
        "indexed_pages": pages,
        "indexed_services": indexed["ServicePage"],
        "index_s": round(seconds, 1),
        "index_pages_per_s": round(pages / seconds) if seconds else None,
        "service_index_entries": IndexEntry.objects.filter(content_type_id=service_type.pk).count(),
    }


def generated_queries(rng: random.Random) -> list[tuple[str, str, str]]:
    """(query, language, group) a resident might type, with real municipality names."""
    from directory.models import Municipality
    from search.normalise import fold

    towns = list(Municipality.objects.all())
    queries = []
    while len(queries) < GENERATED_QUERIES:
        town = rng.choice(towns)
        if rng.random() < 0.25:
            need = rng.choice(NEEDS_EN)
            place = town.seat_en
            queries.append((need if rng.random() < 0.3 else f"{need} {place}", "en", "generated"))
            continue
        need = rng.choice(NEEDS_EL)
        roll = rng.random()
        if roll < 0.3:
            query = need
        elif need.isascii():
            query = f"{need} {town.seat_en.lower()}"
        elif roll < 0.65:
            query = f"{need} {town.seat_el}"
        else:
            query = f"{need} {fold(town.short_name_el)}"  # genitive, no accents
        queries.append((query, "el", "generated"))
    return queries


def _summary(timings: list[float]) -> dict:
    return {
        "runs": len(timings),
        "p50_ms": round(statistics.median(timings), 1),
        "p95_ms": round(percentile(timings, 0.95), 1),
        "max_ms": round(max(timings), 1),
    }


def measure_engine(pool: list[tuple[str, str, str]], runs: int, rng: random.Random) -> dict:
    """``engine.run`` over ``runs`` draws from ``pool`` (every entry at least once when
    ``runs`` allows), after a warm-up; p50/p95 overall and per group, SQL queries per search."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from search import engine

    for query, language, _group in rng.sample(pool, min(WARM_UP, len(pool))):
        engine.run(query, language)
    order = rng.sample(pool, len(pool))
    draws = (order * (runs // len(order) + 1))[:runs]
    rows = []
    for query, language, group in draws:
        with CaptureQueriesContext(connection) as captured:
            began = time.perf_counter()
            outcome = engine.run(query, language)
            elapsed = (time.perf_counter() - began) * 1000
        rows.append((elapsed, len(captured), group, query, language, len(outcome.hits)))
    timings = [row[0] for row in rows]
    queries = [row[1] for row in rows]
    groups = {
        group: _summary([row[0] for row in rows if row[2] == group])
        for group in sorted({row[2] for row in rows})
    }
    slowest = sorted(rows, reverse=True)[:5]
    return {
        **_summary(timings),
        "by_group": groups,
        "sql_queries": {
            "min": min(queries),
            "median": int(statistics.median(queries)),
            "max": max(queries),
        },
        "hits_median": int(statistics.median(row[5] for row in rows)),
        "slowest": [
            {"query": q, "language": lang, "ms": round(ms, 1), "sql": n, "hits": hits}
            for ms, n, _g, q, lang, hits in slowest
        ],
    }


def measure_http(pool: list[tuple[str, str, str]], requests: int, rng: random.Random) -> dict:
    """The search page through Django's whole stack (test client, in-process, uncached)."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()

    def url(query, language):
        prefix = "/en" if language == "en" else ""
        return f"{prefix}/search/?" + urlencode({"q": query})

    for query, language, _group in rng.sample(pool, min(WARM_UP, len(pool))):
        assert client.get(url(query, language)).status_code == 200
    draws = [rng.choice(pool) for _ in range(requests)]
    timings, queries = [], []
    for query, language, _group in draws:
        with CaptureQueriesContext(connection) as captured:
            began = time.perf_counter()
            response = client.get(url(query, language))
            timings.append((time.perf_counter() - began) * 1000)
        assert response.status_code == 200, url(query, language)
        queries.append(len(captured))
    return {
        **_summary(timings),
        "sql_queries": {
            "min": min(queries),
            "median": int(statistics.median(queries)),
            "max": max(queries),
        },
    }


def profile_query(query: str, language: str) -> dict:
    """One search under cProfile and with its SQL captured: where the time goes."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from search import engine

    engine.run(query, language)  # warm
    with CaptureQueriesContext(connection) as captured:
        began = time.perf_counter()
        engine.run(query, language)
        plain_ms = (time.perf_counter() - began) * 1000
    sql = sorted(
        ((float(q["time"]) * 1000, q["sql"]) for q in captured.captured_queries), reverse=True
    )
    profiler = cProfile.Profile()
    profiler.enable()
    engine.run(query, language)
    profiler.disable()
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(25)
    lines = [line for line in out.getvalue().splitlines() if line.strip()]
    start = next((i for i, line in enumerate(lines) if "ncalls" in line), 0)
    return {
        "query": query,
        "language": language,
        "ms": round(plain_ms, 1),
        "sql_queries": len(sql),
        "sql_ms": round(sum(ms for ms, _s in sql), 1),
        "slowest_sql": [{"ms": round(ms, 1), "sql": s[:300]} for ms, s in sql[:4]],
        "profile_top": lines[start : start + 26],
    }


def child(total: int, runs: int, http_requests: int) -> dict:
    setup_django()
    from django.core.cache import cache
    from django.core.management import call_command
    from django.db import connection
    from wagtail.models import Page

    from bench.directory import build
    from tests.search.judged_queries import JUDGED

    began = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    call_command("load_demo_content", verbosity=0)
    demo_s = time.perf_counter() - began
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    demo_quality = judged_quality()
    print(f"{connection.vendor} demo judged: {demo_quality['top3_pct']}%", file=sys.stderr)

    rng = random.Random(20261124)
    last_demo_pk = Page.objects.order_by("-pk").values_list("pk", flat=True).first()
    began = time.perf_counter()
    built = build(total, rng)
    built.pop("places")
    built.pop("big_organisation_id")
    built["build_s"] = round(time.perf_counter() - began, 1)
    print(f"{connection.vendor} built {total} in {built['build_s']} s", file=sys.stderr)
    indexing = index_generated(last_demo_pk)
    print(f"{connection.vendor} indexed in {indexing['index_s']} s", file=sys.stderr)
    if connection.vendor == "postgresql":
        # As docs/deployment.md asks after a bulk rebuild (autovacuum would get there later):
        # the term index's pages marked all-visible, so searches read the covering index only.
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    cache.clear()  # the spelling vocabulary is rebuilt with the new titles

    scale_quality = judged_quality()
    pool = [(j.query, j.language, "judged") for j in JUDGED] + generated_queries(rng)
    engine_figures = measure_engine(pool, runs, rng)
    print(f"{connection.vendor} engine p95 {engine_figures['p95_ms']} ms", file=sys.stderr)
    http = measure_http(pool, http_requests, rng) if http_requests else None
    slowest = engine_figures["slowest"][0]
    return {
        "backend": connection.vendor,
        "size": total,
        "demo_load_s": round(demo_s, 1),
        **built,
        **indexing,
        "quality_demo": demo_quality,
        "quality_at_scale": scale_quality,
        "engine": engine_figures,
        "http": http,
        "profile": profile_query(slowest["query"], slowest["language"]),
        "load_average": [round(value, 1) for value in os.getloadavg()],
    }


# --- the parent -------------------------------------------------------------------------------


def target_text(row: dict) -> str:
    limit = TARGETS.get((row["backend"], row["size"]))
    if limit is None:
        return "—"
    return f"≤ {limit:g} ms: {'met' if row['engine']['p95_ms'] <= limit else 'MISSED'}"


def report(result: dict) -> str:
    rows = result["runs"]
    lines = [
        "# Site search: judged queries and latency at scale",
        "",
        f"{result['machine']}; Python {result['python']}; {result['measured_at']} "
        f"(commit {result['commit']}). Django test settings (DEBUG off, local-memory cache), "
        "database search backend (`greek` configuration on PostgreSQL). "
        f"Plan: {result['plan']}.",
        "",
        f"Targets: {result['target']}.",
        "",
    ]
    if result.get("note"):
        lines += [result["note"], ""]
    lines += [
        "## Judged query set (demo content)",
        "",
        "`engine.run(query, language)` for each query of `tests/search/judged_queries.py`; "
        "found = the judged page among the first 3 (first 1).",
        "",
        "| Backend | queries | top 3 | top 1 |",
        "|---|---:|---:|---:|",
    ]
    seen = set()
    for row in rows:
        if row["backend"] in seen:
            continue
        seen.add(row["backend"])
        q = row["quality_demo"]
        lines.append(
            f"| {row['backend']} | {q['queries']} | {q['top3']} ({q['top3_pct']}%) "
            f"| {q['top1']} ({q['top1_pct']}%) |"
        )
    lines.append("")
    for row in rows:
        if row["backend"] in seen and row["quality_demo"]["misses"]:
            lines.append(f"Misses on {row['backend']}:")
            for miss in row["quality_demo"]["misses"]:
                lines.append(
                    f"- `{miss['query']}` [{miss['language']}] wants {miss['wants']}, "
                    f"top 3: {', '.join(miss['got']) or 'nothing'}"
                )
            lines.append("")
            seen.discard(row["backend"])
    lines += [
        "The same queries once the generated services are in (not a target; the generated "
        "services copy the demo's kinds of service into every municipality, so a need "
        "with a place can meet look-alikes):",
        "",
        "| Backend | services | top 3 | top 1 | misses |",
        "|---|---:|---:|---:|---|",
    ]
    for row in rows:
        q = row["quality_at_scale"]
        misses = "; ".join(
            f"`{m['query']}` → {', '.join(m['got'][:3]) or 'nothing'}" for m in q["misses"][:6]
        )
        if len(q["misses"]) > 6:
            misses += f"; … ({len(q['misses'])} in all)"
        lines.append(
            f"| {row['backend']} | {row['services']} | {q['top3_pct']}% | {q['top1_pct']}% "
            f"| {misses or '—'} |"
        )
    lines += [
        "",
        "## Building and indexing",
        "",
        "Directory built with `bench.directory.build` (bulk inserts); the generated "
        "organisations and services then added to the search index with the backend's bulk add "
        f"(`directory.bulk_pages._index`, chunks of {INDEX_CHUNK}, relations prefetched).",
        "",
        "| Backend | services | organisations | build s | pages indexed | index s | pages/s "
        "| service index entries |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for row in rows:
        lines.append(
            f"| {row['backend']} | {row['services']} | {row['organisations']} | "
            f"{row['build_s']} | {row['indexed_pages']} | {row['index_s']} | "
            f"{row['index_pages_per_s']} | {row['service_index_entries']} |"
        )
    lines += [
        "",
        "## Latency",
        "",
        f"`engine.run`: {result['runs_per_size']} timed runs after {WARM_UP} warm-up runs, over "
        f"the {rows[0]['quality_demo']['queries'] if rows else 0} judged queries and "
        f"{GENERATED_QUERIES} generated ones (needs with and without accents, capitals, "
        "Greeklish, typos, with a municipality; English on the English site), drawn in "
        "random order without repeats. Search page: `/search/?q=…` (`/en/search/?q=…`) "
        f"through the test client, {result['http_requests']} requests after {WARM_UP} warm-up. SQL = queries per search "
        "(min/median/max).",
        "",
        "| Backend | services | engine p50 ms | engine p95 ms | judged p95 | generated p95 "
        "| max ms | SQL | page p50 ms | page p95 ms | page SQL | target |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for row in rows:
        e, h = row["engine"], row["http"]
        sql = e["sql_queries"]
        page = (
            (h["p50_ms"], h["p95_ms"], f"{h['sql_queries']['min']}/{h['sql_queries']['median']}"
             f"/{h['sql_queries']['max']}")
            if h
            else ("—", "—", "—")
        )  # fmt: skip
        lines.append(
            f"| {row['backend']} | {row['services']} | {e['p50_ms']} | {e['p95_ms']} | "
            f"{e['by_group'].get('judged', {}).get('p95_ms', '—')} | "
            f"{e['by_group'].get('generated', {}).get('p95_ms', '—')} | {e['max_ms']} | "
            f"{sql['min']}/{sql['median']}/{sql['max']} | {page[0]} | {page[1]} | {page[2]} | "
            f"{target_text(row)} |"
        )
    lines += ["", "## Slowest queries", ""]
    for row in rows:
        slow = ", ".join(
            f"`{s['query']}` [{s['language']}] {s['ms']} ms ({s['sql']} SQL, {s['hits']} hits)"
            for s in row["engine"]["slowest"][:3]
        )
        p = row["profile"]
        lines.append(
            f"- {row['backend']} at {row['services']}: {slow}. Profiled `{p['query']}`: "
            f"{p['ms']} ms, of which SQL {p['sql_ms']} ms in {p['sql_queries']} queries "
            f"(slowest statement {p['slowest_sql'][0]['ms'] if p['slowest_sql'] else 0} ms)."
        )
    loads = [
        f"{row['backend']} {row['services']}: {'/'.join(str(v) for v in row['load_average'])}"
        for row in rows
        if row.get("load_average")
    ]
    if loads:
        lines += [
            "",
            "Load average (1/5/15 min) at the end of each run, on a shared machine: "
            + "; ".join(loads)
            + ".",
        ]
    lines.append("")
    lines.append("The cProfile output of each profiled query is in `search.json` (`profile`).")
    return "\n".join(lines)


def run_one(backend: str, size: int, args, scratch: str) -> dict | None:
    if backend == "sqlite":
        database = f"sqlite:///{scratch}/search-{size}.sqlite3"
    else:
        database = fresh_postgres(f"koinotita_bench_search_{size}")
        if database is None:
            print("PostgreSQL not reachable on 127.0.0.1:5432: skipped.", file=sys.stderr)
            return None
    began = time.perf_counter()
    row = run_child(
        "bench.search",
        database,
        "--services",
        str(size),
        "--runs",
        str(args.runs),
        "--http-requests",
        str(args.http_requests),
    )
    print(f"{backend} {size}: {time.perf_counter() - began:.0f} s", file=sys.stderr, flush=True)
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--plan", default=DEFAULT_PLAN, help="backend:services,…")
    parser.add_argument("--runs", type=int, default=200, help="timed engine.run calls per size")
    parser.add_argument("--http-requests", type=int, default=100)
    parser.add_argument("--note", default="", help="a sentence for the results file")
    parser.add_argument("--output", default="search", help="results file name (no suffix)")
    parser.add_argument(
        "--merge", nargs="+", metavar="JSON", help="combine earlier results files instead"
    )
    parser.add_argument("--services", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.services, args.runs, args.http_requests)))
        return
    from bench.hsds import commit

    if args.merge:
        parts = [json.loads(Path(path).read_text()) for path in args.merge]
        args.plan = ",".join(part["plan"] for part in parts)
        args.runs, args.http_requests = parts[0]["runs_per_size"], parts[0]["http_requests"]
    plan = [(part.split(":")[0], int(part.split(":")[1])) for part in args.plan.split(",")]
    rows = [row for part in parts for row in part["runs"]] if args.merge else []
    done = parts[-1] if args.merge else {"measured_at": None, "commit": commit()}
    if args.merge:
        write(args, plan, rows, done)
    with tempfile.TemporaryDirectory() as scratch:
        for backend, size in [] if args.merge else plan:
            row = run_one(backend, size, args, scratch)
            if row:
                rows.append(row)
                write(args, plan, rows, done)  # what is measured is kept if a later run fails


def write(args, plan: list[tuple[str, int]], rows: list[dict], done: dict) -> None:
    note = args.note
    if ("sqlite", 100_000) not in plan:
        skipped = (
            "SQLite is measured at 10 000 services only (its target's size); 100 000 on SQLite "
            "is left out to keep `make bench` within its time (`--plan` adds it)."
        )
        note = f"{note} {skipped}" if note else skipped
    result = {
        "benchmark": "site search: judged query set and engine.run latency at scale",
        "measured_at": done["measured_at"] or datetime.now(UTC).isoformat(timespec="seconds"),
        "commit": done["commit"],
        "python": platform.python_version(),
        "machine": f"{platform.machine()}, {os.cpu_count()} CPUs",
        "plan": args.plan,
        "target": "judged set 100% top 3 on SQLite and PostgreSQL; engine.run p95 <= 50 ms on "
        "SQLite at 10 000 services, <= 100 ms on PostgreSQL at 100 000",
        "note": note,
        "runs_per_size": args.runs,
        "http_requests": args.http_requests,
        "runs": rows,
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / f"{args.output}.json").write_text(
        json.dumps(result, indent=2, ensure_ascii=False) + "\n"
    )
    text = report(result)
    (RESULTS / f"{args.output}.md").write_text(text + "\n")
    print(text)


if __name__ == "__main__":
    main()
