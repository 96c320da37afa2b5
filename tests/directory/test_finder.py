"""The nearest-centre finder: places typed any way, ordering by distance, status, JSON, and
bad input answered with a message, never an error page."""

import json
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from directory import gazetteer
from directory.finder import RADII_KM, great_circle_km
from directory.models import BranchKind, CentrePage, MapPoint, Municipality, PlaceName

pytestmark = pytest.mark.django_db

MONDAY_MORNING = (2026, 11, 23, 9, 0)
SUNDAY_NOON = (2026, 11, 22, 12, 0)
HERAKLION_CITY = {"lat": "35.3387", "lng": "25.1442"}


def finder_json(client, prefix="", **params):
    response = client.get(f"{prefix}/api/finder/", params)
    return response.status_code, json.loads(response.content)


def result_names(client, **params):
    status, body = finder_json(client, **params)
    assert status == 200, body
    return [row["name"] for row in body["results"]]


def html_result_names(client, **params):
    response = client.get("/kentra/", params)
    assert response.status_code == 200
    listing = re.search(
        r'<ol class="card-list finder-list">(.*?)</ol>', response.content.decode(), re.S
    )
    assert listing, "no result list on the page"
    return re.findall(r'<h3 class="card__title"><a href="[^"]+">([^<]+)</a>', listing.group(1))


class TestPlaces:
    @pytest.mark.parametrize(
        "query", ["61200", "Αξιουπολη", "axioupoli", "ΠΑΙΟΝΙΑ", "Δήμος Παιονίας", "Polykastro"]
    )
    def test_paionia_queries_find_paionia_first(self, client, query):
        names = result_names(client, q=query)
        assert names[0] == "Κέντρο Κοινότητας Παιονίας"

    @pytest.mark.parametrize("query", ["Xania", "Χανιά", "chania", "ΧΑΝΙΑ"])
    def test_chania_queries_find_the_centre_and_its_roma_annex_first(self, client, query):
        names = result_names(client, q=query)
        assert set(names[:2]) == {"Κέντρο Κοινότητας Χανίων", "Παράρτημα Ρομά Χανίων"}

    def test_coordinates_in_heraklion_find_a_heraklion_branch_or_stop(self, client):
        status, body = finder_json(client, **HERAKLION_CITY)
        first = body["results"][0]
        assert first["centre"] == "Κέντρο Κοινότητας Δήμου Ηρακλείου"
        assert first["distance_km"] < 3

    def test_mobile_unit_stops_are_results(self, client):
        status, body = finder_json(client, lat="35.2985", lng="25.0505", limit="3")
        first = body["results"][0]
        assert first["kind"] == "stop" and first["name"] == "Βούτες"
        assert first["stop_rule"] == "Κάθε Τρίτη"

    def test_html_and_json_agree(self, client):
        for params in ({"q": "61200"}, {"q": "Xania"}, HERAKLION_CITY):
            assert html_result_names(client, **params) == result_names(client, **params)

    def test_results_are_sorted_by_great_circle_distance(self, client):
        status, body = finder_json(client, q="Ξάνθη", limit="20")
        distances = [row["distance_km"] for row in body["results"]]
        assert distances == sorted(distances) and len(distances) >= 10
        for row in body["results"]:
            expected = great_circle_km(
                body["place"]["latitude"],
                body["place"]["longitude"],
                row["latitude"],
                row["longitude"],
            )
            assert abs(expected - row["distance_km"]) < 0.2

    def test_every_municipal_seat_is_findable(self):
        for municipality in Municipality.objects.all():
            resolution = gazetteer.resolve(municipality.seat_el)
            found = [resolution.place] if resolution.place else resolution.choices
            assert any(p.municipality_el == municipality.name_el for p in found), (
                municipality.seat_el
            )

    def test_every_demo_town_is_findable_in_greek_and_greeklish(self):
        towns = PlaceName.objects.filter(kind="town")
        assert towns.count() >= 10
        for town in towns:
            for query in (town.name_el, town.name_en, town.name_el.upper()):
                resolution = gazetteer.resolve(query)
                found = [resolution.place] if resolution.place else resolution.choices
                assert any(p.name_el == town.name_el for p in found), query

    def test_a_shared_name_gives_a_choice(self, client):
        response = client.get("/kentra/", {"q": "Irakleio"})
        page = response.content.decode()
        assert "Ποια τοποθεσία εννοείτε;" in page
        choices = re.findall(r'href="\?place=(\d+)#finder-results"', page)
        assert len(choices) == 2
        # Choosing one gives results from a shareable URL.
        crete = PlaceName.objects.get(pk=choices[0])
        names = html_result_names(client, place=str(crete.pk))
        assert names

    def test_unknown_place_gets_help_not_an_error(self, client):
        response = client.get("/kentra/", {"q": "Qwxyzzy"})
        assert response.status_code == 200
        page = response.content.decode()
        assert "61200" in page and 'aria-invalid="true"' in page
        status, body = finder_json(client, q="Qwxyzzy")
        assert status == 200 and body["state"] == "unknown" and "61200" in body["message"]

    def test_unknown_postcode_in_a_known_area_is_approximate(self, client):
        status, body = finder_json(client, q="61299")
        assert body["place"]["approximate"] is True
        assert body["results"][0]["name"] == "Κέντρο Κοινότητας Παιονίας"

    def test_english_finder(self, client):
        status, body = finder_json(client, prefix="/en", q="Axioupoli")
        assert body["language"] == "en"
        assert body["results"][0]["name"] == "Paionia Community Centre"
        assert body["results"][0]["centre_url"].endswith("/en/kentra/paionia/")


class TestStatusAndFilters:
    def test_open_now_on_monday_morning(self, client, freeze_now):
        freeze_now(*MONDAY_MORNING)
        status, body = finder_json(client, q="61200", open_now="on")
        assert body["results"] and all(row["is_open"] for row in body["results"])
        assert body["results"][0]["status"] == "Ανοιχτό έως 15:30"

    def test_open_now_on_sunday_finds_nothing_and_says_so(self, client, freeze_now):
        freeze_now(*SUNDAY_NOON)
        status, body = finder_json(client, q="61200", open_now="on")
        assert body["results"] == []
        page = client.get("/kentra/", {"q": "61200", "open_now": "on"}).content.decode()
        assert "Open now only" in page or "Μόνο όσα είναι ανοιχτά τώρα" in page

    def test_closed_result_says_when_it_opens(self, client, freeze_now):
        freeze_now(*SUNDAY_NOON)
        status, body = finder_json(client, q="61200")
        first = body["results"][0]
        assert first["status"] == "Κλειστό — ανοίγει αύριο 07:30"
        assert first["next_opening"] == "2026-11-23T07:30:00+02:00"

    def test_nothing_within_50_km_still_lists_the_nearest(self, client):
        status, body = finder_json(client, q="Αθήνα")
        assert body["nothing_within_km"] == 50
        assert body["results"][0]["distance_km"] > 50
        page = client.get("/kentra/", {"q": "Αθήνα"}).content.decode()
        assert "σε απόσταση 50 χλμ" in page

    def test_results_have_phone_and_directions(self, client):
        page = client.get("/kentra/", {"q": "61200"}).content.decode()
        assert 'href="tel:+302343033151"' in page
        assert "openstreetmap.org/directions" in page
        assert "© OpenStreetMap contributors" in page


class TestBadInput:
    @pytest.mark.parametrize(
        ("params", "parameter"),
        [
            ({"lat": "abc", "lng": "22"}, "lat"),
            ({"lat": "100", "lng": "22"}, "lat"),
            ({"lat": "40", "lng": "200"}, "lng"),
            ({"lat": "nan", "lng": "22"}, "lat"),
            ({"lat": "inf", "lng": "22"}, "lat"),
            ({"lat": "40"}, "__all__"),
            ({"q": "α" * 101}, "q"),
            ({"q": "612"}, "q"),
            ({"q": "61200", "limit": "0"}, "limit"),
            ({"q": "61200", "limit": "many"}, "limit"),
            ({"place": "-4"}, "place"),
            ({}, "q"),
        ],
    )
    def test_json_errors_are_400_with_a_message(self, client, params, parameter):
        status, body = finder_json(client, **params)
        assert status == 400, body
        assert body["error"]["parameter"] == parameter
        assert body["error"]["message"]

    @pytest.mark.parametrize("q", ["Χανιά\x00", "\x01Χανιά\x7f", "Χαν\ufffeιά", " Χανιά\u202e"])
    def test_control_characters_are_dropped_before_the_search(self, client, q):
        status, body = finder_json(client, q=q)
        assert status == 200, body
        assert body["state"] in ("results", "choices"), body

    @pytest.mark.parametrize("q", [" ", "\x00", "\u200b", "\t\n"])
    def test_a_blank_query_is_a_missing_query(self, client, q):
        status, body = finder_json(client, q=q)
        assert status == 400, body
        assert body["error"]["parameter"] == "q"

    @pytest.mark.parametrize(
        "params",
        [{"lat": "abc", "lng": "x"}, {"q": "x" * 500}, {"place": "999999"}],
    )
    def test_the_page_answers_bad_input_with_a_message(self, client, params):
        response = client.get("/kentra/", params)
        assert response.status_code == 200
        page = response.content.decode()
        assert "error-summary" in page or "field-error" in page

    def test_a_query_of_control_characters_only_is_no_query(self, client):
        response = client.get("/kentra/", {"q": "\x00\x01"})
        assert response.status_code == 200
        page = response.content.decode()
        assert "\x00" not in page and "\x01" not in page
        assert response.context["finder"].state == "empty"

    def test_binary_input_is_not_an_error_page(self, client):
        response = client.get("/api/finder/?q=%FF%FE%00")
        assert response.status_code == 400


class TestScaleAndSync:
    def test_query_count_does_not_grow_with_locations_or_results(self, client):
        """One query per box tried (bounded by the radius ladder), one each for the branches,
        their centres, the closures alerts announce for them and the locale: never one per
        location or per result."""

        def count(params):
            client.get("/api/finder/", params)  # warm per-process caches (site root paths)
            with CaptureQueriesContext(connection) as queries:
                assert client.get("/api/finder/", params).status_code == 200
            return len(queries)

        near_paionia = {"lat": "41.0", "lng": "22.55"}
        sparse = count({**near_paionia, "limit": "10"})
        # The 2 beyond those open and close the request's transaction (ATOMIC_REQUESTS).
        assert sparse <= 4 + len(RADII_KM) + 2
        paionia = CentrePage.objects.get(slug="paionia", locale__language_code="el")
        branch = paionia.branches.first()
        MapPoint.objects.bulk_create(
            MapPoint(
                centre=paionia,
                branch=branch,
                locale=paionia.locale,
                latitude=41.0 + i / 1000,
                longitude=22.55,
            )
            for i in range(300)
        )
        dense = [count({**near_paionia, "limit": str(limit)}) for limit in (1, 5, 10, 25)]
        # locale, one box, branches, centres, closures, and the transaction's two
        assert dense == [7, 7, 7, 7]
        assert dense[0] <= sparse

    def test_unpublished_centre_leaves_the_finder(self, client):
        paionia = CentrePage.objects.get(slug="paionia", locale__language_code="el")
        paionia.unpublish()
        assert "Κέντρο Κοινότητας Παιονίας" not in result_names(client, q="61200")
        paionia.save_revision().publish()
        assert result_names(client, q="61200")[0] == "Κέντρο Κοινότητας Παιονίας"

    def test_moving_a_branch_moves_its_point(self, client):
        paionia = CentrePage.objects.get(slug="paionia", locale__language_code="el")
        main = paionia.branches.get(kind=BranchKind.MAIN)
        main.latitude, main.longitude = 35.5, 24.0  # as if it moved to Chania
        main.save()
        paionia.save_revision().publish()
        point = MapPoint.objects.get(branch_id=main.pk, stop_index=None)
        assert (point.latitude, point.longitude) == (35.5, 24.0)
