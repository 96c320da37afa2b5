"""HSDS 3.0 at scale: the read API, the NDJSON export and the import, with 100 000 services.

The directory is built as in ``bench.directory`` (its ``build()``: bulk inserts, then the
listing index the search and taxonomy filters read), then the services' publication dates are
spread over the past year so that ``modified_after`` selects a realistic share of them.

1. API: ``/api/hsds/...`` through Django's whole stack with the test client, in-process and
   uncached, the rate limit raised out of the way. Reported per scenario: p50 / p95 server
   time and the number of SQL queries (the same for every request of a scenario).
   Target: a services page of 50, p95 <= 100 ms on PostgreSQL.
2. Export: ``manage.py export_hsds --format ndjson`` of everything, as its own process: wall
   time, services written per second and the process's peak RSS, at the full size and at a
   tenth of it (the export reads a chunk at a time, so memory should not grow with size).
3. Import: every partner organisation of each export (the smaller one can be cut to
   ``--import-services``) imported with ``manage.py import_hsds FILE --publish`` into a fresh
   site (migrated, demo content loaded: it has the Greek directory page the importer needs),
   then the same file again, which must change nothing. Wall time, services per second and
   the process's peak RSS at both sizes.
   Target: >= 500 services/s, and peak memory that does not grow with the file.

PostgreSQL is the reference; SQLite (API and export only, ``--sqlite``) is secondary and not
run by default: it would double the run time. ``--quick`` is a smoke test on a small
directory. Figures go to ``bench/results/hsds.json`` and ``.md`` (not written with ``--quick``
unless ``--write``).
"""

import argparse
import json
import os
import platform
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from urllib.parse import urlencode

from bench.common import RESULTS, ROOT, fresh_postgres, percentile, run_child

WARM_UP = 5
SETTINGS = "portal.settings.test"
# Greek words as a client types them: no accents, any case.
SEARCH_WORDS = ["ψυχολογικη", "συμβουλευτικη", "τροφιμων", "νομικη", "ανεργων", "επιδοματα"]
DAYS_SPREAD = 365  # services' last publication spread over this many days
MODIFIED_WITHIN = 30  # modified_after: a random day in the last this many days
PROXIMITY_KM = 10
DEFAULT_SERVICES = 100_000


# --- inside the child process -----------------------------------------------------------------


def setup_django() -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = SETTINGS
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def spread_publication_dates(rng: random.Random) -> None:
    """Give each bench service a last publication in the past ``DAYS_SPREAD`` days (``build()``
    publishes everything "now"), one UPDATE per day."""
    from django.db import transaction
    from wagtail.models import Page

    from directory.models import ServicePage

    now = datetime.now(UTC)
    by_day: dict[int, list[int]] = {}
    for pk in ServicePage.objects.values_list("pk", flat=True):
        by_day.setdefault(rng.randrange(DAYS_SPREAD), []).append(pk)
    with transaction.atomic():
        for day, pks in by_day.items():
            moment = now - timedelta(days=day, seconds=rng.randrange(86_400))
            for start in range(0, len(pks), 500):
                Page.objects.filter(pk__in=pks[start : start + 500]).update(
                    last_published_at=moment, first_published_at=moment
                )


def build_site(total: int, rng: random.Random) -> dict:
    """Migrate, load the demo content and build the directory up to ``total`` services."""
    from django.core.management import call_command
    from django.db import connection

    from bench.directory import build

    began = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    call_command("load_demo_content", verbosity=0)
    built = build(total, rng)
    built.pop("places")
    built.pop("big_organisation_id")
    spread_publication_dates(rng)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    built["build_s"] = round(time.perf_counter() - began, 1)
    return built


def api_scenarios(rng: random.Random, requests: int) -> dict[str, list[str]]:
    from wagtail.models import Locale

    from bench.directory import COMBINATIONS
    from directory.models import Category, OrganisationPage, Postcode, ServicePage
    from search.normalise import fold

    el = Locale.objects.get(language_code="el")
    categories = [
        str(k) for k in Category.objects.filter(locale=el).values_list("translation_key", flat=True)
    ]
    organisations = [
        str(k)
        for k in OrganisationPage.objects.live()
        .filter(locale=el)
        .values_list("translation_key", flat=True)
    ]
    # Postcodes placed at a municipality's seat: where build() puts the partners.
    postcodes = list(
        Postcode.objects.filter(municipality__isnull=False).values_list("code", flat=True)
    )
    by_code = {c.code: str(c.translation_key) for c in Category.objects.filter(locale=el)}
    # bench.directory's resident searches: a keyword and a category that go together.
    pairs = [
        (fold(c["q"]), by_code[c["category"]]) for c in COMBINATIONS if c["category"] in by_code
    ]
    total = ServicePage.objects.live().filter(locale=el).count()
    last_page = max(1, total // 50)
    today = datetime.now(UTC).date()

    def url(path: str, **params) -> str:
        return f"/api/hsds/{path}?" + urlencode(params)

    def services(**params) -> str:
        return url("services", per_page=50, **params)

    return {
        "services, page 1": [services()] * requests,
        "services, a random page of the first 10": [
            services(page=rng.randint(1, 10)) for _ in range(requests)
        ],
        f"services, a random deep page (1–{last_page})": [
            services(page=rng.randint(1, last_page)) for _ in range(requests)
        ],
        "services, search= a Greek word without accents": [
            services(search=rng.choice(SEARCH_WORDS)) for _ in range(requests)
        ],
        "services, taxonomy_term_id= a category": [
            services(taxonomy_term_id=rng.choice(categories)) for _ in range(requests)
        ],
        "services, organization_id=": [
            services(organization_id=rng.choice(organisations)) for _ in range(requests)
        ],
        f"services, modified_after= a day in the last {MODIFIED_WITHIN}": [
            services(
                modified_after=(today - timedelta(days=rng.randint(1, MODIFIED_WITHIN))).isoformat()
            )
            for _ in range(requests)
        ],
        "services, search + taxonomy_term_id": [
            services(**dict(zip(("search", "taxonomy_term_id"), rng.choice(pairs), strict=True)))
            for _ in range(requests)
        ],
        f"service_at_locations, postcode= & proximity={PROXIMITY_KM}": [
            url(
                "service_at_locations",
                per_page=50,
                postcode=rng.choice(postcodes),
                proximity=PROXIMITY_KM,
            )
            for _ in range(requests)
        ],
        "organizations, page 1": [url("organizations", per_page=50)] * requests,
        "organizations, a random page": [
            url("organizations", per_page=50, page=rng.randint(1, max(1, len(organisations) // 50)))
            for _ in range(requests)
        ],
    }


def measure(client, urls: list[str]) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for url in urls[:WARM_UP]:
        assert client.get(url).status_code == 200, url
    timings, queries, totals, sizes = [], set(), [], []
    for url in urls:
        with CaptureQueriesContext(connection) as captured:
            began = time.perf_counter()
            response = client.get(url)
            timings.append((time.perf_counter() - began) * 1000)
        assert response.status_code == 200, (url, response.content[:300])
        queries.add(len(captured))
        body = json.loads(response.content)
        totals.append(body["total_items"])
        sizes.append(len(response.content))
    return {
        "p50_ms": round(statistics.median(timings), 1),
        "p95_ms": round(percentile(timings, 0.95), 1),
        "queries": sorted(queries),
        "total_items_median": int(statistics.median(totals)),
        "body_kb_median": round(statistics.median(sizes) / 1024, 1),
        "requests": len(urls),
    }


def child_api(total: int, requests: int) -> dict:
    setup_django()
    from django.db import connection
    from django.test import Client, override_settings

    rng = random.Random(20261201)
    built = build_site(total, rng)
    client = Client()
    with override_settings(HSDS_RATE_LIMIT=(10_000_000, 60)):
        scenarios = {
            name: measure(client, urls) for name, urls in api_scenarios(rng, requests).items()
        }
    return {"backend": connection.vendor, **built, "scenarios": scenarios}


def child_build(total: int) -> dict:
    setup_django()
    from django.db import connection

    return {"backend": connection.vendor, **build_site(total, random.Random(20261202))}


def child_prepare_import() -> dict:
    """A fresh site for the import: migrated, the demo content loaded (the Greek directory
    page, the taxonomy and the demo's few partners)."""
    setup_django()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    call_command("load_demo_content", verbosity=0)
    return child_counts()


def child_counts() -> dict:
    if "django" not in sys.modules or not _django_ready():
        setup_django()
    from directory.models import OrganisationPage, ServicePage

    return {
        "organisations": OrganisationPage.objects.count(),
        "services": ServicePage.objects.count(),
        "live_services": ServicePage.objects.live().count(),
    }


def _django_ready() -> bool:
    from django.apps import apps

    return apps.ready


# --- in the parent: one command as its own process ----------------------------------------------


def run_command(database_url: str, *arguments: str) -> dict:
    """``manage.py ARGUMENTS`` as a child process: wall time, peak RSS (of that process
    alone, from ``wait4``) and its output."""
    env = {**os.environ, "DATABASE_URL": database_url, "DJANGO_SETTINGS_MODULE": SETTINGS}
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        began = time.perf_counter()
        process = subprocess.Popen(
            [sys.executable, "manage.py", *arguments], cwd=ROOT, env=env, stdout=out, stderr=err
        )
        _pid, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - began
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0), err.seek(0)
        stdout, stderr = out.read().decode(), err.read().decode()
    if process.returncode != 0:
        raise RuntimeError(f"manage.py {' '.join(arguments)} failed:\n{stderr[-3000:]}")
    return {
        "wall_s": round(wall, 2),
        "peak_rss_mb": round(usage.ru_maxrss / 1024, 1),  # Linux: kilobytes
        "cpu_s": round(usage.ru_utime + usage.ru_stime, 2),
        "stdout": stdout,
        "stderr": stderr,
    }


def count_export(path: str) -> dict:
    """Organisations and services in an NDJSON export: partners apart from centres."""
    organisations = partner_organisations = services = partner_services = 0
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            item = json.loads(line)
            organisations += 1
            count = len(item.get("services") or [])
            services += count
            if not is_centre(item):
                partner_organisations += 1
                partner_services += count
    return {
        "organisations": organisations,
        "services": services,
        "partner_organisations": partner_organisations,
        "partner_services": partner_services,
        "bytes": os.path.getsize(path),
    }


def is_centre(item: dict) -> bool:
    """Flagged with the organisation-kinds term the export gives community centres."""
    from directory.hsds import ids  # no models: usable without Django set up

    for attribute in item.get("attributes") or []:
        term = attribute.get("taxonomy_term") or {}
        if term.get("taxonomy_id") == str(ids.ORGANISATION_KINDS_TAXONOMY) and (
            term.get("code") == ids.COMMUNITY_CENTRE_CODE
        ):
            return True
    return False


def export(database_url: str, path: str) -> dict:
    ran = run_command(database_url, "export_hsds", "--format", "ndjson", "--output", path)
    counted = count_export(path)
    return {
        "wall_s": ran["wall_s"],
        "cpu_s": ran["cpu_s"],
        "peak_rss_mb": ran["peak_rss_mb"],
        **counted,
        "services_per_s": round(counted["services"] / ran["wall_s"]),
        "mb": round(counted["bytes"] / 1024 / 1024, 1),
    }


SUMMARY = re.compile(
    r"(organisation|service)s: (\d+) created, (\d+) updated, (\d+) unchanged, (\d+) skipped"
)


def import_once(database_url: str, path: str, services: int) -> dict:
    ran = run_command(database_url, "import_hsds", path, "--publish")
    outcome = {
        kind: dict(
            zip(("created", "updated", "unchanged", "skipped"), map(int, numbers), strict=True)
        )
        for kind, *numbers in SUMMARY.findall(ran["stdout"])
    }
    warnings = re.search(r"(\d+) warning\(s\)", ran["stdout"])
    return {
        "wall_s": ran["wall_s"],
        "cpu_s": ran["cpu_s"],
        "peak_rss_mb": ran["peak_rss_mb"],
        "services_per_s": round(services / ran["wall_s"]),
        "outcome": outcome,
        "warnings": int(warnings.group(1)) if warnings else 0,
    }


def startup(database_url: str) -> float:
    """A management command that does nothing: Django's start-up, included in the wall times."""
    return run_command(database_url, "shell", "-c", "pass")["wall_s"]


def measure_import(export_path: str, services: int) -> dict:
    database = fresh_postgres("koinotita_bench_hsds_import")
    if database is None:
        return {"skipped": "PostgreSQL not reachable"}
    before = run_child("bench.hsds", database, "--phase", "prepare-import")
    first = import_once(database, export_path, services)
    after = run_child("bench.hsds", database, "--phase", "counts")
    second = import_once(database, export_path, services)
    again = run_child("bench.hsds", database, "--phase", "counts")
    return {
        "services_in_file": services,
        "before": before,
        "first": first,
        "after_first": after,
        "second": second,
        "after_second": again,
        "startup_s": startup(database),
    }


# --- the report -------------------------------------------------------------------------------


def report(result: dict) -> str:
    lines = [
        "# HSDS 3.0 API, export and import at scale",
        "",
        f"{result['machine']}; Python {result['python']}; {result['measured_at']} "
        f"(commit {result['commit']}); "
        f"{result['services']} services built as in `bench.directory`, publication dates "
        f"spread over {DAYS_SPREAD} days. Django test settings (DEBUG off, local-memory cache), "
        "rate limit raised out of the way.",
        "",
        f"Targets: {result['targets']}.",
        "",
    ]
    if result.get("api_measured_at"):
        lines += [
            f"The API and the {result['services']}-service export: the run that finished at "
            f"{result['api_measured_at']} (commit {result.get('api_commit') or 'not recorded'}); "
            "the smaller export and the import again at the time above (`--import-only`).",
            "",
        ]
    for row in result["api"]:
        lines += [
            f"## API on {row['backend']}: {row['services']} services, "
            f"{row['organisations']} organisations",
            "",
            f"Site built in {row['build_s']} s (bulk write {row['write_s']} s, listing index "
            f"{row['listing_rebuild_s']} s). Test client, in-process, per_page=50, "
            f"{next(iter(row['scenarios'].values()))['requests']} requests per scenario after "
            f"{WARM_UP} warm-up requests.",
            "",
            "| Request | p50 ms | p95 ms | SQL queries | median total_items | median body KB |",
            "|---|---:|---:|---:|---:|---:|",
        ]
        for name, figures in row["scenarios"].items():
            queries = "/".join(str(q) for q in figures["queries"])
            lines.append(
                f"| {name} | {figures['p50_ms']} | {figures['p95_ms']} | {queries} "
                f"| {figures['total_items_median']} | {figures['body_kb_median']} |"
            )
        lines.append("")
    if result["export"]:
        lines += [
            "## NDJSON export (`manage.py export_hsds --format ndjson --output FILE`)",
            "",
            "Its own process; wall time includes Django's start-up. Services are those nested in "
            "the organisations written (partners and community-centre service groups).",
            "",
            "| Backend | services in the database | organisations | services written | file MB "
            "| wall s | CPU s | services/s | peak RSS MB |",
            "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
        ]
        for row in result["export"]:
            lines.append(
                f"| {row['backend']} | {row['size']} | {row['organisations']} | {row['services']} "
                f"| {row['mb']} | {row['wall_s']} | {row['cpu_s']} | {row['services_per_s']} "
                f"| {row['peak_rss_mb']} |"
            )
        lines.append("")
    lines += ["## Import on PostgreSQL (`manage.py import_hsds FILE --publish`)", ""]
    imports = result.get("imports") or []
    if not imports:
        lines += ["Not measured.", ""]
    else:
        lines += [
            "Every partner organisation of the NDJSON export of a directory of the size given, "
            "imported into a fresh site with the demo content, then the same file again. Its own "
            "process; wall time includes Django's start-up and reading, checking and writing the "
            "file a part at a time (three passes over an NDJSON file: check, what the database "
            "holds, write in one transaction).",
            "",
            "| Directory exported | organisations | services in file | Run | wall s | CPU s "
            "| services/s | peak RSS MB | services created / updated / unchanged | warnings |",
            "|---:|---:|---:|---|---:|---:|---:|---:|---|---:|",
        ]
        for imported in imports:
            if "skipped" in imported:
                lines.append(
                    f"| {imported.get('source_size')} | | | not measured: "
                    f"{imported['skipped']} | | | | | | |"
                )
                continue
            for label, key in (("first (all new)", "first"), ("second (same file)", "second")):
                run = imported[key]
                service = run["outcome"].get("service", {})
                lines.append(
                    f"| {imported['source_size']} | {imported['organisations_in_file']} "
                    f"| {imported['services_in_file']} | {label} | {run['wall_s']} "
                    f"| {run['cpu_s']} | {run['services_per_s']} | {run['peak_rss_mb']} "
                    f"| {service.get('created')} / {service.get('updated')} / "
                    f"{service.get('unchanged')} | {run['warnings']} |"
                )
        lines += [""]
        for imported in imports:
            if "skipped" not in imported:
                lines.append(
                    f"- {imported['source_size']}: live services before "
                    f"{imported['before']['services']}, after the first run "
                    f"{imported['after_first']['live_services']}, after the second "
                    f"{imported['after_second']['live_services']}; Django's start-up "
                    f"{imported['startup_s']} s."
                )
        lines.append("")
    return "\n".join(lines)


# --- the parent -------------------------------------------------------------------------------


GIT = shutil.which("git") or "git"


def commit() -> str:
    """HEAD, and "+ changes" when tracked files differ from it (work in progress measured)."""
    head = subprocess.run(
        [GIT, "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()
    dirty = subprocess.run(
        [GIT, "status", "--porcelain", "--untracked-files=no"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    ).stdout.strip()
    return f"{head} + changes" if dirty else head


def log(what: str, began: float) -> None:
    print(f"{what}: {time.perf_counter() - began:.0f} s", file=sys.stderr, flush=True)


def api_and_export(database: str, services: int, requests: int, scratch: str) -> tuple[dict, dict]:
    api = run_child(
        "bench.hsds",
        database,
        "--phase",
        "api",
        "--services",
        str(services),
        "--requests",
        str(requests),
    )
    exported = export(database, f"{scratch}/{api['backend']}-{services}.ndjson")
    return api, {"backend": api["backend"], "size": services, **exported}


def sample(path: str, services: int | None, into: str) -> dict:
    """The partner organisations of an NDJSON export (the importer skips centres): all of
    them, or the first up to about ``services`` services, leaving out the one with 500
    services (it alone would be a small sample)."""
    organisations = taken = 0
    with open(path, encoding="utf-8") as source, open(into, "w", encoding="utf-8") as target:
        for line in source:
            item = json.loads(line)
            count = len(item.get("services") or [])
            if is_centre(item) or (services and count > 100):
                continue
            target.write(line)
            organisations += 1
            taken += count
            if services and taken >= services:
                break
    return {"organisations": organisations, "services": taken}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--services", type=int, default=DEFAULT_SERVICES)
    parser.add_argument(
        "--small-services",
        type=int,
        help="the second, smaller export's directory (default: a tenth of --services)",
    )
    parser.add_argument(
        "--import-services",
        type=int,
        help="services in the imported file (default: every partner of the smaller export)",
    )
    parser.add_argument(
        "--import-only",
        action="store_true",
        help="measure the exports and the imports again, keep the API figures of hsds.json",
    )
    parser.add_argument("--requests", type=int, default=200, help="per API scenario")
    parser.add_argument("--quick", action="store_true", help="a smoke test: small and few")
    parser.add_argument("--sqlite", action="store_true", help="also the API and export on SQLite")
    parser.add_argument("--write", action="store_true", help="write results even with --quick")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--phase", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        phase = {
            "api": lambda: child_api(args.services, args.requests),
            "build": lambda: child_build(args.services),
            "prepare-import": child_prepare_import,
            "counts": child_counts,
        }[args.phase]
        print(json.dumps(phase()))
        return
    if args.quick:
        args.services, args.small_services, args.import_services = 3000, 1000, 200
        args.requests = 20
    small_size = args.small_services or max(1000, args.services // 10)
    postgres = fresh_postgres("koinotita_bench_hsds") if not args.import_only else "-"
    if postgres is None:
        sys.exit("PostgreSQL is not reachable on 127.0.0.1:5432: the HSDS figures need it.")
    api, exports = [], []
    previous = {}
    if args.import_only:
        previous = json.loads((RESULTS / "hsds.json").read_text())
        args.services = previous["services"]
        api = previous["api"]
    with tempfile.TemporaryDirectory() as scratch:
        if not args.import_only:
            began = time.perf_counter()
            figures, exported = api_and_export(postgres, args.services, args.requests, scratch)
            api.append(figures), exports.append(exported)
            log(f"PostgreSQL {args.services}: API and export", began)
        began = time.perf_counter()
        smaller = fresh_postgres("koinotita_bench_hsds_small")
        built = run_child("bench.hsds", smaller, "--phase", "build", "--services", str(small_size))
        small_path = f"{scratch}/postgresql-{small_size}.ndjson"
        exports.append(
            {"backend": built["backend"], "size": small_size, **export(smaller, small_path)}
        )
        log(f"PostgreSQL {small_size}: build and export", began)
        sources = [(small_size, small_path)]
        if not args.quick:
            big_path = f"{scratch}/postgresql-{args.services}.ndjson"
            if args.import_only:
                began = time.perf_counter()
                bigger = fresh_postgres("koinotita_bench_hsds")
                run_child(
                    "bench.hsds", bigger, "--phase", "build", "--services", str(args.services)
                )
                exports.insert(
                    0, {"backend": "postgresql", "size": args.services, **export(bigger, big_path)}
                )
                log(f"PostgreSQL {args.services}: build and export", began)
            sources.append((args.services, big_path))
        imports = []
        for size, path in sources:
            began = time.perf_counter()
            import_path = f"{scratch}/import-{size}.ndjson"
            limit = args.import_services if size == small_size else None
            taken = sample(path, limit, import_path)
            imported = measure_import(import_path, taken["services"])
            imported.update(source_size=size, organisations_in_file=taken["organisations"])
            imports.append(imported)
            os.remove(import_path)
            log(f"import of {taken['services']} services", began)
        if args.sqlite:
            began = time.perf_counter()
            figures, exported = api_and_export(
                f"sqlite:///{scratch}/hsds.sqlite3", args.services, args.requests, scratch
            )
            api.append(figures), exports.append(exported)
            log(f"SQLite {args.services}: API and export", began)
    result = {
        "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "commit": commit(),
        "python": platform.python_version(),
        "machine": f"{platform.machine()}, {os.cpu_count()} CPUs",
        "services": args.services,
        "targets": "services page of 50 p95 <= 100 ms on PostgreSQL; import >= 500 services/s "
        "and peak memory that does not grow with the file",
        "api_measured_at": previous.get("api_measured_at") or previous.get("measured_at"),
        "api_commit": previous.get("api_commit") or previous.get("commit"),
        "api": api,
        "export": exports,
        "imports": imports,
    }
    text = report(result)
    if not args.quick or args.write:
        RESULTS.mkdir(parents=True, exist_ok=True)
        (RESULTS / "hsds.json").write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
        (RESULTS / "hsds.md").write_text(text + "\n")
    print(text)


if __name__ == "__main__":
    main()
