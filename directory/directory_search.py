"""The partner directory's search: keyword and combinable filters over live services of the
active language, with counts per filter value, pagination and a shareable URL.

Filters use stable codes (category, target group, language) so a URL means the same in Greek
and English. A category filter includes the category's descendants (``tree_path`` prefix).
Keywords match the folded text of a service (accents, capitals, final sigma ignored) and, for
Greeklish, its transliteration. Unknown filter values are ignored and reported, never an error.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from django.core.paginator import Paginator
from django.db.models import Q
from django.utils import timezone
from wagtail.models import Locale, Page

from directory.finder import great_circle_km
from directory.models import Category, ServiceLanguage, ServicePage, ServiceStatus, TargetGroup
from search.normalise import fold, has_latin, phonetic_keys

PER_PAGE = 20
MAX_QUERY_LENGTH = 200
NEAR_LIMIT_KM = 50


@dataclass
class DirectoryQuery:
    q: str = ""
    category: str = ""
    target: str = ""
    language: str = ""
    municipality: str = ""
    near: str = ""
    open_now: bool = False
    page: int = 1
    ignored: list[str] = field(default_factory=list)


def parse(params) -> DirectoryQuery:
    query = DirectoryQuery()
    query.q = " ".join(str(params.get("q", "")).split())[:MAX_QUERY_LENGTH]
    for name in ("category", "target", "language", "municipality", "near"):
        value = str(params.get(name, "")).strip()[:100]
        setattr(query, name, value)
    query.open_now = params.get("open_now") in ("on", "1", "true")
    page = str(params.get("page", "1"))
    query.page = int(page) if page.isdigit() and 0 < int(page) < 10_000 else 1
    return query


def _stem(word: str) -> str:
    """A crude Greek stem: drop the last letter of longer words so "υποστήριξη" also finds
    "υποστήριξης" (PostgreSQL and Elasticsearch stem properly in site search)."""
    return word[:-1] if len(word) > 4 else word


def keyword_filter(text: str) -> Q:
    """Every word must appear in the service's folded text; a Greeklish word may match any of
    its sound-alike keys."""
    condition = Q()
    for word in fold(text).split():
        if len(word) < 2:
            continue
        if has_latin(word):
            alternatives = Q()
            for key in sorted(phonetic_keys(word, limit=8)):
                alternatives |= Q(search_text__contains=_stem(key))
            condition &= alternatives
        else:
            condition &= Q(search_text__contains=_stem(word))
    return condition


def directory_context(index_page, request) -> dict:
    query = parse(request.GET)
    locale = Locale.get_active()
    services = (
        ServicePage.objects.live()
        .public()
        .filter(locale=locale)
        .exclude(status=ServiceStatus.INACTIVE)
        .descendant_of(index_page)
    )
    if query.q:
        services = services.filter(keyword_filter(query.q))
    if query.category:
        category = Category.objects.filter(code=query.category).first()
        if category:
            services = services.filter(
                Q(categories__tree_path=category.tree_path)
                | Q(categories__tree_path__startswith=category.tree_path + "/")
            )
        else:
            query.ignored.append("category")
    if query.target:
        if TargetGroup.objects.filter(code=query.target).exists():
            services = services.filter(target_groups__code=query.target)
        else:
            query.ignored.append("target")
    if query.language:
        if ServiceLanguage.objects.filter(code=query.language).exists():
            services = services.filter(languages__code=query.language)
        else:
            query.ignored.append("language")
    if query.municipality:
        services = services.filter(
            service_locations__location__municipality__iexact=query.municipality
        )
    services = services.distinct()

    service_list = list(
        services.select_related("locale")
        .prefetch_related("categories", "target_groups", "languages", "service_locations__location")
        .order_by("title")
    )
    now = timezone.now()
    origin = None
    near_problem = ""
    if query.near:
        from directory.gazetteer import resolve

        resolution = resolve(query.near)
        if resolution.status == "found":
            origin = resolution.place
        else:
            near_problem = resolution.problem or "name-unknown"
    parents = {
        page.path: page
        for page in Page.objects.filter(path__in={s.path[: -Page.steplen] for s in service_list})
    }
    rows = [service_row(service, origin) for service in service_list]
    for row in rows:
        row["organisation"] = parents.get(row["service"].path[: -Page.steplen])
    if query.open_now:
        rows = [row for row in rows if add_status(row, now)["is_open"]]
    if origin:
        # Nearest first; services without a public place (confidential, online) follow, so a
        # shelter is still found but its position can never be inferred from the order.
        rows.sort(key=lambda row: (row["distance_km"] is None, row["distance_km"] or 0))
    counts = facet_counts(rows)
    paginator = Paginator(rows, PER_PAGE)
    page = paginator.get_page(query.page)
    for row in page.object_list:
        add_status(row, now)
    return {
        "directory_query": query,
        "directory_page": page,
        "directory_total": paginator.count,
        "directory_facets": facets(locale, counts),
        "directory_origin": origin,
        "directory_origin_name": origin.name(locale.language_code) if origin else "",
        "directory_near_problem": near_problem,
        "directory_querystring": querystring(query),
    }


def service_row(service, origin) -> dict:
    """What filtering and sorting need; confidential locations never give an address or a
    distance. Hours are worked out later, and only for the rows shown (see ``add_status``)."""
    links = list(service.service_locations.all())
    distance = None
    address = ""
    for link in links:
        point = link.location.public_point
        if point and origin:
            d = great_circle_km(origin.latitude, origin.longitude, *point)
            distance = d if distance is None else min(distance, d)
        address = address or link.location.public_address
    return {
        "service": service,
        "links": links,
        "distance_km": round(distance, 1) if distance is not None else None,
        "address": address,
        "category_codes": {c.tree_path for c in service.categories.all()},
        "target_codes": {t.code for t in service.target_groups.all()},
        "language_codes": {lang.code for lang in service.languages.all()},
    }


def add_status(row: dict, now) -> dict:
    """Open now? and the sentence, from the first location's hours (the service's own where
    they differ)."""
    if "is_open" in row:
        return row
    links = row["links"]
    language = row["service"].locale.language_code
    statuses = [link.hours_engine.status(now, language) for link in links]
    row["is_open"] = any(status.is_open for status in statuses)
    row["sentence"] = links[0].hours_engine.sentence(now, language, statuses[0]) if links else ""
    return row


def facet_counts(rows) -> dict[str, Counter]:
    categories: Counter = Counter()
    targets: Counter = Counter()
    languages: Counter = Counter()
    for row in rows:
        paths = set()
        for path in row["category_codes"]:
            parts = path.split("/")
            paths.update("/".join(parts[: i + 1]) for i in range(len(parts)))
        categories.update(paths)
        targets.update(row["target_codes"])
        languages.update(row["language_codes"])
    return {"categories": categories, "targets": targets, "languages": languages}


def facets(locale, counts) -> dict:
    return {
        "categories": [
            {
                "code": c.code,
                "name": c.name,
                "depth": c.depth,
                "count": counts["categories"][c.tree_path],
            }
            for c in Category.objects.filter(locale=locale).order_by("tree_path")
        ],
        "targets": [
            {"code": t.code, "name": t.name, "count": counts["targets"][t.code]}
            for t in TargetGroup.objects.filter(locale=locale).order_by("name")
        ],
        "languages": [
            {"code": lang.code, "name": lang.name, "count": counts["languages"][lang.code]}
            for lang in ServiceLanguage.objects.filter(locale=locale).order_by("name")
        ],
    }


def querystring(query: DirectoryQuery) -> str:
    from urllib.parse import urlencode

    params = {
        name: getattr(query, name)
        for name in ("q", "category", "target", "language", "municipality", "near")
        if getattr(query, name)
    }
    if query.open_now:
        params["open_now"] = "on"
    return urlencode(params)
