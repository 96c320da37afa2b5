"""The partner directory's search: keyword and combinable filters over live services of the
active language, with counts per filter value, pagination and a shareable URL.

Filters use stable codes (category, target group, language) so a URL means the same in Greek
and English. A category filter includes the category's descendants. Keywords match the folded
text of a service (accents, capitals, final sigma ignored) and, for Greeklish, its
transliteration. Unknown filter values are ignored and reported, never an error.

Filtering, counting, ordering and paging happen in the database, over the listing index kept
by ``directory.listing``; Python only builds the twenty cards shown. The number of queries a
page makes does not depend on how many services match.
"""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass, field

from django.core.cache import cache
from django.core.paginator import Paginator
from django.db.models import (
    Count,
    ExpressionWrapper,
    F,
    FloatField,
    Min,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
)
from django.utils import timezone, translation
from wagtail.models import Locale, Site

from core import fragments
from core.pages import parent_titles
from core.params import boolean, clean_text, integer_or
from directory import listing
from directory.finder import great_circle_km
from directory.listing import municipality_key, open_now_filter
from directory.models import (
    Category,
    FacetKind,
    ServiceAtLocation,
    ServiceFacet,
    ServiceLanguage,
    ServicePage,
    ServicePlace,
    ServiceStatus,
    TargetGroup,
)
from search.engine import MAX_QUERY_LENGTH
from search.normalise import fold, has_latin, phonetic_keys

PER_PAGE = 20
COUNTS_CACHE_SECONDS = 10 * 60
WITHIN_CHOICES_KM = (5, 10, 25, 50, 100)
DEFAULT_WITHIN_KM = 25
MAX_PAGE = 9_999
KM_PER_DEGREE = 111.2
FACET_PARAMETERS = {
    "category": FacetKind.CATEGORY,
    "target": FacetKind.TARGET_GROUP,
    "language": FacetKind.LANGUAGE,
    "municipality": FacetKind.MUNICIPALITY,
}


@dataclass
class DirectoryQuery:
    q: str = ""
    category: str = ""
    target: str = ""
    language: str = ""
    municipality: str = ""
    near: str = ""
    within_km: int = DEFAULT_WITHIN_KM
    open_now: bool = False
    page: int = 1
    ignored: list[str] = field(default_factory=list)


def parse(params) -> DirectoryQuery:
    query = DirectoryQuery()
    query.q = clean_text(params.get("q"), MAX_QUERY_LENGTH)
    for name in ("category", "target", "language", "municipality", "near"):
        setattr(query, name, clean_text(params.get(name), 100))
    query.open_now = boolean(params.get("open_now"))
    if clean_text(params.get("within")):
        within = integer_or(params.get("within"), 0, minimum=1, maximum=max(WITHIN_CHOICES_KM))
        if within in WITHIN_CHOICES_KM:
            query.within_km = within
        else:
            query.ignored.append("within")
    query.page = integer_or(params.get("page"), 1, minimum=1, maximum=MAX_PAGE)
    return query


def keyword_root(word: str) -> str:
    """What a service's folded text must contain for a keyword to match: the word without the
    last letter when it is longer than four, so "υποστήριξη" also finds "υποστήριξης". Not
    the site search's ``search.indexing.stem``: that one cuts whole inflection endings for a
    term index, while this is a substring of stored, unstemmed text."""
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
                alternatives |= Q(search_text__contains=keyword_root(key))
            condition &= alternatives
        else:
            condition &= Q(search_text__contains=keyword_root(word))
    return condition


def matching_services(
    index_page, query: DirectoryQuery, taxonomy: dict, now, origin=None
) -> QuerySet:
    """Live, public services of the active language that pass every filter, unordered.

    Filters read the listing index (``directory.listing``), so each is one indexed lookup
    whatever the number of services; a filter value that names no taxonomy term is ignored
    and reported."""
    services = (
        ServicePage.objects.live()
        .public()
        .filter(locale=Locale.get_active())
        .exclude(status=ServiceStatus.INACTIVE)
        .descendant_of(index_page)
    )
    if query.q:
        services = services.filter(keyword_filter(query.q))
    for name, kind in FACET_PARAMETERS.items():
        value = getattr(query, name)
        if not value:
            continue
        if kind == FacetKind.MUNICIPALITY:
            value = municipality_key(value)
        elif value not in taxonomy[kind]:
            query.ignored.append(name)
            continue
        services = services.filter(
            pk__in=ServiceFacet.objects.filter(kind=kind, value=value).values("service_id")
        )
    if origin is not None:
        services = services.filter(near_filter(origin, query.within_km))
    if query.open_now:
        services = services.exclude(status=ServiceStatus.TEMPORARILY_CLOSED)
        services = services.filter(open_now_filter(services, now))
    return services


def squared_distance(origin) -> ExpressionWrapper:
    """Squared equirectangular distance from ``origin`` in degrees of latitude: a monotonic
    stand-in for great-circle distance at Greek scales that every backend computes in plain
    arithmetic (shown distances are great-circle, worked out in Python)."""
    scale = math.cos(math.radians(origin.latitude))
    north = F("latitude") - origin.latitude
    east = (F("longitude") - origin.longitude) * scale
    return ExpressionWrapper(north * north + east * east, output_field=FloatField())


def near_filter(origin, within_km: int) -> Q:
    """Services offered within ``within_km`` of ``origin`` (an indexed box, then the circle),
    and services offered online or by phone, which serve every place. One subquery on one
    table, so the database estimates it well and starts from the services nearby."""
    span = within_km / KM_PER_DEGREE
    lng_span = span / max(math.cos(math.radians(origin.latitude)), 0.1)
    in_box = Q(
        latitude__range=(origin.latitude - span, origin.latitude + span),
        longitude__range=(origin.longitude - lng_span, origin.longitude + lng_span),
    )
    places = ServicePlace.objects.annotate(key=squared_distance(origin)).filter(
        (in_box & Q(key__lte=span * span)) | Q(latitude__isnull=True)
    )
    return Q(pk__in=places.values("service_id"))


def in_display_order(services: QuerySet, origin) -> QuerySet:
    """Service ids in the order residents see them: alphabetical, or nearest first from
    ``origin``. A confidential location counts from its municipality's centroid, so the
    order reveals no more than the municipality; services offered only online or by phone
    follow the others."""
    if origin is None:
        return services.order_by("title", "pk").values_list("pk", flat=True)
    nearest_place = (
        ServicePlace.objects.filter(service_id=OuterRef("pk"))
        .annotate(key=squared_distance(origin))
        .order_by(F("key").asc(nulls_last=True))
        .values("key")[:1]
    )
    return (
        services.annotate(distance_key=Subquery(nearest_place, output_field=FloatField()))
        .order_by(F("distance_key").asc(nulls_last=True), "title", "pk")
        .values_list("pk", flat=True)
    )


def directory_context(index_page, request) -> dict:
    query = parse(request.GET)
    locale = Locale.get_active()
    now = timezone.now()
    taxonomy = taxonomy_terms(locale)
    origin = None
    near_problem = ""
    if query.near:
        from directory.gazetteer import resolve

        resolution = resolve(query.near)
        if resolution.status == "found":
            origin = resolution.place
        else:
            near_problem = resolution.problem or "name-unknown"
    services = matching_services(index_page, query, taxonomy, now, origin)
    paginator = Paginator(in_display_order(services, origin), PER_PAGE)
    key = counts_cache_key(locale, query, now)
    cached = cache.get(key)
    if cached is None:
        # Counted on the unordered set: ordering by distance would make the database work
        # out every match's nearest place just to count them.
        cached = (services.count(), facet_counts(services))
        cache.set(key, cached, COUNTS_CACHE_SECONDS)
    paginator.count, counts = cached  # ``count`` is a cached property: set, not counted again
    page = paginator.get_page(query.page)
    page.object_list = page_rows(list(page.object_list), origin, now, request)
    return {
        "directory_query": query,
        "directory_page": page,
        "directory_total": paginator.count,
        "directory_facets": facets(taxonomy, counts, query),
        "directory_origin": origin,
        "directory_origin_name": origin.name(locale.language_code) if origin else "",
        "directory_near_problem": near_problem,
        "directory_querystring": querystring(query),
        "directory_within_choices": WITHIN_CHOICES_KM,
    }


def counts_cache_key(locale, query: DirectoryQuery, now) -> str:
    """The total and the counts per filter value depend only on the filters (not the page),
    the listing index (its generation changes on every rebuild) and, for "open now", the
    minute. The directory's landing page, unfiltered, is the costly one and the commonest."""
    parts = [
        listing.generation(),
        locale.language_code,
        querystring(query),  # carries the distance whenever it matters
        listing.minute_of_week(now) if query.open_now else "",
    ]
    digest = hashlib.sha256("|".join(map(str, parts)).encode()).hexdigest()[:32]
    return f"directory-counts:{digest}"


def page_rows(service_ids: list[int], origin, now, request=None) -> list[dict]:
    """The cards of one page of results. What a card shows besides "open now" changes only
    on a publish, so it is a shared fragment (core/fragments.py) for this page of results
    from this origin, on this site and in this language; the status is worked out from the
    kept opening hours on every request."""
    site = Site.find_for_request(request) if request is not None else None
    parts = (
        site.pk if site else None,
        translation.get_language(),
        tuple(service_ids),
        (origin.latitude, origin.longitude) if origin else None,
    )
    cards = fragments.remember(
        "directory-cards", parts, lambda: service_cards(service_ids, origin, request)
    )
    return [add_status(card, now) for card in cards]


def service_cards(service_ids: list[int], origin, request=None) -> list[dict]:
    """Everything the cards show but the status, in a fixed number of queries, as plain
    values (the opening hours as engines)."""
    services = {
        service.pk: service
        for service in ServicePage.objects.filter(pk__in=service_ids)
        .select_related("locale")
        .prefetch_related(
            Prefetch(
                "service_locations",
                queryset=ServiceAtLocation.objects.select_related("location"),
            )
        )
    }
    ordered = [services[pk] for pk in service_ids if pk in services]
    parents = parent_titles(ordered)
    cards = []
    for service in ordered:
        cards.append(
            {
                "title": service.title,
                "url": service.get_url(request=request),
                "description": service.description,
                "organisation_title": parents.get(service.path, ""),
                "temporarily_closed": service.status == ServiceStatus.TEMPORARILY_CLOSED,
                "closed_label": service.get_status_display() if service.is_closed else "",
                "status_note": service.status_note,
                "reopens_on": service.reopens_on,
                "language": service.locale.language_code,
                **service_place(service, origin),
            }
        )
    return cards


def service_place(service, origin) -> dict:
    """Where a service is: the nearest distance, an address and each place's opening hours;
    confidential locations never give an address or a distance."""
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
        "hours": [link.hours_engine for link in links],
        "distance_km": round(distance, 1) if distance is not None else None,
        "address": address,
    }


def add_status(card: dict, now) -> dict:
    """Open now? and the sentence, from the first location's hours (the service's own where
    they differ). A temporarily closed service says so whatever its hours."""
    if card["temporarily_closed"] or card.get("closed_label"):
        card["is_open"] = False
        card["sentence"] = str(card.get("closed_label") or ServiceStatus.TEMPORARILY_CLOSED.label)
        return card
    engines = card["hours"]
    language = card["language"]
    statuses = [engine.status(now, language) for engine in engines]
    card["is_open"] = any(status.is_open for status in statuses)
    card["sentence"] = engines[0].sentence(now, language, statuses[0]) if engines else ""
    return card


def taxonomy_terms(locale) -> dict[str, dict[str, object]]:
    """The active language's terms by kind and code, in display order (three queries, once
    per publish or taxonomy change: a shared fragment, core/fragments.py)."""
    return fragments.remember("taxonomy", (locale.pk,), lambda: _taxonomy_terms(locale))


def _taxonomy_terms(locale) -> dict[str, dict[str, object]]:
    return {
        FacetKind.CATEGORY: {c.code: c for c in Category.objects.filter(locale=locale)},
        FacetKind.TARGET_GROUP: {
            t.code: t for t in TargetGroup.objects.filter(locale=locale).order_by("name")
        },
        FacetKind.LANGUAGE: {
            lang.code: lang
            for lang in ServiceLanguage.objects.filter(locale=locale).order_by("name")
        },
    }


def facet_counts(services: QuerySet) -> dict[str, dict[str, tuple[int, str]]]:
    """How many of the matching services have each filter value: one grouped query."""
    counts: dict[str, dict[str, tuple[int, str]]] = {kind: {} for kind in FacetKind.values}
    rows = (
        ServiceFacet.objects.filter(service_id__in=services.values("pk"))
        .values_list("kind", "value")
        .annotate(count=Count("pk"), label=Min("label"))
        .order_by()
    )
    for kind, value, count, label in rows:
        counts[kind][value] = (count, label)
    return counts


def facets(taxonomy, counts, query: DirectoryQuery) -> dict:
    def count(kind, code):
        return counts[kind].get(code, (0, ""))[0]

    categories = sorted(taxonomy[FacetKind.CATEGORY].values(), key=lambda c: c.tree_path)
    selected_municipality = municipality_key(query.municipality) if query.municipality else ""
    municipalities = counts[FacetKind.MUNICIPALITY]
    return {
        "categories": [
            {
                "code": c.code,
                "name": c.name,
                "depth": c.depth,
                "count": count(FacetKind.CATEGORY, c.code),
            }
            for c in categories
        ],
        "targets": [
            {"code": code, "name": t.name, "count": count(FacetKind.TARGET_GROUP, code)}
            for code, t in taxonomy[FacetKind.TARGET_GROUP].items()
        ],
        "languages": [
            {"code": code, "name": lang.name, "count": count(FacetKind.LANGUAGE, code)}
            for code, lang in taxonomy[FacetKind.LANGUAGE].items()
        ],
        "municipalities": sorted(
            (
                {
                    "code": value,
                    "name": label,
                    "count": n,
                    "selected": value == selected_municipality,
                }
                for value, (n, label) in municipalities.items()
            ),
            key=lambda item: fold(item["name"]),
        ),
    }


def querystring(query: DirectoryQuery) -> str:
    from urllib.parse import urlencode

    params = {
        name: getattr(query, name)
        for name in ("q", "category", "target", "language", "municipality", "near")
        if getattr(query, name)
    }
    if query.near and query.within_km != DEFAULT_WITHIN_KM:
        params["within"] = query.within_km
    if query.open_now:
        params["open_now"] = "on"
    return urlencode(params)
