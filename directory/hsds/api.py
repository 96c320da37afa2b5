"""The HSDS 3.0 read API under ``/api/hsds/`` (docs/api/hsds.md, docs/api/hsds-openapi.json).

Only live, public pages of one language are read: ``?lang=`` or ``Accept-Language`` chooses
it (Greek by default), and the same id names the same object in both languages.
"""

from django.urls import reverse
from django.utils import translation
from wagtail.models import Locale

from directory.hsds import collections, ids, params
from directory.hsds.http import endpoint, error, json_response, ndjson_response
from directory.hsds.openapi import document
from directory.hsds.serialise import Serialiser
from directory.models import CentrePage, OrganisationPage, ServiceAtLocation, ServicePage

HSDS_VERSION = "3.0"
PROFILE_URL = "https://docs.openreferral.org/en/latest/hsds/"


def serialiser_for(request) -> Serialiser:
    language = params.language(request.GET, request.META.get("HTTP_ACCEPT_LANGUAGE", ""))
    translation.activate(language)
    locale = Locale.objects.filter(language_code=language).first() or Locale.get_default()
    return Serialiser(locale, language, request.build_absolute_uri)


def paged(request, collection, query: params.ApiQuery):
    """An HSDS ``Page`` of the collection, or every item as NDJSON."""
    if query.ndjson:
        return ndjson_response(collection.stream())
    total = collection.count()
    contents = collection.page(query.offset, query.per_page) if query.offset < total else []
    total_pages = max(1, -(-total // query.per_page))
    body = {
        "total_items": total,
        "total_pages": total_pages,
        "page_number": query.page,
        "size": len(contents),
        "first_page": query.page == 1,
        "last_page": query.page >= total_pages,
        "empty": total == 0,
        "contents": contents,
    }
    return json_response(request, body)


def _uuid_or_400(value: str) -> str:
    parsed = ids.parse(value)
    if parsed is None:
        raise params.BadParameter("id", "The id must be a UUID, as the ids this API returns are.")
    return str(parsed)


def _latest(*moments):
    moments = [m for m in moments if m]
    return max(moments) if moments else None


@endpoint
def root(request):
    return json_response(
        request,
        {
            "version": HSDS_VERSION,
            "profile": PROFILE_URL,
            "openapi_url": request.build_absolute_uri(reverse("hsds:openapi")),
        },
    )


@endpoint
def openapi(request):
    return json_response(request, document())


@endpoint
def service_list(request):
    query = params.parse(request.GET)
    serialiser = serialiser_for(request)
    return paged(request, collections.services(serialiser, query), query)


@endpoint
def service_detail(request, id):
    key = _uuid_or_400(id)
    serialiser = serialiser_for(request)
    service = (
        Serialiser.prefetch_full(collections.live_services(serialiser.locale))
        .filter(translation_key=key)
        .first()
    )
    if service is not None:
        data = serialiser.services([service], full=True)[0]
        return json_response(request, data, service.last_published_at)
    for centre in collections.live_centres(serialiser.locale):
        for group in serialiser.centre_groups(centre):
            if group["id"] == key:
                data = serialiser.centre_group_full(centre, group)
                return json_response(request, data, centre.last_published_at)
    return error(404, "No published service has this id in this language.", "id")


@endpoint
def organisation_list(request):
    query = params.parse(request.GET)
    serialiser = serialiser_for(request)
    return paged(request, collections.organisations(serialiser, query), query)


@endpoint
def organisation_detail(request, id):
    key = _uuid_or_400(id)
    query = params.parse(request.GET)
    serialiser = serialiser_for(request)
    organisation = (
        collections.published(OrganisationPage, serialiser.locale)
        .filter(translation_key=key)
        .prefetch_related("locations")
        .first()
    )
    if organisation is not None:
        data = serialiser.organisation(organisation, query.full_service)
        return json_response(request, data, organisation.last_published_at)
    centre = (
        collections.published(CentrePage, serialiser.locale)
        .filter(translation_key=key)
        .prefetch_related("branches", "staff_contacts")
        .first()
    )
    if centre is not None:
        data = serialiser.centre(centre, query.full_service)
        return json_response(request, data, centre.last_published_at)
    return error(404, "No published organisation has this id in this language.", "id")


@endpoint
def service_at_location_list(request):
    query = params.parse(request.GET)
    serialiser = serialiser_for(request)
    return paged(request, collections.service_at_locations(serialiser, query), query)


@endpoint
def service_at_location_detail(request, id):
    key = _uuid_or_400(id)
    serialiser = serialiser_for(request)
    services = collections.live_services(serialiser.locale)
    link = (
        ServiceAtLocation.objects.filter(translation_key=key, service__in=services.values("pk"))
        .select_related("location")
        .first()
    )
    if link is not None:
        service = Serialiser.prefetch_full(ServicePage.objects.filter(pk=link.service_id)).first()
        full = serialiser.services([service], full=True)[0]
        data = next(s for s in full["service_at_locations"] if s["id"] == key)
        data["description"] = f"{service.title}: {link.location.name}"
        data["service"] = {k: v for k, v in full.items() if k != "service_at_locations"}
        return json_response(request, data, service.last_published_at)
    for centre in collections.live_centres(serialiser.locale):
        for group in serialiser.centre_groups(centre):
            for branch in centre.branch_list:
                if ids.derived(group["id"], ids.of(branch)) != key:
                    continue
                data = serialiser.centre_service_at_location(
                    centre, ids.of(centre), group["id"], branch
                )
                data["description"] = f"{group['name']}: {branch.name}"
                full = serialiser.centre_group_full(centre, group)
                data["service"] = {k: v for k, v in full.items() if k != "service_at_locations"}
                return json_response(request, data, centre.last_published_at)
    return error(404, "No published service at a location has this id in this language.", "id")


@endpoint
def taxonomy_list(request):
    query = params.parse(request.GET)
    serialiser = serialiser_for(request)
    found = [
        t
        for t in collections.taxonomies(serialiser.language)
        if not query.search or collections.words_match(query.search, t["name"], t["description"])
    ]
    return paged(request, ListCollection(found), query)


@endpoint
def taxonomy_detail(request, id):
    key = _uuid_or_400(id)
    serialiser = serialiser_for(request)
    for taxonomy in collections.taxonomies(serialiser.language):
        if taxonomy["id"] == key:
            return json_response(request, taxonomy)
    return error(404, "No taxonomy has this id.", "id")


@endpoint
def taxonomy_term_list(request):
    query = params.parse(request.GET)
    serialiser = serialiser_for(request)
    return paged(request, ListCollection(collections.taxonomy_terms(serialiser, query)), query)


@endpoint
def taxonomy_term_detail(request, id):
    key = _uuid_or_400(id)
    serialiser = serialiser_for(request)
    for term in collections.taxonomy_terms(serialiser, params.ApiQuery()):
        if term["id"] == key:
            return json_response(request, term)
    return error(404, "No taxonomy term has this id in this language.", "id")


class ListCollection:
    """A small list already in memory, paged like the others."""

    def __init__(self, items: list[dict]):
        self.items = items

    def count(self) -> int:
        return len(self.items)

    def page(self, offset: int, limit: int) -> list[dict]:
        return self.items[offset : offset + limit]

    def stream(self):
        return iter(self.items)
