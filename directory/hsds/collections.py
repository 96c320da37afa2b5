"""What each list endpoint holds, filtered: community centres first (a few hundred at most,
filtered in Python), then the partner directory (any size, filtered and paged in SQL).

A ``Collection`` is those two parts plus how to serialise a slice of each; ``page`` cuts one
page across the seam and ``stream`` walks everything in chunks for NDJSON and the export, so
neither holds more than a chunk in memory.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from django.core.cache import cache
from django.db import connection
from django.db.models import BooleanField, Q, QuerySet
from django.db.models.expressions import RawSQL
from wagtail.models import Page

from core.pages import parent_path
from directory import closures, listing
from directory.blocks import SERVICE_GROUP_CHOICES
from directory.directory_search import keyword_filter, keyword_root
from directory.finder import great_circle_km
from directory.gazetteer import resolve_postcode
from directory.hsds import ids
from directory.hsds.params import ApiQuery, BadParameter
from directory.hsds.serialise import Serialiser, centre_group_term
from directory.models import (
    Category,
    CentrePage,
    FacetKind,
    LocationKind,
    OrganisationPage,
    ServiceAtLocation,
    ServiceFacet,
    ServicePage,
    TargetGroup,
)
from search.normalise import fold, has_latin, phonetic_key, phonetic_keys

CHUNK = 200
COUNT_SECONDS = 600
BOOKMARK_EVERY = 1000
KM_PER_DEGREE = 111.2


@dataclass
class Collection:
    centre_items: list  # already filtered, in order; serialised lazily by ``centre_serialise``
    partner: QuerySet  # already filtered, ordered by pk
    centre_serialise: Callable[[list], list[dict]]
    partner_serialise: Callable[[list], list[dict]]
    count_key: str | None = None  # where the partner count is cached, if it may be

    def count(self) -> int:
        return len(self.centre_items) + self.partner_count()

    def partner_count(self) -> int:
        """Counting 100 000 published pages costs more than the rest of a page: the count is
        cached per filter combination and language, under the listing's generation, which
        changes whenever a listed page is saved, published, unpublished or deleted."""
        if self.count_key is None:
            return self.partner.count()
        key = f"hsds-count:{listing.generation()}:{self.count_key}"
        found = cache.get(key)
        if found is None:
            found = self.partner.count()
            cache.set(key, found, COUNT_SECONDS)
        return found

    def page(self, offset: int, limit: int) -> list[dict]:
        centres = self.centre_items[offset : offset + limit]
        items = self.centre_serialise(centres)
        remaining = limit - len(centres)
        if remaining > 0:
            start = max(0, offset - len(self.centre_items))
            items += self.partner_serialise(self.partner_slice(start, remaining))
        return items

    def partner_slice(self, start: int, size: int) -> list:
        """Rows ``start`` to ``start + size`` of the partner part. A deep page would make the
        database count its way past every earlier row (an OFFSET of 95 000 costs ~150 ms at
        100 000 services); a bookmark, the primary key of every thousandth row, cached like
        the count, lets it start from the nearest thousand instead."""
        if start < BOOKMARK_EVERY or self.count_key is None:
            return list(self.partner[start : start + size])
        marks = self.bookmarks()
        index = start // BOOKMARK_EVERY
        if index >= len(marks):
            return []
        skip = start - index * BOOKMARK_EVERY
        return list(
            self.partner.filter(from_key(self.partner.model, marks[index]))[skip : skip + size]
        )

    def bookmarks(self) -> list[int]:
        key = f"hsds-marks:{listing.generation()}:{self.count_key}"
        marks = cache.get(key)
        if marks is None:
            keys = self.partner.prefetch_related(None).values_list("pk", flat=True)
            marks = list(keys)[::BOOKMARK_EVERY]
            cache.set(key, marks, COUNT_SECONDS)
        return marks

    def stream(self) -> Iterator[dict]:
        for start in range(0, len(self.centre_items), CHUNK):
            yield from self.centre_serialise(self.centre_items[start : start + CHUNK])
        last = 0
        while True:
            chunk = list(self.partner.filter(pk__gt=last)[:CHUNK])
            if not chunk:
                return
            yield from self.partner_serialise(chunk)
            last = chunk[-1].pk


@dataclass
class NearCollection:
    """Service-at-locations within a distance, nearest first: a bounded set, so distances are
    worked out in Python from the candidates' points and only the page's rows are loaded."""

    ranked: list[tuple[float, str, object]]  # (km, "centre" | "partner", record or pk)
    centre_serialise: Callable[[list], list[dict]]
    partner_serialise: Callable[[list], list[dict]]
    partner: QuerySet

    def count(self) -> int:
        return len(self.ranked)

    def _serialise(self, rows) -> list[dict]:
        partner_pks = [row for _km, kind, row in rows if kind == "partner"]
        loaded = {obj.pk: obj for obj in self.partner.filter(pk__in=partner_pks)}
        partner_items = iter(self.partner_serialise([loaded[pk] for pk in partner_pks]))
        centre_items = iter(self.centre_serialise([r for _km, k, r in rows if k == "centre"]))
        items = []
        for km, kind, _row in rows:
            item = next(partner_items) if kind == "partner" else next(centre_items)
            item["distance_km"] = round(km, 2)  # documented extension
            items.append(item)
        return items

    def page(self, offset: int, limit: int) -> list[dict]:
        return self._serialise(self.ranked[offset : offset + limit])

    def stream(self) -> Iterator[dict]:
        for start in range(0, len(self.ranked), CHUNK):
            yield from self._serialise(self.ranked[start : start + CHUNK])


def from_key(model, key: int) -> Q:
    """``pk >= key`` said of both tables of a page's join (the page's own table and Wagtail's),
    so PostgreSQL starts both index scans at the key. Django folds ``page_ptr__id`` into the
    child's column, which leaves Wagtail's table scanned from its first row."""
    page_table = connection.ops.quote_name(Page._meta.db_table)
    on_page_table = RawSQL(f"{page_table}.id >= %s", [key], output_field=BooleanField())  # noqa: S611 - the key is a parameter
    if model is ServiceAtLocation:
        return Q(pk__gte=key)
    return Q(pk__gte=key) & Q(on_page_table)


# --- filters ---------------------------------------------------------------------------------


def words_match(search: str, *texts: str) -> bool:
    """The rule of the directory's keyword filter, for the few objects filtered in Python:
    every word appears in the folded texts (accents, capitals, final sigma ignored), and a
    Greeklish word matches when any of its sound-alike keys does."""
    text = " ".join(t for t in texts if t)
    haystack = f"{fold(text)} | {phonetic_key(text)}"
    for word in fold(search).split():
        if len(word) < 2:
            continue
        if has_latin(word):
            if not any(keyword_root(key) in haystack for key in phonetic_keys(word, limit=8)):
                return False
        elif keyword_root(word) not in haystack:
            return False
    return True


@dataclass
class Term:
    """What a ``taxonomy_term_id`` or ``taxonomy_id`` names, resolved once per request."""

    kind: str  # "category", "target-group", "centre-group", "none"
    code: str = ""


def resolve_term(term_id: str | None) -> Term | None:
    if term_id is None:
        return None
    for code, _label in SERVICE_GROUP_CHOICES:
        if ids.derived(ids.CENTRE_SERVICE_GROUPS_TAXONOMY, code) == term_id:
            return Term("centre-group", code)
    category = Category.objects.filter(translation_key=term_id).first()
    if category is not None:
        return Term("category", category.code)
    group = TargetGroup.objects.filter(translation_key=term_id).first()
    if group is not None:
        return Term("target-group", group.code)
    return Term("none")


def resolve_taxonomy(taxonomy_id: str | None) -> str | None:
    if taxonomy_id is None:
        return None
    return {
        str(ids.CATEGORIES_TAXONOMY): "category",
        str(ids.TARGET_GROUPS_TAXONOMY): "target-group",
        str(ids.CENTRE_SERVICE_GROUPS_TAXONOMY): "centre-group",
    }.get(taxonomy_id, "none")


def published(model, locale) -> QuerySet:
    """Pages anyone may read in this language: live, not behind a login, and written in it.
    An alias (an untranslated page mirrored into another language's tree) is left out, so
    English consumers never receive Greek text labelled as English."""
    return model.objects.live().public().filter(locale=locale, alias_of__isnull=True)


def live_services(locale) -> QuerySet:
    return published(ServicePage, locale)


def filter_partner_services(services: QuerySet, query: ApiQuery, locale) -> QuerySet:
    if query.search:
        services = services.filter(keyword_filter(query.search))
    term = resolve_term(query.taxonomy_term_id)
    if term is not None:
        kind = {"category": FacetKind.CATEGORY, "target-group": FacetKind.TARGET_GROUP}.get(
            term.kind
        )
        if kind is None:
            return services.none()
        services = services.filter(
            pk__in=ServiceFacet.objects.filter(kind=kind, value=term.code).values("service_id")
        )
    taxonomy = resolve_taxonomy(query.taxonomy_id)
    if taxonomy is not None:
        kind = {"category": FacetKind.CATEGORY, "target-group": FacetKind.TARGET_GROUP}.get(
            taxonomy
        )
        if kind is None:
            return services.none()
        services = services.filter(
            pk__in=ServiceFacet.objects.filter(kind=kind).values("service_id")
        )
    if query.organization_id:
        organisation = (
            OrganisationPage.objects.filter(translation_key=query.organization_id, locale=locale)
            .only("path")
            .first()
        )
        if organisation is None:
            return services.none()
        services = services.filter(path__startswith=organisation.path)
    if query.modified_after:
        services = services.filter(last_published_at__gte=query.modified_after)
    return services.order_by("pk")


def live_centres(locale) -> list[CentrePage]:
    centres = list(
        published(CentrePage, locale)
        .prefetch_related("branches", "staff_contacts")
        .order_by("path")
    )
    closures.attach(centres)
    return centres


def centre_groups(serialiser: Serialiser, query: ApiQuery) -> list[tuple[CentrePage, dict]]:
    """Each centre's Α/Β/Γ groups that pass the filters, as (centre, one-to-one fields)."""
    term = resolve_term(query.taxonomy_term_id)
    taxonomy = resolve_taxonomy(query.taxonomy_id)
    if (term is not None and term.kind != "centre-group") or (
        taxonomy is not None and taxonomy != "centre-group"
    ):
        return []
    found = []
    for centre in live_centres(serialiser.locale):
        if query.organization_id and ids.of(centre) != query.organization_id:
            continue
        if query.modified_after and (
            centre.last_published_at is None or centre.last_published_at < query.modified_after
        ):
            continue
        for group in serialiser.centre_groups(centre):
            if term is not None and group["_code"] != term.code:
                continue
            if query.search and not words_match(
                query.search, group["name"], group["description"], centre.municipality
            ):
                continue
            found.append((centre, group))
    return found


# --- the collections -------------------------------------------------------------------------


def services(serialiser: Serialiser, query: ApiQuery) -> Collection:
    full = query.full and not query.minimal

    def centre_serialise(rows):
        if full:
            return [serialiser.centre_group_full(centre, group) for centre, group in rows]
        return [strip_private(group, query.minimal) for _centre, group in rows]

    def partner_serialise(pages):
        if query.minimal:
            return [strip_private(item, True) for item in serialiser.services(pages, full=False)]
        return serialiser.services(pages, full=full)

    partner = filter_partner_services(live_services(serialiser.locale), query, serialiser.locale)
    if full:
        partner = Serialiser.prefetch_full(partner)
    return Collection(
        centre_groups(serialiser, query),
        partner,
        centre_serialise,
        partner_serialise,
        count_key=count_key("services", serialiser, query),
    )


def count_key(kind: str, serialiser: Serialiser, query: ApiQuery) -> str:
    """The filters that decide a count, hashed (``search`` may be long and any text)."""
    filters = (
        kind,
        serialiser.locale.pk,
        query.search,
        query.taxonomy_term_id,
        query.taxonomy_id,
        query.organization_id,
        query.modified_after.isoformat() if query.modified_after else "",
    )
    return hashlib.sha256(repr(filters).encode()).hexdigest()[:32]


MINIMAL_FIELDS = ("id", "name", "status", "last_modified")


def strip_private(item: dict, minimal: bool) -> dict:
    """Drop our bookkeeping keys; with ``minimal``, keep only what a sync needs."""
    if minimal:
        return {key: item[key] for key in MINIMAL_FIELDS if item.get(key) is not None}
    return {key: value for key, value in item.items() if not key.startswith("_")}


def organisations(serialiser: Serialiser, query: ApiQuery) -> Collection:
    locale = serialiser.locale
    centres = [
        centre
        for centre in live_centres(locale)
        if not query.search
        or words_match(query.search, centre.title, centre.summary, centre.municipality)
    ]
    partner = published(OrganisationPage, locale).order_by("pk")
    if query.search:
        rows = partner.values_list("pk", "title", "description")
        matching = [pk for pk, title, text in rows if words_match(query.search, title, text)]
        with_services = live_services(locale).filter(keyword_filter(query.search))
        parents = {
            parent_path(path) for path in with_services.values_list("path", flat=True)[:5000]
        }
        partner = partner.filter(Q(pk__in=matching) | Q(path__in=parents))
    if query.full:
        partner = partner.prefetch_related("locations")
    if query.modified_after:
        partner = partner.filter(last_published_at__gte=query.modified_after)
        centres = [
            c
            for c in centres
            if c.last_published_at and c.last_published_at >= query.modified_after
        ]

    def centre_serialise(rows):
        if query.full:
            serialiser.load_funding(rows)
            return [serialiser.centre(c, query.full_service) for c in rows]
        return [serialiser.centre_summary(c) for c in rows]

    def partner_serialise(rows):
        if query.full:
            return serialiser.organisations(rows, query.full_service)
        return [serialiser.organisation_summary(o) for o in rows]

    return Collection(centres, partner, centre_serialise, partner_serialise)


def partner_links(serialiser: Serialiser, query: ApiQuery) -> QuerySet:
    services_ = filter_partner_services(
        live_services(serialiser.locale), query, serialiser.locale
    ).values("pk")
    return (
        ServiceAtLocation.objects.filter(service__in=services_)
        .select_related("service", "location")
        .order_by("pk")
    )


def service_at_locations(serialiser: Serialiser, query: ApiQuery):
    centre_rows = [
        (centre, group, branch)
        for centre, group in centre_groups(serialiser, query)
        for branch in centre.branch_list
    ]
    links = partner_links(serialiser, query)
    organisations_cache: dict = {}

    def centre_serialise(rows):
        items = []
        for centre, group, branch in rows:
            link = serialiser.centre_service_at_location(
                centre, ids.of(centre), group["id"], branch
            )
            link.update(
                description=f"{group['name']}: {branch.name}",
                service=strip_private(group, minimal=False),
            )
            link.pop("contacts"), link.pop("phones"), link.pop("schedules")
            link.pop("attributes"), link.pop("metadata")
            items.append(link)
        return items

    def partner_serialise(rows):
        services_ = [link.service for link in rows]
        missing = [s for s in services_ if parent_path(s.path) not in organisations_cache]
        organisations_cache.update(serialiser.organisations_by_path(missing))
        items = []
        for link in rows:
            organisation = organisations_cache.get(parent_path(link.service.path))
            organisation_id = ids.of(organisation) if organisation else None
            service = serialiser.service_summary(link.service, organisation)
            items.append(
                {
                    "id": ids.of(link),
                    "service_id": service["id"],
                    "location_id": ids.of(link.location),
                    "description": f"{link.service.title}: {link.location.name}",
                    "location": serialiser.location(link.location, organisation_id),
                    "service": service,
                }
            )
        return items

    if not query.near:
        return Collection(
            centre_rows,
            links,
            centre_serialise,
            partner_serialise,
            count_key=count_key("service_at_locations", serialiser, query),
        )
    origin = origin_of(query)
    ranked = []
    for centre, group, branch in centre_rows:
        if branch.has_coordinates:
            km = great_circle_km(origin[0], origin[1], branch.latitude, branch.longitude)
            if km <= query.proximity_km:
                ranked.append((km, "centre", (centre, group, branch)))
    span = query.proximity_km / KM_PER_DEGREE
    lng_span = span / max(math.cos(math.radians(origin[0])), 0.1)
    candidates = links.filter(
        location__kind=LocationKind.PHYSICAL,
        location__latitude__range=(origin[0] - span, origin[0] + span),
        location__longitude__range=(origin[1] - lng_span, origin[1] + lng_span),
    ).values_list("pk", "location__latitude", "location__longitude")
    for pk, latitude, longitude in candidates:
        km = great_circle_km(origin[0], origin[1], latitude, longitude)
        if km <= query.proximity_km:
            ranked.append((km, "partner", pk))
    ranked.sort(key=lambda row: (row[0], row[1], str(row[2]) if row[1] == "partner" else ""))
    return NearCollection(ranked, centre_serialise, partner_serialise, links)


def origin_of(query: ApiQuery) -> tuple[float, float]:
    if query.latitude is not None:
        return (query.latitude, query.longitude)
    resolution = resolve_postcode(query.postcode)
    if resolution.status != "found":
        raise BadParameter("postcode", f"The postcode {query.postcode} is not one we know.")
    return (resolution.place.latitude, resolution.place.longitude)


# --- taxonomies ------------------------------------------------------------------------------


def taxonomies(language: str) -> list[dict]:
    names = {
        ids.CATEGORIES_TAXONOMY: ("Service categories", "Κατηγορίες υπηρεσιών"),
        ids.TARGET_GROUPS_TAXONOMY: ("Target groups", "Ομάδες-στόχοι"),
        ids.CENTRE_SERVICE_GROUPS_TAXONOMY: (
            "Community centre service groups (Α/Β/Γ)",
            "Ομάδες υπηρεσιών Κέντρου Κοινότητας (Α/Β/Γ)",
        ),
        ids.ORGANISATION_KINDS_TAXONOMY: ("Kinds of organisation", "Είδη φορέων"),
        ids.LOCATION_FLAGS_TAXONOMY: ("Location flags", "Χαρακτηρισμοί τοποθεσιών"),
    }
    return [
        {
            "id": str(key),
            "name": ids.TAXONOMY_NAMES[key],
            "description": english if language == "en" else greek,
            "version": "1",
            "metadata": [],
        }
        for key, (english, greek) in names.items()
    ]


def taxonomy_terms(serialiser: Serialiser, query: ApiQuery) -> list[dict]:
    from directory.hsds.serialise import community_centre_term, confidential_term

    taxonomy = serialiser.taxonomy
    terms = [taxonomy.category_term(key) for key in taxonomy.categories]
    terms += [taxonomy.target_group_term(key) for key in taxonomy.target_groups]
    terms += [centre_group_term(code, serialiser.language) for code, _ in SERVICE_GROUP_CHOICES]
    terms += [community_centre_term(serialiser.language), confidential_term(serialiser.language)]
    if query.taxonomy_id:
        terms = [t for t in terms if t["taxonomy_id"] == query.taxonomy_id]
    if query.parent_id:
        terms = [t for t in terms if t.get("parent_id") == query.parent_id]
    if query.top_only:
        terms = [t for t in terms if not t.get("parent_id")]
    if query.search:
        terms = [t for t in terms if words_match(query.search, t["name"], t["code"])]
    return terms
