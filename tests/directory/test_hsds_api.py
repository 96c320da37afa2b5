"""The HSDS 3.0 read API: every object validates against the official schemas, only published
content of one language is served, confidential addresses never appear, and bad input gets a
JSON 400, never a 500."""

import json

import jsonschema
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext, override_settings

from directory.hsds import ids
from directory.models import (
    Category,
    LocationKind,
    OrganisationLocation,
    OrganisationPage,
    ServicePage,
)
from tests.hsds_schemas import schema

pytestmark = pytest.mark.django_db

FORMATS = jsonschema.Draft202012Validator.FORMAT_CHECKER


def validate(instance, name):
    validator_class = jsonschema.validators.validator_for(schema(name))
    validator_class(schema(name), format_checker=FORMATS).validate(instance)


def every_page(client, path, **params):
    """All items of a list endpoint, walking its pages."""
    items, page = [], 1
    while True:
        response = client.get(path, {**params, "page": page, "per_page": 100})
        assert response.status_code == 200, response.content
        body = response.json()
        items += body["contents"]
        assert body["size"] == len(body["contents"])
        if body["last_page"]:
            assert body["total_items"] == len(items)
            return items
        page += 1


@pytest.mark.parametrize("language", ["el", "en"])
def test_every_service_validates_in_list_and_in_full(client, language):
    items = every_page(client, "/api/hsds/services", lang=language)
    names = set()
    for item in items:
        validate(item, "service_list")
        response = client.get(f"/api/hsds/services/{item['id']}", {"lang": language})
        assert response.status_code == 200
        full = response.json()
        validate(full, "service")
        names.add(full["attributes"][0]["taxonomy_term"]["taxonomy"] if full["attributes"] else "")
    # Every kind of entry in the demo content: centre groups and partner services, with the
    # categories they are filed under.
    assert {"koinotita-centre-service-groups", "koinotita-categories"} <= names
    total = ServicePage.objects.live().filter(locale__language_code=language).count()
    assert len(items) > total  # partner services plus the centres' groups


def test_status_follows_the_service(client):
    service = ServicePage.objects.live().filter(locale__language_code="el").first()
    service.status = "temporarily-closed"
    service.save_revision().publish()
    item = client.get(f"/api/hsds/services/{service.translation_key}").json()
    assert item["status"] == "temporarily closed"
    validate(item, "service")


@pytest.mark.parametrize("language", ["el", "en"])
def test_every_organisation_validates_with_full_services(client, language):
    items = every_page(client, "/api/hsds/organizations", lang=language)
    kinds = set()
    for item in items:
        validate(item, "organization_list")
        response = client.get(
            f"/api/hsds/organizations/{item['id']}", {"lang": language, "full_service": "true"}
        )
        assert response.status_code == 200
        full = response.json()
        validate(full, "organization")
        for location in full["locations"]:
            kinds.add(location["location_type"])
            if location["attributes"]:
                kinds.add(location["attributes"][0]["taxonomy_term"]["code"])
        if full["attributes"]:
            kinds.add(full["attributes"][0]["taxonomy_term"]["code"])
    assert {"physical", "confidential", "community-centre"} <= kinds


@pytest.mark.parametrize("language", ["el", "en"])
def test_every_service_at_location_validates(client, language):
    items = every_page(client, "/api/hsds/service_at_locations", lang=language)
    assert items
    for item in items[:: max(1, len(items) // 40)]:
        validate(item, "service_at_location_list")
        response = client.get(f"/api/hsds/service_at_locations/{item['id']}", {"lang": language})
        assert response.status_code == 200
        validate(response.json(), "service_at_location")
    for item in items:
        validate(item, "service_at_location_list")


def test_an_online_location_is_virtual_and_validates(client):
    organisation = OrganisationPage.objects.live().filter(locale__language_code="el").first()
    online = OrganisationLocation.objects.create(
        organisation=organisation,
        locale=organisation.locale,
        name="Τηλεφωνική γραμμή",
        kind=LocationKind.VIRTUAL,
        latitude=38.0,
        longitude=23.7,
    )
    body = client.get(f"/api/hsds/organizations/{ids.of(organisation)}").json()
    validate(body, "organization")
    location = next(loc for loc in body["locations"] if loc["id"] == ids.of(online))
    assert location["location_type"] == "virtual"
    assert "latitude" not in location and location["addresses"] == []


def test_a_centres_funding_notices_are_its_hsds_funding(client):
    from directory.models import CentrePage

    heraklion = CentrePage.objects.get(slug="heraklion", locale__language_code="el")
    body = client.get(f"/api/hsds/organizations/{ids.of(heraklion)}").json()
    validate(body, "organization")
    sources = [item["source"] for item in body["funding"]]
    assert any("ΚΡΗΤΗ 2021-2027" in text and "2.400.000,00 €" in text for text in sources)
    english = client.get(f"/api/hsds/organizations/{ids.of(heraklion)}", {"lang": "en"}).json()
    assert english["funding"] and validate(english, "organization") is None


def test_schedules_are_in_hsds_form_with_the_athens_offset(client):
    body = client.get("/api/hsds/organizations", {"full": "true", "per_page": 100}).json()
    schedules = [
        schedule
        for organisation in body["contents"]
        for location in organisation["locations"]
        for schedule in location["schedules"]
    ]
    weekly = [s for s in schedules if s.get("freq") == "WEEKLY" and s.get("opens_at")]
    assert weekly
    for schedule in weekly:
        assert schedule["timezone"] in (2, 3)
        assert schedule["opens_at"].endswith(("+02:00", "+03:00"))
        assert schedule["opens_at"].endswith(f"+0{schedule['timezone']}:00")


def test_the_same_id_answers_in_each_language(client):
    service = ServicePage.objects.live().filter(locale__language_code="en").first()
    key = str(service.translation_key)
    greek = client.get(f"/api/hsds/services/{key}").json()
    english = client.get(f"/api/hsds/services/{key}", HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")
    assert english.json()["name"] == service.title
    assert greek["name"] != service.title
    assert client.get(f"/api/hsds/services/{key}", {"lang": "en"}).json() == english.json()
    assert english["Vary"] == "Accept-Language"


def test_only_published_content(client):
    service = ServicePage.objects.live().filter(locale__language_code="el").first()
    key = str(service.translation_key)
    service.title = "Πρόχειρος τίτλος που δεν δημοσιεύτηκε"
    service.save_revision()
    assert client.get(f"/api/hsds/services/{key}").json()["name"] != service.title
    service.unpublish()
    assert client.get(f"/api/hsds/services/{key}").status_code == 404
    listed = every_page(client, "/api/hsds/services")
    assert key not in {item["id"] for item in listed}


def test_the_cached_total_follows_publishing_unpublishing_and_restrictions(client):
    from wagtail.models import PageViewRestriction

    def total():
        return client.get("/api/hsds/services").json()["total_items"]

    before = total()
    services = ServicePage.objects.live().filter(locale__language_code="el").order_by("pk")
    first, second = services[0], services[1]
    first.unpublish()
    assert total() == before - 1
    first.save_revision().publish()
    assert total() == before
    restriction = PageViewRestriction.objects.create(
        page=second, restriction_type=PageViewRestriction.LOGIN
    )
    assert total() == before - 1
    restriction.delete()
    assert total() == before
    second.delete()
    assert total() == before - 1


def test_deep_pages_from_bookmarks_are_the_same_rows(client, monkeypatch):
    from directory.hsds import collections as hsds_collections

    def ids_of_pages(per_page):
        found, page = [], 1
        while True:
            body = client.get("/api/hsds/services", {"per_page": per_page, "page": page}).json()
            found += [item["id"] for item in body["contents"]]
            if body["last_page"]:
                return found
            page += 1

    plain = ids_of_pages(7)
    monkeypatch.setattr(hsds_collections, "BOOKMARK_EVERY", 10)  # bookmarks every 10 rows
    assert ids_of_pages(7) == plain
    assert ids_of_pages(13) == plain
    first = ServicePage.objects.live().filter(locale__language_code="el").order_by("pk")[3]
    first.unpublish()  # new bookmarks: the rows after it move up by one
    assert ids_of_pages(7) == [key for key in plain if key != str(first.translation_key)]


def test_an_untranslated_page_is_not_served_as_english(client):
    from wagtail.models import Locale

    service = ServicePage.objects.live().filter(locale__language_code="el").first()
    english = ServicePage.objects.get(
        translation_key=service.translation_key, locale__language_code="en"
    )
    english.delete()
    alias = service.copy_for_translation(Locale.objects.get(language_code="en"), alias=True)
    assert alias.live and alias.alias_of_id == service.pk
    key = str(service.translation_key)
    assert client.get(f"/api/hsds/services/{key}", {"lang": "en"}).status_code == 404
    listed = every_page(client, "/api/hsds/services", lang="en")
    assert key not in {item["id"] for item in listed}
    assert client.get(f"/api/hsds/services/{key}", {"lang": "el"}).status_code == 200


def test_confidential_addresses_never_leave(client):
    shelters = list(OrganisationLocation.objects.filter(kind=LocationKind.CONFIDENTIAL))
    assert shelters
    streets = {shelter.street_address for shelter in shelters} - {""}
    points = {(shelter.latitude, shelter.longitude) for shelter in shelters}
    shelter_ids = {ids.of(shelter) for shelter in shelters}
    bodies = [
        b"".join(
            client.get(
                path, {"full": "true", "full_service": "true", "format": "ndjson", "lang": lang}
            ).streaming_content
        )
        for path in (
            "/api/hsds/services",
            "/api/hsds/organizations",
            "/api/hsds/service_at_locations",
        )
        for lang in ("el", "en")
    ]
    for shelter in shelters:
        bodies.append(client.get(f"/api/hsds/organizations/{ids.of(shelter.organisation)}").content)
    seen_shelter = False
    for body in bodies:
        text = body.decode()
        assert not any(street in text for street in streets)
        for line in text.splitlines():
            for location in locations_in(json.loads(line)):
                assert (location.get("latitude"), location.get("longitude")) not in points
                if location["id"] in shelter_ids:
                    seen_shelter = True
                    assert location["addresses"] == []
                    assert "latitude" not in location and "transportation" not in location
    assert seen_shelter


def locations_in(value):
    """Every HSDS location object nested anywhere in ``value``."""
    if isinstance(value, dict):
        if "location_type" in value:
            yield value
        for child in value.values():
            yield from locations_in(child)
    elif isinstance(value, list):
        for child in value:
            yield from locations_in(child)


def test_search_is_greek_normalised_and_filters_combine(client):
    service = next(
        s
        for s in ServicePage.objects.live().filter(locale__language_code="el").order_by("pk")
        if any(c in "άέήίόύώ" for c in s.title.split()[0])
    )
    word = service.title.split()[0]
    from search.normalise import fold

    for query in (word, word.upper(), fold(word)):
        found = client.get("/api/hsds/services", {"search": query}).json()["contents"]
        assert str(service.translation_key) in {item["id"] for item in found}, query
    organisation = service.get_parent().specific
    only_theirs = client.get(
        "/api/hsds/services",
        {"search": fold(word), "organization_id": str(organisation.translation_key)},
    ).json()
    assert only_theirs["total_items"] >= 1
    assert {i["organization_id"] for i in only_theirs["contents"]} == {
        str(organisation.translation_key)
    }
    nothing = client.get(
        "/api/hsds/services", {"search": fold(word), "modified_after": "2999-01-01"}
    ).json()
    assert nothing["total_items"] == 0 and nothing["empty"] is True


def test_greeklish_and_capitals_find_centres_and_their_service_groups(client, paionia):
    for query in ("paionia", "ΠΑΙΟΝΙΑΣ", "Παιονιας"):
        found = client.get("/api/hsds/organizations", {"search": query}).json()["contents"]
        assert str(paionia.translation_key) in {item["id"] for item in found}, query
    groups = client.get(
        "/api/hsds/services", {"organization_id": str(paionia.translation_key)}
    ).json()
    assert groups["total_items"] == len(paionia.service_groups)
    assert all(
        item["organization_id"] == str(paionia.translation_key) for item in groups["contents"]
    )


def test_a_mobile_units_stops_are_schedules_of_its_location(client):
    from directory.models import Branch

    unit = Branch.objects.exclude(stops=[]).filter(locale__language_code="el").first()
    assert unit is not None
    centre = client.get(f"/api/hsds/organizations/{ids.of(unit.centre)}").json()
    location = next(loc for loc in centre["locations"] if loc["id"] == ids.of(unit))
    place = unit.stops[0].value["place"]
    assert any(s["description"].startswith(place) for s in location["schedules"])


def test_a_parent_category_includes_its_children(client):
    child = Category.objects.filter(parent__isnull=False, locale__language_code="el").first()
    parent_key = str(child.parent.translation_key)
    under_parent = every_page(client, "/api/hsds/services", taxonomy_term_id=parent_key)
    under_child = every_page(
        client, "/api/hsds/services", taxonomy_term_id=str(child.translation_key)
    )
    assert {i["id"] for i in under_child} <= {i["id"] for i in under_parent}
    terms = client.get("/api/hsds/taxonomy_terms", {"parent_id": parent_key}).json()
    assert str(child.translation_key) in {t["id"] for t in terms["contents"]}
    top = client.get("/api/hsds/taxonomy_terms", {"top_only": "true", "per_page": 100}).json()
    assert all("parent_id" not in t for t in top["contents"])


def test_near_a_postcode_lists_nearest_first_within_the_distance(client):
    body = client.get(
        "/api/hsds/service_at_locations", {"postcode": "73100", "proximity": "30"}
    ).json()
    distances = [item["distance_km"] for item in body["contents"]]
    assert distances and distances == sorted(distances)
    assert max(distances) <= 30
    by_point = client.get(
        "/api/hsds/service_at_locations", {"lat": "35.5138", "lng": "24.0180", "proximity": "30"}
    ).json()
    assert by_point["total_items"] >= 1


def test_ndjson_streams_every_item(client):
    response = client.get("/api/hsds/services", {"format": "ndjson"})
    assert response["Content-Type"].startswith("application/x-ndjson")
    lines = b"".join(response.streaming_content).decode().splitlines()
    total = client.get("/api/hsds/services").json()["total_items"]
    assert len(lines) == total
    for line in lines:
        validate(json.loads(line), "service_list")


@pytest.mark.parametrize(
    ("parameter", "value"),
    [
        ("page", "0"),
        ("page", "abc"),
        ("page", "-1"),
        ("per_page", "0"),
        ("per_page", "1e3"),
        ("format", "xml"),
        ("minimal", "maybe"),
        ("taxonomy_term_id", "not-a-uuid"),
        ("organization_id", "' OR 1=1 --"),
        ("modified_after", "yesterday"),
        ("postcode", "ABC12"),
        ("proximity", "-5"),
        ("proximity", "nan"),
        ("lat", "95"),
        ("lang", "fr"),
        ("search", "x" * 500),
    ],
)
def test_malformed_parameters_get_a_json_400(client, parameter, value):
    params = {parameter: value}
    if parameter == "proximity":
        params["postcode"] = "73100"
    path = "/api/hsds/service_at_locations"
    response = client.get(path, params)
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["parameter"] == parameter
    assert error["message"]


def test_per_page_is_capped(client):
    body = client.get("/api/hsds/services", {"per_page": "100000"}).json()
    assert body["size"] == 100


def test_unknown_and_malformed_ids(client):
    assert client.get("/api/hsds/services/not-a-uuid").status_code == 400
    missing = client.get("/api/hsds/services/00000000-0000-0000-0000-000000000000")
    assert missing.status_code == 404
    assert missing.json()["error"]["message"]


def test_conditional_requests_cache_headers_and_cors(client):
    first = client.get("/api/hsds/services")
    assert first["Cache-Control"].startswith("public")
    assert first["Access-Control-Allow-Origin"] == "*"
    again = client.get("/api/hsds/services", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304 and again.content == b""
    organisation = OrganisationPage.objects.live().filter(locale__language_code="el").first()
    detail = client.get(f"/api/hsds/organizations/{ids.of(organisation)}")
    assert detail["Last-Modified"]
    unchanged = client.get(
        f"/api/hsds/organizations/{ids.of(organisation)}",
        HTTP_IF_MODIFIED_SINCE=detail["Last-Modified"],
    )
    assert unchanged.status_code == 304
    preflight = client.options("/api/hsds/services", HTTP_ORIGIN="https://example.org")
    assert preflight.status_code == 204
    assert "GET" in preflight["Access-Control-Allow-Methods"]
    assert client.post("/api/hsds/services").status_code in (403, 405)


@override_settings(HSDS_RATE_LIMIT=(3, 60))
def test_a_client_over_the_rate_limit_gets_a_clear_429(client):
    for _ in range(3):
        assert client.get("/api/hsds/").status_code == 200
    refused = client.get("/api/hsds/")
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) >= 1
    assert "Try again" in refused.json()["error"]["message"]
    other = client.get("/api/hsds/", REMOTE_ADDR="192.0.2.7")
    assert other.status_code == 200


@pytest.mark.parametrize(
    "path",
    ["/api/hsds/services", "/api/hsds/organizations", "/api/hsds/service_at_locations"],
)
@pytest.mark.parametrize("full", ["false", "true"])
def test_query_count_does_not_grow_with_the_page(client, path, full):
    def queries(per_page, page):
        with CaptureQueriesContext(connection) as captured:
            response = client.get(path, {"per_page": per_page, "full": full, "page": page})
            assert response.status_code == 200
            assert response.json()["size"] == per_page, "too little demo content"
        return len(captured)

    queries(5, 1)  # the first request reads the site's root paths into the cache
    # Pages of 5, 20 and 40 items from the same offset, past the centres (listed first), in
    # the partner directory.
    offset = 80 if "service_at" in path else 40
    largest = queries(40, offset // 40 + 1)
    assert queries(5, offset // 5 + 1) == queries(20, offset // 20 + 1) == largest


def test_root_and_openapi_document(client):
    root = client.get("/api/hsds/").json()
    assert root["version"] == "3.0"
    served = client.get("/api/hsds/openapi.json").json()
    assert root["openapi_url"].endswith("/api/hsds/openapi.json")
    from pathlib import Path

    committed = json.loads(Path("docs/api/hsds-openapi.json").read_text(encoding="utf-8"))
    assert served == committed, "run: python manage.py export_hsds_openapi"
    assert set(served["paths"]) == {
        "/",
        "/services",
        "/services/{id}",
        "/organizations",
        "/organizations/{id}",
        "/service_at_locations",
        "/service_at_locations/{id}",
        "/taxonomies",
        "/taxonomies/{id}",
        "/taxonomy_terms",
        "/taxonomy_terms/{id}",
    }
