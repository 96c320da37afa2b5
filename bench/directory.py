"""Partner directory at scale: 100 000 services, on SQLite and PostgreSQL.

Each backend runs in its own process on a fresh database: migrated, demo content loaded, then
partner organisations added until there are ``--services`` services, spread over the 332
municipalities with the demo's kinds of service (titles, categories, target groups, languages,
hours), one organisation in twenty-five with a confidential address, and one organisation with
500 services for the admin listing. The page tree is written with bulk inserts (creating
100 000 pages one by one through the admin's code path would take hours); the listing index is
then built by the same code that keeps it in step on publish, and timed.

Requests go through Django's whole stack (middleware, Wagtail routing, templates), uncached,
in-process. Reported per scenario: p50 / p95 server time and the number of queries. The target
scenario is the issue's: keyword + two filters + near, from 300 random municipalities
(target p95 <= 100 ms on PostgreSQL). Figures go to ``bench/results/directory.json`` and ``.md``.
"""

import argparse
import json
import os
import platform
import random
import re
import statistics
import sys
import tempfile
import time
import uuid
from datetime import UTC, date, datetime
from urllib.parse import urlencode

from bench.common import RESULTS, ROOT, fresh_postgres, percentile, run_child

SERVICES_PER_ORGANISATION = 25
BIG_ORGANISATION_SERVICES = 500
WARM_UP = 5
KEYWORDS = ["ψυχολογική", "συμβουλευτική", "τροφίμων", "νομική", "ανέργων", "επιδόματα"]
# A resident's searches: a keyword, a category and a second filter that go together.
COMBINATIONS = [
    {"q": "ψυχολογική", "category": "mental-health", "language": "en"},
    {"q": "συμβουλευτική", "category": "health", "target": "families"},
    {"q": "νομική", "category": "legal-aid", "language": "ar"},
    {"q": "ανέργων", "category": "employment", "target": "unemployed"},
    {"q": "επιδόματα", "category": "benefits", "target": "older-people"},
    {"q": "τροφίμων", "category": "food", "target": "families"},
]


def build(total_services: int, rng: random.Random) -> dict:
    """Add organisations, locations and services under the Greek directory until there are
    ``total_services`` services; returns what the scenarios need."""
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection, transaction
    from wagtail.models import Locale, Page

    from core.bulk_rows import insert
    from directory import listing
    from directory.models import (
        DirectoryIndexPage,
        LocationKind,
        Municipality,
        OrganisationLocation,
        OrganisationPage,
        ServiceAtLocation,
        ServicePage,
    )
    from home import demo_partners
    from search.normalise import fold, phonetic_key

    el = Locale.objects.get(language_code="el")
    index = DirectoryIndexPage.objects.get(locale=el)
    municipalities = list(Municipality.objects.all())
    terms = {
        "c": {
            c.code: c.pk
            for c in ServicePage.categories.field.related_model.objects.filter(locale=el)
        },
        "t": {
            t.code: t.pk
            for t in ServicePage.target_groups.field.related_model.objects.filter(locale=el)
        },
        "l": {
            lang.code: lang.pk
            for lang in ServicePage.languages.field.related_model.objects.filter(locale=el)
        },
    }
    kinds = demo_partners.KINDS
    organisation_type = ContentType.objects.get_for_model(OrganisationPage)
    service_type = ContentType.objects.get_for_model(ServicePage)
    existing = ServicePage.objects.filter(locale=el).count()
    wanted = total_services - existing
    sizes = [BIG_ORGANISATION_SERVICES]
    while sum(sizes) < wanted:
        sizes.append(min(SERVICES_PER_ORGANISATION, wanted - sum(sizes)))
    now = datetime.now(UTC)
    today = date.today()
    pages, organisations, services, locations, links = [], [], [], [], []
    through = {"c": [], "t": [], "l": []}
    next_id = (Page.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
    next_location = (
        OrganisationLocation.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    ) + 1
    start_step = index.numchild

    def page(pk, parent_path, depth, step, title, slug, parent_url, content_type, numchild=0):
        path = Page._get_path(parent_path, depth, step)
        return Page(
            pk=pk,
            path=path,
            depth=depth,
            numchild=numchild,
            locale_id=el.pk,
            translation_key=uuid.uuid4(),
            live=True,
            has_unpublished_changes=False,
            first_published_at=now,
            last_published_at=now,
            title=title,
            draft_title=title,
            slug=slug,
            content_type_id=content_type.pk,
            url_path=f"{parent_url}{slug}/",
        )

    for number, size in enumerate(sizes):
        key, status, name, kind_services = kinds[number % len(kinds)]
        town = rng.choice(municipalities)
        slug = f"bench-{number}"
        title = (
            f"{name.el.format(el=town.seat_el, gen=town.short_name_el, en=town.seat_en)} ({number})"
        )
        organisation_page = page(
            next_id,
            index.path,
            index.depth + 1,
            start_step + number + 1,
            title,
            slug,
            index.url_path,
            organisation_type,
            numchild=size,
        )
        organisation_id = next_id
        next_id += 1
        pages.append(organisation_page)
        organisations.append(
            OrganisationPage(
                page_ptr_id=organisation_id,
                description=kind_services[0][1].el,
                legal_status=status,
                phone="2100000000",
                email=f"{slug}@partners.example",
                last_verified=today,
            )
        )
        confidential = key == "shelter"
        latitude = town.latitude + rng.gauss(0, 0.05)
        longitude = town.longitude + rng.gauss(0, 0.05)
        location_id = next_location
        next_location += 1
        locations.append(
            OrganisationLocation(
                id=location_id,
                translation_key=uuid.uuid4(),
                locale_id=el.pk,
                sort_order=0,
                organisation_id=organisation_id,
                name=title,
                kind=LocationKind.CONFIDENTIAL if confidential else LocationKind.PHYSICAL,
                street_address=f"Οδός Ειρήνης {number % 90 + 1}",
                postcode="10000",
                municipality=f"Δήμος {town.short_name_el}",
                latitude=round(latitude, 5),
                longitude=round(longitude, 5),
                opening_hours=[("session", row) for row in kind_services[0][6]],
            )
        )
        for s in range(size):
            s_title, s_desc, cats, targets, langs, free, s_hours = kind_services[
                s % len(kind_services)
            ]
            text = f"{s_title.el} {s_desc.el}"
            pages.append(
                page(
                    next_id,
                    organisation_page.path,
                    index.depth + 2,
                    s + 1,
                    s_title.el,
                    f"{slug}-{s + 1}",
                    organisation_page.url_path,
                    service_type,
                )
            )
            services.append(
                ServicePage(
                    page_ptr_id=next_id,
                    description=s_desc.el,
                    is_free=free,
                    status="active",
                    last_verified=today,
                    search_text=f"{fold(text)} | {phonetic_key(text)}",
                )
            )
            links.append(
                ServiceAtLocation(
                    translation_key=uuid.uuid4(),
                    locale_id=el.pk,
                    sort_order=0,
                    service_id=next_id,
                    location_id=location_id,
                    opening_hours=[("session", row) for row in s_hours] if s % 3 == 0 else [],
                )
            )
            for kind, codes in (("c", cats), ("t", targets), ("l", langs)):
                for code in codes:
                    if code in terms[kind]:
                        through[kind].append((next_id, terms[kind][code]))
            next_id += 1
    began = time.perf_counter()
    with transaction.atomic():
        Page.objects.bulk_create(pages, batch_size=500)
        Page.objects.filter(pk=index.pk).update(numchild=start_step + len(sizes))
        insert(OrganisationPage, organisations)
        insert(ServicePage, services)
        OrganisationLocation.objects.bulk_create(locations, batch_size=500)
        ServiceAtLocation.objects.bulk_create(links, batch_size=500)
        for kind, field in (("c", "categories"), ("t", "target_groups"), ("l", "languages")):
            model = getattr(ServicePage, field).through
            column = model._meta.get_field(
                getattr(ServicePage, field).field.m2m_reverse_field_name()
            ).attname
            model.objects.bulk_create(
                [model(servicepage_id=s, **{column: t}) for s, t in through[kind]], batch_size=500
            )
    written = time.perf_counter() - began
    began = time.perf_counter()
    listing.rebuild([service.page_ptr_id for service in services])
    indexed = time.perf_counter() - began
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return {
        "services": ServicePage.objects.live().filter(locale=el).count(),
        "organisations": OrganisationPage.objects.live().filter(locale=el).count(),
        "write_s": round(written, 1),
        "listing_rebuild_s": round(indexed, 1),
        "listing_services_per_s": round(len(services) / indexed),
        "big_organisation_id": pages[0].pk,
        "places": findable_places(municipalities),
    }


def findable_places(municipalities) -> list[str]:
    """Municipal seats that the gazetteer resolves to one place (a "near" a resident could
    type and that the page accepts; an ambiguous name gets a choice, not results)."""
    from directory.gazetteer import resolve

    return [m.seat_el for m in municipalities if resolve(m.seat_el).status == "found"]


def scenarios(rng: random.Random, places: list[str], requests: int) -> dict[str, list[str]]:
    def url(**params):
        return "/domes/?" + urlencode(params)

    return {
        "keyword + two filters + near (the target)": [
            url(**rng.choice(COMBINATIONS), near=rng.choice(places)) for _ in range(requests)
        ],
        "keyword + two filters + near + open now": [
            url(**rng.choice(COMBINATIONS), near=rng.choice(places), open_now="on")
            for _ in range(requests)
        ],
        "unfiltered, page 1": [url()] * requests,
        "unfiltered, page 2000": [url(page=2000)] * requests,
        "near only": [url(near=rng.choice(places)) for _ in range(requests)],
        "keyword only": [url(q=rng.choice(KEYWORDS)) for _ in range(requests)],
        "open now only": [url(open_now="on")] * requests,
    }


def measure(client, urls: list[str], cached: bool = False) -> dict:
    """Server time per request. Uncached unless ``cached``: the counts cache is emptied
    before each timed request, so every figure includes counting the matches."""
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for url in urls[:WARM_UP]:
        assert client.get(url).status_code == 200
    timings, queries, totals = [], set(), []
    for url in urls:
        if not cached:
            cache.clear()
        with CaptureQueriesContext(connection) as captured:
            began = time.perf_counter()
            response = client.get(url)
            timings.append((time.perf_counter() - began) * 1000)
        assert response.status_code == 200, url
        queries.add(len(captured))
        found = re.search(r'id="directory-results" tabindex="-1">(\d+)', response.content.decode())
        totals.append(int(found.group(1)))
    return {
        "p50_ms": round(statistics.median(timings), 1),
        "p95_ms": round(percentile(timings, 0.95), 1),
        "queries": sorted(queries),
        "results_median": int(statistics.median(totals)),
    }


def measure_admin(client, organisation_id: int, requests: int) -> dict:
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    user = get_user_model().objects.create_superuser("bench", "bench@example.org", "bench")
    client.force_login(user)
    url = f"/admin/pages/{organisation_id}/"
    for _ in range(WARM_UP):
        assert client.get(url).status_code == 200
    timings = []
    for _ in range(requests):
        with CaptureQueriesContext(connection) as captured:
            began = time.perf_counter()
            response = client.get(url)
            timings.append((time.perf_counter() - began) * 1000)
        assert response.status_code == 200
    client.logout()
    return {
        "p50_ms": round(statistics.median(timings), 1),
        "p95_ms": round(percentile(timings, 0.95), 1),
        "queries": len(captured),
        "services": BIG_ORGANISATION_SERVICES,
    }


def child(total: int, requests: int) -> dict:
    """Runs inside the benchmark process whose DATABASE_URL is already set."""
    os.environ["DJANGO_SETTINGS_MODULE"] = "portal.settings.test"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    call_command("migrate", verbosity=0, interactive=False)
    call_command("load_demo_content", verbosity=0)
    rng = random.Random(20261124)
    built = build(total, rng)
    client = Client()
    figures = {
        name: measure(client, urls)
        for name, urls in scenarios(rng, built.pop("places"), requests).items()
    }
    figures["unfiltered, page 1, counts cached"] = measure(client, ["/domes/"] * requests, True)
    admin = measure_admin(client, built.pop("big_organisation_id"), max(20, requests // 10))
    return {"backend": connection.vendor, **built, "scenarios": figures, "admin_listing": admin}


def report(result: dict) -> str:
    lines = [
        "# Partner directory at scale",
        "",
        f"{result['benchmark']}; {result['machine']}; Python {result['python']}; "
        f"{result['measured_at']}. Target: {result['target']}.",
        "",
    ]
    for row in result["backends"]:
        lines += [
            f"## {row['backend']}: {row['services']} services, {row['organisations']} organisations",
            "",
            f"Bulk write {row['write_s']} s; listing index built in {row['listing_rebuild_s']} s "
            f"({row['listing_services_per_s']} services/s).",
            "",
            "| Scenario | p50 ms | p95 ms | queries | median results |",
            "|---|---:|---:|---:|---:|",
        ]
        for name, figures in row["scenarios"].items():
            queries = "/".join(str(q) for q in figures["queries"])
            lines.append(
                f"| {name} | {figures['p50_ms']} | {figures['p95_ms']} | {queries} "
                f"| {figures['results_median']} |"
            )
        admin = row["admin_listing"]
        lines += [
            f"| admin listing of an organisation with {admin['services']} services "
            f"| {admin['p50_ms']} | {admin['p95_ms']} | {admin['queries']} | — |",
            "",
        ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--services", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.services, args.requests)))
        return
    figures = []
    with tempfile.TemporaryDirectory() as scratch:
        figures.append(
            run_child(
                "bench.directory",
                f"sqlite:///{scratch}/directory.sqlite3",
                "--services",
                str(args.services),
                "--requests",
                str(args.requests),
            )
        )
    postgres = fresh_postgres("koinotita_bench_directory")
    if postgres:
        figures.append(
            run_child(
                "bench.directory",
                postgres,
                "--services",
                str(args.services),
                "--requests",
                str(args.requests),
            )
        )
    else:
        print("PostgreSQL not reachable on 127.0.0.1:5432: measured SQLite only.", file=sys.stderr)
    result = {
        "benchmark": f"partner directory page with {args.services} services",
        "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "python": platform.python_version(),
        "machine": f"{platform.machine()}, {os.cpu_count()} CPUs",
        "target": "p95 <= 100 ms on PostgreSQL for keyword + two filters + near",
        "backends": figures,
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "directory.json").write_text(json.dumps(result, indent=2) + "\n")
    text = report(result)
    (RESULTS / "directory.md").write_text(text + "\n")
    print(text)


if __name__ == "__main__":
    main()
