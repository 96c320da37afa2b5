"""The partner directory: services found by need and place, and a shelter's address kept out of
every public output."""

import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from directory.models import (
    Category,
    CentrePage,
    LocationKind,
    OrganisationLocation,
    OrganisationPage,
    ServicePage,
    ServiceStatus,
)

pytestmark = pytest.mark.django_db

MONDAY_TEN = (2026, 11, 23, 10, 0)


def titles(client, url="/domes/", **params):
    response = client.get(url, params)
    assert response.status_code == 200
    page = response.content.decode()
    listing = page[page.index('id="directory-results"') :]
    return re.findall(r'<h3 class="card__title"><a href="[^"]+">([^<]+)</a>', listing), page


def distances(page) -> list[float]:
    return [
        float(km.replace(",", "."))
        for km in re.findall(r"<strong>([\d,.]+) (?:χλμ\.|km)</strong>", page)
    ]


class TestDemoDirectory:
    def test_at_least_40_organisations_and_80_services_in_both_languages(self):
        for language in ("el", "en"):
            assert (
                OrganisationPage.objects.live().filter(locale__language_code=language).count() >= 40
            )
            assert ServicePage.objects.live().filter(locale__language_code=language).count() >= 80

    def test_centres_list_their_partners_and_partners_their_centres(self, client):
        centre = CentrePage.objects.get(slug="heraklion", locale__language_code="el")
        assert centre.partners.count() >= 5
        centre_page = client.get(centre.url).content.decode()
        section = centre_page[centre_page.index('id="partners-heading"') :]
        for link in centre.partners.select_related("organisation"):
            assert link.organisation.title in section
            assert f'href="tel:+30{link.organisation.phone}"' in section
        assert (
            "<h3>Ψυχική υγεία και ψυχολογική υποστήριξη</h3>" in section
            or "<h3>Υγεία</h3>" in section
        )
        organisation = centre.partners.first().organisation
        page = client.get(organisation.url).content.decode()
        assert centre.title in page

    def test_centre_page_queries_do_not_grow_with_partners(self, client):
        from directory.models import CentrePartner, OrganisationPage

        centre = CentrePage.objects.get(slug="paionia", locale__language_code="el")

        def count():
            client.get(centre.url)
            with CaptureQueriesContext(connection) as queries:
                client.get(centre.url)
            return len(queries)

        before = count()
        for organisation in OrganisationPage.objects.filter(locale=centre.locale).exclude(
            centre_links__centre=centre
        )[:6]:
            CentrePartner.objects.create(
                centre=centre, organisation=organisation, locale=centre.locale
            )
        assert count() == before


class TestSearchAndFilters:
    def test_psychological_support_near_heraklion_open_now(self, client, freeze_now):
        freeze_now(*MONDAY_TEN)
        found, page = titles(client, q="ψυχολογική υποστήριξη", near="Ηράκλειο", open_now="on")
        assert found and all(
            "υποστήριξη" in title.lower() or "Ψυχολογική" in title for title in found
        )
        km = distances(page)
        assert km == sorted(km) and km[0] < 20
        assert "Ηρακλείου" in page[page.index("card__meta") : page.index("card__meta") + 200]

    def test_keywords_without_accents_in_capitals_and_greeklish(self, client):
        for query in ("ψυχολογικη υποστηριξη", "ΨΥΧΟΛΟΓΙΚΗ ΥΠΟΣΤΗΡΙΞΗ", "psychologiki ypostiriksi"):
            found, _ = titles(client, q=query)
            assert "Ψυχολογική υποστήριξη ενηλίκων" in found, query

    def test_a_parent_category_includes_its_children(self, client):
        def total(category):
            _, page = titles(client, category=category)
            return int(re.search(r'id="directory-results" tabindex="-1">(\d+)', page).group(1))

        assert total("health") > total("primary-care") + total("mental-health") - 1
        assert total("mental-health") > 0
        assert total("housing") >= total("shelter") > 0

    def test_filters_combine_and_show_counts(self, client):
        found, page = titles(client, category="legal-aid", language="ar")
        assert found and all(
            t in ("Νομική συμβουλευτική", "Συμβουλευτική για την ενδοοικογενειακή βία")
            for t in found
        )
        assert re.search(
            r'<option value="legal-aid" selected>Νομική βοήθεια \(\d+\)</option>', page
        )

    def test_unknown_filters_are_ignored_with_a_notice(self, client):
        found, page = titles(client, category="no-such", target="nobody")
        assert found
        assert "notice" in page

    @pytest.mark.parametrize(
        "params",
        [
            {"page": "abc"},
            {"page": "-1"},
            {"page": "99999"},
            {"q": "α" * 5000},
            {"near": "\x00"},
            {"q": "%"},
        ],
    )
    def test_bad_input_is_never_an_error(self, client, params):
        assert client.get("/domes/", params).status_code == 200

    def test_nothing_found_gives_help(self, client):
        found, page = titles(client, q="καμηλοπάρδαλη")
        assert found == []
        assert "?" in page and "Καθαρισμός" in page or "Clear" in page or 'href="?"' in page

    def test_english_directory(self, client):
        found, page = titles(client, url="/en/domes/", q="legal advice")
        assert "Legal advice" in found

    def test_query_count_does_not_grow_with_results(self, client):
        def count(params):
            client.get("/domes/", params)
            cache.clear()  # measure the uncached path
            with CaptureQueriesContext(connection) as queries:
                client.get("/domes/", params)
            return len(queries)

        few = count({"category": "addiction"})
        many = count({"category": "health"})
        assert many == few

    @pytest.mark.parametrize(
        ("narrow", "broad"),
        [
            (
                {
                    "q": "ψυχολογική",
                    "category": "mental-health",
                    "near": "Ηράκλειο",
                    "open_now": "on",
                },
                {"q": "κάτοικοι", "near": "Ηράκλειο", "open_now": "on"},
            ),
            (
                {"municipality": "δημος παιονιασ", "category": "health", "near": "61200"},
                {"near": "61200", "within": "100", "page": "2"},
            ),
        ],
    )
    def test_query_count_is_the_same_for_any_result_size(self, client, freeze_now, narrow, broad):
        freeze_now(*MONDAY_TEN)

        def count(params):
            client.get("/domes/", params)
            cache.clear()  # measure the uncached path
            with CaptureQueriesContext(connection) as queries:
                response = client.get("/domes/", params)
            return len(queries), response.context["directory_total"]

        (few_queries, few), (many_queries, many) = count(narrow), count(broad)
        assert 0 < few < many
        assert few_queries == many_queries

    def test_near_keeps_services_within_the_chosen_distance(self, client):
        def total(page):
            return int(re.search(r'id="directory-results" tabindex="-1">(\d+)', page).group(1))

        _, page = titles(client, near="Ηράκλειο")
        assert 0 < max(distances(page)) <= 25
        assert "έως 25 χλμ." in page
        _, chania = titles(client, near="Χανιά", within="100")
        _, wide = titles(client, near="Χανιά", within="50")
        assert total(chania) >= total(wide) > 0
        _, ignored = titles(client, near="Ηράκλειο", within="7")
        assert 'class="notice"' in ignored and total(ignored) == total(page)

    def test_a_shelter_is_found_near_its_town_without_a_distance(self, client):
        shelter = ServicePage.objects.get(slug="shelter-heraklion-1", locale__language_code="el")
        _, page = titles(client, near="Ηράκλειο", q="φιλοξενία")
        card = page[page.index(f'href="{shelter.url}"') :]
        card = card[: card.index("</li>")]
        assert "χλμ." not in card
        _, far = titles(client, near="Ξάνθη", q="φιλοξενία")
        assert f'href="{shelter.url}"' not in far

    def test_counts_are_cached_until_a_service_changes(self, client):
        def total(page):
            return int(re.search(r'id="directory-results" tabindex="-1">(\d+)', page).group(1))

        params = {"category": "legal-aid"}
        _, first = titles(client, **params)
        with CaptureQueriesContext(connection) as cold:
            cache.clear()
            client.get("/domes/", params)
        with CaptureQueriesContext(connection) as warm:
            client.get("/domes/", params)
        assert len(warm) < len(cold)
        service = ServicePage.objects.filter(
            categories__code="legal-aid", locale__language_code="el"
        ).first()
        service.status = ServiceStatus.INACTIVE
        service.save_revision().publish()
        _, after = titles(client, **params)
        assert total(after) == total(first) - 1

    def test_an_online_service_is_near_every_place(self, client):
        from directory import listing

        service = ServicePage.objects.get(slug="ngo-chania-1", locale__language_code="el")
        location = service.service_locations.get().location
        location.kind = LocationKind.VIRTUAL
        location.save()
        listing.rebuild_organisation(location.organisation_id)
        _, page = titles(client, near="Ξάνθη", q=service.title)
        assert f'href="{service.url}"' in page  # found far away, listed after nearby ones
        card = page[page.index(f'href="{service.url}"') :]
        assert "χλμ." not in card[: card.index("</li>")]

    def test_municipality_filter_ignores_accents_and_capitals(self, client):
        def hrefs(page):
            listing = page[page.index('id="directory-results"') :]
            return set(re.findall(r'<h3 class="card__title"><a href="([^"]+)">', listing))

        _, page = titles(client, municipality="ΔΗΜΟΣ ΗΡΑΚΛΕΙΟΥ")
        assert re.search(r'<option value="[^"]+" selected>Δήμος Ηρακλείου \(\d+\)</option>', page)
        heraklion = hrefs(page)
        _, other = titles(client, municipality="Δήμος Χανίων")
        assert heraklion and hrefs(other) and heraklion.isdisjoint(hrefs(other))
        assert all("heraklion" in href for href in heraklion)

    def test_a_temporarily_closed_service_is_never_open_now(self, client, freeze_now):
        freeze_now(*MONDAY_TEN)
        service = ServicePage.objects.get(
            title="Ψυχολογική υποστήριξη ενηλίκων",
            slug__contains="heraklion",
            locale__language_code="el",
        )
        params = {"q": "ψυχολογική", "near": "Ηράκλειο", "open_now": "on"}
        assert f'href="{service.url}"' in client.get("/domes/", params).content.decode()
        service.status = ServiceStatus.TEMPORARILY_CLOSED
        service.save_revision().publish()
        assert f'href="{service.url}"' not in client.get("/domes/", params).content.decode()
        del params["open_now"]
        page = client.get("/domes/", params).content.decode()
        card = page[page.index(f'href="{service.url}"') :]
        assert "Προσωρινά κλειστή" in card[: card.index("</li>")]


class TestConfidentialLocations:
    @pytest.fixture
    def shelter(self):
        location = OrganisationLocation.objects.get(
            organisation__slug="shelter-heraklion", locale__language_code="el"
        )
        assert location.kind == LocationKind.CONFIDENTIAL
        return location

    def secrets(self, shelter):
        return [
            shelter.street_address,
            f"{shelter.latitude:.4f}",
            f"{shelter.longitude:.4f}",
            "Eirinis Street 8",
            "8 Eirinis",
        ]

    def test_address_and_position_appear_in_no_public_output(self, client, shelter):
        organisation = shelter.organisation
        english = organisation.get_translation(
            organisation.locale.__class__.objects.get(language_code="en")
        )
        urls = [
            organisation.url,
            english.url,
            "/domes/",
            "/domes/?near=Ηράκλειο",
            "/en/domes/",
            "/search/?q=Ξενώνας",
            "/sitemap.xml",
            "/api/finder/?q=Ηράκλειο&limit=50",
        ]
        urls += [s.url for s in ServicePage.objects.child_of(organisation)]
        urls += [s.url for s in ServicePage.objects.child_of(english)]
        for url in urls:
            page = client.get(url).content.decode()
            for secret in self.secrets(shelter):
                assert secret not in page, (url, secret)

    def test_front_door_phone_is_shown_instead(self, client, shelter):
        page = client.get(shelter.organisation.url).content.decode()
        assert shelter.front_door_phone in page

    def test_public_accessors_hide_the_address(self, shelter):
        assert shelter.public_address == "" and shelter.public_point is None
        assert shelter.street_address  # kept for the admin


def test_category_paths_follow_moves():
    child = Category.objects.get(code="mental-health", locale__language_code="el")
    new_parent = Category.objects.get(code="family", locale__language_code="el")
    child.parent = new_parent
    child.save()
    assert child.tree_path == "family/mental-health"
