"""Keep the directory's listing index (``directory.models.listing``) in step with the services,
and answer "which services are open now?" from it in SQL.

Why an index: the directory must filter, count and sort 100 000 services in a few queries.
Reading the taxonomy through three many-to-many tables, working out each service's hours in
Python, or computing distances for every row does not scale; a few narrow rows per service,
written when content changes, do.

The rows are always rebuilt *from the database*, never from an object in memory: a draft saved
by a partner lives in a revision, not in these tables, so a draft can never leak into the
public directory's filters or counts.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Q, QuerySet

from core import generations
from core.bulk_rows import insert_rows
from directory import hours
from directory.models.listing import (
    FacetKind,
    ServiceFacet,
    ServiceHoursException,
    ServicePlace,
    ServiceWeeklySession,
)
from search.normalise import fold

GENERATION_KEY = "directory-listing-generation"
# While ``deferred()`` runs: the services and organisations whose rows wait to be rebuilt.
_pending: ContextVar[tuple[set, set] | None] = ContextVar("listing_pending", default=None)
MINUTES_A_DAY = 24 * 60
CHUNK = 500


def _chunks(ids: list[int], size: int = CHUNK):
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


def municipality_key(name: str) -> str:
    """The value a municipality filter compares: accents, capitals and final sigma folded."""
    return " ".join(fold(name).split())[:120]


class MunicipalityCentroids:
    """Where to place a confidential location: no more precisely than its municipality's
    centroid, found from its postcode (the same in every language) or else its municipality's
    name in Greek or English."""

    def __init__(self):
        from directory.models import Municipality, Postcode

        municipalities = list(Municipality.objects.all())
        self.by_name = {}
        for m in municipalities:
            for name in (m.name_el, m.name_en, f"Municipality of {m.name_en}"):
                self.by_name[municipality_key(name)] = (m.latitude, m.longitude)
        by_id = {m.pk: (m.latitude, m.longitude) for m in municipalities}
        self.by_postcode = {
            code: by_id[municipality_id]
            for code, municipality_id in Postcode.objects.filter(
                municipality__isnull=False
            ).values_list("code", "municipality_id")
        }

    def of(self, location) -> tuple[float, float] | None:
        return self.by_postcode.get(location.postcode) or self.by_name.get(
            municipality_key(location.municipality)
        )


WEEKLY_FIELDS = ["service_id", "start_minute", "end_minute", "continued", "nth"]


def weekly_rows(service_id: int, sessions: Iterable[hours.Session]) -> list[ServiceWeeklySession]:
    """A session as minutes of the week, split at midnight when it runs past it."""
    return [
        ServiceWeeklySession(**dict(zip(WEEKLY_FIELDS, row, strict=True)))
        for row in _weekly_values(service_id, sessions)
    ]


def _weekly_values(service_id: int, sessions: Iterable[hours.Session]) -> list[tuple]:
    """``weekly_rows`` as tuples of ``WEEKLY_FIELDS``."""
    rows = []
    for session in sessions:
        day_start = session.weekday * MINUTES_A_DAY
        opens = day_start + session.opens.hour * 60 + session.opens.minute
        closes_in_day = session.closes.hour * 60 + session.closes.minute
        # The part on the day it starts: to its closing time, or to midnight.
        end = day_start + (MINUTES_A_DAY if session.past_midnight else closes_in_day)
        rows.append((service_id, opens, end, False, session.nth))
        if session.past_midnight and closes_in_day:
            next_day = ((session.weekday + 1) % 7) * MINUTES_A_DAY
            rows.append((service_id, next_day, next_day + closes_in_day, True, session.nth))
    return rows


@contextmanager
def deferred():
    """Collect the rebuilds asked for inside the block and run them once at its end, e.g. for
    an import that saves thousands of pages (one rebuild per save would dominate its time).
    Nested blocks join the outermost one."""
    if _pending.get() is not None:
        yield
        return
    services: set[int] = set()
    organisations: set[int] = set()
    token = _pending.set((services, organisations))
    try:
        yield
    finally:
        _pending.reset(token)
    if organisations:
        from directory.models import ServiceAtLocation

        services.update(
            ServiceAtLocation.objects.filter(location__organisation_id__in=organisations)
            .values_list("service_id", flat=True)
            .distinct()
        )
    rebuild(services)


def rebuild(service_ids: Iterable[int]) -> None:
    """Rewrite the listing rows of these services from what the database holds now."""
    from directory.models import LocationKind, ServiceAtLocation, ServicePage

    pending = _pending.get()
    if pending is not None:
        pending[0].update(service_ids)
        return
    ids = sorted(set(service_ids))
    centroids = MunicipalityCentroids() if ids else None
    through = {
        FacetKind.CATEGORY: ServicePage.categories.through,
        FacetKind.TARGET_GROUP: ServicePage.target_groups.through,
        FacetKind.LANGUAGE: ServicePage.languages.through,
    }
    for chunk in _chunks(ids):
        facets: dict[tuple[int, str, str], str] = {}
        for service_id, path in (
            through[FacetKind.CATEGORY]
            .objects.filter(servicepage_id__in=chunk)
            .values_list("servicepage_id", "category__tree_path")
        ):
            for code in path.split("/"):  # the category and every ancestor
                facets[(service_id, FacetKind.CATEGORY, code)] = ""
        for kind, term in (
            (FacetKind.TARGET_GROUP, "targetgroup"),
            (FacetKind.LANGUAGE, "servicelanguage"),
        ):
            for service_id, code in (
                through[kind]
                .objects.filter(servicepage_id__in=chunk)
                .values_list("servicepage_id", f"{term}__code")
            ):
                facets[(service_id, kind, code)] = ""
        places, sessions, exceptions = [], [], []
        links = ServiceAtLocation.objects.filter(service_id__in=chunk).select_related("location")
        for link in links:
            location = link.location
            municipality = municipality_key(location.municipality)
            if municipality:
                key = (link.service_id, FacetKind.MUNICIPALITY, municipality)
                facets.setdefault(key, location.municipality[:120])
            point, approximate = location.public_point, False
            if location.is_confidential:
                point, approximate = centroids.of(location), True
            if location.kind == LocationKind.VIRTUAL:
                point = (None, None)  # serves every place
            if point:
                places.append((link.service_id, point[0], point[1], approximate))
            engine = link.hours_engine
            sessions.extend(_weekly_values(link.service_id, engine.sessions))
            exceptions.extend((link.service_id, e.start, e.end) for e in engine.exceptions)
        with transaction.atomic():
            for model in (ServiceFacet, ServicePlace, ServiceWeeklySession, ServiceHoursException):
                model.objects.filter(service_id__in=chunk).delete()
            # Tuples rather than model instances: a rebuild of many services writes hundreds
            # of thousands of rows (``insert_rows`` leaves what bulk_create leaves).
            insert_rows(
                ServiceFacet,
                ["service_id", "kind", "value", "label"],
                [
                    (service_id, kind, value[:120], label)
                    for (service_id, kind, value), label in facets.items()
                ],
            )
            insert_rows(
                ServicePlace, ["service_id", "latitude", "longitude", "approximate"], places
            )
            insert_rows(ServiceWeeklySession, WEEKLY_FIELDS, sessions)
            insert_rows(ServiceHoursException, ["service_id", "start", "end"], exceptions)
            transaction.on_commit(_new_generation)
    if ids:
        _new_generation()  # now, and again on commit: no request caches a half-written state


def generation() -> str:
    """Changes whenever any listing row is rewritten, so cached counts are never stale, in
    any process (``core.generations``)."""
    return generations.current(GENERATION_KEY)


def _new_generation() -> None:
    generations.advance(GENERATION_KEY)


def invalidate() -> None:
    """Something the listing rows do not record changed what is listed (a page unpublished,
    deleted or put behind a login): counts cached under the current generation must go."""
    _new_generation()
    transaction.on_commit(_new_generation)  # and again once the change is visible to others


def rebuild_organisation(organisation_id: int) -> None:
    """An organisation's locations changed: rebuild every service offered at them."""
    from directory.models import ServiceAtLocation

    pending = _pending.get()
    if pending is not None:
        pending[1].add(organisation_id)
        return
    rebuild(
        ServiceAtLocation.objects.filter(location__organisation_id=organisation_id)
        .values_list("service_id", flat=True)
        .distinct()
    )


def rebuild_all() -> int:
    from directory.models import ServicePage

    ids = list(ServicePage.objects.values_list("pk", flat=True))
    rebuild(ids)
    return len(ids)


# --- open now ---------------------------------------------------------------------------------


def minute_of_week(at: datetime) -> int:
    moment = hours.local(at)
    return moment.weekday() * MINUTES_A_DAY + moment.hour * 60 + moment.minute


def open_now_filter(candidates: QuerySet, at: datetime) -> Q:
    """A condition on ``ServicePage`` that holds for services open at ``at``.

    SQL decides the ordinary case from the weekly sessions. A public holiday closes the
    sessions that start on it. Services whose day is irregular — a dated exception covering
    today or yesterday (yesterday's session may run past midnight), or a monthly rule — are
    few; only those among ``candidates`` are worked out with the opening-hours engine, so the
    answer always agrees with the engine."""
    from directory.models import ServiceAtLocation

    today = hours.local(at).date()
    yesterday = today - timedelta(days=1)
    minute = minute_of_week(at)
    day_kinds = Q()
    if hours.holiday_name(today) is None:
        day_kinds |= Q(continued=False)
    if hours.holiday_name(yesterday) is None:
        day_kinds |= Q(continued=True)
    if not day_kinds:
        regular = ServiceWeeklySession.objects.none()
    else:
        regular = ServiceWeeklySession.objects.filter(
            day_kinds, nth__isnull=True, start_minute__lte=minute, end_minute__gt=minute
        )
    candidate_ids = candidates.values("pk")
    irregular = Q(
        service_id__in=ServiceHoursException.objects.filter(
            service_id__in=candidate_ids, start__lte=today, end__gte=yesterday
        ).values("service_id")
    ) | Q(
        service_id__in=ServiceWeeklySession.objects.filter(
            service_id__in=candidate_ids, nth__isnull=False
        ).values("service_id")
    )
    # One query, however many there are: their links, to ask the engine.
    per_service: dict[int, list] = defaultdict(list)
    for link in ServiceAtLocation.objects.filter(irregular).select_related("location"):
        per_service[link.service_id].append(link)
    open_irregular = {
        service_id
        for service_id, links in per_service.items()
        if any(link.hours_engine.is_open(at) for link in links)
    }
    return (Q(pk__in=regular.values("service_id")) & ~Q(pk__in=list(per_service))) | Q(
        pk__in=open_irregular
    )
